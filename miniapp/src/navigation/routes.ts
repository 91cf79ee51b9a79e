import Taro from '@tarojs/taro'

/** Typed ways to open pages; page paths are written down only here and in app.config.ts. */
export function openCompetition(id: string): Promise<TaroGeneral.CallbackResult> {
  return Taro.navigateTo({ url: `/pages/competition/index?id=${encodeURIComponent(id)}` })
}

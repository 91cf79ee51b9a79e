import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Image, Text, View } from '@tarojs/components'
import { fetchRegistrationPoster, getUnion } from '../../../api/admin'
import { errorMessage } from '../../../api/errors'
import { ALBUM_REFUSED_MESSAGE, keepPoster, offerAlbumSettings } from './posterAlbum'
import { posterFileName, type TPosterUnion } from './view'

type TPoster =
  | { kind: 'closed' }
  | { kind: 'loading' }
  | { kind: 'shown'; image: string; code: string; note: string | null; albumRefused: boolean }
  | { kind: 'failed'; message: string }

const inBrowser = () => process.env.TARO_ENV === 'h5'

/**
 * One union's registration poster for the competition: the mini-program code (drawn by the BFF
 * when opened) with the union's code beside it in large type for those who type it, and the way
 * to keep it — the phone's album, or a download in H5.
 */
function UnionPoster({ union, competition }: { union: TPosterUnion; competition: { id: string; name: string } }) {
  const [poster, setPoster] = useState<TPoster>({ kind: 'closed' })
  const image = poster.kind === 'shown' ? poster.image : null

  // H5's blob: address holds the image in memory until let go.
  useEffect(
    () => () => {
      if (image && inBrowser()) URL.revokeObjectURL(image)
    },
    [image],
  )

  const open = async () => {
    setPoster({ kind: 'loading' })
    try {
      const [entry, drawn] = await Promise.all([getUnion(union.id), fetchRegistrationPoster(union.id, competition.id)])
      setPoster({ kind: 'shown', image: drawn, code: entry.code, note: null, albumRefused: false })
    } catch (error) {
      setPoster({ kind: 'failed', message: errorMessage(error) })
    }
  }

  const keep = async () => {
    if (poster.kind !== 'shown') return
    const shown = poster
    try {
      const outcome = await keepPoster(shown.image, posterFileName(union.name, competition.name))
      if (outcome === 'saved') {
        setPoster({ ...shown, note: inBrowser() ? '海报已开始下载' : '海报已保存到相册', albumRefused: false })
      } else if (outcome === 'album_refused') {
        setPoster({ ...shown, note: null, albumRefused: true })
        if (await offerAlbumSettings()) setPoster({ ...shown, note: '已允许保存到相册，请再点“保存到相册”', albumRefused: false })
      }
    } catch (error) {
      setPoster({ ...shown, note: `保存失败：${errorMessage(error)}` })
    }
  }

  /** The settings page again, from a tap of its own (the dialog may have been dismissed). */
  const reopenSettings = async () => {
    if (poster.kind !== 'shown') return
    const settings = await Taro.openSetting({})
    if (settings.authSetting['scope.writePhotosAlbum'] === true) setPoster({ ...poster, note: '已允许保存到相册，请再点“保存到相册”', albumRefused: false })
  }

  return (
    <View className="audit-poster__union">
      <View className="audit-line">
        <Text className="audit-line__label">工会</Text>
        <Text className="audit-line__value audit-poster__name">{union.name}</Text>
      </View>
      {poster.kind === 'closed' && (
        <Button className="audit__secondary audit-poster__open" onClick={() => void open()}>
          查看报名海报
        </Button>
      )}
      {poster.kind === 'loading' && <View className="audit__hint">正在生成海报…</View>}
      {poster.kind === 'failed' && (
        <View>
          <View className="audit__error">{poster.message}</View>
          <Button className="audit__secondary audit-poster__open" onClick={() => void open()}>
            重试
          </Button>
        </View>
      )}
      {poster.kind === 'shown' && (
        <View className="audit-poster__shown">
          <View className="audit-poster__sheet">
            <Image className="audit-poster__image" src={poster.image} mode="aspectFit" showMenuByLongpress />
            <View className="audit-poster__typed">
              <Text className="audit-poster__code-label">工会代码</Text>
              <Text className="audit-poster__code">{poster.code}</Text>
              <Text className="audit__hint">不便扫码的职工，在报名页输入此代码</Text>
            </View>
          </View>
          <Button className="audit__primary audit-poster__keep" onClick={() => void keep()}>
            {inBrowser() ? '下载海报' : '保存到相册'}
          </Button>
          {poster.albumRefused && (
            <View className="audit-poster__refused">
              <View className="audit__error">{ALBUM_REFUSED_MESSAGE}</View>
              <Button className="audit__secondary audit-poster__settings" onClick={() => void reopenSettings()}>
                打开设置
              </Button>
            </View>
          )}
          {poster.note && <View className="audit__done audit-poster__note">{poster.note}</View>}
        </View>
      )}
    </View>
  )
}

/** 报名海报: the official's own unions' posters for the competition on the desk's home. */
export default function PosterCard({ unions, competition }: { unions: TPosterUnion[]; competition: { id: string; name: string } }) {
  if (unions.length === 0) return null
  return (
    <View className="audit__card audit-poster">
      <View className="audit__heading">报名海报</View>
      <View className="audit__hint">职工扫海报上的小程序码即进入本工会的报名页，工会代码已填好。可保存后打印或转发。</View>
      {unions.map((union) => (
        <UnionPoster key={`${competition.id}|${union.id}`} union={union} competition={competition} />
      ))}
    </View>
  )
}

import Taro from '@tarojs/taro'
import { offerBrowserDownload } from '../../../api/client'

/** How keeping a poster ended: saved (or handed to the browser), the album refused, or the person changed their mind. */
export type TPosterSaved = 'saved' | 'album_refused' | 'cancelled'

export const ALBUM_REFUSED_MESSAGE = '未获得保存到相册的权限。请在设置中允许“保存到相册”后再保存海报。'

function errMsgOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'errMsg' in error) return String(error.errMsg)
  return error instanceof Error ? error.message : String(error)
}

/**
 * Keeps a poster drawn by `fetchRegistrationPoster`: on a phone into the album
 * (wx.saveImageToPhotosAlbum, which asks for the album permission the first time); in H5 as a
 * browser download of the blob. Other failures are thrown.
 */
export function keepPoster(localPath: string, fileName: string): Promise<TPosterSaved> {
  if (process.env.TARO_ENV === 'h5') {
    offerBrowserDownload(localPath, fileName)
    return Promise.resolve('saved')
  }
  return Taro.saveImageToPhotosAlbum({ filePath: localPath }).then(
    (): TPosterSaved => 'saved',
    (error: unknown): TPosterSaved => {
      const message = errMsgOf(error)
      // "fail auth deny", "fail:auth denied", "authorize no response", a privacy refusal: the album is closed to us.
      if (/auth|permission/i.test(message)) return 'album_refused'
      if (/cancel/i.test(message)) return 'cancelled'
      throw error
    },
  )
}

/**
 * After the album was refused: says so, and offers WeChat's settings page (opened from the
 * dialog's button, a tap, as wx.openSetting requires). True when the album is allowed on return.
 */
export function offerAlbumSettings(): Promise<boolean> {
  return Taro.showModal({ title: '无法保存到相册', content: ALBUM_REFUSED_MESSAGE, confirmText: '去设置', cancelText: '暂不' }).then((answer) => {
    if (!answer.confirm) return false
    return Taro.openSetting({}).then((settings) => settings.authSetting['scope.writePhotosAlbum'] === true)
  })
}

import Taro from '@tarojs/taro'
import { UNION_SHEET_CONTENT_TYPE } from '@contest/shared'

/**
 * The directory sheet on the person's device. H5 (a PC): a browser download, and a file chosen
 * with <input type=file>. WeChat: the exported sheet is written to the mini-program's files and
 * opened in WeChat's document viewer, from where it can be forwarded or saved.
 */

export async function saveSheet(bytes: ArrayBuffer, fileName: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const url = URL.createObjectURL(new Blob([bytes], { type: UNION_SHEET_CONTENT_TYPE }))
    const link = document.createElement('a')
    link.href = url
    link.download = fileName
    document.body.appendChild(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
    return
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`
  await new Promise<void>((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({ filePath, data: bytes, success: () => resolve(), fail: reject })
  })
  await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true })
}

/** The bytes of a file chosen in the browser (FileReader: older browsers lack Blob.arrayBuffer). */
export function readChosenFile(file: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => (reader.result instanceof ArrayBuffer ? resolve(reader.result) : reject(new Error('not read as bytes')))
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsArrayBuffer(file)
  })
}

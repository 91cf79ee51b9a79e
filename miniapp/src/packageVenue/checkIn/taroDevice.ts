import Taro from '@tarojs/taro'
import type { TKeyValueStorage } from './venueStore'

/** The phone's side of the scan page: storage, the network's state, the camera. */

export const taroStorage: TKeyValueStorage = {
  read(key) {
    try {
      return Taro.getStorageSync(key)
    } catch {
      return undefined
    }
  },
  write(key, value) {
    Taro.setStorageSync(key, value)
  },
}

/** Whether the phone has any network now (true where the platform cannot tell). */
export function networkAvailable(): Promise<boolean> {
  return Taro.getNetworkType()
    .then((result) => result.networkType !== 'none')
    .catch(() => true)
}

/** Calls `onChange` whenever the network comes or goes; answers how to stop. */
export function watchNetwork(onChange: (online: boolean) => void): () => void {
  const listener = (result: { isConnected: boolean }) => onChange(result.isConnected)
  try {
    Taro.onNetworkStatusChange(listener)
  } catch {
    return () => undefined
  }
  return () => {
    try {
      Taro.offNetworkStatusChange(listener)
    } catch {
      // Nothing to stop.
    }
  }
}

/** The QR code's text from the camera, or null when the staff member cancelled. */
export function scanQrCode(): Promise<string | null> {
  return Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] }).then(
    (result) => result.result,
    () => null,
  )
}

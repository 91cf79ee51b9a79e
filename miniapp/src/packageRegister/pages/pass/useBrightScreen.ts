import { useEffect } from 'react'
import Taro from '@tarojs/taro'

/** A platform call that may be missing, throw, or answer anything but a promise: it never fails past here. */
function settle<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return Promise.resolve(call()).catch(() => null)
  } catch {
    return Promise.resolve(null)
  }
}

/**
 * While the QR code shows (weapp): the screen at full brightness and kept on, so the gate's
 * scanner reads it at once; the person's own brightness comes back when they leave the page.
 */
export function useBrightScreen(showing: boolean): void {
  useEffect(() => {
    if (!showing || process.env.TARO_ENV === 'h5') return
    let left = false
    let previous: number | null = null
    void settle(() => Taro.getScreenBrightness()).then((brightness) => {
      if (left || !brightness) return
      previous = brightness.value
      return settle(() => Taro.setScreenBrightness({ value: 1 }))
    })
    void settle(() => Taro.setKeepScreenOn({ keepScreenOn: true }))
    return () => {
      left = true
      const restore = previous
      if (restore !== null) void settle(() => Taro.setScreenBrightness({ value: restore }))
      void settle(() => Taro.setKeepScreenOn({ keepScreenOn: false }))
    }
  }, [showing])
}

import { useEffect } from 'react'
import Taro from '@tarojs/taro'

const ignore = () => undefined

/**
 * While the QR code shows (weapp): the screen at full brightness and kept on, so the gate's
 * scanner reads it at once; the person's own brightness comes back when they leave the page.
 */
export function useBrightScreen(showing: boolean): void {
  useEffect(() => {
    if (!showing || process.env.TARO_ENV === 'h5' || typeof Taro.setScreenBrightness !== 'function') return
    let left = false
    let previous: number | null = null
    Taro.getScreenBrightness()
      .then(({ value }) => {
        if (left) return
        previous = value
        return Taro.setScreenBrightness({ value: 1 })
      })
      .catch(ignore)
    Taro.setKeepScreenOn({ keepScreenOn: true }).catch(ignore)
    return () => {
      left = true
      if (previous !== null) Taro.setScreenBrightness({ value: previous }).catch(ignore)
      Taro.setKeepScreenOn({ keepScreenOn: false }).catch(ignore)
    }
  }, [showing])
}

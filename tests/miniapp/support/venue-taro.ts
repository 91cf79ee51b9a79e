/**
 * ./taro plus the camera and the network, for the scan page (packageVenue). Use with
 * `jest.mock('@tarojs/taro', () => require('./support/venue-taro'))`; `resetVenueTaro()` in a
 * beforeEach resets everything; `network.change(false)` plays the signal going (and coming back).
 */
import { resetTaroMock, taroMock } from './taro'

export { useDidHide, useDidShow, useReachBottom, useRouter } from './taro'

type TNetworkListener = (result: { isConnected: boolean; networkType: string }) => void

const listeners = new Set<TNetworkListener>()
const state = { connected: true }

export const scanCode = jest.fn()
export const getNetworkType = jest.fn(() => Promise.resolve({ networkType: state.connected ? 'wifi' : 'none', errMsg: 'getNetworkType:ok' }))
export const onNetworkStatusChange = jest.fn((listener: TNetworkListener) => {
  listeners.add(listener)
})
export const offNetworkStatusChange = jest.fn((listener: TNetworkListener) => {
  listeners.delete(listener)
})

export const network = {
  /** Sets the state the page finds when it asks, without telling it. */
  set(connected: boolean) {
    state.connected = connected
  },
  /** The phone reporting the change, as Taro.onNetworkStatusChange does. */
  change(connected: boolean) {
    state.connected = connected
    for (const listener of listeners) listener({ isConnected: connected, networkType: connected ? 'wifi' : 'none' })
  },
}

const venueTaro = Object.assign(taroMock, { scanCode, getNetworkType, onNetworkStatusChange, offNetworkStatusChange })

export function resetVenueTaro(): void {
  resetTaroMock()
  scanCode.mockReset()
  listeners.clear()
  state.connected = true
}

export { venueTaro as taroMock }
export default venueTaro

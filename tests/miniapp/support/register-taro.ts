/**
 * ./taro plus `scanCode`, for the registration pages. Use with
 * `jest.mock('@tarojs/taro', () => require('./support/register-taro'))`; `resetRegisterTaro()`
 * in a beforeEach resets both.
 */
import { resetTaroMock, taroMock } from './taro'

export { useDidHide, useDidShow, useReachBottom, useRouter } from './taro'

export const scanCode = jest.fn()

const registerTaro = Object.assign(taroMock, { scanCode })

export function resetRegisterTaro(): void {
  resetTaroMock()
  scanCode.mockReset()
}

export { registerTaro as taroMock }
export default registerTaro

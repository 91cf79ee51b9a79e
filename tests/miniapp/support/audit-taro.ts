/**
 * ./taro plus what the audit pages also call: the navigation bar title (the committee's desk
 * names itself). Use with `jest.mock('@tarojs/taro', () => require('./support/audit-taro'))`;
 * `resetAuditTaro()` in a beforeEach resets everything.
 */
import { resetTaroMock, taroMock } from './taro'

export { useDidHide, useDidShow, useRouter } from './taro'

export const setNavigationBarTitle = jest.fn((_options: { title: string }) => Promise.resolve({ errMsg: 'setNavigationBarTitle:ok' }))

const auditTaro = Object.assign(taroMock, { setNavigationBarTitle })

export function resetAuditTaro(): void {
  resetTaroMock()
  setNavigationBarTitle.mockClear()
}

export { auditTaro as taroMock }
export default auditTaro

/**
 * Whom to phone (packageAudit/pages/reachability): the desk's workers WeChat cannot send their next
 * message to, with masked phones, a page at a time; a row opens the registration.
 */
import { act, fireEvent, render, screen } from '@testing-library/react'
import type { TUnreachableWorker } from '@contest/shared'
import AuditReachability from '../../miniapp/src/packageAudit/pages/reachability/index'
import { fakeAuditBff, ok, registrationId } from './support/audit-fixtures'
import { resetAuditTaro, taroMock } from './support/audit-taro'
import { COMPETITION_ID, HEXI_UNION_ID } from './support/me'

jest.mock('@tarojs/taro', () => require('./support/audit-taro'))
jest.mock('@tarojs/components', () => require('./support/audit-components'))
jest.mock('../../miniapp/src/packageAudit/audit.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

function worker(n: number, overrides: Partial<TUnreachableWorker> = {}): TUnreachableWorker {
  return {
    registrationId: registrationId(n),
    name: `职工${n}`,
    mobileMasked: `138****${String(1000 + n)}`,
    union: { id: HEXI_UNION_ID, name: '河西区总工会' },
    status: 'submitted',
    nextMessage: '工会审核结果',
    ...overrides,
  }
}

beforeEach(() => {
  resetAuditTaro()
  taroMock.routerParams.current = { desk: 'union', competitionId: COMPETITION_ID }
})

it('lists whom to phone with masked phones, loads more, and a row opens the registration', async () => {
  const sent = fakeAuditBff((request) => {
    if (request.path !== `/audit/union/competitions/${COMPETITION_ID}/reachability`) return undefined
    if (request.query.get('cursor') === registrationId(2)) return ok({ waiting: 9, reachable: 6, unreachable: [worker(3, { status: 'union_approved', nextMessage: '组委会确认结果' })], nextCursor: null })
    return ok({ waiting: 9, reachable: 6, unreachable: [worker(1), worker(2)], nextCursor: registrationId(2) })
  })
  render(<AuditReachability />)

  expect(await screen.findByText('6 / 9 人可收到下一条微信消息')).toBeTruthy()
  expect(screen.getByText('职工1')).toBeTruthy()
  expect(screen.getByText('138****1001')).toBeTruthy()
  expect(screen.getAllByText('待工会审核 · 待接收：工会审核结果')).toHaveLength(2)

  await act(async () => {
    fireEvent.click(screen.getByText('加载更多'))
  })
  expect(screen.getByText('待组委会确认 · 待接收：组委会确认结果')).toBeTruthy()
  expect(screen.queryByText('加载更多')).toBeNull()
  expect(sent.filter((r) => r.path.endsWith('/reachability')).map((r) => r.query.get('cursor'))).toEqual([null, registrationId(2)])

  fireEvent.click(screen.getByText('职工3'))
  expect(taroMock.navigateTo).toHaveBeenLastCalledWith({ url: `/packageAudit/pages/detail/index?desk=union&id=${registrationId(3)}` })
})

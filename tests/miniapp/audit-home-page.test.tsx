/**
 * The audit desk's home (packageAudit/pages/home): the official's unions, the competition, counts
 * by status, by trade × group and by sub-union as bars, and places left per quota.
 */
import { fireEvent, render, screen } from '@testing-library/react'
import AuditHome from '../../miniapp/src/packageAudit/pages/home/index'
import { statusBars } from '../../miniapp/src/packageAudit/pages/home/view'
import { fakeAuditBff, ok, summary } from './support/audit-fixtures'
import { resetAuditTaro, setNavigationBarTitle, taroMock } from './support/audit-taro'
import { COMPETITION_ID, COMPETITION_NAME, committeeGrant, me } from './support/me'

jest.mock('@tarojs/taro', () => require('./support/audit-taro'))
jest.mock('@tarojs/components', () => require('./support/audit-components'))
jest.mock('../../miniapp/src/packageAudit/audit.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const competitions = [{ id: COMPETITION_ID, name: COMPETITION_NAME, registrationClosesAt: '2026-08-31T23:59:59+08:00', waiting: 23 }]
const everyoneReachable = { waiting: 29, reachable: 29, unreachable: [], nextCursor: null }

/** The union desk's BFF: the competition, its dashboard, and `reachable` of its 29 waiting workers reachable. */
function unionDesk(reachable = 29) {
  return fakeAuditBff((request) => {
    if (request.path === '/audit/union/competitions') return ok({ items: competitions })
    if (request.path === `/audit/union/competitions/${COMPETITION_ID}/summary`) return ok(summary())
    if (request.path === `/audit/union/competitions/${COMPETITION_ID}/reachability`) return ok({ ...everyoneReachable, reachable })
    return undefined
  })
}

beforeEach(() => {
  resetAuditTaro()
})

function bars(container: HTMLElement, heading: string): string[] {
  const card = Array.from(container.querySelectorAll('.audit-bars')).find((el) => el.querySelector('.audit__heading')?.textContent === heading)
  return Array.from(card?.querySelectorAll('.audit-bar') ?? []).map((el) => el.textContent ?? '')
}

it('shows the official’s unions, the competition, the dashboard and the places left', async () => {
  unionDesk()
  const { container } = render(<AuditHome />)

  expect(await screen.findByText('按状态')).toBeTruthy()
  expect(container.querySelector('.audit-home__union')?.textContent).toBe('河西区总工会')
  expect(screen.getByText(COMPETITION_NAME)).toBeTruthy()
  expect(screen.getByText('审核报名（23条待处理）')).toBeTruthy()
  expect(bars(container, '按状态')).toEqual(['待工会审核23', '待组委会确认4', '报名成功2', '未通过2', '已撤回0'])
  expect(bars(container, '按工种组别')).toEqual(['焊工 · 职工组24', '数控车工 · 职工组5'])
  expect(bars(container, '按下级工会')).toEqual(['河西区友谊路街道总工会5'])
  // The longest bar fills its line; the others are drawn to scale.
  expect(statusBars(summary()).map((bar) => bar.percent)).toEqual([100, 17, 9, 9, 0])
  const quotas = Array.from(container.querySelectorAll('.audit-quota')).map((el) => el.textContent)
  expect(quotas).toEqual(['焊工 · 职工组河西区总工会名额 5 · 已用 4 · 剩余 1', '数控车工 · 职工组河西区总工会名额 2 · 已用 2 · 剩余 0'])
  expect(container.querySelector('.audit-quota--full')?.textContent).toContain('数控车工')

  fireEvent.click(screen.getByText('审核报名（23条待处理）'))
  expect(taroMock.navigateTo).toHaveBeenLastCalledWith({ url: `/packageAudit/pages/queue/index?desk=union&competitionId=${COMPETITION_ID}` })
  fireEvent.click(screen.getByText('待组委会确认'))
  expect(taroMock.navigateTo).toHaveBeenLastCalledWith({
    url: `/packageAudit/pages/queue/index?desk=union&competitionId=${COMPETITION_ID}&status=union_approved`,
  })
})

it('tells someone who is not an official how to become one, without asking the audit API', async () => {
  const sent = fakeAuditBff(() => undefined, me([], true))
  render(<AuditHome />)

  expect(await screen.findByText('您还不是工会审核员。如已收到邀请，请输入邀请码。')).toBeTruthy()
  expect(sent.map((r) => r.path)).toEqual(['/me'])
})

it('is the committee’s desk with desk=committee', async () => {
  taroMock.routerParams.current = { desk: 'committee' }
  fakeAuditBff((request) => {
    if (request.path === '/audit/committee/competitions') return ok({ items: [{ ...competitions[0], waiting: 4 }] })
    if (request.path === `/audit/committee/competitions/${COMPETITION_ID}/summary`) return ok(summary({ scopeNames: ['大赛组委会'] }))
    if (request.path === `/audit/committee/competitions/${COMPETITION_ID}/reachability`) return ok(everyoneReachable)
    return undefined
  }, me([committeeGrant], true))
  render(<AuditHome />)

  expect(await screen.findByText('确认报名（4条待处理）')).toBeTruthy()
  expect(await screen.findByText('按工会')).toBeTruthy()
  expect(setNavigationBarTitle).toHaveBeenCalledWith({ title: '组委会报名确认' })
})

it('shows how many workers WeChat can send their next message to, and opens the list of those to phone', async () => {
  unionDesk(21)
  render(<AuditHome />)

  expect(await screen.findByText('21 / 29 人可收到下一条微信消息')).toBeTruthy()
  fireEvent.click(screen.getByText('8 人无法推送，查看名单并电话通知 ›'))
  expect(taroMock.navigateTo).toHaveBeenLastCalledWith({ url: `/packageAudit/pages/reachability/index?desk=union&competitionId=${COMPETITION_ID}` })
})

it('offers no list when every worker can be reached', async () => {
  unionDesk()
  const { container } = render(<AuditHome />)

  expect(await screen.findByText('29 / 29 人可收到下一条微信消息')).toBeTruthy()
  expect(container.querySelector('.audit-reach__open')).toBeNull()
})

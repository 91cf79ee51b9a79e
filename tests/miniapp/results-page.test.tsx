/**
 * A competition's public results (packageNotice/pages/results?competitionId=): the summary first
 * (公示中 with its closing date or 已确定, change notes, team standings), then the list of the trade ×
 * group chosen in the picker (the worker's own when the link names it), and an objection lodged by
 * a signed-in worker during the 公示, with the BFF's Chinese refusal shown.
 */
import { fireEvent, render, screen } from '@testing-library/react'
import type { TPublicResultList, TPublicResultRow, TPublicResultsSummary } from '@contest/shared'
import Results from '../../miniapp/src/packageNotice/pages/results/index'
import { fakeAuditBff, ok, refused, type TSentRequest } from './support/audit-fixtures'
import { resetAuditTaro, taroMock } from './support/audit-taro'
import { COMPETITION_ID, COMPETITION_NAME, me } from './support/me'

jest.mock('@tarojs/taro', () => require('./support/audit-taro'))
jest.mock('@tarojs/components', () => require('./support/audit-components'))
jest.mock('../../miniapp/src/packageNotice/pages/results/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const YI = '64b7f0c2a1b2c3d4e5f60c02'
const row = (entryId: string, rank: number | null, name: string, total: string | null, award: 'gold' | 'silver' | null, awardLabel: string | null, groupName = '职工组'): TPublicResultRow => ({
  entryId, rank, name, unionName: '和平区总工会', tradeName: '汽车维修工', groupName, status: rank === null ? 'absent' : 'ranked', total, award, awardLabel, honours: [],
})

function summary(overrides: Partial<TPublicResultsSummary> = {}): TPublicResultsSummary {
  return {
    competitionId: COMPETITION_ID,
    competitionName: COMPETITION_NAME,
    status: 'announced',
    statusLabel: '公示中',
    closingDate: '2026-10-10',
    closesAt: '2026-10-10T16:00:00.000Z',
    finalAt: null,
    version: 2,
    computedAt: '2026-09-29T02:00:00.000Z',
    sections: [
      { tradeCode: 'auto-repair', tradeName: '汽车维修工', groupCode: 'worker', groupName: '职工组', entries: 3 },
      { tradeCode: 'auto-repair', tradeName: '汽车维修工', groupCode: 'student', groupName: '学生组', entries: 1 },
    ],
    teams: [{ tradeCode: 'auto-repair', tradeName: '汽车维修工', standings: [{ rank: 1, unionName: '和平区总工会', total: '182.00' }] }],
    changes: [{ at: '2026-09-30T02:00:00.000Z', note: '丙三 取消成绩（原第2名，银奖）' }],
    changeCount: 1,
    ...overrides,
  }
}

const LISTS: Record<string, TPublicResultRow[]> = {
  worker: [row('64b7f0c2a1b2c3d4e5f60c01', 1, '甲一', '93.50', 'gold', '金奖'), row(YI, 2, '乙二', '88.50', 'silver', '银奖'), row('64b7f0c2a1b2c3d4e5f60c05', null, '戊五', null, null, null)],
  student: [row('64b7f0c2a1b2c3d4e5f60d01', 1, '学一', '90.00', 'gold', '金奖', '学生组')],
}

function list(groupCode: 'worker' | 'student', base = summary()): TPublicResultList {
  const { entries, ...section } = base.sections.find((s) => s.groupCode === groupCode)!
  return { competitionId: COMPETITION_ID, version: base.version, status: base.status, statusLabel: base.statusLabel, ...section, page: 1, pages: 1, entries, rows: LISTS[groupCode]! }
}

const resultsPath = `/public/competitions/${COMPETITION_ID}/results`

/** The summary without a query, a list's (only) page with ?tradeCode=&groupCode=&page=1. */
function resultsPages(request: TSentRequest, base = summary()) {
  if (request.method !== 'GET' || request.path !== resultsPath) return undefined
  const groupCode = request.query.get('groupCode')
  if (groupCode === null) return ok(base)
  const known = request.query.get('tradeCode') === 'auto-repair' && (groupCode === 'worker' || groupCode === 'student') && request.query.get('page') === '1'
  return known ? ok(list(groupCode, base)) : refused(404, 'RESULTS_NOT_FOUND', '该工种组别没有公示的成绩')
}

beforeEach(() => {
  resetAuditTaro()
  taroMock.routerParams.current = { competitionId: COMPETITION_ID }
})

it('loads the summary, then the first trade × group\'s list; the picker loads another', async () => {
  const sent = fakeAuditBff((request) => resultsPages(request), me([], true))
  render(<Results />)

  expect(await screen.findByText('公示中')).toBeTruthy()
  expect(screen.getByText('公示截止：2026-10-10')).toBeTruthy()
  expect(screen.getByText('丙三 取消成绩（原第2名，银奖）')).toBeTruthy()
  expect(screen.getByText('182.00')).toBeTruthy()
  expect(await screen.findByText('甲一')).toBeTruthy()
  expect(screen.getByText('93.50')).toBeTruthy()
  expect(screen.getByText('银奖')).toBeTruthy()
  expect(screen.getByText('缺考')).toBeTruthy()
  expect(screen.queryByText('学一')).toBeNull()
  const lists = () => sent.filter((r) => r.path === resultsPath && r.query.has('groupCode')).map((r) => r.query.toString())
  expect(lists()).toEqual(['tradeCode=auto-repair&groupCode=worker&page=1'])

  fireEvent.change(screen.getByRole('combobox'), { target: { value: '1' } })
  expect(await screen.findByText('学一')).toBeTruthy()
  expect(screen.queryByText('甲一')).toBeNull()
  expect(lists()).toEqual(['tradeCode=auto-repair&groupCode=worker&page=1', 'tradeCode=auto-repair&groupCode=student&page=1'])
  expect(screen.queryByText(/加载更多/)).toBeNull()
})

it('loads a long list a page at a time: 加载更多 appends the next page', async () => {
  const second = [row('64b7f0c2a1b2c3d4e5f60c07', 101, '庚七', '60.00', null, null)]
  const sent = fakeAuditBff((request) => {
    if (request.query.get('page') === '1') return ok({ ...list('worker'), pages: 2, entries: 101 })
    if (request.query.get('page') === '2') return ok({ ...list('worker'), page: 2, pages: 2, entries: 101, rows: second })
    return resultsPages(request)
  }, me([], true))
  render(<Results />)
  expect(await screen.findByText('甲一')).toBeTruthy()
  expect(screen.queryByText('庚七')).toBeNull()

  fireEvent.click(screen.getByText('加载更多（已显示 3 / 101 人）'))
  expect(await screen.findByText('庚七')).toBeTruthy()
  expect(screen.getByText('甲一')).toBeTruthy()
  expect(screen.queryByText(/加载更多/)).toBeNull()
  expect(sent.filter((r) => r.query.get('page') === '2')).toHaveLength(1)
})

it('shows the newest change notes, and all of them on request', async () => {
  const all = Array.from({ length: 60 }, (_, i) => ({ at: '2026-09-30T02:00:00.000Z', note: `选手${i + 1} 名次调整` }))
  fakeAuditBff((request) => {
    if (request.query.get('changes') === 'all') return ok({ competitionId: COMPETITION_ID, version: 2, changes: all })
    return resultsPages(request, summary({ changes: all.slice(-50), changeCount: 60 }))
  }, me([], true))
  render(<Results />)
  expect(await screen.findByText('选手60 名次调整')).toBeTruthy()
  expect(screen.queryByText('选手1 名次调整')).toBeNull()
  fireEvent.click(screen.getByText('共 60 条，查看全部'))
  expect(await screen.findByText('选手1 名次调整')).toBeTruthy()
  expect(screen.queryByText('共 60 条，查看全部')).toBeNull()
})

it('opens on the trade × group the link names (the worker\'s own, from their registration)', async () => {
  taroMock.routerParams.current = { competitionId: COMPETITION_ID, tradeCode: 'auto-repair', groupCode: 'student' }
  fakeAuditBff((request) => resultsPages(request), me([], true))
  render(<Results />)
  expect(await screen.findByText('学一')).toBeTruthy()
  expect((screen.getByRole('combobox') as HTMLSelectElement).value).toBe('1')
  expect(screen.queryByText('甲一')).toBeNull()
})

it('says the results are final, and offers no objection then', async () => {
  fakeAuditBff((request) => resultsPages(request, summary({ status: 'final', statusLabel: '已确定', finalAt: '2026-10-11T02:00:00.000Z' })), me([], true))
  render(<Results />)
  expect(await screen.findByText('已确定')).toBeTruthy()
  expect(screen.getByText('公示期满，成绩已确定')).toBeTruthy()
  expect(await screen.findByText('甲一')).toBeTruthy()
  expect(screen.queryByText('异议')).toBeNull()
})

it('sends a signed-in worker\'s objection with reason and contact', async () => {
  const sent = fakeAuditBff((request) => {
    if (request.method === 'POST' && request.path === `/me/results/${COMPETITION_ID}/objections`) {
      return ok({ id: '64b7f0c2a1b2c3d4e5f60e01', competitionId: COMPETITION_ID, registrationId: YI, name: '乙二', reason: 'r', contact: 'c', at: '2026-09-30T02:00:00.000Z', answer: null, answeredAt: null, disqualified: false, version: 0 })
    }
    return resultsPages(request)
  }, me([], true))
  render(<Results />)
  await screen.findByText('乙二')
  fireEvent.click(screen.getAllByText('异议')[1]!)
  expect(screen.getByText('对 乙二 的成绩提出异议')).toBeTruthy()
  fireEvent.change(screen.getByPlaceholderText('异议理由'), { target: { value: '实操作品非本人完成' } })
  fireEvent.change(screen.getByPlaceholderText('联系方式'), { target: { value: '13800000000' } })
  fireEvent.click(screen.getByText('提交异议'))

  expect(await screen.findByText('已提交对 乙二 成绩的异议，组委会将予以答复')).toBeTruthy()
  const posted = sent.find((r) => r.method === 'POST')
  expect(posted?.body).toEqual({ registrationId: YI, reason: '实操作品非本人完成', contact: '13800000000' })
})

it('shows the BFF\'s Chinese refusal, e.g. after the closing date', async () => {
  fakeAuditBff((request) => {
    if (request.method === 'POST') return refused(409, 'OBJECTION_PERIOD_OVER', '公示期已于 2026-10-10 结束，不能再提出异议')
    return resultsPages(request)
  }, me([], true))
  render(<Results />)
  await screen.findByText('乙二')
  fireEvent.click(screen.getAllByText('异议')[0]!)
  fireEvent.change(screen.getByPlaceholderText('异议理由'), { target: { value: '理由' } })
  fireEvent.change(screen.getByPlaceholderText('联系方式'), { target: { value: '13800000000' } })
  fireEvent.click(screen.getByText('提交异议'))
  expect(await screen.findByText('公示期已于 2026-10-10 结束，不能再提出异议')).toBeTruthy()
})

it('links to the certificate check from its foot', async () => {
  fakeAuditBff((request) => resultsPages(request, summary({ status: 'final', statusLabel: '已确定', finalAt: '2026-10-11T02:00:00.000Z' })), me([], true))
  render(<Results />)
  fireEvent.click(await screen.findByText('验证证书'))
  expect(taroMock.navigateTo).toHaveBeenLastCalledWith({ url: '/packageNotice/pages/verify/index' })
})

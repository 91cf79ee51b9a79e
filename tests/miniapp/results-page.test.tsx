/**
 * A competition's public results (packageNotice/pages/results?competitionId=): the list per trade ×
 * group, 公示中 with its closing date or 已确定, change notes and team standings, and an objection
 * lodged by a signed-in worker during the 公示, with the BFF's Chinese refusal shown.
 */
import { fireEvent, render, screen } from '@testing-library/react'
import type { TPublicResults } from '@contest/shared'
import Results from '../../miniapp/src/packageNotice/pages/results/index'
import { fakeAuditBff, ok, refused } from './support/audit-fixtures'
import { resetAuditTaro, taroMock } from './support/audit-taro'
import { COMPETITION_ID, COMPETITION_NAME, me } from './support/me'

jest.mock('@tarojs/taro', () => require('./support/audit-taro'))
jest.mock('@tarojs/components', () => require('./support/audit-components'))
jest.mock('../../miniapp/src/packageNotice/pages/results/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const YI = '64b7f0c2a1b2c3d4e5f60c02'
const row = (entryId: string, rank: number | null, name: string, total: string | null, award: 'gold' | 'silver' | null, awardLabel: string | null, groupName = '职工组') => ({
  entryId, rank, name, unionName: '和平区总工会', tradeName: '汽车维修工', groupName, status: rank === null ? ('absent' as const) : ('ranked' as const), total, award, awardLabel, honours: [],
})

function results(overrides: Partial<TPublicResults> = {}): TPublicResults {
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
    groups: [
      { tradeCode: 'auto-repair', tradeName: '汽车维修工', groupCode: 'worker', groupName: '职工组', rows: [row('64b7f0c2a1b2c3d4e5f60c01', 1, '甲一', '93.50', 'gold', '金奖'), row(YI, 2, '乙二', '88.50', 'silver', '银奖'), row('64b7f0c2a1b2c3d4e5f60c05', null, '戊五', null, null, null)] },
      { tradeCode: 'auto-repair', tradeName: '汽车维修工', groupCode: 'student', groupName: '学生组', rows: [row('64b7f0c2a1b2c3d4e5f60d01', 1, '学一', '90.00', 'gold', '金奖', '学生组')] },
    ],
    teams: [{ tradeCode: 'auto-repair', tradeName: '汽车维修工', standings: [{ rank: 1, unionName: '和平区总工会', total: '182.00' }] }],
    changes: [{ at: '2026-09-30T02:00:00.000Z', note: '丙三 取消成绩（原第2名，银奖）' }],
    ...overrides,
  }
}

beforeEach(() => {
  resetAuditTaro()
  taroMock.routerParams.current = { competitionId: COMPETITION_ID }
})

const resultsPath = `/public/competitions/${COMPETITION_ID}/results`

it('lists ranks and awards per trade × group, the 公示 with its closing date, the change notes and team standings', async () => {
  fakeAuditBff((request) => (request.path === resultsPath ? ok(results()) : undefined), me([], true))
  render(<Results />)

  expect(await screen.findByText('公示中')).toBeTruthy()
  expect(screen.getByText('公示截止：2026-10-10')).toBeTruthy()
  expect(screen.getByText('甲一')).toBeTruthy()
  expect(screen.getByText('93.50')).toBeTruthy()
  expect(screen.getByText('银奖')).toBeTruthy()
  expect(screen.getByText('缺考')).toBeTruthy()
  expect(screen.queryByText('学一')).toBeNull()
  expect(screen.getByText('丙三 取消成绩（原第2名，银奖）')).toBeTruthy()
  expect(screen.getByText('182.00')).toBeTruthy()

  fireEvent.click(screen.getByText('汽车维修工 · 学生组'))
  expect(screen.getByText('学一')).toBeTruthy()
  expect(screen.queryByText('甲一')).toBeNull()
})

it('says the results are final, and offers no objection then', async () => {
  fakeAuditBff((request) => (request.path === resultsPath ? ok(results({ status: 'final', statusLabel: '已确定', finalAt: '2026-10-11T02:00:00.000Z' })) : undefined), me([], true))
  render(<Results />)
  expect(await screen.findByText('已确定')).toBeTruthy()
  expect(screen.getByText('公示期满，成绩已确定')).toBeTruthy()
  expect(screen.queryByText('异议')).toBeNull()
})

it('sends a signed-in worker\'s objection with reason and contact', async () => {
  const sent = fakeAuditBff((request) => {
    if (request.path === resultsPath) return ok(results())
    if (request.method === 'POST' && request.path === `/me/results/${COMPETITION_ID}/objections`) {
      return ok({ id: '64b7f0c2a1b2c3d4e5f60e01', competitionId: COMPETITION_ID, registrationId: YI, name: '乙二', reason: 'r', contact: 'c', at: '2026-09-30T02:00:00.000Z', answer: null, answeredAt: null, disqualified: false, version: 0 })
    }
    return undefined
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
    if (request.path === resultsPath) return ok(results())
    if (request.method === 'POST') return refused(409, 'OBJECTION_PERIOD_OVER', '公示期已于 2026-10-10 结束，不能再提出异议')
    return undefined
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
  fakeAuditBff((request) => (request.path === resultsPath ? ok(results({ status: 'final', statusLabel: '已确定', finalAt: '2026-10-11T02:00:00.000Z' })) : undefined), me([], true))
  render(<Results />)
  fireEvent.click(await screen.findByText('验证证书'))
  expect(taroMock.navigateTo).toHaveBeenLastCalledWith({ url: '/packageNotice/pages/verify/index' })
})

/**
 * 成绩公示 (packageCommittee/pages/results): before it opens, 发布公示 with the competition's working
 * days (asked first); while it runs, the closing date, 结束公示 disabled until that date has passed,
 * the objections with their status, an answer that takes a result out (confirmed first) and the
 * change notes after; once closed, 已定稿 and the certificates among the exports.
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { AppError, type TObjection, type TResultsAnnouncementState } from '@contest/shared'
import { getMe } from '../../miniapp/src/api/account'
import { listSetupCompetitions } from '../../miniapp/src/api/admin'
import { answerObjection, closeAnnouncement, getAnnouncement, listObjections, openAnnouncement, saveResultsExport } from '../../miniapp/src/api/adminResults'
import { getPublicResultsSummary } from '../../miniapp/src/api/results'
import Results from '../../miniapp/src/packageCommittee/pages/results/index'
import { competitionSetupView } from '../support/competitionSetup'
import { haiheCup } from './support/fixtures'
import { committeeGrant, me } from './support/me'
import { resetTaroMock, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))
jest.mock('@tarojs/components', () => require('./support/audit-components'))
jest.mock('../../miniapp/src/api/account', () => ({ getMe: jest.fn(), acceptPrivacyNotice: jest.fn() }))
jest.mock('../../miniapp/src/api/admin', () => ({ listSetupCompetitions: jest.fn() }))
jest.mock('../../miniapp/src/api/adminResults', () => ({
  ...jest.requireActual('../../miniapp/src/api/adminResults'),
  getAnnouncement: jest.fn(),
  openAnnouncement: jest.fn(),
  closeAnnouncement: jest.fn(),
  listObjections: jest.fn(),
  answerObjection: jest.fn(),
  saveResultsExport: jest.fn(),
}))
jest.mock('../../miniapp/src/api/results', () => ({ getPublicResultsSummary: jest.fn() }))
jest.mock('../../miniapp/src/api/client', () => ({
  isSessionLost: (error: unknown) => error instanceof AppError && error.code === 'UNAUTHENTICATED',
}))
jest.mock('../../miniapp/src/packageCommittee/committee.scss', () => ({}))
jest.mock('../../miniapp/src/packageCommittee/pages/results/index.scss', () => ({}))
jest.mock('../../miniapp/src/packageCommittee/pages/competitions/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const competition = competitionSetupView(haiheCup)
const withSevenDays = { ...competition, results: { ...competition.results, announcementWorkingDays: 7 } }
const DAY = 24 * 60 * 60 * 1000

function announcement(overrides: Partial<TResultsAnnouncementState> = {}): TResultsAnnouncementState {
  return {
    competitionId: competition.id,
    status: 'announced',
    openedAt: '2026-09-28T02:00:00.000Z',
    closingDate: '2026-10-10',
    closesAt: new Date(Date.now() + 3 * DAY).toISOString(),
    finalAt: null,
    snapshotVersion: 1,
    workingDays: 5,
    notified: 4,
    ...overrides,
  }
}

const objection: TObjection = {
  id: '64b7f0c2a1b2c3d4e5f60f01',
  competitionId: competition.id,
  registrationId: '64b7f0c2a1b2c3d4e5f60e01',
  name: '甲一',
  reason: '该选手实操作品非本人完成',
  contact: '13800000000',
  at: '2026-09-29T01:00:00.000Z',
  answer: null,
  answeredAt: null,
  disqualified: false,
  version: 0,
}
const published = (changes: { at: string; note: string }[] = [], changeCount = changes.length) => ({ changes, changeCount }) as unknown as Awaited<ReturnType<typeof getPublicResultsSummary>>

beforeEach(() => {
  jest.clearAllMocks()
  resetTaroMock()
  taroMock.routerParams.current = { competitionId: competition.id }
  jest.mocked(getMe).mockResolvedValue(me([committeeGrant], true))
  jest.mocked(listSetupCompetitions).mockResolvedValue([withSevenDays])
  jest.mocked(getAnnouncement).mockResolvedValue(announcement())
  jest.mocked(listObjections).mockResolvedValue([objection])
  jest.mocked(getPublicResultsSummary).mockResolvedValue(published())
})

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement

it('before the 公示: 发布公示 says how many working days, asks first, and then shows the closing date', async () => {
  jest.mocked(getAnnouncement).mockRejectedValueOnce(new AppError('RESULTS_NOT_FOUND'))
  jest.mocked(openAnnouncement).mockResolvedValue(announcement())
  render(<Results />)
  expect(await screen.findByText(/公开 7 个工作日/)).toBeTruthy()
  await act(async () => {
    fireEvent.click(button('发布公示'))
  })
  expect(taroMock.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '发布公示', content: expect.stringContaining('7 个工作日') }))
  expect(openAnnouncement).toHaveBeenCalledWith(competition.id)
  expect(await screen.findByText('公示期至 2026-10-10（含当日，按法定工作日计算，节假日顺延）')).toBeTruthy()
  expect(screen.getByText('公示中')).toBeTruthy()
})

it('shows the BFF\'s refusal to open in its words, and opens nothing when the person says no', async () => {
  jest.mocked(getAnnouncement).mockRejectedValue(new AppError('RESULTS_NOT_FOUND'))
  jest.mocked(openAnnouncement).mockRejectedValue(new AppError('RESULTS_ANNOUNCEMENT_REFUSED', '还有 1 名已签到的考生没有录入成绩（或缺考标记），请录入后再发布公示'))
  render(<Results />)
  await screen.findByText(/公开 7 个工作日/)
  taroMock.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
  await act(async () => {
    fireEvent.click(button('发布公示'))
  })
  expect(openAnnouncement).not.toHaveBeenCalled()
  await act(async () => {
    fireEvent.click(button('发布公示'))
  })
  expect(await screen.findByText('还有 1 名已签到的考生没有录入成绩（或缺考标记），请录入后再发布公示')).toBeTruthy()
})

it('while it runs: 结束公示 is disabled until the closing date has passed, with the date shown', async () => {
  render(<Results />)
  expect(await screen.findByText('公示期满（2026-10-10 之后）才能结束公示')).toBeTruthy()
  expect(button('结束公示').disabled).toBe(true)
  expect(screen.getByText('已通知 4 人')).toBeTruthy()
})

it('answers an objection by taking the result out (confirmed first), then lists it answered with the change note', async () => {
  render(<Results />)
  const row = (await screen.findByText(/对 甲一 成绩的异议/)).closest('.objection-row') as HTMLElement
  expect(within(row).getByText('待答复')).toBeTruthy()
  expect(within(row).getByText('联系方式：13800000000')).toBeTruthy()
  fireEvent.click(within(row).getByRole('button', { name: '答复' }))
  // An empty answer is refused by the shared schema before anything is sent.
  await act(async () => {
    fireEvent.click(button('提交答复'))
  })
  expect(screen.getByText('请填写答复')).toBeTruthy()
  expect(answerObjection).not.toHaveBeenCalled()

  fireEvent.change(row.querySelector('.objection-answer__text')!, { target: { value: '经核实异议属实，取消其成绩' } })
  fireEvent.click(within(row).getByText('取消该成绩'))
  const answered = { ...objection, answer: '经核实异议属实，取消其成绩', answeredAt: '2026-09-30T02:00:00.000Z', disqualified: true, version: 1 }
  jest.mocked(answerObjection).mockResolvedValue(answered)
  jest.mocked(listObjections).mockResolvedValue([answered])
  jest.mocked(getPublicResultsSummary).mockResolvedValue(published([{ at: '2026-09-30T02:00:00.000Z', note: '汽车维修工（职工组）：取消甲一的成绩；乙二递补为第 1 名（金奖）' }]))
  await act(async () => {
    fireEvent.click(button('提交答复'))
  })
  expect(taroMock.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '取消成绩', content: expect.stringContaining('将取消 甲一 的成绩') }))
  expect(answerObjection).toHaveBeenCalledWith(competition.id, objection.id, { answer: '经核实异议属实，取消其成绩', disqualify: true, version: 0 })
  expect(await screen.findByText('汽车维修工（职工组）：取消甲一的成绩；乙二递补为第 1 名（金奖）')).toBeTruthy()
  expect(screen.getByText('已答复，取消成绩')).toBeTruthy()
  expect(screen.queryByRole('button', { name: '答复' })).toBeNull()
})

it('after the closing date: 结束公示 (asked first) makes it 已定稿, and the certificates join the exports', async () => {
  jest.mocked(getAnnouncement).mockResolvedValue(announcement({ closesAt: new Date(Date.now() - DAY).toISOString() }))
  jest.mocked(listObjections).mockResolvedValue([{ ...objection, answer: '异议不成立', answeredAt: '2026-09-30T02:00:00.000Z', version: 1 }])
  render(<Results />)
  await screen.findByText('已答复')
  expect(screen.queryByRole('button', { name: '荣誉证书（PDF）' })).toBeNull()
  const final = announcement({ status: 'final', closesAt: new Date(Date.now() - DAY).toISOString(), finalAt: '2026-10-11T02:00:00.000Z' })
  jest.mocked(closeAnnouncement).mockResolvedValue(final)
  jest.mocked(getAnnouncement).mockResolvedValue(final)
  expect(button('结束公示').disabled).toBe(false)
  await act(async () => {
    fireEvent.click(button('结束公示'))
  })
  expect(taroMock.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '结束公示' }))
  expect(closeAnnouncement).toHaveBeenCalledWith(competition.id)
  expect(await screen.findByText('已定稿')).toBeTruthy()
  expect(screen.getByText(/结束公示，成绩已定稿/)).toBeTruthy()
  expect(screen.queryByRole('button', { name: '结束公示' })).toBeNull()
  await act(async () => {
    fireEvent.click(button('荣誉证书（PDF）'))
  })
  expect(saveResultsExport).toHaveBeenCalledWith(competition.id, 'certificates')
})

it('shows the BFF\'s refusal to close (an objection still open) in its words', async () => {
  jest.mocked(getAnnouncement).mockResolvedValue(announcement({ closesAt: new Date(Date.now() - DAY).toISOString() }))
  jest.mocked(closeAnnouncement).mockRejectedValue(new AppError('RESULTS_CLOSE_REFUSED', '还有 1 条异议没有答复，答复后才能结束公示'))
  render(<Results />)
  expect(await screen.findByText('还有 1 条异议待答复')).toBeTruthy()
  await act(async () => {
    fireEvent.click(button('结束公示'))
  })
  expect(await screen.findByText('还有 1 条异议没有答复，答复后才能结束公示')).toBeTruthy()
})

/**
 * 成绩录入 (packageCommittee/pages/scores): the committee lists a trade × group's scores page by
 * page, enters or corrects one (on the version seen; a stale version shows 已被他人修改 and loads
 * the newest values), marks 缺考, reads a score's history, and imports a trade's sheet (the answer,
 * or each bad row the BFF named).
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { AppError, type TScore, type TScoreHistory } from '@contest/shared'
import { getMe } from '../../miniapp/src/api/account'
import { listSetupCompetitions } from '../../miniapp/src/api/admin'
import { importScores, listScores, scoreHistory, setScore } from '../../miniapp/src/api/scores'
import Scores from '../../miniapp/src/packageCommittee/pages/scores/index'
import { competitionSetupView } from '../support/competitionSetup'
import { haiheCup } from './support/fixtures'
import { committeeGrant, me, officialGrant } from './support/me'
import { resetTaroMock, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))
jest.mock('@tarojs/components', () => require('./support/audit-components'))
jest.mock('../../miniapp/src/api/account', () => ({ getMe: jest.fn(), acceptPrivacyNotice: jest.fn() }))
jest.mock('../../miniapp/src/api/admin', () => ({ listSetupCompetitions: jest.fn() }))
jest.mock('../../miniapp/src/api/scores', () => ({ listScores: jest.fn(), setScore: jest.fn(), scoreHistory: jest.fn(), importScores: jest.fn() }))
jest.mock('../../miniapp/src/api/client', () => ({
  isSessionLost: (error: unknown) => error instanceof AppError && error.code === 'UNAUTHENTICATED',
}))
jest.mock('../../miniapp/src/packageCommittee/committee.scss', () => ({}))
jest.mock('../../miniapp/src/packageCommittee/pages/scores/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const competition = competitionSetupView(haiheCup)
const SHEET_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const env = process.env.TARO_ENV

function score(overrides: Partial<TScore>): TScore {
  return {
    passNumber: '00000018',
    registrationId: '64b7f0c2a1b2c3d4e5f60e01',
    name: '李娜',
    tradeCode: 'cnc-lathe',
    groupCode: 'worker',
    theory: 85.5,
    practical: 90,
    absent: false,
    remarks: '',
    version: 3,
    updatedAt: '2027-09-21T10:30:00+08:00',
    updatedBy: '64b7f0c2a1b2c3d4e5f60a01',
    ...overrides,
  }
}

const lina = score({})
const wang = score({ passNumber: '00000019', registrationId: '64b7f0c2a1b2c3d4e5f60e02', name: '王强', theory: null, practical: null, absent: true, remarks: '未到场', version: 1 })

beforeEach(() => {
  jest.clearAllMocks()
  resetTaroMock()
  process.env.TARO_ENV = 'h5'
  taroMock.routerParams.current = { competitionId: competition.id }
  jest.mocked(getMe).mockResolvedValue(me([committeeGrant], true))
  jest.mocked(listSetupCompetitions).mockResolvedValue([competition])
  jest.mocked(listScores).mockResolvedValue({ items: [lina, wang], nextCursor: null })
})

afterEach(() => {
  process.env.TARO_ENV = env
})

function row(title: string): HTMLElement {
  return screen.getByText(title).closest('.score-row') as HTMLElement
}

function type(placeholder: string, value: string) {
  fireEvent.change(screen.getByPlaceholderText(placeholder), { target: { value } })
}

async function click(text: string, within_: HTMLElement | null = null) {
  await act(async () => {
    fireEvent.click(within_ ? within(within_).getByText(text) : screen.getByText(text))
  })
}

it('lists the first trade × group page by page with theory, practical, 缺考 and remarks; another chip lists its own', async () => {
  jest.mocked(listScores).mockResolvedValueOnce({ items: [lina], nextCursor: '00000018' }).mockResolvedValueOnce({ items: [wang], nextCursor: null })
  render(<Scores />)
  expect(within(await screen.findByText('00000018 李娜').then((el) => el.closest('.score-row') as HTMLElement)).getByText('理论 85.5 · 实操 90')).toBeTruthy()
  expect(listScores).toHaveBeenCalledWith(competition.id, { tradeCode: 'cnc-lathe', groupCode: 'worker', limit: 50 })
  expect(screen.queryByText('00000019 王强')).toBeNull()

  await click('加载更多')
  expect(listScores).toHaveBeenLastCalledWith(competition.id, { tradeCode: 'cnc-lathe', groupCode: 'worker', limit: 50, cursor: '00000018' })
  expect(within(row('00000019 王强')).getByText('缺考（备注：未到场）')).toBeTruthy()
  expect(screen.getByText('00000018 李娜')).toBeTruthy()
  expect(screen.queryByText('加载更多')).toBeNull()

  jest.mocked(listScores).mockResolvedValue({ items: [], nextCursor: null })
  await click('焊工（学生组）')
  expect(listScores).toHaveBeenLastCalledWith(competition.id, { tradeCode: 'welder', groupCode: 'student', limit: 50 })
  expect(await screen.findByText('还没有成绩')).toBeTruthy()
})

it('corrects a score on the version seen, showing field problems in Chinese first', async () => {
  jest.mocked(setScore).mockResolvedValue(score({ practical: 92, remarks: '复核更正', version: 4 }))
  render(<Scores />)
  await click('更正', await screen.findByText('00000018 李娜').then((el) => el.closest('.score-row') as HTMLElement))
  expect(screen.getByText('更正成绩（第 3 版）')).toBeTruthy()

  type('例如 90', 'abc')
  await click('保存成绩')
  expect(screen.getByText('实操成绩应为数字')).toBeTruthy()
  expect(setScore).not.toHaveBeenCalled()

  jest.mocked(setScore).mockRejectedValueOnce(
    new AppError('VALIDATION_FAILED', '实操成绩 120 超出 0–100 的范围', [{ path: 'practical', message: '实操成绩 120 超出 0–100 的范围' }]),
  )
  type('例如 90', '120')
  await click('保存成绩')
  expect(screen.getAllByText('实操成绩 120 超出 0–100 的范围').length).toBeGreaterThan(0)
  expect(document.querySelector('.score-editor .committee__error')?.textContent).toBe('实操成绩 120 超出 0–100 的范围')

  type('例如 90', '92')
  type('例如 复核后更正', '复核更正')
  await click('保存成绩')
  expect(setScore).toHaveBeenLastCalledWith(competition.id, '00000018', { theory: 85.5, practical: 92, remarks: '复核更正', version: 3 })
  expect(screen.getByText('已保存 00000018 李娜 的成绩（第 4 版）')).toBeTruthy()
  expect(listScores).toHaveBeenCalledTimes(2)
})

it('enters a new score as 缺考 with version 0 and neither score', async () => {
  jest.mocked(setScore).mockResolvedValue(score({ passNumber: '00000020', name: '赵敏', theory: null, practical: null, absent: true, version: 1 }))
  render(<Scores />)
  await screen.findByText('00000018 李娜')
  await click('录入一个成绩')
  type('8 位准考证号', '123')
  await click('缺考', document.querySelector('.score-editor') as HTMLElement)
  await click('保存成绩')
  expect(screen.getByText('请填写 8 位准考证号')).toBeTruthy()
  expect(setScore).not.toHaveBeenCalled()

  type('8 位准考证号', '00000020')
  await click('保存成绩')
  expect(setScore).toHaveBeenCalledWith(competition.id, '00000020', { absent: true, remarks: '', version: 0 })
  // Emptied for the next contestant.
  expect((screen.getByPlaceholderText('8 位准考证号') as HTMLInputElement).value).toBe('')
})

it('a stale version shows 已被他人修改 and loads the newest values, which the next save names', async () => {
  jest.mocked(setScore).mockRejectedValueOnce(new AppError('CONFLICT', '该成绩已被他人修改，请刷新后核对', undefined, { status: 'scored', version: 4 }))
  const history: TScoreHistory = {
    passNumber: '00000018',
    changes: [
      {
        version: 4,
        at: '2027-09-21T11:00:00+08:00',
        by: '64b7f0c2a1b2c3d4e5f60a02',
        via: 'manual',
        sheetHash: null,
        before: { theory: 85.5, practical: 90, absent: false, remarks: '' },
        after: { theory: 86, practical: 91, absent: false, remarks: '他人更正' },
      },
    ],
  }
  jest.mocked(scoreHistory).mockResolvedValue(history)
  render(<Scores />)
  await click('更正', await screen.findByText('00000018 李娜').then((el) => el.closest('.score-row') as HTMLElement))
  type('例如 90', '95')
  await click('保存成绩')

  expect(screen.getByText(/已被他人修改/).textContent).toBe('该成绩已被他人修改，已载入最新成绩（第 4 版），请核对后再保存')
  expect(scoreHistory).toHaveBeenCalledWith(competition.id, '00000018')
  expect((screen.getByPlaceholderText('例如 90') as HTMLInputElement).value).toBe('91')
  expect(screen.getByText('更正成绩（第 4 版）')).toBeTruthy()
  expect(listScores).toHaveBeenCalledTimes(2)

  jest.mocked(setScore).mockResolvedValue(score({ theory: 86, practical: 91, remarks: '他人更正', version: 4 }))
  await click('保存成绩')
  expect(setScore).toHaveBeenLastCalledWith(competition.id, '00000018', { theory: 86, practical: 91, remarks: '他人更正', version: 4 })
})

it("shows a score's history: who, when, import or by hand, before → after", async () => {
  jest.mocked(scoreHistory).mockResolvedValue({
    passNumber: '00000018',
    changes: [
      {
        version: 2,
        at: '2027-09-21T10:30:00+08:00',
        by: 'u-committee-2',
        via: 'manual',
        sheetHash: null,
        before: { theory: 80, practical: 90, absent: false, remarks: '' },
        after: { theory: 85.5, practical: 90, absent: false, remarks: '复核' },
      },
      {
        version: 1,
        at: '2027-09-20T18:05:00+08:00',
        by: 'u-committee-1',
        via: 'import',
        sheetHash: 'ab'.repeat(32),
        before: null,
        after: { theory: 80, practical: 90, absent: false, remarks: '' },
      },
    ],
  })
  render(<Scores />)
  await click('修改记录', await screen.findByText('00000018 李娜').then((el) => el.closest('.score-row') as HTMLElement))
  expect(scoreHistory).toHaveBeenCalledWith(competition.id, '00000018')
  const changes = Array.from(row('00000018 李娜').querySelectorAll('.score-history__change')).map((el) => el.textContent)
  expect(changes).toEqual([
    '第 2 版 · 2027年9月21日 10:30 · u-committee-2 · 手工录入理论 80 · 实操 90 → 理论 85.5 · 实操 90（备注：复核）',
    '第 1 版 · 2027年9月20日 18:05 · u-committee-1 · 导入成绩表（无成绩） → 理论 80 · 实操 90',
  ])
  await click('收起记录', row('00000018 李娜'))
  expect(document.querySelector('.score-history')).toBeNull()
})

async function chooseFile(container: HTMLElement, file: File) {
  const input = container.querySelector('input[type="file"]') as HTMLInputElement
  await act(async () => {
    fireEvent.change(input, { target: { files: [file] } })
    // FileReader answers on a later turn.
    await new Promise((resolve) => setTimeout(resolve, 20))
  })
}

it('imports the chosen trade’s sheet as its bytes and shows what changed', async () => {
  jest.mocked(importScores).mockResolvedValue({ created: 12, changed: 2, unchanged: 30 })
  const { container } = render(<Scores />)
  await screen.findByText('00000018 李娜')
  await click('装配钳工（职工组）')
  await chooseFile(container, new File([new Uint8Array([80, 75, 3, 4])], '装配钳工成绩.xlsx', { type: SHEET_TYPE }))
  expect(importScores).toHaveBeenCalledWith(competition.id, 'fitter', expect.any(ArrayBuffer))
  expect([...new Uint8Array(jest.mocked(importScores).mock.calls[0]![2])]).toEqual([80, 75, 3, 4])
  expect(screen.getByText('导入完成：新录入 12 人，修改 2 人，30 人成绩不变')).toBeTruthy()
})

it('an import refused shows the BFF’s message and each bad row', async () => {
  jest.mocked(importScores).mockRejectedValue(
    new AppError('SCORE_IMPORT_INVALID', '成绩表有 2 行有误，未录入任何成绩，请修改后重新导入', [
      { path: 'row 3', message: '第3行：准考证号 00000099 不是本赛事的考生' },
      { path: 'row 5', message: '第5行：实操成绩 101 超出 0–100 的范围；与第4行重复' },
    ]),
  )
  const { container } = render(<Scores />)
  await screen.findByText('00000018 李娜')
  await chooseFile(container, new File([new Uint8Array([1, 2, 3])], 'scores.xlsx', { type: SHEET_TYPE }))
  expect(importScores).toHaveBeenCalledWith(competition.id, 'cnc-lathe', expect.any(ArrayBuffer))
  expect(screen.getByText('成绩表有 2 行有误，未录入任何成绩，请修改后重新导入')).toBeTruthy()
  expect(Array.from(document.querySelectorAll('.score-import__bad-row')).map((el) => el.textContent)).toEqual([
    '第3行：准考证号 00000099 不是本赛事的考生',
    '第5行：实操成绩 101 超出 0–100 的范围；与第4行重复',
  ])

  await chooseFile(container, new File(['a,b'], 'scores.csv', { type: 'text/csv' }))
  expect(screen.getByText('请选择 Excel（.xlsx）格式的成绩表')).toBeTruthy()
  expect(importScores).toHaveBeenCalledTimes(1)
})

it('on the phone, picks the sheet from a WeChat chat and sends its bytes', async () => {
  process.env.TARO_ENV = 'weapp'
  const bytes = new Uint8Array([80, 75, 5, 6]).buffer
  const readFileSync = jest.fn(() => bytes)
  const chooseMessageFile = jest.fn(() => Promise.resolve({ tempFiles: [{ path: 'wxfile://tmp/scores.xlsx', name: '成绩.xlsx', size: 4, type: 'file', time: 0 }] }))
  Object.assign(taroMock, { chooseMessageFile, getFileSystemManager: () => ({ readFileSync }) })
  jest.mocked(importScores).mockResolvedValue({ created: 1, changed: 0, unchanged: 0 })
  const { container } = render(<Scores />)
  await screen.findByText('00000018 李娜')
  expect(container.querySelector('input[type="file"]')).toBeNull()
  await click('从微信聊天中选择成绩表')
  expect(chooseMessageFile).toHaveBeenCalledWith({ count: 1, type: 'file', extension: ['xlsx'] })
  expect(readFileSync).toHaveBeenCalledWith('wxfile://tmp/scores.xlsx')
  expect(importScores).toHaveBeenCalledWith(competition.id, 'cnc-lathe', bytes)
  expect(screen.getByText('导入完成：新录入 1 人，修改 0 人，0 人成绩不变')).toBeTruthy()
})

it('opens 成绩公示 of the competition shown', async () => {
  render(<Scores />)
  await screen.findByText('00000018 李娜')
  fireEvent.click(screen.getByText('成绩公示'))
  expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: `/packageCommittee/pages/results/index?competitionId=${competition.id}` })
})

it('a union official without the committee role is told so', async () => {
  jest.mocked(getMe).mockResolvedValue(me([officialGrant], true))
  render(<Scores />)
  expect(await screen.findByText(/您还没有组委会权限/)).toBeTruthy()
  expect(listScores).not.toHaveBeenCalled()
})

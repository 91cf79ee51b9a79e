/**
 * 签到看板 (packageVenue/pages/board): counts per trade and who is missing, asked again every
 * BOARD_REFRESH_MS while the page is on screen and not while it is hidden or after it is closed;
 * the missing list saved as a sheet; without a session, a picker of the sessions one may watch.
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { AppError, type TVenueBoard, type TVenueSessionView } from '@contest/shared'
import { ApiClientError } from '../../miniapp/src/api/errors'
import { exportMissingList, getVenueBoard, listWatchedSessions } from '../../miniapp/src/api/venueBoard'
import VenueBoard from '../../miniapp/src/packageVenue/pages/board/index'
import { BOARD_REFRESH_MS } from '../../miniapp/src/packageVenue/pages/board/view'
import { pageLifecycle, resetTaroMock, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))
jest.mock('@tarojs/components', () => require('./support/audit-components'))
jest.mock('../../miniapp/src/api/venueBoard', () => ({ getVenueBoard: jest.fn(), listWatchedSessions: jest.fn(), exportMissingList: jest.fn() }))
jest.mock('../../miniapp/src/api/client', () => ({
  isSessionLost: (error: unknown) => error instanceof AppError && error.code === 'UNAUTHENTICATED',
}))
jest.mock('../../miniapp/src/roles/staffPages.scss', () => ({}))
jest.mock('../../miniapp/src/packageVenue/pages/board/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const SESSION_ID = '64b7f0c2a1b2c3d4e5f60c01'
const session = { id: SESSION_ID, code: 'main-am', name: '上午场', date: '2027-09-20', startTime: '09:00', endTime: '12:00' }

/** The board after `arrived` of the two 焊工 and the one 电工 have checked in. */
function boardAt(arrived: number, generatedAt: string): TVenueBoard {
  const welding = { trade: { code: 'welding', name: '焊工' }, group: { code: 'worker' as const, name: '职工组' } }
  const electric = { trade: { code: 'electric', name: '电工' }, group: { code: 'worker' as const, name: '职工组' } }
  const missing = [
    { passNumber: '00000018', name: '李娜', ...welding, station: 'A-002', union: '和平区总工会' },
    { passNumber: '00000026', name: '周强', ...electric, station: 'A-003', union: '河西区总工会' },
  ].slice(arrived)
  const weldingIn = Math.min(arrived + 1, 2)
  return {
    generatedAt,
    competition: { id: '64b7f0c2a1b2c3d4e5f60718', name: '海河工匠杯' },
    venue: { code: 'main', name: '天津市职业大学主赛场', address: '' },
    session,
    expected: 3,
    checkedIn: 3 - missing.length,
    missing: missing.length,
    byTrade: [
      { ...welding, expected: 2, checkedIn: weldingIn, missing: 2 - weldingIn },
      { ...electric, expected: 1, checkedIn: arrived >= 2 ? 1 : 0, missing: arrived >= 2 ? 0 : 1 },
    ],
    missingList: missing,
    conflicts: 1,
  }
}

function tradeRow(name: string): HTMLElement {
  return screen.getByText(name).closest('.board__trade') as HTMLElement
}

beforeEach(() => {
  jest.clearAllMocks()
  jest.useFakeTimers()
  resetTaroMock()
  taroMock.routerParams.current = { session: SESSION_ID }
  jest
    .mocked(getVenueBoard)
    .mockResolvedValueOnce(boardAt(0, '2027-09-20T09:10:00+08:00'))
    .mockResolvedValueOnce(boardAt(1, '2027-09-20T09:10:15+08:00'))
    .mockResolvedValue(boardAt(2, '2027-09-20T09:10:30+08:00'))
})
afterEach(() => {
  jest.useRealTimers()
})

async function advance(ms: number) {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms)
  })
}

it('shows the counts per trade and who is missing, and refreshes by itself', async () => {
  render(<VenueBoard />)
  await advance(0)

  expect(getVenueBoard).toHaveBeenCalledWith(SESSION_ID)
  expect(screen.getByText('天津市职业大学主赛场')).toBeTruthy()
  expect(screen.getByText('上午场 · 2027-09-20 09:00–12:00')).toBeTruthy()
  expect(screen.getByText('更新于 09:10:00')).toBeTruthy()
  expect(within(tradeRow('焊工（职工组）')).getByText('应到 2 · 已签到 1 · 未到 1')).toBeTruthy()
  expect(within(tradeRow('电工（职工组）')).getByText('应到 1 · 已签到 0 · 未到 1')).toBeTruthy()
  expect(screen.getByText('未签到名单（2）')).toBeTruthy()
  expect(screen.getByText('李娜')).toBeTruthy()
  expect(screen.getByText('A-003 · 电工（职工组）· 河西区总工会 · 准考证号 00000026')).toBeTruthy()

  await advance(BOARD_REFRESH_MS)
  expect(getVenueBoard).toHaveBeenCalledTimes(2)
  expect(screen.getByText('更新于 09:10:15')).toBeTruthy()
  expect(within(tradeRow('焊工（职工组）')).getByText('应到 2 · 已签到 2 · 未到 0')).toBeTruthy()
  expect(screen.queryByText('李娜')).toBeNull()
  expect(screen.getByText('未签到名单（1）')).toBeTruthy()

  await advance(BOARD_REFRESH_MS)
  expect(getVenueBoard).toHaveBeenCalledTimes(3)
  expect(screen.getByText('全部考生已签到')).toBeTruthy()
})

it('stops refreshing while hidden and after it is closed; shown again, it refreshes at once', async () => {
  const { unmount } = render(<VenueBoard />)
  await advance(0)
  expect(getVenueBoard).toHaveBeenCalledTimes(1)

  act(() => pageLifecycle.hide())
  await advance(BOARD_REFRESH_MS * 4)
  expect(getVenueBoard).toHaveBeenCalledTimes(1)

  act(() => pageLifecycle.show())
  await advance(0)
  expect(getVenueBoard).toHaveBeenCalledTimes(2)
  expect(screen.getByText('更新于 09:10:15')).toBeTruthy()
  await advance(BOARD_REFRESH_MS)
  expect(getVenueBoard).toHaveBeenCalledTimes(3)

  unmount()
  await advance(BOARD_REFRESH_MS * 4)
  expect(getVenueBoard).toHaveBeenCalledTimes(3)
})

it('keeps the last board when a refresh fails, saying so', async () => {
  render(<VenueBoard />)
  await advance(0)
  jest.mocked(getVenueBoard).mockReset().mockRejectedValue(new ApiClientError('NETWORK_FAILED'))
  await advance(BOARD_REFRESH_MS)
  expect(screen.getByText('更新于 09:10:00')).toBeTruthy()
  expect(screen.getByText('（刷新失败：网络连接失败，请检查网络后重试）')).toBeTruthy()
  expect(screen.getByText('李娜')).toBeTruthy()
})

it('saves the missing list as a sheet, and opens the double scans', async () => {
  render(<VenueBoard />)
  await advance(0)
  await act(async () => {
    fireEvent.click(screen.getByText('导出未签到名单'))
  })
  expect(exportMissingList).toHaveBeenCalledWith(SESSION_ID, '天津市职业大学主赛场-2027-09-20-main-am-未签到名单.xlsx')

  fireEvent.click(screen.getByText('离线重复扫码 1 起，查看 ›'))
  expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: `/packageVenue/pages/conflicts/index?session=${SESSION_ID}` })
})

it('without a session, lists the sessions one may watch and opens the board of the one picked', async () => {
  taroMock.routerParams.current = {}
  const branch: TVenueSessionView = {
    ...session,
    id: '64b7f0c2a1b2c3d4e5f60c02',
    code: 'branch-am',
    competitionId: '64b7f0c2a1b2c3d4e5f60718',
    venue: { code: 'branch', name: '机电工艺技师学院分赛场', address: '' },
    startsAt: '2027-09-20T09:00:00+08:00',
    endsAt: '2027-09-20T12:00:00+08:00',
    capacity: 40,
    stationPrefix: 'B',
    hosts: [],
    instructions: '',
    placed: 12,
    version: 0,
  }
  jest.mocked(listWatchedSessions).mockResolvedValue([branch])
  render(<VenueBoard />)
  await advance(0)
  expect(getVenueBoard).not.toHaveBeenCalled()
  expect(screen.getByText('上午场 · 2027-09-20 09:00–12:00 · 12 人')).toBeTruthy()
  fireEvent.click(screen.getByText('机电工艺技师学院分赛场'))
  await advance(0)
  expect(getVenueBoard).toHaveBeenCalledWith(branch.id)
  expect(screen.getByText('天津市职业大学主赛场')).toBeTruthy()
})

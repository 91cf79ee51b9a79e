/**
 * 重复扫码记录 (packageVenue/pages/conflicts): for each pass scanned on two phones offline, both
 * scans (time, staff, device) and which one holds the check-in.
 */
import { render, screen } from '@testing-library/react'
import { AppError, type TCheckInConflict } from '@contest/shared'
import { listCheckInConflicts } from '../../miniapp/src/api/venueBoard'
import CheckInConflicts from '../../miniapp/src/packageVenue/pages/conflicts/index'
import { resetTaroMock, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))
jest.mock('@tarojs/components', () => require('./support/audit-components'))
jest.mock('../../miniapp/src/api/venueBoard', () => ({ listCheckInConflicts: jest.fn() }))
jest.mock('../../miniapp/src/api/client', () => ({
  isSessionLost: (error: unknown) => error instanceof AppError && error.code === 'UNAUTHENTICATED',
}))
jest.mock('../../miniapp/src/roles/staffPages.scss', () => ({}))
jest.mock('../../miniapp/src/packageVenue/pages/conflicts/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const SESSION_ID = '64b7f0c2a1b2c3d4e5f60c01'

const conflict: TCheckInConflict = {
  id: '64b7f0c2a1b2c3d4e5f60d01',
  passNumber: '00000018',
  name: '李娜',
  station: 'A-002',
  kept: { scannedAt: '2027-09-20T08:41:05+08:00', recordedAt: '2027-09-20T09:02:00+08:00', deviceId: 'gate-2', staff: '2号门 刘老师' },
  other: { scannedAt: '2027-09-20T08:43:30+08:00', recordedAt: '2027-09-20T09:05:12+08:00', deviceId: 'gate-1', staff: '现场工作人员' },
  recordedAt: '2027-09-20T09:05:12+08:00',
}

beforeEach(() => {
  jest.clearAllMocks()
  resetTaroMock()
  taroMock.routerParams.current = { session: SESSION_ID }
})

it('shows which pass, both scans with time, staff and device, and which one won', async () => {
  jest.mocked(listCheckInConflicts).mockResolvedValue([conflict])
  render(<CheckInConflicts />)

  expect(await screen.findByText('李娜 · A-002 · 准考证号 00000018')).toBeTruthy()
  expect(listCheckInConflicts).toHaveBeenCalledWith(SESSION_ID)
  const kept = screen.getByText('有效（先扫）').closest('.conflict__scan') as HTMLElement
  const other = screen.getByText('重复（后扫）').closest('.conflict__scan') as HTMLElement
  expect(kept.textContent).toContain('08:41:05 扫码 · 2号门 刘老师 · 设备 gate-2（09:02:00 上传）')
  expect(other.textContent).toContain('08:43:30 扫码 · 现场工作人员 · 设备 gate-1（09:05:12 上传）')
})

it('says when the session has none, and shows the BFF’s refusal', async () => {
  jest.mocked(listCheckInConflicts).mockResolvedValueOnce([])
  const { unmount } = render(<CheckInConflicts />)
  expect(await screen.findByText('本场次没有离线重复扫码')).toBeTruthy()
  unmount()

  jest.mocked(listCheckInConflicts).mockRejectedValueOnce(new AppError('SESSION_NOT_FOUND'))
  render(<CheckInConflicts />)
  expect(await screen.findByText('找不到该场次')).toBeTruthy()
})

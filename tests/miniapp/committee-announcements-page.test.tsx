/**
 * 大赛通知 (packageCommittee/pages/announcements): the committee narrows a notice and sees its reach
 * follow, publishes after a dialog stating the reach, once however often the publish is retried,
 * and sees past notices with how many they reached and how many WeChat delivered.
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { AppError, type TAnnouncement, type TAnnouncementAudienceInput } from '@contest/shared'
import { getMe } from '../../miniapp/src/api/account'
import { listSetupCompetitions } from '../../miniapp/src/api/admin'
import { listAnnouncements, previewAnnouncement, publishAnnouncement } from '../../miniapp/src/api/announcements'
import { ApiClientError } from '../../miniapp/src/api/errors'
import Announcements from '../../miniapp/src/packageCommittee/pages/announcements/index'
import { competitionSetupView, participating } from '../support/competitionSetup'
import { haiheCup, hepingUnion, hexiUnion } from './support/fixtures'
import { committeeGrant, me, officialGrant } from './support/me'
import { resetTaroMock, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))
jest.mock('@tarojs/components', () => require('./support/audit-components'))
jest.mock('../../miniapp/src/api/account', () => ({ getMe: jest.fn(), acceptPrivacyNotice: jest.fn() }))
jest.mock('../../miniapp/src/api/admin', () => ({ listUnions: jest.fn(), listSetupCompetitions: jest.fn() }))
jest.mock('../../miniapp/src/api/announcements', () => ({ listAnnouncements: jest.fn(), previewAnnouncement: jest.fn(), publishAnnouncement: jest.fn() }))
jest.mock('../../miniapp/src/api/client', () => ({
  isSessionLost: (error: unknown) => error instanceof AppError && error.code === 'UNAUTHENTICATED',
}))
jest.mock('../../miniapp/src/packageCommittee/committee.scss', () => ({}))
jest.mock('../../miniapp/src/packageCommittee/pages/invitations/index.scss', () => ({}))
jest.mock('../../miniapp/src/packageCommittee/pages/announcements/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const competition = competitionSetupView(haiheCup, participating(hexiUnion, hepingUnion))

const earlier: TAnnouncement = {
  id: '64b7f0c2a1b2c3d4e5f60b01',
  competitionId: competition.id,
  title: '关于赛程安排的通知',
  body: '请按时报到。',
  audience: { tradeCodes: [], groupCodes: [], statuses: [], unionIds: [] },
  audienceText: '全部报名人',
  state: 'published',
  reached: 118,
  pushed: 47,
  createdAt: '2026-11-20T09:30:00+08:00',
}

/** The reach the BFF would answer: everyone, or the 焊工 among them. */
function reachOf(audience: TAnnouncementAudienceInput) {
  return audience.tradeCodes?.includes('welder') ? { reached: 40, pushable: 12 } : { reached: 120, pushable: 30 }
}

beforeEach(() => {
  jest.clearAllMocks()
  resetTaroMock()
  jest.mocked(getMe).mockResolvedValue(me([committeeGrant], true))
  jest.mocked(listSetupCompetitions).mockResolvedValue([competition])
  jest.mocked(listAnnouncements).mockResolvedValue([earlier])
  jest.mocked(previewAnnouncement).mockImplementation(async (_id, audience) => reachOf(audience))
  jest.mocked(publishAnnouncement).mockImplementation(async (_id, input) => ({
    ...earlier,
    id: '64b7f0c2a1b2c3d4e5f60b02',
    title: String(input.title),
    audienceText: '焊工',
    reached: 40,
    pushed: 0,
    createdAt: '2026-12-03T10:00:00+08:00',
  }))
})

async function write(title: string, body: string) {
  fireEvent.change(await screen.findByPlaceholderText('例如 关于赛程安排的通知'), { target: { value: title } })
  fireEvent.change(screen.getByPlaceholderText('请填写通知内容'), { target: { value: body } })
}

it('lists past notices with their counts, and the reach follows the narrowing', async () => {
  const { container } = render(<Announcements />)

  const row = await screen.findByText('关于赛程安排的通知')
  expect(within(row.closest('.announcement-row') as HTMLElement).getByText('送达 118 人 · 微信推送 47 人')).toBeTruthy()
  expect(within(row.closest('.announcement-row') as HTMLElement).getByText('2026年11月20日 09:30 · 全部报名人')).toBeTruthy()
  expect(await screen.findByText('将发送给 120 人，其中 30 人可收到微信推送')).toBeTruthy()

  fireEvent.click(screen.getByText('焊工'))
  expect(await screen.findByText('将发送给 40 人，其中 12 人可收到微信推送')).toBeTruthy()
  expect(previewAnnouncement).toHaveBeenLastCalledWith(competition.id, { tradeCodes: ['welder'], groupCodes: [], statuses: [], unionIds: [] })

  // Groups, statuses and the participating unions narrow it too.
  fireEvent.click(screen.getByText('学生组'))
  fireEvent.click(screen.getByText('待组委会确认'))
  fireEvent.click(within(container.querySelector('.announcement-form') as HTMLElement).getByText('河西区总工会'))
  await act(() => new Promise((resolve) => setTimeout(resolve, 400)))
  expect(previewAnnouncement).toHaveBeenLastCalledWith(competition.id, {
    tradeCodes: ['welder'],
    groupCodes: ['student'],
    statuses: ['union_approved'],
    unionIds: [hexiUnion.id],
  })
})

it('publishes after a dialog stating the reach, then shows the new notice', async () => {
  render(<Announcements />)
  fireEvent.click(await screen.findByText('焊工'))
  await write('焊工组报到须知', '请焊工组选手12月10日8点前到达赛场。')
  jest.mocked(listAnnouncements).mockResolvedValue([await publishAnnouncement(competition.id, { title: '焊工组报到须知', body: '' }, 'k'), earlier])
  jest.mocked(publishAnnouncement).mockClear()

  await act(async () => {
    fireEvent.click(screen.getByText('发布通知'))
  })

  expect(taroMock.showModal).toHaveBeenCalledWith(
    expect.objectContaining({ title: '确认发布', content: '将发送给 40 人（12 人可收到微信推送，其余 28 人只能在小程序“消息”中看到）。发布后不能撤回。' }),
  )
  expect(publishAnnouncement).toHaveBeenCalledWith(
    competition.id,
    { title: '焊工组报到须知', body: '请焊工组选手12月10日8点前到达赛场。', audience: { tradeCodes: ['welder'], groupCodes: [], statuses: [], unionIds: [] } },
    expect.any(String),
  )
  expect(taroMock.showToast).toHaveBeenCalledWith({ title: '已发布，送达 40 人', icon: 'none' })
  expect(await screen.findByText('送达 40 人 · 微信推送 0 人')).toBeTruthy()
  expect((screen.getByPlaceholderText('例如 关于赛程安排的通知') as HTMLInputElement).value).toBe('')
})

it('does not publish when the dialog is cancelled, nor without a title', async () => {
  render(<Announcements />)
  await write('', '内容')
  await act(async () => {
    fireEvent.click(await screen.findByText('发布通知'))
  })
  expect(screen.getByText('通知标题至少2个字')).toBeTruthy()
  expect(taroMock.showModal).not.toHaveBeenCalled()

  await write('考场变更通知', '内容')
  taroMock.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
  await act(async () => {
    fireEvent.click(screen.getByText('发布通知'))
  })
  expect(taroMock.showModal).toHaveBeenCalledTimes(1)
  expect(publishAnnouncement).not.toHaveBeenCalled()
})

it('a publish retried after no answer carries the same Idempotency-Key; after a refusal, a new one', async () => {
  render(<Announcements />)
  await write('考场变更通知', '第二赛场改至东丽区。')
  jest.mocked(publishAnnouncement).mockRejectedValueOnce(new ApiClientError('NETWORK_FAILED'))
  await act(async () => {
    fireEvent.click(screen.getByText('发布通知'))
  })
  expect(screen.getByText('网络连接失败，请检查网络后重试')).toBeTruthy()
  jest.mocked(publishAnnouncement).mockRejectedValueOnce(new AppError('ANNOUNCEMENT_NO_RECIPIENTS'))
  await act(async () => {
    fireEvent.click(screen.getByText('发布通知'))
  })
  expect(screen.getByText('没有符合条件的报名人，通知未发布')).toBeTruthy()
  await act(async () => {
    fireEvent.click(screen.getByText('发布通知'))
  })

  const keys = jest.mocked(publishAnnouncement).mock.calls.map((call) => call[2])
  expect(keys).toHaveLength(3)
  expect(keys[1]).toBe(keys[0])
  expect(keys[2]).not.toBe(keys[1])
})

it('tells someone without the committee role that the page is not theirs', async () => {
  jest.mocked(getMe).mockResolvedValue(me([officialGrant], true))
  render(<Announcements />)
  expect(await screen.findByText('您还没有组委会权限。如已收到邀请，请在“我的”中输入邀请码。')).toBeTruthy()
  expect(previewAnnouncement).not.toHaveBeenCalled()
})

/**
 * 场次与考场安排 (packageCommittee/pages/sessions): the committee sees each venue's sessions with
 * their day, time window and stations, creates and changes one (the BFF's refusals shown under
 * their fields), runs automatic assignment per trade × group (its refusal shown in Chinese),
 * moves one registration, and opens a session's board.
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { AppError, type TCommitteePass, type TVenueSessionView } from '@contest/shared'
import { getMe } from '../../miniapp/src/api/account'
import { listSetupCompetitions } from '../../miniapp/src/api/admin'
import { assignAutomatically, createSession, listPasses, listSessions, placeRegistration, updateSession } from '../../miniapp/src/api/venueSessions'
import Sessions from '../../miniapp/src/packageCommittee/pages/sessions/index'
import { competitionSetupView } from '../support/competitionSetup'
import { haiheCup } from './support/fixtures'
import { committeeGrant, me, officialGrant } from './support/me'
import { resetTaroMock, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))
jest.mock('@tarojs/components', () => require('./support/audit-components'))
jest.mock('../../miniapp/src/api/account', () => ({ getMe: jest.fn(), acceptPrivacyNotice: jest.fn() }))
jest.mock('../../miniapp/src/api/admin', () => ({ listSetupCompetitions: jest.fn() }))
jest.mock('../../miniapp/src/api/venueSessions', () => ({
  listSessions: jest.fn(),
  createSession: jest.fn(),
  updateSession: jest.fn(),
  assignAutomatically: jest.fn(),
  placeRegistration: jest.fn(),
  listPasses: jest.fn(),
}))
jest.mock('../../miniapp/src/api/client', () => ({
  isSessionLost: (error: unknown) => error instanceof AppError && error.code === 'UNAUTHENTICATED',
}))
jest.mock('../../miniapp/src/packageCommittee/committee.scss', () => ({}))
jest.mock('../../miniapp/src/packageCommittee/pages/sessions/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const competition = competitionSetupView(haiheCup, {
  venues: [
    { code: 'main', name: '天津市职业大学主赛场', address: '' },
    { code: 'branch', name: '机电工艺技师学院分赛场', address: '' },
  ],
})

function sessionView(overrides: Partial<TVenueSessionView>): TVenueSessionView {
  return {
    id: '64b7f0c2a1b2c3d4e5f60c01',
    code: 'main-am',
    name: '上午场',
    date: '2027-09-20',
    startTime: '09:00',
    endTime: '12:00',
    competitionId: competition.id,
    venue: { code: 'main', name: '天津市职业大学主赛场', address: '' },
    startsAt: '2027-09-20T09:00:00+08:00',
    endsAt: '2027-09-20T12:00:00+08:00',
    capacity: 40,
    stationPrefix: 'A',
    hosts: [{ tradeCode: 'welder', tradeName: '焊工', groupCode: 'worker', groupName: '职工组' }],
    instructions: '请携带身份证',
    placed: 12,
    version: 3,
    ...overrides,
  }
}

const morning = sessionView({})
const branch = sessionView({
  id: '64b7f0c2a1b2c3d4e5f60c02',
  code: 'branch-am',
  venue: { code: 'branch', name: '机电工艺技师学院分赛场', address: '' },
  stationPrefix: 'B',
  capacity: 20,
  placed: 0,
  hosts: [{ tradeCode: 'welder', tradeName: '焊工', groupCode: 'student', groupName: '学生组' }],
})

const pass = {
  registrationId: '64b7f0c2a1b2c3d4e5f60e01',
  passNumber: '00000018',
  name: '李娜',
  trade: { code: 'welder', name: '焊工' },
  group: { code: 'worker', name: '职工组' },
  venue: morning.venue,
  session: { ...morning, startsAt: morning.startsAt, endsAt: morning.endsAt },
  station: 'A-002',
  union: { id: '64b7f0c2a1b2c3d4e5f60802', code: 'HPQ2Y', name: '和平区总工会' },
} as unknown as TCommitteePass

beforeEach(() => {
  jest.clearAllMocks()
  resetTaroMock()
  taroMock.routerParams.current = { competitionId: competition.id }
  jest.mocked(getMe).mockResolvedValue(me([committeeGrant], true))
  jest.mocked(listSetupCompetitions).mockResolvedValue([competition])
  jest.mocked(listSessions).mockResolvedValue([morning, branch])
  jest.mocked(listPasses).mockResolvedValue({ items: [pass], nextCursor: null })
})

function type(placeholder: string, value: string) {
  fireEvent.change(screen.getByPlaceholderText(placeholder), { target: { value } })
}

async function click(text: string, within_: HTMLElement | null = null) {
  await act(async () => {
    fireEvent.click(within_ ? within(within_).getByText(text) : screen.getByText(text))
  })
}

it('lists the sessions per venue with day, time window, stations and what they host; a session opens its board', async () => {
  render(<Sessions />)
  const row = (await screen.findByText('上午场（main-am）')).closest('.session-row') as HTMLElement
  expect(listSessions).toHaveBeenCalledWith(competition.id)
  expect(within(row).getByText('2027-09-20 09:00–12:00')).toBeTruthy()
  expect(within(row).getByText('考位 40 个（A-001 起），已安排 12 人')).toBeTruthy()
  expect(within(row).getByText('焊工职工组')).toBeTruthy()
  expect(screen.getByText('机电工艺技师学院分赛场')).toBeTruthy()

  await click('签到看板', row)
  expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: `/packageVenue/pages/board/index?session=${morning.id}` })
})

it('creates a session from the form, checking it first', async () => {
  const created = sessionView({ id: '64b7f0c2a1b2c3d4e5f60c03', code: 'main-pm', name: '下午场', startTime: '14:00', endTime: '17:00', placed: 0 })
  jest.mocked(createSession).mockResolvedValue(created)
  render(<Sessions />)
  await click('新增场次', (await screen.findByText('场次')).parentElement)

  type('例如 main-am', 'main-pm')
  type('例如 上午场', '下午场')
  type('YYYY-MM-DD', '2027-09-20')
  const [start, end] = screen.getAllByPlaceholderText('HH:mm')
  fireEvent.change(start!, { target: { value: '14:00' } })
  fireEvent.change(end!, { target: { value: '13:00' } })
  type('例如 40', '30')
  await click('焊工（职工组）', document.querySelector('.session-editor') as HTMLElement)
  await click('保存场次')
  expect(screen.getByText('结束时间必须晚于开始时间')).toBeTruthy()
  expect(createSession).not.toHaveBeenCalled()

  fireEvent.change(end!, { target: { value: '17:00' } })
  jest.mocked(listSessions).mockResolvedValue([morning, created, branch])
  await click('保存场次')
  expect(createSession).toHaveBeenCalledWith(competition.id, {
    code: 'main-pm',
    venueCode: 'main',
    name: '下午场',
    date: '2027-09-20',
    startTime: '14:00',
    endTime: '17:00',
    capacity: 30,
    stationPrefix: 'A',
    hosts: [{ tradeCode: 'welder', groupCode: 'worker' }],
    instructions: '请携带身份证和准考证，提前 30 分钟到场',
  })
  expect(await screen.findByText('下午场（main-pm）')).toBeTruthy()
  expect(screen.queryByText('保存场次')).toBeNull()
})

it('changes a session from the version read, and shows a refusal under its field', async () => {
  jest.mocked(updateSession).mockRejectedValueOnce(
    new AppError('SESSION_CHANGE_REFUSED', undefined, [{ path: 'session.capacity', message: '已安排到第 12 号考位，考位数不能少于 12' }]),
  )
  render(<Sessions />)
  await click('修改', (await screen.findByText('上午场（main-am）')).closest('.session-row') as HTMLElement)
  expect(screen.getByText('修改场次 main-am')).toBeTruthy()
  type('例如 40', '10')
  await click('保存场次')

  expect(updateSession).toHaveBeenCalledWith(competition.id, 'main-am', {
    version: 3,
    session: expect.objectContaining({ venueCode: 'main', capacity: 10, hosts: [{ tradeCode: 'welder', groupCode: 'worker' }] }),
  })
  expect(jest.mocked(updateSession).mock.calls[0]![2].session).not.toHaveProperty('code')
  expect(screen.getByText('已安排到第 12 号考位，考位数不能少于 12')).toBeTruthy()
  expect(screen.getByText('此修改会影响已发放的准考证，不能保存')).toBeTruthy()
})

it('runs automatic assignment per trade × group, showing what it placed or why it placed nobody', async () => {
  jest
    .mocked(assignAutomatically)
    .mockRejectedValueOnce(new AppError('SESSION_CAPACITY_SHORT', '焊工职工组有 45 人待安排，承办场次只剩 28 个考位（main-am剩28个），未作任何安排。请增加场次或考位后重试'))
    .mockResolvedValueOnce({ tradeCode: 'welder', groupCode: 'student', assigned: 3, alreadyPlaced: 1, sessions: [{ code: 'branch-am', assigned: 3, free: 17 }] })
  render(<Sessions />)
  await screen.findByText('上午场（main-am）')

  const worker = screen.getByText('焊工（职工组）').closest('.assignment-row') as HTMLElement
  await click('自动安排', worker)
  expect(taroMock.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '自动安排考场' }))
  expect(assignAutomatically).toHaveBeenCalledWith(competition.id, { tradeCode: 'welder', groupCode: 'worker' })
  expect(within(worker).getByText('焊工职工组有 45 人待安排，承办场次只剩 28 个考位（main-am剩28个），未作任何安排。请增加场次或考位后重试')).toBeTruthy()

  const student = screen.getByText('焊工（学生组）').closest('.assignment-row') as HTMLElement
  await click('自动安排', student)
  expect(within(student).getByText('已安排 3 人（另有 1 人此前已安排）：branch-am 3 人，余 17 个考位')).toBeTruthy()
  expect(listSessions).toHaveBeenCalledTimes(2)

  // Cancelled in the dialog: nothing asked.
  taroMock.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
  await click('自动安排', screen.getByText('装配钳工（职工组）').closest('.assignment-row') as HTMLElement)
  expect(assignAutomatically).toHaveBeenCalledTimes(2)
})

it('moves one registration from the pass list (more by 加载更多) to another session and station', async () => {
  const first = { ...pass, registrationId: '64b7f0c2a1b2c3d4e5f60e00', passNumber: '00000000', name: '王磊' } as TCommitteePass
  jest.mocked(listPasses).mockResolvedValueOnce({ items: [first], nextCursor: first.passNumber }).mockResolvedValue({ items: [pass], nextCursor: null })
  jest.mocked(placeRegistration).mockRejectedValueOnce(new AppError('STATION_TAKEN')).mockResolvedValueOnce({ ...pass, venue: branch.venue, session: { ...pass.session, code: 'branch-am' }, station: 'B-005' })
  render(<Sessions />)
  await screen.findByText('王磊 · 准考证号 00000000')
  await click('加载更多')
  expect(listPasses).toHaveBeenLastCalledWith(competition.id, { limit: 100, cursor: '00000000' })
  expect(screen.queryByText('加载更多')).toBeNull()
  await click('调整 ›', (await screen.findByText('李娜 · 准考证号 00000018')).closest('.move-card__pass') as HTMLElement)
  expect(screen.getByText('现在：焊工（职工组）· 天津市职业大学主赛场 上午场 · A-002 · 和平区总工会')).toBeTruthy()

  await click('机电工艺技师学院分赛场 上午场（branch-am）')
  type('例如 3', '5')
  await click('确认调整')
  expect(placeRegistration).toHaveBeenCalledWith(competition.id, pass.registrationId, { sessionCode: 'branch-am', station: 5 })
  expect(screen.getByText('该考位已安排了其他考生，请换一个考位')).toBeTruthy()

  await click('确认调整')
  expect(screen.getByText('李娜 已安排到 机电工艺技师学院分赛场 上午场 B-005，准考证已重新发放')).toBeTruthy()
  expect(listPasses).toHaveBeenCalledTimes(3)
})

it('tells someone without the committee role that the page is not theirs', async () => {
  jest.mocked(getMe).mockResolvedValue(me([officialGrant], true))
  render(<Sessions />)
  expect(await screen.findByText('您还没有组委会权限。如已收到邀请，请在“我的”中输入邀请码。')).toBeTruthy()
  expect(listSessions).not.toHaveBeenCalled()
})

import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { getMe } from '../../miniapp/src/api/account'
import { listInbox, reportSubscribeAnswers } from '../../miniapp/src/api/notifications'
import { listMyRegistrations } from '../../miniapp/src/api/registrations'
import Mine from '../../miniapp/src/pages/mine/index'
import { unreadBadge } from '../../miniapp/src/pages/mine/view'
import { adminGrant, committeeGrant, me, officialGrant, venueGrant, COMPETITION_NAME } from './support/me'
import { registration, registrationList } from './support/register-fixtures'
import { pageLifecycle, resetTaroMock, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))
jest.mock('@tarojs/components', () => require('./support/taro-components'))
jest.mock('../../miniapp/src/api/account', () => ({
  getMe: jest.fn(),
  signOutOfBff: jest.fn(() => Promise.resolve({})),
}))
jest.mock('../../miniapp/src/api/notifications', () => ({
  listInbox: jest.fn(),
  reportSubscribeAnswers: jest.fn(),
}))
jest.mock('../../miniapp/src/api/registrations', () => ({ listMyRegistrations: jest.fn() }))
jest.mock('../../miniapp/src/pages/mine/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const loadMe = jest.mocked(getMe)
const loadInbox = jest.mocked(listInbox)
const loadRegistrations = jest.mocked(listMyRegistrations)
const report = jest.mocked(reportSubscribeAnswers)
const ORIGINAL_ENV = process.env.TARO_ENV

/** The inbox's first page as the BFF answers it, with `unread` unread messages. */
const inboxWith = (unread: number) => ({ items: [], nextCursor: null, unread })

beforeEach(() => {
  resetTaroMock()
  loadMe.mockReset()
  loadInbox.mockReset().mockResolvedValue(inboxWith(0))
  loadRegistrations.mockReset().mockResolvedValue(registrationList([]))
  report.mockReset().mockResolvedValue({ credits: [] })
  process.env.TARO_ENV = 'weapp'
})

afterAll(() => {
  process.env.TARO_ENV = ORIGINAL_ENV
})

it('lists each role with where it applies, and links to the pages the roles open', async () => {
  loadMe.mockResolvedValue(me([officialGrant, committeeGrant, venueGrant], true))

  const { container } = render(<Mine />)

  expect(await screen.findByText('我的角色')).toBeTruthy()
  const roles = Array.from(container.querySelectorAll('.mine__role')).map((el) => el.textContent)
  expect(roles).toEqual(['工会审核员河西区总工会', '大赛组委会全部赛事', `现场工作人员${COMPETITION_NAME} · 第一赛场`])

  const links = Array.from(container.querySelectorAll('.mine__link')).map((el) => el.textContent)
  expect(links).toEqual(['组委会管理›', '审核工作台›', '现场签到›'])

  fireEvent.click(screen.getByText('组委会管理'))
  fireEvent.click(screen.getByText('审核工作台'))
  fireEvent.click(screen.getByText('现场签到'))
  expect(taroMock.navigateTo.mock.calls.map(([options]) => options.url)).toEqual([
    '/packageCommittee/pages/index/index',
    '/packageAudit/pages/home/index',
    '/packageVenue/pages/scan/index',
  ])
  expect(screen.getByText('已同意（2026年11月2日） ›')).toBeTruthy()
})

it('gives an administrator the committee’s pages once', async () => {
  loadMe.mockResolvedValue(me([adminGrant, committeeGrant]))

  const { container } = render(<Mine />)

  expect(await screen.findByText('系统管理员')).toBeTruthy()
  expect(screen.getByText('全部工会和赛事')).toBeTruthy()
  expect(container.querySelectorAll('.mine__link')).toHaveLength(1)
})

it('says a worker needs no role, and offers 输入邀请码', async () => {
  loadMe.mockResolvedValue(me())

  const { container } = render(<Mine />)

  expect(await screen.findByText('暂无工作人员角色。参赛职工无需角色，可直接报名。')).toBeTruthy()
  expect(container.querySelectorAll('.mine__link')).toHaveLength(0)
  expect(screen.getByText('未同意 ›')).toBeTruthy()

  fireEvent.click(screen.getByText('输入邀请码'))
  expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: '/packageInvite/pages/invite/index' })
})

it('names the test user of the H5 development sign-in', async () => {
  taroMock.storage.set('contest.devUser', 'committee-1')
  loadMe.mockResolvedValue(me())

  render(<Mine />)

  expect(await screen.findByText('已登录 · 测试用户 committee-1')).toBeTruthy()
})

describe('消息', () => {
  it('shows how many messages are unread, and opens the inbox', async () => {
    loadMe.mockResolvedValue(me())
    loadInbox.mockResolvedValue(inboxWith(3))

    const { container } = render(<Mine />)

    await screen.findByText('3')
    expect(container.querySelector('.mine__inbox')?.textContent).toBe('消息3›')
    fireEvent.click(screen.getByText('消息'))
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: '/pages/inbox/index' })
  })

  it('shows the count again when 我的 comes back into view, so it drops after reading', async () => {
    loadMe.mockResolvedValue(me())
    loadInbox.mockResolvedValue(inboxWith(1))
    const { container } = render(<Mine />)
    await screen.findByText('1')

    act(() => pageLifecycle.hide())
    loadInbox.mockResolvedValue(inboxWith(0))
    await act(async () => pageLifecycle.show())

    await waitFor(() => expect(container.querySelector('.mine__badge')).toBeNull())
    expect(container.querySelector('.mine__inbox')?.textContent).toBe('消息›')
  })

  it('still shows 我的 when the inbox cannot be loaded, only without a count', async () => {
    loadMe.mockResolvedValue(me())
    loadInbox.mockRejectedValue(new Error('request:fail'))
    loadRegistrations.mockRejectedValue(new Error('request:fail'))

    const { container } = render(<Mine />)

    expect(await screen.findByText('消息')).toBeTruthy()
    expect(container.querySelector('.mine__badge')).toBeNull()
    expect(screen.getByText('我的报名')).toBeTruthy()
  })

  it('counts up to 99, then says 99+', () => {
    expect([unreadBadge(null), unreadBadge(0), unreadBadge(7), unreadBadge(99), unreadBadge(100)]).toEqual(['', '', '7', '99', '99+'])
  })
})

describe('opening 我的报名 asks for WeChat subscribe grants', () => {
  const TEMPLATES = ['tmpl-audit-result', 'tmpl-competition-notice']

  async function mineWithRegistrations() {
    loadMe.mockResolvedValue(me())
    loadRegistrations.mockResolvedValue(registrationList([registration({ subscribeTemplateIds: TEMPLATES })], { subscribeTemplateIds: TEMPLATES }))
    render(<Mine />)
    await screen.findByText('我的报名')
    // The templates arrive with 我的 (loaded together with the account).
    await waitFor(() => expect(loadRegistrations).toHaveBeenCalled())
  }

  it('inside the tap, for what the registrations still await; reports the answers, then opens 我的报名', async () => {
    taroMock.requestSubscribeMessage.mockResolvedValue({ errMsg: 'requestSubscribeMessage:ok', 'tmpl-audit-result': 'accept', 'tmpl-competition-notice': 'reject' })
    await mineWithRegistrations()

    fireEvent.click(screen.getByText('我的报名'))
    // Synchronously, in the tap: WeChat shows its dialog only then.
    expect(taroMock.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: TEMPLATES }))
    expect(taroMock.navigateTo).not.toHaveBeenCalled()

    await waitFor(() => expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: '/packageRegister/pages/mine/index' }))
    expect(report).toHaveBeenCalledWith({ 'tmpl-audit-result': 'accept', 'tmpl-competition-notice': 'reject' })
  })

  it('opens 我的报名 all the same when the worker cancels, or reporting the answers fails', async () => {
    taroMock.requestSubscribeMessage.mockRejectedValueOnce({ errMsg: 'requestSubscribeMessage:fail cancel', errCode: 20004 })
    await mineWithRegistrations()

    fireEvent.click(screen.getByText('我的报名'))
    await waitFor(() => expect(taroMock.navigateTo).toHaveBeenCalledTimes(1))
    expect(report).not.toHaveBeenCalled()

    taroMock.requestSubscribeMessage.mockResolvedValueOnce({ errMsg: 'requestSubscribeMessage:ok', 'tmpl-audit-result': 'accept' })
    report.mockRejectedValueOnce(new Error('request:fail'))
    fireEvent.click(screen.getByText('我的报名'))
    await waitFor(() => expect(taroMock.navigateTo).toHaveBeenCalledTimes(2))
    expect(report).toHaveBeenCalledWith({ 'tmpl-audit-result': 'accept' })
  })

  it('asks nothing in H5, where WeChat’s dialog does not exist, nor when there is nothing to ask for', async () => {
    process.env.TARO_ENV = 'h5'
    await mineWithRegistrations()
    fireEvent.click(screen.getByText('我的报名'))
    await waitFor(() => expect(taroMock.navigateTo).toHaveBeenCalledTimes(1))

    process.env.TARO_ENV = 'weapp'
    loadRegistrations.mockResolvedValue(registrationList([]))
    await act(async () => pageLifecycle.hide())
    await act(async () => pageLifecycle.show())
    await waitFor(() => expect(loadRegistrations).toHaveBeenCalledTimes(2))
    fireEvent.click(screen.getByText('我的报名'))
    await waitFor(() => expect(taroMock.navigateTo).toHaveBeenCalledTimes(2))

    expect(taroMock.requestSubscribeMessage).not.toHaveBeenCalled()
    expect(report).not.toHaveBeenCalled()
  })
})

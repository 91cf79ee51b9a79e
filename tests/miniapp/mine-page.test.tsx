import { fireEvent, render, screen } from '@testing-library/react'
import { getMe } from '../../miniapp/src/api/account'
import Mine from '../../miniapp/src/pages/mine/index'
import { adminGrant, committeeGrant, me, officialGrant, venueGrant, COMPETITION_NAME } from './support/me'
import { resetTaroMock, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))
jest.mock('@tarojs/components', () => require('./support/taro-components'))
jest.mock('../../miniapp/src/api/account', () => ({
  getMe: jest.fn(),
  signOutOfBff: jest.fn(() => Promise.resolve({})),
}))
jest.mock('../../miniapp/src/pages/mine/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const loadMe = jest.mocked(getMe)

beforeEach(() => {
  resetTaroMock()
  loadMe.mockReset()
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

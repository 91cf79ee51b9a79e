/**
 * A committee announcement as a worker opens it from the inbox or the WeChat message
 * (packageNotice/pages/announcement?id=): the notice in full, and the way to the competition.
 */
import { fireEvent, render, screen } from '@testing-library/react'
import Announcement from '../../miniapp/src/packageNotice/pages/announcement/index'
import { fakeAuditBff, ok, refused } from './support/audit-fixtures'
import { resetAuditTaro, taroMock } from './support/audit-taro'
import { COMPETITION_ID, COMPETITION_NAME, me } from './support/me'

jest.mock('@tarojs/taro', () => require('./support/audit-taro'))
jest.mock('@tarojs/components', () => require('./support/audit-components'))
jest.mock('../../miniapp/src/packageNotice/pages/announcement/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const ANNOUNCEMENT_ID = '64b7f0c2a1b2c3d4e5f60b01'

beforeEach(() => {
  resetAuditTaro()
  taroMock.routerParams.current = { id: ANNOUNCEMENT_ID }
})

it('shows the notice in full and opens its competition', async () => {
  const body = '请参赛选手于12月10日前登录小程序查看赛程安排，并按时到达赛场报到。逾期未报到者视为自动放弃。'
  fakeAuditBff((request) => {
    if (request.path !== `/me/announcements/${ANNOUNCEMENT_ID}`) return undefined
    return ok({ id: ANNOUNCEMENT_ID, competition: { id: COMPETITION_ID, name: COMPETITION_NAME }, title: '关于赛程安排的通知', body, createdAt: '2026-12-03T09:30:00+08:00' })
  }, me([], true))
  render(<Announcement />)

  expect(await screen.findByText('关于赛程安排的通知')).toBeTruthy()
  expect(screen.getByText(body)).toBeTruthy()
  expect(screen.getByText('大赛组委会 · 2026年12月3日 09:30')).toBeTruthy()
  fireEvent.click(screen.getByText('查看赛事'))
  expect(taroMock.navigateTo).toHaveBeenLastCalledWith({ url: `/pages/competition/index?id=${COMPETITION_ID}` })
})

it('says so in Chinese when the notice is not the reader’s', async () => {
  fakeAuditBff((request) => (request.path === `/me/announcements/${ANNOUNCEMENT_ID}` ? refused(404, 'ANNOUNCEMENT_NOT_FOUND', '找不到该通知') : undefined), me([], true))
  render(<Announcement />)
  expect(await screen.findByText('找不到该通知')).toBeTruthy()
})

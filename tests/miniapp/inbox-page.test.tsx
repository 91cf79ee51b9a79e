/**
 * 消息 (pages/inbox): the worker's notifications newest first, more by cursor when scrolled to the
 * end, read and unread told apart, a tap marking one read and opening what it is about, 全部已读,
 * and the empty and error states. The BFF is faked at Taro.request.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { MINIAPP_PAGES, type TInboxNotification } from '@contest/shared'
import Inbox from '../../miniapp/src/pages/inbox/index'
import { fakeBff, ok, refused, REGISTRATION_ID, type TSentRequest } from './support/register-fixtures'
import { pageLifecycle, resetTaroMock, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))
jest.mock('@tarojs/components', () => require('./support/taro-components'))
jest.mock('../../miniapp/src/pages/inbox/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const COMPETITION = '2026年天津市职工职业技能大赛'
const REASON = '所报工种与从事岗位不符，请改报装配钳工'

/** The message id of `n`: newer messages have higher ids (ObjectIds grow with time). */
const idOf = (n: number) => `64b7f0c2a1b2c3d4e5f6${String(n).padStart(4, '0')}`

function message(n: number, overrides: Partial<TInboxNotification> = {}): TInboxNotification {
  return {
    id: idOf(n),
    kind: 'union_approved',
    title: '焊工报名工会审核通过',
    summary: '河西区总工会已通过，待组委会确认',
    competition: COMPETITION,
    page: `${MINIAPP_PAGES.registrationDetail}?id=${REGISTRATION_ID}`,
    createdAt: '2026-11-24T02:05:00.000Z',
    read: false,
    pushed: false,
    ...overrides,
  }
}

const rejection = message(30, {
  kind: 'union_rejected',
  title: '焊工报名工会审核未通过',
  summary: `未通过：${REASON}`,
  createdAt: '2026-11-24T06:30:00.000Z',
})
const announcement = message(29, {
  kind: 'announcement',
  title: '关于赛前培训的通知',
  summary: '11月30日上午9点在市总工会培训中心集合',
  page: `${MINIAPP_PAGES.announcement}?id=64b7f0c2a1b2c3d4e5f60b01`,
  read: true,
})

/**
 * The inbox as the BFF holds it: `messages` newest first, 20 a page with the last id as cursor;
 * reading changes what later pages and counts say.
 */
function inboxBff(messages: TInboxNotification[], overrides: (request: TSentRequest) => ReturnType<typeof ok> | undefined = () => undefined) {
  const held = messages.map((m) => ({ ...m }))
  const unread = () => held.filter((m) => !m.read).length
  return fakeBff((request) => {
    const answered = overrides(request)
    if (answered) return answered
    if (request.method === 'GET' && request.path === '/me/notifications') {
      const cursor = new URLSearchParams(request.query).get('cursor')
      const start = cursor ? held.findIndex((m) => m.id === cursor) + 1 : 0
      const items = held.slice(start, start + 20)
      const more = start + 20 < held.length
      return ok({ items, nextCursor: more ? (items[items.length - 1]?.id ?? null) : null, unread: unread() })
    }
    const read = /^\/me\/notifications\/([0-9a-f]{24})\/read$/.exec(request.path)
    if (request.method === 'POST' && read) {
      const found = held.find((m) => m.id === read[1])
      if (!found) return refused(404, 'NOT_FOUND', '找不到该消息')
      found.read = true
      return ok({ unread: unread() })
    }
    if (request.method === 'POST' && request.path === '/me/notifications/read-all') {
      for (const m of held) m.read = true
      return ok({ unread: 0 })
    }
    return undefined
  })
}

function items(container: HTMLElement) {
  return Array.from(container.querySelectorAll<HTMLElement>('.inbox-item'))
}

beforeEach(() => {
  resetTaroMock()
})

it('lists messages newest first: title, the rejection’s reason, competition, China time, unread ones marked', async () => {
  inboxBff([rejection, announcement])

  const { container } = render(<Inbox />)

  expect(await screen.findByText(`未通过：${REASON}`)).toBeTruthy()
  const [first, second] = items(container)
  expect(first?.className).toContain('inbox-item--unread')
  expect(first?.querySelector('.inbox-item__dot')).not.toBeNull()
  expect(first?.textContent).toContain('焊工报名工会审核未通过')
  expect(first?.textContent).toContain(COMPETITION)
  // 06:30 UTC is 14:30 in China.
  expect(first?.querySelector('.inbox-item__time')?.textContent).toBe('2026年11月24日 14:30')
  expect(second?.className).not.toContain('inbox-item--unread')
  expect(second?.textContent).toContain('关于赛前培训的通知')
  expect(screen.getByText('1 条未读')).toBeTruthy()
  expect(screen.getByText('没有更多消息了')).toBeTruthy()
})

it('a tap marks the message read on the BFF and opens the registration it is about', async () => {
  const sent = inboxBff([rejection, announcement])
  const { container } = render(<Inbox />)
  await screen.findByText('1 条未读')

  fireEvent.click(screen.getByText('焊工报名工会审核未通过'))

  expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: `/packageRegister/pages/detail/index?id=${REGISTRATION_ID}` })
  await screen.findByText('没有未读消息')
  expect(items(container)[0]?.className).not.toContain('inbox-item--unread')
  expect(sent.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([`/me/notifications/${rejection.id}/read`])
})

it('an announcement opens the announcement, and is marked read', async () => {
  const sent = inboxBff([{ ...announcement, read: false }])
  render(<Inbox />)
  await screen.findByText('1 条未读')

  fireEvent.click(screen.getByText('关于赛前培训的通知'))

  await screen.findByText('没有未读消息')
  expect(taroMock.navigateTo).toHaveBeenLastCalledWith({ url: `/${MINIAPP_PAGES.announcement}?id=64b7f0c2a1b2c3d4e5f60b01` })
  expect(sent.some((r) => r.path === `/me/notifications/${announcement.id}/read`)).toBe(true)
})

it('a pass notice opens the pass', async () => {
  inboxBff([message(31, { kind: 'pass_issued', title: '焊工准考证已发放', summary: '准考证号00012344', page: `${MINIAPP_PAGES.registrationPass}?id=${REGISTRATION_ID}` })])
  render(<Inbox />)
  await screen.findByText('1 条未读')

  fireEvent.click(screen.getByText('焊工准考证已发放'))

  await waitFor(() => expect(taroMock.navigateTo).toHaveBeenLastCalledWith({ url: `/packageRegister/pages/pass/index?id=${REGISTRATION_ID}` }))
})

it('a message opening 我的 (where the inbox was opened from) is read where it stands', async () => {
  const sent = inboxBff([{ ...announcement, page: MINIAPP_PAGES.mine, read: false }])
  render(<Inbox />)
  await screen.findByText('1 条未读')

  fireEvent.click(screen.getByText('关于赛前培训的通知'))

  await screen.findByText('没有未读消息')
  expect(taroMock.navigateTo).not.toHaveBeenCalled()
  expect(sent.some((r) => r.path === `/me/notifications/${announcement.id}/read`)).toBe(true)
})

it('全部已读 marks every message read', async () => {
  const sent = inboxBff([rejection, message(28), message(27, { read: true })])
  const { container } = render(<Inbox />)
  await screen.findByText('2 条未读')

  fireEvent.click(screen.getByText('全部已读'))

  await screen.findByText('没有未读消息')
  expect(container.querySelectorAll('.inbox-item--unread')).toHaveLength(0)
  expect(screen.queryByText('全部已读')).toBeNull()
  expect(sent.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(['/me/notifications/read-all'])
})

it('loads the next page by cursor when scrolled to the end, each message once', async () => {
  // 25 messages, newest (25) first.
  const sent = inboxBff(Array.from({ length: 25 }, (_, i) => message(25 - i, { title: `第${25 - i}条` })))
  const { container } = render(<Inbox />)
  await screen.findByText('第25条')
  expect(items(container)).toHaveLength(20)
  expect(screen.getByText('加载更多')).toBeTruthy()

  await act(async () => {
    pageLifecycle.reachBottom()
    // A second scroll event while the page is on its way asks for nothing more.
    pageLifecycle.reachBottom()
  })

  await screen.findByText('第1条')
  expect(items(container)).toHaveLength(25)
  expect(items(container).map((el) => el.querySelector('.inbox-item__title')?.textContent)).toEqual(
    Array.from({ length: 25 }, (_, i) => `第${25 - i}条`),
  )
  const pages = sent.filter((r) => r.path === '/me/notifications')
  expect(pages.map((r) => r.query)).toEqual(['', `?cursor=${idOf(6)}`])
  expect(screen.getByText('没有更多消息了')).toBeTruthy()

  // At the end, scrolling further asks for nothing.
  await act(async () => pageLifecycle.reachBottom())
  expect(sent.filter((r) => r.path === '/me/notifications')).toHaveLength(2)
})

it('says when the next page failed, and a tap on the footer tries again', async () => {
  let failNext = true
  inboxBff(
    Array.from({ length: 21 }, (_, i) => message(21 - i, { title: `第${21 - i}条` })),
    (request) => {
      if (request.query.includes('cursor') && failNext) {
        failNext = false
        return refused(503, 'NOT_READY', '服务暂不可用，请稍后重试')
      }
      return undefined
    },
  )
  const { container } = render(<Inbox />)
  await screen.findByText('第21条')

  await act(async () => pageLifecycle.reachBottom())
  fireEvent.click(await screen.findByText('加载失败，点击重试'))

  await screen.findByText('第1条')
  expect(items(container)).toHaveLength(21)
})

it('says so when there is no message yet', async () => {
  inboxBff([])
  render(<Inbox />)
  expect(await screen.findByText('暂无消息。报名审核结果和大赛通知会发送到这里。')).toBeTruthy()
})

it('shows the error with 重试, which loads the inbox once the BFF answers', async () => {
  let down = true
  inboxBff([rejection], () => (down ? refused(503, 'NOT_READY', '服务暂不可用，请稍后重试') : undefined))
  render(<Inbox />)
  expect(await screen.findByText('服务暂不可用，请稍后重试')).toBeTruthy()

  down = false
  fireEvent.click(screen.getByText('重试'))

  await waitFor(() => expect(screen.getByText(`未通过：${REASON}`)).toBeTruthy())
})

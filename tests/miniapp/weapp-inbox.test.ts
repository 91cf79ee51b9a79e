/**
 * The BUILT inbox page (miniapp/dist/weapp/pages/inbox, from `npm run build:weapp`) rendered by
 * miniprogram-simulate, against a test BFF in a child process where 河西区总工会 rejected the
 * worker's registration with a reason (tests/support/weapp-inbox-bff-main.ts): 我的 shows 消息 with
 * the unread count, the inbox shows the rejection with its reason, loads older messages at the end
 * of the list, and a tap marks it read and opens the registration; 我的 then counts nothing unread.
 */
import path from 'node:path'
import { startTestBffProcess, type TestBffProcess } from '../support/weapp-bff-process'
import { INBOX_ANNOUNCEMENTS, INBOX_REJECTION_REASON, INBOX_WORKER } from '../support/weapp-inbox'
import { launchWeapp, type Weapp } from '../support/weapp-shim'

const TEST_TIMEOUT_MS = 30_000
const ENTRY = path.resolve(__dirname, '../support/weapp-inbox-bff-main.ts')
/** How a class reads in the rendered tree (the shim's textOf adds the prefix itself). */
const ITEM = '.main--inbox-item'

let bff: TestBffProcess
let weapp: Weapp

beforeAll(async () => {
  bff = await startTestBffProcess(90_000, ENTRY)
  weapp = await launchWeapp({ apiBaseUrl: bff.baseUrl, wechat: { emulatorUrl: bff.wechatBaseUrl, user: INBOX_WORKER } })
}, 120_000)

afterAll(async () => {
  await bff?.stop()
}, TEST_TIMEOUT_MS)

/** Resolves once a request matching `pattern` has been answered (the page marks a message read before the BFF answers). */
async function answered(pattern: RegExp, timeoutMs = 5_000): Promise<void> {
  const started = Date.now()
  while (!calls().some((c) => pattern.test(c) && !c.endsWith(' undefined'))) {
    if (Date.now() - started > timeoutMs) throw new Error(`no answer to ${pattern} within ${timeoutMs} ms: ${calls().join(', ')}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** The requests from the `from`-th on, as `METHOD path?query status`. */
function calls(from = 0): string[] {
  return weapp.requests.slice(from).map((r) => `${r.method} ${new URL(r.requestedUrl).pathname}${new URL(r.requestedUrl).search} ${r.statusCode ?? r.error}`)
}

it('我的 shows 消息 with the unread count, and opens the inbox', async () => {
  const mine = await weapp.openPage('pages/mine/index')

  await mine.waitForText('消息')
  await mine.waitForText('我的报名')
  expect(mine.textOf('.mine__inbox')).toBe('消息1›')
  mine.tap('消息')
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(weapp.navigations).toEqual(['/pages/inbox/index'])
  mine.close()
}, TEST_TIMEOUT_MS)

it('the inbox shows the rejection with its reason first, older messages at the end of the list, and reading it', async () => {
  const before = weapp.requests.length
  const inbox = await weapp.openPage('pages/inbox/index')

  await inbox.waitForText(INBOX_REJECTION_REASON)
  const first = inbox.textOf('.inbox-item')
  expect(first).toContain('焊工报名工会审核未通过')
  expect(first).toContain(`未通过：${INBOX_REJECTION_REASON}`)
  expect(first).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/)
  expect(inbox.root.querySelectorAll(`${ITEM}--unread`)).toHaveLength(1)
  expect(inbox.text()).toContain('1 条未读')
  expect(inbox.root.querySelectorAll(ITEM)).toHaveLength(20)

  // Scrolled to the end: the next page by cursor.
  inbox.reachBottom()
  await inbox.waitForText('没有更多消息了')
  expect(inbox.root.querySelectorAll(ITEM)).toHaveLength(INBOX_ANNOUNCEMENTS + 1)
  expect(inbox.text()).toContain('第1号通知')
  expect(calls(before).filter((c) => c.startsWith('GET /api/v1/me/notifications'))).toEqual([
    'GET /api/v1/me/notifications 200',
    expect.stringMatching(/^GET \/api\/v1\/me\/notifications\?cursor=[0-9a-f]{24} 200$/),
  ])

  // A tap: read, and the registration opens.
  weapp.navigations.length = 0
  inbox.tap('焊工报名工会审核未通过')
  await inbox.waitForText('没有未读消息')
  expect(inbox.root.querySelectorAll(`${ITEM}--unread`)).toHaveLength(0)
  expect(weapp.navigations).toEqual([expect.stringMatching(/^\/packageRegister\/pages\/detail\/index\?id=[0-9a-f]{24}$/)])
  await answered(/^POST \/api\/v1\/me\/notifications\/[0-9a-f]{24}\/read /)
  expect(calls()).toContainEqual(expect.stringMatching(/^POST \/api\/v1\/me\/notifications\/[0-9a-f]{24}\/read 200$/))
  inbox.close()
}, TEST_TIMEOUT_MS)

it('我的 counts nothing unread once the message is read', async () => {
  const mine = await weapp.openPage('pages/mine/index')

  await mine.waitForText('我的报名')
  expect(mine.textOf('.mine__inbox')).toBe('消息›')
  mine.close()
}, TEST_TIMEOUT_MS)

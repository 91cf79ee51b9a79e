/**
 * The BUILT scan page (miniapp/dist/weapp/packageVenue, an independent subpackage with its own
 * runtime, from `npm run build:weapp`) rendered by miniprogram-simulate, against a test BFF in a
 * child process where the emulator's test user is venue staff of the main venue and contestants
 * are placed for every outcome (tests/support/weapp-venue-bff-main.ts). `wx.scanCode` is stubbed
 * to read the QR text of each; the page shows each outcome's text, the person, the earlier
 * check-in; a typed pass number checks in too; without a network it answers from the roster and
 * uploads when the network is back.
 */
import { readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CHECK_IN_OUTCOME_TEXT } from '@contest/shared'
import { startTestBffProcess, type TestBffProcess } from '../support/weapp-bff-process'
import { VENUE_FIXTURE_ENV, VENUE_STAFF, type TWeappVenueFixture } from '../support/weapp-venue'
import { launchWeapp, type Weapp, type WeappPage } from '../support/weapp-shim'

const TEST_TIMEOUT_MS = 30_000
const ENTRY = path.resolve(__dirname, '../support/weapp-venue-bff-main.ts')
const FIXTURE_FILE = path.join(os.tmpdir(), `weapp-venue-${process.pid}.json`)

type Callback = (result: Record<string, unknown>) => void
type NetworkListener = (result: { isConnected: boolean; networkType: string }) => void

let bff: TestBffProcess
let weapp: Weapp
let fixture: TWeappVenueFixture
let page: WeappPage
/** What the camera reads next. */
let qrText = ''
const networkListeners = new Set<NetworkListener>()
let connected = true

/** The camera and the network, as WeChat's APIs answer them (miniprogram-simulate only stubs them). */
function stubPhone(): void {
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx
  wx.scanCode = (options: { success?: Callback; complete?: Callback }) => {
    const result = { result: qrText, scanType: 'QR_CODE', charSet: 'utf-8', errMsg: 'scanCode:ok' }
    setTimeout(() => {
      options.success?.(result)
      options.complete?.(result)
    }, 0)
  }
  wx.getNetworkType = (options: { success?: Callback; complete?: Callback }) => {
    const result = { networkType: connected ? 'wifi' : 'none', errMsg: 'getNetworkType:ok' }
    setTimeout(() => {
      options.success?.(result)
      options.complete?.(result)
    }, 0)
  }
  wx.onNetworkStatusChange = (listener: NetworkListener) => networkListeners.add(listener)
  wx.offNetworkStatusChange = (listener: NetworkListener) => networkListeners.delete(listener)
}

beforeAll(async () => {
  process.env[VENUE_FIXTURE_ENV] = FIXTURE_FILE
  bff = await startTestBffProcess(90_000, ENTRY)
  fixture = JSON.parse(readFileSync(FIXTURE_FILE, 'utf8')) as TWeappVenueFixture
  weapp = await launchWeapp({ apiBaseUrl: bff.baseUrl, wechat: { emulatorUrl: bff.wechatBaseUrl, user: VENUE_STAFF } })
  stubPhone()
  page = await weapp.openPage('packageVenue/pages/scan/index')
  // Online, the roster of the session is downloaded at once.
  await page.waitForText('离线名单：4 人', 10_000)
}, 120_000)

afterAll(async () => {
  page?.close()
  rmSync(FIXTURE_FILE, { force: true })
  await bff?.stop()
}, TEST_TIMEOUT_MS)

/** Waits until the status bar says `state` (在线 / 离线). */
async function networkShown(state: '在线' | '离线', timeoutMs = 5_000): Promise<void> {
  const started = Date.now()
  while (page.textOf('.venue-scan__network') !== state) {
    if (Date.now() - started > timeoutMs) throw new Error(`the page did not say ${state}: ${page.text()}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Scans `text` and waits for `outcome`'s text; answers the result card's text. */
async function scanAndRead(text: string, outcome: keyof typeof CHECK_IN_OUTCOME_TEXT): Promise<string> {
  qrText = text
  page.tap('扫码签到')
  await page.waitForText(CHECK_IN_OUTCOME_TEXT[outcome].message)
  return page.textOf('.venue-scan__result')
}

it('shows the session, online, and nothing waiting to upload', () => {
  expect(page.textOf('.venue-scan__network')).toBe('在线')
  expect(page.text()).toContain('没有待上传的签到')
  expect(page.text()).toContain('上午场')
})

it('checked in: the name, trade, station and masked ID to compare with the ID card', async () => {
  const card = await scanAndRead(fixture.tokens.checked_in, 'checked_in')
  for (const shown of [fixture.person.name, '焊工 · 职工组', fixture.person.station, fixture.person.nationalIdMasked]) expect(card).toContain(shown)
  expect(page.root.querySelector('[class*="venue-scan__result--ok"]')).not.toBeNull()
}, TEST_TIMEOUT_MS)

it('the same pass again: already checked in, when, by whom and on which device', async () => {
  const card = await scanAndRead(fixture.tokens.checked_in, 'already_checked_in')
  expect(card).toMatch(/签到时间\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/)
  expect(card).toContain('现场工作人员（您）')
  expect(card).toMatch(/设备d-[0-9a-z]{10}/)
  expect(page.root.querySelector('[class*="venue-scan__result--warn"]')).not.toBeNull()
}, TEST_TIMEOUT_MS)

it.each([
  ['not_confirmed', 'stop'],
  ['wrong_venue', 'warn'],
  ['wrong_session', 'warn'],
  ['revoked', 'stop'],
  ['unknown', 'stop'],
  ['forged', 'stop'],
] as const)('%s: its text, in its colour', async (outcome, tone) => {
  await scanAndRead(fixture.tokens[outcome], outcome)
  expect(page.root.querySelector(`[class*="venue-scan__result--${tone}"]`)).not.toBeNull()
}, TEST_TIMEOUT_MS)

it('a typed pass number checks in', async () => {
  page.input('.venue-scan__input', fixture.typedPassNumber)
  page.tap('签到')
  await page.waitForText('李娜')
  expect(page.textOf('.venue-scan__result')).toContain(CHECK_IN_OUTCOME_TEXT.checked_in.message)
}, TEST_TIMEOUT_MS)

it('without a network: answered from the roster, queued, and uploaded when the network is back', async () => {
  const apiBase = bff.baseUrl
  // Nothing listens there: every request fails as without signal.
  await launchWeapp({ apiBaseUrl: 'http://127.0.0.1:9', wechat: { emulatorUrl: bff.wechatBaseUrl, user: VENUE_STAFF } })
  connected = false
  for (const listener of networkListeners) listener({ isConnected: false, networkType: 'none' })
  await networkShown('离线')

  const card = await scanAndRead(fixture.tokens.checked_in, 'already_checked_in')
  expect(card).toContain('离线核验，联网后自动上传')
  await page.waitForText('1 条签到待上传')
  await scanAndRead(fixture.tokens.forged, 'forged')
  await page.waitForText('2 条签到待上传')

  const online = await launchWeapp({ apiBaseUrl: apiBase, wechat: { emulatorUrl: bff.wechatBaseUrl, user: VENUE_STAFF } })
  connected = true
  for (const listener of networkListeners) listener({ isConnected: true, networkType: 'wifi' })
  await networkShown('在线')
  await page.waitForText('没有待上传的签到')
  await page.waitForText('已上传 2 条离线签到')
  expect(online.requests.filter((r) => new URL(r.requestedUrl).pathname === '/api/v1/venue/check-ins/batch').map((r) => r.statusCode)).toEqual([200])
}, TEST_TIMEOUT_MS)

it('the board of the same independent subpackage counts both contestants checked in', async () => {
  const board = await weapp.openPage('packageVenue/pages/board/index', { session: fixture.session })
  await board.waitForText('全部考生已签到')
  // 王强 (no longer confirmed) and 刘洋 (revoked) are not expected.
  expect(board.textOf('.board__totals')).toBe('2应到2已签到0未到')
  board.close()
}, TEST_TIMEOUT_MS)

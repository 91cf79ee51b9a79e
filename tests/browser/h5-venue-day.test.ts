/**
 * The competition day in the H5 build, served by the seeded test BFF (WeChat emulator,
 * development sign-in), each person in their own browser: a worker of 河西区 registered for 焊工
 * (职工组), the union approved and the committee confirmed it (over HTTP, as the desks do). The
 * seed has no sessions, so the committee, in 场次与考场, adds a morning session at the main venue
 * hosting 焊工（职工组） and runs 自动安排 for it; the worker opens 我的 › 我的报名 › 准考证 and sees
 * the number, the session, the station and a QR code that reads back as the pass's signed token;
 * venue staff of the main venue type that number on 现场签到 (签到成功) and open 签到看板 from
 * there, which counts one checked in; the committee's board of the session says the same.
 * Screenshots in .artifacts/screenshots/h5-venue-day-*.png.
 */
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import type { Page } from 'playwright-core'
import { CHECK_IN_OUTCOME_TEXT, decodePassToken, passSerialOf } from '@contest/shared'
import { DEMO_VENUES } from '@contest/bff/src/seed/demoData'
import { CheckInModel } from '@contest/bff/src/models/checkIn'
import { RegistrationModel } from '@contest/bff/src/models/registration'
import { startTestBff, type TestBff } from '../support/bff'
import { HEXI_CODE, approveAtDesk, demoCompetitionId, grantToWeChatUser, signInWeChatUser, submitRegistration, unionIdByName } from '../support/auditFixtures'
import { registrationInput } from '../support/registration'
import { People } from './support/chromium'
import { addSession, autoAssign } from './support/committee'
import { shown, shownText, signInH5 } from './support/taroH5'
import { checkInByTypedNumber } from './support/venue'
import { passNumberShown } from './support/worker'

const WAIT = { timeout: 20_000 }
const PC = { width: 1280, height: 900 }
const WORKER = 'venue-day-worker-1'
const OFFICIAL = 'venue-day-official-1'
const COMMITTEE = 'venue-day-committee-1'
const STAFF = 'venue-day-staff-1'
const MAIN_VENUE = DEMO_VENUES.find((venue) => venue.code === 'main')!.name
const SESSION = { code: 'vd-am', name: '焊工上午场', date: '2027-09-20', capacity: '10', venue: MAIN_VENUE, host: '焊工（职工组）' }

let bff: TestBff
const people = new People()
let registrationId: string

beforeAll(async () => {
  bff = await startTestBff({ seed: true, wechatEmulator: true })
  const wechatBaseUrl = bff.wechat!.baseUrl
  const competitionId = await demoCompetitionId()
  await grantToWeChatUser(wechatBaseUrl, OFFICIAL, [{ role: 'union_official', unionId: await unionIdByName('河西区总工会') }])
  await grantToWeChatUser(wechatBaseUrl, COMMITTEE, [{ role: 'committee', competitionId }])
  await grantToWeChatUser(wechatBaseUrl, STAFF, [{ role: 'venue_staff', competitionId, venue: 'main' }])

  // 张伟 registers for 焊工, 职工组; 河西区总工会 approves, the committee confirms.
  const worker = await signInWeChatUser(bff.baseUrl, wechatBaseUrl, WORKER)
  registrationId = await submitRegistration(bff.baseUrl, worker, registrationInput(competitionId, { name: '张伟', unionCode: HEXI_CODE }))
  await approveAtDesk(bff.baseUrl, wechatBaseUrl, registrationId, 'union', OFFICIAL)
  await approveAtDesk(bff.baseUrl, wechatBaseUrl, registrationId, 'committee', COMMITTEE)
}, 60_000)

afterAll(async () => {
  await people.closeAll()
  await bff?.stop()
})

/** The text a QR reader finds in what the page draws at `selector` (its pixels on screen). */
async function qrTextShown(page: Page, selector: string): Promise<string> {
  const png = PNG.sync.read(await shown(page, selector).screenshot())
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? ''
}

/** The totals of 签到看板 being shown: 应到, 已签到, 未到. */
async function boardTotals(page: Page): Promise<{ expected: string; checkedIn: string; missing: string }> {
  const number = (modifier: string) => shown(page, `.board__total${modifier} .board__number`).innerText()
  return { expected: await number(':not(.board__total--in):not(.board__total--missing)'), checkedIn: await number('.board__total--in'), missing: await number('.board__total--missing') }
}

it('the committee places the worker, the worker opens the pass, venue staff type its number, and the board counts one checked in', async () => {
  // ---- The committee: 我的 › 组委会管理 › 场次与考场; no session yet, so a new one hosting 焊工（职工组）.
  const committee = await people.launch(PC)
  await signInH5(committee.page, bff.baseUrl, COMMITTEE)
  await shown(committee.page, '.mine__link:has-text("组委会管理")').click()
  await shown(committee.page, '.committee__row:has-text("场次与考场")').click()
  await shown(committee.page, '.sessions .committee__empty:has-text("还没有场次")').waitFor(WAIT)
  const row = await addSession(committee.page, SESSION, () => committee.screenshot('h5-venue-day-1-new-session'))
  expect(await row.innerText()).toContain('已安排 0 人')

  // ---- 自动安排 for 焊工（职工组）: 张伟 gets the session's first station and a pass.
  expect(await autoAssign(committee.page, SESSION.host)).toBe(`已安排 1 人：${SESSION.code} 1 人，余 9 个考位`)
  await shown(committee.page, `.session-row:has-text("${SESSION.code}"):has-text("已安排 1 人")`).waitFor(WAIT)
  await committee.screenshot('h5-venue-day-2-assigned')
  const placed = await RegistrationModel.findById(registrationId).lean().orFail().exec()
  expect(placed.pass).toMatchObject({ sessionCode: SESSION.code, station: 'A-001' })

  // ---- The worker: 我的 › 我的报名 › 准考证: the number, where and when, and the QR code.
  const worker = await people.launch()
  await signInH5(worker.page, bff.baseUrl, WORKER)
  await shown(worker.page, '.mine__registrations').click()
  await shown(worker.page, '.register-item:has-text("焊工 · 职工组") .register-pass-entry').click()
  const passNumber = await passNumberShown(worker.page)
  expect(passNumber).toMatch(/^\d{8}$/)
  const passText = await shownText(worker.page)
  for (const line of ['张伟', '焊工 · 职工组', MAIN_VENUE, SESSION.name, 'A-001']) expect(passText).toContain(line)
  // What the gate's scanner would read off the phone: this pass's signed token for this session.
  await worker.screenshot('h5-venue-day-3-pass')
  const token = await qrTextShown(worker.page, '.register-pass__qr-image')
  expect(token).toBe(placed.pass!.token)
  expect(decodePassToken(token)?.fields).toMatchObject({ passSerial: passSerialOf(passNumber), venueCode: 'main', sessionCode: SESSION.code })

  // ---- Venue staff at a PC: 我的 › 现场签到, the session, the pass number typed.
  const staff = await people.launch(PC)
  await signInH5(staff.page, bff.baseUrl, STAFF)
  const checkedIn = await checkInByTypedNumber(staff.page, SESSION.name, passNumber)
  expect(checkedIn).toContain(CHECK_IN_OUTCOME_TEXT.checked_in.message)
  expect(checkedIn).toContain('张伟')
  expect(checkedIn).toContain('A-001')
  await staff.screenshot('h5-venue-day-4-checked-in')
  expect(await CheckInModel.countDocuments({ passSerial: passSerialOf(passNumber) })).toBe(1)

  // ---- 签到看板 from the scan page: one expected, one checked in, none missing.
  await shown(staff.page, '.venue-scan__board').click()
  await shown(staff.page, '.board__total--in .board__number').waitFor(WAIT)
  expect(await boardTotals(staff.page)).toEqual({ expected: '1', checkedIn: '1', missing: '0' })
  expect(await shownText(staff.page)).toContain('全部考生已签到')
  await staff.screenshot('h5-venue-day-5-board')

  // ---- The committee's 签到看板 of the same session counts the same.
  await row.locator(".committee__small:has-text(\"签到看板\")").click()
  await shown(committee.page, '.board__total--in .board__number').waitFor(WAIT)
  expect(await boardTotals(committee.page)).toEqual({ expected: '1', checkedIn: '1', missing: '0' })
  expect(await shownText(committee.page)).toContain('焊工')
  await committee.screenshot('h5-venue-day-6-committee-board')

  for (const someone of people.all) expect(someone.errors).toEqual([])
}, 180_000)

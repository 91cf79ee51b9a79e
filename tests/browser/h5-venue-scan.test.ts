/**
 * 现场签到 in the H5 build (a PC at the venue's desk: no camera) served by the seeded test BFF with
 * the WeChat emulator and a competition day (tests/support/venueDay.ts): a venue-staff member signs
 * in, opens 我的 › 现场签到, sees the morning session and 在线, types a mistyped pass number
 * (refused before anything is sent), then the right one: 签到成功 with the person; typed again,
 * 已签到过 with when, by whom and the device. Screenshots in .artifacts/screenshots/h5-venue-scan-*.png.
 */
import { CHECK_IN_OUTCOME_TEXT } from '@contest/shared'
import { CheckInModel } from '@contest/bff/src/models/checkIn'
import { startTestBff, type TestBff } from '../support/bff'
import { seedVenueDay } from '../support/venueDay'
import type { TWeappVenueFixture } from '../support/weapp-venue'
import { People } from './support/chromium'
import { shown, shownText, signInH5 } from './support/taroH5'

const WAIT = { timeout: 20_000 }
const STAFF = 'venue-scan-staff-1'

let bff: TestBff
let day: TWeappVenueFixture
const people = new People()

beforeAll(async () => {
  bff = await startTestBff({ seed: true, wechatEmulator: true })
  day = await seedVenueDay(bff, bff.wechat!.baseUrl, STAFF)
}, 60_000)

afterAll(async () => {
  await people.closeAll()
  await bff?.stop()
})

it('venue staff type pass numbers: a typo refused on the page, the right number checked in, the second time already checked in', async () => {
  const staff = await people.launch({ width: 1280, height: 900 })
  const checkIns: string[] = []
  staff.page.on('request', (r) => {
    if (r.url().includes('/api/v1/venue/check-ins')) checkIns.push(r.postData() ?? '')
  })
  await signInH5(staff.page, bff.baseUrl, STAFF)
  await shown(staff.page, '.mine__link:has-text("现场签到")').click()
  await shown(staff.page, '.venue-scan__session--chosen:has-text("上午场")').waitFor(WAIT)
  await shown(staff.page, '.venue-scan__roster:has-text("离线名单：4 人")').waitFor(WAIT)
  expect(await shown(staff.page, '.venue-scan__network').innerText()).toBe('在线')
  // No camera on a PC: typing only.
  expect(await shownText(staff.page)).not.toContain('扫码签到')

  /** Types a pass number and taps 签到; answers the text of the result card in `tone`. */
  const enter = async (passNumber: string, tone?: 'ok' | 'warn') => {
    await shown(staff.page, '.venue-scan__input input').fill(passNumber)
    await shown(staff.page, '.venue-scan__submit').click()
    if (!tone) return ''
    const result = shown(staff.page, `.venue-scan__result--${tone}`)
    await result.waitFor(WAIT)
    return result.innerText()
  }

  const typed = day.typedPassNumber
  const typo = `${typed.slice(0, 7)}${(Number(typed[7]) + 1) % 10}`
  await enter(typo)
  await shown(staff.page, '.venue-scan__problem:has-text("准考证号有误")').waitFor(WAIT)
  expect(checkIns).toEqual([])

  const card = await enter(typed, 'ok')
  expect(card).toContain(CHECK_IN_OUTCOME_TEXT.checked_in.message)
  expect(card).toContain('李娜')
  expect(card).toMatch(/120103\*{8}\d{4}/)
  await staff.screenshot('h5-venue-scan-1-checked-in')
  expect(await CheckInModel.countDocuments({ passSerial: Number(typed.slice(0, 7)) })).toBe(1)

  const repeat = await enter(typed, 'warn')
  expect(repeat).toContain(CHECK_IN_OUTCOME_TEXT.already_checked_in.message)
  expect(repeat).toMatch(/设备\s*d-[0-9a-z]{10}/)
  await staff.screenshot('h5-venue-scan-2-already')
  expect(checkIns).toHaveLength(2)
  expect(await CheckInModel.countDocuments({ passSerial: Number(typed.slice(0, 7)) })).toBe(1)
}, 90_000)

/**
 * A worker registers, in the H5 build served by the seeded test BFF (with the WeChat emulator and
 * the development sign-in): signs in, opens the competition, 我要报名, types the union code their
 * union gave them, confirms 河西区总工会, accepts the privacy notice, fills in the form, checks
 * 核对信息 and submits, then sees 待工会审核 on the detail page and in 我的报名. Screenshots of each
 * step land in .artifacts/screenshots/h5-register-*.png.
 */
import { DEMO_COMPETITION, DEMO_UNIONS, demoUnionCode } from '@contest/bff/src/seed/demoData'
import { DECLARATION_TEXT, nationalIdCheckCharacter } from '@contest/shared'
import { startTestBff, type TestBff } from '../support/bff'
import { launchPerson, type Person } from './support/chromium'
import { shown, shownText, signInH5 } from './support/taroH5'
import { fillRegistrationForm, tickDeclarations } from './support/worker'

const WAIT = { timeout: 20_000 }

const hexi = DEMO_UNIONS.children?.find((union) => union.name === '河西区总工会')
if (!hexi) throw new Error('the demo has no 河西区总工会')
const HEXI_CODE = demoUnionCode(hexi)

/**
 * 天津市河西区 (120103), born 12 May 1990, male (odd sequence): 36 on the demo's reference date
 * (the next 31 August), within 职工组's 18–60 for years to come.
 */
const ID_FIRST17 = '12010319900512123'
const NATIONAL_ID = ID_FIRST17 + nationalIdCheckCharacter(ID_FIRST17)
const MOBILE = '13812345678'

let bff: TestBff
let worker: Person

beforeAll(async () => {
  bff = await startTestBff({ seed: true, wechatEmulator: true })
}, 60_000)

afterAll(async () => {
  await worker?.close()
  await bff?.stop()
})

it('a worker enters the union code, fills in the form, submits and sees 待工会审核', async () => {
  worker = await launchPerson()
  const { page } = worker

  // ---- Signs in (H5 development sign-in), opens the competition, 我要报名.
  await signInH5(page, bff.baseUrl, 'worker-register-1')

  await page.goto(`${bff.baseUrl}/#/pages/index/index`)
  await shown(page, `:text("${DEMO_COMPETITION.name}")`).click()
  await shown(page, '.detail__register-button').waitFor(WAIT)
  await worker.screenshot('h5-register-1-competition')
  await shown(page, '.detail__register-button').click()

  // ---- The union code: a mistyped one is refused with the BFF's message, then the right one.
  const codeInput = shown(page, '.register__input--code input')
  await codeInput.waitFor(WAIT)
  expect(await shownText(page)).toContain('浏览器中不能扫码')
  const mistyped = HEXI_CODE.slice(0, -1) + (HEXI_CODE.endsWith('2') ? '3' : '2')
  await codeInput.fill(mistyped)
  await shown(page, '.register__primary:has-text("查询工会")').click()
  await shown(page, '.register__error').waitFor(WAIT)
  expect(await shown(page, '.register__error').innerText()).toBe('工会代码有误，请核对后重新输入')

  await codeInput.fill(HEXI_CODE.toLowerCase())
  await shown(page, '.register__primary:has-text("查询工会")').click()
  await shown(page, '.register__union-name:has-text("河西区总工会")').waitFor(WAIT)
  expect(await shown(page, '.register__union-chain').innerText()).toBe('天津市总工会 › 河西区总工会')
  expect(await shownText(page)).toContain(`工会代码：${HEXI_CODE}`)
  await worker.screenshot('h5-register-2-union')
  await shown(page, '.register__primary:has-text("确认，下一步")').click()

  // ---- First time: the privacy notice, then the form.
  await shown(page, '.privacy-notice__agree').waitFor(WAIT)
  await worker.screenshot('h5-register-3-privacy')
  await shown(page, '.privacy-notice__agree').click()
  await shown(page, '.register-field--name input').waitFor(WAIT)

  await fillRegistrationForm(page, { name: '张伟', nationalId: NATIONAL_ID, derivedBirth: '出生日期：1990年5月12日', mobile: MOBILE, employer: '天津市第一机床厂' })

  // Forgetting a declaration is said beside it.
  await shown(page, '.register__next').click()
  const missing = shown(page, '.register-field--declarations-notFullTimeStudent .register-field__error')
  await missing.waitFor(WAIT)
  expect(await missing.innerText()).toBe(`请确认：${DECLARATION_TEXT.notFullTimeStudent}`)
  await tickDeclarations(page)
  await worker.screenshot('h5-register-4-form')

  // ---- 核对信息: ID and phone masked.
  await shown(page, '.register__next').click()
  await shown(page, '.register-review').waitFor(WAIT)
  const review = await shownText(page)
  expect(review).toContain('核对报名信息')
  expect(review).toContain(`${NATIONAL_ID.slice(0, 6)}********${NATIONAL_ID.slice(-4)}`)
  expect(review).toContain('138****5678')
  expect(review).not.toContain(NATIONAL_ID)
  expect(review).not.toContain(MOBILE)
  expect(review).toContain('天津市总工会 › 河西区总工会')
  expect(review).toMatch(/工种\s*焊工/)
  await worker.screenshot('h5-register-5-review')

  // ---- 提交报名 → the detail page: 待工会审核, with the timeline.
  await shown(page, '.register__submit').click()
  await shown(page, '.register-detail__status:has-text("待工会审核")').waitFor(WAIT)
  const detail = await shownText(page)
  expect(detail).toContain('提交报名')
  expect(detail).toContain('等待工会审核')
  expect(detail).toMatch(/本人 · \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/)
  expect(detail).toContain(`${NATIONAL_ID.slice(0, 6)}********${NATIONAL_ID.slice(-4)}`)
  expect(detail).not.toContain(NATIONAL_ID)
  expect(detail).toContain('撤回报名')
  await worker.screenshot('h5-register-6-detail')

  // ---- 我的报名 lists it; the draft is gone (the form starts empty for this competition).
  await page.goto(`${bff.baseUrl}/#/packageRegister/pages/mine/index`)
  await shown(page, '.register-item').waitFor(WAIT)
  const mine = await shownText(page)
  expect(mine).toContain(DEMO_COMPETITION.name)
  expect(mine).toContain('焊工 · 职工组')
  expect(mine).toContain('待工会审核')
  await worker.screenshot('h5-register-7-mine')
  expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('contest.registerDraft.')))).toEqual([])

  expect(worker.errors).toEqual([])
}, 120_000)

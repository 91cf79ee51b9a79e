/**
 * Issue 14 item 4 in the H5 build: the demo competition set up with two union levels. 王芳
 * registers with 河西区友谊路街道总工会's code; the 基层工会's official sees her at 第1级, approves,
 * and is told it went on to 河西区总工会 (and can no longer decide); 河西区总工会's official sees her
 * at 第2级 with 友谊路's approval, approves, and the trail names each level; the worker's 我的报名
 * shows both union steps. Screenshots land in .artifacts/screenshots/h5-audit-levels-*.png.
 */
import { CompetitionModel } from '@contest/bff/src/models/competition'
import { startTestBff, type TestBff } from '../support/bff'
import { YOUYI_CODE, demoCompetitionId, grantToWeChatUser, signInWeChatUser, submitRegistration, unionIdByName } from '../support/auditFixtures'
import { registrationInput } from '../support/registration'
import { People } from './support/chromium'
import { confirmModal, shown, shownText, signInH5 } from './support/taroH5'

const WAIT = { timeout: 20_000 }
const PC = { width: 1280, height: 900 }

let bff: TestBff
const people = new People()
let registrationId: string

beforeAll(async () => {
  bff = await startTestBff({ seed: true, wechatEmulator: true })
  const wechatBaseUrl = bff.wechat!.baseUrl
  const competitionId = await demoCompetitionId()
  // The committee's set-up (its API and page are tested elsewhere): two union levels, before anyone registers.
  await CompetitionModel.updateOne({ _id: competitionId }, { $set: { auditLevels: 2 } }).exec()
  await grantToWeChatUser(wechatBaseUrl, 'official-youyi-1', [{ role: 'union_official', unionId: await unionIdByName('河西区友谊路街道总工会') }])
  await grantToWeChatUser(wechatBaseUrl, 'official-hexi-1', [{ role: 'union_official', unionId: await unionIdByName('河西区总工会') }])
  const worker = await signInWeChatUser(bff.baseUrl, wechatBaseUrl, 'worker-levels-1')
  registrationId = await submitRegistration(bff.baseUrl, worker, registrationInput(competitionId, { name: '王芳', unionCode: YOUYI_CODE }))
}, 60_000)

afterAll(async () => {
  await people.closeAll()
  await bff?.stop()
})

it('the 基层工会 approves and forwards to 河西区总工会, which approves to the committee; each screen shows the level', async () => {
  // ---- 友谊路's official: the registration waits at 第1级.
  const youyi = await people.launch(PC)
  await signInH5(youyi.page, bff.baseUrl, 'official-youyi-1')
  await shown(youyi.page, '.mine__link:has-text("审核工作台")').click()
  await shown(youyi.page, '.audit-home__open:has-text("1条待处理")').click()
  await shown(youyi.page, '.audit-row:has-text("王芳")').waitFor(WAIT)
  expect(await shown(youyi.page, '.audit-row:has-text("王芳") .audit-row__level').innerText()).toBe('第1级（共2级）：河西区友谊路街道总工会审核')
  await youyi.screenshot('h5-audit-levels-1-grassroots-queue')

  await shown(youyi.page, '.audit-row:has-text("王芳")').click()
  await shown(youyi.page, '.audit-detail__approve').click()
  await confirmModal(youyi.page, '审核通过')
  await shown(youyi.page, '.audit-detail__done:has-text("已审核通过，已报河西区总工会审核")').waitFor(WAIT)
  const forwarded = await shownText(youyi.page)
  expect(forwarded).toContain('第2级（共2级）：河西区总工会审核')
  expect(forwarded).toContain('不在您所在工会的审核层级，您可以查看，不能审核')
  expect(forwarded).toContain('基层工会审核通过，报上级工会审核（第1级）')
  expect(await youyi.page.locator('.taro_page:visible .audit-detail__approve').count()).toBe(0)
  await youyi.screenshot('h5-audit-levels-2-forwarded')

  // ---- 河西区's official: 第2级, with 友谊路's approval beside it.
  const hexi = await people.launch(PC)
  await signInH5(hexi.page, bff.baseUrl, 'official-hexi-1')
  await shown(hexi.page, '.mine__link:has-text("审核工作台")').click()
  await shown(hexi.page, '.audit-home__open:has-text("1条待处理")').click()
  await shown(hexi.page, '.audit-row:has-text("王芳")').waitFor(WAIT)
  expect(await shown(hexi.page, '.audit-row:has-text("王芳") .audit-row__level').innerText()).toBe(
    '第2级（共2级）：河西区总工会审核 · 河西区友谊路街道总工会已通过',
  )
  await hexi.screenshot('h5-audit-levels-3-district-queue')
  await shown(hexi.page, '.audit-row:has-text("王芳")').click()
  await shown(hexi.page, '.audit-detail__level-earlier').waitFor(WAIT)
  expect(await shown(hexi.page, '.audit-detail__level-earlier').innerText()).toMatch(/^第1级 河西区友谊路街道总工会 已审核通过 · /)
  await shown(hexi.page, '.audit-detail__approve').click()
  await confirmModal(hexi.page, '审核通过')
  await shown(hexi.page, '.audit-detail__done:has-text("已审核通过，当前状态：待组委会确认")').waitFor(WAIT)
  const approved = await shownText(hexi.page)
  expect(approved).toMatch(/基层工会审核通过，报上级工会审核（第1级）[\s\S]*河西区友谊路街道总工会[\s\S]*工会审核通过（第2级）[\s\S]*河西区总工会/)
  expect(approved).toContain('待工会审核 → 待组委会确认')
  await hexi.screenshot('h5-audit-levels-4-district-approved')

  // ---- The worker: both union steps in 我的报名.
  const worker = await people.launch()
  await signInH5(worker.page, bff.baseUrl, 'worker-levels-1')
  await worker.page.goto(`${bff.baseUrl}/#/packageRegister/pages/detail/index?id=${registrationId}`)
  await worker.page.reload()
  await shown(worker.page, '.register-detail__status:has-text("待组委会确认")').waitFor(WAIT)
  expect(await shownText(worker.page)).toMatch(/基层工会审核通过，报上级工会审核[\s\S]*河西区友谊路街道总工会[\s\S]*工会审核通过[\s\S]*河西区总工会/)
  await worker.screenshot('h5-audit-levels-5-worker')

  for (const someone of people.all) expect(someone.errors).toEqual([])
}, 180_000)

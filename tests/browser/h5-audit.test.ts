/**
 * The issue's done-means for auditing, in the H5 build served by the seeded test BFF (WeChat
 * emulator, development sign-in): two workers of 河西区 have registered; 河西区总工会's official, on a
 * PC, sees the dashboard and the queue as a table, approves one registration and rejects the other
 * with a reason; the committee confirms the approved one; the worker's 我的报名 detail shows each
 * step (待工会审核 → 待组委会确认 → 报名成功) and the rejected one shows the reason. Screenshots of
 * each step land in .artifacts/screenshots/h5-audit-*.png.
 */
import type { Page } from 'playwright-core'
import { startTestBff, type TestBff } from '../support/bff'
import { HEXI_CODE, demoCompetitionId, grantToWeChatUser, signInWeChatUser, submitRegistration, unionIdByName } from '../support/auditFixtures'
import { registrationInput, validNationalId } from '../support/registration'
import { People } from './support/chromium'
import { confirmModal, shown, shownText, signInH5 } from './support/taroH5'
import { workerSees as workerSeesAt } from './support/worker'

const WAIT = { timeout: 20_000 }
const PC = { width: 1280, height: 900 }
const REASON = '所报工种与从事岗位不符，请改报装配钳工'

let bff: TestBff
const people = new People()
let approvedId: string
let rejectedId: string

beforeAll(async () => {
  bff = await startTestBff({ seed: true, wechatEmulator: true })
  const wechatBaseUrl = bff.wechat!.baseUrl
  const competitionId = await demoCompetitionId()
  await grantToWeChatUser(wechatBaseUrl, 'official-audit-1', [{ role: 'union_official', unionId: await unionIdByName('河西区总工会') }])
  await grantToWeChatUser(wechatBaseUrl, 'committee-audit-1', [{ role: 'committee' }])
  // Two workers register, as the form would: 张伟 for 焊工, 李娜 for 数控车工 (both 职工组).
  const zhang = await signInWeChatUser(bff.baseUrl, wechatBaseUrl, 'worker-audit-1')
  approvedId = await submitRegistration(bff.baseUrl, zhang, registrationInput(competitionId, { name: '张伟', unionCode: HEXI_CODE }))
  const li = await signInWeChatUser(bff.baseUrl, wechatBaseUrl, 'worker-audit-2')
  rejectedId = await submitRegistration(
    bff.baseUrl,
    li,
    registrationInput(competitionId, { name: '李娜', nationalId: validNationalId('19920416', 246), tradeCode: 'cnc-turning', unionCode: HEXI_CODE }),
  )
}, 60_000)

afterAll(async () => {
  await people.closeAll()
  await bff?.stop()
})

const workerSees = (page: Page, id: string, status: string) => workerSeesAt(page, bff.baseUrl, id, status)

it('an official approves one registration and rejects another; the committee confirms; the worker sees each step', async () => {
  // ---- The worker: 待工会审核.
  const zhang = await people.launch()
  await signInH5(zhang.page, bff.baseUrl, 'worker-audit-1')
  expect(await workerSees(zhang.page, approvedId, '待工会审核')).toContain('等待工会审核')
  await zhang.screenshot('h5-audit-1-worker-submitted')

  // ---- 河西区总工会's official, on a PC: 我的 › 审核工作台, the dashboard.
  const official = await people.launch(PC)
  await signInH5(official.page, bff.baseUrl, 'official-audit-1')
  await shown(official.page, '.mine__link:has-text("审核工作台")').click()
  await shown(official.page, '.audit-bars').first().waitFor(WAIT)
  await shown(official.page, '.audit-quota').first().waitFor(WAIT)
  const home = await shownText(official.page)
  expect(home).toContain('负责工会')
  expect(home).toContain('河西区总工会')
  expect(home).toContain('审核报名（2条待处理）')
  expect(home).toMatch(/待工会审核\s*2/)
  expect(home).toMatch(/名额 1 · 已用 0 · 剩余 1/)
  await official.screenshot('h5-audit-2-dashboard')

  // ---- The queue, as a table on a PC.
  await shown(official.page, '.audit-home__open').click()
  await shown(official.page, '.audit-row:has-text("张伟")').waitFor(WAIT)
  expect(await shown(official.page, '.audit-table__head').isVisible()).toBe(true)
  expect(await official.page.locator('.taro_page:visible .audit-row').count()).toBe(2)
  await official.screenshot('h5-audit-3-queue')

  // ---- 张伟: the full ID after a confirm, then 审核通过.
  await shown(official.page, '.audit-row:has-text("张伟")').click()
  await shown(official.page, '.audit-detail__approve').waitFor(WAIT)
  const detail = await shownText(official.page)
  expect(detail).toContain('120103********')
  expect(detail).toMatch(/剩余名额\s*河西区总工会 · 名额 1，已用 0，剩余名额 1/)
  await shown(official.page, '.audit-detail__reveal').click()
  await confirmModal(official.page, '查看')
  await shown(official.page, `.audit-line__value:has-text("${validNationalId('19900307')}")`).waitFor(WAIT)
  await shown(official.page, '.audit-trail__title:has-text("查看完整证件号和手机号")').waitFor(WAIT)
  await shown(official.page, '.audit-detail__approve').click()
  await confirmModal(official.page, '审核通过')
  await shown(official.page, '.audit-detail__done:has-text("已审核通过，当前状态：待组委会确认")').waitFor(WAIT)
  const approved = await shownText(official.page)
  expect(approved).toMatch(/剩余名额\s*河西区总工会 · 名额 1，已用 1，剩余名额 0/)
  expect(approved).toContain('待工会审核 → 待组委会确认')
  await official.screenshot('h5-audit-4-approved')

  // ---- 李娜: 不通过 needs a reason; a chip, then the official's own words.
  await official.page.goBack()
  await shown(official.page, '.audit-row:has-text("李娜")').click()
  await shown(official.page, '.audit-detail__reject').waitFor(WAIT)
  await shown(official.page, '.audit-detail__reject').click()
  await shown(official.page, '.audit-sheet__confirm').click()
  await shown(official.page, '.audit-sheet__error:has-text("请选择或填写不通过的原因")').waitFor(WAIT)
  await shown(official.page, '.audit-chip:has-text("所报工种与从事岗位不符")').click()
  await shown(official.page, '.audit-sheet__reason textarea').fill(REASON)
  await official.screenshot('h5-audit-5-reason')
  await shown(official.page, '.audit-sheet__confirm').click()
  await shown(official.page, '.audit-detail__status:has-text("工会审核未通过")').waitFor(WAIT)
  expect(await shownText(official.page)).toContain(`原因：${REASON}`)
  await official.screenshot('h5-audit-6-rejected')

  // ---- The worker: 待组委会确认.
  expect(await workerSees(zhang.page, approvedId, '待组委会确认')).toContain('工会审核通过')

  // ---- The committee: 组委会管理 › 报名确认 › 确认报名.
  const committee = await people.launch(PC)
  await signInH5(committee.page, bff.baseUrl, 'committee-audit-1')
  await shown(committee.page, '.mine__link:has-text("组委会管理")').click()
  await shown(committee.page, '.committee__row:has-text("报名确认")').click()
  await shown(committee.page, '.audit-home__open:has-text("确认报名（1条待处理）")').click()
  await shown(committee.page, '.audit-row:has-text("张伟")').waitFor(WAIT)
  expect(await shown(committee.page, '.audit-tab--on').innerText()).toMatch(/待组委会确认\s*1/)
  await committee.screenshot('h5-audit-7-committee-queue')
  await shown(committee.page, '.audit-row:has-text("张伟")').click()
  await shown(committee.page, '.audit-detail__approve:has-text("确认报名")').click()
  await confirmModal(committee.page, '确认报名')
  await shown(committee.page, '.audit-detail__status:has-text("报名成功")').waitFor(WAIT)
  expect(await shownText(committee.page)).toContain('待组委会确认 → 报名成功')
  await committee.screenshot('h5-audit-8-confirmed')

  // ---- The worker: 报名成功, with every step.
  const done = await workerSees(zhang.page, approvedId, '报名成功')
  expect(done).toMatch(/提交报名[\s\S]*工会审核通过[\s\S]*河西区总工会[\s\S]*组委会确认/)
  await zhang.screenshot('h5-audit-9-worker-confirmed')

  // ---- The other worker: the union's reason.
  const li = await people.launch()
  await signInH5(li.page, bff.baseUrl, 'worker-audit-2')
  const rejected = await workerSees(li.page, rejectedId, '工会审核未通过')
  expect(rejected).toContain(`原因：${REASON}`)
  await li.screenshot('h5-audit-10-worker-rejected')

  for (const someone of people.all) expect(someone.errors).toEqual([])
}, 180_000)

/**
 * The issue's done-means for the inbox, in the H5 build served by the seeded test BFF (WeChat
 * emulator, development sign-in): a worker of 河西区 has registered; 河西区总工会's official rejects
 * the registration with a reason; the worker opens 我的 › 消息 (the unread count on it), sees the
 * message with the reason, taps it (read; the registration opens), and back on 我的 the count is
 * gone. The decision's notification reaches the inbox in the decision's own request (the relay
 * runs right after the step); this BFF runs no sweeper timer. Screenshots land in
 * .artifacts/screenshots/h5-inbox-*.png.
 */
import type { Page } from 'playwright-core'
import { NotificationModel } from '@contest/bff/src/models/notification'
import { startTestBff, type TestBff } from '../support/bff'
import { HEXI_CODE, demoCompetitionId, grantToWeChatUser, signInWeChatUser, submitRegistration, unionIdByName } from '../support/auditFixtures'
import { registrationInput } from '../support/registration'
import { People } from './support/chromium'
import { shown, shownText, signInH5 } from './support/taroH5'

const WAIT = { timeout: 20_000 }
const PC = { width: 1280, height: 900 }
const REASON = '所报工种与从事岗位不符，请改报装配钳工'
const WORKER = 'worker-inbox-1'

let bff: TestBff
const people = new People()
let registrationId: string

beforeAll(async () => {
  bff = await startTestBff({ seed: true, wechatEmulator: true })
  const wechatBaseUrl = bff.wechat!.baseUrl
  await grantToWeChatUser(wechatBaseUrl, 'official-inbox-1', [{ role: 'union_official', unionId: await unionIdByName('河西区总工会') }])
  // The worker registers as the form would: 张伟 for 焊工, 职工组.
  const worker = await signInWeChatUser(bff.baseUrl, wechatBaseUrl, WORKER)
  registrationId = await submitRegistration(bff.baseUrl, worker, registrationInput(await demoCompetitionId(), { name: '张伟', unionCode: HEXI_CODE }))
}, 60_000)

afterAll(async () => {
  await people.closeAll()
  await bff?.stop()
})

/** The count on 我的 › 消息 ('' when there is none). */
async function unreadOnMine(page: Page): Promise<string> {
  await shown(page, '.mine__inbox').waitFor(WAIT)
  const badge = shown(page, '.mine__inbox .mine__badge')
  return (await badge.count()) > 0 ? badge.innerText() : ''
}

it('an official rejects with a reason; the worker reads it in 消息 and the unread count on 我的 drops', async () => {
  // ---- 河西区总工会's official: 我的 › 审核工作台 › the queue › 张伟 › 不通过 with a reason.
  const official = await people.launch(PC)
  await signInH5(official.page, bff.baseUrl, 'official-inbox-1')
  await shown(official.page, '.mine__link:has-text("审核工作台")').click()
  await shown(official.page, '.audit-home__open').click()
  await shown(official.page, '.audit-row:has-text("张伟")').click()
  await shown(official.page, '.audit-detail__reject').click()
  await shown(official.page, '.audit-sheet__reason textarea').fill(REASON)
  await shown(official.page, '.audit-sheet__confirm').click()
  await shown(official.page, '.audit-detail__status:has-text("工会审核未通过")').waitFor(WAIT)
  // Already in the inbox when the official sees the decision: no timer had to run.
  expect(await NotificationModel.countDocuments({ registrationId, kind: 'union_rejected' })).toBe(1)

  // ---- The worker: 我的 says one message is unread.
  const worker = await people.launch()
  await signInH5(worker.page, bff.baseUrl, WORKER)
  expect(await unreadOnMine(worker.page)).toBe('1')
  await worker.screenshot('h5-inbox-1-mine-unread')

  // ---- 消息: the union's rejection with its reason.
  await shown(worker.page, '.mine__inbox').click()
  const item = shown(worker.page, '.inbox-item--unread')
  await item.waitFor(WAIT)
  const text = await item.innerText()
  expect(text).toContain('焊工报名工会审核未通过')
  expect(text).toContain(`未通过：${REASON}`)
  expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/)
  expect(await shownText(worker.page)).toContain('1 条未读')
  await worker.screenshot('h5-inbox-2-message')

  // ---- A tap reads it and opens the registration, which shows the same reason.
  await item.click()
  await shown(worker.page, '.register-detail__status:has-text("工会审核未通过")').waitFor(WAIT)
  expect(await shownText(worker.page)).toContain(`原因：${REASON}`)

  // ---- Back: the message is read, and 我的 counts nothing unread.
  await worker.page.goBack()
  await shown(worker.page, '.inbox__count:has-text("没有未读消息")').waitFor(WAIT)
  expect(await worker.page.locator('.taro_page:visible .inbox-item--unread').count()).toBe(0)
  await worker.screenshot('h5-inbox-3-read')
  await worker.page.goBack()
  await shown(worker.page, '.mine__inbox').waitFor(WAIT)
  await shown(worker.page, '.mine__inbox:not(:has(.mine__badge))').waitFor(WAIT)
  expect(await unreadOnMine(worker.page)).toBe('')
  await worker.screenshot('h5-inbox-4-mine-read')

  for (const someone of people.all) expect(someone.errors).toEqual([])
}, 180_000)

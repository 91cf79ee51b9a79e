/**
 * The whole journey in one browser run (issue #15 item 1): the H5 build served by the seeded test
 * BFF (WeChat emulator, development sign-in), each person in their own browser profile, all on one
 * clock that starts on Monday 28 September 2026. The administrator sets up the competition and
 * invites a union official and venue staff; the official downloads the union's poster; a worker
 * opens its link, registers with the union code and grants notifications; the union approves, the
 * committee confirms and places the worker; the worker reads the message in 消息 and opens the
 * pass; venue staff check the worker in; the committee imports the score and opens the 公示; after
 * its closing date it is closed; the worker sees 金奖 and the certificate checks out.
 *
 * Every step is pictured and timed in .artifacts/journey/index.html (written after each step, so a
 * failed run leaves its report). As in the single-page tests, what a browser cannot do is done as
 * they do it: WeChat's subscribe dialog (H5 has none) is answered through the BFF and the emulator,
 * and the certificate's QR is read off its PDF.
 */
import path from 'node:path'
import { DEMO_COMPETITION, DEMO_VENUES } from '@contest/bff/src/seed/demoData'
import { buildDeps } from '@contest/bff/src/deps'
import { createLogger } from '@contest/bff/src/logger'
import { startNotificationDispatch } from '@contest/bff/src/server'
import type { NotificationDispatcher } from '@contest/bff/src/services/notifications/dispatcher'
import { CHECK_IN_OUTCOME_TEXT, MINIAPP_PAGES, ZMyRegistrationListResponse, nationalIdCheckCharacter, registrationEntryFromScene } from '@contest/shared'
import { HEXI_CODE, signInWeChatUser } from '../support/auditFixtures'
import { startTestBff, type TestBff } from '../support/bff'
import { EmulatorControl } from '../support/wechatEmulator'
import { decideInQueue, downloadPoster, openPoster } from '../browser/support/audit'
import { People } from '../browser/support/chromium'
import {
  acceptInvitationLink,
  addSession,
  autoAssign,
  closeAnnouncement,
  createInvitation,
  importScores,
  openAnnouncement,
  openDemoEditor,
  scoreSheet,
  signInAsAdministrator,
  workerQuotaInput,
} from '../browser/support/committee'
import { SharedClock } from '../browser/support/sharedClock'
import { shown, shownText, signInH5 } from '../browser/support/taroH5'
import { checkInByTypedNumber } from '../browser/support/venue'
import { fillRegistrationForm, passNumberShown, resultOnRegistration, tickDeclarations, verifyCertificate } from '../browser/support/worker'
import { JourneyReport } from './support/journeyReport'

const WAIT = { timeout: 20_000 }
const PC = { width: 1280, height: 900 }
const ADMIN = 'journey-admin'
const OFFICIAL = 'journey-official'
const STAFF = 'journey-staff'
const WORKER = 'journey-worker'
const MAIN_VENUE = DEMO_VENUES.find((venue) => venue.code === 'main')!.name
const HOST = '焊工（职工组）'
const SESSION = { code: 'jr-am', name: '焊工上午场', date: '2027-09-20', capacity: '10', venue: MAIN_VENUE, host: HOST }
/** 天津市河西区, born 12 May 1990, male. */
const ID_FIRST17 = '12010319900512123'
const ZHANG = { name: '张伟', nationalId: ID_FIRST17 + nationalIdCheckCharacter(ID_FIRST17), derivedBirth: '出生日期：1990年5月12日', mobile: '13812345678', employer: '天津市第一机床厂' }
/** Five working days from Monday 28 September across 国庆 end on the adjusted working Saturday. */
const CLOSING_DATE = '2026-10-10'
const TEMPLATE_IDS = 'audit_result=tmpl-audit-result,registration_confirmed=tmpl-registration-confirmed,exam_arrangement=tmpl-pass-issued'

const clock = new SharedClock('2026-09-28T10:00:00+08:00')
const people = new People()
const report = new JourneyReport(path.resolve(__dirname, '../../.artifacts/journey'), '全流程：一次浏览器运行走完一场比赛')
let bff: TestBff
let dispatcher: NotificationDispatcher | undefined

beforeAll(async () => {
  bff = await startTestBff({ seed: true, wechatEmulator: true, clock: clock.now, env: { NOTIFY_TEMPLATE_IDS: TEMPLATE_IDS, NOTIFY_DISPATCH_INTERVAL_MS: '300' } })
  // The BFF process's own sender of subscribe messages, as `npm start` runs it beside the routes.
  const logger = createLogger(bff.config)
  dispatcher = await startNotificationDispatch(bff.config, (await buildDeps(bff.config, logger, clock.now)).wechat, logger)
}, 60_000)

afterAll(async () => {
  await dispatcher?.stop()
  await people.closeAll()
  await bff?.stop()
  process.stdout.write(`journey report: ${report.file}\n`)
})

/** `condition` checked until it holds (a message pushed in the background), for at most 20 s. */
async function eventually(what: string, condition: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 20_000; !(await condition()); ) {
    if (Date.now() > deadline) throw new Error(`still not so after 20 s: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

it('a competition from set-up to a verified certificate, person by person in their own browsers', async () => {
  const admin = await clock.launch(people, PC)
  const official = await clock.launch(people, PC)
  const staff = await clock.launch(people, PC)
  const worker = await clock.launch(people)
  const stranger = await clock.launch(people)
  const openCommittee = async (row: string) => {
    await admin.page.goto(`${bff.baseUrl}/#/pages/mine/index`)
    await shown(admin.page, '.mine__link:has-text("组委会管理")').click()
    await shown(admin.page, `.committee__row:has-text("${row}")`).click()
  }
  let officialCode = ''
  let staffCode = ''
  let posterLink: URL | undefined
  let registrationId = ''
  let passNumber = ''

  await report.step('管理员设置赛事：河西区总工会焊工（职工组）名额改为 2 人', admin, async () => {
    await signInAsAdministrator(admin.page, bff.baseUrl, ADMIN, clock.now())
    await openDemoEditor(admin.page, bff.baseUrl)
    await workerQuotaInput(admin.page, '河西区总工会', '焊工').fill('2')
    await shown(admin.page, '.setup-editor__save').click()
    await shown(admin.page, '.setup-editor__saved:has-text("已保存")').waitFor(WAIT)
    await workerQuotaInput(admin.page, '河西区总工会', '焊工').scrollIntoViewIfNeeded()
  })

  await report.step('管理员新增场次：主赛场焊工上午场', admin, async () => {
    await openCommittee('场次与考场')
    const row = await addSession(admin.page, SESSION)
    expect(await row.innerText()).toContain('已安排 0 人')
  })

  await report.step('管理员邀请河西区总工会的工会审核员', admin, async () => {
    await openCommittee('邀请管理')
    officialCode = await createInvitation(admin.page, { role: '工会审核员', union: '河西区总工会' })
    expect(await shownText(admin.page)).toContain('工会审核员 · 河西区总工会')
  })

  await report.step('管理员邀请主赛场的现场工作人员', admin, async () => {
    staffCode = await createInvitation(admin.page, { role: '现场工作人员', competition: DEMO_COMPETITION.name, venue: MAIN_VENUE })
    expect(staffCode).not.toBe(officialCode)
    expect(await shownText(admin.page)).toContain(`现场工作人员 · ${DEMO_COMPETITION.name}`)
  })

  await report.step('审核员打开邀请，登录后接受', official, async () => {
    expect(await acceptInvitationLink(official.page, bff.baseUrl, MINIAPP_PAGES.invite, officialCode, OFFICIAL, '工会审核员')).toContain('河西区总工会')
  })

  await report.step('审核员在审核工作台下载本工会的报名海报', official, async () => {
    await shown(official.page, '.invite__primary:has-text("进入审核工作台")').click()
    expect(await openPoster(official.page)).toBe(HEXI_CODE)
    const poster = await downloadPoster(official.page)
    expect(poster.fileName).toMatch(/^河西区总工会-.+-报名海报\.png$/)
    posterLink = poster.link
    expect(posterLink.searchParams.get('page')).toBe(MINIAPP_PAGES.registerEntry)
    expect(registrationEntryFromScene(posterLink.searchParams.get('scene') ?? '')?.unionCode).toBe(HEXI_CODE)
  })

  await report.step('现场工作人员打开邀请，登录后接受', staff, async () => {
    expect(await acceptInvitationLink(staff.page, bff.baseUrl, MINIAPP_PAGES.invite, staffCode, STAFF, '现场工作人员')).toContain(MAIN_VENUE)
  })

  await report.step('职工登录，打开海报上的链接：工会代码已带入，确认河西区总工会', worker, async () => {
    await signInH5(worker.page, bff.baseUrl, WORKER)
    const scene = posterLink!.searchParams.get('scene') ?? ''
    await worker.page.goto(`${bff.baseUrl}/#/${posterLink!.searchParams.get('page')}?scene=${encodeURIComponent(scene)}`)
    await shown(worker.page, '.register__union-name:has-text("河西区总工会")').waitFor(WAIT)
    expect(await shownText(worker.page)).toContain(`工会代码：${HEXI_CODE}`)
  })

  await report.step('职工同意隐私政策，填写报名表并核对', worker, async () => {
    await shown(worker.page, '.register__primary:has-text("确认，下一步")').click()
    await shown(worker.page, '.privacy-notice__agree').click()
    await fillRegistrationForm(worker.page, ZHANG)
    await tickDeclarations(worker.page)
    await shown(worker.page, '.register__next').click()
    await shown(worker.page, '.register-review').waitFor(WAIT)
    expect(await shownText(worker.page)).toContain('天津市总工会 › 河西区总工会')
  })

  await report.step('职工提交报名：待工会审核', worker, async () => {
    await shown(worker.page, '.register__submit').click()
    await shown(worker.page, '.register-detail__status:has-text("待工会审核")').waitFor(WAIT)
    registrationId = new URL(worker.page.url().replace('/#/', '/')).searchParams.get('id') ?? ''
    expect(registrationId).toMatch(/^[0-9a-f]{24}$/)
  })

  await report.step('职工允许订阅消息（H5 没有微信的订阅弹窗：按小程序的做法告诉 BFF，并在微信模拟器里授权）', worker, async () => {
    const session = await signInWeChatUser(bff.baseUrl, bff.wechat!.baseUrl, WORKER)
    const mine = ZMyRegistrationListResponse.parse(await (await fetch(`${bff.baseUrl}/api/v1/me/registrations`, { headers: session.auth })).json()).data
    const templateIds = mine.subscribeTemplateIds
    expect(templateIds).toEqual(expect.arrayContaining(['tmpl-registration-confirmed', 'tmpl-pass-issued']))
    const control = new EmulatorControl(bff.wechat!.baseUrl)
    const { openid } = await control.loginCode(WORKER)
    for (const templateId of templateIds) await control.grant(openid, templateId)
    const reported = await fetch(`${bff.baseUrl}/api/v1/me/subscriptions`, {
      method: 'POST',
      headers: { ...session.auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ answers: Object.fromEntries(templateIds.map((id) => [id, 'accept'])) }),
    })
    expect(reported.status).toBe(200)
  })

  await report.step('工会审核员审核通过', official, async () => {
    await official.page.goto(`${bff.baseUrl}/#/pages/mine/index`)
    await shown(official.page, '.mine__link:has-text("审核工作台")').click()
    await shown(official.page, '.audit-home__open').click()
    await decideInQueue(official.page, ZHANG.name, { action: '审核通过', outcome: '已审核通过，当前状态：待组委会确认' })
  })

  await report.step('组委会确认报名', admin, async () => {
    await openCommittee('报名确认')
    await shown(admin.page, '.audit-home__open:has-text("确认报名（1条待处理）")').click()
    await decideInQueue(admin.page, ZHANG.name, { action: '确认报名', outcome: '待组委会确认 → 报名成功' })
  })

  await report.step('组委会自动安排考位：职工得到准考证', admin, async () => {
    await openCommittee('场次与考场')
    expect(await autoAssign(admin.page, HOST)).toBe(`已安排 1 人：${SESSION.code} 1 人，余 9 个考位`)
  })

  await report.step('职工在“消息”里收到报名成功和准考证的消息（微信也推送了），打开准考证', worker, async () => {
    await worker.page.goto(`${bff.baseUrl}/#/pages/mine/index`)
    await shown(worker.page, '.mine__inbox .mine__badge').waitFor(WAIT)
    await shown(worker.page, '.mine__inbox').click()
    await shown(worker.page, '.inbox-item:has-text("焊工报名成功")').waitFor(WAIT)
    await shown(worker.page, '.inbox-item--unread:has-text("焊工准考证已发放")').click()
    passNumber = await passNumberShown(worker.page)
    expect(passNumber).toMatch(/^\d{8}$/)
    const passText = await shownText(worker.page)
    for (const line of [ZHANG.name, MAIN_VENUE, SESSION.name, 'A-001']) expect(passText).toContain(line)
    const control = new EmulatorControl(bff.wechat!.baseUrl)
    const { openid } = await control.loginCode(WORKER)
    await eventually('WeChat pushed 报名成功 and the pass to the worker', async () => {
      const pushed = (await control.sent()).filter((m) => m.touser === openid).map((m) => m.template_id)
      return pushed.includes('tmpl-registration-confirmed') && pushed.includes('tmpl-pass-issued')
    })
  })

  await report.step('现场工作人员输入准考证号签到：签到成功', staff, async () => {
    await staff.page.goto(`${bff.baseUrl}/#/pages/mine/index`)
    const card = await checkInByTypedNumber(staff.page, SESSION.name, passNumber)
    expect(card).toContain(CHECK_IN_OUTCOME_TEXT.checked_in.message)
    expect(card).toContain(ZHANG.name)
  })

  await report.step('组委会导入成绩，发布成绩公示', admin, async () => {
    await admin.page.goto(`${bff.baseUrl}/#/pages/mine/index`)
    await importScores(admin.page, HOST, await scoreSheet([[passNumber, 90, 92]]), 1)
    await openAnnouncement(admin.page, CLOSING_DATE)
    expect(await shown(admin.page, '.results-desk__status').innerText()).toBe('公示中')
  })

  await report.step('公示期满（10月11日），组委会结束公示：已定稿', admin, async () => {
    await clock.moveTo(people, '2026-10-11T09:00:00+08:00')
    await closeAnnouncement(admin.page)
  })

  await report.step('职工在报名记录上看到：第1名 金奖，已确定', worker, async () => {
    const result = await resultOnRegistration(worker.page, bff.baseUrl)
    for (const text of ['已确定', '第1名', '金奖']) expect(result).toContain(text)
  })

  await report.step('证书上的二维码打开核验页：证书有效，姓名部分隐去', stranger, async () => {
    const owner = await signInWeChatUser(bff.baseUrl, bff.wechat!.baseUrl, WORKER)
    const verdict = await verifyCertificate(stranger.page, bff.baseUrl, registrationId, owner.auth)
    expect(verdict).toContain('金奖')
    expect(verdict).toContain('张*')
    expect(verdict).not.toContain(ZHANG.name)
  })

  for (const someone of people.all) expect(someone.errors).toEqual([])
}, 300_000)

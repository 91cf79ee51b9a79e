/**
 * The issue's results in the H5 build, served by the seeded test BFF (WeChat emulator, development
 * sign-in), each person in their own browser. 焊工（职工组） has three checked-in contestants: 张伟
 * (the worker, registered through the desks), 李强 and 王磊. The committee imports the score sheet
 * on 成绩录入 and opens the 公示 on 成绩公示 (Monday 28 September 2026: five working days across
 * 国庆 end on the adjusted working Saturday, 10 October); the worker, second, lodges an objection
 * to the winner on the public results page; the committee answers it by taking that result out,
 * and 张伟 moves up (递补). The 公示 cannot be closed before its closing date; on 11 October (the
 * test moves the BFF's clock and the browsers' together) the committee closes it: 已定稿. The
 * worker sees 金奖 on the registration and 成绩已确定 in 消息, and the certificate's QR opens the
 * verification page, which says it is valid with the name partly masked.
 * Screenshots in .artifacts/screenshots/h5-results-*.png.
 */
import type { Page } from 'playwright-core'
import { CheckInModel } from '@contest/bff/src/models/checkIn'
import { RegistrationModel } from '@contest/bff/src/models/registration'
import { UnionModel, type UnionWithId } from '@contest/bff/src/models/union'
import { announcementClosingDate } from '@contest/bff/src/workingDays'
import { Types } from 'mongoose'
import { signInAs } from '../support/auth'
import { startTestBff, type TestBff } from '../support/bff'
import { HEXI_CODE, approveAtDesk, demoCompetitionId, grantToWeChatUser, signInWeChatUser, submitRegistration, unionIdByName } from '../support/auditFixtures'
import { confirmedRegistration, createSession, place } from '../support/passes'
import { registrationInput } from '../support/registration'
import { People } from './support/chromium'
import { closeAnnouncement, importScores, openAnnouncement, scoreSheet } from './support/committee'
import { SharedClock } from './support/sharedClock'
import { confirmModal, shown, shownText, signInH5 } from './support/taroH5'
import { resultOnRegistration, verifyCertificate } from './support/worker'

const WAIT = { timeout: 20_000 }
const PC = { width: 1280, height: 900 }
const WORKER = 'results-worker-1'
const OFFICIAL = 'results-official-1'
const COMMITTEE = 'results-committee-1'

/** The clock the BFF and every browser share, from Monday 28 September 2026, 10:00 China time. */
const shared = new SharedClock('2026-09-28T10:00:00+08:00')
const clock = shared.now

let bff: TestBff
const people = new People()
let competitionId: string
let registrationId: string
const passNumbers: Record<'zhang' | 'li' | 'wang', string> = { zhang: '', li: '', wang: '' }

const launch = (viewport?: { width: number; height: number }) => shared.launch(people, viewport)

async function unionNamed(name: string): Promise<UnionWithId> {
  return UnionModel.findOne({ name }).lean<UnionWithId>().orFail().exec()
}

beforeAll(async () => {
  bff = await startTestBff({ seed: true, wechatEmulator: true, clock })
  const wechatBaseUrl = bff.wechat!.baseUrl
  competitionId = await demoCompetitionId()
  await grantToWeChatUser(wechatBaseUrl, OFFICIAL, [{ role: 'union_official', unionId: await unionIdByName('河西区总工会') }])
  await grantToWeChatUser(wechatBaseUrl, COMMITTEE, [{ role: 'committee', competitionId }])

  // 张伟 registers for 焊工, 职工组; 河西区总工会 approves, the committee confirms.
  const worker = await signInWeChatUser(bff.baseUrl, wechatBaseUrl, WORKER)
  registrationId = await submitRegistration(bff.baseUrl, worker, registrationInput(competitionId, { name: '张伟', unionCode: HEXI_CODE }))
  await approveAtDesk(bff.baseUrl, wechatBaseUrl, registrationId, 'union', OFFICIAL)
  await approveAtDesk(bff.baseUrl, wechatBaseUrl, registrationId, 'committee', COMMITTEE)

  // Two more contestants of 焊工（职工组）; all three placed in one session and checked in.
  const placer = await signInAs([{ role: 'committee', competitionId }])
  await createSession(bff, placer, competitionId)
  const ids = {
    zhang: registrationId,
    li: await confirmedRegistration(competitionId, { union: await unionNamed('和平区总工会'), name: '李强' }),
    wang: await confirmedRegistration(competitionId, { union: await unionNamed('南开区总工会'), name: '王磊' }),
  }
  for (const key of Object.keys(ids) as (keyof typeof ids)[]) {
    const pass = await place(bff, placer, competitionId, ids[key], 'main-am')
    passNumbers[key] = pass.passNumber
    const { pass: stored } = await RegistrationModel.findById(ids[key]).lean().orFail().exec()
    await CheckInModel.create({
      competitionId: new Types.ObjectId(competitionId),
      passSerial: stored!.serial,
      registrationId: new Types.ObjectId(ids[key]),
      sessionId: new Types.ObjectId(),
      scan: { nonce: `results-${pass.passNumber}`, scannedAt: clock(), recordedAt: clock(), deviceId: 'gate', staffUserId: placer.userId },
    })
  }
}, 90_000)

afterAll(async () => {
  await people.closeAll()
  await bff?.stop()
})

const row = (page: Page, selector: string, text: string) => shown(page, `${selector}:has-text("${text}")`)

it('scores in, 公示 opened, an objection answered with 递补, closed after its closing date; the worker sees 金奖, the message and a valid certificate', async () => {
  // ---- The committee: 组委会管理 › 成绩录入 › 焊工（职工组）, the sheet imported.
  const committee = await launch(PC)
  await signInH5(committee.page, bff.baseUrl, COMMITTEE)
  // Weights 30 / 70: 李强 95.70, 张伟 91.40, 王磊 83.50.
  const sheet = await scoreSheet([
    [passNumbers.li, 95, 96],
    [passNumbers.zhang, 90, 92],
    [passNumbers.wang, 80, 85],
  ])
  await importScores(committee.page, '焊工（职工组）', sheet, 3)
  await row(committee.page, '.score-row', '张伟').waitFor(WAIT)
  await committee.screenshot('h5-results-1-scores')

  // ---- 成绩公示 from there: opened (asked first), closing on the adjusted working Saturday.
  const { closingDate } = announcementClosingDate(new Date('2026-09-28T10:00:00+08:00'), 5)
  expect(closingDate).toBe('2026-10-10')
  await openAnnouncement(committee.page, closingDate)
  expect(await shown(committee.page, '.results-desk__status').innerText()).toBe('公示中')
  expect(await shown(committee.page, '.results-desk__close-hint').innerText()).toBe(`公示期满（${closingDate} 之后）才能结束公示`)
  await committee.screenshot('h5-results-2-announced')

  // ---- The worker: 我的报名 › the registration: 第2名 银奖, 公示中; from there the public page, an objection to 李强.
  const worker = await launch()
  await signInH5(worker.page, bff.baseUrl, WORKER)
  const result = await resultOnRegistration(worker.page, bff.baseUrl)
  expect(result).toContain('银奖')
  expect(result).toContain(`公示截止：${closingDate}`)
  await shown(worker.page, '.register-result .register__link').click()
  const li = row(worker.page, '.results__row', '李强')
  await li.waitFor(WAIT)
  expect(await li.innerText()).toContain('金奖')
  await li.locator('.results__object').click()
  await shown(worker.page, '.results__reason textarea').fill('李强的实操作品与现场记录不符')
  await shown(worker.page, '.results__contact input').fill('13812345678')
  await shown(worker.page, '.results__send').click()
  await shown(worker.page, '.results__sent:has-text("已提交对 李强 成绩的异议")').waitFor(WAIT)
  await worker.screenshot('h5-results-3-objection')

  // ---- The committee answers it by taking 李强's result out (asked first): 张伟 moves up.
  await committee.page.reload()
  const objection = row(committee.page, '.objection-row', '对 李强 成绩的异议')
  await objection.waitFor(WAIT)
  expect(await objection.innerText()).toContain('待答复')
  await objection.locator('.objection-row__answer').click()
  await shown(committee.page, '.objection-answer__text textarea').fill('经核实异议属实，取消李强的成绩')
  await shown(committee.page, '.objection-answer .setup-toggle').click()
  await shown(committee.page, '.objection-answer__send').click()
  await confirmModal(committee.page, '取消成绩')
  await row(committee.page, '.objection-row', '已答复，取消成绩').waitFor(WAIT)
  const changes = await shown(committee.page, '.results-desk__changes').innerText()
  expect(changes).toContain('张伟')
  expect(changes).toContain('李强')
  await committee.screenshot('h5-results-4-answered')

  // ---- 11 October, after the closing date: 结束公示 (asked first), 已定稿.
  await shared.moveTo(people, '2026-10-11T09:00:00+08:00')
  await closeAnnouncement(committee.page)
  expect(await shownText(committee.page)).toContain('成绩已定稿')
  await shown(committee.page, '.results-desk__export--certificates').waitFor(WAIT)
  await committee.screenshot('h5-results-5-final')

  // ---- The worker: the registration says 第1名 金奖, 已确定; 消息 has 焊工成绩已确定.
  const finalText = await resultOnRegistration(worker.page, bff.baseUrl)
  expect(finalText).toContain('已确定')
  expect(finalText).toContain('第1名')
  expect(finalText).toContain('金奖')
  await worker.screenshot('h5-results-6-registration')
  await worker.page.goto(`${bff.baseUrl}/#/pages/mine/index`)
  await shown(worker.page, '.mine__inbox').click()
  const message = row(worker.page, '.inbox-item', '焊工成绩已确定')
  await message.waitFor(WAIT)
  expect(await message.innerText()).toContain('第1名 金奖')
  await worker.screenshot('h5-results-7-inbox')

  // ---- The certificate's QR (read off the worker's PDF) opens the verification page for anyone.
  const owner = await signInWeChatUser(bff.baseUrl, bff.wechat!.baseUrl, WORKER)
  const stranger = await launch()
  const verified = await verifyCertificate(stranger.page, bff.baseUrl, registrationId, owner.auth)
  expect(verified).toContain('金奖')
  expect(verified).toContain('张*')
  expect(verified).not.toContain('张伟')
  await stranger.screenshot('h5-results-8-verified')

  for (const someone of people.all) expect(someone.errors).toEqual([])
}, 240_000)

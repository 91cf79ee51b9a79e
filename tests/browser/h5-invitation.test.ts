/**
 * The done-means, in the H5 build served by the test BFF (with the WeChat emulator and
 * the development sign-in): a committee member signs in, creates an invitation, and a second
 * browser session accepts it and sees the official's pages. Screenshots of each key screen land
 * in .artifacts/screenshots/h5-invitation-*.png.
 */
import { DEMO_COMPETITION } from '@contest/bff/src/seed/demoData'
import { createBootstrapAdminInvitation } from '@contest/bff/src/services/invitations'
import { MINIAPP_PAGES } from '@contest/shared'
import { startTestBff, type TestBff } from '../support/bff'
import { decodeQrPng } from '../support/wechatEmulator'
import { People, type Person } from './support/chromium'
import { acceptInvitationLink, acceptTypedInvitation, createInvitation } from './support/committee'
import { shown, shownText, signInH5 } from './support/taroH5'

const WAIT = { timeout: 20_000 }

let bff: TestBff
const people = new People()
/** Person 1, an administrator after the first test. */
let committee: Person

beforeAll(async () => {
  bff = await startTestBff({ seed: true, wechatEmulator: true })
}, 60_000)

afterAll(async () => {
  await people.closeAll()
  await bff?.stop()
})

it('a committee member invites a union official, who accepts in a second browser and sees 审核工作台', async () => {
  // ---- Person 1 signs in as committee-1 and is made an administrator through a real invitation.
  committee = await people.launch({ width: 1280, height: 900 })
  await signInH5(committee.page, bff.baseUrl, 'committee-1')
  expect(await shownText(committee.page)).toContain('暂无工作人员角色')
  await committee.screenshot('h5-invitation-1-signed-in')

  const bootstrap = await createBootstrapAdminInvitation(new Date())
  const adminOffer = await acceptTypedInvitation(committee.page, bootstrap.code, '系统管理员')
  expect(adminOffer).toContain('全部工会和赛事')
  expect(await shownText(committee.page)).toContain('您现在是系统管理员')

  // ---- ... opens 组委会管理 › 邀请管理 and invites a 工会审核员 for 河西区总工会.
  await shown(committee.page, '.invite__primary:has-text("进入组委会管理")').click()
  await shown(committee.page, '.committee__row:has-text("邀请管理")').click()
  const code = await createInvitation(committee.page, { role: '工会审核员', union: '河西区总工会' })
  await committee.screenshot('h5-invitation-2-union-chosen')
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/)
  await shown(committee.page, '.invitation-list :text("待接受")').waitFor(WAIT)
  const created = await shownText(committee.page)
  expect(created).toContain('工会审核员 · 河西区总工会')
  expect(created).toContain('待接受')
  // The mini-program code WeChat (here, its emulator) drew opens the invite page with scene i=<CODE>.
  const qrSrc = (await shown(committee.page, '.invitation-qr__image img').getAttribute('src')) ?? ''
  expect(qrSrc).toMatch(/^data:image\/png;base64,/)
  const qr = new URL(decodeQrPng(Buffer.from(qrSrc.split(',')[1] ?? '', 'base64')) ?? 'invalid:')
  expect(qr.searchParams.get('page')).toBe(MINIAPP_PAGES.invite)
  expect(qr.searchParams.get('scene')).toBe(`i=${code}`)

  await shown(committee.page, '.invitation-code').scrollIntoViewIfNeeded()
  await committee.screenshot('h5-invitation-3-code-created')

  // ---- Person 2, in a separate browser profile, opens the invitation link before signing in,
  // signs in as official-1 on the way, and accepts.
  const official = await people.launch()
  const offer = await acceptInvitationLink(official.page, bff.baseUrl, MINIAPP_PAGES.invite, code, 'official-1', '工会审核员')
  expect(offer).toContain('河西区总工会')
  expect(offer).toMatch(/有效期至 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/)
  expect(await shownText(official.page)).toContain('您现在是工会审核员')
  await official.screenshot('h5-invitation-6-accepted')

  await shown(official.page, '.invite__primary:has-text("进入审核工作台")').click()
  await shown(official.page, '.audit-home__union').waitFor(WAIT)
  const audit = await shownText(official.page)
  expect(audit).toContain('审核工作台')
  expect(audit).toContain('负责工会')
  expect(audit).toContain('河西区总工会')
  await official.screenshot('h5-invitation-7-audit-home')

  // ---- Back on 我的, the official sees the role and the link to 审核工作台.
  await official.page.goto(`${bff.baseUrl}/#/pages/mine/index`)
  await official.page.getByText('工作入口').waitFor(WAIT)
  const mine = await shownText(official.page)
  expect(mine).toContain('工会审核员')
  expect(mine).toContain('河西区总工会')
  expect(mine).toContain('审核工作台')
  await official.screenshot('h5-invitation-8-mine')

  // ---- The committee's list now shows the invitation as accepted, and the new role grant.
  await committee.page.reload()
  await shown(committee.page, '.invitation-list').waitFor(WAIT)
  await shown(committee.page, '.invitation-list :text("已接受")').first().waitFor(WAIT)
  const lists = await shownText(committee.page)
  expect(lists).toContain('已授予的角色')
  expect(lists).toMatch(/工会审核员 · 河西区总工会/)
  await committee.screenshot('h5-invitation-9-committee-lists')

  expect(committee.errors).toEqual([])
  expect(official.errors).toEqual([])
}, 120_000)

it('shows the committee the union directory level by level, and the competitions’ set-up', async () => {
  const { page } = committee
  await page.goto(`${bff.baseUrl}/#/packageCommittee/pages/unions/index`)
  await shown(page, '.union-row:has-text("天津市总工会")').click()
  await shown(page, '.union-row:has-text("河西区总工会")').waitFor(WAIT)
  const level = await shownText(page)
  expect(level).toContain('全部 › 天津市总工会')
  expect(level).toContain('区总工会')
  expect(level).toContain('上级工会：天津市总工会')
  await committee.screenshot('h5-committee-unions')

  await page.goto(`${bff.baseUrl}/#/packageCommittee/pages/competitions/index`)
  await shown(page, `.setup-card:has-text("${DEMO_COMPETITION.name}")`).waitFor(WAIT)
  const setup = await shownText(page)
  expect(setup).toContain('已发布')
  expect(setup).toContain('数控车工')
  await committee.screenshot('h5-committee-competitions')
  expect(committee.errors).toEqual([])
}, 60_000)

/**
 * The done-means, in the H5 build served by the test BFF (with the WeChat emulator and
 * the development sign-in): a committee member signs in, creates an invitation, and a second
 * browser session accepts it and sees the official's pages. Screenshots of each key screen land
 * in .artifacts/screenshots/h5-invitation-*.png.
 */
import type { Page } from 'playwright-core'
import { DEMO_COMPETITION } from '@contest/bff/src/seed/demoData'
import { createBootstrapAdminInvitation } from '@contest/bff/src/services/invitations'
import { MINIAPP_PAGES } from '@contest/shared'
import { startTestBff, type TestBff } from '../support/bff'
import { decodeQrPng } from '../support/wechatEmulator'
import { People, type Person } from './support/chromium'
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

async function acceptByTypedCode(page: Page, code: string, expectedRole: string): Promise<string> {
  await shown(page, '.mine__row:has-text("输入邀请码")').click()
  await shown(page, '.invite__input input').fill(code)
  await shown(page, '.invite__primary').click()
  await shown(page, `.invite__role:has-text("${expectedRole}")`).waitFor(WAIT)
  const offer = await shownText(page)
  await shown(page, '.invite__primary:has-text("接受邀请")').click()
  await shown(page, '.invite__done-title').waitFor(WAIT)
  return offer
}

it('a committee member invites a union official, who accepts in a second browser and sees 审核工作台', async () => {
  // ---- Person 1 signs in as committee-1 and is made an administrator through a real invitation.
  committee = await people.launch({ width: 1280, height: 900 })
  await signInH5(committee.page, bff.baseUrl, 'committee-1')
  expect(await shownText(committee.page)).toContain('暂无工作人员角色')
  await committee.screenshot('h5-invitation-1-signed-in')

  const bootstrap = await createBootstrapAdminInvitation(new Date())
  const adminOffer = await acceptByTypedCode(committee.page, bootstrap.code, '系统管理员')
  expect(adminOffer).toContain('全部工会和赛事')
  expect(await shownText(committee.page)).toContain('您现在是系统管理员')

  // ---- ... opens 组委会管理 › 邀请管理 and invites a 工会审核员 for 河西区总工会.
  await shown(committee.page, '.invite__primary:has-text("进入组委会管理")').click()
  await shown(committee.page, '.committee__row:has-text("邀请管理")').click()
  await shown(committee.page, '.invitation-form').waitFor(WAIT)
  await shown(committee.page, '.committee__chip:has-text("工会审核员")').click()
  await shown(committee.page, '.union-picker__input input').fill('河西区')
  await shown(committee.page, '.union-picker__search').click()
  await shown(committee.page, '.union-picker__result:has-text("河西区总工会")').first().waitFor(WAIT)
  await committee.screenshot('h5-invitation-2-union-search')
  await committee.page
    .locator('.taro_page:visible .union-picker__result')
    .filter({ has: committee.page.locator('.committee__row-title', { hasText: /^河西区总工会$/ }) })
    .click()
  await shown(committee.page, '.committee__chip:has-text("7 天")').click()
  await shown(committee.page, '.committee__primary:has-text("生成邀请码")').click()

  const codeText = shown(committee.page, '.invitation-code')
  await codeText.waitFor(WAIT)
  const code = (await codeText.innerText()).trim()
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

  await codeText.scrollIntoViewIfNeeded()
  await committee.screenshot('h5-invitation-3-code-created')

  // ---- Person 2, in a separate browser profile, opens the invitation link before signing in,
  // signs in as official-1 on the way, and accepts.
  const official = await people.launch()
  await official.page.goto(`${bff.baseUrl}/#/${MINIAPP_PAGES.invite}?code=${code}`)
  await shown(official.page, '.sign-in-prompt__button').click()
  await shown(official.page, '.login__input input').fill('official-1')
  await official.screenshot('h5-invitation-4-sign-in')
  await shown(official.page, '.login__submit').click()
  // Back on the invitation page, which now shows the offer.
  await shown(official.page, '.invite__role:has-text("工会审核员")').waitFor(WAIT)
  const offer = await shownText(official.page)
  expect(offer).toContain('河西区总工会')
  expect(offer).toMatch(/有效期至 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/)
  await official.screenshot('h5-invitation-5-offer')
  await shown(official.page, '.invite__primary:has-text("接受邀请")').click()
  await shown(official.page, '.invite__done-title').waitFor(WAIT)
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

/**
 * The committee's pages in the H5 build, step by step as the browser tests (and the journey) use
 * them: invitations made and accepted, the competition editor, sessions and placing, scores and
 * the 公示. Each step starts on the page it names and resolves once the page shows its outcome.
 */
import ExcelJS from 'exceljs'
import type { Locator, Page } from 'playwright-core'
import { DEMO_COMPETITION } from '@contest/bff/src/seed/demoData'
import { createBootstrapAdminInvitation } from '@contest/bff/src/services/invitations'
import { SCORE_SHEET_COLUMNS } from '@contest/shared'
import { confirmModal, shown, shownText, signInH5 } from './taroH5'

const WAIT = { timeout: 20_000 }

/** On the invitation page: the offer of `roleLabel` read (answered), then 接受邀请 and done. */
async function acceptOffer(page: Page, roleLabel: string): Promise<string> {
  await shown(page, `.invite__role:has-text("${roleLabel}")`).waitFor(WAIT)
  const offer = await shownText(page)
  await shown(page, '.invite__primary:has-text("接受邀请")').click()
  await shown(page, '.invite__done-title').waitFor(WAIT)
  return offer
}

/** 我的 › 输入邀请码: the code typed, the offer read (answered) and accepted. */
export async function acceptTypedInvitation(page: Page, code: string, roleLabel: string): Promise<string> {
  await shown(page, '.mine__row:has-text("输入邀请码")').click()
  await shown(page, '.invite__input input').fill(code)
  await shown(page, '.invite__primary').click()
  return acceptOffer(page, roleLabel)
}

/** H5 development sign-in as `user`, then made 系统管理员 by the bootstrap invitation (what `npm run admin:invite` prints). */
export async function signInAsAdministrator(page: Page, baseUrl: string, user: string, now = new Date()): Promise<void> {
  await signInH5(page, baseUrl, user)
  const { code } = await createBootstrapAdminInvitation(now)
  await acceptTypedInvitation(page, code, '系统管理员')
}

export interface InvitationChoice {
  /** The role's chip, e.g. 工会审核员. */
  role: string
  /** For a union role: the union's exact name, found by its first three characters. */
  union?: string
  /** For a competition-scoped role: the competition's chip. */
  competition?: string
  /** For venue staff: the venue's chip. */
  venue?: string
}

/** On 邀请管理: the role and its scope chosen, valid 7 天, 生成邀请码; answers the code shown once. */
export async function createInvitation(page: Page, choice: InvitationChoice): Promise<string> {
  await shown(page, '.invitation-form').waitFor(WAIT)
  await shown(page, `.invitation-form .committee__chip:has-text("${choice.role}")`).click()
  if (choice.union) {
    await shown(page, '.union-picker__input input').fill(choice.union.slice(0, 3))
    await shown(page, '.union-picker__search').click()
    const exact = page
      .locator('.taro_page:visible .union-picker__result')
      .filter({ has: page.locator('.committee__row-title', { hasText: new RegExp(`^${choice.union}$`) }) })
    await exact.waitFor(WAIT)
    await exact.click()
  }
  if (choice.competition) await shown(page, `.invitation-form .committee__chip:has-text("${choice.competition}")`).click()
  if (choice.venue) await shown(page, `.invitation-venues .committee__chip:has-text("${choice.venue}")`).click()
  await shown(page, '.committee__chip:has-text("7 天")').click()
  const code = shown(page, '.invitation-code')
  // A second invitation made on the same page replaces the first one's code: wait for the new one.
  const before = (await code.isVisible()) ? (await code.innerText()).trim() : ''
  await shown(page, '.committee__primary:has-text("生成邀请码")').click()
  await code.filter({ hasNotText: before === '' ? /^$/ : before }).waitFor(WAIT)
  return (await code.innerText()).trim()
}

/**
 * The invitation's link opened by someone not signed in yet: signs in as `user` on the way, reads
 * the offer of `roleLabel` (answered) and accepts it.
 */
export async function acceptInvitationLink(page: Page, baseUrl: string, invitePage: string, code: string, user: string, roleLabel: string): Promise<string> {
  await page.goto(`${baseUrl}/#/${invitePage}?code=${code}`)
  await shown(page, '.sign-in-prompt__button').click()
  await shown(page, '.login__input input').fill(user)
  await shown(page, '.login__submit').click()
  // Back on the invitation page, which now shows the offer.
  return acceptOffer(page, roleLabel)
}

/** 赛事设置 › the demo competition's editor, once the participating unions' names have been looked up. */
export async function openDemoEditor(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/#/packageCommittee/pages/competitions/index`)
  const card = shown(page, `.setup-card:has-text("${DEMO_COMPETITION.name}")`)
  await card.waitFor(WAIT)
  await card.locator('.setup-card__edit').click()
  await shown(page, '.setup-basics').waitFor(WAIT)
  await shown(page, '.quota-table:has-text("河西区总工会")').waitFor(WAIT)
}

/** In the editor: the 职工组 quota of `union` for the trade named `trade`. */
export function workerQuotaInput(page: Page, union: string, trade: string): Locator {
  return shown(page, `.quota-table:has-text("${union}") .quota-row:has-text("${trade}") .quota-cell--worker input`)
}

export interface NewSession {
  code: string
  name: string
  date: string
  capacity: string
  /** The venue's chip (its name). */
  venue: string
  /** The trade × group it hosts, as its chip says: 焊工（职工组）. */
  host: string
}

/** On 场次与考场: 新增场次, filled in, 保存场次; answers the session's row once listed. */
export async function addSession(page: Page, session: NewSession, beforeSave?: () => Promise<void>): Promise<Locator> {
  await shown(page, '.sessions__head .committee__small:has-text("新增场次")').click()
  await shown(page, '.session-editor__code input').fill(session.code)
  await shown(page, `.session-editor .committee__chip:has-text("${session.venue}")`).click()
  await shown(page, '.session-editor__name input').fill(session.name)
  await shown(page, '.session-editor__date input').fill(session.date)
  await shown(page, '.session-editor__capacity input').fill(session.capacity)
  await shown(page, `.session-editor .committee__chip:has-text("${session.host}")`).click()
  await beforeSave?.()
  await shown(page, '.session-editor .committee__primary:has-text("保存场次")').click()
  const row = shown(page, `.session-row:has-text("${session.name}（${session.code}）")`)
  await row.waitFor(WAIT)
  return row
}

/** On 场次与考场: 自动安排 for `host` (asked first); answers what the page says it did. */
export async function autoAssign(page: Page, host: string): Promise<string> {
  await shown(page, `.assignment-row:has-text("${host}") .committee__small:has-text("自动安排")`).click()
  await confirmModal(page, '安排')
  const done = shown(page, `.assignment-row:has-text("${host}") .assignment-row__done`)
  await done.waitFor(WAIT)
  return done.innerText()
}

/** A score sheet as the committee fills it in: pass number, theory, practical. */
export async function scoreSheet(rows: [string, number, number][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('成绩表')
  sheet.addRow([SCORE_SHEET_COLUMNS.passNumber, SCORE_SHEET_COLUMNS.theory, SCORE_SHEET_COLUMNS.practical])
  for (const row of rows) sheet.addRow(row)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** 我的 › 组委会管理 › 成绩录入 › `host`: the sheet imported, `count` new scores. */
export async function importScores(page: Page, host: string, sheet: Buffer, count: number): Promise<void> {
  await shown(page, '.mine__link:has-text("组委会管理")').click()
  await shown(page, '.committee__row:has-text("成绩录入")').click()
  await shown(page, `.committee__chip:has-text("${host}")`).click()
  await shown(page, '.score-import__file').setInputFiles({ name: '成绩.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: sheet })
  await shown(page, `.score-import:has-text("导入完成：新录入 ${count} 人")`).waitFor(WAIT)
}

/** From 成绩录入: 成绩公示 › 发布公示 (asked first); resolves once it says the 公示 runs until `closingDate`. */
export async function openAnnouncement(page: Page, closingDate: string): Promise<void> {
  await shown(page, '.scores__announcement').click()
  await shown(page, '.results-desk__open').click()
  await confirmModal(page, '发布公示')
  await shown(page, `.results-desk__line:has-text("公示期至 ${closingDate}")`).waitFor(WAIT)
}

/** On 成绩公示, after its closing date: reloaded, 结束公示 (asked first), 已定稿. */
export async function closeAnnouncement(page: Page): Promise<void> {
  await page.reload()
  await shown(page, '.results-desk__close-hint:has-text("公示期已满")').waitFor(WAIT)
  await shown(page, '.results-desk__close').click()
  await confirmModal(page, '结束公示')
  await shown(page, '.results-desk__status:has-text("已定稿")').waitFor(WAIT)
}

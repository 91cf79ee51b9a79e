/**
 * The committee's set-up in the H5 build on a PC, against the seeded test BFF: a committee
 * member (made an administrator through a real invitation) edits the demo competition — a new
 * trade 电工 for 职工组 with a quota for 河西区总工会 — saves, reloads and sees it; then imports a
 * small generated .xlsx into 工会名录 and finds the new union with its code, and downloads the
 * export. Screenshots in .artifacts/screenshots/h5-committee-setup-*.png.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { DEMO_COMPETITION, DEMO_UNIONS, demoUnionCode } from '@contest/bff/src/seed/demoData'
import { UNION_SHEET_COLUMNS } from '@contest/shared'
import { startTestBff, type TestBff } from '../support/bff'
import { launchPerson, type Person } from './support/chromium'
import { openDemoEditor, signInAsAdministrator, workerQuotaInput } from './support/committee'
import { shown, shownText } from './support/taroH5'

const WAIT = { timeout: 20_000 }

let bff: TestBff
let committee: Person

const hexiDemo = DEMO_UNIONS.children?.find((u) => u.name === '河西区总工会')
if (!hexiDemo) throw new Error('the demo directory has no 河西区总工会')
const CITY_CODE = demoUnionCode(DEMO_UNIONS)
const HEXI_CODE = demoUnionCode(hexiDemo)

beforeAll(async () => {
  bff = await startTestBff({ seed: true, wechatEmulator: true })
  committee = await launchPerson({ viewport: { width: 1280, height: 900 } })
}, 60_000)

afterAll(async () => {
  await committee?.close()
  await bff?.stop()
})

/** A directory sheet as a committee member would fill it in. */
async function sheet(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const worksheet = workbook.addWorksheet('工会名录')
  worksheet.addRow([...UNION_SHEET_COLUMNS])
  for (const row of rows) worksheet.addRow(row)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

const electricianQuota = (page: Page) => workerQuotaInput(page, '河西区总工会', '电工')

it('edits the demo competition: a trade 电工 for 职工组 and its quota, saved, and there after a reload', async () => {
  const { page } = committee
  await signInAsAdministrator(page, bff.baseUrl, 'committee-1')

  await page.goto(`${bff.baseUrl}/#/packageCommittee/pages/competitions/index`)
  await shown(page, `.setup-card:has-text("${DEMO_COMPETITION.name}")`).waitFor(WAIT)
  await committee.screenshot('h5-committee-setup-1-list')

  await openDemoEditor(page, bff.baseUrl)
  const editor = await shownText(page)
  expect(editor).toContain('数控车工')
  // The demo's main venue, then its branch venue.
  expect(await page.locator('.taro_page:visible .venue-row__name input').first().inputValue()).toBe('天津市职工宣传教育文化中心')
  expect(editor).toContain('中华技能大奖')
  // On a PC the editor has two columns side by side.
  const [left, right] = await Promise.all([
    shown(page, '.setup-basics').boundingBox(),
    shown(page, '.setup-trades').boundingBox(),
  ])
  expect(right && left && right.x > left.x + left.width - 1).toBe(true)
  await committee.screenshot('h5-committee-setup-2-editor')

  // ---- A bad code is caught before anything is sent.
  await shown(page, '.setup-trades__add').click()
  const row = shown(page, '.trade-row')
  await row.locator('.trade-row__code input').fill('电工')
  await row.locator('.trade-row__name input').fill('电工')
  // And a 公示 shorter than the notices allow.
  const workingDays = shown(page, '.setup-results__working-days input')
  await workingDays.fill('4')
  await shown(page, '.setup-editor__save').click()
  await row.locator('text=工种代码只能包含小写字母、数字和短横线，最长 32 位').waitFor(WAIT)
  await shown(page, '.setup-results :text("公示至少 5 个工作日")').waitFor(WAIT)
  await committee.screenshot('h5-committee-setup-3-client-check')

  // ---- Fixed: 电工 for 职工组 only, 3 places for 河西区总工会.
  await row.locator('.trade-row__code input').fill('electrician')
  expect(await row.locator('.trade-row__group--worker').getAttribute('class')).toContain('committee__chip--on')
  expect(await row.locator('.trade-row__group--student').getAttribute('class')).not.toContain('committee__chip--on')
  await electricianQuota(page).fill('3')
  await workingDays.fill('7')
  await shown(page, '.quota-table:has-text("河西区总工会") :text("合计 11 人")').waitFor(WAIT)
  await shown(page, '.setup-editor__save').click()
  await shown(page, '.setup-editor__saved:has-text("已保存")').waitFor(WAIT)
  await electricianQuota(page).scrollIntoViewIfNeeded()
  await committee.screenshot('h5-committee-setup-4-saved')

  // ---- After a reload the list and the editor show what was stored.
  await page.reload()
  const card = shown(page, `.setup-card:has-text("${DEMO_COMPETITION.name}")`)
  await card.waitFor(WAIT)
  expect(await card.innerText()).toContain('电工')
  await openDemoEditor(page, bff.baseUrl)
  const names = await page.locator('.taro_page:visible .trade-row__name input').evaluateAll((inputs) =>
    inputs.map((input) => (input as HTMLInputElement).value),
  )
  expect(names).toEqual(['数控车工', '焊工', '装配钳工', '汽车维修工', '电工'])
  expect(await electricianQuota(page).inputValue()).toBe('3')
  expect(await shown(page, '.setup-results__working-days input').inputValue()).toBe('7')
  await committee.screenshot('h5-committee-setup-5-after-reload')

  // On a phone the same editor is one column.
  await page.setViewportSize({ width: 390, height: 844 })
  const [top, below] = await Promise.all([shown(page, '.setup-basics').boundingBox(), shown(page, '.setup-trades').boundingBox()])
  expect(below && top && below.y >= top.y + top.height).toBe(true)
  await committee.screenshot('h5-committee-setup-6-phone')
  await page.setViewportSize({ width: 1280, height: 900 })

  expect(committee.errors).toEqual([])
}, 120_000)

it('imports a small .xlsx into 工会名录, lists a refused sheet’s bad rows, finds the new union with its code, and exports', async () => {
  const { page } = committee
  await page.goto(`${bff.baseUrl}/#/packageCommittee/pages/unions/index`)
  await shown(page, '.union-row:has-text("天津市总工会")').waitFor(WAIT)
  const file = shown(page, 'input.union-sheet__file')

  // ---- A sheet with a bad row: nothing is imported, the row is named.
  await file.setInputFiles({
    name: '工会名录-有误.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await sheet([
      ['', '河西区越秀路街道总工会', '基层工会', HEXI_CODE],
      ['', '河西区某某街道总工会', '街道工会', HEXI_CODE],
    ]),
  })
  const refused = shown(page, '.union-sheet__refused')
  await refused.waitFor(WAIT)
  expect(await refused.innerText()).toMatch(/第3行：类型“街道工会”无效/)
  await committee.screenshot('h5-committee-setup-7-import-refused')

  // ---- The good sheet: one new union, one already there.
  await file.setInputFiles({
    name: '工会名录.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await sheet([
      [HEXI_CODE, '河西区总工会', '区总工会', CITY_CODE],
      ['', '河西区越秀路街道总工会', '基层工会', HEXI_CODE],
    ]),
  })
  await shown(page, '.union-sheet__done:has-text("导入完成：新增 1 个工会，1 个已在名录中（未改动）")').waitFor(WAIT)
  await committee.screenshot('h5-committee-setup-8-imported')

  await shown(page, '.union-search__input input').fill('越秀路')
  await shown(page, '.union-search .committee__small').click()
  const found = shown(page, '.union-row:has-text("河西区越秀路街道总工会")')
  await found.waitFor(WAIT)
  const code = (await found.locator('.union-row__code').innerText()).trim()
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/)
  expect(await found.innerText()).toContain('基层工会')
  await committee.screenshot('h5-committee-setup-9-found')

  // ---- The export downloads with the session token and holds the new union.
  const [download] = await Promise.all([page.waitForEvent('download', WAIT), shown(page, '.union-sheet__export').click()])
  expect(download.suggestedFilename()).toMatch(/^工会名录-\d{8}\.xlsx$/)
  const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'contest-export-')), 'unions.xlsx')
  await download.saveAs(saved)
  const exported = new ExcelJS.Workbook()
  await exported.xlsx.readFile(saved)
  const rows: string[] = []
  exported.worksheets[0]?.eachRow((r) => rows.push(JSON.stringify(r.values)))
  expect(rows.some((r) => r.includes('河西区越秀路街道总工会') && r.includes(code))).toBe(true)
  fs.rmSync(path.dirname(saved), { recursive: true, force: true })

  expect(committee.errors).toEqual([])
}, 90_000)

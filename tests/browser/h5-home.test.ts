/**
 * The H5 build (miniapp/dist/h5, from `npm run build:h5`) served by the seeded test BFF at `/`,
 * opened in Debian's Chromium. Leaves a screenshot in .artifacts/screenshots/h5-home.png.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { DEMO_COMPETITION } from '@contest/bff/src/seed/demoData'
import { startTestBff, type TestBff } from '../support/bff'

const SCREENSHOTS = path.resolve(__dirname, '../../.artifacts/screenshots')

let bff: TestBff
let profileDir: string
let context: BrowserContext
let page: Page
const pageErrors: string[] = []

beforeAll(async () => {
  bff = await startTestBff()
  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contest-h5-'))
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  page = context.pages()[0] ?? (await context.newPage())
  page.on('pageerror', (error) => pageErrors.push(error.message))
}, 60_000)

afterAll(async () => {
  await context?.close()
  await bff?.stop()
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true })
})

it('shows the open competitions on the home page', async () => {
  await page.goto(`${bff.baseUrl}/#/pages/index/index`)

  await page.getByText(DEMO_COMPETITION.name).waitFor({ timeout: 20_000 })

  const text = await page.locator('body').innerText()
  expect(text).toContain('正在报名的赛事')
  expect(text).toContain(`主办单位：${DEMO_COMPETITION.organiser}`)
  expect(text).toMatch(/报名截止：\d{4}年8月31日/)
  for (const trade of ['数控车工', '焊工', '装配钳工', '汽车维修工']) expect(text).toContain(trade)
  expect(text).toContain('职工组')
  expect(text).toContain('学生组')
  expect(text).not.toContain('加载中…')
  expect(await page.title()).toBe('职工职业技能大赛')

  fs.mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SCREENSHOTS, 'h5-home.png'), fullPage: true })
  expect(pageErrors).toEqual([])
}, 30_000)

it('opens the competition detail when the card is tapped', async () => {
  await page.getByText(DEMO_COMPETITION.name).click()

  await page.getByText('赛事简介').waitFor({ timeout: 20_000 })

  expect(page.url()).toMatch(/#\/pages\/competition\/index\?id=[0-9a-f]{24}$/)
  const text = await page.locator('body').innerText()
  expect(text).toMatch(/报名时间：\d{4}年9月1日 至 \d{4}年8月31日/)
  expect(text).toContain('参赛组别：职工组、学生组')
  expect(text).toContain(DEMO_COMPETITION.description.slice(0, 20))
  expect(pageErrors).toEqual([])
}, 30_000)

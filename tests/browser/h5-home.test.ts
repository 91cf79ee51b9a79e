/**
 * The H5 build (miniapp/dist/h5, from `npm run build:h5`) served by the seeded test BFF at `/`,
 * opened in Debian's Chromium. Leaves a screenshot in .artifacts/screenshots/h5-home.png.
 */
import { DEMO_COMPETITION } from '@contest/bff/src/seed/demoData'
import { startTestBff, type TestBff } from '../support/bff'
import { launchPerson, type Person } from './support/chromium'

let bff: TestBff
let visitor: Person

beforeAll(async () => {
  bff = await startTestBff()
  visitor = await launchPerson()
}, 60_000)

afterAll(async () => {
  await visitor?.close()
  await bff?.stop()
})

it('shows the open competitions on the home page', async () => {
  await visitor.page.goto(`${bff.baseUrl}/#/pages/index/index`)

  await visitor.page.getByText(DEMO_COMPETITION.name).waitFor({ timeout: 20_000 })

  const text = await visitor.page.locator('body').innerText()
  expect(text).toContain('正在报名的赛事')
  expect(text).toContain(`主办单位：${DEMO_COMPETITION.organiser}`)
  expect(text).toMatch(/报名截止：\d{4}年8月31日/)
  for (const trade of ['数控车工', '焊工', '装配钳工', '汽车维修工']) expect(text).toContain(trade)
  expect(text).toContain('职工组')
  expect(text).toContain('学生组')
  expect(text).not.toContain('加载中…')
  expect(await visitor.page.title()).toBe('职工职业技能大赛')

  await visitor.screenshot('h5-home')
  expect(visitor.errors).toEqual([])
}, 30_000)

it('opens the competition detail when the card is tapped', async () => {
  await visitor.page.getByText(DEMO_COMPETITION.name).click()

  await visitor.page.getByText('赛事简介').waitFor({ timeout: 20_000 })

  expect(visitor.page.url()).toMatch(/#\/pages\/competition\/index\?id=[0-9a-f]{24}$/)
  const text = await visitor.page.locator('body').innerText()
  expect(text).toMatch(/报名时间：\d{4}年9月1日 至 \d{4}年8月31日/)
  expect(text).toContain('参赛组别：职工组、学生组')
  expect(text).toContain(DEMO_COMPETITION.description.slice(0, 20))
  // 参赛条件, before the form: the demo's ages, declarations and places per union.
  expect(text).toMatch(/年龄18至60周岁（以\d{4}年8月31日计）/)
  expect(text).toContain('已获得中华技能大奖、全国技术能手的人员不得以选手身份参赛')
  expect(text).toMatch(/每个工种名额：.*河西区总工会.*各1名/)
  await visitor.screenshot('h5-competition-rules')
  expect(visitor.errors).toEqual([])
}, 30_000)

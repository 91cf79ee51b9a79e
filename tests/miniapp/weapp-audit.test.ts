/**
 * The BUILT audit subpackage (miniapp/dist/weapp/packageAudit, from `npm run build:weapp`)
 * rendered by miniprogram-simulate, against a test BFF in a child process holding 25 registrations
 * of 河西区 waiting for the union: 河西区总工会's official (signed in with wx.login) sees the
 * dashboard, and the queue with its rows, 加载更多 and the tabs.
 */
import path from 'node:path'
import { ZCompetitionDetailResponse, ageOn } from '@contest/shared'
import { firstCompetitionId, getJson, startTestBffProcess, type TestBffProcess } from '../support/weapp-bff-process'
import { launchWeapp, type Weapp } from '../support/weapp-shim'

const TEST_TIMEOUT_MS = 30_000
/** How a class reads in the rendered tree (the shim's textOf and input add the prefix themselves). */
const ROW = '.main--audit-row'
const ENTRY = path.resolve(__dirname, '../support/weapp-audit-bff-main.ts')

let bff: TestBffProcess
let weapp: Weapp
let competitionId: string
/** The first row's age on the competition's reference date (born 1980-01-10, tests/support/auditFixtures.ts). */
let firstAge: number

beforeAll(async () => {
  bff = await startTestBffProcess(90_000, ENTRY)
  competitionId = await firstCompetitionId(bff.baseUrl)
  const detail = ZCompetitionDetailResponse.parse(await getJson(`${bff.baseUrl}/api/v1/competitions/${competitionId}`)).data
  const referenceDate = new Date(Date.parse(detail.eligibility.referenceDate ?? detail.registrationClosesAt) + 8 * 3_600_000).toISOString().slice(0, 10)
  firstAge = ageOn('1980-01-10', referenceDate)
  weapp = await launchWeapp({ apiBaseUrl: bff.baseUrl, wechat: { emulatorUrl: bff.wechatBaseUrl, user: 'weapp-official-1' } })
}, 120_000)

afterAll(async () => {
  await bff?.stop()
}, TEST_TIMEOUT_MS)

function paths(): string[] {
  return weapp.requests.map((r) => `${r.method} ${new URL(r.requestedUrl).pathname}${new URL(r.requestedUrl).search} ${r.statusCode ?? r.error}`)
}

it('shows the official the dashboard of 河西区 on the audit home', async () => {
  const home = await weapp.openPage('packageAudit/pages/home/index')

  await home.waitForText('名额使用')
  const text = home.text()
  expect(text).toContain('负责工会河西区总工会')
  expect(text).toContain('审核报名（25条待处理）')
  expect(home.textOf('.audit-bars')).toContain('待工会审核25')
  expect(text).toContain('按工种组别')
  expect(text).toContain('河西区友谊路街道总工会')
  expect(text).toContain('焊工 · 职工组')
  expect(text).toContain('名额 1 · 已用 0 · 剩余 1')
  home.close()
}, TEST_TIMEOUT_MS)

it('renders the queue’s rows, loads the next page by keyset, and switches tabs', async () => {
  const queue = await weapp.openPage('packageAudit/pages/queue/index', { desk: 'union', competitionId })

  await queue.waitForText('王伟')
  expect(queue.text()).toContain('待工会审核 25')
  expect(queue.root.querySelectorAll(ROW)).toHaveLength(20)
  const first = queue.textOf('.audit-row')
  expect(first).toMatch(new RegExp(`王伟\\s*女 · ${firstAge}岁\\s*120103\\*{8}\\d{3}[\\dX]`))
  expect(first).toContain('河西区总工会')
  expect(first).toContain('数控车工 · 职工组 · 高级工')
  expect(first).toContain('待工会审核')

  queue.tap('加载更多')
  await queue.waitForText('已全部加载')
  expect(queue.root.querySelectorAll(ROW)).toHaveLength(25)

  queue.tap('报名成功 0')
  await queue.waitForText('暂无报名')
  expect(queue.root.querySelectorAll(ROW)).toHaveLength(0)

  const queueCalls = paths().filter((p) => p.includes('/registrations'))
  expect(queueCalls).toHaveLength(3)
  expect(queueCalls[1]).toMatch(/cursor=[0-9a-f]{24}/)
  expect(queueCalls[2]).toContain('status=confirmed')
  expect(paths().every((p) => p.endsWith(' 200'))).toBe(true)
  queue.close()
}, TEST_TIMEOUT_MS)

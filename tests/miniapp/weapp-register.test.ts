/**
 * The BUILT registration subpackage (miniapp/dist/weapp/packageRegister, from `npm run
 * build:weapp`) rendered by miniprogram-simulate, against the seeded test BFF in a child process:
 * the union code looked up and confirmed, then the form page after the privacy notice, showing a
 * bad ID number's problem beside the field.
 */
import { DEMO_UNIONS, demoUnionCode } from '@contest/bff/src/seed/demoData'
import { firstCompetitionId, startTestBffProcess, type TestBffProcess } from '../support/weapp-bff-process'
import { launchWeapp, type Weapp } from '../support/weapp-shim'

const TEST_TIMEOUT_MS = 30_000

const hexi = DEMO_UNIONS.children?.find((union) => union.name === '河西区总工会')
if (!hexi) throw new Error('the demo has no 河西区总工会')
const HEXI_CODE = demoUnionCode(hexi)

let bff: TestBffProcess
let weapp: Weapp
let competitionId: string

beforeAll(async () => {
  bff = await startTestBffProcess()
  competitionId = await firstCompetitionId(bff.baseUrl)
  weapp = await launchWeapp({ apiBaseUrl: bff.baseUrl, wechat: { emulatorUrl: bff.wechatBaseUrl, user: 'weapp-register-1' } })
}, 60_000)

afterAll(async () => {
  await bff?.stop()
}, TEST_TIMEOUT_MS)

function paths(): string[] {
  return weapp.requests.map((r) => `${r.method} ${new URL(r.requestedUrl).pathname} ${r.statusCode ?? r.error}`)
}

it('looks up the typed union code and shows the union with its chain to confirm', async () => {
  const entry = await weapp.openPage('packageRegister/pages/entry/index', { competitionId })
  await entry.waitForText('输入工会代码')
  expect(entry.text()).toContain('扫一扫工会二维码')

  entry.input('.register__input--code', HEXI_CODE.toLowerCase())
  entry.tap('查询工会')

  await entry.waitForText('天津市总工会 › 河西区总工会')
  expect(entry.text()).toContain(`工会代码：${HEXI_CODE}`)
  entry.tap('确认，下一步')
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(weapp.navigations).toEqual([`/packageRegister/pages/form/index?competitionId=${competitionId}`])
  expect(paths()).toEqual([
    `GET /api/v1/competitions/${competitionId} 200`,
    `GET /api/v1/unions/by-code/${HEXI_CODE} 200`,
  ])
  entry.close()
}, TEST_TIMEOUT_MS)

it('renders the form page after the privacy notice and shows a bad ID number’s problem beside the field', async () => {
  const form = await weapp.openPage('packageRegister/pages/form/index', { competitionId })

  // A first-time worker: signed in silently with wx.login, then asked to accept the notice.
  await form.waitForText('个人信息保护说明')
  form.tap('同意')
  await form.waitForText('下一步：核对信息')
  expect(form.text()).toContain('天津市总工会 › 河西区总工会')
  expect(form.text()).toContain('参赛声明')

  // 天津市河西区, born 1990-05-12, with a wrong check character.
  form.input('.register-field--nationalId .register__input', '120103199005121230')
  await form.waitForText('身份证号校验位不正确，请核对后重新输入')
  expect(form.textOf('.register-field--nationalId')).toContain('身份证号校验位不正确，请核对后重新输入')

  form.input('.register-field--mobile .register__input', '1381234')
  form.tap('下一步：核对信息')
  await form.waitForText('请输入11位中国大陆手机号')
  expect(form.textOf('.register-field--mobile')).toContain('请输入11位中国大陆手机号')
  expect(form.textOf('.register-field--name')).toContain('请填写姓名')
  expect(form.text()).not.toContain('核对报名信息')

  // A valid number shows what it tells instead.
  form.input('.register-field--nationalId .register__input', '120103199005121235')
  await form.waitForText('出生日期：1990年5月12日')
  expect(form.textOf('.register-field--nationalId')).toContain('性别：男')
  expect(form.textOf('.register-field--nationalId')).not.toContain('校验位')

  expect(paths()).toEqual(
    expect.arrayContaining([
      'POST /api/v1/auth/wechat 200',
      'GET /api/v1/me 200',
      'POST /api/v1/me/privacy-consent 200',
      `GET /api/v1/competitions/${competitionId} 200`,
    ]),
  )
  expect(paths().some((p) => p.startsWith('POST /api/v1/registrations'))).toBe(false)
  form.close()
}, TEST_TIMEOUT_MS)

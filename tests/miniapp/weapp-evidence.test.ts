/**
 * The BUILT registration form's evidence step (miniapp/dist/weapp, from `npm run build:weapp`) in
 * miniprogram-simulate against the seeded test BFF in a child process, the competition asking for
 * both sides of the ID card: `wx.chooseMedia` stubbed with a photo on disk, the photo sent by
 * `wx.uploadFile` as multipart to the BFF, which stores it; a file that is not an image is refused
 * with the BFF's reason on the page.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PNG } from 'pngjs'
import { DEMO_UNIONS, demoUnionCode } from '@contest/bff/src/seed/demoData'
import { firstCompetitionId, startTestBffProcess, type TestBffProcess } from '../support/weapp-bff-process'
import { launchWeapp, type Weapp } from '../support/weapp-shim'

const TEST_TIMEOUT_MS = 30_000
const HEXI_CODE = demoUnionCode(DEMO_UNIONS.children!.find((union) => union.name === '河西区总工会')!)
const ENTRY = path.join(__dirname, '../support/weapp-evidence-bff-main.ts')

let bff: TestBffProcess
let weapp: Weapp
let competitionId: string
let photoDir: string
/** What the stubbed `wx.chooseMedia` hands back next: a file on disk standing for the phone's temp file. */
let chosenFile = ''
const chooseMediaCalls: Record<string, unknown>[] = []

function writePhoto(name: string, width: number, height: number): string {
  const png = new PNG({ width, height })
  for (let i = 0; i < png.data.length; i += 4) png.data.set([i % 256, 80, 160, 255], i)
  const file = path.join(photoDir, name)
  fs.writeFileSync(file, PNG.sync.write(png))
  return file
}

beforeAll(async () => {
  photoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-evidence-'))
  bff = await startTestBffProcess(60_000, ENTRY)
  competitionId = await firstCompetitionId(bff.baseUrl)
  // Taro binds the wx APIs when the app loads: the stub goes on miniprogram-simulate's `wx` first.
  require('miniprogram-simulate')
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx
  wx.chooseMedia = (options: Record<string, unknown> & { success?: (r: object) => void; complete?: (r: object) => void }) => {
    chooseMediaCalls.push(options)
    const result = { tempFiles: [{ tempFilePath: chosenFile, size: fs.statSync(chosenFile).size, fileType: 'image' }], type: 'image', errMsg: 'chooseMedia:ok' }
    setTimeout(() => {
      options.success?.(result)
      options.complete?.(result)
    }, 0)
  }
  weapp = await launchWeapp({ apiBaseUrl: bff.baseUrl, wechat: { emulatorUrl: bff.wechatBaseUrl, user: 'weapp-evidence-1' } })
}, 60_000)

afterAll(async () => {
  await bff?.stop()
  fs.rmSync(photoDir, { recursive: true, force: true })
}, TEST_TIMEOUT_MS)

function paths(): string[] {
  return weapp.requests.map((r) => `${r.method} ${new URL(r.requestedUrl).pathname} ${r.statusCode ?? r.error}`)
}

it('uploads the chosen photo of each ID card side from the form, and shows the BFF’s refusal of a file that is not an image', async () => {
  // The union confirmed on the entry page, as a worker does first.
  const entry = await weapp.openPage('packageRegister/pages/entry/index', { competitionId })
  await entry.waitForText('输入工会代码')
  entry.input('.register__input--code', HEXI_CODE)
  entry.tap('查询工会')
  await entry.waitForText('确认，下一步')
  entry.tap('确认，下一步')
  await new Promise((resolve) => setTimeout(resolve, 20))
  entry.close()

  const form = await weapp.openPage('packageRegister/pages/form/index', { competitionId })
  await form.waitForText('个人信息保护说明')
  form.tap('同意')
  await form.waitForText('证明材料')
  expect(form.textOf('.register-evidence__item--id_front')).toContain('身份证人像面')
  expect(form.textOf('.register-evidence__item--id_back')).toContain('身份证国徽面')

  // A tap lands on the last button reading so: the back side's first.
  chosenFile = writePhoto('id-back.png', 90, 60)
  form.tap('拍照或选择照片')
  await form.waitForText('已上传 ✓')
  expect(form.textOf('.register-evidence__item--id_back')).toContain('已上传 ✓重新上传')
  expect(form.textOf('.register-evidence__item--id_front')).not.toContain('已上传')
  expect(chooseMediaCalls[0]).toMatchObject({ count: 1, mediaType: ['image'], sizeType: ['compressed'] })

  // Not an image, whatever the phone says: the BFF refuses it and the page says why.
  chosenFile = path.join(photoDir, 'not-a-photo.jpg')
  fs.writeFileSync(chosenFile, '这不是照片'.repeat(40))
  form.tap('拍照或选择照片')
  await form.waitForText('身份证人像面上传失败')
  expect(form.text()).toContain('请上传 JPG、PNG 或 WebP 格式的照片')

  const uploads = paths().filter((p) => p.startsWith('POST /api/v1/me/evidence'))
  expect(uploads).toEqual(['POST /api/v1/me/evidence 201', 'POST /api/v1/me/evidence 415'])
  const sent = weapp.requests.filter((r) => r.requestedUrl.includes('/me/evidence') && r.method === 'POST')
  expect(sent.every((r) => r.bearer)).toBe(true)
  expect(new URL(sent[0]!.requestedUrl).searchParams.get('kind')).toBe('id_back')
  expect(new URL(sent[1]!.requestedUrl).searchParams.get('kind')).toBe('id_front')

  // Without the front side the form does not go on to review.
  form.tap('下一步：核对信息')
  await form.waitForText('请上传身份证人像面照片')
  expect(form.textOf('.register-evidence__item--id_front')).toContain('请上传身份证人像面照片')
  form.close()
}, TEST_TIMEOUT_MS)

/**
 * The BUILT pass page (miniapp/dist/weapp/packageRegister/pages/pass, from `npm run build:weapp`)
 * rendered by miniprogram-simulate, against a test BFF in a child process where the worker's
 * registration was confirmed and placed (tests/support/weapp-pass-bff-main.ts): 我的报名 shows the
 * way to the pass, and the pass shows its number, place and time, with a QR code drawn on the
 * phone that reads back as the signed token of that pass.
 */
import path from 'node:path'
import jsQR from 'jsqr'
import { decodePassToken, passSerialOf } from '@contest/shared'
import { startTestBffProcess, type TestBffProcess } from '../support/weapp-bff-process'
import { PASS_SESSION, PASS_VENUE, PASS_WORKER } from '../support/weapp-pass'
import { launchWeapp, type Weapp } from '../support/weapp-shim'
import { decodeGifDataUrl } from './support/gif'

const TEST_TIMEOUT_MS = 30_000
const ENTRY = path.resolve(__dirname, '../support/weapp-pass-bff-main.ts')

let bff: TestBffProcess
let weapp: Weapp

beforeAll(async () => {
  bff = await startTestBffProcess(90_000, ENTRY)
  weapp = await launchWeapp({ apiBaseUrl: bff.baseUrl, wechat: { emulatorUrl: bff.wechatBaseUrl, user: PASS_WORKER } })
}, 120_000)

/**
 * The data URL an image node of class `className` shows, from Taro's rendered data tree (whose
 * props are renamed short, `src` among them, so it is the node's one `data:image/` value).
 */
function imageSource(tree: unknown, className: string): string | null {
  if (!tree || typeof tree !== 'object') return null
  const node = tree as Record<string, unknown>
  if (typeof node.cl === 'string' && node.cl.split(' ').includes(className)) {
    const source = Object.values(node).find((value) => typeof value === 'string' && value.startsWith('data:image/'))
    if (typeof source === 'string') return source
  }
  for (const child of Object.values(node)) {
    const found = imageSource(child, className)
    if (found) return found
  }
  return null
}

afterAll(async () => {
  await bff?.stop()
}, TEST_TIMEOUT_MS)

it('我的报名 shows the pass number, the pass shows where and when with a QR code of its signed token', async () => {
  const mine = await weapp.openPage('packageRegister/pages/mine/index')
  await mine.waitForText('准考证 ')
  const number = /准考证 (\d{8})/.exec(mine.text())?.[1] ?? ''
  expect(passSerialOf(number)).not.toBeNull()
  mine.tap(`准考证 ${number}`)
  // The tap asks for subscribe grants first (the shim answers at once), then opens the pass.
  for (let i = 0; i < 50 && weapp.navigations.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 20))
  const [opened = ''] = weapp.navigations
  expect(opened).toMatch(/^\/packageRegister\/pages\/pass\/index\?id=[0-9a-f]{24}$/)
  mine.close()

  const pass = await weapp.openPage('packageRegister/pages/pass/index', { id: opened.split('id=')[1] ?? '' })
  await pass.waitForText('准考证号')
  const text = pass.text()
  expect(text).toContain(`${number.slice(0, 4)} ${number.slice(4)}`)
  expect(text).toContain(PASS_VENUE)
  expect(text).toContain(PASS_SESSION.name)
  expect(text).toContain(`2027年9月20日 ${PASS_SESSION.startTime}–${PASS_SESSION.endTime}`)
  expect(text).toContain('A-001')
  expect(text).toContain('请携带身份证和准考证')

  // miniprogram-simulate's DOM drops an <image>'s src: it is read from the data Taro renders.
  expect(pass.root.querySelectorAll('wx-image')).toHaveLength(1)
  const src = imageSource(pass.data(), 'register-pass__qr-image') ?? ''
  const drawn = decodeGifDataUrl(src)
  const token = jsQR(drawn.rgba, drawn.width, drawn.height)?.data ?? ''
  expect(decodePassToken(token)?.fields).toMatchObject({ passSerial: passSerialOf(number), venueCode: 'main', sessionCode: PASS_SESSION.code })
  pass.close()
}, TEST_TIMEOUT_MS)

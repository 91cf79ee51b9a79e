/**
 * 报名海报 in the H5 build served by the seeded test BFF (WeChat emulator): 河西区总工会's official
 * opens the audit home, opens the union's poster, sees the union code beside it, and downloads it;
 * the downloaded file is the mini-program code that opens the entry page with that code. Screenshot:
 * .artifacts/screenshots/h5-poster.png.
 */
import { MINIAPP_PAGES, registrationEntryFromScene } from '@contest/shared'
import { startTestBff, type TestBff } from '../support/bff'
import { HEXI_CODE, grantToWeChatUser, unionIdByName } from '../support/auditFixtures'
import { downloadPoster, openPoster } from './support/audit'
import { People } from './support/chromium'
import { shown, signInH5 } from './support/taroH5'

let bff: TestBff
const people = new People()

beforeAll(async () => {
  bff = await startTestBff({ seed: true, wechatEmulator: true })
  await grantToWeChatUser(bff.wechat!.baseUrl, 'official-poster-1', [{ role: 'union_official', unionId: await unionIdByName('河西区总工会') }])
}, 60_000)

afterAll(async () => {
  await people.closeAll()
  await bff?.stop()
})

it('an official opens their union’s poster on the audit home, reads the code beside it and downloads it', async () => {
  const official = await people.launch({ width: 1280, height: 900 })
  const { page } = official
  await signInH5(page, bff.baseUrl, 'official-poster-1')
  await shown(page, '.mine__link:has-text("审核工作台")').click()
  expect(await openPoster(page)).toBe(HEXI_CODE)
  await official.screenshot('h5-poster')

  const { fileName, link: url } = await downloadPoster(page)
  expect(fileName).toMatch(/^河西区总工会-.+-报名海报\.png$/)
  expect(url.searchParams.get('page')).toBe(MINIAPP_PAGES.registerEntry)
  expect(registrationEntryFromScene(url.searchParams.get('scene')!)?.unionCode).toBe(HEXI_CODE)
  expect(official.errors).toEqual([])
})

/**
 * Team entries on H5 (#14 item 2), in the build served by the seeded test BFF: 河西区总工会's
 * official opens 团体报名 from the audit home, names a team with its 领队, enters a member on the
 * form and copies the member's confirmation link; the member, signed in, opens the link, reads
 * what was entered, consents and confirms; the official then sees 已确认. Screenshots land in
 * .artifacts/screenshots/h5-team-*.png.
 */
import { startTestBff, type TestBff } from '../support/bff'
import { grantToWeChatUser, unionIdByName } from '../support/auditFixtures'
import { validNationalId } from '../support/registration'
import { People } from './support/chromium'
import { shown, shownText, signInH5 } from './support/taroH5'

const WAIT = { timeout: 20_000 }
const PC = { width: 1280, height: 900 }

let bff: TestBff
const people = new People()

beforeAll(async () => {
  bff = await startTestBff({ seed: true, wechatEmulator: true })
  await grantToWeChatUser(bff.wechat!.baseUrl, 'official-team-1', [{ role: 'union_official', unionId: await unionIdByName('河西区总工会') }])
}, 60_000)

afterAll(async () => {
  await people.closeAll()
  await bff?.stop()
})

it('an official enters a team member; the member confirms from the link; the official sees 已确认', async () => {
  const official = await people.launch(PC)
  await signInH5(official.page, bff.baseUrl, 'official-team-1')
  await shown(official.page, '.mine__link:has-text("审核工作台")').click()
  await shown(official.page, 'taro-button-core:has-text("团体报名")').click()

  // ---- A team of the official's own union, with its 领队.
  const type = (placeholder: string, value: string) => shown(official.page, `input[placeholder="${placeholder}"]`).fill(value)
  await type('参赛队名称', '河西区代表队')
  await type('领队姓名（不参赛）', '王领队')
  await type('领队手机号', '13900001111')
  await shown(official.page, 'taro-button-core:has-text("创建参赛队")').click()
  await shown(official.page, '.audit-team .audit__heading:has-text("河西区代表队")').waitFor(WAIT)

  // ---- A member entered on the form (数控车工 · 职工组 and 无 as the pickers start).
  await shown(official.page, 'taro-button-core:has-text("添加队员")').click()
  await type('姓名', '李强')
  await type('身份证号', validNationalId('19880512', 135))
  await type('手机号', '13812345678')
  await type('工作单位', '天津港（集团）有限公司')
  await type('从事本工种年限', '6')
  await shown(official.page, 'taro-button-core:has-text("录入队员")').click()
  await shown(official.page, '.audit-team__member:has-text("李强")').waitFor(WAIT)
  const entered = await shownText(official.page)
  expect(entered).toContain('待本人确认')
  const link = (await shown(official.page, '.audit-team__link').innerText()).match(/\/packageRegister\/pages\/confirm\/index\?t=[A-Za-z0-9_-]{28}/)?.[0]
  expect(link).toBeDefined()
  await official.screenshot('h5-team-1-entered')

  // ---- The member opens the link, signed in, and confirms with their own consent.
  const member = await people.launch()
  await signInH5(member.page, bff.baseUrl, 'worker-team-1')
  await member.page.goto(`${bff.baseUrl}/#${link}`)
  await shown(member.page, '.register-line:has-text("河西区代表队")').waitFor(WAIT)
  const shownToMember = await shownText(member.page)
  expect(shownToMember).toContain('李强')
  expect(shownToMember).toContain('数控车工 · 职工组')
  expect(await shown(member.page, 'taro-button-core:has-text("确认报名")').getAttribute('disabled')).not.toBeNull()
  await shown(member.page, '.register__consent').click()
  await shown(member.page, 'taro-button-core:has-text("确认报名")').click()
  await shown(member.page, '.register__notice:has-text("已确认")').waitFor(WAIT)
  await member.screenshot('h5-team-2-confirmed')

  // ---- The official's page: 已确认, no link any more.
  await official.page.reload()
  await shown(official.page, '.audit-team__member:has-text("已确认")').waitFor(WAIT)
  expect(await official.page.locator('.taro_page:visible .audit-team__link').count()).toBe(0)
  await official.screenshot('h5-team-3-official-sees-confirmed')
}, 180_000)

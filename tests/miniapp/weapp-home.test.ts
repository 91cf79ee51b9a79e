/**
 * The BUILT WeChat mini-program (miniapp/dist/weapp, from `npm run build:weapp`) rendered by
 * miniprogram-simulate, talking over real HTTP to the seeded test BFF (`startTestBff`, run in
 * a child process because this file needs jsdom).
 */
import http from 'node:http'
import { DEMO_COMPETITION } from '@contest/bff/src/seed/demoData'
import { startTestBffProcess, type TestBffProcess } from '../support/weapp-bff-process'
import { launchWeapp } from '../support/weapp-shim'

/** The base URL a default weapp build has compiled in (config/index.ts). */
const COMPILED_API_BASE = 'http://127.0.0.1:3000'

/** Rendering the built app under jsdom takes a moment; waitForText gives up after 5 s. */
const TEST_TIMEOUT_MS = 20_000

let bff: TestBffProcess

beforeAll(async () => {
  bff = await startTestBffProcess()
}, 60_000)

afterAll(async () => {
  await bff?.stop()
}, TEST_TIMEOUT_MS)

/** A loopback URL where nothing listens: the port of a server that has just been closed. */
async function deadUrl(): Promise<string> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (!address || typeof address === 'string') throw new Error('no port')
  return `http://127.0.0.1:${address.port}`
}

it('lists the seeded competition with organiser, deadline, trades and groups', async () => {
  const weapp = await launchWeapp({ apiBaseUrl: bff.baseUrl })
  const home = await weapp.openPage('pages/index/index')

  await home.waitForText(DEMO_COMPETITION.name)

  const text = home.text()
  expect(text).toContain('正在报名的赛事')
  expect(text).toContain(`主办单位：${DEMO_COMPETITION.organiser}`)
  expect(text).toMatch(/报名截止：\d{4}年8月31日/)
  for (const trade of ['数控车工', '焊工', '装配钳工', '汽车维修工']) expect(text).toContain(trade)
  expect(text).toContain('职工组')
  expect(text).toContain('学生组')
  expect(text).not.toContain('加载中…')
  expect(weapp.requests).toEqual([
    expect.objectContaining({
      method: 'GET',
      requestedUrl: `${COMPILED_API_BASE}/api/v1/competitions`,
      statusCode: 200,
    }),
  ])
  home.close()
}, TEST_TIMEOUT_MS)

it('opens the detail page of a tapped competition', async () => {
  const weapp = await launchWeapp({ apiBaseUrl: bff.baseUrl })
  const home = await weapp.openPage('pages/index/index')
  await home.waitForText(DEMO_COMPETITION.name)

  home.tap(DEMO_COMPETITION.name)

  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(weapp.navigations).toHaveLength(1)
  const target = new URL(weapp.navigations[0] ?? '', 'wxapp://app')
  expect(target.pathname).toBe('/pages/competition/index')
  const id = target.searchParams.get('id') ?? ''
  expect(id).toMatch(/^[0-9a-f]{24}$/)
  home.close()

  const detail = await weapp.openPage('pages/competition/index', { id })
  await detail.waitForText('赛事简介')
  const text = detail.text()
  expect(text).toContain(DEMO_COMPETITION.name)
  expect(text).toMatch(/报名时间：\d{4}年9月1日 至 \d{4}年8月31日/)
  expect(text).toContain('参赛组别：职工组、学生组')
  expect(text).toContain(DEMO_COMPETITION.description.slice(0, 20))
  detail.close()
}, TEST_TIMEOUT_MS)

it('says the network failed, and 重试 loads the list once the BFF is reachable', async () => {
  const offline = await launchWeapp({ apiBaseUrl: await deadUrl() })
  const home = await offline.openPage('pages/index/index')

  await home.waitForText('网络连接失败，请检查网络后重试')
  expect(home.text()).toContain('重试')
  expect(home.text()).not.toContain(DEMO_COMPETITION.name)

  const online = await launchWeapp({ apiBaseUrl: bff.baseUrl })
  home.tap('重试')

  await home.waitForText(DEMO_COMPETITION.name)
  expect(home.text()).not.toContain('网络连接失败')
  expect(online.requests).toHaveLength(1)
  home.close()
}, TEST_TIMEOUT_MS)

it('signs in with wx.login and shows 我的 to the signed-in worker', async () => {
  const weapp = await launchWeapp({
    apiBaseUrl: bff.baseUrl,
    wechat: { emulatorUrl: bff.wechatBaseUrl, user: 'weapp-worker-1' },
  })
  const mine = await weapp.openPage('pages/mine/index')

  await mine.waitForText('已登录')
  const text = mine.text()
  expect(text).toContain('暂无工作人员角色')
  expect(text).toContain('输入邀请码')
  expect(text).toContain('隐私政策')
  // No development sign-in in WeChat: no test user name, no 退出登录.
  expect(text).not.toContain('测试用户')
  expect(text).not.toContain('退出登录')
  expect(weapp.requests.map((r) => [r.method, new URL(r.requestedUrl).pathname, r.bearer, r.statusCode])).toEqual([
    ['POST', '/api/v1/auth/wechat', false, 200],
    ['GET', '/api/v1/me', true, 200],
    // The unread count on 消息, and the subscribe templates to ask for at the 我的报名 tap.
    ['GET', '/api/v1/me/notifications', true, 200],
    ['GET', '/api/v1/me/registrations', true, 200],
  ])
  mine.close()
}, TEST_TIMEOUT_MS)

it('opens the role subpackages, which tell a worker without the role how to get it', async () => {
  const weapp = await launchWeapp({
    apiBaseUrl: bff.baseUrl,
    wechat: { emulatorUrl: bff.wechatBaseUrl, user: 'weapp-worker-1' },
  })

  const audit = await weapp.openPage('packageAudit/pages/home/index')
  await audit.waitForText('您还不是工会审核员')
  expect(audit.text()).toContain('审核工作台')
  audit.close()

  const venue = await weapp.openPage('packageVenue/pages/scan/index')
  await venue.waitForText('您还不是现场工作人员')
  venue.close()

  const committee = await weapp.openPage('packageCommittee/pages/index/index')
  await committee.waitForText('您还没有组委会权限')
  committee.close()

  // The session from the previous test is reused: no second sign-in.
  expect(weapp.requests.every((r) => r.bearer)).toBe(true)
}, TEST_TIMEOUT_MS)

it('opens the invitation page from a QR code’s scene and says when the code is unknown', async () => {
  const weapp = await launchWeapp({
    apiBaseUrl: bff.baseUrl,
    wechat: { emulatorUrl: bff.wechatBaseUrl, user: 'weapp-worker-1' },
  })

  const invite = await weapp.openPage('packageInvite/pages/invite/index', { scene: encodeURIComponent('i=K7M2Q9RT4X') })

  await invite.waitForText('邀请码不存在，请核对后重新输入')
  expect(weapp.requests.map((r) => new URL(r.requestedUrl).pathname)).toEqual(['/api/v1/invitations/preview'])
  invite.close()
}, TEST_TIMEOUT_MS)

/**
 * The API client and the session: the bearer token, JSON bodies, sign-in through wx.login (weapp)
 * or the development sign-in (H5), and what happens on 401.
 */
import { AppError, PRIVACY_NOTICE_VERSION, ZEmptyResponse, ZMeResponse } from '@contest/shared'
import { acceptPrivacyNotice, getMe } from '../../miniapp/src/api/account'
import { call } from '../../miniapp/src/api/client'
import { listCompetitions } from '../../miniapp/src/api/competitions'
import { ApiClientError } from '../../miniapp/src/api/errors'
import { installSession, signInAsTestUser, signOut } from '../../miniapp/src/session/signIn'
import { sessionToken } from '../../miniapp/src/api/sessionToken'
import { answer, me } from './support/me'
import { resetTaroMock, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))

const SESSION_KEY = 'contest.session'
const FUTURE = '2099-01-01T00:00:00+08:00'

type TRequestOptions = { url: string; method: string; header: Record<string, string>; data?: string }

function requests(): TRequestOptions[] {
  return taroMock.request.mock.calls.map((args: unknown[]) => args[0] as TRequestOptions)
}

function storeToken(token: string, expiresAt = FUTURE): void {
  taroMock.storage.set(SESSION_KEY, { token, expiresAt })
}

function session(token: string) {
  return { ok: true, data: { token, expiresAt: FUTURE, me: me() } }
}

/** Answers by method and path, in order per route; unknown routes fail the test. */
function route(table: Record<string, unknown[]>) {
  taroMock.request.mockImplementation(async (options: TRequestOptions) => {
    const key = `${options.method} ${options.url}`
    const queue = table[key]
    if (!queue || queue.length === 0) throw new Error(`unexpected request ${key}`)
    return queue.length > 1 ? queue.shift() : queue[0]
  })
}

const ORIGINAL_ENV = process.env.TARO_ENV

beforeEach(() => {
  resetTaroMock()
  process.env.TARO_ENV = 'h5'
  installSession()
})

afterAll(() => {
  process.env.TARO_ENV = ORIGINAL_ENV
})

describe('the bearer token', () => {
  it('is sent with calls that need a session', async () => {
    storeToken('token-aaaaaaaaaaaaaaaaaaaa')
    route({ 'GET /api/v1/me': [answer(200, { ok: true, data: me() })] })

    await expect(getMe()).resolves.toEqual(me())

    expect(requests()[0]?.header).toMatchObject({ Authorization: 'Bearer token-aaaaaaaaaaaaaaaaaaaa' })
  })

  it('is never sent with public calls (an expired one would turn them into a 401)', async () => {
    storeToken('token-aaaaaaaaaaaaaaaaaaaa')
    route({ 'GET /api/v1/competitions': [answer(200, { ok: true, data: { items: [] } })] })

    await listCompetitions()

    expect(requests()[0]?.header.Authorization).toBeUndefined()
  })

  it('is not used once it has expired by the phone’s clock', async () => {
    storeToken('token-old-aaaaaaaaaaaaaaa', '2020-01-01T00:00:00+08:00')

    await expect(getMe()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' })
    expect(taroMock.request).not.toHaveBeenCalled()
  })
})

describe('JSON bodies', () => {
  it('POSTs the body as JSON with its content type', async () => {
    storeToken('token-aaaaaaaaaaaaaaaaaaaa')
    route({ 'POST /api/v1/me/privacy-consent': [answer(200, { ok: true, data: me([], true) })] })

    await acceptPrivacyNotice()

    const sent = requests()[0]
    expect(sent?.header['Content-Type']).toBe('application/json')
    expect(JSON.parse(sent?.data ?? '')).toEqual({ version: PRIVACY_NOTICE_VERSION })
  })

  it('supports PUT', async () => {
    storeToken('token-aaaaaaaaaaaaaaaaaaaa')
    route({ 'PUT /api/v1/admin/competitions/abc': [answer(200, { ok: true, data: {} })] })

    await call({ method: 'PUT', path: '/admin/competitions/abc', body: { version: 3 }, schema: ZEmptyResponse })

    expect(requests()[0]).toMatchObject({ method: 'PUT', data: '{"version":3}' })
  })

  it('sends GET queries in the URL, leaving out empty values', async () => {
    storeToken('token-aaaaaaaaaaaaaaaaaaaa')
    route({ 'GET /api/v1/admin/unions?q=%E6%B2%B3%E8%A5%BF': [answer(200, { ok: true, data: { items: [], next: null } })] })

    await call({ path: '/admin/unions', query: { q: '河西', parentId: undefined, after: '' }, schema: ZEmptyResponse })

    expect(requests()[0]?.data).toBeUndefined()
  })
})

describe('signing in, in WeChat', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp'
  })

  it('signs in with wx.login when there is no session yet, then makes the call with the new token', async () => {
    taroMock.login.mockResolvedValue({ code: 'wx-code-1', errMsg: 'login:ok' })
    route({
      'POST /api/v1/auth/wechat': [answer(200, session('token-new-aaaaaaaaaaaaaaa'))],
      'GET /api/v1/me': [answer(200, { ok: true, data: me() })],
    })

    await getMe()

    const [signIn, meCall] = requests()
    expect(signIn?.header.Authorization).toBeUndefined()
    expect(JSON.parse(signIn?.data ?? '')).toEqual({ code: 'wx-code-1' })
    expect(meCall?.header.Authorization).toBe('Bearer token-new-aaaaaaaaaaaaaaa')
    expect(sessionToken()).toBe('token-new-aaaaaaaaaaaaaaa')
  })

  it('on 401 SESSION_EXPIRED drops the token, signs in again and retries once', async () => {
    storeToken('token-old-aaaaaaaaaaaaaaa')
    taroMock.login.mockResolvedValue({ code: 'wx-code-2', errMsg: 'login:ok' })
    route({
      'GET /api/v1/me': [
        answer(401, { ok: false, code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' }),
        answer(200, { ok: true, data: me() }),
      ],
      'POST /api/v1/auth/wechat': [answer(200, session('token-new-aaaaaaaaaaaaaaa'))],
    })

    await expect(getMe()).resolves.toEqual(me())

    expect(requests().map((r) => `${r.method} ${r.url} ${r.header.Authorization ?? '-'}`)).toEqual([
      'GET /api/v1/me Bearer token-old-aaaaaaaaaaaaaaa',
      'POST /api/v1/auth/wechat -',
      'GET /api/v1/me Bearer token-new-aaaaaaaaaaaaaaa',
    ])
    expect(taroMock.login).toHaveBeenCalledTimes(1)
    expect(sessionToken()).toBe('token-new-aaaaaaaaaaaaaaa')
  })

  it('gives up after one retry when the BFF still answers 401', async () => {
    storeToken('token-old-aaaaaaaaaaaaaaa')
    taroMock.login.mockResolvedValue({ code: 'wx-code-3', errMsg: 'login:ok' })
    route({
      'GET /api/v1/me': [answer(401, { ok: false, code: 'UNAUTHENTICATED', message: '请先登录' })],
      'POST /api/v1/auth/wechat': [answer(200, session('token-new-aaaaaaaaaaaaaaa'))],
    })

    await expect(getMe()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(requests()).toHaveLength(3)
  })

  it('signs in once for calls made at the same time', async () => {
    taroMock.login.mockResolvedValue({ code: 'wx-code-4', errMsg: 'login:ok' })
    route({
      'POST /api/v1/auth/wechat': [answer(200, session('token-new-aaaaaaaaaaaaaaa'))],
      'GET /api/v1/me': [answer(200, { ok: true, data: me() })],
    })

    await Promise.all([getMe(), getMe(), getMe()])

    expect(taroMock.login).toHaveBeenCalledTimes(1)
    expect(requests().filter((r) => r.url === '/api/v1/auth/wechat')).toHaveLength(1)
  })

  it('says so in Chinese when wx.login fails', async () => {
    taroMock.login.mockRejectedValue({ errMsg: 'login:fail' })

    const error = await getMe().catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiClientError)
    expect(error).toMatchObject({ code: 'WECHAT_LOGIN_FAILED', message: '微信登录失败，请稍后重试' })
  })

  it('passes on WECHAT_CODE_INVALID from the BFF', async () => {
    taroMock.login.mockResolvedValue({ code: 'wx-code-5', errMsg: 'login:ok' })
    route({
      'POST /api/v1/auth/wechat': [answer(401, { ok: false, code: 'WECHAT_CODE_INVALID', message: '微信登录已失效，请重新进入小程序' })],
    })

    await expect(getMe()).rejects.toMatchObject({ code: 'WECHAT_CODE_INVALID', message: '微信登录已失效，请重新进入小程序' })
  })
})

describe('signing in, in the H5 build (development)', () => {
  it('signs in as a test user through the emulator’s code and remembers the name', async () => {
    route({
      'POST /api/v1/dev/login-code': [answer(200, { ok: true, data: { code: 'emu-code-1' } })],
      'POST /api/v1/auth/wechat': [answer(200, session('token-dev-aaaaaaaaaaaaaaa'))],
    })

    await signInAsTestUser(' committee-1 ')

    const [mint, exchange] = requests()
    expect(JSON.parse(mint?.data ?? '')).toEqual({ user: 'committee-1' })
    expect(JSON.parse(exchange?.data ?? '')).toEqual({ code: 'emu-code-1' })
    expect(sessionToken()).toBe('token-dev-aaaaaaaaaaaaaaa')
    expect(taroMock.storage.get('contest.devUser')).toBe('committee-1')
  })

  it('on 401 without a remembered test user clears the token and asks the person to sign in', async () => {
    storeToken('token-old-aaaaaaaaaaaaaaa')
    route({ 'GET /api/v1/me': [answer(401, { ok: false, code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' })] })

    const error = await getMe().catch((e: unknown) => e)

    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'SESSION_EXPIRED' })
    expect(sessionToken()).toBeNull()
    expect(requests()).toHaveLength(1)
  })

  it('renews an expired session of a remembered test user without asking', async () => {
    storeToken('token-old-aaaaaaaaaaaaaaa')
    taroMock.storage.set('contest.devUser', 'official-1')
    route({
      'GET /api/v1/me': [
        answer(401, { ok: false, code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' }),
        answer(200, { ok: true, data: me() }),
      ],
      'POST /api/v1/dev/login-code': [answer(200, { ok: true, data: { code: 'emu-code-2' } })],
      'POST /api/v1/auth/wechat': [answer(200, session('token-dev-aaaaaaaaaaaaaaa'))],
    })

    await expect(getMe()).resolves.toEqual(me())
    expect(requests()[3]?.header.Authorization).toBe('Bearer token-dev-aaaaaaaaaaaaaaa')
  })

  it('does not treat other errors as a lost session', async () => {
    storeToken('token-aaaaaaaaaaaaaaaaaaaa')
    route({ 'GET /api/v1/me': [answer(403, { ok: false, code: 'FORBIDDEN', message: '没有权限进行此操作' })] })

    await expect(call({ path: '/me', schema: ZMeResponse })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(sessionToken()).toBe('token-aaaaaaaaaaaaaaaaaaaa')
  })
})

describe('signing out', () => {
  it('ends the session on the BFF and forgets it, without signing in to do so', async () => {
    storeToken('token-aaaaaaaaaaaaaaaaaaaa')
    taroMock.storage.set('contest.devUser', 'committee-1')
    route({ 'POST /api/v1/auth/logout': [answer(401, { ok: false, code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' })] })

    await signOut()

    expect(requests()).toHaveLength(1)
    expect(sessionToken()).toBeNull()
    expect(taroMock.storage.has('contest.devUser')).toBe(false)
  })
})

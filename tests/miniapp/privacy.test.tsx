/**
 * Accepting the privacy notice: the page posts the version this build shows, the gate keeps a
 * form hidden until then, and in WeChat the popup answers onNeedPrivacyAuthorization.
 */
import { act, fireEvent, render, screen } from '@testing-library/react'
import { PRIVACY_NOTICE_VERSION } from '@contest/shared'
import PrivacyGate from '../../miniapp/src/components/PrivacyGate'
import PrivacyPopup from '../../miniapp/src/components/PrivacyPopup'
import Privacy from '../../miniapp/src/pages/privacy/index'
import { listenForWeChatPrivacy } from '../../miniapp/src/privacy/wechat'
import { answer, me } from './support/me'
import { resetTaroMock, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))
jest.mock('@tarojs/components', () => require('./support/taro-components'))
jest.mock('../../miniapp/src/pages/privacy/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/PrivacyNotice/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/PrivacyPopup/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

type TRequestOptions = { url: string; method: string; data?: string }

/** A signed-in person whose /me says `accepted`; consent answers as the BFF does. */
function signedIn(accepted: boolean) {
  taroMock.storage.set('contest.session', { token: 'token-aaaaaaaaaaaaaaaaaaaa', expiresAt: '2099-01-01T00:00:00+08:00' })
  taroMock.request.mockImplementation(async (options: TRequestOptions) => {
    if (options.method === 'GET' && options.url === '/api/v1/me') return answer(200, { ok: true, data: me([], accepted) })
    if (options.method === 'POST' && options.url === '/api/v1/me/privacy-consent') {
      return answer(200, { ok: true, data: me([], true) })
    }
    throw new Error(`unexpected ${options.method} ${options.url}`)
  })
}

function consentPosts(): unknown[] {
  return taroMock.request.mock.calls
    .map((args: unknown[]) => args[0] as TRequestOptions)
    .filter((o) => o.url === '/api/v1/me/privacy-consent')
    .map((o) => JSON.parse(o.data ?? 'null'))
}

const ORIGINAL_ENV = process.env.TARO_ENV

beforeEach(() => {
  resetTaroMock()
  process.env.TARO_ENV = 'h5'
})

afterAll(() => {
  process.env.TARO_ENV = ORIGINAL_ENV
})

describe('the privacy page', () => {
  it('shows the notice and, on 同意, posts the version of the notice shown', async () => {
    signedIn(false)

    render(<Privacy />)

    expect(await screen.findByText('个人信息保护说明')).toBeTruthy()
    for (const heading of ['我们收集哪些信息', '为什么收集', '谁能看到', '保存多久', '您的权利']) {
      expect(screen.getByText(heading)).toBeTruthy()
    }
    expect(screen.getByText(/姓名、身份证号、手机号和工作单位/)).toBeTruthy()
    expect(screen.getByText(/《中华人民共和国个人信息保护法》/)).toBeTruthy()

    fireEvent.click(await screen.findByText('同意'))

    expect(await screen.findByText('您已于 2026年11月2日 09:30 同意本说明')).toBeTruthy()
    expect(consentPosts()).toEqual([{ version: PRIVACY_NOTICE_VERSION }])
    expect(screen.queryByText('同意')).toBeNull()
  })

  it('says when the notice was accepted, without asking again', async () => {
    signedIn(true)

    render(<Privacy />)

    expect(await screen.findByText('您已于 2026年11月2日 09:30 同意本说明')).toBeTruthy()
    expect(screen.queryByText('同意')).toBeNull()
    expect(consentPosts()).toEqual([])
  })

  it('lets anyone read the notice, and asks them to sign in to accept it', async () => {
    render(<Privacy />)

    expect(await screen.findByText('请先登录')).toBeTruthy()
    expect(screen.getByText('个人信息保护说明')).toBeTruthy()
    expect(screen.queryByText('同意')).toBeNull()
  })
})

describe('PrivacyGate', () => {
  it('keeps the form hidden until the notice is accepted', async () => {
    signedIn(false)

    render(
      <PrivacyGate>
        <div>身份证号</div>
      </PrivacyGate>,
    )

    fireEvent.click(await screen.findByText('同意'))
    expect(screen.getByText('个人信息保护说明')).toBeTruthy()
    expect(screen.queryByText('身份证号')).toBeNull()

    expect(await screen.findByText('身份证号')).toBeTruthy()
    expect(consentPosts()).toEqual([{ version: PRIVACY_NOTICE_VERSION }])
  })

  it('shows the form straight away to someone who accepted before', async () => {
    signedIn(true)

    render(
      <PrivacyGate>
        <div>身份证号</div>
      </PrivacyGate>,
    )

    expect(await screen.findByText('身份证号')).toBeTruthy()
  })
})

describe('WeChat’s privacy check (weapp)', () => {
  type TResolve = (option: { event: string; buttonId?: string }) => void

  function weChatAsks(): jest.Mock {
    const listener = taroMock.onNeedPrivacyAuthorization.mock.calls[0]?.[0] as ((resolve: TResolve) => void) | undefined
    if (!listener) throw new Error('no onNeedPrivacyAuthorization listener')
    const resolve = jest.fn()
    act(() => listener(resolve))
    return resolve
  }

  beforeEach(() => {
    process.env.TARO_ENV = 'weapp'
    listenForWeChatPrivacy()
  })

  it('shows the notice when WeChat holds a call, and 同意 (open-type agreePrivacyAuthorization) lets it go on', async () => {
    signedIn(false)
    render(<PrivacyPopup />)
    expect(screen.queryByText('个人信息保护说明')).toBeNull()

    const resolve = weChatAsks()

    expect(screen.getByText('个人信息保护说明')).toBeTruthy()
    expect(resolve).toHaveBeenCalledWith({ event: 'exposureAuthorization' })
    const agree = screen.getByText('同意')
    expect(agree.getAttribute('data-open-type')).toBe('agreePrivacyAuthorization')
    expect(agree.id).toBe('privacy-agree')

    await act(async () => {
      fireEvent.click(agree)
    })

    expect(resolve).toHaveBeenLastCalledWith({ event: 'agree', buttonId: 'privacy-agree' })
    expect(screen.queryByText('个人信息保护说明')).toBeNull()
    expect(consentPosts()).toEqual([{ version: PRIVACY_NOTICE_VERSION }])
  })

  it('不同意 makes WeChat fail the held call', () => {
    render(<PrivacyPopup />)
    const resolve = weChatAsks()

    fireEvent.click(screen.getByText('不同意'))

    expect(resolve).toHaveBeenLastCalledWith({ event: 'disagree' })
    expect(screen.queryByText('个人信息保护说明')).toBeNull()
  })
})

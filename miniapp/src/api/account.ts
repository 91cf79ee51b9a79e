import {
  PRIVACY_NOTICE_VERSION,
  ZDevLoginCodeResponse,
  ZEmptyResponse,
  ZMeResponse,
  ZSessionResponse,
  type TMe,
  type TSession,
} from '@contest/shared'
import { call } from './client'

/** Exchanges a login code (wx.login, or the emulator's in development) for a BFF session. */
export function signInWithCode(code: string): Promise<TSession> {
  return call({ method: 'POST', path: '/auth/wechat', body: { code }, schema: ZSessionResponse, auth: 'public' })
}

/**
 * Development only (BFF with DEV_LOGIN_ENABLED): a login code for a named test user from the
 * WeChat emulator, so the H5 build signs in through the same /auth/wechat as a phone.
 */
export async function devLoginCode(user: string): Promise<string> {
  const data = await call({ method: 'POST', path: '/dev/login-code', body: { user }, schema: ZDevLoginCodeResponse, auth: 'public' })
  return data.code
}

/** Ends the session on the BFF; never signs in just to sign out. */
export function signOutOfBff(): Promise<unknown> {
  return call({ method: 'POST', path: '/auth/logout', schema: ZEmptyResponse, renew: false })
}

export function getMe(): Promise<TMe> {
  return call({ path: '/me', schema: ZMeResponse })
}

/** Records that the person accepted the privacy notice of the version this build shows. */
export function acceptPrivacyNotice(): Promise<TMe> {
  return call({
    method: 'POST',
    path: '/me/privacy-consent',
    body: { version: PRIVACY_NOTICE_VERSION },
    schema: ZMeResponse,
  })
}

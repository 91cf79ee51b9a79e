import Taro from '@tarojs/taro'
import type { TSession } from '@contest/shared'
import { devLoginCode, signInWithCode, signOutOfBff } from '../api/account'
import { setSessionRenewal } from '../api/client'
import { ApiClientError } from '../api/errors'
import { clearSession, saveSession, sessionToken } from '../api/sessionToken'
import { rememberDevUser, rememberedDevUser } from './store'

/**
 * Signing in. In WeChat: wx.login → code → POST /auth/wechat, silently, whenever a session is
 * needed. In the H5 build (development): the WeChat emulator mints the code for a test user
 * name typed on pages/login (POST /dev/login-code), then the same POST /auth/wechat.
 */

/** True in the H5 build, where sign-in goes through the development sign-in page. */
export function usesDevSignIn(): boolean {
  return process.env.TARO_ENV !== 'weapp'
}

async function openSession(code: string): Promise<TSession> {
  const session = await signInWithCode(code)
  saveSession({ token: session.token, expiresAt: session.expiresAt })
  return session
}

export async function signInWithWeChat(): Promise<TSession> {
  let code: string
  try {
    ;({ code } = await Taro.login())
  } catch (cause) {
    throw new ApiClientError('WECHAT_LOGIN_FAILED', cause)
  }
  if (!code) throw new ApiClientError('WECHAT_LOGIN_FAILED')
  return openSession(code)
}

/** Development only: signs in as a test user of the WeChat emulator and remembers the name. */
export async function signInAsTestUser(user: string): Promise<TSession> {
  const session = await openSession(await devLoginCode(user.trim()))
  rememberDevUser(user.trim())
  return session
}

/** A new token without asking the person, or null when only the sign-in page can help. */
async function renewSession(): Promise<string | null> {
  if (!usesDevSignIn()) return (await signInWithWeChat()).token
  const user = rememberedDevUser()
  return user ? (await signInAsTestUser(user)).token : null
}

/** Called once at start-up (app.ts): lets the API client sign in again when a session ends. */
export function installSession(): void {
  setSessionRenewal(renewSession)
}

export function isSignedIn(): boolean {
  return sessionToken() !== null
}

/** Ends the session on the BFF (best effort) and forgets it here. */
export async function signOut(): Promise<void> {
  try {
    if (isSignedIn()) await signOutOfBff()
  } catch {
    // The token is dropped below whatever the BFF said.
  } finally {
    clearSession()
    rememberDevUser(null)
  }
}

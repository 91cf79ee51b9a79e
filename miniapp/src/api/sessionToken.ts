import Taro from '@tarojs/taro'

/**
 * The BFF session token, kept in Taro storage (wx storage in WeChat, localStorage in H5). The API
 * client reads it for every call that needs a session and drops it when the BFF says the session
 * has ended; signing in (src/session) saves it. The token is the only secret the mini-program
 * holds. (An unsent registration form is kept separately on the phone as a draft until it is
 * submitted or 30 days pass: packageRegister/draft.ts.)
 */

const SESSION_KEY = 'contest.session'

export type TStoredSession = { token: string; expiresAt: string }

function isStoredSession(value: unknown): value is TStoredSession {
  if (typeof value !== 'object' || value === null) return false
  const { token, expiresAt } = value as Record<string, unknown>
  return typeof token === 'string' && token !== '' && typeof expiresAt === 'string'
}

function storedSession(): unknown {
  try {
    return Taro.getStorageSync(SESSION_KEY)
  } catch {
    return undefined
  }
}

/** The stored token, or null when there is none or it has expired by the phone's clock. */
export function sessionToken(now: Date = new Date()): string | null {
  const stored = storedSession()
  if (!isStoredSession(stored)) return null
  const expires = Date.parse(stored.expiresAt)
  if (Number.isFinite(expires) && expires <= now.getTime()) return null
  return stored.token
}

export function saveSession(session: TStoredSession): void {
  Taro.setStorageSync(SESSION_KEY, { token: session.token, expiresAt: session.expiresAt })
}

export function clearSession(): void {
  try {
    Taro.removeStorageSync(SESSION_KEY)
  } catch {
    // Nothing stored: nothing to clear.
  }
}

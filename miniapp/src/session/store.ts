import Taro from '@tarojs/taro'

/**
 * H5 development sign-in only: the test user name, kept in Taro storage so an expired session can
 * be renewed without asking again. (The session token itself is the API client's: api/sessionToken.ts.)
 */

const DEV_USER_KEY = 'contest.devUser'

export function rememberedDevUser(): string | null {
  let user: unknown
  try {
    user = Taro.getStorageSync(DEV_USER_KEY)
  } catch {
    return null
  }
  return typeof user === 'string' && user !== '' ? user : null
}

export function rememberDevUser(user: string | null): void {
  if (user === null) {
    try {
      Taro.removeStorageSync(DEV_USER_KEY)
    } catch {
      // Nothing stored.
    }
    return
  }
  Taro.setStorageSync(DEV_USER_KEY, user)
}

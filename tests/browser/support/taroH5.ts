/**
 * The Taro H5 build as a person sees it: Taro keeps earlier pages of the stack in the DOM,
 * hidden, so selectors look inside the page being shown; and the development sign-in.
 */
import type { Page } from 'playwright-core'

const WAIT = { timeout: 20_000 }

/** `selector` inside the page being shown. */
export function shown(page: Page, selector: string) {
  return page.locator(`.taro_page:visible ${selector}`).last()
}

/** The text of the page being shown. */
export async function shownText(page: Page): Promise<string> {
  return page.locator('.taro_page:visible').last().innerText()
}

/**
 * H5 development sign-in as `user`, a test user of the WeChat emulator (the page then posts to
 * /auth/wechat); resolves once 我的 shows the person signed in.
 */
export async function signInH5(page: Page, baseUrl: string, user: string): Promise<void> {
  await page.goto(`${baseUrl}/#/pages/login/index`)
  await shown(page, '.login__input input').fill(user)
  await shown(page, '.login__submit').click()
  // With nothing to go back to, the sign-in page opens 我的.
  await page.getByText(`已登录 · 测试用户 ${user}`).waitFor(WAIT)
}

/** Taro's H5 modal (Taro.showModal): taps its confirm button, found by `confirmText`. */
export async function confirmModal(page: Page, confirmText: string): Promise<void> {
  const button = page.locator('.taro__modal .taro-model__confirm:visible', { hasText: confirmText })
  await button.waitFor(WAIT)
  await button.click()
}

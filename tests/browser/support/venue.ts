/** Venue staff's pages in the H5 build (a PC at the desk: no camera, pass numbers typed). */
import type { Page } from 'playwright-core'
import { shown } from './taroH5'

const WAIT = { timeout: 20_000 }

/** 我的 › 现场签到, `sessionName` chosen, `passNumber` typed, 签到: answers the 签到成功 card's text. */
export async function checkInByTypedNumber(page: Page, sessionName: string, passNumber: string): Promise<string> {
  await shown(page, '.mine__link:has-text("现场签到")').click()
  await shown(page, `.venue-scan__session--chosen:has-text("${sessionName}")`).waitFor(WAIT)
  await shown(page, '.venue-scan__input input').fill(passNumber)
  await shown(page, '.venue-scan__submit').click()
  const card = shown(page, '.venue-scan__result--ok')
  await card.waitFor(WAIT)
  return card.innerText()
}

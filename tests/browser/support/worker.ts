/**
 * A worker's pages in the H5 build, step by step as the browser tests (and the journey) use them:
 * the registration form, the registration and its pass, the result, and the certificate's check.
 * Each step resolves once the page shows its outcome.
 */
import type { Page } from 'playwright-core'
import { DECLARATION_TEXT } from '@contest/shared'
import { pdfPageQrTexts } from '../../support/pdfText'
import { shown, shownText } from './taroH5'

const WAIT = { timeout: 20_000 }

/**
 * Taro H5's picker: open it, drag the option onto the selection line (as a finger would), then
 * 确定. (Its tap-to-choose assumes the sheet sits at the bottom of the window, which it does not
 * inside Taro's page container.)
 */
export async function pick(page: Page, field: string, option: string): Promise<void> {
  const chosen = shown(page, `.register-field--${field} .register-field__picker:has-text("${option}")`)
  // A drag on a loaded machine can settle one row off; the field then shows another option, and
  // the pick is made again from where the wheel stands.
  for (let attempt = 1; ; attempt += 1) {
    await shown(page, `.register-field--${field} .register-field__picker`).click()
    const item = page.locator('.weui-picker__item:visible', { hasText: option }).first()
    await item.waitFor(WAIT)
    await item.scrollIntoViewIfNeeded()
    const from = await item.boundingBox()
    const to = await page.locator('.weui-picker__indicator:visible').first().boundingBox()
    if (!from || !to) throw new Error(`the picker for ${field} is not on screen`)
    const x = from.x + from.width / 2
    const startY = from.y + from.height / 2
    const endY = to.y + to.height / 2
    if (Math.abs(startY - endY) > 1) {
      await page.mouse.move(x, startY)
      await page.mouse.down()
      await page.mouse.move(x, endY, { steps: 8 })
      await page.mouse.up()
    }
    await page.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
    try {
      await chosen.waitFor({ timeout: attempt < 3 ? 5_000 : WAIT.timeout })
      return
    } catch (error) {
      if (attempt >= 3) throw error
    }
  }
}

export interface WorkerDetails {
  name: string
  nationalId: string
  /** What the form derives from the ID number, e.g. 出生日期：1990年5月12日. */
  derivedBirth: string
  mobile: string
  employer: string
}

/** The form's fields for `worker`: 焊工, 职工组, 高级工, 8 years in the trade (the declarations are left to tick). */
export async function fillRegistrationForm(page: Page, worker: WorkerDetails): Promise<void> {
  await shown(page, '.register-field--name input').fill(worker.name)
  await shown(page, '.register-field--nationalId input').fill(worker.nationalId)
  await shown(page, `.register-field__derived:has-text("${worker.derivedBirth}")`).waitFor(WAIT)
  await shown(page, '.register-field--mobile input').fill(worker.mobile)
  await shown(page, '.register-field--employer input').fill(worker.employer)
  await pick(page, 'tradeCode', '焊工')
  await pick(page, 'groupCode', '职工组')
  await pick(page, 'skillLevel', '高级工')
  await shown(page, '.register-field--yearsInTrade input').fill('8')
}

/** Ticks the two declarations of 职工组. */
export async function tickDeclarations(page: Page): Promise<void> {
  await shown(page, `.register-check:has-text("${DECLARATION_TEXT.notFullTimeStudent}")`).click()
  await shown(page, `.register-check:has-text("${DECLARATION_TEXT.noExcludedHonour}")`).click()
}

/** The worker's own registration page, reloaded, showing `status`; answers its text. */
export async function workerSees(page: Page, baseUrl: string, registrationId: string, status: string): Promise<string> {
  await page.goto(`${baseUrl}/#/packageRegister/pages/detail/index?id=${registrationId}`)
  await page.reload()
  await shown(page, `.register-detail__status:has-text("${status}")`).waitFor(WAIT)
  return shownText(page)
}

/** The pass being shown, once its number and QR code are drawn: answers the number as typed (8 digits). */
export async function passNumberShown(page: Page): Promise<string> {
  const number = shown(page, '.register-pass__number')
  await number.waitFor(WAIT)
  await shown(page, '.register-pass__qr-image img').waitFor(WAIT)
  return (await number.innerText()).replace(/\s/g, '')
}

/** 我的 › 我的报名 › the 焊工 · 职工组 registration: answers the text of its result (成绩) card. */
export async function resultOnRegistration(page: Page, baseUrl: string): Promise<string> {
  await page.goto(`${baseUrl}/#/pages/mine/index`)
  await shown(page, '.mine__registrations').click()
  await shown(page, '.register-item:has-text("焊工 · 职工组")').click()
  const result = shown(page, '.register-result')
  await result.waitFor(WAIT)
  return result.innerText()
}

/**
 * The certificate's QR, read off the PDF the worker downloads with `auth` (a browser cannot read
 * a QR out of a PDF), opened in `stranger`'s browser; answers the valid verdict's text.
 */
export async function verifyCertificate(stranger: Page, baseUrl: string, registrationId: string, auth: Record<string, string>): Promise<string> {
  const pdf = await fetch(`${baseUrl}/api/v1/me/registrations/${registrationId}/certificate.pdf`, { headers: auth })
  if (pdf.status !== 200) throw new Error(`the certificate was refused (${pdf.status})`)
  const [qr] = await pdfPageQrTexts(new Uint8Array(await pdf.arrayBuffer()))
  if (!qr?.startsWith('/#/packageNotice/pages/verify/index?token=')) throw new Error(`the certificate's QR opens ${qr ?? 'nothing'}`)
  await stranger.goto(`${baseUrl}${qr}`)
  const verdict = shown(stranger, '.verify__card--valid')
  await verdict.waitFor(WAIT)
  return verdict.innerText()
}

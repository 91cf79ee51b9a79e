/** The audit desks in the H5 build: a union official's poster, and decisions in the queue. */
import fs from 'node:fs'
import type { Page } from 'playwright-core'
import { decodeQrPng } from '../../support/wechatEmulator'
import { confirmModal, shown } from './taroH5'

const WAIT = { timeout: 20_000 }

/** On 审核工作台: 报名海报 opened and drawn; answers the union code printed beside it. */
export async function openPoster(page: Page): Promise<string> {
  await shown(page, '.audit-poster__open').click()
  await shown(page, '.audit-poster__image img, img.audit-poster__image').first().waitFor(WAIT)
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll<HTMLImageElement>('.audit-poster__image img, img.audit-poster__image')).some((img) => img.complete && img.naturalWidth > 0),
  )
  return ((await shown(page, '.audit-poster__code').textContent()) ?? '').trim()
}

/** The poster being shown, downloaded: its file name, and the URL its mini-program code carries. */
export async function downloadPoster(page: Page): Promise<{ fileName: string; link: URL }> {
  const [download] = await Promise.all([page.waitForEvent('download', WAIT), shown(page, '.audit-poster__keep').click()])
  const file = await download.path()
  const text = file ? decodeQrPng(fs.readFileSync(file)) : null
  if (!text) throw new Error('the downloaded poster carries no readable code')
  return { fileName: download.suggestedFilename(), link: new URL(text) }
}

export interface Decision {
  /** The button's text (审核通过, 确认报名): also the confirming modal's. */
  action: string
  /** What the detail page shows once decided. */
  outcome: string
}

/** In a desk's queue: `name`'s row opened, `decision.action` tapped and confirmed, its outcome shown. */
export async function decideInQueue(page: Page, name: string, decision: Decision): Promise<void> {
  await shown(page, `.audit-row:has-text("${name}")`).click()
  await shown(page, `.audit-detail__approve:has-text("${decision.action}")`).click()
  await confirmModal(page, decision.action)
  await shown(page, `.audit-detail :text("${decision.outcome}")`).waitFor(WAIT)
}

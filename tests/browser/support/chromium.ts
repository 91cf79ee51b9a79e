/**
 * Debian's Chromium through playwright-core, one persistent context per "person": each has its
 * own fresh user-data dir, so storage (the session token) is never shared between them.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

export const SCREENSHOTS = path.resolve(__dirname, '../../../.artifacts/screenshots')

export interface Person {
  context: BrowserContext
  page: Page
  /** Uncaught errors on the page, for `expect(errors).toEqual([])`. */
  errors: string[]
  /** A full-page picture, `<dir>/<name>.png` (.artifacts/screenshots unless said otherwise). */
  screenshot(name: string, dir?: string): Promise<void>
  close(): Promise<void>
}

export async function launchPerson(options: { viewport?: { width: number; height: number } } = {}): Promise<Person> {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contest-h5-'))
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: options.viewport ?? { width: 390, height: 844 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  const page = context.pages()[0] ?? (await context.newPage())
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  return {
    context,
    page,
    errors,
    async screenshot(name: string, dir = SCREENSHOTS) {
      // Taro H5 slides pages in; take the picture once they have arrived.
      await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'))
      fs.mkdirSync(dir, { recursive: true })
      await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true })
    },
    async close() {
      await context.close()
      fs.rmSync(profileDir, { recursive: true, force: true })
    },
  }
}

/** The people one test file launches, closed together at its end (before the BFF stops). */
export class People {
  readonly all: Person[] = []

  async launch(viewport?: { width: number; height: number }): Promise<Person> {
    const launched = await launchPerson({ viewport })
    this.all.push(launched)
    return launched
  }

  async closeAll(): Promise<void> {
    for (const person of this.all) await person.close()
  }
}

/**
 * The journey's step recorder: each step's name, when it started and ended, who it was seen by
 * (their screenshot) and whether it passed, with the error when it did not. The HTML report is
 * written again after every step, so a failed run leaves its report too.
 */
import fs from 'node:fs'
import path from 'node:path'

/** Who a step is pictured through: a person's browser (chromium.ts `Person`). */
export interface Pictured {
  screenshot(name: string, dir?: string): Promise<void>
}

export interface JourneyStep {
  name: string
  /** Milliseconds since the run started. */
  startedMs: number
  endedMs: number
  /** The screenshot's file name inside the report's folder, when one could be taken. */
  screenshot: string | null
  passed: boolean
  error: string | null
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c)

export class JourneyReport {
  readonly steps: JourneyStep[] = []
  private readonly startedAt = Date.now()

  /** `dir` is emptied: the report and its screenshots are this run's only. */
  constructor(
    readonly dir: string,
    private readonly title: string,
  ) {
    fs.rmSync(dir, { recursive: true, force: true })
    fs.mkdirSync(dir, { recursive: true })
  }

  get file(): string {
    return path.join(this.dir, 'index.html')
  }

  /**
   * Runs `body` as the step `name`, then pictures what `person` sees (after a failure too, when
   * the page still answers) and writes the report; a failure is thrown on after that.
   */
  async step(name: string, person: Pictured, body: () => Promise<void>): Promise<void> {
    const startedMs = Date.now() - this.startedAt
    let failure: unknown = null
    try {
      await body()
    } catch (error) {
      failure = error
    }
    const endedMs = Date.now() - this.startedAt
    const shot = String(this.steps.length + 1).padStart(2, '0')
    const pictureFailure = await this.picture(person, shot, failure !== null)
    failure ??= pictureFailure
    this.steps.push({
      name,
      startedMs,
      endedMs,
      screenshot: pictureFailure === null ? `${shot}.png` : null,
      passed: failure === null,
      error: failure === null ? null : failure instanceof Error ? (failure.stack ?? failure.message) : String(failure),
    })
    this.write()
    if (failure !== null) throw failure
  }

  /**
   * `<dir>/<name>.png` of what `person` sees; answers why not when it could not be taken. After a
   * failure the page may be stuck, so it gets 5 s: the report matters more than its picture.
   */
  private async picture(person: Pictured, name: string, afterFailure: boolean): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined
    const taken = person.screenshot(name, this.dir)
    const limit = afterFailure
      ? new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no screenshot within 5 s')), 5_000)
        })
      : taken
    try {
      await Promise.race([taken, limit])
      return null
    } catch (error) {
      return error
    } finally {
      clearTimeout(timer)
    }
  }

  /** index.html: the steps in order with their timings, outcome, error and screenshot. */
  write(): void {
    const failed = this.steps.filter((s) => !s.passed).length
    const total = this.steps.at(-1)?.endedMs ?? 0
    const rows = this.steps
      .map(
        (s, i) => `<section class="${s.passed ? 'ok' : 'failed'}">
<h2>${i + 1}. ${escapeHtml(s.name)} <small>${s.passed ? '通过' : '失败'} · ${((s.endedMs - s.startedMs) / 1000).toFixed(1)} s（第 ${(s.startedMs / 1000).toFixed(1)}–${(s.endedMs / 1000).toFixed(1)} s）</small></h2>
${s.error ? `<pre>${escapeHtml(s.error)}</pre>` : ''}
${s.screenshot ? `<a href="${s.screenshot}"><img src="${s.screenshot}" alt="${escapeHtml(s.name)}"></a>` : '<p>（无截图）</p>'}
</section>`,
      )
      .join('\n')
    const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(this.title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
section{border-left:6px solid #2e7d32;padding:.5rem 1rem;margin:1rem 0}
section.failed{border-color:#c62828;background:#fff5f5}
small{color:#666;font-weight:normal}
img{max-width:420px;max-height:640px;border:1px solid #ccc}
pre{white-space:pre-wrap;color:#c62828}
</style></head><body>
<h1>${escapeHtml(this.title)}</h1>
<p>${this.steps.length} 步，${failed === 0 ? '全部通过' : `${failed} 步失败`}，用时 ${(total / 1000).toFixed(1)} s。</p>
${rows}
</body></html>
`
    fs.writeFileSync(this.file, html)
  }
}

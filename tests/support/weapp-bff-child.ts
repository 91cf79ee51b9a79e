/**
 * What a child-process entry for ./weapp-bff-process.ts does: starts the seeded test BFF with
 * the WeChat emulator, lets the entry add its data, prints `{"baseUrl": …, "wechatBaseUrl": …}`
 * on one line, and stops the BFF when the parent closes stdin or sends SIGTERM (so it never
 * outlives the test run).
 */
import { startTestBff, type TestBff } from './bff'

/** Runs in the child; `prepare` seeds what the entry's tests need before the line is printed. */
export function serveTestBffToParent(prepare: (bff: TestBff, wechatBaseUrl: string) => Promise<void> = async () => undefined): void {
  main(prepare).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  })
}

async function main(prepare: (bff: TestBff, wechatBaseUrl: string) => Promise<void>): Promise<void> {
  const bff = await startTestBff({ seed: true, wechatEmulator: true })
  const wechatBaseUrl = bff.wechat?.baseUrl
  if (!wechatBaseUrl) throw new Error('the test BFF started without the WeChat emulator')
  await prepare(bff, wechatBaseUrl)
  process.stdout.write(`${JSON.stringify({ baseUrl: bff.baseUrl, wechatBaseUrl })}\n`)

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    try {
      await bff.stop()
    } finally {
      process.exit(0)
    }
  }
  process.stdin.on('end', stop)
  process.stdin.on('close', stop)
  process.on('SIGTERM', stop)
  process.stdin.resume()
}

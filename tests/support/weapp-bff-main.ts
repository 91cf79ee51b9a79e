/**
 * Child-process entry for tests/support/weapp-bff-process.ts: starts the seeded test BFF with
 * the WeChat emulator, prints `{"baseUrl": …, "wechatBaseUrl": …}` on one line, and stops it
 * when the parent closes stdin or sends SIGTERM (so it never outlives the test run).
 */
import { startTestBff } from './bff'

async function main(): Promise<void> {
  const bff = await startTestBff({ seed: true, wechatEmulator: true })
  const wechatBaseUrl = bff.wechat?.baseUrl
  if (!wechatBaseUrl) throw new Error('the test BFF started without the WeChat emulator')
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

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})

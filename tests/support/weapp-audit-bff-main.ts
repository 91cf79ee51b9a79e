/**
 * Child-process entry for tests/miniapp/weapp-audit.test.ts (through `startTestBffProcess(…,
 * entry)`): the seeded test BFF with the WeChat emulator, 25 registrations of 河西区 waiting for the
 * union, and the emulator's test user `weapp-official-1` made 河西区总工会's official. Prints the
 * same `{"baseUrl": …, "wechatBaseUrl": …}` line as ./weapp-bff-main.ts and stops the same way.
 */
import { demoCompetitionId, grantToWeChatUser, seedRegistrations, unionIdByName } from './auditFixtures'
import { startTestBff } from './bff'

const WEAPP_OFFICIAL = 'weapp-official-1'

async function main(): Promise<void> {
  const bff = await startTestBff({ seed: true, wechatEmulator: true })
  const wechatBaseUrl = bff.wechat?.baseUrl
  if (!wechatBaseUrl) throw new Error('the test BFF started without the WeChat emulator')
  await seedRegistrations(bff.baseUrl, await demoCompetitionId(), 25)
  await grantToWeChatUser(wechatBaseUrl, WEAPP_OFFICIAL, [{ role: 'union_official', unionId: await unionIdByName('河西区总工会') }])
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

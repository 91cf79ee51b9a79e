/**
 * Child-process entry for tests/miniapp/weapp-audit.test.ts (through `startTestBffProcess(…,
 * entry)`): the seeded test BFF with the WeChat emulator (./weapp-bff-child.ts), 25 registrations
 * of 河西区 waiting for the union, and the emulator's test user `weapp-official-1` made
 * 河西区总工会's official.
 */
import { demoCompetitionId, grantToWeChatUser, seedRegistrations, unionIdByName } from './auditFixtures'
import { serveTestBffToParent } from './weapp-bff-child'

const WEAPP_OFFICIAL = 'weapp-official-1'

serveTestBffToParent(async (bff, wechatBaseUrl) => {
  await seedRegistrations(bff.baseUrl, await demoCompetitionId(), 25)
  await grantToWeChatUser(wechatBaseUrl, WEAPP_OFFICIAL, [{ role: 'union_official', unionId: await unionIdByName('河西区总工会') }])
})

/**
 * Child-process entry for tests/miniapp/weapp-inbox.test.ts (through `startTestBffProcess(…,
 * entry)`): the seeded test BFF with the WeChat emulator, where the emulator's test user
 * INBOX_WORKER has INBOX_ANNOUNCEMENTS older announcements in the inbox, then registered and was
 * rejected by 河西区总工会 with INBOX_REJECTION_REASON (its notification relayed as the BFF does after a decision).
 */
import { MINIAPP_PAGES, ZMeResponse } from '@contest/shared';
import { NotificationModel } from '@contest/bff/src/models/notification';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { HEXI_CODE, demoCompetitionId, grantToWeChatUser, signInWeChatUser, submitRegistration, unionIdByName } from './auditFixtures';
import { registrationInput } from './registration';
import { serveTestBffToParent } from './weapp-bff-child';
import { INBOX_ANNOUNCEMENTS, INBOX_REJECTION_REASON, INBOX_WORKER } from './weapp-inbox';

const OFFICIAL = 'weapp-inbox-official-1';

serveTestBffToParent(async (bff, wechatBaseUrl) => {
  const worker = await signInWeChatUser(bff.baseUrl, wechatBaseUrl, INBOX_WORKER);
  const me = ZMeResponse.parse(await (await fetch(`${bff.baseUrl}/api/v1/me`, { headers: worker.auth })).json()).data;
  const at = new Date();
  // Announcements come with the committee's notices (another part of the issue): written straight to the store, older than the rejection.
  await NotificationModel.insertMany(
    Array.from({ length: INBOX_ANNOUNCEMENTS }, (_, i) => ({
      eventId: `weapp-inbox:${i}`,
      userId: me.id,
      kind: 'announcement',
      templateKey: 'competition_notice',
      data: { competition: '海河工匠杯', title: `第${i + 1}号通知`, body: '请按时参赛', at: at.toISOString() },
      page: MINIAPP_PAGES.mine,
      at,
      state: 'no_grant',
      leaseUntil: at,
      // Read already: the rejection is the one unread message.
      readAt: at,
    })),
  );

  const id = await submitRegistration(bff.baseUrl, worker, registrationInput(await demoCompetitionId(), { name: '张伟', unionCode: HEXI_CODE }));
  await grantToWeChatUser(wechatBaseUrl, OFFICIAL, [{ role: 'union_official', unionId: await unionIdByName('河西区总工会') }]);
  const official = await signInWeChatUser(bff.baseUrl, wechatBaseUrl, OFFICIAL);
  const { version } = await RegistrationModel.findById(id).lean().orFail().exec();
  const decided = await fetch(`${bff.baseUrl}/api/v1/audit/union/registrations/${id}/decision`, {
    method: 'POST',
    headers: { ...official.auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ decision: 'reject', reason: INBOX_REJECTION_REASON, version }),
  });
  if (!decided.ok) throw new Error(`the rejection was refused (${decided.status})`);
});

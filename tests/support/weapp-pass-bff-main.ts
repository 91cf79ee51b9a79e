/**
 * Child-process entry for tests/miniapp/weapp-pass.test.ts (through `startTestBffProcess(…,
 * entry)`): the seeded test BFF with the WeChat emulator, where the emulator's test user
 * PASS_WORKER registered (焊工, 职工组, 河西区总工会), the union approved, the committee confirmed and
 * placed the registration in a session at the main venue, issuing its pass; all over HTTP, as the
 * desks and the committee do.
 */
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { HEXI_CODE, demoCompetitionId, grantToWeChatUser, signInWeChatUser, submitRegistration, unionIdByName } from './auditFixtures';
import { sessionInput } from './passes';
import { registrationInput } from './registration';
import { serveTestBffToParent } from './weapp-bff-child';
import { PASS_SESSION, PASS_WORKER } from './weapp-pass';

const OFFICIAL = 'weapp-pass-official-1';
const COMMITTEE = 'weapp-pass-committee-1';

async function post(url: string, auth: Record<string, string>, body: unknown, expected = 200): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== expected) throw new Error(`POST ${url} answered ${res.status}: ${await res.text()}`);
}

serveTestBffToParent(async (bff, wechatBaseUrl) => {
  const competitionId = await demoCompetitionId();
  const worker = await signInWeChatUser(bff.baseUrl, wechatBaseUrl, PASS_WORKER);
  const id = await submitRegistration(bff.baseUrl, worker, registrationInput(competitionId, { name: '张伟', unionCode: HEXI_CODE }));

  await grantToWeChatUser(wechatBaseUrl, OFFICIAL, [{ role: 'union_official', unionId: await unionIdByName('河西区总工会') }]);
  await grantToWeChatUser(wechatBaseUrl, COMMITTEE, [{ role: 'committee', competitionId }]);
  const official = await signInWeChatUser(bff.baseUrl, wechatBaseUrl, OFFICIAL);
  const committee = await signInWeChatUser(bff.baseUrl, wechatBaseUrl, COMMITTEE);
  const decide = async (desk: 'union' | 'committee', person: typeof official) => {
    const { version } = await RegistrationModel.findById(id).lean().orFail().exec();
    await post(`${bff.baseUrl}/api/v1/audit/${desk}/registrations/${id}/decision`, person.auth, { decision: 'approve', version });
  };
  await decide('union', official);
  await decide('committee', committee);

  const admin = `${bff.baseUrl}/api/v1/admin/competitions/${competitionId}`;
  await post(`${admin}/sessions`, committee.auth, sessionInput({ ...PASS_SESSION, venueCode: 'main', hosts: [{ tradeCode: 'welding', groupCode: 'worker' }] }), 201);
  await post(`${admin}/registrations/${id}/placement`, committee.auth, { sessionCode: PASS_SESSION.code });
});

import request from 'supertest';
import { PRIVACY_NOTICE_VERSION, ZMyRegistrationResponse } from '@contest/shared';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { UserModel } from '@contest/bff/src/models/user';
import { signInAs } from '../support/auth';
import { startAuditHarness, submitThroughApi, type AuditSetting } from '../support/auditApi';
import { registrationInput } from '../support/registration';

const NOW = new Date('2026-11-24T10:00:00+08:00');
let setting: AuditSetting;

beforeAll(async () => {
  setting = await startAuditHarness(NOW);
});
afterAll(() => setting.harness.stop());

const api = () => request(setting.harness.app.callback());

it('a resubmission needs the current privacy notice accepted, like a submission', async () => {
  const { competitionId, hexi } = setting;
  const worker = await signInAs([], { privacyAccepted: true });
  const official = await signInAs([{ role: 'union_official', unionId: hexi._id }]);
  const { id, nationalId } = await submitThroughApi(setting.harness, worker, competitionId, 611);
  await api()
    .post(`/api/v1/audit/union/registrations/${id}/decision`)
    .set(official.auth)
    .send({ decision: 'reject', reason: '所报工种与从事岗位不符', version: 0 })
    .expect(200);
  // A new privacy notice since the worker accepted theirs.
  await UserModel.updateOne({ _id: worker.userId }, { $set: { privacyAcceptedVersion: '2020-01-01' } });

  const { competitionId: _c, ...form } = registrationInput(competitionId, { nationalId, tradeCode: 'cnc-turning' });
  const refused = await api().put(`/api/v1/me/registrations/${id}`).set(worker.auth).send({ ...form, version: 1 }).expect(403);
  expect(refused.body.code).toBe('PRIVACY_CONSENT_REQUIRED');
  expect(await RegistrationModel.findById(id).lean().orFail()).toMatchObject({ status: 'union_rejected', version: 1, tradeCode: 'welding' });

  await api().post('/api/v1/me/privacy-consent').set(worker.auth).send({ version: PRIVACY_NOTICE_VERSION }).expect(200);
  const res = await api().put(`/api/v1/me/registrations/${id}`).set(worker.auth).send({ ...form, version: 1 }).expect(200);
  expect(ZMyRegistrationResponse.parse(res.body).data).toMatchObject({ status: 'submitted', trade: { code: 'cnc-turning' }, version: 2 });
});

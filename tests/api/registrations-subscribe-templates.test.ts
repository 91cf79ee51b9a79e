/**
 * Which WeChat templates the mini-program asks grants for: the worker's registration answers carry
 * the template ids of the messages still ahead of each registration (`subscribeTemplateIds`), and
 * 我的报名 those ahead of any of them and those a submission goes through (`submitTemplateIds`).
 * This deployment configured ids for two of the three templates; the third is never pushed, so it
 * is never asked for.
 */
import request from 'supertest';
import { ZMyRegistrationListResponse, ZMyRegistrationResponse } from '@contest/shared';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, submitThroughApi } from '../support/auditApi';
import type { TestHarness } from '../support/bff';
import { newIdempotencyKey, registrationInput, validNationalId } from '../support/registration';

const NOW = new Date('2026-11-24T10:00:00+08:00');
const AUDIT_TEMPLATE = 'tmpl-audit-result-0001';
const NOTICE_TEMPLATE = 'tmpl-competition-notice-0003';
let harness: TestHarness;
let competitionId: string;
let hexiOfficial: TestPerson;
let committee: TestPerson;
let sequence = 900;

const api = () => request(harness.app.callback());

async function myRegistration(worker: TestPerson, id: string) {
  const res = await api().get(`/api/v1/me/registrations/${id}`).set(worker.auth).expect(200);
  return ZMyRegistrationResponse.parse(res.body).data;
}

async function myRegistrations(worker: TestPerson) {
  const res = await api().get('/api/v1/me/registrations').set(worker.auth).expect(200);
  return ZMyRegistrationListResponse.parse(res.body).data;
}

async function decide(person: TestPerson, desk: 'union' | 'committee', id: string, decision: 'approve' | 'reject') {
  const { version } = await RegistrationModel.findById(id).lean().orFail();
  await api()
    .post(`/api/v1/audit/${desk}/registrations/${id}/decision`)
    .set(person.auth)
    .send({ decision, version, ...(decision === 'reject' ? { reason: '工作单位请填写全称' } : {}) })
    .expect(200);
}

async function registered(worker: TestPerson): Promise<string> {
  sequence += 1;
  return (await submitThroughApi(harness, worker, competitionId, sequence)).id;
}

beforeAll(async () => {
  const setting = await startAuditHarness(NOW, {
    env: { NOTIFY_TEMPLATE_IDS: `audit_result=${AUDIT_TEMPLATE},competition_notice=${NOTICE_TEMPLATE}` },
  });
  ({ harness, competitionId } = setting);
  hexiOfficial = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
  committee = await signInAs([{ role: 'committee' }]);
});
afterAll(() => harness.stop());

it('a registration asks for the templates of the steps still ahead of it, as it moves on', async () => {
  const worker = await signInAs([], { privacyAccepted: true });
  const id = await registered(worker);

  // 待工会审核: the union's result and announcements (the confirmation's template has no id here).
  expect((await myRegistration(worker, id)).subscribeTemplateIds).toEqual([AUDIT_TEMPLATE, NOTICE_TEMPLATE]);

  // 待组委会确认: the committee may still reject it, which is an audit result.
  await decide(hexiOfficial, 'union', id, 'approve');
  expect((await myRegistration(worker, id)).subscribeTemplateIds).toEqual([AUDIT_TEMPLATE, NOTICE_TEMPLATE]);

  // 报名成功: the pass (no id here), a disqualification (an audit result), announcements.
  await decide(committee, 'committee', id, 'approve');
  expect((await myRegistration(worker, id)).subscribeTemplateIds).toEqual([AUDIT_TEMPLATE, NOTICE_TEMPLATE]);
});

it('the submit answer carries them too, and a withdrawn registration asks for none', async () => {
  const worker = await signInAs([], { privacyAccepted: true });
  sequence += 1;
  const submitted = await api()
    .post('/api/v1/registrations')
    .set(worker.auth)
    .set('Idempotency-Key', newIdempotencyKey())
    .send(registrationInput(competitionId, { nationalId: validNationalId('19900307', sequence) }))
    .expect(201);
  const registration = ZMyRegistrationResponse.parse(submitted.body).data;
  expect(registration.subscribeTemplateIds).toEqual([AUDIT_TEMPLATE, NOTICE_TEMPLATE]);

  const withdrawn = await api()
    .post(`/api/v1/me/registrations/${registration.id}/withdraw`)
    .set(worker.auth)
    .send({ version: registration.version })
    .expect(200);
  expect(ZMyRegistrationResponse.parse(withdrawn.body).data).toMatchObject({ status: 'withdrawn', subscribeTemplateIds: [] });
});

it('我的报名 asks for what any registration still awaits, and says what a submission goes through', async () => {
  const newcomer = await signInAs([], { privacyAccepted: true });
  expect(await myRegistrations(newcomer)).toEqual({ items: [], subscribeTemplateIds: [], submitTemplateIds: [AUDIT_TEMPLATE, NOTICE_TEMPLATE] });

  const worker = await signInAs([], { privacyAccepted: true });
  const rejected = await registered(worker);
  await decide(hexiOfficial, 'union', rejected, 'reject');
  const afterRejection = await myRegistrations(worker);
  expect(afterRejection.subscribeTemplateIds).toEqual([NOTICE_TEMPLATE]);
  expect(afterRejection.submitTemplateIds).toEqual([AUDIT_TEMPLATE, NOTICE_TEMPLATE]);

  await registered(worker);
  expect((await myRegistrations(worker)).subscribeTemplateIds).toEqual([AUDIT_TEMPLATE, NOTICE_TEMPLATE]);
});

/**
 * MAX_ACTIVE_REGISTRATIONS_PER_ACCOUNT above 1 (the default, one, is tested in registrations.test.ts):
 * each active registration takes one of its account's numbered slots, so racing submissions
 * never leave an account with more than the limit, and a registration that stops being active
 * (withdrawn, or rejected as not the applicant's own number) frees its slot.
 */
import request from 'supertest';
import { ZErrorEnvelope, ZMyRegistrationResponse } from '@contest/shared';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { UnionModel } from '@contest/bff/src/models/union';
import { signInAs, type TestPerson } from '../support/auth';
import { startHarness, type TestHarness } from '../support/bff';
import { newIdempotencyKey, registrationInput, validNationalId } from '../support/registration';

const NOW = new Date('2026-11-24T10:00:00+08:00');
let harness: TestHarness;
let competitionId: string;
let sequence = 901;

const api = () => request(harness.app.callback());
const nextPerson = () => registrationInput(competitionId, { nationalId: validNationalId('19891111', (sequence += 2)) });
const submit = (account: TestPerson) => api().post('/api/v1/registrations').set(account.auth).set('Idempotency-Key', newIdempotencyKey()).send(nextPerson());

beforeAll(async () => {
  harness = await startHarness({
    seed: true,
    clock: () => NOW,
    env: { RATE_LIMIT_WRITES_PER_MINUTE: '100000', MAX_ACTIVE_REGISTRATIONS_PER_ACCOUNT: '2' },
  });
  competitionId = (await CompetitionModel.findOne({}).lean().orFail())._id.toHexString();
});
afterAll(() => harness.stop());

const activeOf = async (account: TestPerson) =>
  (await RegistrationModel.find({ userId: account.userId, active: true }).lean()).map((r) => r.accountSlot).sort();

it('six submissions for six people sent at once from one account store exactly two, in the two slots', async () => {
  const account = await signInAs([], { privacyAccepted: true });
  const answers = await Promise.all(Array.from({ length: 6 }, () => submit(account)));
  expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 409, 409, 409, 409]);
  for (const refused of answers.filter((a) => a.status === 409)) {
    expect(ZErrorEnvelope.parse(refused.body)).toMatchObject({ code: 'ACCOUNT_REGISTRATION_LIMIT', message: expect.stringContaining('最多可有2份有效报名') });
  }
  expect(await activeOf(account)).toEqual([0, 1]);
});

it('a withdrawal or an identity rejection frees a slot for the account; an ordinary rejection does not', async () => {
  const account = await signInAs([], { privacyAccepted: true });
  const first = ZMyRegistrationResponse.parse((await submit(account).expect(201)).body).data;
  const second = ZMyRegistrationResponse.parse((await submit(account).expect(201)).body).data;
  await submit(account).expect(409);

  await api().post(`/api/v1/me/registrations/${first.id}/withdraw`).set(account.auth).send({ version: first.version }).expect(200);
  const third = ZMyRegistrationResponse.parse((await submit(account).expect(201)).body).data;
  expect(await activeOf(account)).toEqual([0, 1]);

  const hexi = await UnionModel.findOne({ name: '河西区总工会' }).lean().orFail();
  const official = await signInAs([{ role: 'union_official', unionId: hexi._id }]);
  const reject = (id: string, rejectionKind: 'identity' | 'other') =>
    api().post(`/api/v1/audit/union/registrations/${id}/decision`).set(official.auth).send({ decision: 'reject', reason: '身份证号与本人信息不符', rejectionKind, version: 0 }).expect(200);
  await reject(second.id, 'other');
  await submit(account).expect(409);
  await reject(third.id, 'identity');
  await submit(account).expect(201);
  expect(await activeOf(account)).toHaveLength(2);
});

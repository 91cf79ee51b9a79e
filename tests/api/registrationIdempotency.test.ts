/**
 * Idempotency-Key on registration submit, beyond tests/api/registrations.test.ts: a refusal is
 * the first answer too, and a retry gets it again even when the same request would now succeed.
 */
import request from 'supertest';
import { PRIVACY_NOTICE_VERSION } from '@contest/shared';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { signInAs, type TestPerson } from '../support/auth';
import { startHarness, type TestHarness } from '../support/bff';
import { newIdempotencyKey, registrationInput, validNationalId } from '../support/registration';

const NOW = new Date('2026-11-24T10:00:00+08:00');
let harness: TestHarness;
let competitionId: string;
const api = () => request(harness.app.callback());

function submit(person: TestPerson, body: object, key: string) {
  return api().post('/api/v1/registrations').set(person.auth).set('Idempotency-Key', key).send(body);
}

beforeAll(async () => {
  harness = await startHarness({ seed: true, clock: () => NOW, env: { RATE_LIMIT_WRITES_PER_MINUTE: '100000' } });
  competitionId = (await CompetitionModel.findOne({}).lean().orFail())._id.toHexString();
});
afterAll(() => harness.stop());

it('replays a refusal to a retry with the same key, even once the request would succeed; a new key goes through', async () => {
  const person = await signInAs([]);
  const body = registrationInput(competitionId, { nationalId: validNationalId('19850505', 611) });
  const key = newIdempotencyKey();
  const refused = await submit(person, body, key).expect(403);
  expect(refused.body.code).toBe('PRIVACY_CONSENT_REQUIRED');

  await api().post('/api/v1/me/privacy-consent').set(person.auth).send({ version: PRIVACY_NOTICE_VERSION }).expect(200);
  const retried = await submit(person, body, key).expect(403);
  expect(retried.body).toEqual(refused.body);
  expect(await RegistrationModel.countDocuments({ userId: person.userId })).toBe(0);

  await submit(person, body, newIdempotencyKey()).expect(201);
});

it('gives 20 concurrent requests with one key that are all refused one identical answer', async () => {
  const person = await signInAs([], { privacyAccepted: true });
  const nationalId = validNationalId('19840404', 613);
  await submit(await signInAs([], { privacyAccepted: true }), registrationInput(competitionId, { nationalId }), newIdempotencyKey()).expect(201);
  const key = newIdempotencyKey();
  const answers = await Promise.all(Array.from({ length: 20 }, () => submit(person, registrationInput(competitionId, { nationalId }), key)));
  expect(new Set(answers.map((a) => a.status))).toEqual(new Set([409]));
  expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
  expect(answers[0]!.body.code).toBe('ALREADY_REGISTERED');
});

it('answers a retry of a success with the same registration, and refuses the key with another body', async () => {
  const person = await signInAs([], { privacyAccepted: true });
  const key = newIdempotencyKey();
  const body = registrationInput(competitionId, { nationalId: validNationalId('19830303', 615) });
  const first = await submit(person, body, key).expect(201);
  const again = await submit(person, body, key).expect(201);
  expect(again.body).toEqual(first.body);
  // Another body, even one the rules refuse (a mistyped union code), is a reused key.
  const other = await submit(person, { ...body, unionCode: 'HXQ3ZZ' }, key).expect(422);
  expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  expect(await RegistrationModel.countDocuments({ userId: person.userId })).toBe(1);
});

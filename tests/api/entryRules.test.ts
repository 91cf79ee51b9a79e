/**
 * Rules before the form: the competition detail carries what the page describes (eligibility, and
 * places per participating union by name), and the sentence the page builds from it
 * (`describeEntryRules`) moves with the refusal the BFF gives (`checkEntry`) when a setting changes.
 */
import request from 'supertest';
import { ZCompetitionDetailResponse, describeEntryRules, type TCompetitionDetailData } from '@contest/shared';
import { CompetitionModel, newCompetitionEntryKey } from '@contest/bff/src/models/competition';
import { UnionModel } from '@contest/bff/src/models/union';
import { signInAs } from '../support/auth';
import { startHarness, type TestHarness } from '../support/bff';
import { newIdempotencyKey, registrationInput, validNationalId } from '../support/registration';

const NOW = new Date('2026-11-24T10:00:00+08:00');
let harness: TestHarness;
let competitionId: string;
const api = () => request(harness.app.callback());

async function detail(): Promise<TCompetitionDetailData> {
  return ZCompetitionDetailResponse.parse((await api().get(`/api/v1/competitions/${competitionId}`).expect(200)).body).data;
}

/**
 * A set-up change, then the clock moved past the BFF's few seconds of caching the competition
 * (services/competitions.ts), as a worker opening the page a little later would see it.
 */
const realNow = Date.now.bind(Date);
let clockAhead = 0;
async function changeSettings(set: Record<string, unknown>): Promise<void> {
  await CompetitionModel.updateOne({ _id: competitionId }, { $set: set }).exec();
  clockAhead += 10_000;
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + clockAhead);
}

const workerLines = (d: TCompetitionDetailData) => describeEntryRules(d).find((section) => section.groupCode === 'worker')!.lines.map((line) => line.text);

beforeAll(async () => {
  harness = await startHarness({ seed: true, clock: () => NOW, env: { RATE_LIMIT_WRITES_PER_MINUTE: '100000' } });
  competitionId = (await CompetitionModel.findOne({}).lean().orFail())._id.toHexString();
});
afterAll(() => harness.stop());
afterEach(() => jest.restoreAllMocks());

it('the detail names each participating union’s places, for the page to show', async () => {
  const hexi = await UnionModel.findOne({ name: '河西区总工会' }).lean().orFail();
  await CompetitionModel.updateOne(
    { _id: competitionId, 'quotas.unionId': hexi._id, 'quotas.tradeCode': 'welding' },
    { $set: { 'quotas.$[q].places': 3 } },
    { arrayFilters: [{ 'q.unionId': hexi._id, 'q.tradeCode': 'welding', 'q.groupCode': 'worker' }] },
  ).exec();
  const shown = await detail();

  expect(shown.quotas).toContainEqual({ unionName: '河西区总工会', tradeCode: 'welding', groupCode: 'worker', places: 3 });
  const welding = workerLines(shown).find((line) => line.startsWith('焊工名额：'));
  expect(welding).toMatch(/^焊工名额：河西区总工会3名；.*和平区总工会.*各1名$/);
  // The same from a poster's key (the entry page a poster opens).
  const entryKey = newCompetitionEntryKey();
  await CompetitionModel.updateOne({ _id: competitionId }, { $set: { entryKey } }).exec();
  const byKey = ZCompetitionDetailResponse.parse((await api().get(`/api/v1/competitions/by-key/${entryKey}`).expect(200)).body).data;
  expect(byKey.quotas).toEqual(shown.quotas);
});

it('a changed age range changes what the page says and what the BFF refuses, together', async () => {
  const worker = await signInAs([], { privacyAccepted: true });
  // 40 on the reference date (the registration deadline, 2027).
  const fortyYearOld = registrationInput(competitionId, { nationalId: validNationalId('19870105') });

  expect(workerLines(await detail())[0]).toMatch(/^年龄18至60周岁/);

  await changeSettings({ 'eligibility.ageRanges.0.maxAge': 35 });
  const lowered = workerLines(await detail());
  expect(lowered[0]).toMatch(/^年龄18至35周岁（以\d{4}年\d{1,2}月\d{1,2}日计）$/);
  const refused = await api().post('/api/v1/registrations').set(worker.auth).set('Idempotency-Key', newIdempotencyKey()).send(fortyYearOld).expect(422);
  expect(refused.body.code).toBe('NOT_ELIGIBLE');
  expect(refused.body.fields).toEqual([{ path: 'nationalId', message: expect.stringMatching(/^职工组焊工参赛年龄应为18至35周岁（以.+计），您届时40周岁$/) }]);

  await changeSettings({ 'eligibility.ageRanges.0.maxAge': 45 });
  expect(workerLines(await detail())[0]).toMatch(/^年龄18至45周岁/);
  await api().post('/api/v1/registrations').set(worker.auth).set('Idempotency-Key', newIdempotencyKey()).send(fortyYearOld).expect(201);
});

it('requiring residence adds the sentence and the refusal together', async () => {
  const worker = await signInAs([], { privacyAccepted: true });
  const input = registrationInput(competitionId, { nationalId: validNationalId('19920611', 245) });
  const residence = '须具有本市户籍，或在本市连续缴纳社会保险满12个月';
  expect(workerLines(await detail())).not.toContain(residence);

  await changeSettings({ 'eligibility.workerResidenceRequired': true });
  expect(workerLines(await detail())).toContain(residence);
  const refused = await api().post('/api/v1/registrations').set(worker.auth).set('Idempotency-Key', newIdempotencyKey()).send(input).expect(422);
  expect(refused.body.fields).toEqual([{ path: 'declarations.localResidence', message: '请确认：本人具有本市户籍，或在本市连续缴纳社会保险满12个月' }]);
});

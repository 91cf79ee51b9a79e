import request from 'supertest';
import { ZCompetitionDetailResponse, ZCompetitionListResponse, ZCompetitionSetupResponse } from '@contest/shared';
import { UnionModel } from '@contest/bff/src/models/union';
import { signInAs, type TestPerson } from '../support/auth';
import { startHarness, type TestHarness } from '../support/bff';
import { newIdempotencyKey, registrationInput, validNationalId } from '../support/registration';

// The committee picks 31 May, 23:59 in the set-up form, which sends the minute.
const DEADLINE = '2027-05-31T23:59:00+08:00';
const HALF_A_MINUTE_BEFORE_CLOSING = new Date('2027-05-31T23:59:30+08:00');
const NEXT_MINUTE = new Date('2027-06-01T00:00:00+08:00');

let now = new Date('2027-04-01T10:00:00+08:00');
let harness: TestHarness;
let competitionId: string;
let worker: TestPerson;

const api = () => request(harness.app.callback());
const submit = (sequence: number) =>
  api()
    .post('/api/v1/registrations')
    .set(worker.auth)
    .set('Idempotency-Key', newIdempotencyKey())
    .send(registrationInput(competitionId, { nationalId: validNationalId('19900307', sequence) }));

beforeAll(async () => {
  harness = await startHarness({ seed: true, clock: () => now, env: { RATE_LIMIT_WRITES_PER_MINUTE: '100000', RATE_LIMIT_LOOKUPS_PER_MINUTE: '100000' } });
  const hexi = (await UnionModel.findOne({ name: '河西区总工会' }).lean().orFail())._id.toHexString();
  const admin = await signInAs([{ role: 'admin' }]);
  const created = await api()
    .post('/api/v1/admin/competitions')
    .set(admin.auth)
    .send({
      name: '2027年天津市职工职业技能大赛',
      organiser: '天津市职工职业技能大赛组织委员会',
      publication: 'published',
      registrationOpensAt: '2027-03-01T00:00:00+08:00',
      registrationClosesAt: DEADLINE,
      groups: [{ code: 'worker', name: '职工组' }],
      trades: [{ code: 'welding', name: '焊工', groups: ['worker'] }],
      participatingUnionIds: [hexi],
    })
    .expect(201);
  competitionId = ZCompetitionSetupResponse.parse(created.body).data.id;
  worker = await signInAs([], { privacyAccepted: true });
});
afterAll(() => harness.stop());

describe('a deadline of 23:59 includes its last minute', () => {
  it('at 23:59:30 the competition is still open, listed, and takes a registration', async () => {
    now = HALF_A_MINUTE_BEFORE_CLOSING;
    const detail = ZCompetitionDetailResponse.parse((await api().get(`/api/v1/competitions/${competitionId}`).expect(200)).body).data;
    expect(detail.status).toBe('open');
    const list = ZCompetitionListResponse.parse((await api().get('/api/v1/competitions').expect(200)).body).data;
    expect(list.items.find((c) => c.id === competitionId)?.status).toBe('open');
    expect((await submit(101)).status).toBe(201);
  });

  it('at 00:00 the next day registration is closed', async () => {
    now = NEXT_MINUTE;
    expect((await submit(103).expect(409)).body.code).toBe('REGISTRATION_CLOSED');
    const detail = ZCompetitionDetailResponse.parse((await api().get(`/api/v1/competitions/${competitionId}`).expect(200)).body).data;
    expect(detail.status).toBe('closed');
  });
});

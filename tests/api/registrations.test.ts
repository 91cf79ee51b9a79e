import request from 'supertest';
import { PRIVACY_NOTICE_VERSION, ZErrorEnvelope, ZMyRegistrationListResponse, ZMyRegistrationResponse } from '@contest/shared';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { IdempotencyKeyModel } from '@contest/bff/src/models/idempotencyKey';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { UnionModel } from '@contest/bff/src/models/union';
import { PersonalDataCipher } from '@contest/bff/src/personalData/cipher';
import { DEMO_UNIONS, demoUnionCode } from '@contest/bff/src/seed/demoData';
import { signInAs, type TestPerson } from '../support/auth';
import { startHarness, type TestHarness } from '../support/bff';
import { HEXI_CODE, newIdempotencyKey, registrationInput, validNationalId } from '../support/registration';

const NOW = new Date('2026-11-24T10:00:00+08:00');
let now = NOW;
let harness: TestHarness;
let competitionId: string;
let worker: TestPerson;
const logLines: string[] = [];

const api = () => request(harness.app.callback());

function submit(person: TestPerson, body: object, key: string | null = newIdempotencyKey()) {
  const call = api().post('/api/v1/registrations').set(person.auth);
  return (key ? call.set('Idempotency-Key', key) : call).send(body);
}

async function worker18(): Promise<TestPerson> {
  return signInAs([], { privacyAccepted: true });
}

beforeAll(async () => {
  harness = await startHarness({
    seed: true,
    clock: () => now,
    logLines,
    env: { RATE_LIMIT_WRITES_PER_MINUTE: '100000', RATE_LIMIT_LOOKUPS_PER_MINUTE: '100000' },
  });
  competitionId = (await CompetitionModel.findOne({}).lean().orFail())._id.toHexString();
  worker = await worker18();
});
afterAll(() => harness.stop());

describe('a worker registers', () => {
  let registrationId: string;

  it('with a valid form: 201, 待工会审核, the ID and phone masked, birth date and sex derived', async () => {
    const res = await submit(worker, registrationInput(competitionId)).expect(201);
    const registration = ZMyRegistrationResponse.parse(res.body).data;
    registrationId = registration.id;
    expect(registration).toMatchObject({
      status: 'submitted',
      name: '张伟',
      nationalIdMasked: `120103********${validNationalId('19900307').slice(-4)}`,
      mobileMasked: '138****5678',
      age: 37,
      sex: 'male',
      union: { name: '河西区总工会', chain: ['天津市总工会', '河西区总工会'], code: HEXI_CODE },
      trade: { code: 'welding', name: '焊工' },
      group: { code: 'worker', name: '职工组' },
      allowedActions: ['withdraw'],
    });
    expect(registration.timeline).toEqual([expect.objectContaining({ action: 'submit', actor: 'worker', from: null, to: 'submitted' })]);
  });

  it('stores the ID number and phone only encrypted, with keyed hashes', async () => {
    const stored = await RegistrationModel.findById(registrationId).lean().orFail();
    const id = validNationalId('19900307');
    const raw = JSON.stringify(stored);
    expect(raw).not.toContain(id);
    expect(raw).not.toContain('13812345678');
    // The birth date is what the masked ID hides: stored in clear beside it, it would give the number away.
    expect(raw).not.toContain('19900307');
    expect(raw).not.toContain('1990-03-07');
    const cipher = PersonalDataCipher.fromConfig(harness.config);
    expect(cipher.decrypt(stored.nationalIdSealed!)).toBe(id);
    expect(cipher.decrypt(stored.mobileSealed!)).toBe('13812345678');
    expect(stored.nationalIdHash).toBe(cipher.hash('national-id', id));
    expect(stored.privacyNoticeVersion).toBe(PRIVACY_NOTICE_VERSION);
  });

  it('lists it under 我的报名, and only for its owner', async () => {
    const mine = ZMyRegistrationListResponse.parse((await api().get('/api/v1/me/registrations').set(worker.auth).expect(200)).body);
    expect(mine.data.items.map((r) => r.id)).toEqual([registrationId]);
    const stranger = await worker18();
    const theirs = ZMyRegistrationListResponse.parse((await api().get('/api/v1/me/registrations').set(stranger.auth).expect(200)).body);
    expect(theirs.data.items).toEqual([]);
    const res = await api().get(`/api/v1/me/registrations/${registrationId}`).set(stranger.auth).expect(404);
    expect(res.body.code).toBe('REGISTRATION_NOT_FOUND');
    await api().post(`/api/v1/me/registrations/${registrationId}/withdraw`).set(stranger.auth).send({ version: 0 }).expect(404);
  });

  it('refuses a second active registration of the same person, even from another account', async () => {
    const other = await worker18();
    const res = await submit(other, registrationInput(competitionId, { mobile: '13900000000' })).expect(409);
    expect(res.body.code).toBe('ALREADY_REGISTERED');
    expect(await RegistrationModel.countDocuments({ competitionId })).toBe(1);
  });

  it('can withdraw before confirmation; a stale version is refused; then the person may register again', async () => {
    const stale = await api().post(`/api/v1/me/registrations/${registrationId}/withdraw`).set(worker.auth).send({ version: 5 }).expect(409);
    expect(stale.body.code).toBe('CONFLICT');
    const res = await api().post(`/api/v1/me/registrations/${registrationId}/withdraw`).set(worker.auth).send({ version: 0 }).expect(200);
    const withdrawn = ZMyRegistrationResponse.parse(res.body).data;
    expect(withdrawn).toMatchObject({ status: 'withdrawn', version: 1, allowedActions: [] });
    expect(withdrawn.timeline.map((t) => t.action)).toEqual(['submit', 'withdraw']);
    const again = await api().post(`/api/v1/me/registrations/${registrationId}/withdraw`).set(worker.auth).send({ version: 1 }).expect(409);
    expect(again.body.code).toBe('ACTION_NOT_ALLOWED');
    await submit(worker, registrationInput(competitionId)).expect(201);
  });
});

describe('rules the BFF enforces whatever the client sends (each refusal stores nothing)', () => {
  let person: TestPerson;
  let before: number;

  beforeEach(async () => {
    person = await worker18();
    before = await RegistrationModel.countDocuments({});
  });
  afterEach(async () => {
    expect(await RegistrationModel.countDocuments({})).toBe(before);
  });

  const fresh = (overrides: object = {}) => registrationInput(competitionId, { nationalId: validNationalId('19850612', 246), ...overrides });

  it('needs an Idempotency-Key', async () => {
    expect((await submit(person, fresh(), null).expect(400)).body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
  });

  it('needs the privacy notice accepted first', async () => {
    const unconsented = await signInAs();
    expect((await submit(unconsented, fresh()).expect(403)).body.code).toBe('PRIVACY_CONSENT_REQUIRED');
  });

  it('needs a session', async () => {
    await api().post('/api/v1/registrations').set('Idempotency-Key', newIdempotencyKey()).send(fresh()).expect(401);
  });

  it('refuses fields a worker may not set', async () => {
    const res = await submit(person, { ...fresh(), status: 'confirmed', unionId: '0123456789abcdef01234567' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses outside the registration window', async () => {
    const competition = await CompetitionModel.findById(competitionId).lean().orFail();
    now = new Date(competition.registrationClosesAt.getTime() + 1000);
    try {
      expect((await submit(person, fresh()).expect(409)).body).toMatchObject({ code: 'REGISTRATION_CLOSED', message: '本赛事报名已截止' });
      now = new Date(competition.registrationOpensAt.getTime() - 1000);
      expect((await submit(person, fresh()).expect(409)).body.code).toBe('REGISTRATION_NOT_OPEN');
    } finally {
      now = NOW;
    }
  });

  it.each([
    ['a mistyped union code', 'HXQ3ZZ', 400, 'UNION_CODE_MISTYPED'],
    ['an unknown union code', 'ZZZZZ' + 'A', 400, 'UNION_CODE_MISTYPED'],
  ])('answers %s', async (_label, unionCode, status, code) => {
    expect((await submit(person, fresh({ unionCode })).expect(status)).body.code).toBe(code);
  });

  it('answers an unknown but well-formed code (its check character is right) as unknown', async () => {
    const code = demoUnionCode({ codeBody: 'QQQQQ' });
    expect((await submit(person, fresh({ unionCode: code })).expect(404)).body.code).toBe('UNION_CODE_UNKNOWN');
  });

  it('refuses a union not taking part (the city union itself is not a participant)', async () => {
    const res = await submit(person, fresh({ unionCode: demoUnionCode(DEMO_UNIONS) })).expect(409);
    expect(res.body).toMatchObject({ code: 'UNION_NOT_PARTICIPATING', message: '天津市总工会未参加本赛事，请向所在工会确认报名渠道' });
  });

  it('accepts a sub-union of a participating union', async () => {
    const street = demoUnionCode(DEMO_UNIONS.children!.find((u) => u.name === '河西区总工会')!.children![0]!);
    const res = await submit(person, fresh({ unionCode: street })).expect(201);
    expect(res.body.data.union.chain).toEqual(['天津市总工会', '河西区总工会', '河西区友谊路街道总工会']);
    before += 1;
  });

  it('refuses a trade the competition does not have, and a group the trade does not take', async () => {
    const trade = await submit(person, fresh({ tradeCode: 'baking' })).expect(400);
    expect(trade.body.fields).toEqual([{ path: 'tradeCode', message: '本赛事没有这个工种' }]);
  });

  it('explains a bad ID number beside its field', async () => {
    const id = validNationalId('19900307');
    const typo = id.slice(0, 5) + ((Number(id[5]) + 1) % 10) + id.slice(6);
    const res = await submit(person, fresh({ nationalId: typo })).expect(400);
    expect(res.body.fields).toEqual([{ path: 'nationalId', message: '身份证号校验位不正确，请核对后重新输入' }]);
  });

  it('refuses an age outside the group’s range on the reference date', async () => {
    const res = await submit(person, fresh({ nationalId: validNationalId('19500101') })).expect(422);
    expect(ZErrorEnvelope.parse(res.body)).toMatchObject({ code: 'NOT_ELIGIBLE', fields: [{ path: 'nationalId' }] });
    expect(res.body.fields[0].message).toMatch(/^职工组焊工参赛年龄应为18至60周岁（以2027-08-31计），您届时77周岁$/);
  });

  it('needs the declarations the competition asks for', async () => {
    const res = await submit(person, fresh({ declarations: { notFullTimeStudent: false, noExcludedHonour: false, localResidence: false } })).expect(422);
    expect(res.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['declarations.noExcludedHonour', 'declarations.notFullTimeStudent']);
  });

  it('answers an unknown competition with 404', async () => {
    expect((await submit(person, fresh({ competitionId: '0123456789abcdef01234567' })).expect(404)).body.code).toBe('COMPETITION_NOT_FOUND');
  });
});

describe('after a union rejection', () => {
  it('the worker corrects and resubmits until the deadline; the timeline keeps every step', async () => {
    const person = await worker18();
    const created = ZMyRegistrationResponse.parse((await submit(person, registrationInput(competitionId, { nationalId: validNationalId('19920101', 357) })).expect(201)).body).data;
    const hexi = await UnionModel.findOne({ name: '河西区总工会' }).lean().orFail();
    // The union's decision (the audit issue builds the route; the stored shape is the same).
    await RegistrationModel.updateOne(
      { _id: created.id },
      {
        $set: { status: 'union_rejected' },
        $inc: { version: 1 },
        $push: { timeline: { at: now, action: 'union_reject', actor: 'union', actorName: hexi.name, from: 'submitted', to: 'union_rejected', reason: '工作单位请填写全称' } },
      },
    );
    const rejected = ZMyRegistrationResponse.parse((await api().get(`/api/v1/me/registrations/${created.id}`).set(person.auth).expect(200)).body).data;
    expect(rejected.allowedActions).toEqual(['resubmit', 'withdraw']);
    const { competitionId: _c, ...form } = registrationInput(competitionId, { nationalId: validNationalId('19920101', 357), employer: '天津港（集团）有限公司' });
    const res = await api().put(`/api/v1/me/registrations/${created.id}`).set(person.auth).send({ ...form, version: 1 }).expect(200);
    const resubmitted = ZMyRegistrationResponse.parse(res.body).data;
    expect(resubmitted).toMatchObject({ status: 'submitted', employer: '天津港（集团）有限公司', version: 2 });
    expect(resubmitted.timeline.map((t) => [t.action, t.actorName, t.reason])).toEqual([
      ['submit', null, null],
      ['union_reject', '河西区总工会', '工作单位请填写全称'],
      ['resubmit', null, null],
    ]);
  });
});

describe('idempotency and races', () => {
  it('200 parallel submissions of one person with different keys make exactly one registration', async () => {
    const nationalId = validNationalId('19880808', 111);
    const people = await Promise.all(Array.from({ length: 20 }, () => worker18()));
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => submit(people[i % people.length]!, registrationInput(competitionId, { nationalId }))),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'ALREADY_REGISTERED')).toBe(true);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    const cipher = PersonalDataCipher.fromConfig(harness.config);
    expect(await RegistrationModel.countDocuments({ nationalIdHash: cipher.hash('national-id', nationalId) })).toBe(1);
  }, 60_000);

  it('50 parallel submissions with one key make one registration and 50 identical answers', async () => {
    const person = await worker18();
    const key = newIdempotencyKey();
    const body = registrationInput(competitionId, { nationalId: validNationalId('19870505', 222) });
    const answers = await Promise.all(Array.from({ length: 50 }, () => submit(person, body, key)));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(await RegistrationModel.countDocuments({ userId: person.userId })).toBe(1);
  }, 60_000);

  it('the same key with a different body is refused', async () => {
    const person = await worker18();
    const key = newIdempotencyKey();
    await submit(person, registrationInput(competitionId, { nationalId: validNationalId('19860606', 333) }), key).expect(201);
    const res = await submit(person, registrationInput(competitionId, { nationalId: validNationalId('19860606', 335) }), key).expect(422);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('one WeChat account holds one active registration per competition (MAX_ACTIVE_REGISTRATIONS_PER_ACCOUNT, default 1)', () => {
  it('a second person from the same account is refused, in Chinese; after a withdrawal the account may register again', async () => {
    const account = await worker18();
    const first = ZMyRegistrationResponse.parse((await submit(account, registrationInput(competitionId, { nationalId: validNationalId('19930303', 801) })).expect(201)).body).data;
    const res = await submit(account, registrationInput(competitionId, { nationalId: validNationalId('19930303', 803), name: '李娜' })).expect(409);
    expect(ZErrorEnvelope.parse(res.body)).toMatchObject({ code: 'ACCOUNT_REGISTRATION_LIMIT', message: expect.stringContaining('一个微信账号在本赛事最多可有1份有效报名') });
    expect(await RegistrationModel.countDocuments({ userId: account.userId })).toBe(1);

    await api().post(`/api/v1/me/registrations/${first.id}/withdraw`).set(account.auth).send({ version: first.version }).expect(200);
    await submit(account, registrationInput(competitionId, { nationalId: validNationalId('19930303', 803), name: '李娜' })).expect(201);
  });

  it('ten submissions for ten different people sent at once from one account store exactly one', async () => {
    const account = await worker18();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => submit(account, registrationInput(competitionId, { nationalId: validNationalId('19940404', 811 + 2 * i) }))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array<number>(9).fill(409)]);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'ACCOUNT_REGISTRATION_LIMIT')).toBe(true);
    expect(await RegistrationModel.countDocuments({ userId: account.userId, active: true })).toBe(1);
  });

  it('a concurrent pair for two different ID numbers from one account: one stored, one refused', async () => {
    const account = await worker18();
    const [a, b] = await Promise.all([
      submit(account, registrationInput(competitionId, { nationalId: validNationalId('19950505', 831) })),
      submit(account, registrationInput(competitionId, { nationalId: validNationalId('19950505', 833) })),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect((a.status === 409 ? a : b).body.code).toBe('ACCOUNT_REGISTRATION_LIMIT');
    expect(await RegistrationModel.countDocuments({ userId: account.userId })).toBe(1);
  });

  it('the same account sending its own person again is told the number is registered, not the limit', async () => {
    const account = await worker18();
    const body = registrationInput(competitionId, { nationalId: validNationalId('19960606', 841) });
    await submit(account, body).expect(201);
    expect((await submit(account, body).expect(409)).body.code).toBe('ALREADY_REGISTERED');
  });
});

describe('ALREADY_REGISTERED tells the worker what to do and nothing about the registration holding the number', () => {
  it('says to contact their union; no union, date, registration or person in the answer', async () => {
    const nationalId = validNationalId('19970707', 851);
    const holder = await worker18();
    const held = ZMyRegistrationResponse.parse((await submit(holder, registrationInput(competitionId, { nationalId, name: '王芳' })).expect(201)).body).data;
    const res = await submit(await worker18(), registrationInput(competitionId, { nationalId, name: '刘洋' })).expect(409);
    expect(Object.keys(res.body).sort()).toEqual(['code', 'message', 'ok', 'requestId']);
    expect(res.body.code).toBe('ALREADY_REGISTERED');
    const { message } = res.body as { message: string };
    expect(message).toContain('请联系您的工会核实');
    for (const secret of [held.id, held.union.name, '河西', '王芳', held.mobileMasked, held.nationalIdMasked, held.submittedAt.slice(0, 10)]) {
      expect(message).not.toContain(secret);
    }
    expect(message).not.toMatch(/\d/);
  });
});

describe('union code look-up', () => {
  it('answers the union and the chain above it', async () => {
    const res = await api().get(`/api/v1/unions/by-code/${HEXI_CODE.toLowerCase()}?competitionId=${competitionId}`).expect(200);
    expect(res.body.data).toMatchObject({ name: '河西区总工会', chain: ['天津市总工会', '河西区总工会'] });
  });

  it('tells a mistyped code from an unknown one and from a union not taking part', async () => {
    expect((await api().get('/api/v1/unions/by-code/HXQ3ZZ').expect(400)).body.code).toBe('UNION_CODE_MISTYPED');
    expect((await api().get(`/api/v1/unions/by-code/${demoUnionCode({ codeBody: 'QQQQQ' })}`).expect(404)).body.code).toBe('UNION_CODE_UNKNOWN');
    const city = await api().get(`/api/v1/unions/by-code/${demoUnionCode(DEMO_UNIONS)}?competitionId=${competitionId}`).expect(409);
    expect(city.body.code).toBe('UNION_NOT_PARTICIPATING');
  });
});

describe('personal data never reaches the logs', () => {
  it('a full registration logs neither the ID number nor the phone', async () => {
    const person = await worker18();
    const nationalId = validNationalId('19910909', 444);
    await submit(person, registrationInput(competitionId, { nationalId, mobile: '13698765432' })).expect(201);
    await submit(person, registrationInput(competitionId, { nationalId, mobile: '13698765432' })).expect(409);
    const logs = logLines.join('\n');
    expect(logs).toContain('"path":"/api/v1/registrations"');
    expect(logs).not.toContain(nationalId);
    expect(logs).not.toContain(nationalId.slice(0, 17));
    expect(logs).not.toContain('13698765432');
  });
});

describe('a key left pending by a request that died', () => {
  it('is taken over after a minute, so the worker’s retry goes through', async () => {
    const person = await worker18();
    const key = newIdempotencyKey();
    const body = registrationInput(competitionId, { nationalId: validNationalId('19890909', 555) });
    // What a request cut off mid-way (e.g. at shutdown) leaves behind.
    await IdempotencyKeyModel.create({
      _id: `${person.userId.toHexString()}:registration.submit:${key}`,
      requestHash: 'whatever',
      state: 'pending',
      createdAt: new Date(Date.now() - 120_000),
    });
    await submit(person, body, key).expect(201);
    await submit(person, body, key).expect(201);
    expect(await RegistrationModel.countDocuments({ userId: person.userId })).toBe(1);
  });
});

import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Types } from 'mongoose';
import {
  ZCompetitionSetupListResponse,
  ZCompetitionSetupResponse,
  ZErrorEnvelope,
  ZResultsSettings,
  type TCompetitionSetupInput,
  type TCompetitionSetupView,
} from '@contest/shared';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { UnionModel } from '@contest/bff/src/models/union';
import { DEMO_COMPETITION } from '@contest/bff/src/seed/demoData';
import { signInCast, type TestPerson } from '../support/auth';
import { startHarness, type TestHarness } from '../support/bff';
import { competitionSetupInput } from '../support/competitionSetup';

const NOW = new Date('2026-11-24T08:00:00+08:00');
const MISSING_ID = '0123456789abcdef01234567';

let harness: TestHarness;
let demoId: string;
let otherId: string;
let hexi: Types.ObjectId;
let hexiStreet: Types.ObjectId;
let nankai: Types.ObjectId;
let people: Record<'worker' | 'venue' | 'official' | 'committeeA' | 'committee' | 'admin', TestPerson>;

const api = () => request(harness.app.callback());
const idOf = async (name: string) => (await UnionModel.findOne({ name }).lean().orFail())._id;

function setupInput(overrides: Partial<TCompetitionSetupInput> = {}): TCompetitionSetupInput {
  return competitionSetupInput([hexi.toHexString(), nankai.toHexString()], {
    quotas: [
      { unionId: hexi.toHexString(), tradeCode: 'welding', groupCode: 'worker', places: 1 },
      { unionId: hexi.toHexString(), tradeCode: 'welding', groupCode: 'student', places: 1 },
    ],
    eligibility: {
      referenceDate: '2027-06-15T00:00:00+08:00',
      ageRanges: [
        { groupCode: 'worker', tradeCode: null, minAge: 18, maxAge: 55 },
        { groupCode: 'student', tradeCode: 'welding', minAge: 16, maxAge: 22 },
      ],
      workerResidenceRequired: true,
    },
    venues: [
      { code: 'main', name: '天津市第一技师学院', address: '河西区' },
      { code: 'east', name: '滨海新区实训基地' },
    ],
    ...overrides,
  });
}

/** The update body for `view` with some fields changed. */
function change(view: TCompetitionSetupView, overrides: Partial<TCompetitionSetupInput>) {
  const { name, organiser, description, publication, registrationOpensAt, registrationClosesAt, groups, trades, participatingUnionIds, quotas, eligibility, venues } = view;
  const setup = { name, organiser, description, publication, registrationOpensAt, registrationClosesAt, groups, trades, participatingUnionIds, quotas, eligibility, venues };
  return { version: view.version, setup: { ...setup, ...overrides } };
}

async function create(overrides: Partial<TCompetitionSetupInput> = {}): Promise<TCompetitionSetupView> {
  const res = await api().post('/api/v1/admin/competitions').set(people.admin.auth).send(setupInput(overrides)).expect(201);
  return ZCompetitionSetupResponse.parse(res.body).data;
}

async function registrations(competitionId: string, n: number, fields: { unionId: Types.ObjectId; tradeCode: string; groupCode?: string; venue?: string | null; status?: string }) {
  await RegistrationModel.insertMany(
    Array.from({ length: n }, () => ({
      competitionId,
      groupCode: 'worker',
      venue: null,
      status: 'submitted',
      active: fields.status !== 'withdrawn',
      // Distinct people: one active registration per person per competition.
      nationalIdHash: randomBytes(16).toString('hex'),
      age: 30,
      sex: 'female',
      ...fields,
    })),
  );
}

beforeAll(async () => {
  harness = await startHarness({ seed: true, clock: () => NOW, env: { RATE_LIMIT_WRITES_PER_MINUTE: '100000' } });
  demoId = (await CompetitionModel.findOne({ slug: DEMO_COMPETITION.slug }).lean().orFail())._id.toHexString();
  hexi = await idOf('河西区总工会');
  hexiStreet = await idOf('河西区友谊路街道总工会');
  nankai = await idOf('南开区总工会');
  otherId = (
    await CompetitionModel.create({
      slug: 'other-b',
      name: '另一项赛事',
      organiser: '组委会',
      publication: 'draft',
      registrationOpensAt: new Date('2027-01-01'),
      registrationClosesAt: new Date('2027-02-01'),
      groups: [{ code: 'worker', name: '职工组' }],
      trades: [{ code: 'welding', name: '焊工', groups: ['worker'] }],
    })
  )._id.toHexString();
  people = await signInCast(demoId, hexi, 'main');
});
afterAll(() => harness.stop());

describe('who may set up competitions', () => {
  const calls = () => [
    api().get('/api/v1/admin/competitions'),
    api().get(`/api/v1/admin/competitions/${demoId}`),
    api().post('/api/v1/admin/competitions').send(setupInput()),
    api().put(`/api/v1/admin/competitions/${demoId}`).send({ version: 0, setup: setupInput() }),
  ];

  it('answers 401 without a session', async () => {
    for (const call of calls()) expect((await call).status).toBe(401);
  });

  it.each(['worker', 'venue', 'official'] as const)('answers 403 to %s', async (who) => {
    for (const call of calls()) {
      const res = await call.set(people[who].auth);
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    }
  });

  it('shows a committee member scoped to one competition only that one; the other is 404 like a missing one', async () => {
    const { auth } = people.committeeA;
    const list = ZCompetitionSetupListResponse.parse((await api().get('/api/v1/admin/competitions').set(auth).expect(200)).body);
    expect(list.data.items.map((c) => c.id)).toEqual([demoId]);
    await api().get(`/api/v1/admin/competitions/${demoId}`).set(auth).expect(200);
    for (const id of [otherId, MISSING_ID, 'not-an-id']) {
      const res = await api().get(`/api/v1/admin/competitions/${id}`).set(auth).expect(404);
      expect(res.body.code).toBe('COMPETITION_NOT_FOUND');
    }
    const put = await api().put(`/api/v1/admin/competitions/${otherId}`).set(auth).send({ version: 0, setup: setupInput() }).expect(404);
    expect(put.body.code).toBe('COMPETITION_NOT_FOUND');
  });

  it('lets only the unscoped committee and admins create competitions', async () => {
    const scoped = await api().post('/api/v1/admin/competitions').set(people.committeeA.auth).send(setupInput()).expect(403);
    expect(scoped.body.code).toBe('FORBIDDEN');
    await api().post('/api/v1/admin/competitions').set(people.committee.auth).send(setupInput({ name: '组委会创建的赛事' })).expect(201);
    await api().post('/api/v1/admin/competitions').set(people.admin.auth).send(setupInput({ name: '管理员创建的赛事' })).expect(201);
  });

  it.each(['committee', 'admin'] as const)('shows %s every competition', async (who) => {
    const list = ZCompetitionSetupListResponse.parse((await api().get('/api/v1/admin/competitions').set(people[who].auth).expect(200)).body);
    expect(list.data.items.map((c) => c.id)).toEqual(expect.arrayContaining([demoId, otherId]));
  });
});

describe('creating and changing a competition', () => {
  it('stores the whole set-up at version 0, with a generated slug', async () => {
    const view = await create();
    expect(view).toMatchObject({
      name: '2027年天津市职工职业技能大赛',
      publication: 'draft',
      status: 'draft',
      version: 0,
      participatingUnionIds: [hexi.toHexString(), nankai.toHexString()],
      eligibility: {
        referenceDate: '2027-06-14T16:00:00.000Z',
        excludedHonours: ['中华技能大奖', '全国技术能手'],
        workerResidenceRequired: true,
        noFullTimeStudentsInWorkerGroup: true,
      },
    });
    expect(view.slug).toMatch(/^2027-[0-9a-f]{8}$/);
    expect(view.venues).toEqual([
      { code: 'main', name: '天津市第一技师学院', address: '河西区' },
      { code: 'east', name: '滨海新区实训基地', address: '' },
    ]);
    const stored = await CompetitionModel.findById(view.id).lean().orFail();
    expect(stored.quotas).toHaveLength(2);
    expect(String(stored.quotas[0]?.unionId)).toBe(hexi.toHexString());
  });

  it('names the participating unions with their codes in every answer: create, read, list and change', async () => {
    const named = async (...ids: Types.ObjectId[]) =>
      Promise.all(ids.map(async (id) => {
        const union = await UnionModel.findById(id).lean().orFail();
        return { id: id.toHexString(), name: union.name, code: union.code };
      }));
    const both = await named(hexi, nankai);
    expect(both.map((u) => u.name)).toEqual(['河西区总工会', '南开区总工会']);

    const view = await create();
    expect(view.participatingUnions).toEqual(both);
    const read = await api().get(`/api/v1/admin/competitions/${view.id}`).set(people.admin.auth).expect(200);
    expect(ZCompetitionSetupResponse.parse(read.body).data.participatingUnions).toEqual(both);

    const changed = await api()
      .put(`/api/v1/admin/competitions/${view.id}`)
      .set(people.admin.auth)
      .send(change(view, { participatingUnionIds: [nankai.toHexString()], quotas: [] }))
      .expect(200);
    expect(ZCompetitionSetupResponse.parse(changed.body).data.participatingUnions).toEqual(await named(nankai));
    const list = ZCompetitionSetupListResponse.parse((await api().get('/api/v1/admin/competitions').set(people.admin.auth).expect(200)).body);
    expect(list.data.items.find((c) => c.id === view.id)?.participatingUnions).toEqual(await named(nankai));
    expect(list.data.items.find((c) => c.id === otherId)?.participatingUnions).toEqual([]);
  });

  it('replaces the set-up when the version matches, and refuses a stale version with 409', async () => {
    const view = await create();
    const first = await api()
      .put(`/api/v1/admin/competitions/${view.id}`)
      .set(people.committee.auth)
      .send(change(view, { name: '改过的名称', publication: 'published' }))
      .expect(200);
    expect(ZCompetitionSetupResponse.parse(first.body).data).toMatchObject({ name: '改过的名称', version: 1, status: 'upcoming' });

    // A second editor still holding version 0.
    const stale = await api().put(`/api/v1/admin/competitions/${view.id}`).set(people.admin.auth).send(change(view, { name: '另一个名称' })).expect(409);
    expect(ZErrorEnvelope.parse(stale.body)).toMatchObject({ code: 'CONFLICT', message: '赛事设置已被他人修改，请刷新后重试' });
    const stored = await CompetitionModel.findById(view.id).lean().orFail();
    expect([stored.name, stored.version]).toEqual(['改过的名称', 1]);
  });

  it('lets exactly one of two simultaneous changes from the same version win', async () => {
    const view = await create();
    const [a, b] = await Promise.all([
      api().put(`/api/v1/admin/competitions/${view.id}`).set(people.committee.auth).send(change(view, { name: '甲的修改' })),
      api().put(`/api/v1/admin/competitions/${view.id}`).set(people.admin.auth).send(change(view, { name: '乙的修改' })),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const stored = await CompetitionModel.findById(view.id).lean().orFail();
    expect(stored.version).toBe(1);
    expect(stored.name).toBe(a.status === 200 ? '甲的修改' : '乙的修改');
  });

  it('sets up a competition stored before set-up existed from its defaults', async () => {
    // Written straight to the collection, without the fields set-up added later.
    const { insertedId } = await CompetitionModel.collection.insertOne({
      slug: 'stored-before-setup',
      name: '旧赛事',
      organiser: '组委会',
      description: '',
      publication: 'published',
      registrationOpensAt: NOW,
      registrationClosesAt: new Date(NOW.getTime() + 86_400_000),
      groups: [{ code: 'worker', name: '职工组' }],
      trades: [{ code: 'welding', name: '焊工', groups: ['worker'] }],
    });
    const admin = people.admin;
    const res = await api().get(`/api/v1/admin/competitions/${insertedId.toHexString()}`).set(admin.auth).expect(200);
    const view = ZCompetitionSetupResponse.parse(res.body).data;
    expect(view).toMatchObject({ version: 0, participatingUnionIds: [], venues: [], eligibility: { referenceDate: null, ageRanges: [] } });
    const updated = await api()
      .put(`/api/v1/admin/competitions/${insertedId.toHexString()}`)
      .set(admin.auth)
      .send(change(view, { participatingUnionIds: [hexi.toHexString()] }))
      .expect(200);
    expect(updated.body.data).toMatchObject({ version: 1, participatingUnionIds: [hexi.toHexString()], trades: view.trades });
  });
});

describe('changes that would strand registrations', () => {
  it('refuses to delete a trade that has registrations, naming it and how many, and changes nothing', async () => {
    const view = await create();
    await registrations(view.id, 3, { unionId: hexiStreet, tradeCode: 'welding' });
    await registrations(view.id, 2, { unionId: hexiStreet, tradeCode: 'welding', status: 'withdrawn' });
    const res = await api()
      .put(`/api/v1/admin/competitions/${view.id}`)
      .set(people.committee.auth)
      .send(change(view, { trades: [view.trades[1]!], quotas: [], eligibility: { ...view.eligibility, ageRanges: [] } }))
      .expect(409);
    expect(ZErrorEnvelope.parse(res.body)).toMatchObject({
      code: 'COMPETITION_CHANGE_REFUSED',
      message: '工种“焊工”已有 3 条报名，不能删除',
      fields: [{ path: 'setup.trades', message: '工种“焊工”已有 3 条报名，不能删除' }],
    });
    const stored = await CompetitionModel.findById(view.id).lean().orFail();
    expect(stored.version).toBe(0);
    expect(stored.trades.map((t) => t.code)).toEqual(['welding', 'cnc-turning']);

    // A trade nobody registered for may go.
    const ok = await api()
      .put(`/api/v1/admin/competitions/${view.id}`)
      .set(people.committee.auth)
      .send(change(view, { trades: [view.trades[0]!] }))
      .expect(200);
    expect(ok.body.data.trades.map((t: { code: string }) => t.code)).toEqual(['welding']);
  });

  it('refuses removing a group, a trade’s group, a participating union (through its sub-unions) or a venue in use, listing each', async () => {
    const view = await create();
    await registrations(view.id, 2, { unionId: hexiStreet, tradeCode: 'welding', groupCode: 'student', venue: 'east' });
    const res = await api()
      .put(`/api/v1/admin/competitions/${view.id}`)
      .set(people.committee.auth)
      .send(
        change(view, {
          groups: [view.groups[0]!],
          trades: view.trades.map((t) => ({ ...t, groups: ['worker'] })),
          participatingUnionIds: [nankai.toHexString()],
          quotas: [],
          eligibility: { ...view.eligibility, ageRanges: [] },
          venues: [view.venues[0]!],
        }),
      )
      .expect(409);
    const body = ZErrorEnvelope.parse(res.body);
    expect(body.code).toBe('COMPETITION_CHANGE_REFUSED');
    expect(body.fields?.map((f) => f.message)).toEqual([
      '工种“焊工”的学生组已有 2 条报名，不能取消',
      '组别“学生组”已有 2 条报名，不能删除',
      '赛场“滨海新区实训基地”已有 2 条报名，不能删除',
      '工会“河西区总工会”（含下级工会）已有 2 条报名，不能移出参赛工会',
    ]);
    expect((await CompetitionModel.findById(view.id).lean().orFail()).version).toBe(0);
  });

  it('lets a union go when a union above it still takes part', async () => {
    const root = await idOf('天津市总工会');
    const view = await create({ participatingUnionIds: [root.toHexString(), hexi.toHexString()], quotas: [] });
    await registrations(view.id, 1, { unionId: hexiStreet, tradeCode: 'welding' });
    await api()
      .put(`/api/v1/admin/competitions/${view.id}`)
      .set(people.committee.auth)
      .send(change(view, { participatingUnionIds: [root.toHexString()] }))
      .expect(200);
  });
});

describe('validation', () => {
  it('answers every bad field in Chinese', async () => {
    const res = await api()
      .post('/api/v1/admin/competitions')
      .set(people.admin.auth)
      .send({ ...setupInput(), name: '', registrationClosesAt: '2027-01-01T00:00:00+08:00', trades: [{ code: 'Bad Code', name: '焊工', groups: ['worker'] }], quotas: [] })
      .expect(400);
    const body = ZErrorEnvelope.parse(res.body);
    expect(body.code).toBe('VALIDATION_FAILED');
    const byPath = Object.fromEntries((body.fields ?? []).map((f) => [f.path, f.message]));
    expect(byPath).toMatchObject({
      name: '请填写赛事名称',
      registrationClosesAt: '报名截止时间必须晚于开始时间',
      'trades.0.code': '工种代码只能包含小写字母、数字和短横线，最长 32 位',
    });
    for (const field of body.fields ?? []) expect(field.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('answers zod’s own cases (wrong types, missing objects) in Chinese too', async () => {
    const res = await api().post('/api/v1/admin/competitions').set(people.admin.auth).send({ ...setupInput(), eligibility: 'yes', venues: 3 }).expect(400);
    expect(res.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['eligibility', 'venues']);
    for (const field of res.body.fields) expect(field.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('requires participating unions to be in the directory, with the field path', async () => {
    const before = await CompetitionModel.countDocuments();
    const res = await api()
      .post('/api/v1/admin/competitions')
      .set(people.admin.auth)
      .send(setupInput({ participatingUnionIds: [hexi.toHexString(), MISSING_ID], quotas: [{ unionId: MISSING_ID, tradeCode: 'welding', groupCode: 'worker', places: 2 }] }))
      .expect(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [
        { path: 'participatingUnionIds.1', message: '工会不存在' },
        { path: 'quotas.0.unionId', message: '工会不存在' },
      ],
    });
    expect(await CompetitionModel.countDocuments()).toBe(before);

    const view = await create();
    const put = await api()
      .put(`/api/v1/admin/competitions/${view.id}`)
      .set(people.admin.auth)
      .send(change(view, { participatingUnionIds: [MISSING_ID], quotas: [] }))
      .expect(400);
    expect(put.body.fields).toEqual([{ path: 'setup.participatingUnionIds.0', message: '工会不存在' }]);
  });
});

describe('results settings', () => {
  const results = {
    weights: [{ tradeCode: 'welding', theoryPercent: 40, practicalPercent: 60 }],
    tieRule: 'shared' as const,
    awards: { gold: 2, excellence: { kind: 'share' as const, percent: 20 } },
    awardOverrides: [{ tradeCode: 'cnc-turning', groupCode: 'student' as const, gold: 1, silver: 1, bronze: 0 }],
    teamStanding: { method: 'best_n' as const, n: 3 },
  };

  it('takes a results block, answers it with its defaults filled in, and keeps it through a change that does not send it', async () => {
    const view = await create({ results });
    expect(view.results).toMatchObject({
      ...results,
      precision: 2,
      awards: { gold: 2, silver: 1, bronze: 1, excellence: { kind: 'share', percent: 20 } },
      awardOverrides: [{ tradeCode: 'cnc-turning', groupCode: 'student', gold: 1, silver: 1, bronze: 0, excellence: { kind: 'count', count: 0 } }],
    });
    // The set-up editor of the mini-program does not send results: they stay as they were.
    const renamed = await api().put(`/api/v1/admin/competitions/${view.id}`).set(people.committee.auth).send(change(view, { name: '改名' })).expect(200);
    expect(ZCompetitionSetupResponse.parse(renamed.body).data.results).toEqual(view.results);
    const replaced = await api()
      .put(`/api/v1/admin/competitions/${view.id}`)
      .set(people.committee.auth)
      .send({ version: 1, setup: { ...change(view, {}).setup, results: { precision: 1 } } })
      .expect(200);
    expect(ZCompetitionSetupResponse.parse(replaced.body).data.results).toMatchObject({ precision: 1, weights: [], tieRule: 'practical_then_theory' });
    const stored = await CompetitionModel.findById(view.id).lean().orFail();
    expect(stored.results).toMatchObject({ precision: 1, weights: [] });
  });

  it('reads the defaults for a competition stored without results: 30 / 70, 2 places, practical then theory, 1 / 1 / 1', async () => {
    const res = await api().get(`/api/v1/admin/competitions/${otherId}`).set(people.admin.auth).expect(200);
    // As the BFF sent it (not filled in by parsing the answer); the values are pinned in tests/unit/ranking.test.ts.
    expect(res.body.data.results).toEqual(ZResultsSettings.parse({}));
  });

  it('refuses a bad results block with Chinese messages by field, and stores nothing', async () => {
    const before = await CompetitionModel.countDocuments();
    const bad = await api()
      .post('/api/v1/admin/competitions')
      .set(people.admin.auth)
      .send({
        ...setupInput(),
        results: {
          weights: [{ tradeCode: 'welding', theoryPercent: 40, practicalPercent: 70 }],
          precision: 6,
          tieRule: 'coin',
          awards: { gold: -1, excellence: { kind: 'share', percent: 120 } },
          honours: [{ title: '', attachedTo: { by: 'rank' } }],
          teamStanding: { method: 'best_n', n: 0 },
        },
      })
      .expect(400);
    const body = ZErrorEnvelope.parse(bad.body);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(Object.fromEntries((body.fields ?? []).map((f) => [f.path, f.message]))).toMatchObject({
      'results.weights.0.practicalPercent': '理论与实操权重之和应为 100',
      'results.precision': '小数位数最多 4 位',
      'results.tieRule': '并列规则只能是先比实操再比理论，或并列同名次',
      'results.awards.gold': '金奖名额不能为负数',
      'results.awards.excellence.percent': '优胜奖比例不能超过 100',
      'results.honours.0.title': '请填写荣誉名称',
      'results.honours.0.attachedTo.upToRank': '请填写名次',
      'results.teamStanding.n': '人数至少为 1',
    });
    for (const field of body.fields ?? []) expect(field.message).toMatch(/[\u4e00-\u9fa5]/);

    const unknown = await api()
      .post('/api/v1/admin/competitions')
      .set(people.admin.auth)
      .send({
        ...setupInput(),
        results: {
          weights: [
            { tradeCode: 'plumbing', theoryPercent: 30, practicalPercent: 70 },
            { tradeCode: 'welding', theoryPercent: 30, practicalPercent: 70 },
            { tradeCode: 'welding', theoryPercent: 50, practicalPercent: 50 },
          ],
          awardOverrides: [{ tradeCode: 'plumbing', groupCode: 'worker' }],
        },
      })
      .expect(400);
    expect(ZErrorEnvelope.parse(unknown.body).fields).toEqual([
      { path: 'results.weights.0.tradeCode', message: '工种不存在' },
      { path: 'results.weights.2', message: '同一工种的权重重复设置' },
      { path: 'results.awardOverrides.0.tradeCode', message: '工种不存在' },
    ]);
    expect(await CompetitionModel.countDocuments()).toBe(before);
  });
});

/**
 * Sessions, placing confirmed registrations and the admission passes placing issues
 * (services/venue/sessions.ts, placement.ts, passes.ts): capacity respected with nothing placed
 * when it is short, a stable order, re-issue on a move with a notification, the worker's pass, the
 * committee's list, disqualification revoking the pass.
 */
import request from 'supertest';
import { Types } from 'mongoose';
import {
  ZAssignmentResponse,
  ZCompetitionSetupResponse,
  ZDisqualifyResponse,
  ZErrorEnvelope,
  ZInboxPageResponse,
  ZMyPassResponse,
  ZMyRegistrationResponse,
  ZPassListResponse,
  ZVenueSessionListResponse,
  ZVenueSessionResponse,
  decodePassToken,
  passSerialOf,
  type TCommitteePass,
  type TPassListPage,
} from '@contest/shared';
import { NotificationModel } from '@contest/bff/src/models/notification';
import { PlacementLeaseModel } from '@contest/bff/src/models/placementLease';
import { QuotaCounterModel } from '@contest/bff/src/models/quotaCounter';
import { RegistrationModel, type RegistrationRecord } from '@contest/bff/src/models/registration';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, submitThroughApi, type AuditSetting } from '../support/auditApi';
import type { TestHarness } from '../support/bff';
import { createOtherCompetition } from '../support/otherCompetition';
import { confirmedRegistration, createSession, place, sessionInput } from '../support/passes';

const NOW = new Date('2027-09-01T10:00:00+08:00');
let setting: AuditSetting;
let harness: TestHarness;
let competitionId: string;
let committee: TestPerson;
let worker: TestPerson;

const api = () => request(harness.app.callback());
const admin = (path: string) => `/api/v1/admin/competitions/${competitionId}${path}`;
const stored = (id: string) => RegistrationModel.findById(id).lean<RegistrationRecord>().orFail().exec();
const passIssued = (id: string) => NotificationModel.find({ registrationId: new Types.ObjectId(id), kind: 'pass_issued' }).sort({ at: 1, eventId: 1 }).lean().exec();

function assign(tradeCode: string, groupCode: 'worker' | 'student' = 'worker') {
  return api().post(admin('/assignments')).set(committee.auth).send({ tradeCode, groupCode });
}

beforeAll(async () => {
  setting = await startAuditHarness(NOW);
  harness = setting.harness;
  competitionId = setting.competitionId;
  committee = await signInAs([{ role: 'committee', competitionId }]);
  worker = await signInAs([], { privacyAccepted: true });
});
afterAll(() => harness.stop());

describe('sessions', () => {
  it('are created per venue with their trades × groups, listed in time order with what is placed', async () => {
    const pm = await createSession(harness, committee, competitionId, sessionInput({ code: 's-pm', startTime: '14:00', endTime: '17:00', hosts: [{ tradeCode: 'cnc-turning', groupCode: 'worker' }] }));
    const am = await createSession(harness, committee, competitionId, sessionInput({ code: 's-am', hosts: [{ tradeCode: 'cnc-turning', groupCode: 'worker' }] }));
    expect(am).toMatchObject({
      venue: { code: 'main', name: '天津市职工宣传教育文化中心' },
      date: '2027-09-20',
      startsAt: '2027-09-20T01:00:00.000Z',
      hosts: [{ tradeCode: 'cnc-turning', tradeName: '数控车工', groupCode: 'worker', groupName: '职工组' }],
      placed: 0,
      version: 0,
    });
    const list = ZVenueSessionListResponse.parse((await api().get(admin('/sessions')).set(committee.auth).expect(200)).body).data.items;
    const codes = list.map((s) => s.code);
    expect(codes.indexOf('s-am')).toBeLessThan(codes.indexOf('s-pm'));
    expect(pm.id).not.toBe(am.id);
  });

  it('refuses a taken code, a venue or trade the competition lacks, and an end before the start, in Chinese', async () => {
    await createSession(harness, committee, competitionId, sessionInput({ code: 's-dup' }));
    const taken = await api().post(admin('/sessions')).set(committee.auth).send(sessionInput({ code: 's-dup' })).expect(409);
    expect(ZErrorEnvelope.parse(taken.body).code).toBe('SESSION_CODE_TAKEN');
    const nowhere = await api()
      .post(admin('/sessions'))
      .set(committee.auth)
      .send(sessionInput({ code: 's-x', venueCode: 'moon', hosts: [{ tradeCode: 'baking', groupCode: 'worker' }] }))
      .expect(400);
    expect(ZErrorEnvelope.parse(nowhere.body).fields).toEqual([
      { path: 'venueCode', message: '赛场不存在，请先在赛事设置中添加赛场' },
      { path: 'hosts.0.tradeCode', message: '工种不存在' },
    ]);
    const backwards = await api().post(admin('/sessions')).set(committee.auth).send(sessionInput({ code: 's-y', startTime: '12:00', endTime: '09:00' })).expect(400);
    expect(ZErrorEnvelope.parse(backwards.body).fields).toContainEqual({ path: 'endTime', message: '结束时间必须晚于开始时间' });
  });

  it('may change its time, but not what would strand the passes issued for it', async () => {
    const session = await createSession(harness, committee, competitionId, sessionInput({ code: 's-edit', hosts: [{ tradeCode: 'auto-repair', groupCode: 'worker' }] }));
    const id = await confirmedRegistration(competitionId, { union: setting.hexi, tradeCode: 'auto-repair' });
    await place(harness, committee, competitionId, id, 's-edit', 4);
    const { code: _code, ...fields } = sessionInput({ hosts: [{ tradeCode: 'auto-repair', groupCode: 'worker' }] });

    const stranding = await api()
      .put(admin('/sessions/s-edit'))
      .set(committee.auth)
      .send({ version: session.version, session: { ...fields, capacity: 3, stationPrefix: 'B', hosts: [{ tradeCode: 'welding', groupCode: 'worker' }] } })
      .expect(409);
    const refusal = ZErrorEnvelope.parse(stranding.body);
    expect(refusal.code).toBe('SESSION_CHANGE_REFUSED');
    expect(refusal.fields?.map((f) => f.message)).toEqual([
      '已有 1 张准考证，不能更改考位前缀',
      '已安排到第 4 号考位，考位数不能少于 4',
      '汽车维修工职工组已有 1 人安排在本场次，不能取消',
    ]);

    const later = await api().put(admin('/sessions/s-edit')).set(committee.auth).send({ version: session.version, session: { ...fields, startTime: '10:00' } }).expect(200);
    expect(ZVenueSessionResponse.parse(later.body).data).toMatchObject({ startTime: '10:00', placed: 1, version: 1 });
    const stale = await api().put(admin('/sessions/s-edit')).set(committee.auth).send({ version: 0, session: fields }).expect(409);
    expect(ZErrorEnvelope.parse(stale.body).code).toBe('CONFLICT');
  });
  it('keep their venue in the competition set-up', async () => {
    await createSession(harness, committee, competitionId, sessionInput({ code: 'keep-branch', venueCode: 'branch', hosts: [{ tradeCode: 'auto-repair', groupCode: 'student' }] }));
    const view = ZCompetitionSetupResponse.parse((await api().get(`/api/v1/admin/competitions/${competitionId}`).set(committee.auth).expect(200)).body).data;
    const { name, organiser, description, publication, registrationOpensAt, registrationClosesAt, groups, trades, participatingUnionIds, quotas, eligibility, venues } = view;
    const setup = { name, organiser, description, publication, registrationOpensAt, registrationClosesAt, groups, trades, participatingUnionIds, quotas, eligibility };
    const res = await api()
      .put(`/api/v1/admin/competitions/${competitionId}`)
      .set(committee.auth)
      .send({ version: view.version, setup: { ...setup, venues: venues.filter((v) => v.code !== 'branch') } })
      .expect(409);
    expect(ZErrorEnvelope.parse(res.body).fields).toContainEqual({ path: 'setup.venues', message: '赛场“天津市机电工艺技师学院分赛场”已设置场次，不能删除' });
  });
});

describe('automatic assignment', () => {
  it('places nothing when the hosting sessions are short of stations, and says by how many', async () => {
    await createSession(harness, committee, competitionId, sessionInput({ code: 'fit-1', capacity: 2, hosts: [{ tradeCode: 'assembly-fitting', groupCode: 'student' }] }));
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push(await confirmedRegistration(competitionId, { union: setting.hexi, tradeCode: 'assembly-fitting', groupCode: 'student' }));

    const short = await assign('assembly-fitting', 'student').expect(409);
    expect(ZErrorEnvelope.parse(short.body)).toMatchObject({
      code: 'SESSION_CAPACITY_SHORT',
      message: '装配钳工学生组有 3 人待安排，承办场次只剩 2 个考位（fit-1剩2个），未作任何安排。请增加场次或考位后重试',
    });
    for (const id of ids) {
      expect((await stored(id)).pass).toBeUndefined();
      expect(await passIssued(id)).toEqual([]);
    }
  });

  it('fills the sessions in time order by union then confirmation time, one pass each, every worker notified', async () => {
    await createSession(harness, committee, competitionId, sessionInput({ code: 'weld-2', date: '2027-09-21', capacity: 5, hosts: [{ tradeCode: 'welding', groupCode: 'student' }] }));
    await createSession(harness, committee, competitionId, sessionInput({ code: 'weld-1', capacity: 2, stationPrefix: 'W', hosts: [{ tradeCode: 'welding', groupCode: 'student' }] }));
    const at = (minute: number) => new Date(`2027-08-01T09:${String(minute).padStart(2, '0')}:00+08:00`);
    // 和平区's code sorts before 河西区's: its team comes first, each team in confirmation order.
    const hexiLate = await confirmedRegistration(competitionId, { union: setting.hexi, tradeCode: 'welding', groupCode: 'student', confirmedAt: at(30) });
    const hexiEarly = await confirmedRegistration(competitionId, { union: setting.youyi, tradeCode: 'welding', groupCode: 'student', confirmedAt: at(10) });
    const heping = await confirmedRegistration(competitionId, { union: setting.heping, tradeCode: 'welding', groupCode: 'student', confirmedAt: at(50) });
    const otherTrade = await confirmedRegistration(competitionId, { union: setting.hexi, tradeCode: 'welding', groupCode: 'worker' });

    const result = ZAssignmentResponse.parse((await assign('welding', 'student').expect(200)).body).data;
    expect(result).toEqual({
      tradeCode: 'welding',
      groupCode: 'student',
      assigned: 3,
      alreadyPlaced: 0,
      sessions: [
        { code: 'weld-1', assigned: 2, free: 0 },
        { code: 'weld-2', assigned: 1, free: 4 },
      ],
    });
    const passes = await Promise.all([heping, hexiEarly, hexiLate].map(async (id) => (await stored(id)).pass!));
    expect(passes.map((p) => [p.sessionCode, p.station, p.version])).toEqual([
      ['weld-1', 'W-001', 1],
      ['weld-1', 'W-002', 1],
      ['weld-2', 'A-001', 1],
    ]);
    expect(new Set(passes.map((p) => p.number)).size).toBe(3);
    for (const pass of passes) expect(passSerialOf(pass.number)).toBe(pass.serial);
    expect((await stored(otherTrade)).pass).toBeUndefined();
    for (const id of [heping, hexiEarly, hexiLate]) {
      const [notification, ...more] = await passIssued(id);
      expect(more).toEqual([]);
      expect(notification).toMatchObject({ kind: 'pass_issued', templateKey: 'exam_arrangement', data: { passNumber: (await stored(id)).pass!.number } });
    }

    const again = ZAssignmentResponse.parse((await assign('welding', 'student').expect(200)).body).data;
    expect(again).toMatchObject({ assigned: 0, alreadyPlaced: 3 });
  });

  it('needs a session hosting the trade × group', async () => {
    await confirmedRegistration(competitionId, { union: setting.hexi, tradeCode: 'cnc-turning', groupCode: 'student' });
    const res = await assign('cnc-turning', 'student').expect(409);
    expect(ZErrorEnvelope.parse(res.body)).toMatchObject({ code: 'SESSION_CAPACITY_SHORT', message: '还没有承办数控车工学生组的场次，请先设置场次' });
  });

  it('lets one placement run at a time per competition; a lease left by a dead BFF is taken over once it ends', async () => {
    const lease = { competitionId: new Types.ObjectId(competitionId), holder: 'another-bff' };
    await PlacementLeaseModel.create({ ...lease, expiresAt: new Date(NOW.getTime() + 60_000) });
    expect(ZErrorEnvelope.parse((await assign('welding', 'student').expect(409)).body).code).toBe('PLACEMENT_BUSY');
    await PlacementLeaseModel.updateOne(lease, { $set: { expiresAt: new Date(NOW.getTime() - 1) } });
    await assign('welding', 'student').expect(200);
    expect(await PlacementLeaseModel.countDocuments({})).toBe(0);
  });
});

describe('moving a registration', () => {
  it('re-issues its pass: same number, next version, new place and token, and tells the worker', async () => {
    await createSession(harness, committee, competitionId, sessionInput({ code: 'mv-a', capacity: 3, hosts: [{ tradeCode: 'welding', groupCode: 'worker' }] }));
    await createSession(harness, committee, competitionId, sessionInput({ code: 'mv-b', capacity: 3, startTime: '14:00', endTime: '16:00', hosts: [{ tradeCode: 'welding', groupCode: 'worker' }] }));
    const id = await confirmedRegistration(competitionId, { union: setting.hexi, userId: worker.userId });
    const first = await place(harness, committee, competitionId, id, 'mv-a');
    expect(first).toMatchObject({ version: 1, station: 'A-001', session: { code: 'mv-a' }, union: { name: '河西区总工会' }, delegation: { name: '河西区总工会' } });

    const moved = await place(harness, committee, competitionId, id, 'mv-b', 3);
    expect(moved).toMatchObject({ passNumber: first.passNumber, version: 2, station: 'A-003', session: { code: 'mv-b', startTime: '14:00' } });
    expect(moved.token).not.toBe(first.token);
    expect(decodePassToken(moved.token)?.fields).toMatchObject({ passVersion: 2, sessionCode: 'mv-b' });

    const notices = await passIssued(id);
    expect(notices.map((n) => n.data.note ?? null)).toEqual([null, '考场安排已调整，请以最新准考证为准']);
    const inbox = (await api().get('/api/v1/me/notifications').set(worker.auth).expect(200)).body.data.items;
    expect(inbox[0]).toMatchObject({
      kind: 'pass_issued',
      title: '焊工准考证已更新',
      summary: expect.stringContaining(`准考证号${first.passNumber}`),
      // The message opens the pass itself.
      page: `packageRegister/pages/pass/index?id=${id}`,
    });

    // Placing it where it already is changes nothing.
    expect(await place(harness, committee, competitionId, id, 'mv-b')).toMatchObject({ version: 2, station: 'A-003' });
    expect(await passIssued(id)).toHaveLength(2);
  });

  it('refuses a taken station, a station beyond the capacity, a session not hosting the trade and a registration not confirmed', async () => {
    await createSession(harness, committee, competitionId, sessionInput({ code: 'mv-c', capacity: 2, hosts: [{ tradeCode: 'welding', groupCode: 'worker' }] }));
    const one = await confirmedRegistration(competitionId, { union: setting.hexi });
    const two = await confirmedRegistration(competitionId, { union: setting.heping });
    await place(harness, committee, competitionId, one, 'mv-c', 2);
    const move = (id: string, body: object) => api().post(admin(`/registrations/${id}/placement`)).set(committee.auth).send(body);

    expect(ZErrorEnvelope.parse((await move(two, { sessionCode: 'mv-c', station: 2 }).expect(409)).body).code).toBe('STATION_TAKEN');
    expect(ZErrorEnvelope.parse((await move(two, { sessionCode: 'mv-c', station: 3 }).expect(400)).body).message).toBe('该场次只有 2 个考位');
    expect(ZErrorEnvelope.parse((await move(two, { sessionCode: 's-am' }).expect(400)).body).message).toBe('该场次不承办焊工职工组');
    expect(ZErrorEnvelope.parse((await move(two, { sessionCode: 'nope' }).expect(404)).body).code).toBe('SESSION_NOT_FOUND');
    const waiting = (await submitThroughApi(harness, worker, competitionId, 901)).id;
    expect(ZErrorEnvelope.parse((await move(waiting, { sessionCode: 'mv-c' }).expect(409)).body).code).toBe('ACTION_NOT_ALLOWED');
    expect((await stored(two)).pass).toBeUndefined();
  });
});

describe('the pass', () => {
  it('is its owner’s alone, not there before placing, and carries no personal data in its token', async () => {
    await createSession(harness, committee, competitionId, sessionInput({ code: 'own', hosts: [{ tradeCode: 'cnc-turning', groupCode: 'worker' }] }));
    // Through the desks, as in production: submitted, approved by 河西区, confirmed by the committee.
    const owner = await signInAs([], { privacyAccepted: true });
    const submitted = await submitThroughApi(harness, owner, competitionId, 905, { tradeCode: 'cnc-turning', mobile: '13912345678' });
    const official = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
    for (const [person, desk] of [
      [official, 'union'],
      [committee, 'committee'],
    ] as const) {
      await api()
        .post(`/api/v1/audit/${desk}/registrations/${submitted.id}/decision`)
        .set(person.auth)
        .send({ decision: 'approve', version: (await stored(submitted.id)).version })
        .expect(200);
    }
    const mine = `/api/v1/me/registrations/${submitted.id}/pass`;
    const registrationPass = async () =>
      ZMyRegistrationResponse.parse((await api().get(`/api/v1/me/registrations/${submitted.id}`).set(owner.auth).expect(200)).body).data.pass;
    expect(ZErrorEnvelope.parse((await api().get(mine).set(owner.auth).expect(404)).body).code).toBe('PASS_NOT_FOUND');
    expect(await registrationPass()).toBeNull();
    await assign('cnc-turning').expect(200);

    const pass = ZMyPassResponse.parse((await api().get(mine).set(owner.auth).expect(200)).body).data;
    // 我的报名 shows the way to it.
    expect(await registrationPass()).toEqual({ number: pass.passNumber, revoked: false });
    expect(pass).toMatchObject({
      name: submitted.name,
      nationalIdMasked: `${submitted.nationalId.slice(0, 6)}********${submitted.nationalId.slice(-4)}`,
      venue: { name: '天津市职工宣传教育文化中心', address: '天津市' },
      session: { code: 'own', date: '2027-09-20', startTime: '09:00', endTime: '12:00' },
      station: 'A-001',
      instructions: '请携带身份证和准考证，提前 30 分钟到场',
      revoked: null,
    });
    const decoded = decodePassToken(pass.token)!;
    expect(decoded.fields).toEqual({ keyId: 'test1', passSerial: passSerialOf(pass.passNumber), passVersion: 1, venueCode: 'main', sessionCode: 'own' });
    const bytes = Buffer.from(pass.token, 'base64url');
    for (const personal of [submitted.name, submitted.nationalId, submitted.nationalId.slice(-4), '13912345678', pass.nationalIdMasked, '河西区']) {
      expect(bytes.includes(Buffer.from(personal, 'utf8'))).toBe(false);
    }

    const stranger = await signInAs([], { privacyAccepted: true });
    expect(ZErrorEnvelope.parse((await api().get(mine).set(stranger.auth).expect(404)).body).code).toBe('REGISTRATION_NOT_FOUND');
  });

  it('is revoked in the same update as the committee’s disqualification: station freed, place given back, worker told', async () => {
    await createSession(harness, committee, competitionId, sessionInput({ code: 'dq', capacity: 1, hosts: [{ tradeCode: 'auto-repair', groupCode: 'student' }] }));
    const owner = await signInAs([], { privacyAccepted: true });
    const id = await confirmedRegistration(competitionId, { union: setting.youyi, tradeCode: 'auto-repair', groupCode: 'student', userId: owner.userId });
    const quota = { competitionId: new Types.ObjectId(competitionId), unionId: setting.hexi._id, tradeCode: 'auto-repair', groupCode: 'student' };
    await QuotaCounterModel.create({ ...quota, holders: [new Types.ObjectId(id)], used: 1, confirmedHolders: [new Types.ObjectId(id)], confirmed: 1 });
    const pass = await place(harness, committee, competitionId, id, 'dq');

    const res = await api()
      .post(admin(`/registrations/${id}/disqualify`))
      .set(committee.auth)
      .send({ reason: '持有全国技术能手称号，不得以选手身份参赛', version: (await stored(id)).version })
      .expect(200);
    expect(ZDisqualifyResponse.parse(res.body).data).toMatchObject({ status: 'committee_rejected', revokedPassNumber: pass.passNumber });
    const after = await stored(id);
    expect(after.pass).toMatchObject({ revokedReason: '持有全国技术能手称号，不得以选手身份参赛', revokedBy: committee.userId });
    expect(after.stationKey).toBeUndefined();
    expect(after.timeline.at(-1)).toMatchObject({ action: 'committee_disqualify', from: 'confirmed', to: 'committee_rejected' });
    expect(await QuotaCounterModel.findOne(quota).lean()).toMatchObject({ used: 0, confirmed: 0 });
    // One notice in the worker's 消息, saying the entry is off and why (not a rejected application).
    const inbox = ZInboxPageResponse.parse((await api().get('/api/v1/me/notifications').set(owner.auth).expect(200)).body).data.items;
    expect(inbox.filter((item) => item.kind !== 'pass_issued')).toEqual([
      expect.objectContaining({
        kind: 'committee_disqualified',
        title: '汽车维修工参赛资格已取消',
        summary: '取消资格：持有全国技术能手称号，不得以选手身份参赛',
        page: `packageRegister/pages/detail/index?id=${id}`,
      }),
    ]);

    const mine = ZMyPassResponse.parse((await api().get(`/api/v1/me/registrations/${id}/pass`).set(owner.auth).expect(200)).body).data;
    expect(mine).toMatchObject({ token: '', revoked: { reason: '持有全国技术能手称号，不得以选手身份参赛' } });
    const registration = ZMyRegistrationResponse.parse((await api().get(`/api/v1/me/registrations/${id}`).set(owner.auth).expect(200)).body).data;
    expect(registration.pass).toEqual({ number: pass.passNumber, revoked: true });
    // Its station is free again.
    const next = await confirmedRegistration(competitionId, { union: setting.heping, tradeCode: 'auto-repair', groupCode: 'student' });
    expect(await place(harness, committee, competitionId, next, 'dq')).toMatchObject({ station: 'A-001' });
    const twice = await api().post(admin(`/registrations/${id}/disqualify`)).set(committee.auth).send({ reason: '再次取消', version: after.version }).expect(409);
    expect(ZErrorEnvelope.parse(twice.body).code).toBe('ACTION_NOT_ALLOWED');
  });
});

describe('the committee’s pass list', () => {
  it('pages in pass-number order, filtered by union chain, trade and session; revoked ones only when asked', async () => {
    const list = (query: Record<string, string>) => api().get(admin('/passes')).query(query).set(committee.auth).expect(200);
    const all: TCommitteePass[] = [];
    let cursor: string | null = null;
    do {
      const page: TPassListPage = ZPassListResponse.parse((await list({ limit: '3', ...(cursor ? { cursor } : {}) })).body).data;
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const numbers = all.map((p) => p.passNumber);
    expect(numbers).toEqual([...numbers].sort());
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(all.every((p) => p.revoked === null && p.token !== '')).toBe(true);
    const withRevoked = ZPassListResponse.parse((await list({ includeRevoked: '1', limit: '500' })).body).data.items;
    expect(withRevoked.length).toBe(all.length + 1);

    const hexi = ZPassListResponse.parse((await list({ unionId: setting.hexi._id.toHexString(), limit: '500' })).body).data.items;
    expect(hexi.length).toBeGreaterThan(0);
    expect(hexi.every((p) => p.delegation?.name === '河西区总工会')).toBe(true);
    expect(hexi.some((p) => p.union.name === '河西区友谊路街道总工会')).toBe(true);
    const weldingStudents = ZPassListResponse.parse((await list({ tradeCode: 'welding', groupCode: 'student', sessionCode: 'weld-1' })).body).data.items;
    expect(weldingStudents.map((p) => p.station)).toEqual(['W-001', 'W-002']);
  });

  it('is the managing committee’s alone', async () => {
    const other = await createOtherCompetition('passes-other');
    const outsider = await signInAs([{ role: 'committee', competitionId: other }]);
    expect(ZErrorEnvelope.parse((await api().get(admin('/passes')).set(outsider.auth).expect(404)).body).code).toBe('COMPETITION_NOT_FOUND');
  });
});

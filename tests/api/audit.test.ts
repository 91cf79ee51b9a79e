import ExcelJS from 'exceljs';
import request from 'supertest';
import { Types, trusted } from 'mongoose';
import {
  COMMON_REJECTION_REASONS,
  ZAuditQueueResponse,
  ZAuditRegistrationResponse,
  ZAuditSummaryResponse,
  ZBatchDecisionResponse,
  ZErrorEnvelope,
  ZMyRegistrationResponse,
  ZRevealedPersonalDataResponse,
  type TAuditListItem,
  type TRegistrationSubmitInput,
} from '@contest/shared';
import { AuditEventModel } from '@contest/bff/src/models/auditEvent';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { QuotaCounterModel } from '@contest/bff/src/models/quotaCounter';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { UnionModel } from '@contest/bff/src/models/union';
import { REGISTRATION_SHEET_COLUMNS } from '@contest/bff/src/services/registrationSheet';
import { signInAs, type TestPerson } from '../support/auth';
import { bodyAsBytes, startAuditHarness, submitThroughApi } from '../support/auditApi';
import type { TestHarness } from '../support/bff';
import { HEXI_CODE, newIdempotencyKey, registrationInput, validNationalId } from '../support/registration';

const NOW = new Date('2026-11-24T10:00:00+08:00');
let harness: TestHarness;
let competitionId: string;
let worker: TestPerson;
let hexiOfficial: TestPerson;
let hexiOfficial2: TestPerson;
let youyiOfficial: TestPerson;
let hepingOfficial: TestPerson;
let committee: TestPerson;
let otherCommittee: TestPerson;
let venueStaff: TestPerson;
let youyiCode: string;
let hepingCode: string;

const api = () => request(harness.app.callback());
let sequence = 100;
/** 学生组: aged 16–25 in the demo, full-time students allowed. */
const STUDENT = { groupCode: 'student', declarations: { notFullTimeStudent: false, noExcludedHonour: true, localResidence: false } } as const;
/** The full ID number of each registration the tests made, by registration id. */
const nationalIds = new Map<string, string>();

/** A fresh person's registration, submitted by the worker through the API; returns its id. */
async function register(overrides: Partial<TRegistrationSubmitInput> = {}): Promise<string> {
  sequence += 2;
  const made = await submitThroughApi(harness, worker, competitionId, sequence, overrides);
  nationalIds.set(made.id, made.nationalId);
  return made.id;
}

async function queue(person: TestPerson, desk: 'union' | 'committee', query: Record<string, string | number> = {}) {
  const res = await api().get(`/api/v1/audit/${desk}/competitions/${competitionId}/registrations`).query(query).set(person.auth).expect(200);
  return ZAuditQueueResponse.parse(res.body).data;
}

async function queueIds(person: TestPerson, desk: 'union' | 'committee', query: Record<string, string | number> = {}): Promise<string[]> {
  return (await queue(person, desk, { limit: 100, ...query })).items.map((item) => item.id);
}

async function versionOf(id: string): Promise<number> {
  return (await RegistrationModel.findById(id).lean().orFail()).version;
}

function decide(person: TestPerson, desk: 'union' | 'committee', id: string, body: object) {
  return api().post(`/api/v1/audit/${desk}/registrations/${id}/decision`).set(person.auth).send(body);
}

/** Approves (or confirms) on the current version, expecting `status`. */
async function approve(person: TestPerson, desk: 'union' | 'committee', id: string, status = 200) {
  const res = await decide(person, desk, id, { decision: 'approve', version: await versionOf(id) });
  expect([id, res.status, res.body.code]).toEqual([id, status, status === 200 ? undefined : expect.any(String)]);
  return res;
}

beforeAll(async () => {
  const setting = await startAuditHarness(NOW);
  ({ harness, competitionId } = setting);
  const { hexi, youyi, heping } = setting;
  youyiCode = youyi.code;
  hepingCode = heping.code;
  worker = await signInAs([], { privacyAccepted: true });
  hexiOfficial = await signInAs([{ role: 'union_official', unionId: hexi._id }]);
  hexiOfficial2 = await signInAs([{ role: 'union_official', unionId: hexi._id }]);
  youyiOfficial = await signInAs([{ role: 'union_official', unionId: youyi._id }]);
  hepingOfficial = await signInAs([{ role: 'union_official', unionId: heping._id }]);
  committee = await signInAs([{ role: 'committee', competitionId }]);
  otherCommittee = await signInAs([{ role: 'committee', competitionId: new Types.ObjectId() }]);
  venueStaff = await signInAs([{ role: 'venue_staff', competitionId, venue: 'main' }]);
});
afterAll(() => harness.stop());

describe('scopes: an official sees their union and every union below it, nothing else', () => {
  let atHexi: string;
  let atYouyi: string;
  let atHeping: string;

  beforeAll(async () => {
    atHexi = await register({ name: '李强', tradeCode: 'cnc-turning' });
    atYouyi = await register({ name: '王芳', unionCode: youyiCode, tradeCode: 'cnc-turning' });
    atHeping = await register({ name: '赵敏', unionCode: hepingCode, tradeCode: 'cnc-turning' });
  });

  it('河西区 lists its own and its sub-union’s registrations; 友谊路 only its own; 和平区 neither', async () => {
    const hexiIds = await queueIds(hexiOfficial, 'union');
    expect(hexiIds).toEqual(expect.arrayContaining([atHexi, atYouyi]));
    expect(hexiIds).not.toContain(atHeping);
    expect(await queueIds(youyiOfficial, 'union')).toEqual([atYouyi]);
    const hepingIds = await queueIds(hepingOfficial, 'union');
    expect(hepingIds).toContain(atHeping);
    expect(hepingIds).not.toEqual(expect.arrayContaining([atHexi]));
    expect(hepingIds).not.toContain(atYouyi);
  });

  it('list rows carry the masked ID and the decisions open to the desk', async () => {
    const row = (await queue(youyiOfficial, 'union')).items[0] as TAuditListItem;
    expect(row).toMatchObject({ name: '王芳', union: { name: '河西区友谊路街道总工会' }, status: 'submitted', allowedDecisions: ['approve', 'reject'] });
    expect(row.nationalIdMasked).toMatch(/^120103\*{8}\d{3}[\dX]$/);
    expect(JSON.stringify(row)).not.toContain(nationalIds.get(row.id)!);
  });

  it('another union’s registration is 404 to read, reveal and decide, like one that does not exist', async () => {
    for (const id of [atHexi, new Types.ObjectId().toHexString(), 'not-an-id']) {
      const read = await api().get(`/api/v1/audit/union/registrations/${id}`).set(hepingOfficial.auth).expect(404);
      expect(ZErrorEnvelope.parse(read.body).code).toBe('REGISTRATION_NOT_FOUND');
      await api().post(`/api/v1/audit/union/registrations/${id}/reveal`).set(hepingOfficial.auth).expect(404);
      await decide(hepingOfficial, 'union', id, { decision: 'approve', version: 0 }).expect(404);
    }
    expect((await RegistrationModel.findById(atHexi).lean().orFail()).status).toBe('submitted');
    expect(await AuditEventModel.countDocuments({ registrationId: new Types.ObjectId(atHexi) })).toBe(0);
  });

  it('search by full ID number finds the person in scope only, through the keyed hash', async () => {
    const fullId = nationalIds.get(atHexi)!;
    const found = await queueIds(hexiOfficial, 'union', { q: fullId });
    expect(found).toEqual([atHexi]);
    expect(await queueIds(hepingOfficial, 'union', { q: fullId })).toEqual([]);
    expect(await queueIds(youyiOfficial, 'union', { q: fullId })).toEqual([]);
  });

  it('search by the beginning of a name', async () => {
    expect(await queueIds(hexiOfficial, 'union', { q: '王' })).toEqual([atYouyi]);
    expect(await queueIds(hepingOfficial, 'union', { q: '王' })).toEqual([]);
  });

  it('a sub-union filter inside the scope narrows the list; one outside it is 404', async () => {
    const youyi = await UnionModel.findOne({ name: '河西区友谊路街道总工会' }).lean().orFail();
    expect(await queueIds(hexiOfficial, 'union', { unionId: youyi._id.toHexString() })).toEqual([atYouyi]);
    const res = await api()
      .get(`/api/v1/audit/union/competitions/${competitionId}/registrations`)
      .query({ unionId: youyi._id.toHexString() })
      .set(hepingOfficial.auth)
      .expect(404);
    expect(ZErrorEnvelope.parse(res.body).code).toBe('UNION_NOT_FOUND');
  });

  it('counts on the dashboard cover the scope only', async () => {
    const summary = async (person: TestPerson) =>
      ZAuditSummaryResponse.parse((await api().get(`/api/v1/audit/union/competitions/${competitionId}/summary`).set(person.auth).expect(200)).body).data;
    const youyi = await summary(youyiOfficial);
    expect(youyi.scopeNames).toEqual(['河西区友谊路街道总工会']);
    expect(youyi.byStatus.submitted).toBe(1);
    const cnc = youyi.byTrade.find((row) => row.tradeCode === 'cnc-turning' && row.groupCode === 'worker');
    expect(cnc?.counts.submitted).toBe(1);
    // The grassroots official sees the district's places, which they share.
    expect(youyi.quotas.map((q) => q.unionName)).toEqual(expect.arrayContaining(['河西区总工会']));
    const hexi = await summary(hexiOfficial);
    expect(hexi.byUnion.map((row) => row.unionName)).toEqual(expect.arrayContaining(['河西区友谊路街道总工会', '河西区总工会']));
    expect(hexi.quotas.every((q) => q.unionName === '河西区总工会')).toBe(true);
  });

  it('showing the full ID is logged, and the log shows on the detail page', async () => {
    const res = await api().post(`/api/v1/audit/union/registrations/${atYouyi}/reveal`).set(youyiOfficial.auth).expect(200);
    const revealed = ZRevealedPersonalDataResponse.parse(res.body).data;
    expect(revealed.nationalId).toBe(nationalIds.get(atYouyi));
    expect(revealed.mobile).toBe('13812345678');
    const events = await AuditEventModel.find({ registrationId: new Types.ObjectId(atYouyi) }).lean();
    expect(events).toEqual([expect.objectContaining({ kind: 'reveal', actorRole: 'union_official', actorBody: '河西区友谊路街道总工会' })]);
    const detail = ZAuditRegistrationResponse.parse(
      (await api().get(`/api/v1/audit/union/registrations/${atYouyi}`).set(hexiOfficial.auth).expect(200)).body,
    ).data;
    expect(detail.trail.map((entry) => entry.kind)).toEqual(['transition', 'reveal']);
    expect(detail.mobileMasked).toBe('138****5678');
  });
});

describe('decisions', () => {
  it('approval forwards to the committee; the worker sees the union’s name but not the official', async () => {
    const id = await register({ tradeCode: 'auto-repair' });
    const res = await approve(hexiOfficial, 'union', id);
    const detail = ZAuditRegistrationResponse.parse(res.body).data;
    expect(detail).toMatchObject({ status: 'union_approved', allowedDecisions: [] });
    expect(detail.trail.at(-1)).toMatchObject({ action: 'union_approve', actorBody: '河西区总工会', actorRole: '工会审核员', from: 'submitted', to: 'union_approved' });
    expect(await queueIds(committee, 'committee')).toContain(id);

    const mine = await api().get(`/api/v1/me/registrations/${id}`).set(worker.auth).expect(200);
    const step = ZMyRegistrationResponse.parse(mine.body).data.timeline.at(-1);
    expect(step).toEqual({ at: expect.any(String), action: 'union_approve', actor: 'union', actorName: '河西区总工会', from: 'submitted', to: 'union_approved', reason: null });
    expect(JSON.stringify(mine.body)).not.toContain(hexiOfficial.userId.toHexString());
  });

  it('a rejection needs a reason; without one nothing changes', async () => {
    const id = await register({ tradeCode: 'auto-repair', ...STUDENT });
    const refused = await decide(hexiOfficial, 'union', id, { decision: 'reject', version: 0 }).expect(400);
    expect(ZErrorEnvelope.parse(refused.body).fields).toEqual([{ path: 'reason', message: '请选择或填写不通过的原因' }]);
    expect(await versionOf(id)).toBe(0);
    const res = await decide(hexiOfficial, 'union', id, { decision: 'reject', reason: '所报工种与从事岗位不符', version: 0 }).expect(200);
    expect(ZAuditRegistrationResponse.parse(res.body).data.status).toBe('union_rejected');
    const mine = ZMyRegistrationResponse.parse((await api().get(`/api/v1/me/registrations/${id}`).set(worker.auth).expect(200)).body).data;
    expect(mine.timeline.at(-1)).toMatchObject({ action: 'union_reject', reason: '所报工种与从事岗位不符' });
    expect(mine.allowedActions).toContain('resubmit');
  });

  it('a decision on a stale version is 409 with the current state, and changes nothing', async () => {
    const id = await register({ tradeCode: 'assembly-fitting', ...STUDENT });
    await decide(hexiOfficial, 'union', id, { decision: 'reject', reason: '报名信息填写不完整或有误', version: 0 }).expect(200);
    const res = await decide(hexiOfficial2, 'union', id, { decision: 'approve', version: 0 }).expect(409);
    expect(ZErrorEnvelope.parse(res.body)).toMatchObject({ code: 'CONFLICT', current: { status: 'union_rejected', version: 1 } });
    const stored = await RegistrationModel.findById(id).lean().orFail();
    expect(stored.timeline).toHaveLength(2);
  });

  it('two officials deciding one registration at once: one wins, the other gets 409', async () => {
    const id = await register({ tradeCode: 'assembly-fitting' });
    const [a, b] = await Promise.all([
      decide(hexiOfficial, 'union', id, { decision: 'approve', version: 0 }),
      decide(hexiOfficial2, 'union', id, { decision: 'reject', reason: '年龄不符合参赛条件', version: 0 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const stored = await RegistrationModel.findById(id).lean().orFail();
    expect(stored.version).toBe(1);
    expect(stored.timeline).toHaveLength(2);
    // The loser's approval held no place: the counter shows the winner only.
    const counter = await QuotaCounterModel.findOne({ tradeCode: 'assembly-fitting', groupCode: 'worker' }).lean();
    expect(counter?.used ?? 0).toBe(stored.status === 'union_approved' ? 1 : 0);
  });

  it('the committee cannot decide at the union desk, nor an official at the committee desk', async () => {
    const id = await register({ tradeCode: 'welding', ...STUDENT });
    await decide(committee, 'union', id, { decision: 'approve', version: 0 }).expect(403);
    await decide(hexiOfficial, 'committee', id, { decision: 'approve', version: 0 }).expect(403);
    // Confirming what the union has not approved is not allowed.
    const res = await decide(committee, 'committee', id, { decision: 'approve', version: 0 }).expect(409);
    expect(ZErrorEnvelope.parse(res.body).code).toBe('ACTION_NOT_ALLOWED');
  });
});

describe('quotas (1 place per union × trade × group in the demo)', () => {
  it('two officials approving the last place at the same moment: exactly one succeeds', async () => {
    const first = await register({ tradeCode: 'welding' });
    const second = await register({ tradeCode: 'welding', unionCode: youyiCode });
    const [a, b] = await Promise.all([
      decide(hexiOfficial, 'union', first, { decision: 'approve', version: 0 }),
      decide(hexiOfficial2, 'union', second, { decision: 'approve', version: 0 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(ZErrorEnvelope.parse(loser.body)).toMatchObject({ code: 'QUOTA_FULL', message: expect.stringContaining('河西区总工会焊工职工组名额已满') });
    const statuses = (await RegistrationModel.find({ _id: trusted({ $in: [first, second] }) }).lean()).map((r) => r.status).sort();
    expect(statuses).toEqual(['submitted', 'union_approved']);

    // The official sees no place left while auditing.
    const detail = ZAuditRegistrationResponse.parse((await api().get(`/api/v1/audit/union/registrations/${first}`).set(hexiOfficial.auth)).body).data;
    expect(detail.quota).toMatchObject({ unionName: '河西区总工会', places: 1, used: 1, left: 0 });

    // Withdrawing the approved one gives the place back; the other can then be approved.
    const winner = a.status === 200 ? first : second;
    const waiting = winner === first ? second : first;
    await api().post(`/api/v1/me/registrations/${winner}/withdraw`).set(worker.auth).send({ version: await versionOf(winner) }).expect(200);
    await approve(hexiOfficial, 'union', waiting);
  });

  it('a committee rejection gives the place back; confirmation checks the places again', async () => {
    const id = await register({ tradeCode: 'cnc-turning', ...STUDENT });
    await approve(hexiOfficial, 'union', id);
    await decide(committee, 'committee', id, { decision: 'reject', reason: '不符合参赛资格要求（户籍或社保）', version: await versionOf(id) }).expect(200);
    const counter = await QuotaCounterModel.findOne({ tradeCode: 'cnc-turning', groupCode: 'student' }).lean().orFail();
    expect(counter.used).toBe(0);

    const next = await register({ tradeCode: 'cnc-turning', ...STUDENT });
    await approve(hexiOfficial, 'union', next);
    // The committee lowers 河西区's places to 0 after the union approved: confirmation is refused.
    const hexi = await UnionModel.findOne({ name: '河西区总工会' }).lean().orFail();
    await CompetitionModel.updateOne(
      { _id: competitionId, 'quotas.unionId': hexi._id },
      { $set: { quotas: (await CompetitionModel.findById(competitionId).lean().orFail()).quotas!.map((q) => (q.unionId.equals(hexi._id) && q.tradeCode === 'cnc-turning' && q.groupCode === 'student' ? { ...q, places: 0 } : q)) } },
    );
    const refused = await approve(committee, 'committee', next, 409);
    expect(ZErrorEnvelope.parse(refused.body).code).toBe('QUOTA_FULL');
    expect((await RegistrationModel.findById(next).lean().orFail()).status).toBe('union_approved');
  });

  it('confirmation is final: 报名成功, no longer withdrawable', async () => {
    const id = await register({ tradeCode: 'auto-repair', unionCode: youyiCode, ...STUDENT });
    await approve(youyiOfficial, 'union', id);
    const res = await approve(committee, 'committee', id);
    const detail = ZAuditRegistrationResponse.parse(res.body).data;
    expect(detail.status).toBe('confirmed');
    expect(detail.trail.at(-1)).toMatchObject({ action: 'committee_confirm', actorBody: '大赛组委会', actorRole: '大赛组委会' });
    const mine = ZMyRegistrationResponse.parse((await api().get(`/api/v1/me/registrations/${id}`).set(worker.auth)).body).data;
    expect(mine.status).toBe('confirmed');
    expect(mine.allowedActions).toEqual([]);
    await api().post(`/api/v1/me/registrations/${id}/withdraw`).set(worker.auth).send({ version: mine.version }).expect(409);
  });
});

describe('an ID number registered by someone else (identity rejections and disputes)', () => {
  /** 身份证号与本人信息不符: a common reason of the identity kind. */
  const IDENTITY_REASON = COMMON_REJECTION_REASONS.find((r) => r.kind === 'identity')!.text;
  let idSequence = 701;
  /** A number no test has used yet. */
  const freshNationalId = () => validNationalId('19880808', (idSequence += 2));

  function submitAs(person: TestPerson, overrides: Partial<TRegistrationSubmitInput>) {
    const body = registrationInput(competitionId, overrides);
    return api().post('/api/v1/registrations').set(person.auth).set('Idempotency-Key', newIdempotencyKey()).send(body);
  }

  async function submitted(person: TestPerson, overrides: Partial<TRegistrationSubmitInput>): Promise<string> {
    return ZMyRegistrationResponse.parse((await submitAs(person, overrides).expect(201)).body).data.id;
  }

  async function search(person: TestPerson, desk: 'union' | 'committee', q: string) {
    const res = await api().get(`/api/v1/audit/${desk}/competitions/${competitionId}/registrations`).query({ q }).set(person.auth).expect(200);
    return { page: ZAuditQueueResponse.parse(res.body).data, raw: JSON.stringify(res.body) };
  }

  async function detail(person: TestPerson, desk: 'union' | 'committee', id: string) {
    const res = await api().get(`/api/v1/audit/${desk}/registrations/${id}`).set(person.auth).expect(200);
    return { registration: ZAuditRegistrationResponse.parse(res.body).data, raw: JSON.stringify(res.body) };
  }

  it('the union’s identity rejection releases the number: the timeline says so, the real person registers, the squatter cannot resubmit', async () => {
    const nationalId = freshNationalId();
    const squatter = await signInAs([], { privacyAccepted: true });
    const owner = await signInAs([], { privacyAccepted: true });
    const squatted = await submitted(squatter, { nationalId, name: '冒名者', tradeCode: 'welding' });
    expect(ZErrorEnvelope.parse((await submitAs(owner, { nationalId }).expect(409)).body).code).toBe('ALREADY_REGISTERED');

    const res = await decide(hexiOfficial, 'union', squatted, { decision: 'reject', reason: IDENTITY_REASON, rejectionKind: 'identity', version: 0 }).expect(200);
    const decided = ZAuditRegistrationResponse.parse(res.body).data;
    expect(decided.status).toBe('union_rejected');
    expect(decided.trail.at(-1)).toMatchObject({ action: 'union_reject', reason: IDENTITY_REASON, note: '证件号已释放' });
    expect(await RegistrationModel.findById(squatted).lean().orFail()).toMatchObject({ status: 'union_rejected', active: false });

    // The squatter sees the release, and may not take the number back by resubmitting.
    const mine = ZMyRegistrationResponse.parse((await api().get(`/api/v1/me/registrations/${squatted}`).set(squatter.auth).expect(200)).body).data;
    expect(mine.timeline.at(-1)).toMatchObject({ action: 'union_reject', actorName: '河西区总工会', note: '证件号已释放' });
    expect(mine.allowedActions).toEqual(['withdraw']);
    const { competitionId: _c, ...form } = registrationInput(competitionId, { nationalId, name: '冒名者', tradeCode: 'welding' });
    const resubmit = await api().put(`/api/v1/me/registrations/${squatted}`).set(squatter.auth).send({ ...form, version: 1 }).expect(409);
    expect(ZErrorEnvelope.parse(resubmit.body)).toMatchObject({ code: 'ACTION_NOT_ALLOWED', message: expect.stringContaining('证件号已释放') });
    expect(await RegistrationModel.findById(squatted).lean().orFail()).toMatchObject({ status: 'union_rejected', active: false, version: 1 });

    // The number's owner now registers.
    const own = await submitted(owner, { nationalId });
    expect(await RegistrationModel.countDocuments({ nationalIdHash: (await RegistrationModel.findById(own).lean().orFail()).nationalIdHash, active: true })).toBe(1);
  });

  it('an ordinary union rejection keeps the number held: its owner is still refused, the worker may resubmit', async () => {
    const nationalId = freshNationalId();
    const applicant = await signInAs([], { privacyAccepted: true });
    const id = await submitted(applicant, { nationalId, tradeCode: 'welding' });
    // A reason about identity without the identity kind is an ordinary rejection: no text is matched.
    const res = await decide(hexiOfficial, 'union', id, { decision: 'reject', reason: IDENTITY_REASON, version: 0 }).expect(200);
    expect(ZAuditRegistrationResponse.parse(res.body).data.trail.at(-1)).not.toHaveProperty('note');
    expect(await RegistrationModel.findById(id).lean().orFail()).toMatchObject({ status: 'union_rejected', active: true });

    const other = await signInAs([], { privacyAccepted: true });
    expect(ZErrorEnvelope.parse((await submitAs(other, { nationalId }).expect(409)).body).code).toBe('ALREADY_REGISTERED');
    const mine = ZMyRegistrationResponse.parse((await api().get(`/api/v1/me/registrations/${id}`).set(applicant.auth).expect(200)).body).data;
    expect(mine.allowedActions).toEqual(['resubmit', 'withdraw']);
    const { competitionId: _c, ...form } = registrationInput(competitionId, { nationalId, tradeCode: 'welding' });
    await api().put(`/api/v1/me/registrations/${id}`).set(applicant.auth).send({ ...form, version: 1 }).expect(200);
  });

  it('the committee’s identity rejection of an approved registration releases the number and its quota place', async () => {
    const nankai = await UnionModel.findOne({ name: '南开区总工会' }).lean().orFail();
    const nationalId = freshNationalId();
    const squatter = await signInAs([], { privacyAccepted: true });
    const squatted = await submitted(squatter, { nationalId, unionCode: nankai.code, tradeCode: 'welding' });
    const nankaiOfficial = await signInAs([{ role: 'union_official', unionId: nankai._id }]);
    await approve(nankaiOfficial, 'union', squatted);
    const slot = { competitionId: new Types.ObjectId(competitionId), unionId: nankai._id, tradeCode: 'welding', groupCode: 'worker' };
    expect((await QuotaCounterModel.findOne(slot).lean().orFail()).used).toBe(1);

    const res = await decide(committee, 'committee', squatted, { decision: 'reject', reason: '疑似冒用他人身份证号报名', rejectionKind: 'identity', version: 1 }).expect(200);
    expect(ZAuditRegistrationResponse.parse(res.body).data.trail.at(-1)).toMatchObject({ action: 'committee_reject', note: '证件号已释放' });
    expect(await QuotaCounterModel.findOne(slot).lean().orFail()).toMatchObject({ used: 0, holders: [] });
    await submitted(await signInAs([], { privacyAccepted: true }), { nationalId, unionCode: nankai.code, tradeCode: 'welding' });
  });

  it('an approval cannot be marked as an identity rejection', async () => {
    const id = await submitted(await signInAs([], { privacyAccepted: true }), { nationalId: freshNationalId(), tradeCode: 'auto-repair' });
    const res = await decide(hexiOfficial, 'union', id, { decision: 'approve', rejectionKind: 'identity', version: 0 }).expect(400);
    expect(ZErrorEnvelope.parse(res.body).code).toBe('VALIDATION_FAILED');
    expect(await RegistrationModel.findById(id).lean().orFail()).toMatchObject({ status: 'submitted', active: true });
  });

  it('searching a number held outside the official’s scope says only that it is in use; inside, the holder is listed', async () => {
    const nationalId = freshNationalId();
    const atHeping = await submitted(await signInAs([], { privacyAccepted: true }), { nationalId, name: '赵敏', unionCode: hepingCode, tradeCode: 'cnc-turning' });

    const outside = await search(hexiOfficial, 'union', nationalId);
    expect(outside.page.items).toEqual([]);
    expect(outside.page.nationalIdInUse).toEqual({ reach: 'outside_scope' });
    expect(outside.raw).not.toContain(atHeping);
    expect(outside.raw).not.toContain('和平区');
    expect(outside.raw).not.toContain('赵敏');

    const inside = await search(hepingOfficial, 'union', nationalId);
    expect(inside.page.items.map((item) => item.id)).toEqual([atHeping]);
    expect(inside.page.nationalIdInUse).toBeNull();
    expect((await search(committee, 'committee', nationalId)).page).toMatchObject({ items: [expect.objectContaining({ id: atHeping })], nationalIdInUse: null });
    // A number nobody holds: nothing to say.
    expect((await search(hexiOfficial, 'union', freshNationalId())).page).toMatchObject({ items: [], nationalIdInUse: null });
  });

  it('a released registration’s detail names the registration now holding the number inside the scope, and only its existence outside', async () => {
    const nationalId = freshNationalId();
    const squatted = await submitted(await signInAs([], { privacyAccepted: true }), { nationalId, name: '冒名者', unionCode: youyiCode, tradeCode: 'auto-repair' });
    // Holding the number itself: nothing to show.
    expect((await detail(hexiOfficial, 'union', squatted)).registration.nationalIdInUse).toBeNull();
    await decide(youyiOfficial, 'union', squatted, { decision: 'reject', reason: IDENTITY_REASON, rejectionKind: 'identity', version: 0 }).expect(200);
    expect((await detail(hexiOfficial, 'union', squatted)).registration.nationalIdInUse).toBeNull();
    const own = await submitted(await signInAs([], { privacyAccepted: true }), { nationalId, name: '张伟', tradeCode: 'auto-repair' });

    // 河西区 reaches the owner's registration (at 河西区 itself): named, with its id.
    const inScope = await detail(hexiOfficial, 'union', squatted);
    expect(inScope.registration.nationalIdInUse).toEqual({ reach: 'in_scope', id: own, name: '张伟', unionName: '河西区总工会', status: 'submitted' });
    expect((await detail(committee, 'committee', squatted)).registration.nationalIdInUse).toMatchObject({ reach: 'in_scope', id: own });
    // 友谊路 (below 河西区) does not: it learns that the number is in use, nothing else.
    const outOfScope = await detail(youyiOfficial, 'union', squatted);
    expect(outOfScope.registration.nationalIdInUse).toEqual({ reach: 'outside_scope' });
    expect(outOfScope.raw).not.toContain(own);
    expect(outOfScope.raw).not.toContain('张伟');
  });
});

describe('batch decisions', () => {
  it('100 items mixing valid, already decided, out of scope and missing: each answered on its own', async () => {
    const hexiUnion = await UnionModel.findOne({ name: '河西区总工会' }).lean().orFail();
    // Seed 95 waiting registrations directly (the API path is tested above); 河西区 has no quota for this trade.
    const competition = await CompetitionModel.findById(competitionId).lean().orFail();
    await CompetitionModel.updateOne({ _id: competitionId }, { $push: { trades: { code: 'electrician', name: '电工', groups: ['worker'] } } });
    const base = await RegistrationModel.findById(await register({ tradeCode: 'assembly-fitting', ...STUDENT })).lean().orFail();
    const seeded = await RegistrationModel.insertMany(
      Array.from({ length: 95 }, (_, i) => ({
        competitionId: base.competitionId,
        unionId: hexiUnion._id,
        unionPath: [...hexiUnion.ancestorIds, hexiUnion._id],
        userId: base.userId,
        name: `批量${i}`,
        nationalIdHash: `batch-${i}`,
        nationalIdMasked: base.nationalIdMasked,
        mobileMasked: base.mobileMasked,
        age: base.age,
        sex: base.sex,
        employer: base.employer,
        tradeCode: 'electrician',
        groupCode: 'worker',
        skillLevel: base.skillLevel,
        status: 'submitted',
        version: 0,
        submittedAt: NOW,
        timeline: base.timeline,
      })),
    );
    expect(competition.trades.some((t) => t.code === 'electrician')).toBe(false);
    const decided = seeded[0]!._id.toHexString();
    await decide(hexiOfficial2, 'union', decided, { decision: 'approve', version: 0 }).expect(200);
    const outOfScope = await register({ unionCode: hepingCode, tradeCode: 'auto-repair' });
    const missing = new Types.ObjectId().toHexString();
    const items = [
      ...seeded.map((r) => ({ id: r._id.toHexString(), version: 0 })),
      { id: base._id.toHexString(), version: 0 },
      { id: outOfScope, version: 0 },
      { id: missing, version: 0 },
      { id: new Types.ObjectId().toHexString(), version: 3 },
    ];
    expect(items).toHaveLength(99);
    items.push({ id: seeded[1]!._id.toHexString(), version: 7 });

    const res = await api().post('/api/v1/audit/union/decisions').set(hexiOfficial.auth).send({ decision: 'approve', reason: null, items }).expect(200);
    const result = ZBatchDecisionResponse.parse(res.body).data;
    const outcome = (id: string) => result.results.find((r) => r.id === id)?.outcome;
    expect(outcome(decided)).toBe('conflict');
    expect(outcome(outOfScope)).toBe('not_found');
    expect(outcome(missing)).toBe('not_found');
    expect(outcome(base._id.toHexString())).toBe('done');
    // The duplicate of seeded[1] with a stale version is answered once, by its first occurrence.
    expect(result.results.filter((r) => r.id === seeded[1]!._id.toHexString())).toHaveLength(1);
    expect(result.done).toBe(95);
    expect(result.results.find((r) => r.id === decided)).toMatchObject({ status: 'union_approved', version: 1 });
    expect((await RegistrationModel.findById(outOfScope).lean().orFail()).status).toBe('submitted');
  });

  it('more than 100 items is refused before anything is decided', async () => {
    const items = Array.from({ length: 101 }, () => ({ id: new Types.ObjectId().toHexString(), version: 0 }));
    const res = await api().post('/api/v1/audit/union/decisions').set(hexiOfficial.auth).send({ decision: 'approve', items }).expect(400);
    expect(ZErrorEnvelope.parse(res.body).fields?.[0]?.message).toBe('一次最多处理100条报名');
  });

  it('quota full is reported per item, in order', async () => {
    const a = await register({ tradeCode: 'auto-repair', unionCode: hepingCode, ...STUDENT });
    const b = await register({ tradeCode: 'auto-repair', unionCode: hepingCode, ...STUDENT });
    const res = await api()
      .post('/api/v1/audit/union/decisions')
      .set(hepingOfficial.auth)
      .send({ decision: 'approve', items: [{ id: a, version: 0 }, { id: b, version: 0 }] })
      .expect(200);
    expect(ZBatchDecisionResponse.parse(res.body).data.results.map((r) => r.outcome)).toEqual(['done', 'quota_full']);
  });
});

describe('keyset pages', () => {
  it('walks the whole queue in a stable order without repeats, next cursor null at the end', async () => {
    const all = await queueIds(hexiOfficial, 'union', { status: 'submitted' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await queue(hexiOfficial, 'union', { status: 'submitted', limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
  });

  it('trade and group filter go together', async () => {
    const res = await api().get(`/api/v1/audit/union/competitions/${competitionId}/registrations`).query({ tradeCode: 'welding' }).set(hexiOfficial.auth).expect(400);
    expect(ZErrorEnvelope.parse(res.body).fields).toEqual([{ path: 'groupCode', message: '工种和组别需一起选择' }]);
    const welding = await queue(hexiOfficial, 'union', { status: 'union_approved', tradeCode: 'welding', groupCode: 'worker' });
    expect(welding.items.every((item) => item.trade.code === 'welding' && item.group.code === 'worker')).toBe(true);
  });
});

describe('Excel export (报名汇总表)', () => {
  async function readSheet(person: TestPerson, desk: 'union' | 'committee', query: Record<string, string> = {}) {
    const res = await api()
      .get(`/api/v1/audit/${desk}/competitions/${competitionId}/export`)
      .query(query)
      .set(person.auth)
      .buffer(true)
      .parse(bodyAsBytes)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(res.body as Buffer).buffer as ArrayBuffer);
    const sheet = workbook.getWorksheet('报名汇总表')!;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    return rows;
  }

  it('the union’s sheet: its scope in queue order, IDs masked, and the export logged', async () => {
    const before = await AuditEventModel.countDocuments({ kind: 'export' });
    const rows = await readSheet(youyiOfficial, 'union');
    expect(rows[0]).toEqual([...REGISTRATION_SHEET_COLUMNS]);
    const expected = await RegistrationModel.find({ competitionId, unionPath: (await UnionModel.findOne({ code: youyiCode }).lean().orFail())._id }).sort({ _id: 1 }).lean();
    expect(rows.slice(1).map((row) => row[1])).toEqual(expected.map((r) => r.name));
    expect(rows.slice(1).map((row) => row[0])).toEqual(expected.map((_, i) => String(i + 1)));
    expect(rows.slice(1).every((row) => /^\d{6}\*{8}\d{3}[\dX]$/.test(row[3]!))).toBe(true);
    expect(rows.slice(1).every((row) => row[5] === '河西区友谊路街道总工会')).toBe(true);
    expect(await AuditEventModel.countDocuments({ kind: 'export' })).toBe(before + 1);
  });

  it('with status filter, and the rejection reason as 审核意见', async () => {
    const rows = await readSheet(hexiOfficial, 'union', { status: 'rejected' });
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.slice(1).every((row) => row[9] === '工会审核未通过' || row[9] === '组委会未通过')).toBe(true);
    expect(rows.slice(1).some((row) => row[10] === '所报工种与从事岗位不符')).toBe(true);
  });

  it('full ID numbers: refused to a union, given to the committee and logged as such', async () => {
    const refused = await api().get(`/api/v1/audit/union/competitions/${competitionId}/export`).query({ full: '1' }).set(hexiOfficial.auth).expect(403);
    expect(ZErrorEnvelope.parse(refused.body).code).toBe('FORBIDDEN');
    const rows = await readSheet(committee, 'committee', { full: '1', status: 'confirmed' });
    expect(rows.slice(1).length).toBeGreaterThan(0);
    expect(rows.slice(1).every((row) => /^\d{17}[\dX]$/.test(row[3]!))).toBe(true);
    const logged = await AuditEventModel.findOne({ kind: 'export' }).sort({ at: -1, _id: -1 }).lean().orFail();
    expect(logged).toMatchObject({ actorRole: 'committee', detail: expect.objectContaining({ full: true }) });
  });
});

describe('who may use the audit desks', () => {
  const deskRoutes = (desk: 'union' | 'committee', id: string) => [
    ['get', `/api/v1/audit/${desk}/competitions`],
    ['get', `/api/v1/audit/${desk}/competitions/${competitionId}/summary`],
    ['get', `/api/v1/audit/${desk}/competitions/${competitionId}/registrations`],
    ['get', `/api/v1/audit/${desk}/competitions/${competitionId}/export`],
    ['get', `/api/v1/audit/${desk}/registrations/${id}`],
    ['post', `/api/v1/audit/${desk}/registrations/${id}/reveal`],
    ['post', `/api/v1/audit/${desk}/registrations/${id}/decision`],
    ['post', `/api/v1/audit/${desk}/decisions`],
  ] as const;

  it('workers and venue staff get 403 on every audit route', async () => {
    const id = await register({ tradeCode: 'welding', unionCode: HEXI_CODE, ...STUDENT });
    for (const person of [worker, venueStaff]) {
      for (const desk of ['union', 'committee'] as const) {
        for (const [method, path] of deskRoutes(desk, id)) {
          const res = await api()[method](path).set(person.auth).send({});
          expect([path, res.status]).toEqual([path, 403]);
        }
      }
    }
  });

  it('a committee member of another competition sees nothing of this one', async () => {
    const id = (await RegistrationModel.findOne({ competitionId }).lean().orFail())._id.toHexString();
    await api().get(`/api/v1/audit/committee/competitions/${competitionId}/registrations`).set(otherCommittee.auth).expect(404);
    await api().get(`/api/v1/audit/committee/registrations/${id}`).set(otherCommittee.auth).expect(404);
    await api().get(`/api/v1/audit/committee/competitions/${competitionId}/export`).set(otherCommittee.auth).expect(404);
    const home = await api().get('/api/v1/audit/committee/competitions').set(otherCommittee.auth).expect(200);
    expect(home.body.data.items).toEqual([]);
  });
});

/**
 * Issue 14 item 4: level-by-level union audit. With the set-up's `auditLevels: 2`, a registration
 * at a 基层工会 (河西区友谊路街道总工会) is audited there first, then by its parent (河西区总工会),
 * then by the committee; each level's queue lists what waits for it, only the level's own union
 * decides, a rejection at either level goes back to the worker with its reason. One level (the
 * default) is tests/api/audit.test.ts, unchanged.
 */
import request from 'supertest';
import {
  ZAuditRegistrationResponse,
  ZAuditSummaryResponse,
  ZBatchDecisionResponse,
  ZCompetitionSetupResponse,
  ZErrorEnvelope,
  ZMyRegistrationResponse,
} from '@contest/shared';
import { NotificationModel } from '@contest/bff/src/models/notification';
import { QuotaCounterModel } from '@contest/bff/src/models/quotaCounter';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { UnionModel } from '@contest/bff/src/models/union';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, submitThroughApi } from '../support/auditApi';
import { auditDesk } from '../support/auditDesk';
import type { TestHarness } from '../support/bff';
import { registrationInput } from '../support/registration';

const NOW = new Date('2026-11-24T10:00:00+08:00');
let harness: TestHarness;
let competitionId: string;
let worker: TestPerson;
let hexiOfficial: TestPerson;
let youyiOfficial: TestPerson;
let committee: TestPerson;
let youyiCode: string;
let hexiId: string;

const api = () => request(harness.app.callback());
let sequence = 300;
const nationalIds = new Map<string, string>();

/** A registration for 数控车工 (河西区 has 1 place for it) unless `tradeCode` says otherwise. */
async function register(unionCode?: string, name = '王芳', tradeCode = 'cnc-turning'): Promise<string> {
  sequence += 2;
  const made = await submitThroughApi(harness, worker, competitionId, sequence, { name, tradeCode, ...(unionCode ? { unionCode } : {}) });
  nationalIds.set(made.id, made.nationalId);
  return made.id;
}

async function waitingHere(person: TestPerson): Promise<number | null> {
  const res = await api().get(`/api/v1/audit/union/competitions/${competitionId}/summary`).set(person.auth).expect(200);
  return ZAuditSummaryResponse.parse(res.body).data.waitingHere;
}

const { waitingIds, detail, decide, setupView, putSetup } = auditDesk(() => ({ harness, competitionId, committee }));

const holders = async () => (await QuotaCounterModel.find({ competitionId }).lean()).flatMap((counter) => counter.holders.map(String));

beforeAll(async () => {
  const setting = await startAuditHarness(NOW);
  ({ harness, competitionId } = setting);
  youyiCode = setting.youyi.code;
  hexiId = setting.hexi._id.toHexString();
  worker = await signInAs([], { privacyAccepted: true });
  hexiOfficial = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
  youyiOfficial = await signInAs([{ role: 'union_official', unionId: setting.youyi._id }]);
  committee = await signInAs([{ role: 'committee', competitionId }]);
});
afterAll(() => harness.stop());

describe('the set-up says how many union levels audit', () => {
  it('is 1 unless set; 2 needs participating unions with unions below them', async () => {
    expect((await setupView()).auditLevels).toBe(1);
    expect(await waitingHere(youyiOfficial)).toBeNull();
    const three = await putSetup({ auditLevels: 3 as 2 }, 400);
    expect(ZErrorEnvelope.parse(three.body).fields).toEqual([expect.objectContaining({ path: 'setup.auditLevels', message: '工会审核层级只能是 1 级或 2 级' })]);
    // 南开区 has no union below it in the demo directory: there is no second level.
    const nankai = (await UnionModel.findOne({ name: '南开区总工会' }).lean().orFail())._id.toHexString();
    const flat = await putSetup({ auditLevels: 2, participatingUnionIds: [nankai], quotas: [] }, 400);
    expect(ZErrorEnvelope.parse(flat.body)).toMatchObject({ code: 'VALIDATION_FAILED', message: '参赛工会下没有基层工会，不能设置两级审核' });
    expect((await setupView()).auditLevels).toBe(1);

    const two = await putSetup({ auditLevels: 2 }, 200);
    expect(ZCompetitionSetupResponse.parse(two.body).data.auditLevels).toBe(2);
    // A set-up sent without the field keeps it.
    await putSetup({}, 200);
    expect((await setupView()).auditLevels).toBe(2);
  });
});

describe('two levels: 基层工会, then its parent union, then the committee', () => {
  beforeAll(async () => {
    if ((await setupView()).auditLevels !== 2) await putSetup({ auditLevels: 2 }, 200);
  });

  it('友谊路 approves and forwards to 河西区, which approves to the committee, which confirms; each level sees what waits for it', async () => {
    const id = await register(youyiCode);
    expect(await waitingIds(youyiOfficial)).toContain(id);
    expect(await waitingIds(hexiOfficial)).not.toContain(id);
    const atLevel1 = await detail(youyiOfficial, 'union', id);
    expect(atLevel1.auditLevel).toEqual({ level: 1, levels: 2, unionName: '河西区友谊路街道总工会', earlier: null });
    expect(atLevel1.allowedDecisions).toEqual(['approve', 'reject']);
    // 河西区 reaches it (it lies below) but does not decide at the grassroots level.
    expect((await detail(hexiOfficial, 'union', id)).allowedDecisions).toEqual([]);

    const forwarded = await decide(youyiOfficial, 'union', id, 200, { decision: 'approve', reason: '材料齐全' });
    const afterForward = ZAuditRegistrationResponse.parse(forwarded.body).data;
    expect(afterForward.status).toBe('submitted');
    expect(afterForward.auditLevel).toMatchObject({ level: 2, levels: 2, unionName: '河西区总工会', earlier: { level: 1, unionName: '河西区友谊路街道总工会', reason: '材料齐全' } });
    expect(afterForward.allowedDecisions).toEqual([]);
    // No place is taken and nothing is sent before the top union level decides.
    expect(await holders()).not.toContain(id);
    expect(await NotificationModel.countDocuments({ registrationId: id })).toBe(0);
    expect(await waitingIds(youyiOfficial)).not.toContain(id);
    expect(await waitingIds(hexiOfficial)).toContain(id);
    const home = await api().get('/api/v1/audit/union/competitions').set(hexiOfficial.auth).expect(200);
    expect(home.body.data.items.find((c: { id: string }) => c.id === competitionId).waiting).toBe((await waitingIds(hexiOfficial)).length);
    // The queue's 待工会审核 tab counts the same: 友谊路 has nothing left waiting, 河西区 has it.
    expect([await waitingHere(youyiOfficial), await waitingHere(hexiOfficial)]).toEqual([0, 1]);

    const approved = await decide(hexiOfficial, 'union', id, 200);
    expect(ZAuditRegistrationResponse.parse(approved.body).data).toMatchObject({ status: 'union_approved', auditLevel: null });
    expect(await holders()).toContain(id);
    expect((await NotificationModel.find({ registrationId: id }).lean()).map((n) => n.kind)).toEqual(['union_approved']);

    const confirmed = ZAuditRegistrationResponse.parse((await decide(committee, 'committee', id, 200)).body).data;
    expect(confirmed.status).toBe('confirmed');
    const unionSteps = confirmed.trail.filter((entry) => entry.action === 'union_forward' || entry.action === 'union_approve');
    expect(unionSteps.map((entry) => [entry.action, entry.auditLevel, entry.actorBody, entry.actorPerson !== null])).toEqual([
      ['union_forward', 1, '河西区友谊路街道总工会', true],
      ['union_approve', 2, '河西区总工会', true],
    ]);
    const stored = await RegistrationModel.findById(id).lean().orFail();
    expect(stored.timeline.filter((entry) => entry.auditLevel !== undefined).map((entry) => String(entry.actorUserId))).toEqual([
      String(youyiOfficial.userId),
      String(hexiOfficial.userId),
    ]);
  });

  it('a grassroots official cannot decide at the district’s level, alone or in a batch; the district cannot decide at the grassroots level', async () => {
    const id = await register(youyiCode, '周涛');
    const early = await decide(hexiOfficial, 'union', id, 403);
    expect(ZErrorEnvelope.parse(early.body)).toMatchObject({ code: 'AUDIT_LEVEL_REFUSED', message: '该报名正在第1级（河西区友谊路街道总工会）审核，您所在工会不能在这一级审核' });
    await decide(youyiOfficial, 'union', id, 200);

    for (const decision of [{ decision: 'approve' }, { decision: 'reject', reason: '不符合条件' }]) {
      const refused = await decide(youyiOfficial, 'union', id, 403, decision);
      expect(ZErrorEnvelope.parse(refused.body)).toMatchObject({ code: 'AUDIT_LEVEL_REFUSED', message: '该报名正在第2级（河西区总工会）审核，您所在工会不能在这一级审核' });
    }
    const { version } = await RegistrationModel.findById(id).lean().orFail();
    const batch = await api().post('/api/v1/audit/union/decisions').set(youyiOfficial.auth).send({ decision: 'approve', items: [{ id, version }] }).expect(200);
    expect(ZBatchDecisionResponse.parse(batch.body).data.results).toEqual([
      expect.objectContaining({ id, outcome: 'not_allowed', message: expect.stringContaining('第2级（河西区总工会）'), status: 'submitted' }),
    ]);
    const stored = await RegistrationModel.findById(id).lean().orFail();
    expect([stored.status, String(stored.awaitingUnionId), stored.version]).toEqual(['submitted', hexiId, version]);
  });

  it('a rejection at level 2 goes back to the worker with its reason and a notification; resubmitting starts again at the 基层工会', async () => {
    const id = await register(youyiCode, '吴娜');
    await decide(youyiOfficial, 'union', id, 200);
    const rejected = await decide(hexiOfficial, 'union', id, 200, { decision: 'reject', reason: '工作单位不属于本工会管辖范围' });
    expect(ZAuditRegistrationResponse.parse(rejected.body).data.status).toBe('union_rejected');

    const mine = ZMyRegistrationResponse.parse((await api().get(`/api/v1/me/registrations/${id}`).set(worker.auth).expect(200)).body).data;
    expect(mine.status).toBe('union_rejected');
    expect(mine.allowedActions).toContain('resubmit');
    expect(mine.timeline.at(-1)).toMatchObject({ action: 'union_reject', actorName: '河西区总工会', reason: '工作单位不属于本工会管辖范围', auditLevel: 2 });
    const notices = await NotificationModel.find({ registrationId: id }).lean();
    expect(notices.map((n) => [n.kind, String(n.userId), (n.data as { note?: string }).note])).toEqual([
      ['union_rejected', String(worker.userId), '工作单位不属于本工会管辖范围'],
    ]);
    expect(await holders()).not.toContain(id);

    const body = { ...registrationInput(competitionId, { name: '吴娜', tradeCode: 'cnc-turning', unionCode: youyiCode, nationalId: nationalIds.get(id)! }), version: mine.version };
    const { competitionId: _omitted, ...form } = body;
    await api().put(`/api/v1/me/registrations/${id}`).set(worker.auth).send(form).expect(200);
    expect(await waitingIds(youyiOfficial)).toContain(id);
    expect(await waitingIds(hexiOfficial)).not.toContain(id);
  });

  it('a registration made directly with the district has one union level: 河西区 approves to the committee', async () => {
    const id = await register(undefined, '张伟', 'welding');
    expect(await waitingIds(hexiOfficial)).toContain(id);
    expect((await detail(hexiOfficial, 'union', id)).auditLevel).toEqual({ level: 1, levels: 1, unionName: '河西区总工会', earlier: null });
    await decide(youyiOfficial, 'union', id, 404);
    const approved = ZAuditRegistrationResponse.parse((await decide(hexiOfficial, 'union', id, 200)).body).data;
    expect(approved.status).toBe('union_approved');
  });

  it('the number of levels cannot change while registrations wait for a union', async () => {
    await register(youyiCode, '郑洁');
    const refused = await putSetup({ auditLevels: 1 }, 409);
    expect(ZErrorEnvelope.parse(refused.body)).toMatchObject({ code: 'COMPETITION_CHANGE_REFUSED', message: expect.stringContaining('不能修改工会审核层级') });
    expect((await setupView()).auditLevels).toBe(2);
  });
});

/**
 * Issue 14 item 1: schools and host units for the student group. A competition set up with the
 * student group on the school path (`groupPaths: { student: 'school_host' }`, a host unit per trade)
 * has a student register with the code of their school (a `school` in the union directory); the
 * school's official confirms enrolment (学籍) and forwards, the trade's host unit (承办单位) audits,
 * then the committee. The union path is tests/api/audit-levels.test.ts and audit.test.ts, unchanged.
 */
import request from 'supertest';
import {
  ZAuditRegistrationResponse,
  ZCompetitionSetupResponse,
  ZErrorEnvelope,
  ZMyRegistrationResponse,
} from '@contest/shared';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { NotificationModel } from '@contest/bff/src/models/notification';
import { QuotaCounterModel } from '@contest/bff/src/models/quotaCounter';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { UnionModel } from '@contest/bff/src/models/union';
import { demoUnionCode } from '@contest/bff/src/seed/demoData';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, submitThroughApi } from '../support/auditApi';
import { auditDesk } from '../support/auditDesk';
import type { TestHarness } from '../support/bff';
import { newIdempotencyKey, registrationInput, validNationalId } from '../support/registration';

const NOW = new Date('2026-11-24T10:00:00+08:00');
let harness: TestHarness;
let competitionId: string;
let student: TestPerson;
let schoolOfficial: TestPerson;
let otherSchoolOfficial: TestPerson;
let hostOfficial: TestPerson;
let hexiOfficial: TestPerson;
let committee: TestPerson;
let schoolCode: string;
let otherSchoolCode: string;
let hostId: string;
let hexiCode: string;

const api = () => request(harness.app.callback());
let sequence = 500;

async function register(unionCode: string, name: string, tradeCode = 'cnc-turning', groupCode: 'student' | 'worker' = 'student'): Promise<string> {
  sequence += 2;
  return (await submitThroughApi(harness, student, competitionId, sequence, { name, tradeCode, groupCode, unionCode, employer: '天津市第一商业学校' })).id;
}

const desk = auditDesk(() => ({ harness, competitionId, committee }));
const { waitingIds, decide, setupView, putSetup } = desk;
const detail = (person: TestPerson, id: string) => desk.detail(person, 'union', id);

const holders = async () => (await QuotaCounterModel.find({ competitionId }).lean()).flatMap((counter) => counter.holders.map(String));

beforeAll(async () => {
  const setting = await startAuditHarness(NOW);
  harness = setting.harness;
  hexiCode = setting.hexi.code;
  // A competition like the demo's, with no registrations yet: its student group's path is set below.
  const { _id: _demoId, slug: _slug, entryKey: _entryKey, ...demo } = await CompetitionModel.findById(setting.competitionId).lean().orFail();
  competitionId = (await CompetitionModel.create({ ...demo, slug: 'school-path', name: '学生组按学校、承办单位审核的竞赛', version: 1 }))._id.toHexString();
  const school = await UnionModel.create({ code: demoUnionCode({ codeBody: 'XX2SY' }), name: '天津市第一商业学校', kind: 'school', parentId: setting.hexi._id, ancestorIds: [...setting.hexi.ancestorIds, setting.hexi._id] });
  const otherSchool = await UnionModel.create({ code: demoUnionCode({ codeBody: 'XX3JD' }), name: '天津市机电工艺学校', kind: 'school', parentId: setting.hexi._id, ancestorIds: [...setting.hexi.ancestorIds, setting.hexi._id] });
  const host = await UnionModel.create({ code: demoUnionCode({ codeBody: 'CB2JS' }), name: '天津市机电工艺技师学院', kind: 'school', parentId: null, ancestorIds: [] });
  schoolCode = school.code;
  otherSchoolCode = otherSchool.code;
  hostId = host._id.toHexString();
  student = await signInAs([], { privacyAccepted: true });
  schoolOfficial = await signInAs([{ role: 'union_official', unionId: school._id }]);
  otherSchoolOfficial = await signInAs([{ role: 'union_official', unionId: otherSchool._id }]);
  hostOfficial = await signInAs([{ role: 'union_official', unionId: host._id }]);
  hexiOfficial = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
  committee = await signInAs([{ role: 'committee', competitionId }]);
});
afterAll(() => harness.stop());

describe('the set-up names the student group’s path and each trade’s host unit', () => {
  it('the school path needs a host unit for every trade of the group; the view names the host units', async () => {
    const before = await setupView();
    expect([before.groupPaths, before.hostUnits]).toEqual([{}, []]);
    const missing = await putSetup({ groupPaths: { student: 'school_host' }, hostUnits: [] }, 400);
    expect(ZErrorEnvelope.parse(missing.body).fields).toContainEqual(
      expect.objectContaining({ path: 'setup.trades.0.hostUnit', message: '该组别由学校、承办单位审核，请为此工种选择承办单位' }),
    );
    const hostUnits = before.trades.map((trade) => ({ tradeCode: trade.code, groupCode: 'student' as const, unionId: hostId }));
    const unknown = await putSetup({ groupPaths: { student: 'school_host' }, hostUnits: [{ ...hostUnits[0]!, unionId: '0123456789abcdef01234567' }, ...hostUnits.slice(1)] }, 400);
    expect(ZErrorEnvelope.parse(unknown.body).fields).toEqual([{ path: 'setup.hostUnits.0.unionId', message: '承办单位不在名录中' }]);

    const saved = ZCompetitionSetupResponse.parse((await putSetup({ groupPaths: { student: 'school_host' }, hostUnits }, 200)).body).data;
    expect(saved.groupPaths).toEqual({ student: 'school_host' });
    expect(saved.hostUnits[0]).toEqual({ tradeCode: 'cnc-turning', groupCode: 'student', unionId: hostId, unionName: '天津市机电工艺技师学院', unionCode: expect.any(String) });
    // A set-up sent without the fields keeps them.
    await putSetup({}, 200);
    expect((await setupView()).groupPaths).toEqual({ student: 'school_host' });
  });
});

describe('a student through school → host unit → committee', () => {
  it('registers with the school’s code only; the school confirms enrolment, the host unit approves (taking the place), the committee confirms', async () => {
    const viaUnion = await api()
      .post('/api/v1/registrations')
      .set(student.auth)
      .set('Idempotency-Key', newIdempotencyKey())
      .send(registrationInput(competitionId, { groupCode: 'student', unionCode: hexiCode, nationalId: validNationalId('20050615', 499) }))
      .expect(400);
    expect(ZErrorEnvelope.parse(viaUnion.body).fields).toEqual([{ path: 'unionCode', message: '学生组请填写学籍所在学校的代码' }]);

    const id = await register(schoolCode, '李明');
    expect(await waitingIds(schoolOfficial)).toContain(id);
    expect(await waitingIds(hostOfficial)).not.toContain(id);
    const atSchool = await detail(schoolOfficial, id);
    expect(atSchool.auditLevel).toMatchObject({ level: 1, levels: 2, step: 'school', unionName: '天津市第一商业学校' });
    expect(atSchool.allowedDecisions).toEqual(['approve', 'reject']);
    // The host unit reaches it (outside its union chain) but does not confirm enrolment.
    expect((await detail(hostOfficial, id)).allowedDecisions).toEqual([]);

    const forwarded = ZAuditRegistrationResponse.parse((await decide(schoolOfficial, 'union', id, 200)).body).data;
    expect(forwarded).toMatchObject({ status: 'submitted', auditLevel: { level: 2, step: 'host', unionName: '天津市机电工艺技师学院', earlier: { unionName: '天津市第一商业学校', reason: '学籍已确认' } } });
    expect(await holders()).not.toContain(id);
    expect(await waitingIds(schoolOfficial)).not.toContain(id);
    expect(await waitingIds(hostOfficial)).toContain(id);

    const approved = ZAuditRegistrationResponse.parse((await decide(hostOfficial, 'union', id, 200)).body).data;
    expect(approved).toMatchObject({ status: 'union_approved', auditLevel: null });
    expect(await holders()).toContain(id);
    expect((await NotificationModel.find({ registrationId: id }).lean()).map((n) => n.kind)).toEqual(['union_approved']);

    const confirmed = ZAuditRegistrationResponse.parse((await decide(committee, 'committee', id, 200)).body).data;
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.trail.filter((e) => e.action === 'union_forward' || e.action === 'union_approve').map((e) => [e.action, e.actorBody, e.reason])).toEqual([
      ['union_forward', '天津市第一商业学校', '学籍已确认'],
      ['union_approve', '天津市机电工艺技师学院', null],
    ]);
  });

  it('the host unit’s queue lists what waits for it across schools; another school reaches none of it', async () => {
    const first = await register(schoolCode, '赵磊', 'welding');
    const second = await register(otherSchoolCode, '钱芳', 'welding');
    await decide(schoolOfficial, 'union', first, 200);
    await decide(otherSchoolOfficial, 'union', second, 200, { decision: 'approve', reason: '在校三年级' });
    const waiting = await waitingIds(hostOfficial);
    expect(waiting).toEqual(expect.arrayContaining([first, second]));
    expect((await detail(hostOfficial, second)).auditLevel?.earlier?.reason).toBe('学籍已确认：在校三年级');
    await api().get(`/api/v1/audit/union/registrations/${first}`).set(otherSchoolOfficial.auth).expect(404);
  });

  it('a school official is refused at the host unit’s level, and the host unit at the school’s', async () => {
    const id = await register(schoolCode, '孙丽', 'auto-repair');
    const early = await decide(hostOfficial, 'union', id, 403);
    expect(ZErrorEnvelope.parse(early.body)).toMatchObject({ code: 'AUDIT_LEVEL_REFUSED', message: '该报名正在等待学校（天津市第一商业学校）确认学籍，承办单位不能代为确认' });
    await decide(schoolOfficial, 'union', id, 200);
    for (const decision of [{ decision: 'approve' }, { decision: 'reject', reason: '不符合条件' }]) {
      const refused = await decide(schoolOfficial, 'union', id, 403, decision);
      expect(ZErrorEnvelope.parse(refused.body)).toMatchObject({ code: 'AUDIT_LEVEL_REFUSED', message: '该报名正在承办单位（天津市机电工艺技师学院）审核，学校不能在这一级审核' });
    }
    // 河西区, above the school, reaches it but decides at neither level.
    await decide(hexiOfficial, 'union', id, 403);
    const stored = await RegistrationModel.findById(id).lean().orFail();
    expect([stored.status, String(stored.awaitingUnionId)]).toEqual(['submitted', hostId]);
  });

  it('a rejection by the host unit goes back to the student with its reason and a notification', async () => {
    const id = await register(schoolCode, '周敏', 'assembly-fitting');
    await decide(schoolOfficial, 'union', id, 200);
    await decide(hostOfficial, 'union', id, 200, { decision: 'reject', reason: '年龄不符合学生组要求' });
    const mine = ZMyRegistrationResponse.parse((await api().get(`/api/v1/me/registrations/${id}`).set(student.auth).expect(200)).body).data;
    expect(mine.status).toBe('union_rejected');
    expect(mine.timeline.at(-1)).toMatchObject({ action: 'union_reject', actorName: '天津市机电工艺技师学院', reason: '年龄不符合学生组要求' });
    const notices = await NotificationModel.find({ registrationId: id }).lean();
    expect(notices.map((n) => [n.kind, String(n.userId), (n.data as { note?: string }).note])).toEqual([['union_rejected', String(student.userId), '年龄不符合学生组要求']]);
    expect(await holders()).not.toContain(id);
  });

  it('the worker group beside it keeps the union path: 河西区 approves in one step', async () => {
    const id = await register(hexiCode, '吴强', 'welding', 'worker');
    expect(await waitingIds(hexiOfficial)).toContain(id);
    expect((await detail(hexiOfficial, id)).auditLevel).toBeNull();
    expect(ZAuditRegistrationResponse.parse((await decide(hexiOfficial, 'union', id, 200)).body).data.status).toBe('union_approved');
  });

  it('the path cannot change while student registrations are being audited', async () => {
    await register(schoolCode, '郑华', 'welding');
    const refused = await putSetup({ groupPaths: {}, hostUnits: [] }, 409);
    expect(ZErrorEnvelope.parse(refused.body)).toMatchObject({ code: 'COMPETITION_CHANGE_REFUSED', message: expect.stringContaining('不能修改其审核路径或承办单位') });
  });
});

/**
 * Reachability for officials (services/notifications/reachability.ts): of the registrations in a
 * desk's scope waiting for a message, who WeChat can send the next one to (a credit for its
 * template, or a long-term template), and whom to phone instead, never outside the desk's scope.
 * Here competition_notice is long-term and registration_confirmed has no WeChat template configured.
 */
import request from 'supertest';
import { trusted } from 'mongoose';
import { ZAnnouncementReachResponse, ZReachabilityResponse, type TReachability } from '@contest/shared';
import { CompetitionModel, type CompetitionSetupRecord } from '@contest/bff/src/models/competition';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { recordGrantAnswers } from '@contest/bff/src/services/notifications/grants';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, submitThroughApi, type AuditSetting } from '../support/auditApi';
import { HEPING_CODE, YOUYI_CODE } from '../support/auditFixtures';
import type { TestHarness } from '../support/bff';
import { placementOf, seedBulkRegistrations } from '../support/bulkRegistrations';
import { createOtherCompetition } from '../support/otherCompetition';

const NOW = new Date('2026-11-24T10:00:00+08:00');
const AUDIT_TEMPLATE = 'tmpl-audit-result';

let setting: AuditSetting;
let harness: TestHarness;
let competitionId: string;
let committee: TestPerson;
let hexiOfficial: TestPerson;
let hepingOfficial: TestPerson;
let sequence = 900;

const api = () => request(harness.app.callback());

async function reachability(person: TestPerson, desk: 'union' | 'committee', options: { competition?: string; cursor?: string } = {}): Promise<TReachability> {
  const query = options.cursor ? `?cursor=${options.cursor}` : '';
  const res = await api()
    .get(`/api/v1/audit/${desk}/competitions/${options.competition ?? competitionId}/reachability${query}`)
    .set(person.auth)
    .expect(200);
  return ZReachabilityResponse.parse(res.body).data;
}

/** A worker account with one registration; `credits` are WeChat template ids the worker accepted once each. */
async function registered(name: string, overrides: Parameters<typeof submitThroughApi>[4], credits: string[] = []): Promise<{ id: string; worker: TestPerson }> {
  const worker = await signInAs([], { privacyAccepted: true });
  sequence += 2;
  const { id } = await submitThroughApi(harness, worker, competitionId, sequence, { name, ...overrides });
  for (const templateId of credits) await recordGrantAnswers(worker.userId, [{ templateId, answer: 'accept' }]);
  return { id, worker };
}

async function decide(desk: 'union' | 'committee', id: string, decision: 'approve' | 'reject'): Promise<void> {
  const { version } = await RegistrationModel.findById(id).lean().orFail();
  const person = desk === 'union' ? hexiOfficial : committee;
  const body = decision === 'approve' ? { decision, version } : { decision, version, reason: '报名信息填写不完整或有误' };
  await api().post(`/api/v1/audit/${desk}/registrations/${id}/decision`).set(person.auth).send(body).expect(200);
}

beforeAll(async () => {
  setting = await startAuditHarness(NOW, {
    env: { NOTIFY_TEMPLATE_IDS: `audit_result=${AUDIT_TEMPLATE},competition_notice=tmpl-notice`, NOTIFY_LONG_TERM_TEMPLATES: 'competition_notice' },
  });
  ({ harness, competitionId } = setting);
  committee = await signInAs([{ role: 'committee', competitionId }]);
  hexiOfficial = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
  hepingOfficial = await signInAs([{ role: 'union_official', unionId: setting.heping._id }]);

  // Waiting for the union's decision: reachable with a credit for the audit template only.
  await registered('孙强', { tradeCode: 'welding' }, [AUDIT_TEMPLATE]);
  await registered('钱芳', { tradeCode: 'cnc-turning' });
  await registered('吴敏', { tradeCode: 'welding', unionCode: YOUYI_CODE }, ['tmpl-notice']);
  // Waiting for the committee: its template has no WeChat id here, so no credit helps.
  const approved = await registered('郑军', { tradeCode: 'assembly-fitting' }, [AUDIT_TEMPLATE, 'tmpl-registration-confirmed']);
  await decide('union', approved.id, 'approve');
  // Confirmed: the notices' template is long-term, reachable without a credit.
  const confirmed = await registered('冯涛', { tradeCode: 'auto-repair' });
  await decide('union', confirmed.id, 'approve');
  await decide('committee', confirmed.id, 'approve');
  // Rejected by the union: nothing comes until the worker resubmits.
  const rejected = await registered('陈静', { tradeCode: 'welding', groupCode: 'student' });
  await decide('union', rejected.id, 'reject');
  // Another district's worker.
  await registered('褚明', { tradeCode: 'welding', unionCode: HEPING_CODE });
});
afterAll(() => harness.stop());

it('a union official sees their union and those below it: how many can be reached, and whom to phone, phone masked', async () => {
  const reach = await reachability(hexiOfficial, 'union');
  expect([reach.waiting, reach.reachable]).toEqual([5, 2]);
  expect(reach.unreachable.map((w) => [w.name, w.mobileMasked, w.union.name, w.status, w.nextMessage])).toEqual([
    ['钱芳', '138****5678', '河西区总工会', 'submitted', '工会审核结果'],
    ['吴敏', '138****5678', '河西区友谊路街道总工会', 'submitted', '工会审核结果'],
    ['郑军', '138****5678', '河西区总工会', 'union_approved', '组委会确认结果'],
  ]);
  expect(reach.nextCursor).toBeNull();
});

it('an official of one union never sees another union’s workers', async () => {
  const heping = await reachability(hepingOfficial, 'union');
  expect([heping.waiting, heping.reachable, heping.unreachable.map((w) => w.name)]).toEqual([1, 0, ['褚明']]);
  const hexi = await reachability(hexiOfficial, 'union');
  expect(hexi.unreachable.map((w) => w.name)).not.toContain('褚明');
  const youyi = await reachability(await signInAs([{ role: 'union_official', unionId: setting.youyi._id }]), 'union');
  expect(youyi.unreachable.map((w) => w.name)).toEqual(['吴敏']);
});

it('a grant for one competition reaches that competition only', async () => {
  const other = await createOtherCompetition('reach-other', NOW);
  const forOther = await signInAs([{ role: 'union_official', unionId: setting.hexi._id, competitionId: other }]);
  const refused = await api().get(`/api/v1/audit/union/competitions/${competitionId}/reachability`).set(forOther.auth).expect(404);
  expect(refused.body.code).toBe('COMPETITION_NOT_FOUND');
  const forThis = await signInAs([{ role: 'union_official', unionId: setting.hexi._id, competitionId }]);
  expect((await reachability(forThis, 'union')).waiting).toBe(5);
});

it('the committee sees the whole competition', async () => {
  const reach = await reachability(committee, 'committee');
  expect([reach.waiting, reach.reachable]).toEqual([6, 2]);
  expect(reach.unreachable.map((w) => w.name)).toEqual(['钱芳', '吴敏', '郑军', '褚明']);
});

it('the announcement preview counts everyone as pushable when the notice template is long-term', async () => {
  const res = await api().post(`/api/v1/admin/competitions/${competitionId}/announcements/preview`).set(committee.auth).send({ audience: {} }).expect(200);
  expect(ZAnnouncementReachResponse.parse(res.body).data).toEqual({ reached: 7, pushable: 7 });
});

it('pages through those who cannot be reached, oldest first, each once', async () => {
  const competition = await CompetitionModel.findById(await createOtherCompetition('reach-bulk', NOW)).lean<CompetitionSetupRecord>().orFail();
  await seedBulkRegistrations(competition, { total: 300, unionRows: 120, inUnion: [placementOf(setting.hexi), placementOf(setting.youyi)], elsewhere: [placementOf(setting.heping)] }, NOW);
  const official = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
  const expected = await RegistrationModel.find(
    { competitionId: competition._id, unionPath: setting.hexi._id, status: trusted({ $in: ['submitted', 'union_approved'] }) },
    { _id: 1 },
  )
    .sort({ _id: 1 })
    .lean();
  expect(expected.length).toBeGreaterThan(40);

  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await reachability(official, 'union', { competition: competition._id.toHexString(), cursor });
    expect(page.unreachable.length).toBeLessThanOrEqual(20);
    seen.push(...page.unreachable.map((w) => w.registrationId));
    cursor = page.nextCursor ?? undefined;
    pages += 1;
  } while (cursor);
  expect(seen).toEqual(expected.map((r) => r._id.toHexString()));
  expect(pages).toBe(Math.ceil(expected.length / 20));
});

/**
 * The results 公示: opened by the committee on the working-day calendar (closing date across 国庆
 * and its adjusted working Saturday), a public page without sign-in and without ID numbers, served
 * with an ETag; objections lodged and answered; a result taken out moves the next contestant up
 * with recomputed awards and a change note; objections after the closing date refused; closing
 * only after it with every objection answered, after which scores refuse changes; a notice per
 * contestant for each event, once.
 */
import request from 'supertest';
import mongoose, { Types, trusted } from 'mongoose';
import { ZErrorEnvelope, type TCommitteePass, type TMyRegistration, type TPublicResultList, type TPublicResultsSummary } from '@contest/shared';
import { CheckInModel } from '@contest/bff/src/models/checkIn';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { NotificationModel } from '@contest/bff/src/models/notification';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { ResultRowModel, ResultSnapshotModel, ResultsAnnouncementModel } from '@contest/bff/src/models/results';
import { writeScore, type PassedRegistration } from '@contest/bff/src/services/scores/scoreWrites';
import { resumeResultsNotices } from '@contest/bff/src/services/results/resultsNotices';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, type AuditSetting } from '../support/auditApi';
import type { TestHarness } from '../support/bff';
import { confirmedRegistration, createSession, place, sessionInput } from '../support/passes';

/** The harness's clock: moved by the tests (Monday 28 September 2026, two days before 国庆). */
const clock = new Date('2026-09-28T10:00:00+08:00');
const setClock = (iso: string) => clock.setTime(new Date(iso).getTime());

let setting: AuditSetting;
let harness: TestHarness;
let competitionId: string;
let committee: TestPerson;
let worker: TestPerson;
/** 甲一's own account: sees the result on the registration. */
let jiaOwner: TestPerson;
const passes = {} as Record<'jia' | 'yi' | 'bing' | 'ding' | 'wu', TCommitteePass>;
const NAMES = { jia: '甲一', yi: '乙二', bing: '丙三', ding: '丁四', wu: '戊五' } as const;

const api = () => request(harness.app.callback());
const admin = (path: string) => `/api/v1/admin/competitions/${competitionId}${path}`;
const publicPage = (query: Record<string, string> = {}) => api().get(`/api/v1/public/competitions/${competitionId}/results`).query(query);
/** 汽车维修工 · 职工组, where all five are. */
const listPage = () => publicPage({ tradeCode: 'auto-repair', groupCode: 'worker' });

async function scored(pass: TCommitteePass, theory: number | null, practical: number | null): Promise<void> {
  const registration = await RegistrationModel.findById(pass.registrationId).lean<PassedRegistration>().orFail().exec();
  const after = { theory, practical, absent: theory === null, remarks: '' };
  await writeScore({ competitionId: registration.competitionId, registration, current: null, after, by: committee.userId, at: clock, via: 'manual', sheetHash: null });
}

async function summary(): Promise<TPublicResultsSummary> {
  return ((await publicPage().expect(200)).body as { data: TPublicResultsSummary }).data;
}
async function list(): Promise<TPublicResultList> {
  return ((await listPage().expect(200)).body as { data: TPublicResultList }).data;
}
const rowOf = (results: TPublicResultList, name: string) => results.rows.find((r) => r.name === name)!;
const objection = (entryId: string, person: TestPerson = worker) =>
  api().post(`/api/v1/me/results/${competitionId}/objections`).set(person.auth).send({ registrationId: entryId, reason: '该选手实操作品非本人完成', contact: '13800000000' });
const noticesOf = (kind: 'results_announced' | 'results_final') => NotificationModel.find({ kind }, { userId: 1, data: 1 }).lean().exec();

beforeAll(async () => {
  setting = await startAuditHarness(clock);
  harness = setting.harness;
  competitionId = setting.competitionId;
  committee = await signInAs([{ role: 'committee', competitionId }]);
  worker = await signInAs();
  jiaOwner = await signInAs();
  await createSession(harness, committee, competitionId, sessionInput({ code: 'rs-am', capacity: 20, stationPrefix: 'R', hosts: [{ tradeCode: 'auto-repair', groupCode: 'worker' }] }));
  for (const key of Object.keys(NAMES) as (keyof typeof NAMES)[]) {
    passes[key] = await place(harness, committee, competitionId, await confirmedRegistration(competitionId, { union: setting.heping, name: NAMES[key], tradeCode: 'auto-repair', ...(key === 'jia' ? { userId: jiaOwner.userId } : {}) }), 'rs-am');
  }
  // Weights 30 / 70, two places: 93.50, 88.50, 83.50, 77.00; 戊 no score yet. All checked in.
  await scored(passes.jia, 90, 95);
  await scored(passes.yi, 85, 90);
  await scored(passes.bing, 80, 85);
  await scored(passes.ding, 70, 80);
  for (const pass of Object.values(passes)) {
    await CheckInModel.create({
      competitionId: new Types.ObjectId(competitionId),
      passSerial: (await RegistrationModel.findById(pass.registrationId).lean<PassedRegistration>().orFail().exec()).pass.serial,
      registrationId: new Types.ObjectId(pass.registrationId),
      sessionId: new Types.ObjectId(),
      scan: { nonce: `rs-${pass.passNumber}`, scannedAt: clock, recordedAt: clock, deviceId: 'gate', staffUserId: committee.userId },
    });
  }
});
afterAll(() => harness.stop());

const myRegistration = async () =>
  (await api().get(`/api/v1/me/registrations/${passes.jia.registrationId}`).set(jiaOwner.auth).expect(200)).body.data as TMyRegistration;

describe('the 公示', () => {
  it('keeps scores off the worker\'s registration before it opens', async () => {
    expect((await myRegistration()).result).toBeNull();
  });

  it('is refused while a checked-in contestant has no score, naming how many', async () => {
    const res = await api().post(admin('/results/announcement')).set(committee.auth).expect(409);
    const error = ZErrorEnvelope.parse(res.body);
    expect(error.code).toBe('RESULTS_ANNOUNCEMENT_REFUSED');
    expect(error.message).toContain('还有 1 名已签到的考生没有录入成绩');
    await publicPage().expect(404);
  });

  it('is refused when its working days run past the calendar the deployment has, and nothing is announced', async () => {
    await scored(passes.wu, null, null);
    setClock('2026-12-28T10:00:00+08:00');
    const res = await api().post(admin('/results/announcement')).set(committee.auth).expect(503);
    expect(res.body.code).toBe('CALENDAR_NOT_COVERED');
    expect(res.body.message).toContain('2027年');
    await publicPage().expect(404);
    setClock('2026-09-28T10:00:00+08:00');
  });

  it('opens for 5 working days across 国庆 (ending on the adjusted working Saturday), and the public page lists ranks and awards without ID numbers', async () => {
    const res = await api().post(admin('/results/announcement')).set(committee.auth).expect(201);
    // 9/29, 9/30, (10/1–10/7 国庆), 10/8, 10/9, and Saturday 10/10 worked in exchange.
    expect(res.body.data).toMatchObject({ status: 'announced', closingDate: '2026-10-10', closesAt: '2026-10-10T16:00:00.000Z', workingDays: 5 });

    const front = await summary(); // no sign-in
    expect(front).toMatchObject({ status: 'announced', statusLabel: '公示中', closingDate: '2026-10-10', changes: [] });
    expect(front.sections).toEqual([{ tradeCode: 'auto-repair', tradeName: '汽车维修工', groupCode: 'worker', groupName: '职工组', entries: 5 }]);
    const results = await list();
    expect(results).toMatchObject({ status: 'announced', version: front.version, tradeName: '汽车维修工', groupName: '职工组' });
    expect(results.rows.map((r) => [r.rank, r.name, r.total, r.awardLabel])).toEqual([
      [1, '甲一', '93.50', '金奖'],
      [2, '乙二', '88.50', '银奖'],
      [3, '丙三', '83.50', '铜奖'],
      [4, '丁四', '77.00', null],
      [null, '戊五', null, null],
    ]);
    expect(rowOf(results, '甲一')).toMatchObject({ unionName: setting.heping.name, tradeName: '汽车维修工', groupName: '职工组', honours: ['推荐申报全国技术能手', '晋升一级职业技能等级'] });
    expect(rowOf(results, '戊五').status).toBe('absent');
    const text = JSON.stringify([front, results]);
    const masked = await RegistrationModel.find({ _id: trusted({ $in: Object.values(passes).map((p) => p.registrationId) }) }, { nationalIdMasked: 1, mobileMasked: 1 }).lean().exec();
    for (const r of masked) {
      expect(text).not.toContain(r.nationalIdMasked);
      expect(text).not.toContain(r.mobileMasked);
    }
    expect(text).not.toMatch(/nationalId|mobile|passNumber/);
  });

  it('shows the worker their own score, rank, award and honours on their registration', async () => {
    expect((await myRegistration()).result).toEqual({
      status: '公示中',
      theory: 90,
      practical: 95,
      total: '93.50',
      rank: 1,
      award: '金奖',
      honours: ['推荐申报全国技术能手', '晋升一级职业技能等级'],
      absent: false,
      closingDate: '2026-10-10',
    });
  });

  it('reads the worker\'s own row for their registration, never the whole snapshot', async () => {
    const snapshotReads: unknown[] = [];
    mongoose.set('debug', (collection: string, _method: string, ...args: unknown[]) => {
      if (collection === 'result_snapshots') snapshotReads.push(args);
    });
    try {
      expect((await myRegistration()).result?.rank).toBe(1);
    } finally {
      mongoose.set('debug', false);
    }
    expect(snapshotReads.length).toBeGreaterThan(0);
    expect(JSON.stringify(snapshotReads)).not.toContain('groups');
  });

  it('pages the 公示: a summary without rows, each trade × group in pages; an unknown one or page is 404, half a pair 400', async () => {
    const front = await publicPage().expect(200);
    expect(front.body.data.sections.map((s: { entries: number }) => s.entries)).toEqual([5]);
    expect(JSON.stringify(front.body)).not.toContain('甲一');
    expect(await list()).toMatchObject({ page: 1, pages: 1, entries: 5, rows: expect.any(Array) });
    expect((await publicPage({ tradeCode: 'auto-repair', groupCode: 'worker', page: '1' }).expect(200)).body.data.rows).toHaveLength(5);
    expect((await publicPage({ tradeCode: 'auto-repair', groupCode: 'worker', page: '2' }).expect(404)).body.code).toBe('RESULTS_NOT_FOUND');
    expect((await publicPage({ tradeCode: 'welding', groupCode: 'worker' }).expect(404)).body.code).toBe('RESULTS_NOT_FOUND');
    expect((await publicPage({ tradeCode: 'auto-repair' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('keeps serving a cached page past its window while the check of the store is still waiting', async () => {
    await listPage().expect(200);
    const realNow = Date.now.bind(Date);
    const later = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 3_000);
    let release: (error: Error) => void = () => undefined;
    const gate = new Promise<never>((_, reject) => (release = reject));
    const stuck = jest.spyOn(ResultSnapshotModel, 'findOne').mockImplementation(() => ({ sort: () => ({ lean: () => ({ exec: () => gate }) }) }) as never);
    try {
      expect((await listPage().timeout(2_000).expect(200)).body.data.rows).toHaveLength(5);
      expect(stuck).toHaveBeenCalledTimes(1);
      await listPage().timeout(2_000).expect(200);
      expect(stuck).toHaveBeenCalledTimes(1);
    } finally {
      release(new Error('store answered late'));
      stuck.mockRestore();
      later.mockRestore();
    }
  });

  it('answers a public read that carries an expired or unknown token all the same (no session is looked up)', async () => {
    const res = await listPage().set('Authorization', `Bearer ${'x'.repeat(32)}`).expect(200);
    expect(res.body.data.rows).toHaveLength(5);
  });

  it('answers an unchanged page with 304 on its ETag, the summary and each list alike', async () => {
    for (const open of [() => publicPage(), listPage]) {
      const first = await open().expect(200);
      expect(first.headers.etag).toBeTruthy();
      await open().set('If-None-Match', first.headers.etag as string).expect(304);
    }
    const summaryTag = (await publicPage().expect(200)).headers.etag;
    expect((await listPage().expect(200)).headers.etag).not.toBe(summaryTag);
  });

  it('sends the same answer gzip-compressed to a client that accepts it, with Vary and its own ETag', async () => {
    const plain = await listPage().set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await listPage().set('Accept-Encoding', 'gzip, deflate, br').expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('Accept-Encoding');
    expect(Number(zipped.headers['content-length'])).toBeLessThan(Number(plain.headers['content-length']));
    // supertest unzips: the same JSON.
    expect(zipped.body).toEqual(plain.body);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    await listPage().set('Accept-Encoding', 'gzip').set('If-None-Match', zipped.headers.etag as string).expect(304);
  });

  it('serves repeated opens from the cache, without reading the store per request (also for an unknown competition)', async () => {
    const reads = jest.spyOn(ResultSnapshotModel, 'findOne');
    try {
      for (let i = 0; i < 5; i += 1) {
        await publicPage().expect(200);
        await listPage().expect(200);
      }
      // At most the one check of the staleness window that may have run out meanwhile.
      expect(reads.mock.calls.length).toBeLessThanOrEqual(1);
      // A made-up competition: one look, then 404s from memory within the window.
      reads.mockClear();
      const unknown = new Types.ObjectId().toHexString();
      for (let i = 0; i < 5; i += 1) await api().get(`/api/v1/public/competitions/${unknown}/results`).expect(404);
      expect(reads.mock.calls.length).toBe(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('tells each contestant on the list once, also when a fan-out a crash left due is resumed', async () => {
    const told = await NotificationModel.countDocuments({ kind: 'results_announced' });
    // A process that died after the first registrations: the sweeper goes on from the last one done.
    const ids = Object.values(passes).map((p) => p.registrationId).sort();
    await ResultsAnnouncementModel.updateOne({ competitionId: new Types.ObjectId(competitionId) }, { $set: { noticesDue: 'results_announced', noticesAfter: ids[1] } });
    expect(await resumeResultsNotices(clock)).toBe(ids.length - 2);
    expect(await NotificationModel.countDocuments({ kind: 'results_announced' })).toBe(told);
    expect((await ResultsAnnouncementModel.findOne({ competitionId: new Types.ObjectId(competitionId) }).lean().orFail()).noticesDue).toBeNull();
    const notices = await noticesOf('results_announced');
    const contestants = await RegistrationModel.find({ _id: trusted({ $in: Object.values(passes).map((p) => p.registrationId) }) }, { userId: 1 }).lean().exec();
    expect(notices.map((n) => String(n.userId)).sort()).toEqual(contestants.map((r) => String(r.userId)).sort());
    const jia = contestants.find((r) => String(r._id) === passes.jia.registrationId)!;
    expect(notices.find((n) => String(n.userId) === String(jia.userId))!.data).toMatchObject({ title: '汽车维修工成绩公示', body: '第1名 金奖，公示至10月10日' });
    // Opening again is refused and tells nobody twice.
    await api().post(admin('/results/announcement')).set(committee.auth).expect(409);
    expect(await NotificationModel.countDocuments({ kind: 'results_announced' })).toBe(contestants.length);
  });
});

describe('objections', () => {
  let etagBefore: string;

  it('are lodged by anyone signed in and listed for the committee', async () => {
    await api().post(`/api/v1/me/results/${competitionId}/objections`).send({ registrationId: passes.yi.registrationId, reason: 'x', contact: 'y' }).expect(401);
    const entryId = rowOf(await list(), '乙二').entryId;
    const res = await objection(entryId).expect(201);
    expect(res.body.data).toMatchObject({ name: '乙二', answer: null, version: 0 });
    const objections = await api().get(admin('/results/objections')).set(committee.auth).expect(200);
    expect(objections.body.data.items).toHaveLength(1);
    etagBefore = (await listPage().expect(200)).headers.etag as string;
  });

  it('refuses to close before the closing date', async () => {
    const res = await api().post(admin('/results/announcement/close')).set(committee.auth).expect(409);
    expect(res.body.code).toBe('RESULTS_CLOSE_REFUSED');
    expect(res.body.message).toContain('2026-10-10');
  });

  it('answered with a disqualification moves the next contestants up, recomputes awards and shows the change', async () => {
    const [open] = (await api().get(admin('/results/objections')).set(committee.auth).expect(200)).body.data.items;
    const res = await api()
      .post(admin(`/results/objections/${open.id}/answer`))
      .set(committee.auth)
      .send({ answer: '经核实，取消该选手成绩', disqualify: true, version: open.version })
      .expect(200);
    expect(res.body.data).toMatchObject({ disqualified: true, answer: '经核实，取消该选手成绩', version: 1 });

    const fresh = await listPage().set('If-None-Match', etagBefore).expect(200);
    const results = (fresh.body as { data: TPublicResultList }).data;
    expect(results.rows.map((r) => [r.rank, r.name, r.awardLabel, r.status])).toEqual([
      [1, '甲一', '金奖', 'ranked'],
      [2, '丙三', '银奖', 'ranked'],
      [3, '丁四', '铜奖', 'ranked'],
      [null, '戊五', null, 'absent'],
      [null, '乙二', null, 'disqualified'],
    ]);
    const front = await summary();
    expect(front.changeCount).toBe(3);
    expect((await publicPage({ changes: 'all' }).expect(200)).body.data).toMatchObject({ version: front.version, changes: front.changes });
    expect(front.changes.map((c) => c.note)).toEqual(['丙三 递补为第2名，获银奖', '丁四 递补为第3名，获铜奖', '乙二 取消成绩（原第2名，银奖）']);
    // A stale version of the answer is refused.
    await api().post(admin(`/results/objections/${open.id}/answer`)).set(committee.auth).send({ answer: '再答', version: 0 }).expect(409);
  });

  it('follow a score corrected while the 公示 runs: the page re-ranks with a change note', async () => {
    const res = await api().put(admin(`/scores/${passes.ding.passNumber}`)).set(committee.auth).send({ theory: 85, practical: 90, remarks: '复核更正', version: 1 }).expect(200);
    expect(res.body.data.version).toBe(2);
    const results = await list();
    expect(results.rows.filter((r) => r.rank !== null).map((r) => [r.rank, r.name, r.total, r.awardLabel])).toEqual([
      [1, '甲一', '93.50', '金奖'],
      [2, '丁四', '88.50', '银奖'],
      [3, '丙三', '83.50', '铜奖'],
    ]);
    expect((await summary()).changes.slice(3).map((c) => c.note)).toEqual(['丁四 递补为第2名，获银奖', '丙三 名次调整为第3名，获铜奖']);
    // Each contestant's own rows are kept for the latest snapshot and the one before only.
    const latest = (await summary()).version;
    const kept = await ResultRowModel.find({ competitionId: new Types.ObjectId(competitionId) }, { version: 1 }).lean().exec();
    expect(new Set(kept.map((r) => r.version))).toEqual(new Set([latest - 1, latest]));
    expect(kept.filter((r) => r.version === latest)).toHaveLength(5);
  });

  it('are taken to the end of the closing date and refused after it', async () => {
    setClock('2026-10-10T23:59:59+08:00');
    await objection(rowOf(await list(), '甲一').entryId).expect(201);
    setClock('2026-10-11T00:00:00+08:00');
    const res = await objection(rowOf(await list(), '甲一').entryId).expect(409);
    expect(res.body.code).toBe('OBJECTION_PERIOD_OVER');
    expect(res.body.message).toContain('公示期已于2026-10-10结束');
  });
});

describe('closing', () => {
  it('waits for every objection to be answered', async () => {
    const res = await api().post(admin('/results/announcement/close')).set(committee.auth).expect(409);
    expect(res.body.message).toContain('还有 1 条异议没有答复');
    const items = (await api().get(admin('/results/objections')).set(committee.auth).expect(200)).body.data.items as { id: string; answer: string | null; version: number }[];
    const open = items.find((o) => o.answer === null)!;
    await api().post(admin(`/results/objections/${open.id}/answer`)).set(committee.auth).send({ answer: '经核实，成绩无误', version: open.version }).expect(200);
  });

  it('makes the results final: the page says so, scores and answers refuse changes, each contestant is told once', async () => {
    const res = await api().post(admin('/results/announcement/close')).set(committee.auth).expect(200);
    expect(res.body.data).toMatchObject({ status: 'final', finalAt: clock.toISOString() });
    const competition = await CompetitionModel.findById(competitionId).lean().orFail();
    expect(competition.resultsFinalAt?.toISOString()).toBe(clock.toISOString());

    expect(await summary()).toMatchObject({ status: 'final', statusLabel: '已确定' });
    const results = await list();
    expect(results).toMatchObject({ status: 'final', statusLabel: '已确定' });
    expect(rowOf(results, '丁四')).toMatchObject({ rank: 2, awardLabel: '银奖' });

    const score = await api().put(admin(`/scores/${passes.jia.passNumber}`)).set(committee.auth).send({ theory: 50, practical: 50, remarks: '', version: 1 }).expect(409);
    expect(score.body.code).toBe('SCORES_FINAL');
    await api().post(admin('/results/announcement/close')).set(committee.auth).expect(409);
    const [any] = (await api().get(admin('/results/objections')).set(committee.auth).expect(200)).body.data.items;
    expect((await api().post(admin(`/results/objections/${any.id}/answer`)).set(committee.auth).send({ answer: '改', disqualify: true, version: any.version }).expect(409)).body.code).toBe('SCORES_FINAL');

    await resumeResultsNotices(clock);
    const finals = await noticesOf('results_final');
    expect(new Set(finals.map((n) => String(n.userId))).size).toBe(5);
    expect(finals).toHaveLength(5);
  });
});

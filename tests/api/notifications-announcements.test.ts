/**
 * Committee announcements (大赛通知, services/notifications/announcements.ts): who a notice reaches
 * and can be pushed to, one notification per person, publishing once per Idempotency-Key, a
 * fan-out that a crash cannot double or lose, and who may publish.
 */
import request from 'supertest';
import { Types, trusted } from 'mongoose';
import { ZAnnouncementListResponse, ZAnnouncementReachResponse, ZAnnouncementResponse, ZInboxPageResponse, ZReceivedAnnouncementResponse, MINIAPP_PAGES } from '@contest/shared';
import { AnnouncementModel } from '@contest/bff/src/models/announcement';
import { CompetitionModel, type CompetitionSetupRecord } from '@contest/bff/src/models/competition';
import { NotificationModel } from '@contest/bff/src/models/notification';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { UserModel } from '@contest/bff/src/models/user';
import { createLogger } from '@contest/bff/src/logger';
import { createSendRateLimit } from '@contest/bff/src/rateLimits';
import { sweepOutboxPeriodically } from '@contest/bff/src/server';
import { NotificationDispatcher } from '@contest/bff/src/services/notifications/dispatcher';
import { recordGrantAnswers } from '@contest/bff/src/services/notifications/grants';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, submitThroughApi, type AuditSetting } from '../support/auditApi';
import { HEPING_CODE, YOUYI_CODE } from '../support/auditFixtures';
import type { TestHarness } from '../support/bff';
import { placementOf, seedBulkRegistrations } from '../support/bulkRegistrations';
import { createOtherCompetition } from '../support/otherCompetition';
import { newIdempotencyKey } from '../support/registration';
import { EmulatorControl, wechatFor } from '../support/wechatEmulator';

const NOW = new Date('2026-11-24T10:00:00+08:00');
const NOTICE_TEMPLATE = 'tmpl-notice';
const TEMPLATE_IDS = `competition_notice=${NOTICE_TEMPLATE},audit_result=tmpl-audit-result,registration_confirmed=tmpl-registration-confirmed`;

let setting: AuditSetting;
let harness: TestHarness;
let competitionId: string;
let committee: TestPerson;
let hexiOfficial: TestPerson;
let control: EmulatorControl;
/** Two registrations (河西区 焊工, 友谊路街道 数控车工), one person. */
let workerA: TestPerson & { openid: string };
/** 和平区 焊工 学生组. */
let workerB: TestPerson;
/** 河西区 装配钳工, approved by the union. */
let workerC: TestPerson;
/** 河西区 汽车维修工, withdrawn. */
let workerD: TestPerson;
let sequence = 700;

const api = () => request(harness.app.callback());
const base = (id = competitionId) => `/api/v1/admin/competitions/${id}/announcements`;

async function submit(worker: TestPerson, overrides: Parameters<typeof submitThroughApi>[4]): Promise<string> {
  sequence += 2;
  return (await submitThroughApi(harness, worker, competitionId, sequence, overrides)).id;
}

const previewing = (audience: object, person: TestPerson = committee) => api().post(`${base()}/preview`).set(person.auth).send({ audience });

async function preview(audience: object) {
  return ZAnnouncementReachResponse.parse((await previewing(audience).expect(200)).body).data;
}

function publish(body: object, options: { person?: TestPerson; key?: string; competition?: string } = {}) {
  return api()
    .post(base(options.competition))
    .set((options.person ?? committee).auth)
    .set('Idempotency-Key', options.key ?? newIdempotencyKey())
    .send(body);
}

const notice = (title: string) => ({ title, body: '请参赛选手于12月10日前登录小程序查看赛程安排，并按时到达赛场报到。' });
const notificationsOf = (announcementId: string) => NotificationModel.find({ announcementId: new Types.ObjectId(announcementId) }).lean().exec();

beforeAll(async () => {
  setting = await startAuditHarness(NOW, { wechatEmulator: true, env: { NOTIFY_TEMPLATE_IDS: TEMPLATE_IDS } });
  ({ harness, competitionId } = setting);
  control = new EmulatorControl(harness.wechat!.baseUrl);
  await control.registerTemplate(NOTICE_TEMPLATE);
  committee = await signInAs([{ role: 'committee', competitionId }]);
  hexiOfficial = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);

  const { openid } = await control.loginCode('announce-worker-a');
  workerA = { ...(await signInAs([], { privacyAccepted: true })), openid };
  await UserModel.updateOne({ _id: workerA.userId }, { $set: { openid } }).orFail();
  workerB = await signInAs([], { privacyAccepted: true });
  workerC = await signInAs([], { privacyAccepted: true });
  workerD = await signInAs([], { privacyAccepted: true });

  await submit(workerA, { tradeCode: 'welding', groupCode: 'worker' });
  await submit(workerA, { tradeCode: 'cnc-turning', groupCode: 'worker', unionCode: YOUYI_CODE, name: '李强' });
  await submit(workerB, { tradeCode: 'welding', groupCode: 'student', unionCode: HEPING_CODE, name: '王芳' });
  const approved = await submit(workerC, { tradeCode: 'assembly-fitting', groupCode: 'worker', name: '赵磊' });
  await api().post(`/api/v1/audit/union/registrations/${approved}/decision`).set(hexiOfficial.auth).send({ decision: 'approve', version: 0 }).expect(200);
  const withdrawn = await submit(workerD, { tradeCode: 'auto-repair', groupCode: 'worker', name: '周军' });
  await api().post(`/api/v1/me/registrations/${withdrawn}/withdraw`).set(workerD.auth).send({ version: 0 }).expect(200);

  // A holds a credit for the notice's template; B only for another template; C and D none.
  await recordGrantAnswers(workerA.userId, [{ templateId: NOTICE_TEMPLATE, answer: 'accept' }]);
  await control.grant(openid, NOTICE_TEMPLATE, 1);
  await recordGrantAnswers(workerB.userId, [{ templateId: 'tmpl-audit-result', answer: 'accept' }]);
});
afterAll(() => harness.stop());

describe('preview', () => {
  it('counts people, not registrations, leaves the withdrawn out, and counts as pushable only those holding a credit for the notice template', async () => {
    expect(await preview({})).toEqual({ reached: 3, pushable: 1 });
  });

  it.each([
    ['a trade', { tradeCodes: ['welding'] }, 2],
    ['two trades', { tradeCodes: ['welding', 'assembly-fitting'] }, 3],
    ['a group', { groupCodes: ['student'] }, 1],
    ['a status', { statuses: ['union_approved'] }, 1],
    ['a union with the unions below it', { unionIds: ['hexi'] }, 2],
    ['a union below another', { unionIds: ['youyi'] }, 1],
    ['another union', { unionIds: ['heping'] }, 1],
    ['a trade within a union', { tradeCodes: ['welding'], unionIds: ['hexi'] }, 1],
  ])('each filter narrows: %s', async (_, audience, reached) => {
    const unionIds = (audience as { unionIds?: Array<'hexi' | 'youyi' | 'heping'> }).unionIds?.map((name) => setting[name]._id.toHexString());
    const answer = await preview({ ...audience, ...(unionIds ? { unionIds } : {}) });
    expect(answer).toMatchObject({ reached });
  });

  it('refuses what the competition does not have, in Chinese', async () => {
    const trade = await previewing({ tradeCodes: ['piano'] });
    expect([trade.status, trade.body.code, trade.body.message]).toEqual([400, 'VALIDATION_FAILED', '所选工种不属于本赛事']);
    const status = await previewing({ statuses: ['withdrawn'] });
    expect([status.status, status.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const union = await previewing({ unionIds: [new Types.ObjectId().toHexString()] });
    expect([union.status, union.body.code, union.body.message]).toEqual([404, 'UNION_NOT_FOUND', '所选工会不在工会名录中']);
  });
});

describe('publishing', () => {
  it('stores the notice and writes one notification per person, opening the notice, and the person reads it', async () => {
    const res = await publish(notice('关于赛程安排的通知')).expect(201);
    const published = ZAnnouncementResponse.parse(res.body).data;
    expect(published).toMatchObject({ state: 'published', reached: 3, pushed: 0, audienceText: '全部报名人', title: '关于赛程安排的通知' });

    const stored = await notificationsOf(published.id);
    expect(stored.map((n) => n.userId?.toHexString()).sort()).toEqual([workerA, workerB, workerC].map((w) => w.userId.toHexString()).sort());
    expect(stored.map((n) => n.eventId).sort()).toEqual([workerA, workerB, workerC].map((w) => `announcement:${published.id}:${w.userId.toHexString()}`).sort());
    expect(new Set(stored.map((n) => n.page))).toEqual(new Set([`${MINIAPP_PAGES.announcement}?id=${published.id}`]));

    const inbox = ZInboxPageResponse.parse((await api().get('/api/v1/me/notifications').set(workerA.auth).expect(200)).body).data;
    expect(inbox.items.filter((item) => item.kind === 'announcement').map((item) => item.title)).toEqual(['关于赛程安排的通知']);
    const read = ZReceivedAnnouncementResponse.parse((await api().get(`/api/v1/me/announcements/${published.id}`).set(workerA.auth).expect(200)).body).data;
    expect(read).toMatchObject({ title: '关于赛程安排的通知', body: notice('').body, competition: { id: competitionId } });

    // The withdrawn worker was not sent it, and cannot open it.
    const refused = await api().get(`/api/v1/me/announcements/${published.id}`).set(workerD.auth).expect(404);
    expect(refused.body.code).toBe('ANNOUNCEMENT_NOT_FOUND');
  });

  it('reaches only the narrowed audience, and says so in words', async () => {
    const res = await publish({ ...notice('学生组报到须知'), audience: { groupCodes: ['student'], unionIds: [setting.heping._id.toHexString()] } }).expect(201);
    const published = ZAnnouncementResponse.parse(res.body).data;
    expect(published).toMatchObject({ reached: 1, audienceText: '学生组 · 和平区总工会' });
    expect((await notificationsOf(published.id)).map((n) => n.userId?.toHexString())).toEqual([workerB.userId.toHexString()]);
  });

  it('a double-tapped publish (two requests, one key) stores one notice; the key with another text is refused', async () => {
    const key = newIdempotencyKey();
    const body = notice('双击只发一次');
    const [first, second] = await Promise.all([publish(body, { key }), publish(body, { key })]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.data.id).toBe(first.body.data.id);
    expect(await AnnouncementModel.countDocuments({ title: '双击只发一次' })).toBe(1);
    expect(await notificationsOf(first.body.data.id)).toHaveLength(3);

    const reused = await publish(notice('换了内容'), { key }).expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('a notice no registrant matches is not published', async () => {
    const res = await publish({ ...notice('无人可收'), audience: { statuses: ['confirmed'] } }).expect(409);
    expect([res.body.code, res.body.message]).toEqual(['ANNOUNCEMENT_NO_RECIPIENTS', '没有符合条件的报名人，通知未发布']);
    expect(await AnnouncementModel.countDocuments({ title: '无人可收' })).toBe(0);
  });

  it('needs an Idempotency-Key and a title that fits the WeChat message', async () => {
    const keyless = await api().post(base()).set(committee.auth).send(notice('没有幂等键')).expect(400);
    expect(keyless.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const long = await publish(notice('这是一个超过二十个字的通知标题会被微信截断的')).expect(400);
    expect(long.body.fields).toEqual([{ path: 'title', message: '通知标题最多20个字（微信消息只显示这么多）' }]);
  });

  it('a union official cannot publish or preview; a committee member of another competition reaches nothing here', async () => {
    const byOfficial = await publish(notice('工会不能发'), { person: hexiOfficial }).expect(403);
    expect(byOfficial.body.code).toBe('FORBIDDEN');
    expect((await previewing({}, hexiOfficial)).status).toBe(403);
    const elsewhere = await signInAs([{ role: 'committee', competitionId: await createOtherCompetition('announce-elsewhere', NOW) }]);
    const outside = await publish(notice('别的赛事'), { person: elsewhere }).expect(404);
    expect(outside.body.code).toBe('COMPETITION_NOT_FOUND');
    expect(await AnnouncementModel.countDocuments({ title: trusted({ $in: ['工会不能发', '别的赛事'] }) })).toBe(0);
  });
});

describe('the list', () => {
  it('shows each notice with how many it reached and how many WeChat delivered it to', async () => {
    const published = ZAnnouncementResponse.parse((await publish(notice('推送计数')).expect(201)).body).data;
    // A credit for each notice A has waiting (the earlier ones are sent in the same round).
    const waiting = await NotificationModel.countDocuments({ userId: workerA.userId, state: 'queued' });
    for (let i = 1; i < waiting; i += 1) await recordGrantAnswers(workerA.userId, [{ templateId: NOTICE_TEMPLATE, answer: 'accept' }]);
    await control.grant(workerA.openid, NOTICE_TEMPLATE, waiting - 1);
    const dispatcher = new NotificationDispatcher({
      wechat: wechatFor(harness.wechat!).client,
      templateIds: harness.config.NOTIFY_TEMPLATE_IDS,
      sendLimit: await createSendRateLimit({ MONGODB_DB: harness.config.MONGODB_DB, NOTIFY_SENDS_PER_SECOND: 1000 }),
    });
    await dispatcher.drain();
    // Only A held a credit (B's is for another template): one push, the message within WeChat's limits.
    expect((await notificationsOf(published.id)).map((n) => n.state).sort()).toEqual(['no_grant', 'no_grant', 'sent']);
    const [message] = (await control.sent()).filter((m) => m.page === `${MINIAPP_PAGES.announcement}?id=${published.id}`);
    expect(message).toMatchObject({ touser: workerA.openid, template_id: NOTICE_TEMPLATE, data: { thing1: { value: '推送计数' } } });
    expect(Array.from(message!.data.thing2!.value)).toHaveLength(20);

    const list = ZAnnouncementListResponse.parse((await api().get(base()).set(committee.auth).expect(200)).body).data.items;
    expect(list[0]).toMatchObject({ id: published.id, title: '推送计数', reached: 3, pushed: 1, state: 'published' });
    expect(list.map((item) => item.title)).toContain('学生组报到须知');
  });
});

describe('a fan-out of thousands', () => {
  let bulkCompetition: CompetitionSetupRecord;
  let people: number;

  beforeAll(async () => {
    bulkCompetition = await CompetitionModel.findById(await createOtherCompetition('announce-bulk', NOW)).lean<CompetitionSetupRecord>().orFail();
    await seedBulkRegistrations(
      bulkCompetition,
      { total: 2_500, unionRows: 2_000, inUnion: [placementOf(setting.hexi), placementOf(setting.youyi)], elsewhere: [placementOf(setting.heping)] },
      NOW,
    );
    // Every tenth registration is a second one of the person before it.
    const rows = await RegistrationModel.find({ competitionId: bulkCompetition._id }, { userId: 1 }).sort({ _id: 1 }).lean();
    for (let i = 10; i < rows.length; i += 10) await RegistrationModel.updateOne({ _id: rows[i]!._id }, { $set: { userId: rows[i - 1]!.userId } });
    const matching = await RegistrationModel.distinct('userId', { competitionId: bulkCompetition._id, status: trusted({ $ne: 'withdrawn' }) });
    people = matching.length;
  }, 60_000);

  it('a crash mid-way (after a batch is written, before its place is recorded) is resumed by the sweeper, nothing lost or doubled', async () => {
    const admin = await signInAs([{ role: 'admin' }]);
    const insertMany = NotificationModel.collection.insertMany.bind(NotificationModel.collection);
    let batches = 0;
    let killedBatch: Promise<unknown> | null = null;
    const killed = jest.spyOn(NotificationModel.collection, 'insertMany').mockImplementation((...args) => {
      batches += 1;
      if (batches !== 2) return insertMany(...args);
      killedBatch = insertMany(...args).then(() => {
        throw new Error('process killed after the second batch was written');
      });
      return killedBatch as ReturnType<typeof insertMany>;
    });
    const res = await publish(notice('万人通知'), { person: admin, competition: bulkCompetition._id.toHexString() }).expect(201);
    const id = ZAnnouncementResponse.parse(res.body).data.id;
    expect(res.body.data.state).toBe('publishing');
    // The answer came after the first batch; the fan-out went on after it, and died in its second.
    await waitFor(async () => killedBatch !== null);
    await killedBatch!.catch(() => undefined);
    killed.mockRestore();
    expect(await AnnouncementModel.findById(id).lean()).toMatchObject({ state: 'publishing' });

    // Its lease runs out; the sweeper of a BFF takes it over and finishes it.
    await AnnouncementModel.updateOne({ _id: id }, { $set: { leaseUntil: new Date(Date.now() - 1000) } });
    const timer = sweepOutboxPeriodically({ NOTIFY_SWEEP_INTERVAL_MS: 60_000 }, createLogger({ LOG_LEVEL: 'silent' }));
    try {
      await waitFor(async () => (await AnnouncementModel.findById(id).lean())?.state === 'published');
    } finally {
      clearInterval(timer);
    }

    const stored = await notificationsOf(id);
    expect(stored).toHaveLength(people);
    expect(new Set(stored.map((n) => n.userId?.toHexString())).size).toBe(people);
    const list = ZAnnouncementListResponse.parse((await api().get(base(bulkCompetition._id.toHexString())).set(admin.auth).expect(200)).body).data.items;
    expect(list[0]).toMatchObject({ id, state: 'published', reached: people });
  }, 60_000);
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The worker's side of notifications over HTTP: the inbox (GET /me/notifications, read, read-all)
 * and the subscribe grants the mini-program reports (POST /me/subscriptions).
 */
import request from 'supertest';
import { Types } from 'mongoose';
import { MINIAPP_PAGES, ZInboxPageResponse, ZInboxReadResponse, ZSubscriptionCreditsResponse, type TInboxNotification } from '@contest/shared';
import { NotificationModel } from '@contest/bff/src/models/notification';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { SubscriptionGrantModel } from '@contest/bff/src/models/subscriptionGrant';
import { UserModel } from '@contest/bff/src/models/user';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, submitThroughApi } from '../support/auditApi';
import type { TestHarness } from '../support/bff';

const NOW = new Date('2026-11-24T10:00:00+08:00');
const REASON = '身份证照片不清晰，请重新上传';
let harness: TestHarness;
let competitionId: string;
let hexiOfficial: TestPerson;
let sequence = 700;

const api = () => request(harness.app.callback());

async function inboxOf(person: TestPerson, cursor?: string) {
  const res = await api()
    .get('/api/v1/me/notifications')
    .query(cursor ? { cursor } : {})
    .set(person.auth)
    .expect(200);
  return { body: ZInboxPageResponse.parse(res.body).data, text: res.text };
}

/** `worker` registers and 河西区总工会 rejects it with REASON; answers the registration's id. */
async function registeredAndRejected(worker: TestPerson): Promise<string> {
  sequence += 1;
  const { id } = await submitThroughApi(harness, worker, competitionId, sequence);
  const { version } = await RegistrationModel.findById(id).lean().orFail();
  await api().post(`/api/v1/audit/union/registrations/${id}/decision`).set(hexiOfficial.auth).send({ decision: 'reject', reason: REASON, version }).expect(200);
  return id;
}

/** `count` notifications for `userId`, written straight to the store (the outbox's own tests cover how they get there). */
async function storedNotifications(userId: Types.ObjectId, count: number): Promise<void> {
  await NotificationModel.insertMany(
    Array.from({ length: count }, (_, i) => ({
      eventId: `inbox-test:${userId.toHexString()}:${i}`,
      userId,
      kind: 'announcement',
      templateKey: 'competition_notice',
      data: { competition: '海河杯', title: `第${i + 1}号通知`, body: '请按时参赛', at: NOW.toISOString() },
      page: MINIAPP_PAGES.mine,
      at: NOW,
      state: 'no_grant',
      leaseUntil: NOW,
    })),
  );
}

beforeAll(async () => {
  const setting = await startAuditHarness(NOW);
  ({ harness, competitionId } = setting);
  hexiOfficial = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
});
afterAll(() => harness.stop());

describe('the inbox', () => {
  it('shows a union rejection with its reason, unread, opening the registration; reading it brings unread to 0', async () => {
    const worker = await signInAs([], { privacyAccepted: true });
    const id = await registeredAndRejected(worker);

    const { body, text } = await inboxOf(worker);
    expect(body.unread).toBe(1);
    expect(body.items).toHaveLength(1);
    const [message] = body.items as [TInboxNotification];
    expect(message).toMatchObject({ kind: 'union_rejected', summary: `未通过：${REASON}`, read: false, pushed: false });
    expect(message.title).toContain('未通过');
    expect(message.page).toContain(`id=${id}`);
    // Nothing of WeChat's: not the openid, the template, the dispatcher's state.
    const { openid } = await UserModel.findById(worker.userId).lean().orFail();
    expect(text).not.toContain(openid);
    expect(text).not.toMatch(/templateKey|leaseUntil|errcode|eventId/);

    const read = await api().post(`/api/v1/me/notifications/${message.id}/read`).set(worker.auth).expect(200);
    expect(ZInboxReadResponse.parse(read.body).data.unread).toBe(0);
    const after = await inboxOf(worker);
    expect(after.body.unread).toBe(0);
    expect(after.body.items[0]!.read).toBe(true);
  });

  it("another person's notification is 404 to read and absent from one's list", async () => {
    const worker = await signInAs([], { privacyAccepted: true });
    const other = await signInAs([], { privacyAccepted: true });
    await registeredAndRejected(other);
    const [theirs] = (await inboxOf(other)).body.items;

    const res = await api().post(`/api/v1/me/notifications/${theirs!.id}/read`).set(worker.auth).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect((await inboxOf(worker)).body).toEqual({ items: [], nextCursor: null, unread: 0 });
    // Still unread for its owner.
    expect((await inboxOf(other)).body.unread).toBe(1);
  });

  it('pages newest first by keyset with no repeats and none left out; read-all clears the count', async () => {
    const worker = await signInAs([], { privacyAccepted: true });
    await storedNotifications(worker.userId, 45);

    const seen: TInboxNotification[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { body } = await inboxOf(worker, cursor);
      expect(body.unread).toBe(45);
      seen.push(...body.items);
      cursor = body.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen.map((n) => n.id)).size).toBe(45);
    expect(seen.map((n) => n.title)).toEqual(Array.from({ length: 45 }, (_, i) => `第${45 - i}号通知`));

    const all = await api().post('/api/v1/me/notifications/read-all').set(worker.auth).expect(200);
    expect(ZInboxReadResponse.parse(all.body).data.unread).toBe(0);
    expect(await NotificationModel.countDocuments({ userId: worker.userId, readAt: null })).toBe(0);
  });
  it('refuses a cursor that is no id, in Chinese', async () => {
    const worker = await signInAs([], { privacyAccepted: true });
    const res = await api().get('/api/v1/me/notifications').query({ cursor: 'not-an-id' }).set(worker.auth).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.fields[0].message).toBe('编号格式不正确');
  });
});

describe('subscribe grants', () => {
  it('records each accept as one send credit and answers the credits per template', async () => {
    const worker = await signInAs([], { privacyAccepted: true });
    const post = (answers: object) => api().post('/api/v1/me/subscriptions').set(worker.auth).send({ answers });

    await post({ 'tpl-audit': 'accept', 'tpl-confirm': 'reject' }).expect(200);
    const res = await post({ 'tpl-audit': 'accept', 'tpl-confirm': 'ban', 'tpl-notice': 'filter' }).expect(200);
    expect(ZSubscriptionCreditsResponse.parse(res.body).data.credits).toEqual([
      { templateId: 'tpl-audit', credits: 2 },
      { templateId: 'tpl-confirm', credits: 0 },
      { templateId: 'tpl-notice', credits: 0 },
    ]);
    const ledger = await SubscriptionGrantModel.find({ userId: worker.userId }).lean().exec();
    expect(ledger.map((line) => [line.templateId, line.credits])).toEqual([['tpl-audit', 2]]);
  });

  it.each([
    ['more than 3 templates', { answers: { a: 'accept', b: 'accept', c: 'accept', d: 'accept' } }],
    ['no answers', { answers: {} }],
    ['an answer WeChat does not give', { answers: { a: 'yes' } }],
    ['no answers object', {}],
  ])('refuses %s in Chinese, recording nothing', async (_case, body) => {
    const worker = await signInAs([], { privacyAccepted: true });
    const res = await api().post('/api/v1/me/subscriptions').set(worker.auth).send(body).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    for (const field of res.body.fields ?? []) expect(field.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await SubscriptionGrantModel.countDocuments({ userId: worker.userId })).toBe(0);
  });
});

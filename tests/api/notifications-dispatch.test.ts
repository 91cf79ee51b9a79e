/**
 * The notification dispatcher (services/notifications/dispatcher.ts) against the WeChat emulator:
 * grants spent from the ledger, every WeChat answer ending in its final state, retries counted,
 * the shared send cap, and two dispatchers on one queue sending each message once.
 */
import mongoose, { trusted } from 'mongoose';
import request from 'supertest';
import { NotificationModel } from '@contest/bff/src/models/notification';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { SubscriptionGrantModel } from '@contest/bff/src/models/subscriptionGrant';
import { UserModel } from '@contest/bff/src/models/user';
import { createSendRateLimit } from '@contest/bff/src/rateLimits';
import { NotificationDispatcher, type DispatcherOptions } from '@contest/bff/src/services/notifications/dispatcher';
import { recordGrantAnswers } from '@contest/bff/src/services/notifications/grants';
import type { WeChat } from '@contest/bff/src/wechat';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, submitThroughApi } from '../support/auditApi';
import type { TestHarness } from '../support/bff';
import { queueUnionRejections } from '../support/queuedNotifications';
import { EmulatorControl, wechatFor } from '../support/wechatEmulator';

const NOW = new Date('2026-11-24T10:00:00+08:00');
const AUDIT_TEMPLATE = 'tmpl-audit-result';
const TEMPLATE_IDS = { audit_result: AUDIT_TEMPLATE, registration_confirmed: 'tmpl-registration-confirmed' };
let harness: TestHarness;
let competitionId: string;
let hexiOfficial: TestPerson;
let control: EmulatorControl;
let wechat: WeChat;
let sequence = 500;
let workers = 0;

const api = () => request(harness.app.callback());

interface Worker extends TestPerson {
  openid: string;
}

/** A worker signed in through the emulated WeChat (the emulator knows their openid). */
async function newWorker(): Promise<Worker> {
  workers += 1;
  const person = await signInAs([], { privacyAccepted: true });
  const { openid } = await control.loginCode(`notify-worker-${workers}`);
  await UserModel.updateOne({ _id: person.userId }, { $set: { openid } }).orFail();
  return { ...person, openid };
}

/** `count` of `worker`'s registrations rejected by their union: one union_rejected notification each. */
async function rejected(worker: Worker, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    sequence += 2;
    const { id } = await submitThroughApi(harness, worker, competitionId, sequence);
    const { version } = await RegistrationModel.findById(id).lean().orFail();
    await api()
      .post(`/api/v1/audit/union/registrations/${id}/decision`)
      .set(hexiOfficial.auth)
      .send({ decision: 'reject', reason: `材料不全 ${i}`, version })
      .expect(200);
    ids.push(id);
  }
  return ids;
}

/** `count` sends the worker allowed, as the mini-program would report them, and as WeChat holds them. */
async function granted(worker: Worker, count: number, { inWeChat = count } = {}): Promise<void> {
  for (let i = 0; i < count; i += 1) await recordGrantAnswers(worker.userId, [{ templateId: AUDIT_TEMPLATE, answer: 'accept' }]);
  if (inWeChat > 0) await control.grant(worker.openid, AUDIT_TEMPLATE, inWeChat);
}

async function dispatcher(overrides: Partial<DispatcherOptions> = {}, sendsPerSecond = 1000): Promise<NotificationDispatcher> {
  return new NotificationDispatcher({
    wechat: wechat.client,
    templateIds: TEMPLATE_IDS,
    sendLimit: await createSendRateLimit({ MONGODB_DB: harness.config.MONGODB_DB, NOTIFY_SENDS_PER_SECOND: sendsPerSecond }),
    retry: { baseDelayMs: 20, maxDelayMs: 50 },
    leaseMs: 10_000,
    ...overrides,
  });
}

const notificationsOf = (ids: string[]) => NotificationModel.find({ registrationId: trusted({ $in: ids }) }).sort({ registrationId: 1 }).lean().exec();

/** Runs the dispatchers until none of `ids`' notifications waits any more (retries included). */
async function settle(ids: string[], ...dispatchers: NotificationDispatcher[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await Promise.all(dispatchers.map((d) => d.drain()));
    const waiting = await NotificationModel.countDocuments({ registrationId: trusted({ $in: ids }), state: trusted({ $in: ['queued', 'retry'] }) });
    if (waiting === 0) return;
    if (Date.now() > deadline) throw new Error(`${waiting} notification(s) still waiting`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const sendCalls = async () => (await control.counts()).subscribe_send;
const sentPages = async (ids: string[]) => (await control.sent()).map((m) => m.page).filter((page) => ids.some((id) => page?.endsWith(`?id=${id}`)));
const creditsOf = async (worker: Worker) => (await SubscriptionGrantModel.findOne({ userId: worker.userId, templateId: AUDIT_TEMPLATE }).lean())?.credits ?? 0;

beforeAll(async () => {
  const setting = await startAuditHarness(NOW, { wechatEmulator: true });
  ({ harness, competitionId } = setting);
  hexiOfficial = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
  control = new EmulatorControl(harness.wechat!.baseUrl);
  wechat = wechatFor(harness.wechat!, { retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
});
afterAll(() => harness.stop());

it('the ledger counts a credit per accepted template; reject, ban and filter add none', async () => {
  const worker = await newWorker();
  await recordGrantAnswers(worker.userId, [
    { templateId: AUDIT_TEMPLATE, answer: 'accept' },
    { templateId: 'tmpl-registration-confirmed', answer: 'reject' },
    { templateId: 'tmpl-pass-issued', answer: 'ban' },
  ]);
  await recordGrantAnswers(worker.userId, [
    { templateId: AUDIT_TEMPLATE, answer: 'accept' },
    { templateId: 'tmpl-pass-issued', answer: 'filter' },
  ]);
  const ledger = await SubscriptionGrantModel.find({ userId: worker.userId }).lean();
  expect(ledger.map((line) => [line.templateId, line.credits])).toEqual([[AUDIT_TEMPLATE, 2]]);
});

it('with a grant, the rejection reaches WeChat once with its reason, opening the registration, and the credit is spent', async () => {
  const worker = await newWorker();
  const ids = await rejected(worker, 1);
  await granted(worker, 1);
  await settle(ids, await dispatcher());
  const [notification] = await notificationsOf(ids);
  expect([notification?.state, notification?.attempts]).toEqual(['sent', 1]);
  const [message] = (await control.sent()).filter((m) => m.page?.endsWith(`?id=${ids[0]}`));
  expect(message).toMatchObject({ touser: worker.openid, template_id: AUDIT_TEMPLATE, page: `packageRegister/pages/detail/index?id=${ids[0]}` });
  expect(message?.data.phrase4).toEqual({ value: '未通过' });
  expect(message?.data.thing5).toEqual({ value: '材料不全 0' });
  expect(await creditsOf(worker)).toBe(0);
});

it('without a credit in the ledger the message is not sent to WeChat and ends no_grant, still stored for the inbox', async () => {
  const worker = await newWorker();
  const ids = await rejected(worker, 1);
  const before = await sendCalls();
  await settle(ids, await dispatcher());
  expect((await notificationsOf(ids)).map((n) => [n.state, n.attempts])).toEqual([['no_grant', 0]]);
  expect(await sendCalls()).toBe(before);
});

it('43101 (WeChat holds no grant) is never retried: refused with the code, the ledger forgets its credits, the message stays', async () => {
  const worker = await newWorker();
  const ids = await rejected(worker, 1);
  await granted(worker, 2, { inWeChat: 0 });
  const before = await sendCalls();
  const d = await dispatcher();
  await settle(ids, d);
  await d.drain();
  expect((await notificationsOf(ids)).map((n) => [n.state, n.errcode, n.attempts])).toEqual([['refused', 43101, 1]]);
  expect(await sendCalls()).toBe(before + 1);
  expect(await creditsOf(worker)).toBe(0);
});

it('45009 and -1 are retried with back-off and counted until WeChat takes the message, which is sent once', async () => {
  const worker = await newWorker();
  const ids = await rejected(worker, 1);
  await granted(worker, 1);
  const before = await sendCalls();
  // 45009 twice (the client leaves it to the dispatcher); then -1 three times (the client's own three attempts).
  await control.fault({ api: 'subscribe_send', errcode: 45009, times: 2 });
  // Back-off long enough that one drain cannot meet the retry again, however slow the machine.
  const d = await dispatcher({ retry: { baseDelayMs: 500, maxDelayMs: 500 } });
  expect(await d.drain()).toBe(1);
  expect((await notificationsOf(ids)).map((n) => [n.state, n.errcode, n.attempts])).toEqual([['retry', 45009, 1]]);
  await settle(ids, d);
  expect((await notificationsOf(ids)).map((n) => [n.state, n.attempts])).toEqual([['sent', 3]]);
  expect(await sendCalls()).toBe(before + 3);

  const again = await rejected(worker, 1);
  await granted(worker, 1);
  await control.fault({ api: 'subscribe_send', errcode: -1, times: 3 });
  await settle(again, d);
  expect((await notificationsOf(again)).map((n) => [n.state, n.attempts])).toEqual([['sent', 2]]);
  expect(await sentPages([...ids, ...again])).toHaveLength(2);
});

it('bad data (47003) ends failed at once with the code, and the unused grant credit is given back', async () => {
  const worker = await newWorker();
  const ids = await rejected(worker, 1);
  await granted(worker, 1);
  await control.fault({ api: 'subscribe_send', errcode: 47003 });
  const before = await sendCalls();
  await settle(ids, await dispatcher());
  expect((await notificationsOf(ids)).map((n) => [n.state, n.errcode, n.attempts])).toEqual([['failed', 47003, 1]]);
  expect(await sendCalls()).toBe(before + 1);
  expect(await creditsOf(worker)).toBe(1);
});

it('a send whose outcome is unknown (connection dropped) is not sent again: failed, at most once', async () => {
  const worker = await newWorker();
  const ids = await rejected(worker, 1);
  await granted(worker, 1);
  await control.fault({ api: 'subscribe_send', drop: true });
  const before = await sendCalls();
  await settle(ids, await dispatcher());
  expect((await notificationsOf(ids)).map((n) => [n.state, n.attempts])).toEqual([['failed', 1]]);
  expect(await sendCalls()).toBe(before + 1);
});

it('two dispatchers racing over one queue send each message exactly once', async () => {
  const worker = await newWorker();
  const ids = await rejected(worker, 12);
  await granted(worker, 12);
  const [a, b] = [await dispatcher({ owner: 'a' }), await dispatcher({ owner: 'b' })];
  const handled = await Promise.all([a.drain(), b.drain()]);
  await settle(ids, a, b);
  expect(handled[0]! + handled[1]!).toBe(12);
  expect((await notificationsOf(ids)).every((n) => n.state === 'sent' && n.attempts === 1)).toBe(true);
  const pages = await sentPages(ids);
  expect(pages).toHaveLength(12);
  expect(new Set(pages).size).toBe(12);
  expect(await creditsOf(worker)).toBe(0);
});

it('WeChat’s send cap (45009 beyond it) slows the queue down without losing or doubling a message', async () => {
  const worker = await newWorker();
  const ids = await rejected(worker, 3);
  await granted(worker, 3);
  await control.sendCap(1);
  try {
    await settle(ids, await dispatcher({ retry: { attempts: 10, baseDelayMs: 400, maxDelayMs: 1000 } }));
  } finally {
    await control.sendCap(null);
  }
  const stored = await notificationsOf(ids);
  expect(stored.every((n) => n.state === 'sent')).toBe(true);
  expect(stored.some((n) => n.attempts > 1)).toBe(true);
  expect(await sentPages(ids)).toHaveLength(3);
});

it('the BFF’s own cap (NOTIFY_SENDS_PER_SECOND) spaces the sends out: no second of the clock sees more than the cap', async () => {
  const worker = await newWorker();
  const ids = await rejected(worker, 5);
  await granted(worker, 5);
  const started = Date.now();
  await settle(ids, await dispatcher({}, 2));
  // At most 2 in each second of the clock (as WeChat counts): so over at least three seconds.
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  const seconds = (await control.sent()).filter((m) => ids.some((id) => m.page?.endsWith(`?id=${id}`))).map((m) => Math.floor(m.at / 1000));
  expect(seconds).toHaveLength(5);
  expect(Math.max(...[...new Set(seconds)].map((second) => seconds.filter((s) => s === second).length))).toBe(2);
});

it('a template configured as long-term is sent without a one-time credit from the ledger', async () => {
  const worker = await newWorker();
  const ids = await rejected(worker, 1);
  await control.grant(worker.openid, AUDIT_TEMPLATE, 1);
  await settle(ids, await dispatcher({ longTermTemplates: ['audit_result'] }));
  expect((await notificationsOf(ids)).map((n) => [n.state, n.creditTaken])).toEqual([['sent', false]]);
  expect(await sentPages(ids)).toHaveLength(1);
});

it('a dispatcher killed holding a claim loses nothing: once its lease ends another sends the message, and only once', async () => {
  const worker = await newWorker();
  const ids = await rejected(worker, 1);
  await granted(worker, 1);
  const killed = await dispatcher({ owner: 'killed', leaseMs: 300 });
  const survivor = await dispatcher({ owner: 'survivor' });
  expect((await killed.claim())?.registrationId?.toHexString()).toBe(ids[0]);
  expect(await survivor.drain()).toBe(0);
  await new Promise((resolve) => setTimeout(resolve, 350));
  await settle(ids, survivor);
  expect((await notificationsOf(ids)).map((n) => [n.state, n.leaseOwner])).toEqual([['sent', null]]);
  expect(await sentPages(ids)).toHaveLength(1);
});

it('a dispatcher whose lease ran out while it waited under the send cap does not send what another has taken over', async () => {
  const worker = await newWorker();
  const ids = await rejected(worker, 1);
  // WeChat would take a second copy: only the lease stops it.
  await granted(worker, 1, { inWeChat: 2 });
  const slowCap = { consume: () => new Promise<void>((resolve) => setTimeout(resolve, 600)) };
  const stalled = await dispatcher({ owner: 'stalled', leaseMs: 200, sendLimit: slowCap });
  const other = await dispatcher({ owner: 'other' });
  const stalledRound = stalled.dispatchOne();
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await other.drain()).toBe(1);
  await stalledRound;
  expect((await notificationsOf(ids)).map((n) => [n.state, n.attempts])).toEqual([['sent', 1]]);
  expect(await sentPages(ids)).toHaveLength(1);
  expect(await creditsOf(worker)).toBe(0);
});

it('a dispatcher killed mid-send (WeChat has the message, its answer never recorded): once its lease ends the message ends failed, outcome unknown, and WeChat never gets it twice', async () => {
  const worker = await newWorker();
  const ids = await rejected(worker, 1);
  // WeChat would take a second copy: only the mark made before the send stops it.
  await granted(worker, 1, { inWeChat: 2 });
  const diesAfterSending = {
    async sendSubscribeMessage(message: Parameters<WeChat['client']['sendSubscribeMessage']>[0]) {
      await wechat.client.sendSubscribeMessage(message);
      await new Promise(() => undefined);
    },
  };
  void (await dispatcher({ owner: 'killed', leaseMs: 300, wechat: diesAfterSending })).drain();
  for (let waited = 0; (await sentPages(ids)).length === 0 && waited < 5000; waited += 25) await new Promise((resolve) => setTimeout(resolve, 25));
  await new Promise((resolve) => setTimeout(resolve, 350));
  await settle(ids, await dispatcher({ owner: 'survivor' }));
  const [notification] = await notificationsOf(ids);
  expect([notification?.state, notification?.attempts, notification?.leaseOwner]).toEqual(['failed', 1, null]);
  expect(notification?.failure).toMatch(/^outcome unknown/);
  expect(await sentPages(ids)).toHaveLength(1);
});

it('a batch is claimed, charged and recorded in bulk: 40 messages take a handful of store commands, not several each', async () => {
  const worker = await newWorker();
  const ids = await queueUnionRejections(worker.userId, 40);
  await granted(worker, 40);
  const commands: string[] = [];
  mongoose.set('debug', (collection: string, method: string) => {
    if (collection === 'notifications' || collection === 'subscription_grants') commands.push(`${collection}.${method}`);
  });
  try {
    expect(await (await dispatcher({ batchSize: 40, concurrency: 20, parallelBatches: 1 })).drain()).toBe(40);
  } finally {
    mongoose.set('debug', false);
  }
  expect((await notificationsOf(ids)).map((n) => n.state)).toEqual(Array(40).fill('sent'));
  expect(await sentPages(ids)).toHaveLength(40);
  expect(await creditsOf(worker)).toBe(0);
  // Claim (find, bulk write, read back), credits (bulk write), then per block of 20 a mark and a record; a last look finds none due.
  expect(commands.length).toBeLessThanOrEqual(12);
});

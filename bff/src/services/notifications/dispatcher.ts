import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { trusted, type Types } from 'mongoose';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { subscribeMessageData, type TNotificationTemplateKey } from '@contest/shared';
import { NotificationModel, PENDING_NOTIFICATION_STATES, type NotificationRecord, type NotificationState } from '../../models/notification';
import { UserModel } from '../../models/user';
import { backoffDelayMs, WeChatError, type RetryOptions, type SubscribeMessage, type WeChatLogger } from '../../wechat';
import { forgetGrantCredits, giveGrantCreditBack, takeGrantCredits } from './grants';

export interface DispatcherOptions {
  wechat: { sendSubscribeMessage(message: SubscribeMessage): Promise<void> };
  /** WeChat's template id per catalogue template (NOTIFY_TEMPLATE_IDS). */
  templateIds: Partial<Record<TNotificationTemplateKey, string>>;
  /** Templates that are long-term subscriptions (NOTIFY_LONG_TERM_TEMPLATES): no one-time credit is spent on them. */
  longTermTemplates?: readonly TNotificationTemplateKey[];
  /** The cap on sends shared by all processes (createSendRateLimit). */
  sendLimit: { consume(key: string): Promise<void> };
  /** Who holds a lease; unique per process by default. */
  owner?: string;
  /** How long a claim is this process's: longer than a send with the client's own retries. */
  leaseMs?: number;
  /** How many due notifications one claim takes (server.ts: about a second of sends at the cap). */
  batchSize?: number;
  /** How many sends are in flight at once at most, per batch. */
  concurrency?: number;
  /** How many batches one process works on at once: one is claimed and charged while another is sent. */
  parallelBatches?: number;
  /** Back-off between sends of one notification; `attempts` is how many sends end it as failed. */
  retry?: Partial<RetryOptions>;
  logger?: WeChatLogger;
  random?: () => number;
}

/** Up to 6 sends, waiting about 5 s, 10 s, 20 s … at most 5 minutes between them. */
export const DISPATCH_RETRY: RetryOptions = { attempts: 6, baseDelayMs: 5_000, maxDelayMs: 300_000 };
const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_CONCURRENCY = 50;
const DEFAULT_PARALLEL_BATCHES = 2;
const SEND_LIMIT_KEY = 'subscribe_send';
/**
 * Places are taken only while the clock's second has room for the block to reach WeChat within it:
 * as long as marking and sending the last blocks took (it grows with the load), within these bounds.
 */
const SECOND_END_GUARD_MS = { least: 50, most: 500 };
/** A claim that found only notifications another process claimed first looks again, this many times. */
const CLAIM_TRIES = 3;
const IN_DOUBT = 'outcome unknown: the dispatcher sending it stopped before WeChat’s answer was recorded';

type FinalState = Exclude<NotificationState, 'queued' | 'retry'>;

/** A claimed notification, with its worker's openid (null: no WeChat account). */
export type ClaimedNotification = NotificationRecord & { openid: string | null };

/** What a notification's handling writes when it ends (or is scheduled again): the fields to set. */
interface Outcome {
  notification: ClaimedNotification;
  set: Partial<NotificationRecord> & { state: NotificationState };
}

/**
 * Sends due notifications through WeChat, any number of processes at once, in batches so that
 * the store sees a few bulk writes per batch rather than several round trips per message:
 * 1. claim: read up to `batchSize` due ids, then one bulk write of conditional updates sets this
 *    claim's lease on those still due (so no two processes hold one), and one read takes back what
 *    the claim holds, with each worker's openid;
 * 2. one bulk write spends their grant credits (grants.ts: never twice for one notification);
 * 3. in blocks of up to `concurrency`, as many as the shared cap (per second of the clock) grants at once: one bulk write marks
 *    the block as being sent (`sendingAt`, renewing the lease, counting the attempt), the sends go
 *    out together, and one bulk write ends each in its final state or schedules its retry with
 *    jittered back-off.
 * Every write after the claim names the claim: a process whose lease ran out changes nothing. A
 * process killed mid-batch leaves its claims to expire and another finishes them; one killed
 * mid-send leaves those sends marked, and they end `failed` rather than go out twice.
 */
export class NotificationDispatcher {
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly parallelBatches: number;
  private readonly retry: RetryOptions;
  private claims = 0;
  /** How long marking and sending a block took lately (a moving average). */
  private blockMs = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopping = false;

  constructor(private readonly options: DispatcherOptions) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.parallelBatches = options.parallelBatches ?? DEFAULT_PARALLEL_BATCHES;
    this.retry = { ...DISPATCH_RETRY, ...options.retry };
  }

  /** Claims one due notification (a claim of one), or null when none is due. */
  async claim(now = new Date()): Promise<ClaimedNotification | null> {
    return (await this.claimBatch(1, now)).notifications[0] ?? null;
  }

  /** Claims and handles one notification; false when none was due. */
  async dispatchOne(): Promise<boolean> {
    return (await this.dispatchBatch(1)) > 0;
  }

  /** Handles due notifications until none is left, `parallelBatches` batches at a time; answers how many it handled. */
  async drain(): Promise<number> {
    const handled = await Promise.all(
      Array.from({ length: this.parallelBatches }, async () => {
        let count = 0;
        while (!this.stopping) {
          const batch = await this.dispatchBatch(this.batchSize);
          if (batch === 0) break;
          count += batch;
        }
        return count;
      }),
    );
    return handled.reduce((sum, count) => sum + count, 0);
  }

  /** Drains every `intervalMs` (the timer does not keep the process alive); a failure is logged and the next round tries again. */
  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.drain()
        .catch((error: unknown) => {
          this.options.logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'notification dispatch round failed');
          return 0;
        })
        .finally(() => {
          this.running = null;
        });
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops starting rounds and waits for the sends in flight; the rest of the batch is released for others at once. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Claims up to `limit` due notifications and handles them; answers how many it handled. */
  private async dispatchBatch(limit: number): Promise<number> {
    const { claim, notifications } = await this.claimBatch(limit);
    if (notifications.length === 0) return 0;
    let handled = 0;
    try {
      handled = await this.handle(claim, notifications);
    } finally {
      // Cut short (stopping, or a failure): what was not sent need not wait for the lease to end.
      if (handled < notifications.length) {
        await NotificationModel.updateMany({ leaseOwner: claim, sendingAt: null }, { $set: { leaseOwner: null, leaseUntil: new Date() } }).exec();
      }
    }
    return handled;
  }

  /**
   * Sets a new claim's lease on up to `limit` due notifications and reads them back. Without a
   * sort, MongoDB walks the `due` index: queued ones first, then retries, each oldest-due first.
   */
  private async claimBatch(limit: number, now = new Date()): Promise<{ claim: string; notifications: ClaimedNotification[] }> {
    this.claims += 1;
    const claim = `${this.owner}#${this.claims}`;
    const due = { state: trusted({ $in: PENDING_NOTIFICATION_STATES }), leaseUntil: trusted({ $lte: now }) };
    for (let tries = 0; tries < CLAIM_TRIES; tries += 1) {
      const found = await NotificationModel.find(due, { _id: 1 }).limit(limit).lean<Array<{ _id: Types.ObjectId }>>().exec();
      if (found.length === 0) break;
      const claimed = await NotificationModel.bulkWrite(
        found.map(({ _id }) => ({ updateOne: { filter: { _id, ...due }, update: { $set: { leaseOwner: claim, leaseUntil: new Date(now.getTime() + this.leaseMs) } } } })),
        { ordered: false },
      );
      if (claimed.matchedCount > 0) return { claim, notifications: await this.readClaim(claim) };
    }
    return { claim, notifications: [] };
  }

  /** The notifications `claim` holds, each with its worker's openid, in one read. */
  private async readClaim(claim: string): Promise<ClaimedNotification[]> {
    const rows = await NotificationModel.aggregate<NotificationRecord & { user: Array<{ openid?: string }> }>([
      { $match: { leaseOwner: claim } },
      { $lookup: { from: UserModel.collection.collectionName, localField: 'userId', foreignField: '_id', as: 'user' } },
    ]).exec();
    return rows.map(({ user, ...notification }) => ({ ...notification, openid: user[0]?.openid ?? null }));
  }

  /** Ends or sends every notification of the claim; answers how many it dealt with. */
  private async handle(claim: string, notifications: ClaimedNotification[]): Promise<number> {
    const ended: Outcome[] = [];
    const ready: ClaimedNotification[] = [];
    const needCredit: ClaimedNotification[] = [];
    for (const notification of notifications) {
      // Its sender died mid-send: WeChat may have delivered it.
      if (notification.sendingAt) ended.push(final(notification, 'failed', { failure: IN_DOUBT }));
      else if (!this.templateId(notification)) ended.push(final(notification, 'no_grant', { failure: 'no WeChat template configured' }));
      else if (!notification.userId || !notification.openid) ended.push(final(notification, 'no_grant', { failure: 'no WeChat account' }));
      // A one-time template spends a credit (once: a retry already holds it); a long-term one none.
      else if (this.spendsCredit(notification) && !notification.creditTaken) needCredit.push(notification);
      else ready.push(notification);
    }
    const held = await takeGrantCredits(needCredit.map((n) => ({ notificationId: n._id, userId: n.userId!, templateId: this.templateId(n)! })));
    for (const notification of needCredit) {
      if (held.has(notification._id.toHexString())) ready.push({ ...notification, creditTaken: true });
      else ended.push(final(notification, 'no_grant', {}));
    }
    await this.record(claim, ended);

    let handled = ended.length;
    for (let next = 0; next < ready.length && !this.stopping; ) {
      const places = await this.takeSendPlaces(Math.min(this.concurrency, ready.length - next));
      handled += await this.sendBlock(claim, ready.slice(next, next + places));
      next += places;
    }
    return handled;
  }

  /**
   * Marks the block as being sent (renewing the lease: the wait under the cap may have been long),
   * sends what is still this claim's, and records the answers; answers how many it sent.
   */
  private async sendBlock(claim: string, block: ClaimedNotification[]): Promise<number> {
    const sendingAt = new Date();
    const marked = await NotificationModel.bulkWrite(
      block.map((n) => ({
        updateOne: {
          filter: { _id: n._id, leaseOwner: claim },
          update: { $set: { sendingAt, leaseUntil: new Date(sendingAt.getTime() + this.leaseMs), creditTaken: n.creditTaken }, $inc: { attempts: 1 } },
        },
      })),
      { ordered: false },
    );
    let ours = block;
    if (marked.matchedCount < block.length) {
      // Some leases ran out and another process took those over: it sends them, not this one.
      const kept = await NotificationModel.find({ leaseOwner: claim, sendingAt }, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>().exec();
      const keptIds = new Set(kept.map(({ _id }) => _id.toHexString()));
      ours = block.filter((n) => keptIds.has(n._id.toHexString()));
    }
    const answers = await Promise.all(ours.map((n) => this.send(n)));
    this.blockMs = 0.8 * this.blockMs + 0.2 * (Date.now() - sendingAt.getTime());
    await this.record(
      claim,
      answers.filter((answer): answer is Outcome => !(answer instanceof Error)),
    );
    // Not WeChat's answer but a fault here: the message stays marked, and ends failed once its lease runs out.
    const fault = answers.find((answer): answer is Error => answer instanceof Error);
    if (fault) throw fault;
    return ours.length;
  }

  private async send(notification: ClaimedNotification): Promise<Outcome | Error> {
    const templateId = this.templateId(notification)!;
    try {
      await this.options.wechat.sendSubscribeMessage({
        toOpenid: notification.openid!,
        templateId,
        page: notification.page,
        data: subscribeMessageData(notification.kind, notification.data),
      });
    } catch (error) {
      if (!(error instanceof WeChatError)) return error instanceof Error ? error : new Error(String(error));
      return this.afterFailure(notification, templateId, error);
    }
    return final(notification, 'sent', { sentAt: new Date(), errcode: null, failure: null });
  }

  private async afterFailure(notification: ClaimedNotification, templateId: string, error: WeChatError): Promise<Outcome> {
    const userId = notification.userId!;
    const attempts = notification.attempts + 1;
    const failed = { errcode: error.errcode, failure: error.reason };
    if (error.kind === 'user_refused') {
      await forgetGrantCredits(userId, templateId);
      return final(notification, 'refused', failed);
    }
    // A timeout, a dropped connection, a 5xx: WeChat may have delivered it, and sending again could double it.
    if (error.outcome === 'unknown') return final(notification, 'failed', { ...failed, failure: `outcome unknown: ${error.reason}` });
    const retryable = error.kind === 'retryable' || error.kind === 'token';
    if (retryable && attempts < this.retry.attempts) {
      const delayMs = backoffDelayMs(attempts - 1, this.retry, this.options.random);
      return { notification, set: { state: 'retry', leaseUntil: new Date(Date.now() + delayMs), ...failed } };
    }
    // WeChat answered and did not deliver, so the grant was not used.
    if (this.spendsCredit(notification)) await giveGrantCreditBack(userId, templateId);
    return final(notification, 'failed', failed);
  }

  /** Writes the outcomes in one bulk write, each only while the claim still holds its notification. */
  private async record(claim: string, outcomes: Outcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await NotificationModel.bulkWrite(
      outcomes.map(({ notification, set }) => ({
        updateOne: { filter: { _id: notification._id, leaseOwner: claim }, update: { $set: { ...set, leaseOwner: null, sendingAt: null } } },
      })),
      { ordered: false },
    );
  }

  private templateId(notification: NotificationRecord): string | undefined {
    return this.options.templateIds[notification.templateKey];
  }

  private spendsCredit(notification: NotificationRecord): boolean {
    return !this.options.longTermTemplates?.includes(notification.templateKey);
  }

  /** Waits for one place under the cap, then takes as many more (up to `most`) as the cap grants without waiting. */
  private async takeSendPlaces(most: number): Promise<number> {
    for (let waitMs = await this.takeSendPlace(); waitMs !== null; waitMs = await this.takeSendPlace()) await sleep(Math.max(1, waitMs));
    let places = 1;
    while (places < most && (await this.takeSendPlace()) === null) places += 1;
    return places;
  }

  /**
   * Takes one place under the cap: null when taken, else how long until the cap has places again.
   * The cap counts sends per second of the clock, as WeChat counts them (each second is its own key
   * in the shared count), so no second of the clock sees more than the cap.
   */
  private async takeSendPlace(): Promise<number | null> {
    const now = Date.now();
    const msLeftInSecond = 1000 - (now % 1000);
    const guardMs = Math.min(SECOND_END_GUARD_MS.most, Math.max(SECOND_END_GUARD_MS.least, this.blockMs));
    if (msLeftInSecond < guardMs) return msLeftInSecond;
    try {
      await this.options.sendLimit.consume(`${SEND_LIMIT_KEY}:${Math.floor(now / 1000)}`);
      return null;
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return msLeftInSecond;
    }
  }
}

function final(notification: ClaimedNotification, state: FinalState, fields: Partial<NotificationRecord>): Outcome {
  return { notification, set: { ...fields, state } };
}

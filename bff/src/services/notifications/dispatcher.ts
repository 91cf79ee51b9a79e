import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { trusted } from 'mongoose';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { subscribeMessageData, type TNotificationTemplateKey } from '@contest/shared';
import { NotificationModel, PENDING_NOTIFICATION_STATES, type NotificationRecord, type NotificationState } from '../../models/notification';
import { UserModel } from '../../models/user';
import { backoffDelayMs, WeChatError, type RetryOptions, type SubscribeMessage, type WeChatLogger } from '../../wechat';
import { forgetGrantCredits, giveGrantCreditBack, takeGrantCredit } from './grants';

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
  /** Back-off between sends of one notification; `attempts` is how many sends end it as failed. */
  retry?: Partial<RetryOptions>;
  logger?: WeChatLogger;
  random?: () => number;
}

/** Up to 6 sends, waiting about 5 s, 10 s, 20 s … at most 5 minutes between them. */
export const DISPATCH_RETRY: RetryOptions = { attempts: 6, baseDelayMs: 5_000, maxDelayMs: 300_000 };
const DEFAULT_LEASE_MS = 60_000;
const SEND_LIMIT_KEY = 'subscribe_send';

type FinalState = Exclude<NotificationState, 'queued' | 'retry'>;

/**
 * Sends due notifications through WeChat, any number of processes at once: each claims one with a
 * lease (a single conditional update, so no two hold it), spends a grant credit, waits for a place
 * under the shared rate cap, sends, and ends it in a final state or schedules a retry with jittered
 * back-off. Every later write names the lease: a process whose lease ran out changes nothing. A
 * process killed mid-send leaves its claims to expire, and another finishes them.
 */
export class NotificationDispatcher {
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly retry: RetryOptions;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopping = false;

  constructor(private readonly options: DispatcherOptions) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.retry = { ...DISPATCH_RETRY, ...options.retry };
  }

  /** Claims the notification due longest, or null when none is due. */
  async claim(now = new Date()): Promise<NotificationRecord | null> {
    return NotificationModel.findOneAndUpdate(
      { state: trusted({ $in: PENDING_NOTIFICATION_STATES }), leaseUntil: trusted({ $lte: now }) },
      { $set: { leaseOwner: this.owner, leaseUntil: new Date(now.getTime() + this.leaseMs) } },
      { sort: { leaseUntil: 1 }, returnDocument: 'after' },
    )
      .lean<NotificationRecord>()
      .exec();
  }

  /** Claims and handles one notification; false when none was due. */
  async dispatchOne(): Promise<boolean> {
    const notification = await this.claim();
    if (!notification) return false;
    await this.handle(notification);
    return true;
  }

  /** Handles due notifications until none is left; answers how many it handled. */
  async drain(): Promise<number> {
    let handled = 0;
    while (!this.stopping && (await this.dispatchOne())) handled += 1;
    return handled;
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

  /** Stops starting rounds and waits for the notification in hand (the rest stay due for others). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async handle(notification: NotificationRecord): Promise<void> {
    const templateId = this.options.templateIds[notification.templateKey];
    if (!templateId) return this.finish(notification, 'no_grant', { failure: 'no WeChat template configured' });
    const user = notification.userId ? await UserModel.findById(notification.userId, { openid: 1 }).lean().exec() : null;
    if (!user || !notification.userId) return this.finish(notification, 'no_grant', { failure: 'no WeChat account' });

    // A one-time template spends a credit (once: a retry already holds it); a long-term one none.
    const spendsCredit = !this.options.longTermTemplates?.includes(notification.templateKey);
    if (spendsCredit && !notification.creditTaken) {
      if (!(await takeGrantCredit(notification.userId, templateId))) return this.finish(notification, 'no_grant', {});
      const marked = await NotificationModel.updateOne({ _id: notification._id, leaseOwner: this.owner }, { $set: { creditTaken: true } }).exec();
      if (marked.matchedCount === 0) {
        // The lease ran out meanwhile: whoever holds it now takes its own credit.
        await giveGrantCreditBack(notification.userId, templateId);
        return;
      }
    }

    // Waiting for a place under the cap can take longer than the lease: renew it, and send only
    // while it is still ours (else the process now holding it sends, with the credit marked spent).
    await this.waitForSendPlace();
    const renewed = await NotificationModel.updateOne(
      { _id: notification._id, leaseOwner: this.owner },
      { $set: { leaseUntil: new Date(Date.now() + this.leaseMs) } },
    ).exec();
    if (renewed.matchedCount === 0) return;
    const attempts = notification.attempts + 1;
    try {
      await this.options.wechat.sendSubscribeMessage({
        toOpenid: user.openid,
        templateId,
        page: notification.page,
        data: subscribeMessageData(notification.kind, notification.data),
      });
    } catch (error) {
      if (!(error instanceof WeChatError)) throw error;
      return this.afterFailure(notification, templateId, spendsCredit, attempts, error);
    }
    return this.finish(notification, 'sent', { attempts, sentAt: new Date(), errcode: null, failure: null });
  }

  private async afterFailure(notification: NotificationRecord, templateId: string, spendsCredit: boolean, attempts: number, error: WeChatError): Promise<void> {
    const userId = notification.userId!;
    const failed = { attempts, errcode: error.errcode, failure: error.reason };
    if (error.kind === 'user_refused') {
      await forgetGrantCredits(userId, templateId);
      return this.finish(notification, 'refused', failed);
    }
    // A timeout, a dropped connection, a 5xx: WeChat may have delivered it, and sending again could double it.
    if (error.outcome === 'unknown') return this.finish(notification, 'failed', { ...failed, failure: `outcome unknown: ${error.reason}` });
    const retryable = error.kind === 'retryable' || error.kind === 'token';
    if (retryable && attempts < this.retry.attempts) {
      const delayMs = backoffDelayMs(attempts - 1, this.retry, this.options.random);
      await NotificationModel.updateOne(
        { _id: notification._id, leaseOwner: this.owner },
        { $set: { state: 'retry', leaseOwner: null, leaseUntil: new Date(Date.now() + delayMs), ...failed } },
      ).exec();
      return;
    }
    // WeChat answered and did not deliver, so the grant was not used.
    if (spendsCredit) await giveGrantCreditBack(userId, templateId);
    return this.finish(notification, 'failed', failed);
  }

  private async finish(notification: NotificationRecord, state: FinalState, fields: Partial<NotificationRecord>): Promise<void> {
    await NotificationModel.updateOne({ _id: notification._id, leaseOwner: this.owner }, { $set: { ...fields, state, leaseOwner: null } }).exec();
  }

  private async waitForSendPlace(): Promise<void> {
    for (;;) {
      try {
        await this.options.sendLimit.consume(SEND_LIMIT_KEY);
        return;
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        await sleep(Math.max(1, refusal.msBeforeNext));
      }
    }
  }
}

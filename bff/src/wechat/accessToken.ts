import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { trusted } from 'mongoose';
import { WeChatTokenModel } from '../models/wechatToken';
import { WeChatError, type WeChatErrorKind } from './errors';
import type { WeChatLogger } from './logger';
import { isDuplicateKey } from '../models/duplicateKey';

export interface FetchedToken {
  token: string;
  expiresInSeconds: number;
}

export interface AccessTokenOptions {
  appId: string;
  /** Calls WeChat's stable_token endpoint (WeChatClient.fetchStableToken). */
  fetchToken: (forceRefresh: boolean) => Promise<FetchedToken>;
  /**
   * Decides when tokens are due and expired (tests move it). Leases and cool-downs coordinate
   * processes and always use the wall clock, so a frozen test clock cannot wedge them.
   */
  clock?: () => Date;
  /**
   * A token this close to expiry is refreshed rather than used. WeChat's normal mode hands out a
   * new token once the current one has less than five minutes left, hence the default.
   */
  refreshMarginMs?: number;
  /** How long a refresh may hold the lease before another process may take over (longer than a fetch with its retries). */
  leaseMs?: number;
  /** How long a caller waits for another process's refresh before giving up. */
  waitMs?: number;
  /** After a failed refresh, how long every process fails fast (or keeps using a still-valid token) before trying again. */
  failureCooldownMs?: number;
  logger?: WeChatLogger;
}

const API = 'cgi-bin/stable_token';
/** A token with less than this left is not used even as a fallback. */
const FALLBACK_SAFETY_MS = 30_000;

interface StoredToken {
  token: string | null;
  expiresAt: Date | null;
  refreshAt: Date | null;
  rejectedToken: string | null;
  failedUntil: Date | null;
  failure: { kind?: string | null; errcode?: number | null; reason?: string | null } | null;
}

/**
 * The access token shared by every BFF process through MongoDB. Only the process holding the
 * lease calls WeChat; the others wait for its result, so concurrent needs cause one call.
 * Within a process, concurrent callers share one look-up and the token is kept in memory until
 * its refresh time, so most calls do not touch the database.
 */
export class AccessTokenCache {
  private readonly owner = randomUUID();
  private readonly clock: () => Date;
  private readonly refreshMarginMs: number;
  private readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly failureCooldownMs: number;
  private memo: { token: string; refreshAt: number } | null = null;
  private inflight: Promise<string> | null = null;

  constructor(private readonly options: AccessTokenOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.refreshMarginMs = options.refreshMarginMs ?? 5 * 60_000;
    // Outlasts a normal and a forced fetch with every retry timing out at a 5 s timeout.
    this.leaseMs = options.leaseMs ?? 40_000;
    this.waitMs = options.waitMs ?? 45_000;
    this.failureCooldownMs = options.failureCooldownMs ?? 2_000;
  }

  async getToken(): Promise<string> {
    if (this.memo && this.now() < this.memo.refreshAt) return this.memo.token;
    this.inflight ??= this.obtain().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /**
   * WeChat rejected `token` (40001/42001): make the next getToken refresh (unless another process
   * replaced it already). The refresh asks in normal mode first, which hands out the current token
   * if someone else renewed it or a new one if it expired, and forces only if WeChat hands back
   * the very token it rejected: forced refreshes are limited (20 a day) and invalidate the token
   * for everyone else sharing the appid.
   */
  async invalidate(token: string): Promise<void> {
    if (this.memo?.token === token) this.memo = null;
    await WeChatTokenModel.updateOne(
      { _id: this.options.appId, token },
      { $set: { refreshAt: new Date(0), expiresAt: new Date(0), rejectedToken: token } },
    ).exec();
  }

  private now(): number {
    return this.clock().getTime();
  }

  private async obtain(): Promise<string> {
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const stored = await this.read();
      const fresh = this.fresh(stored);
      if (fresh) return fresh;
      if (stored?.failedUntil && stored.failedUntil.getTime() > Date.now()) {
        return this.stillValid(stored) ?? Promise.reject(this.recentFailure(stored));
      }
      if (await this.acquireLease()) return this.refreshUnderLease();
      if (Date.now() > deadline) {
        const fallback = this.stillValid(stored);
        if (fallback) return fallback;
        throw new WeChatError(API, 'retryable', null, 'timed out waiting for another process to refresh the access token', 'not_sent');
      }
      await sleep(50 + Math.random() * 100);
    }
  }

  private async read(): Promise<StoredToken | null> {
    return WeChatTokenModel.findById(this.options.appId).lean<StoredToken>().exec();
  }

  /** The stored token if it is before its refresh time (and remembers it in memory). */
  private fresh(stored: StoredToken | null): string | null {
    if (!stored?.token || !stored.refreshAt || stored.refreshAt.getTime() <= this.now()) return null;
    this.memo = { token: stored.token, refreshAt: stored.refreshAt.getTime() };
    return stored.token;
  }

  /** The stored token if WeChat should still accept it, though it is due for a refresh. */
  private stillValid(stored: StoredToken | null): string | null {
    if (!stored?.token || stored.token === stored.rejectedToken || !stored.expiresAt) return null;
    return stored.expiresAt.getTime() - FALLBACK_SAFETY_MS > this.now() ? stored.token : null;
  }

  private recentFailure(stored: StoredToken): WeChatError {
    const kinds: WeChatErrorKind[] = ['retryable', 'token', 'user_refused', 'permanent'];
    const kind = kinds.find((k) => k === stored.failure?.kind) ?? 'retryable';
    const reason = stored.failure?.reason ?? 'unknown';
    return new WeChatError(API, kind, stored.failure?.errcode ?? null, `the last refresh failed a moment ago (${reason}); not trying again yet`, 'not_sent');
  }

  private async acquireLease(): Promise<boolean> {
    const now = new Date();
    try {
      const leased = await WeChatTokenModel.findOneAndUpdate(
        { _id: this.options.appId, $or: [{ leaseUntil: null }, { leaseUntil: trusted({ $lte: now }) }] },
        { $set: { leaseOwner: this.owner, leaseUntil: new Date(now.getTime() + this.leaseMs) } },
        { upsert: true, returnDocument: 'after' },
      )
        .lean()
        .exec();
      return leased?.leaseOwner === this.owner;
    } catch (error) {
      // Another process holds the lease (or inserted the document first): the upsert collides on _id.
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  private async refreshUnderLease(): Promise<string> {
    const mine = { _id: this.options.appId, leaseOwner: this.owner };
    try {
      // Another process may have refreshed between our read and our lease.
      const stored = await this.read();
      const fresh = this.fresh(stored);
      if (fresh) return fresh;
      let fetched: FetchedToken;
      let forced = false;
      try {
        fetched = await this.options.fetchToken(false);
        if (stored?.rejectedToken && fetched.token === stored.rejectedToken) {
          forced = true;
          fetched = await this.options.fetchToken(true);
        }
      } catch (error) {
        const failure =
          error instanceof WeChatError
            ? { kind: error.kind, errcode: error.errcode, reason: error.reason }
            : { kind: 'retryable', errcode: null, reason: 'unexpected error' };
        await WeChatTokenModel.updateOne(mine, { $set: { failedUntil: new Date(Date.now() + this.failureCooldownMs), failure } }).exec();
        this.options.logger?.warn({ api: API, errcode: failure.errcode, reason: failure.reason }, 'WeChat access token refresh failed');
        const fallback = this.stillValid(stored);
        if (fallback) return fallback;
        throw error;
      }
      const now = this.now();
      const lifetimeMs = fetched.expiresInSeconds * 1000;
      // Normally refresh `margin` before expiry; a token handed out with little time left is
      // still used for half of it, so a short-lived answer cannot make every call refresh.
      const refreshAt = new Date(now + Math.max(lifetimeMs - this.refreshMarginMs, lifetimeMs / 2));
      await WeChatTokenModel.updateOne(mine, {
        $set: { token: fetched.token, expiresAt: new Date(now + lifetimeMs), refreshAt, rejectedToken: null, failedUntil: null, failure: null },
      }).exec();
      this.memo = { token: fetched.token, refreshAt: refreshAt.getTime() };
      this.options.logger?.info({ api: API, forced, expiresInSeconds: fetched.expiresInSeconds }, 'WeChat access token refreshed');
      return fetched.token;
    } finally {
      await WeChatTokenModel.updateOne(mine, { $set: { leaseOwner: null, leaseUntil: null } }).exec();
    }
  }
}

import type { WeChatError } from './errors';

export interface RetryOptions {
  /** Attempts in all, the first included (1 = no retry). */
  attempts: number;
  /** The wait before the second attempt is between half of this and this; it doubles per attempt. */
  baseDelayMs: number;
  /** No single wait exceeds this. */
  maxDelayMs: number;
}

/** Worst case: two waits of at most 0.25 s + 0.5 s, plus three times the call timeout. */
export const DEFAULT_RETRY: RetryOptions = { attempts: 3, baseDelayMs: 250, maxDelayMs: 2000 };

/**
 * How safe a call is to resend:
 * - idempotent: resending cannot do harm (stable_token, getwxacodeunlimit), so every retryable
 *   failure is retried, timeouts included;
 * - once: the call has an effect that must not happen twice (jscode2session consumes the login
 *   code, subscribe/send delivers a message), so it is resent only when WeChat certainly did not
 *   act on it: it answered -1 or 45011, or the request never left. A timeout, dropped connection
 *   or 5xx surfaces at once as a retryable error with outcome `unknown`: the mini-program logs in
 *   again with a fresh code; the notification outbox decides about the message.
 */
export type RetryPolicy = 'idempotent' | 'once';

/** Whether to try `error`'s call again now, within the same request. */
export function shouldRetryNow(error: WeChatError, policy: RetryPolicy): boolean {
  if (error.kind !== 'retryable') return false;
  // The daily quota comes back tomorrow, not in a second: leave it to the caller's schedule.
  if (error.errcode === 45009) return false;
  if (error.outcome === 'unknown') return policy === 'idempotent';
  return true;
}

/**
 * The wait before retry number `retry` (0 = before the second attempt): exponential with
 * "equal jitter", so processes that failed together do not retry in step.
 */
export function backoffDelayMs(retry: number, options: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

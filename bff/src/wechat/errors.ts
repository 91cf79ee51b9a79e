/**
 * How the BFF reacts to a failed WeChat call:
 * - retryable: try again later with back-off (system busy, frequency limits, network, 5xx, timeouts);
 * - token: the access token is invalid or expired: refresh once and retry once;
 * - user_refused: the worker has no subscription grant for this template: never retry;
 * - permanent: the request itself is wrong (bad openid, template, page, code…): never retry.
 */
export type WeChatErrorKind = 'retryable' | 'token' | 'user_refused' | 'permanent';

/**
 * Whether WeChat may have acted on the request, which decides whether resending is safe:
 * - not_sent: it never reached WeChat (checked locally, connection refused, DNS failure);
 * - refused: WeChat answered with an errcode, so it did not act;
 * - unknown: no usable answer (timeout, dropped connection, 5xx, unreadable reply): it may have
 *   acted — a login code may be consumed, a subscribe message may have been delivered.
 */
export type WeChatCallOutcome = 'not_sent' | 'refused' | 'unknown';

/** -1 system busy, 45009 daily quota reached, 45011 minute quota reached. */
const RETRYABLE = new Set([-1, 45009, 45011]);
/** 40001 invalid or superseded token, 40014 malformed token, 42001 expired token. */
const TOKEN = new Set([40001, 40014, 42001]);
/** 43101 the user holds no (unused) subscription for the template. */
const USER_REFUSED = new Set([43101]);

export function classifyErrcode(errcode: number): WeChatErrorKind {
  if (RETRYABLE.has(errcode)) return 'retryable';
  if (TOKEN.has(errcode)) return 'token';
  if (USER_REFUSED.has(errcode)) return 'user_refused';
  return 'permanent';
}

export class WeChatError extends Error {
  readonly kind: WeChatErrorKind;
  /** WeChat's errcode, or null for network failures, timeouts and HTTP errors. */
  readonly errcode: number | null;
  /** Which API failed, e.g. `sns/jscode2session`; never carries the secret, tokens or codes. */
  readonly api: string;
  /** The message without the `WeChat <api> failed:` prefix. */
  readonly reason: string;
  readonly outcome: WeChatCallOutcome;

  constructor(api: string, kind: WeChatErrorKind, errcode: number | null, reason: string, outcome?: WeChatCallOutcome) {
    super(`WeChat ${api} failed: ${reason}`);
    this.name = 'WeChatError';
    this.api = api;
    this.kind = kind;
    this.errcode = errcode;
    this.reason = reason;
    this.outcome = outcome ?? (errcode === null ? 'unknown' : 'refused');
  }

  /** WeChat answered `errcode`; `errmsg` is WeChat's text (it carries a request id, useful to WeChat support). */
  static fromErrcode(api: string, errcode: number, errmsg: string): WeChatError {
    return new WeChatError(api, classifyErrcode(errcode), errcode, `errcode ${errcode} ${errmsg}`.trim(), 'refused');
  }
}

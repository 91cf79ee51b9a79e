import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { WeChatError, type WeChatCallOutcome } from './errors';
import type { AccessTokenCache, FetchedToken } from './accessToken';
import type { WeChatLogger } from './logger';
import { backoffDelayMs, DEFAULT_RETRY, shouldRetryNow, type RetryOptions, type RetryPolicy } from './retry';

/** What the client logs through: pino's Logger fits. Entries never carry secrets, tokens, codes or session keys. */
export interface WeChatClientOptions {
  /** https://api.weixin.qq.com in production; the local emulator in development and tests. */
  baseUrl: string;
  appId: string;
  appSecret: string;
  /** Per attempt, from sending the request to reading the whole reply. */
  timeoutMs: number;
  /** Back-off for retryable failures within one call; see RetryPolicy for which calls resend. */
  retry?: Partial<RetryOptions>;
  logger?: WeChatLogger;
  /** Jitter source (tests). */
  random?: () => number;
}

const ZErrorReply = z.object({ errcode: z.number(), errmsg: z.string().optional() });
const ZSessionReply = z.object({ openid: z.string().min(1), session_key: z.string().min(1), unionid: z.string().optional() });
const ZTokenReply = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });

export interface WeChatSession {
  openid: string;
  unionid?: string;
  /** Stays in the BFF: never logged, never sent to a client. */
  sessionKey: string;
}

export interface SubscribeMessage {
  toOpenid: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

/** WeChat's rules for `scene`: at most 32 visible characters from this set. */
export const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

export interface UnlimitedCodeRequest {
  scene: string;
  page?: string;
  checkPath?: boolean;
  envVersion?: 'release' | 'trial' | 'develop';
  width?: number;
}

interface Exchange {
  status: number;
  body: Buffer;
}

const API = {
  session: 'sns/jscode2session',
  stableToken: 'cgi-bin/stable_token',
  subscribeSend: 'cgi-bin/message/subscribe/send',
  unlimitedCode: 'wxa/getwxacodeunlimit',
} as const;

/** Node's fetch reports these when the request never reached the server. */
const NOT_SENT_CAUSES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The one way the BFF talks to WeChat. Every attempt has a timeout; failures become WeChatError
 * with a kind saying whether to retry and an outcome saying whether WeChat may have acted.
 * Retryable failures are retried with back-off within the call where that is safe (RetryPolicy).
 * URLs, secrets, tokens and session keys never reach an error message or a log line.
 */
export class WeChatClient {
  private tokens: AccessTokenCache | null = null;
  private readonly retry: RetryOptions;
  private readonly baseUrl: string;

  constructor(private readonly options: WeChatClientOptions) {
    if (!(options.timeoutMs > 0)) throw new Error('WeChatClient: timeoutMs must be positive');
    this.baseUrl = new URL(options.baseUrl).toString().replace(/\/+$/, '');
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    if (!(this.retry.attempts >= 1)) throw new Error('WeChatClient: retry.attempts must be at least 1');
  }

  /** Token-authenticated calls need the shared cache; it is attached once the database is up. */
  useTokenCache(tokens: AccessTokenCache): void {
    this.tokens = tokens;
  }

  /**
   * Exchanges a wx.login code for the user's openid and session key. Resent only when WeChat
   * answered -1/45011 (the code was not consumed); after a timeout the code may be spent, so
   * the mini-program must log in again.
   */
  async code2Session(code: string): Promise<WeChatSession> {
    const query = new URLSearchParams({
      appid: this.options.appId,
      secret: this.options.appSecret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    return this.withRetry(API.session, 'once', async () => {
      const reply = await this.requestJson(API.session, `/sns/jscode2session?${query}`, { method: 'GET' }, [code]);
      const session = ZSessionReply.safeParse(reply);
      if (!session.success) throw new WeChatError(API.session, 'permanent', null, 'unexpected reply shape', 'unknown');
      return { openid: session.data.openid, unionid: session.data.unionid, sessionKey: session.data.session_key };
    });
  }

  /**
   * WeChat's stable access token (the AccessTokenCache calls this under its lease). Resending is
   * harmless, except that a second forced refresh would spend WeChat's small daily allowance of
   * them (20) and invalidate the token the first one may have issued: so after a forced attempt
   * with an unknown outcome the retry asks in normal mode, which hands out the current token.
   */
  async fetchStableToken(forceRefresh: boolean): Promise<FetchedToken> {
    let force = forceRefresh;
    return this.withRetry(API.stableToken, 'idempotent', async (previous) => {
      if (previous?.outcome === 'unknown') force = false;
      const reply = await this.requestJson(API.stableToken, '/cgi-bin/stable_token', {
        method: 'POST',
        body: { grant_type: 'client_credential', appid: this.options.appId, secret: this.options.appSecret, force_refresh: force },
      });
      const token = ZTokenReply.safeParse(reply);
      if (!token.success) throw new WeChatError(API.stableToken, 'permanent', null, 'unexpected reply shape', 'unknown');
      return { token: token.data.access_token, expiresInSeconds: token.data.expires_in };
    });
  }

  /**
   * Sends one subscribe message. Resent only when WeChat certainly did not deliver it (-1, 45011,
   * or a token error followed by a refresh); a timeout surfaces as retryable with outcome
   * `unknown` and the outbox decides. 43101 (no grant) surfaces as kind `user_refused`.
   */
  async sendSubscribeMessage(message: SubscribeMessage): Promise<void> {
    await this.withToken(API.subscribeSend, 'once', (token) =>
      this.requestJson(
        API.subscribeSend,
        `/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`,
        {
          method: 'POST',
          body: {
            touser: message.toOpenid,
            template_id: message.templateId,
            page: message.page,
            data: message.data,
            miniprogram_state: message.miniprogramState ?? 'formal',
            lang: 'zh_CN',
          },
        },
        [token],
      ),
    );
  }

  /** A mini-program code (an image, PNG or JPEG) that opens `page` with `scene`. Idempotent, so every retryable failure is retried. */
  async getUnlimitedCode(request: UnlimitedCodeRequest): Promise<Buffer> {
    if (!SCENE_PATTERN.test(request.scene)) {
      throw new WeChatError(API.unlimitedCode, 'permanent', null, 'scene must be 1–32 characters from WeChat’s allowed set', 'not_sent');
    }
    if (request.page?.startsWith('/')) {
      throw new WeChatError(API.unlimitedCode, 'permanent', null, 'page must not start with "/"', 'not_sent');
    }
    return this.withToken(API.unlimitedCode, 'idempotent', async (token) => {
      const reply = await this.exchange(
        API.unlimitedCode,
        `/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(token)}`,
        {
          method: 'POST',
          body: {
            scene: request.scene,
            page: request.page,
            check_path: request.checkPath ?? true,
            env_version: request.envVersion ?? 'release',
            width: request.width ?? 430,
          },
        },
        [token],
      );
      // Success is an image (WeChat labels it image/jpeg); failure is a JSON error.
      if (isImage(reply.body)) return reply.body;
      const json = this.parseJson(API.unlimitedCode, reply.body);
      this.throwIfError(API.unlimitedCode, json, [token]);
      throw new WeChatError(API.unlimitedCode, 'retryable', null, 'reply is neither an image nor an error', 'unknown');
    });
  }

  /** Runs a token-authenticated call; on a token error, refreshes once and retries once. */
  private async withToken<T>(api: string, policy: RetryPolicy, call: (token: string) => Promise<T>): Promise<T> {
    const tokens = this.tokens;
    if (!tokens) throw new WeChatError(api, 'permanent', null, 'no access-token cache attached', 'not_sent');
    const token = await tokens.getToken();
    try {
      return await this.withRetry(api, policy, () => call(token));
    } catch (error) {
      if (!(error instanceof WeChatError) || error.kind !== 'token') throw error;
      // WeChat refused the token, so the call did nothing: resending with a new token is safe.
      this.options.logger?.warn({ api, errcode: error.errcode }, 'WeChat rejected the access token; refreshing it');
      await tokens.invalidate(token);
      const fresh = await tokens.getToken();
      return this.withRetry(api, policy, () => call(fresh));
    }
  }

  /** Runs `attempt` until it succeeds, fails for good, or the attempts are used up. */
  private async withRetry<T>(api: string, policy: RetryPolicy, attempt: (previous: WeChatError | null) => Promise<T>): Promise<T> {
    let previous: WeChatError | null = null;
    for (let n = 1; ; n += 1) {
      try {
        return await attempt(previous);
      } catch (error) {
        if (!(error instanceof WeChatError) || n >= this.retry.attempts || !shouldRetryNow(error, policy)) throw error;
        const delayMs = backoffDelayMs(n - 1, this.retry, this.options.random);
        this.options.logger?.warn(
          { api, attempt: n, errcode: error.errcode, outcome: error.outcome, reason: error.reason, delayMs },
          'WeChat call failed; retrying',
        );
        previous = error;
        await sleep(delayMs);
      }
    }
  }

  private async requestJson(api: string, pathAndQuery: string, init: CallInit, secrets: string[] = []): Promise<unknown> {
    const reply = this.parseJson(api, (await this.exchange(api, pathAndQuery, init, secrets)).body);
    this.throwIfError(api, reply, secrets);
    return reply;
  }

  private throwIfError(api: string, reply: unknown, secrets: string[]): void {
    const error = ZErrorReply.safeParse(reply);
    if (error.success && error.data.errcode !== 0) {
      throw WeChatError.fromErrcode(api, error.data.errcode, this.redact(error.data.errmsg ?? '', secrets));
    }
  }

  private parseJson(api: string, body: Buffer): unknown {
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      throw new WeChatError(api, 'retryable', null, 'reply is not JSON', 'unknown');
    }
  }

  /** One HTTP exchange; the timeout covers sending and reading the whole reply. */
  private async exchange(api: string, pathAndQuery: string, init: CallInit, secrets: string[] = []): Promise<Exchange> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let status: number;
    let body: Buffer;
    try {
      const response = await fetch(this.baseUrl + pathAndQuery, {
        method: init.method,
        headers: init.body === undefined ? undefined : { 'Content-Type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal,
      });
      status = response.status;
      body = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      throw this.transportError(api, error, signal.aborted, secrets);
    }
    if (status >= 500 || status === 429) throw new WeChatError(api, 'retryable', null, `HTTP ${status}`, 'unknown');
    if (status < 200 || status >= 300) throw new WeChatError(api, 'permanent', null, `HTTP ${status}`, 'refused');
    return { status, body };
  }

  private transportError(api: string, error: unknown, timedOut: boolean, secrets: string[]): WeChatError {
    if (timedOut) {
      return new WeChatError(api, 'retryable', null, `no answer within ${this.options.timeoutMs} ms (timed out; WeChat may have acted on it)`, 'unknown');
    }
    // fetch() rejects with "fetch failed" and the socket error as `cause`; only its code is kept.
    // (Duck-typed: undici's errors may come from another realm, e.g. under jest.)
    const code = errorCode(isObject(error) && 'cause' in error ? error.cause : null);
    const outcome: WeChatCallOutcome = code !== null && NOT_SENT_CAUSES.has(code) ? 'not_sent' : 'unknown';
    return new WeChatError(api, 'retryable', null, this.redact(`network error${code ? ` ${code}` : ''}`, secrets), outcome);
  }

  /** Belt and braces: the secret and the call's token or code never appear in a message. */
  private redact(text: string, secrets: string[]): string {
    let clean = text;
    for (const secret of [this.options.appSecret, ...secrets]) {
      if (secret.length >= 4) clean = clean.split(secret).join('[redacted]');
    }
    return clean;
  }
}

interface CallInit {
  method: 'GET' | 'POST';
  body?: unknown;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function errorCode(error: unknown): string | null {
  return isObject(error) && 'code' in error && typeof error.code === 'string' ? error.code : null;
}

function isImage(body: Buffer): boolean {
  const png = body.length > 8 && body[0] === 0x89 && body[1] === 0x50 && body[2] === 0x4e && body[3] === 0x47;
  const jpeg = body.length > 3 && body[0] === 0xff && body[1] === 0xd8 && body[2] === 0xff;
  return png || jpeg;
}

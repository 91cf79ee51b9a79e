/**
 * What the emulated WeChat platform remembers, and the rules of each endpoint. Everything here
 * is synchronous and driven by an injectable clock; `server.ts` does the HTTP around it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { errorReply, type ErrorReply } from './errcodes';

export const EMULATED_APIS = ['jscode2session', 'stable_token', 'token', 'subscribe_send', 'getwxacodeunlimit'] as const;
export type EmulatedApi = (typeof EMULATED_APIS)[number];

export const DEFAULT_TEMPLATES = ['tmpl-audit-result', 'tmpl-registration-confirmed', 'tmpl-pass-issued', 'tmpl-score-published'] as const;

/** WeChat's limits, as the emulator applies them. */
export const LIMITS = {
  /** A wx.login code lives five minutes. */
  codeTtlMs: 5 * 60_000,
  /** jscode2session calls per user per minute before 45011. */
  loginCallsPerMinute: 100,
  tokenTtlSeconds: 7200,
  /** Normal-mode stable_token hands out a new token once the current one has less than this left. */
  stableEarlyRenewalMs: 5 * 60_000,
  /** A classic /cgi-bin/token call leaves the previous classic token valid this much longer. */
  classicOverlapMs: 5 * 60_000,
  sceneMaxLength: 32,
} as const;

/** WeChat's allowed `scene` characters. */
export const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;

/** What a mini-program code's QR carries: `QR_PREFIX?page=…&scene=…&env_version=…`. */
export const QR_PREFIX = 'https://emulator.invalid/wxacode';

interface User {
  key: string;
  openid: string;
  unionid?: string;
  /** Times of recent jscode2session calls, for the per-minute quota. */
  loginCalls: number[];
}

interface LoginCode {
  openid: string;
  issuedAt: number;
  used: boolean;
}

interface TokenRecord {
  kind: 'stable' | 'classic';
  expiresAt: number;
  invalidated: boolean;
}

export interface Fault {
  api: EmulatedApi | '*';
  /** Answer this errcode instead of processing the call (nothing changes). */
  errcode?: number;
  /** Answer with this HTTP status and a non-JSON body instead (nothing changes). */
  httpStatus?: number;
  /** Close the connection without answering (nothing changes). */
  drop?: boolean;
  /** Wait this long first; with nothing else set, the call is then processed normally. */
  delayMs?: number;
  remaining: number;
}

export interface SentMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state: string;
  lang: string;
  /** Emulator clock, ms since the epoch. */
  at: number;
}

export interface CallRecord {
  api: EmulatedApi;
  /** 0 on success; null while the answer is pending (delays) and for HTTP errors and dropped connections. */
  errcode: number | null;
  faulted: boolean;
  at: number;
  /** stable_token only. */
  forceRefresh?: boolean;
}

export type Reply = { kind: 'json'; body: object } | { kind: 'qr'; content: string; width: number };

export interface EmulatorSettings {
  appId: string;
  appSecret: string;
  /** Give every user a unionid (as when the app is bound to an Open Platform account). */
  withUnionId: boolean;
}

const json = (body: object): Reply => ({ kind: 'json', body });
const fail = (errcode: number, detail?: string): Reply => json(errorReply(errcode, detail));

/** WeChat's limits per keyword type (the prefix of a template field name, e.g. `thing1`). */
const KEYWORD_MAX_LENGTH: Record<string, number> = {
  thing: 20,
  number: 32,
  letter: 32,
  symbol: 5,
  character_string: 32,
  phone_number: 17,
  car_number: 8,
  name: 10,
  phrase: 5,
  time: 32,
  date: 32,
  amount: 32,
};

export class EmulatorState {
  private users = new Map<string, User>();
  private usersByOpenid = new Map<string, User>();
  private codes = new Map<string, LoginCode>();
  private tokens = new Map<string, TokenRecord>();
  private currentStable: string | null = null;
  private currentClassic: string | null = null;
  private templates = new Set<string>(DEFAULT_TEMPLATES);
  private pages: Set<string> | null = null;
  /** `${openid}\u0000${templateId}` → unused one-time grants. */
  private grants = new Map<string, number>();
  private faults: Fault[] = [];
  private sent: SentMessage[] = [];
  private calls: CallRecord[] = [];
  private clockOffsetMs = 0;
  /** subscribe_send calls answered per emulator-clock second before 45009 (null: no cap). */
  private sendCapPerSecond: number | null = null;
  private sendWindow = { second: -1, count: 0 };

  constructor(
    private readonly settings: EmulatorSettings,
    private readonly baseClock: () => number,
  ) {}

  now(): number {
    return this.baseClock() + this.clockOffsetMs;
  }

  // ---------------------------------------------------------------- control

  reset(): void {
    this.users.clear();
    this.usersByOpenid.clear();
    this.codes.clear();
    this.tokens.clear();
    this.currentStable = null;
    this.currentClassic = null;
    this.templates = new Set(DEFAULT_TEMPLATES);
    this.pages = null;
    this.grants.clear();
    this.faults = [];
    this.sent = [];
    this.calls = [];
    this.clockOffsetMs = 0;
    this.sendCapPerSecond = null;
    this.sendWindow = { second: -1, count: 0 };
  }

  /** Caps subscribe_send at `perSecond` calls a second (null lifts it); calls above it answer 45009 and send nothing. */
  setSendCap(perSecond: number | null): void {
    this.sendCapPerSecond = perSecond;
    this.sendWindow = { second: -1, count: 0 };
  }

  advanceClock(ms: number): number {
    this.clockOffsetMs += ms;
    return this.now();
  }

  /** What wx.login would give the mini-program of `userKey`: a fresh code and the user's stable openid. */
  mintLoginCode(userKey: string): { code: string; openid: string } {
    const user = this.user(userKey);
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { openid: user.openid, issuedAt: this.now(), used: false });
    return { code, openid: user.openid };
  }

  knowsOpenid(openid: string): boolean {
    return this.usersByOpenid.has(openid);
  }

  registerTemplate(templateId: string): void {
    this.templates.add(templateId);
  }

  knowsTemplate(templateId: string): boolean {
    return this.templates.has(templateId);
  }

  /** Restricts getwxacodeunlimit's `page` to this list (null: any page). */
  setPages(pages: string[] | null): void {
    this.pages = pages === null ? null : new Set(pages);
  }

  /**
   * Users the platform knows, in bulk, as if each had logged in (benches), each holding `grants`;
   * answers their openids in order. The templates must be known (the control route checks).
   */
  addUsers(keys: string[], grants: Array<{ templateId: string; count: number }>): string[] {
    return keys.map((key) => {
      const { openid } = this.user(key);
      for (const { templateId, count } of grants) this.grant(openid, templateId, count);
      return openid;
    });
  }

  grant(openid: string, templateId: string, count: number): number {
    const key = `${openid}\u0000${templateId}`;
    const remaining = (this.grants.get(key) ?? 0) + count;
    this.grants.set(key, remaining);
    return remaining;
  }

  listGrants(): Array<{ openid: string; templateId: string; remaining: number }> {
    return [...this.grants].map(([key, remaining]) => {
      const [openid = '', templateId = ''] = key.split('\u0000');
      return { openid, templateId, remaining };
    });
  }

  addFault(fault: Fault): void {
    this.faults.push(fault);
  }

  /** Takes the next pending fault for `api`, if any (one use of it). */
  takeFault(api: EmulatedApi): Fault | null {
    const fault = this.faults.find((f) => f.remaining > 0 && (f.api === api || f.api === '*'));
    if (!fault) return null;
    fault.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return fault;
  }

  /** `expire`: every token answers 42001 from now on; `invalidate`: 40001. */
  retireTokens(mode: 'expire' | 'invalidate'): number {
    const now = this.now();
    let count = 0;
    for (const record of this.tokens.values()) {
      if (record.invalidated || record.expiresAt <= now) continue;
      if (mode === 'expire') record.expiresAt = now;
      else record.invalidated = true;
      count += 1;
    }
    return count;
  }

  sentMessages(): SentMessage[] {
    return this.sent.map((m) => ({ ...m }));
  }

  sentCount(): number {
    return this.sent.length;
  }

  callLog(): CallRecord[] {
    return this.calls.map((c) => ({ ...c }));
  }

  callCounts(): Record<EmulatedApi, number> {
    const counts = Object.fromEntries(EMULATED_APIS.map((api) => [api, 0])) as Record<EmulatedApi, number>;
    for (const call of this.calls) counts[call.api] += 1;
    return counts;
  }

  /** Counts a call as it arrives; its answer is filled in when known. */
  record(api: EmulatedApi, faulted: boolean): CallRecord {
    const call: CallRecord = { api, errcode: null, faulted, at: this.now() };
    this.calls.push(call);
    return call;
  }

  // ---------------------------------------------------------------- APIs

  jscode2session(query: URLSearchParams): Reply {
    const credentials = this.checkCredentials(query.get('appid'), query.get('secret'));
    if (credentials) return credentials;
    if (query.get('grant_type') !== 'authorization_code') return fail(40002);
    const code = query.get('js_code');
    if (!code) return fail(41008);
    const login = this.codes.get(code);
    if (!login) return fail(40029);
    const user = this.usersByOpenid.get(login.openid);
    if (!user) return fail(40029);
    const now = this.now();
    user.loginCalls = user.loginCalls.filter((at) => at > now - 60_000);
    user.loginCalls.push(now);
    // The quota check comes first: a rate-limited call leaves the code unused.
    if (user.loginCalls.length > LIMITS.loginCallsPerMinute) return fail(45011);
    if (login.used) return fail(40163);
    if (now - login.issuedAt > LIMITS.codeTtlMs) return fail(40029);
    login.used = true;
    const session: Record<string, string> = { openid: user.openid, session_key: randomBytes(16).toString('base64') };
    if (user.unionid) session.unionid = user.unionid;
    return json(session);
  }

  stableToken(body: unknown): Reply {
    if (!isRecord(body)) return fail(47001);
    if (body.force_refresh !== undefined && typeof body.force_refresh !== 'boolean') return fail(47001);
    if (body.grant_type !== 'client_credential') return fail(40002);
    const credentials = this.checkCredentials(asString(body.appid), asString(body.secret));
    if (credentials) return credentials;
    const now = this.now();
    const current = this.currentStable === null ? undefined : this.tokens.get(this.currentStable);
    if (body.force_refresh === true) {
      // Forced: every stable token handed out so far stops working at once.
      for (const record of this.tokens.values()) if (record.kind === 'stable') record.invalidated = true;
    } else if (this.currentStable && current && !current.invalidated && current.expiresAt - now > LIMITS.stableEarlyRenewalMs) {
      return json({ access_token: this.currentStable, expires_in: Math.floor((current.expiresAt - now) / 1000) });
    }
    // Normal mode near the end of a token's life: a new one, the old one stays valid until it expires.
    const token = this.issueToken('stable');
    this.currentStable = token;
    return json({ access_token: token, expires_in: LIMITS.tokenTtlSeconds });
  }

  classicToken(query: URLSearchParams): Reply {
    if (query.get('grant_type') !== 'client_credential') return fail(40002);
    const credentials = this.checkCredentials(query.get('appid'), query.get('secret'));
    if (credentials) return credentials;
    const previous = this.currentClassic === null ? undefined : this.tokens.get(this.currentClassic);
    if (previous) previous.expiresAt = Math.min(previous.expiresAt, this.now() + LIMITS.classicOverlapMs);
    const token = this.issueToken('classic');
    this.currentClassic = token;
    return json({ access_token: token, expires_in: LIMITS.tokenTtlSeconds });
  }

  /** null when `token` may call an API, else WeChat's error. */
  checkToken(token: string | null): Reply | null {
    if (!token) return fail(41001);
    const record = this.tokens.get(token);
    if (!record || record.invalidated) return fail(40001);
    if (record.expiresAt <= this.now()) return fail(42001);
    return null;
  }

  subscribeSend(body: unknown): Reply {
    if (this.sendCapPerSecond !== null) {
      const second = Math.floor(this.now() / 1000);
      if (second !== this.sendWindow.second) this.sendWindow = { second, count: 0 };
      this.sendWindow.count += 1;
      if (this.sendWindow.count > this.sendCapPerSecond) return fail(45009);
    }
    if (!isRecord(body)) return fail(47001);
    const touser = asString(body.touser);
    if (!touser || !this.usersByOpenid.has(touser)) return fail(40003);
    const templateId = asString(body.template_id);
    if (!templateId || !this.templates.has(templateId)) return fail(40037);
    const data = body.data;
    if (!isRecord(data) || Object.keys(data).length === 0) return fail(47003, 'data invalid');
    const cleanData: Record<string, { value: string }> = {};
    for (const [field, entry] of Object.entries(data)) {
      const value = isRecord(entry) ? entry.value : undefined;
      if (typeof value !== 'string' || value.length === 0) return fail(47003, `data.${field}.value invalid`);
      const type = /^([a-z_]+?)\d+$/.exec(field)?.[1];
      const max = type === undefined ? undefined : KEYWORD_MAX_LENGTH[type];
      if (max !== undefined && [...value].length > max) return fail(47003, `data.${field}.value exceeds ${max} characters`);
      cleanData[field] = { value };
    }
    const state = body.miniprogram_state ?? 'formal';
    if (state !== 'developer' && state !== 'trial' && state !== 'formal') return fail(47003, 'miniprogram_state invalid');
    const lang = body.lang ?? 'zh_CN';
    if (lang !== 'zh_CN' && lang !== 'en_US' && lang !== 'zh_HK' && lang !== 'zh_TW') return fail(47003, 'lang invalid');
    const page = body.page;
    if (page !== undefined && typeof page !== 'string') return fail(47003, 'page invalid');
    const key = `${touser}\u0000${templateId}`;
    const remaining = this.grants.get(key) ?? 0;
    if (remaining <= 0) return fail(43101);
    this.grants.set(key, remaining - 1);
    this.sent.push({ touser, template_id: templateId, page, data: cleanData, miniprogram_state: state, lang, at: this.now() });
    return json({ errcode: 0, errmsg: 'ok' });
  }

  unlimitedCode(body: unknown): Reply {
    if (!isRecord(body)) return fail(47001);
    const scene = body.scene;
    if (typeof scene !== 'string' || scene.length === 0) return fail(47003, 'scene missing');
    if (scene.length > LIMITS.sceneMaxLength) return fail(47003, `scene longer than ${LIMITS.sceneMaxLength} characters`);
    if (!SCENE_PATTERN.test(scene)) return fail(47003, 'scene has characters WeChat does not allow');
    const page = body.page ?? '';
    if (typeof page !== 'string' || page.startsWith('/')) return fail(41030);
    const checkPath = body.check_path ?? true;
    if (typeof checkPath !== 'boolean') return fail(47003, 'check_path invalid');
    if (checkPath && page !== '' && this.pages && !this.pages.has(page)) return fail(41030);
    const envVersion = body.env_version ?? 'release';
    if (envVersion !== 'release' && envVersion !== 'trial' && envVersion !== 'develop') return fail(47003, 'env_version invalid');
    const requestedWidth = typeof body.width === 'number' && Number.isFinite(body.width) ? body.width : 430;
    const width = Math.min(1280, Math.max(280, Math.round(requestedWidth)));
    const content = `${QR_PREFIX}?${new URLSearchParams({ page, scene, env_version: envVersion })}`;
    return { kind: 'qr', content, width };
  }

  // ---------------------------------------------------------------- helpers

  private user(key: string): User {
    const existing = this.users.get(key);
    if (existing) return existing;
    // Stable per (appid, user key), like WeChat's openid; 28 characters starting with "o".
    const digest = createHmac('sha256', this.settings.appId).update(key).digest('base64url');
    const user: User = { key, openid: `o${digest.slice(0, 27)}`, loginCalls: [] };
    if (this.settings.withUnionId) user.unionid = `o${createHmac('sha256', 'unionid').update(key).digest('base64url').slice(0, 27)}`;
    this.users.set(key, user);
    this.usersByOpenid.set(user.openid, user);
    return user;
  }

  private checkCredentials(appid: string | null | undefined, secret: string | null | undefined): Reply | null {
    if (!appid) return fail(41002);
    if (appid !== this.settings.appId) return fail(40013);
    if (!secret) return fail(41004);
    if (secret !== this.settings.appSecret) return fail(40125);
    return null;
  }

  private issueToken(kind: TokenRecord['kind']): string {
    const token = `${randomBytes(48).toString('base64url')}`;
    this.tokens.set(token, { kind, expiresAt: this.now() + LIMITS.tokenTtlSeconds * 1000, invalidated: false });
    return token;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export type { ErrorReply };

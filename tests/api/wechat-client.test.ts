import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@contest/bff/src/logger';
import { WeChatTokenModel } from '@contest/bff/src/models/wechatToken';
import { WeChatError, type WeChat } from '@contest/bff/src/wechat';
import {
  captureLogger,
  decodeQrPng,
  DEFAULT_SECRET,
  startTestEmulator,
  startTokenDatabase,
  wechatFor,
  type TestEmulator,
  type TokenDatabase,
} from '../support/wechatEmulator';

let emulator: TestEmulator;
let database: TokenDatabase;
/** Added to the emulator's clock: WeChat's time moves, the BFF's does not. */
let wechatTimeOffsetMs = 0;
let capture: ReturnType<typeof captureLogger>;
let wechat: WeChat;
/** Every WeChatError a test saw and every token handed out, for the no-leak check at the end. */
const seenErrors: WeChatError[] = [];
const seenTokens = new Set<string>();

beforeAll(async () => {
  [emulator, database] = await Promise.all([startTestEmulator({ clock: () => Date.now() + wechatTimeOffsetMs }), startTokenDatabase()]);
});
afterAll(async () => {
  await emulator.stop();
  await database.stop();
});
beforeEach(async () => {
  wechatTimeOffsetMs = 0;
  await emulator.control.reset();
  await WeChatTokenModel.deleteMany({});
  capture = captureLogger();
  wechat = wechatFor(emulator, { logger: capture.logger });
});
afterEach(async () => {
  const stored = await WeChatTokenModel.findById('wx0123456789abcdef').lean();
  if (stored?.token) seenTokens.add(stored.token);
});

/** The WeChatError `promise` rejects with (remembered for the leak check). */
async function failure(promise: Promise<unknown>): Promise<WeChatError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a WeChatError, the call succeeded');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof WeChatError)) throw error;
  seenErrors.push(error);
  return error;
}

const message = (toOpenid: string, templateId = 'tmpl-audit-result') => ({
  toOpenid,
  templateId,
  page: 'pages/index/index',
  data: { thing1: { value: '焊工 职工组' }, phrase2: { value: '审核通过' } },
});

async function workerWithGrant(templateId = 'tmpl-audit-result', count = 1): Promise<string> {
  const { openid } = await emulator.control.loginCode(`worker-${Math.random()}`);
  await emulator.control.grant(openid, templateId, count);
  return openid;
}

describe('code2Session', () => {
  it('exchanges a good code for the openid and session key', async () => {
    const { code, openid } = await emulator.control.loginCode('worker-1');
    const session = await wechat.client.code2Session(code);
    expect(session.openid).toBe(openid);
    expect(session.sessionKey).toMatch(/^[A-Za-z0-9+/=]{24}$/);
  });

  it('a reused code fails for good with 40163, without a retry', async () => {
    const { code } = await emulator.control.loginCode('worker-1');
    await wechat.client.code2Session(code);
    const error = await failure(wechat.client.code2Session(code));
    expect(error).toMatchObject({ kind: 'permanent', errcode: 40163, outcome: 'refused', api: 'sns/jscode2session' });
    expect(error.message).toContain('code been used');
    expect((await emulator.control.counts()).jscode2session).toBe(2);
  });

  it('a code older than five minutes (WeChat’s clock) fails with 40029', async () => {
    const { code } = await emulator.control.loginCode('worker-1');
    wechatTimeOffsetMs = 5 * 60_000 + 1000;
    expect(await failure(wechat.client.code2Session(code))).toMatchObject({ kind: 'permanent', errcode: 40029 });
  });

  it('a 45011 or -1 answer did not consume the code: backs off and recovers', async () => {
    const { code, openid } = await emulator.control.loginCode('worker-1');
    await emulator.control.fault({ api: 'jscode2session', errcode: 45011, times: 1 });
    await emulator.control.fault({ api: 'jscode2session', errcode: -1, times: 1 });
    expect((await wechat.client.code2Session(code)).openid).toBe(openid);
    expect((await emulator.control.counts()).jscode2session).toBe(3);
    expect(capture.lines.filter((line) => line.includes('retrying'))).toHaveLength(2);
  });

  it('a timeout is not retried (the code may be spent) and surfaces as retryable with a clear message', async () => {
    const fast = wechatFor(emulator, { timeoutMs: 150 });
    const { code } = await emulator.control.loginCode('worker-1');
    await emulator.control.fault({ api: 'jscode2session', delayMs: 400 });
    const started = Date.now();
    const error = await failure(fast.client.code2Session(code));
    expect(Date.now() - started).toBeLessThan(380);
    expect(error).toMatchObject({ kind: 'retryable', errcode: null, outcome: 'unknown' });
    expect(error.message).toBe('WeChat sns/jscode2session failed: no answer within 150 ms (timed out; WeChat may have acted on it)');
    // WeChat did act: once the delay is over, the code is spent.
    await sleep(350);
    expect((await emulator.control.counts()).jscode2session).toBe(1);
    expect(await failure(fast.client.code2Session(code))).toMatchObject({ errcode: 40163 });
  });

  it('a wrong secret fails for good (40125), and the message does not carry the secret', async () => {
    const wrong = wechatFor(emulator, { appSecret: 'a-wrong-secret-value' });
    const { code } = await emulator.control.loginCode('worker-1');
    const error = await failure(wrong.client.code2Session(code));
    expect(error).toMatchObject({ kind: 'permanent', errcode: 40125 });
    expect(error.message).not.toContain('a-wrong-secret-value');
    expect(error.message).not.toContain(code);
  });
});

describe('subscribe messages', () => {
  it('sends with a grant; the emulator records the message', async () => {
    const openid = await workerWithGrant();
    await wechat.client.sendSubscribeMessage(message(openid));
    expect(await emulator.control.sent()).toEqual([
      expect.objectContaining({ touser: openid, template_id: 'tmpl-audit-result', miniprogram_state: 'formal', lang: 'zh_CN' }),
    ]);
  });

  it('43101 (no grant) is not retried and surfaces as user_refused', async () => {
    const { openid } = await emulator.control.loginCode('worker-1');
    const error = await failure(wechat.client.sendSubscribeMessage(message(openid)));
    expect(error).toMatchObject({ kind: 'user_refused', errcode: 43101, outcome: 'refused', api: 'cgi-bin/message/subscribe/send' });
    expect((await emulator.control.counts()).subscribe_send).toBe(1);
  });

  it('40003 and 40037 are permanent', async () => {
    const { openid } = await emulator.control.loginCode('worker-1');
    expect(await failure(wechat.client.sendSubscribeMessage(message('oUnknown0000000000000000000')))).toMatchObject({ kind: 'permanent', errcode: 40003 });
    expect(await failure(wechat.client.sendSubscribeMessage(message(openid, 'tmpl-unknown')))).toMatchObject({ kind: 'permanent', errcode: 40037 });
  });

  it('a 45011 burst backs off and recovers: three calls, one message', async () => {
    const openid = await workerWithGrant();
    await wechat.tokens.getToken();
    await emulator.control.fault({ api: 'subscribe_send', errcode: 45011, times: 2 });
    const started = Date.now();
    await wechat.client.sendSubscribeMessage(message(openid));
    expect((await emulator.control.counts()).subscribe_send).toBe(3);
    expect(await emulator.control.sent()).toHaveLength(1);
    // Two waits of 10–20 ms and 20–40 ms with the test's back-off settings.
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
  });

  it('a 45011 that outlasts the attempts surfaces as retryable after exactly three calls', async () => {
    const openid = await workerWithGrant();
    await emulator.control.fault({ api: 'subscribe_send', errcode: 45011, times: 5 });
    expect(await failure(wechat.client.sendSubscribeMessage(message(openid)))).toMatchObject({ kind: 'retryable', errcode: 45011 });
    expect((await emulator.control.counts()).subscribe_send).toBe(3);
  });

  it('45009 (daily quota) is retryable later but not retried now', async () => {
    const openid = await workerWithGrant();
    await emulator.control.fault({ api: 'subscribe_send', errcode: 45009, times: 5 });
    expect(await failure(wechat.client.sendSubscribeMessage(message(openid)))).toMatchObject({ kind: 'retryable', errcode: 45009 });
    expect((await emulator.control.counts()).subscribe_send).toBe(1);
  });

  it('a timeout is not resent (the message may be delivered): retryable, outcome unknown', async () => {
    const fast = wechatFor(emulator, { timeoutMs: 150 });
    const openid = await workerWithGrant('tmpl-audit-result', 2);
    await fast.tokens.getToken();
    await emulator.control.fault({ api: 'subscribe_send', delayMs: 300 });
    const error = await failure(fast.client.sendSubscribeMessage(message(openid)));
    expect(error).toMatchObject({ kind: 'retryable', outcome: 'unknown' });
    expect(error.message).toContain('no answer within 150 ms');
    await sleep(250);
    expect((await emulator.control.counts()).subscribe_send).toBe(1);
    // It was delivered after all: the outbox must be the one to decide about resending.
    expect(await emulator.control.sent()).toHaveLength(1);
  });

  it('a 5xx or dropped connection is not resent either', async () => {
    const openid = await workerWithGrant();
    await emulator.control.fault({ api: 'subscribe_send', httpStatus: 502 });
    expect(await failure(wechat.client.sendSubscribeMessage(message(openid)))).toMatchObject({ kind: 'retryable', outcome: 'unknown', reason: 'HTTP 502' });
    await emulator.control.fault({ api: 'subscribe_send', drop: true });
    expect(await failure(wechat.client.sendSubscribeMessage(message(openid)))).toMatchObject({ kind: 'retryable', outcome: 'unknown' });
    expect((await emulator.control.counts()).subscribe_send).toBe(2);
  });
});

describe('access token', () => {
  it('a token that expires mid-request is refreshed once and the request succeeds', async () => {
    const openid = await workerWithGrant('tmpl-audit-result', 2);
    await wechat.client.sendSubscribeMessage(message(openid));
    await emulator.control.expireToken();
    await wechat.client.sendSubscribeMessage(message(openid));

    const { counts, log } = await emulator.control.calls();
    expect(counts.stable_token).toBe(2);
    expect(log.filter((c) => c.api === 'subscribe_send').map((c) => c.errcode)).toEqual([0, 42001, 0]);
    // WeChat hands out a new token in normal mode once the old one expired: no forced refresh.
    expect(log.filter((c) => c.api === 'stable_token').map((c) => c.forceRefresh)).toEqual([false, false]);
    expect(await emulator.control.sent()).toHaveLength(2);
    expect(capture.lines.some((line) => line.includes('rejected the access token') && line.includes('42001'))).toBe(true);
  });

  it('40001 for a token WeChat still hands out forces one refresh, then the request succeeds', async () => {
    const openid = await workerWithGrant();
    const before = await wechat.tokens.getToken();
    await emulator.control.fault({ api: 'subscribe_send', errcode: 40001 });
    await wechat.client.sendSubscribeMessage(message(openid));
    const after = await wechat.tokens.getToken();
    expect(after).not.toBe(before);
    const { log } = await emulator.control.calls();
    expect(log.filter((c) => c.api === 'stable_token').map((c) => c.forceRefresh)).toEqual([false, false, true]);
    expect(log.filter((c) => c.api === 'subscribe_send').map((c) => c.errcode)).toEqual([40001, 0]);
  });

  it('refreshes once only: a second token error surfaces as kind token', async () => {
    const openid = await workerWithGrant();
    await emulator.control.fault({ api: 'subscribe_send', errcode: 42001, times: 2 });
    expect(await failure(wechat.client.sendSubscribeMessage(message(openid)))).toMatchObject({ kind: 'token', errcode: 42001 });
    expect((await emulator.control.counts()).subscribe_send).toBe(2);
  });

  it('a stable_token burst of 45011 backs off and recovers', async () => {
    await emulator.control.fault({ api: 'stable_token', errcode: 45011, times: 2 });
    expect(await wechat.tokens.getToken()).toEqual(expect.any(String));
    expect((await emulator.control.counts()).stable_token).toBe(3);
  });

  it('a wrong secret makes token calls fail for good (40125) without the secret in the message', async () => {
    const wrong = wechatFor(emulator, { appSecret: 'another-wrong-secret' });
    const openid = await workerWithGrant();
    const error = await failure(wrong.client.sendSubscribeMessage(message(openid)));
    expect(error).toMatchObject({ kind: 'permanent', errcode: 40125, api: 'cgi-bin/stable_token' });
    expect(error.message).not.toContain('another-wrong-secret');
    expect((await emulator.control.counts()).subscribe_send).toBe(0);
  });

  it('token-authenticated calls need the cache', async () => {
    const { WeChatClient } = await import('@contest/bff/src/wechat');
    const bare = new WeChatClient({ baseUrl: emulator.baseUrl, appId: 'wx0123456789abcdef', appSecret: DEFAULT_SECRET, timeoutMs: 1000 });
    expect(await failure(bare.getUnlimitedCode({ scene: 'a' }))).toMatchObject({ kind: 'permanent', outcome: 'not_sent' });
  });
});

describe('getUnlimitedCode', () => {
  it('returns a PNG whose QR code carries page and scene', async () => {
    const png = await wechat.client.getUnlimitedCode({ scene: 'u=ABC23&c=7f3a', page: 'pages/register/index', checkPath: false });
    expect(png.subarray(0, 4).toString('hex')).toBe('89504e47');
    const content = decodeQrPng(png);
    expect(content).not.toBeNull();
    const params = new URL(content!).searchParams;
    expect(params.get('page')).toBe('pages/register/index');
    expect(params.get('scene')).toBe('u=ABC23&c=7f3a');
    expect(params.get('env_version')).toBe('release');
  });

  it('rejects a 33-character scene and characters WeChat does not allow without calling WeChat', async () => {
    for (const scene of ['x'.repeat(33), 'union code', '工会代码', 'a%b', '']) {
      expect(await failure(wechat.client.getUnlimitedCode({ scene }))).toMatchObject({ kind: 'permanent', outcome: 'not_sent', api: 'wxa/getwxacodeunlimit' });
    }
    const counts = await emulator.control.counts();
    expect(counts).toEqual({ jscode2session: 0, stable_token: 0, token: 0, subscribe_send: 0, getwxacodeunlimit: 0 });
    await expect(wechat.client.getUnlimitedCode({ scene: 'x'.repeat(32), checkPath: false })).resolves.toBeInstanceOf(Buffer);
  });

  it('41030 (page not in the app) is permanent', async () => {
    await emulator.control.setPages(['pages/index/index']);
    expect(await failure(wechat.client.getUnlimitedCode({ scene: 'a', page: 'pages/nowhere/index' }))).toMatchObject({ kind: 'permanent', errcode: 41030 });
  });

  it('is idempotent, so a timeout, a 5xx or a dropped connection is retried', async () => {
    // A timeout well above drawing a code on a loaded machine (150 ms was not: a slow draw counted a sixth call).
    const fast = wechatFor(emulator, { timeoutMs: 1000 });
    await fast.tokens.getToken();
    await emulator.control.fault({ api: 'getwxacodeunlimit', delayMs: 2500 });
    await emulator.control.fault({ api: 'getwxacodeunlimit', httpStatus: 503 });
    expect(decodeQrPng(await fast.client.getUnlimitedCode({ scene: 'a' }))).toContain('scene=a');
    await emulator.control.fault({ api: 'getwxacodeunlimit', drop: true });
    expect(decodeQrPng(await fast.client.getUnlimitedCode({ scene: 'b' }))).toContain('scene=b');
    expect((await emulator.control.counts()).getwxacodeunlimit).toBe(5);
  });

  it('gives up after three timeouts with a retryable error', async () => {
    const fast = wechatFor(emulator, { timeoutMs: 100 });
    await fast.tokens.getToken();
    await emulator.control.fault({ api: 'getwxacodeunlimit', delayMs: 250, times: 3 });
    const error = await failure(fast.client.getUnlimitedCode({ scene: 'a' }));
    expect(error).toMatchObject({ kind: 'retryable', outcome: 'unknown' });
    expect(error.message).toContain('no answer within 100 ms');
    expect((await emulator.control.counts()).getwxacodeunlimit).toBe(3);
  });
});

it('a refused connection is retryable, never reached WeChat (not_sent), and is retried even for once-only calls', async () => {
  const closed = await startTestEmulator();
  await closed.stop();
  const offline = wechatFor(closed, { logger: capture.logger });
  const error = await failure(offline.client.code2Session('0123456789abcdef0123456789abcdef'));
  expect(error).toMatchObject({ kind: 'retryable', outcome: 'not_sent', reason: 'network error ECONNREFUSED' });
  expect(capture.lines.filter((line) => line.includes('retrying'))).toHaveLength(2);
});

it('accepts pino’s logger', async () => {
  const withPino = wechatFor(emulator, { logger: createLogger({ LOG_LEVEL: 'silent' }) });
  await emulator.control.fault({ api: 'stable_token', errcode: -1 });
  await expect(withPino.tokens.getToken()).resolves.toEqual(expect.any(String));
});

it('no error message or log line carries the secret, a token, a code or a session key', async () => {
  // Produce a log line and an error around a token that WeChat rejects, then check everything seen in this file.
  const openid = await workerWithGrant();
  seenTokens.add(await wechat.tokens.getToken());
  await emulator.control.fault({ api: 'subscribe_send', errcode: 40001, times: 3 });
  await failure(wechat.client.sendSubscribeMessage(message(openid)));
  const { code } = await emulator.control.loginCode('leak-check');
  const session = await wechat.client.code2Session(code);
  await failure(wechat.client.code2Session(code));

  const secrets = [DEFAULT_SECRET, code, session.sessionKey, ...seenTokens];
  expect(seenErrors.length).toBeGreaterThan(20);
  expect(seenTokens.size).toBeGreaterThan(1);
  const texts = [...seenErrors.map((e) => `${e.message} ${e.stack ?? ''} ${JSON.stringify(e)}`), ...capture.lines];
  for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
});

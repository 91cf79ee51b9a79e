import { spawn } from 'node:child_process';
import path from 'node:path';
import { WeChatTokenModel } from '@contest/bff/src/models/wechatToken';
import { AccessTokenCache, WeChatError } from '@contest/bff/src/wechat';
import { DEFAULT_APPID, startTestEmulator, startTokenDatabase, wechatFor, type TestEmulator, type TokenDatabase } from '../support/wechatEmulator';

const ROOT = path.resolve(__dirname, '../..');

let emulator: TestEmulator;
let database: TokenDatabase;

beforeAll(async () => {
  [emulator, database] = await Promise.all([startTestEmulator(), startTokenDatabase()]);
});
afterAll(async () => {
  await emulator.stop();
  await database.stop();
});
beforeEach(async () => {
  await emulator.control.reset();
  await WeChatTokenModel.deleteMany({});
});

const stableTokenCalls = async (): Promise<number> => (await emulator.control.counts()).stable_token;

it('two processes needing a token at once cause exactly one token call', async () => {
  // Two BFF processes: separate clients and caches (distinct lease owners) on one database.
  const a = wechatFor(emulator);
  const b = wechatFor(emulator);
  const tokens = await Promise.all([...Array.from({ length: 5 }, () => a.tokens.getToken()), ...Array.from({ length: 5 }, () => b.tokens.getToken())]);
  expect(new Set(tokens).size).toBe(1);
  expect(await stableTokenCalls()).toBe(1);
  // And later calls come from memory or the database, not from WeChat.
  await Promise.all([a.tokens.getToken(), b.tokens.getToken(), wechatFor(emulator).tokens.getToken()]);
  expect(await stableTokenCalls()).toBe(1);
});

it('two processes sending messages at once share one token call', async () => {
  const { openid } = await emulator.control.loginCode('worker-1');
  await emulator.control.grant(openid, 'tmpl-pass-issued', 6);
  const processes = [wechatFor(emulator), wechatFor(emulator), wechatFor(emulator)];
  await Promise.all(
    processes.flatMap((p) => [1, 2].map(() => p.client.sendSubscribeMessage({ toOpenid: openid, templateId: 'tmpl-pass-issued', data: { thing1: { value: '准考证已签发' } } }))),
  );
  const counts = await emulator.control.counts();
  expect(counts.stable_token).toBe(1);
  expect(counts.subscribe_send).toBe(6);
});

it('really separate processes: two child processes on one database make one token call', async () => {
  const child = `
    import { connectDatabase, disconnectDatabase } from './bff/src/db';
    import { createWeChat } from './bff/src/wechat';
    (async () => {
      await connectDatabase({ MONGODB_URI: process.env.URI!, MONGODB_DB: process.env.DB!, MONGODB_SERVER_SELECTION_MS: 5000 });
      const { tokens } = createWeChat({ baseUrl: process.env.BASE!, appId: process.env.APPID!, appSecret: process.env.SECRET!, timeoutMs: 2000 });
      // Start together: say ready, wait for the parent's "go".
      process.stdout.write('ready\\n');
      await new Promise((resolve) => process.stdin.once('data', resolve));
      const got = await Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()]);
      process.stdout.write(JSON.stringify(got.map((t) => t.length)) + ' ' + (new Set(got).size) + ' ' + got[0].slice(0, 6) + '\\n');
      await disconnectDatabase();
    })().catch((e) => { process.stderr.write(String(e) + '\\n'); process.exit(1); });
  `;
  const env = { ...process.env, URI: database.uri, DB: database.dbName, BASE: emulator.baseUrl, APPID: DEFAULT_APPID, SECRET: 'dev-secret-not-for-production' };
  const children = [0, 1].map(() => spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['-e', child], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] }));
  const ready: Array<Promise<void>> = [];
  const outputs = children.map(
    (proc) =>
      new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        ready.push(
          new Promise<void>((isReady) => {
            proc.stdout.on('data', (chunk: Buffer) => {
              out += chunk.toString();
              if (out.startsWith('ready\n')) isReady();
            });
          }),
        );
        proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        proc.once('exit', (status) => (status === 0 ? resolve(out.slice('ready\n'.length).trim()) : reject(new Error(`child exited ${status}: ${err}`))));
      }),
  );
  // Both connected to the database: say go to both at once.
  await Promise.race([Promise.all(ready), Promise.all(outputs)]);
  for (const proc of children) proc.stdin.end('go\n');
  const lines = await Promise.all(outputs);
  const prefixes = lines.map((line) => line.split(' ')[2]);
  expect(lines.every((line) => line.split(' ')[1] === '1')).toBe(true);
  expect(prefixes[0]).toBe(prefixes[1]);
  expect(await stableTokenCalls()).toBe(1);
}, 30_000);

it('a token due for refresh in both processes is refreshed once', async () => {
  let now = Date.now();
  const clock = () => new Date(now);
  const a = wechatFor(emulator, { tokenCache: { clock } });
  const b = wechatFor(emulator, { tokenCache: { clock } });
  const first = await a.tokens.getToken();
  expect(await b.tokens.getToken()).toBe(first);
  // Past the refresh time (7200 s less the five-minute margin) by the BFF's clock; WeChat's normal mode
  // still hands out the same token, which the cache then keeps for half its remaining life.
  now += (7200 - 290) * 1000;
  const refreshed = await Promise.all([a.tokens.getToken(), b.tokens.getToken(), a.tokens.getToken()]);
  expect(new Set(refreshed).size).toBe(1);
  expect(await stableTokenCalls()).toBe(2);
});

it('a lease left by a crashed process is taken over once it runs out', async () => {
  const leaseUntil = new Date(Date.now() + 300);
  await WeChatTokenModel.create({ _id: DEFAULT_APPID, leaseOwner: 'crashed-process', leaseUntil });
  const started = Date.now();
  await expect(wechatFor(emulator).tokens.getToken()).resolves.toEqual(expect.any(String));
  expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  expect(await stableTokenCalls()).toBe(1);
  const stored = await WeChatTokenModel.findById(DEFAULT_APPID).lean();
  expect(stored).toMatchObject({ leaseOwner: null, leaseUntil: null });
});

it('a caller waits for the lease holder only so long, then fails retryable', async () => {
  await WeChatTokenModel.create({ _id: DEFAULT_APPID, leaseOwner: 'slow-process', leaseUntil: new Date(Date.now() + 60_000) });
  const waiting = wechatFor(emulator, { tokenCache: { waitMs: 300 } });
  const error = await waiting.tokens.getToken().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WeChatError);
  expect(error).toMatchObject({ kind: 'retryable', api: 'cgi-bin/stable_token' });
  expect((error as WeChatError).message).toContain('timed out waiting for another process');
  expect(await stableTokenCalls()).toBe(0);
});

it('after a failed refresh the other processes fail fast for a moment instead of all calling WeChat', async () => {
  const a = wechatFor(emulator, { tokenCache: { failureCooldownMs: 400 } });
  const b = wechatFor(emulator, { tokenCache: { failureCooldownMs: 400 } });
  await emulator.control.fault({ api: 'stable_token', errcode: -1, times: 3 });
  await expect(a.tokens.getToken()).rejects.toMatchObject({ kind: 'retryable', errcode: -1 });
  expect(await stableTokenCalls()).toBe(3);
  const fast = await b.tokens.getToken().catch((e: unknown) => e);
  expect(fast).toMatchObject({ kind: 'retryable', errcode: -1, outcome: 'not_sent' });
  expect((fast as WeChatError).message).toContain('the last refresh failed a moment ago');
  expect(await stableTokenCalls()).toBe(3);
  await new Promise((resolve) => setTimeout(resolve, 450));
  await expect(b.tokens.getToken()).resolves.toEqual(expect.any(String));
  expect(await stableTokenCalls()).toBe(4);
  const stored = await WeChatTokenModel.findById(DEFAULT_APPID).lean();
  expect(stored).toMatchObject({ failedUntil: null, failure: null });
});

it('when a due refresh fails, a token WeChat still accepts keeps being used', async () => {
  let now = Date.now();
  const clock = () => new Date(now);
  const a = wechatFor(emulator, { tokenCache: { clock } });
  const token = await a.tokens.getToken();
  now += (7200 - 200) * 1000;
  await emulator.control.fault({ api: 'stable_token', errcode: 45009, times: 1 });
  expect(await a.tokens.getToken()).toBe(token);
  // And another process, during the cool-down, gets the same.
  expect(await wechatFor(emulator, { tokenCache: { clock } }).tokens.getToken()).toBe(token);
});

it('invalidate only clears the token it names (another process may have replaced it already)', async () => {
  const a = wechatFor(emulator);
  const token = await a.tokens.getToken();
  await a.tokens.invalidate('some-older-token');
  expect(await WeChatTokenModel.findById(DEFAULT_APPID).lean()).toMatchObject({ token, rejectedToken: null });
  await a.tokens.invalidate(token);
  expect(await WeChatTokenModel.findById(DEFAULT_APPID).lean()).toMatchObject({ token, rejectedToken: token, refreshAt: new Date(0) });
});

it('AccessTokenCache works with any fetchToken, e.g. one that answers quickly expiring tokens', async () => {
  let calls = 0;
  const cache = new AccessTokenCache({
    appId: 'wx00000000000000aa',
    fetchToken: async () => ({ token: `t${(calls += 1)}`, expiresInSeconds: 120 }),
  });
  // 120 s is under the five-minute margin: kept for half its life rather than refreshed on every call.
  expect(await cache.getToken()).toBe('t1');
  expect(await cache.getToken()).toBe('t1');
  expect(calls).toBe(1);
});

it('a frozen test clock does not wedge the lease or the cool-down (they use the wall clock)', async () => {
  const frozen = new Date('2026-08-31T00:00:00Z');
  const a = wechatFor(emulator, { tokenCache: { clock: () => frozen, failureCooldownMs: 200 } });
  await emulator.control.fault({ api: 'stable_token', errcode: -1, times: 3 });
  await expect(a.tokens.getToken()).rejects.toMatchObject({ errcode: -1 });
  await new Promise((resolve) => setTimeout(resolve, 250));
  await expect(a.tokens.getToken()).resolves.toEqual(expect.any(String));
});

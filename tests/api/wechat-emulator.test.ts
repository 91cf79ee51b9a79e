import { spawn } from 'node:child_process';
import path from 'node:path';
import { QR_PREFIX } from '@contest/bff/wechat-emulator';
import { DEFAULT_APPID, DEFAULT_SECRET, decodeQrPng, startTestEmulator, type TestEmulator } from '../support/wechatEmulator';

const T0 = Date.UTC(2026, 7, 1, 2, 0, 0);
let now = T0;
let emulator: TestEmulator;
const logLines: string[] = [];

beforeAll(async () => {
  emulator = await startTestEmulator({ clock: () => now, log: (line) => logLines.push(line) });
});
afterAll(() => emulator.stop());
beforeEach(async () => {
  now = T0;
  await emulator.control.reset();
});

type Json = Record<string, unknown>;

async function get(pathAndQuery: string): Promise<Json> {
  const res = await fetch(emulator.baseUrl + pathAndQuery);
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

async function post(pathAndQuery: string, body: unknown): Promise<Response> {
  return fetch(emulator.baseUrl + pathAndQuery, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
}

async function postJson(pathAndQuery: string, body: unknown): Promise<Json> {
  const res = await post(pathAndQuery, body);
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

const session = (code: string, appid = DEFAULT_APPID, secret = DEFAULT_SECRET): Promise<Json> =>
  get(`/sns/jscode2session?${new URLSearchParams({ appid, secret, js_code: code, grant_type: 'authorization_code' })}`);

const stableToken = (force_refresh?: boolean, secret = DEFAULT_SECRET): Promise<Json> =>
  postJson('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: DEFAULT_APPID, secret, force_refresh });

async function token(): Promise<string> {
  const reply = await stableToken();
  expect(typeof reply.access_token).toBe('string');
  return String(reply.access_token);
}

const send = (accessToken: string, body: Json): Promise<Json> =>
  postJson(`/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(accessToken)}`, body);

const message = (touser: string, template_id = 'tmpl-audit-result'): Json => ({
  touser,
  template_id,
  page: 'pages/index/index',
  data: { thing1: { value: '焊工 职工组' }, phrase2: { value: '审核通过' } },
  miniprogram_state: 'formal',
  lang: 'zh_CN',
});

describe('jscode2session', () => {
  it('exchanges a minted code once for the user’s stable openid and a fresh session key', async () => {
    const first = await emulator.control.loginCode('worker-1');
    const second = await emulator.control.loginCode('worker-1');
    const other = await emulator.control.loginCode('worker-2');
    expect(second.openid).toBe(first.openid);
    expect(other.openid).not.toBe(first.openid);
    expect(first.openid).toMatch(/^o[A-Za-z0-9_-]{27}$/);

    const a = await session(first.code);
    const b = await session(second.code);
    expect(a.openid).toBe(first.openid);
    expect(b.openid).toBe(first.openid);
    expect(typeof a.session_key).toBe('string');
    expect(a.session_key).not.toBe(b.session_key);
    expect(a).not.toHaveProperty('unionid');

    expect(await session(first.code)).toMatchObject({ errcode: 40163, errmsg: expect.stringContaining('code been used') });
  });

  it('answers 40029 for an unknown code and for a code older than five minutes', async () => {
    expect((await session('0'.repeat(32))).errcode).toBe(40029);
    const { code } = await emulator.control.loginCode('worker-1');
    now += 5 * 60_000 + 1;
    expect((await session(code)).errcode).toBe(40029);
  });

  it('checks the appid and secret', async () => {
    const { code } = await emulator.control.loginCode('worker-1');
    expect((await session(code, 'wx1111111111111111')).errcode).toBe(40013);
    expect((await session(code, DEFAULT_APPID, 'wrong')).errcode).toBe(40125);
    // Neither consumed the code.
    expect((await session(code)).openid).toBeDefined();
  });

  it('answers 45011 past 100 calls a minute for one user, without consuming the code; other users go on', async () => {
    const codes = await Promise.all(Array.from({ length: 101 }, () => emulator.control.loginCode('busy')));
    for (const { code } of codes.slice(0, 100)) expect((await session(code)).openid).toBeDefined();
    const last = codes[100]!.code;
    expect(await session(last)).toMatchObject({ errcode: 45011 });

    const calm = await emulator.control.loginCode('calm');
    expect((await session(calm.code)).openid).toBe(calm.openid);

    now += 61_000;
    expect((await session(last)).openid).toBe(codes[0]!.openid);
  });

  it('gives unionids when asked to', async () => {
    const withUnion = await startTestEmulator({ withUnionId: true });
    try {
      const { code } = await withUnion.control.loginCode('worker-1');
      const reply = await fetch(
        `${withUnion.baseUrl}/sns/jscode2session?${new URLSearchParams({ appid: DEFAULT_APPID, secret: DEFAULT_SECRET, js_code: code, grant_type: 'authorization_code' })}`,
      ).then((r) => r.json() as Promise<Json>);
      expect(reply.unionid).toEqual(expect.any(String));
    } finally {
      await withUnion.stop();
    }
  });
});

describe('access tokens', () => {
  it('stable_token: normal mode hands out the current token, with the time it has left', async () => {
    const first = await stableToken();
    expect(first).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    now += 1000 * 1000;
    expect(await stableToken(false)).toEqual({ access_token: first.access_token, expires_in: 6200 });
  });

  it('stable_token: force_refresh issues a new token and the old one answers 40001', async () => {
    const old = await token();
    const forced = await stableToken(true);
    expect(forced.access_token).not.toBe(old);
    const { openid } = await emulator.control.loginCode('worker-1');
    await emulator.control.grant(openid, 'tmpl-audit-result');
    expect((await send(old, message(openid))).errcode).toBe(40001);
    expect((await send(String(forced.access_token), message(openid))).errcode).toBe(0);
    expect((await emulator.control.calls()).log.filter((c) => c.api === 'stable_token').map((c) => c.forceRefresh)).toEqual([false, true]);
  });

  it('stable_token: five minutes before expiry normal mode renews, and the old token works until it expires', async () => {
    const { openid } = await emulator.control.loginCode('worker-1');
    await emulator.control.grant(openid, 'tmpl-audit-result', 3);
    const old = await token();
    now += (7200 - 299) * 1000;
    const renewed = await token();
    expect(renewed).not.toBe(old);
    expect((await send(old, message(openid))).errcode).toBe(0);
    now += 300 * 1000;
    expect((await send(old, message(openid))).errcode).toBe(42001);
    expect((await send(renewed, message(openid))).errcode).toBe(0);
  });

  it('tokens expire after 7200 s (42001); unknown ones answer 40001, missing ones 41001', async () => {
    const accessToken = await token();
    const { openid } = await emulator.control.loginCode('worker-1');
    now += 7200 * 1000;
    expect((await send(accessToken, message(openid))).errcode).toBe(42001);
    expect((await send('not-a-token', message(openid))).errcode).toBe(40001);
    expect((await postJson('/cgi-bin/message/subscribe/send', message(openid))).errcode).toBe(41001);
  });

  it('stable_token checks grant_type, appid, secret and the body', async () => {
    expect((await stableToken(false, 'wrong')).errcode).toBe(40125);
    expect((await postJson('/cgi-bin/stable_token', { grant_type: 'password', appid: DEFAULT_APPID, secret: DEFAULT_SECRET })).errcode).toBe(40002);
    expect((await postJson('/cgi-bin/stable_token', { grant_type: 'client_credential', secret: DEFAULT_SECRET })).errcode).toBe(41002);
    expect((await postJson('/cgi-bin/stable_token', '{not json')).errcode).toBe(47001);
    expect((await get('/cgi-bin/stable_token')).errcode).toBe(43002);
  });

  it('classic /cgi-bin/token issues a new token per call; the previous one lives five more minutes', async () => {
    const q = new URLSearchParams({ grant_type: 'client_credential', appid: DEFAULT_APPID, secret: DEFAULT_SECRET });
    const a = await get(`/cgi-bin/token?${q}`);
    const b = await get(`/cgi-bin/token?${q}`);
    expect(a.access_token).not.toBe(b.access_token);
    expect(b.expires_in).toBe(7200);
    const { openid } = await emulator.control.loginCode('worker-1');
    await emulator.control.grant(openid, 'tmpl-audit-result', 2);
    expect((await send(String(a.access_token), message(openid))).errcode).toBe(0);
    now += 5 * 60_000;
    expect((await send(String(a.access_token), message(openid))).errcode).toBe(42001);
    expect((await send(String(b.access_token), message(openid))).errcode).toBe(0);
    expect((await get(`/cgi-bin/token?${new URLSearchParams({ grant_type: 'client_credential', appid: DEFAULT_APPID, secret: 'x' })}`)).errcode).toBe(40125);
  });

  it('control expire-token: expire → 42001, invalidate → 40001; stable_token then issues a new one', async () => {
    const { openid } = await emulator.control.loginCode('worker-1');
    await emulator.control.grant(openid, 'tmpl-audit-result', 5);
    const a = await token();
    expect(await emulator.control.expireToken()).toEqual({ retired: 1 });
    expect((await send(a, message(openid))).errcode).toBe(42001);
    const b = await token();
    expect(b).not.toBe(a);
    await emulator.control.expireToken('invalidate');
    expect((await send(b, message(openid))).errcode).toBe(40001);
    const c = await token();
    expect(c).not.toBe(b);
    expect((await send(c, message(openid))).errcode).toBe(0);
  });
});

describe('subscribe messages', () => {
  it('needs a grant per message: one-time grants are consumed, then 43101', async () => {
    const accessToken = await token();
    const { openid } = await emulator.control.loginCode('worker-1');
    expect(await send(accessToken, message(openid))).toMatchObject({ errcode: 43101, errmsg: expect.stringContaining('user refuse to accept the msg') });

    await emulator.control.grant(openid, 'tmpl-audit-result', 2);
    await emulator.control.grant(openid, 'tmpl-pass-issued', 1);
    expect(await send(accessToken, message(openid))).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await emulator.control.grants()).toEqual(
      expect.arrayContaining([
        { openid, templateId: 'tmpl-audit-result', remaining: 1 },
        { openid, templateId: 'tmpl-pass-issued', remaining: 1 },
      ]),
    );
    expect((await send(accessToken, message(openid))).errcode).toBe(0);
    expect((await send(accessToken, message(openid))).errcode).toBe(43101);
    expect((await send(accessToken, message(openid, 'tmpl-pass-issued'))).errcode).toBe(0);

    const sent = await emulator.control.sent();
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatchObject({ touser: openid, template_id: 'tmpl-audit-result', page: 'pages/index/index', data: { phrase2: { value: '审核通过' } }, at: T0 });
  });

  it('answers 40003 for an unknown openid and 40037 for an unregistered template; registered ones work', async () => {
    const accessToken = await token();
    const { openid } = await emulator.control.loginCode('worker-1');
    expect((await send(accessToken, message('oUnknownOpenid000000000000000'))).errcode).toBe(40003);
    expect((await send(accessToken, message(openid, 'tmpl-nope'))).errcode).toBe(40037);
    await expect(emulator.control.grant(openid, 'tmpl-nope')).rejects.toThrow(/HTTP 400/);
    await emulator.control.registerTemplate('tmpl-nope');
    await emulator.control.grant(openid, 'tmpl-nope');
    expect((await send(accessToken, message(openid, 'tmpl-nope'))).errcode).toBe(0);
  });

  it('answers 47003 for data WeChat would refuse, and keeps the grant', async () => {
    const accessToken = await token();
    const { openid } = await emulator.control.loginCode('worker-1');
    await emulator.control.grant(openid, 'tmpl-audit-result');
    const tooLong = { ...message(openid), data: { thing1: { value: '一二三四五六七八九十一二三四五六七八九十一' } } };
    expect(await send(accessToken, tooLong)).toMatchObject({ errcode: 47003, errmsg: expect.stringContaining('thing1') });
    expect((await send(accessToken, { ...message(openid), data: { thing1: { value: '' } } })).errcode).toBe(47003);
    expect((await send(accessToken, { ...message(openid), miniprogram_state: 'beta' })).errcode).toBe(47003);
    expect((await send(accessToken, message(openid))).errcode).toBe(0);
  });
});

describe('users in bulk (benches)', () => {
  it('knows each user as a login would, with the grants asked for; an unknown template changes nothing; counts are cheap to read', async () => {
    const accessToken = await token();
    await expect(emulator.control.users(['worker-x'], [{ templateId: 'tmpl-nope', count: 1 }])).rejects.toThrow(/HTTP 400/);
    expect(await emulator.control.grants()).toEqual([]);
    const openids = await emulator.control.users(['worker-1', 'worker-2'], [{ templateId: 'tmpl-audit-result', count: 1 }]);
    expect(openids[0]).toBe((await emulator.control.loginCode('worker-1')).openid);
    expect((await send(accessToken, message(openids[1]!))).errcode).toBe(0);
    expect((await send(accessToken, message(openids[1]!))).errcode).toBe(43101);
    expect((await send(accessToken, message(openids[0]!))).errcode).toBe(0);
    expect(await emulator.control.sentCount()).toBe(2);
    expect((await emulator.control.counts()).subscribe_send).toBe(3);
  });
});

describe('getwxacodeunlimit', () => {
  const code = (accessToken: string, body: Json): Promise<Response> => post(`/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(accessToken)}`, body);

  it('answers a PNG whose QR code carries page, scene and env_version', async () => {
    const accessToken = await token();
    const res = await code(accessToken, { scene: 'u=ABC23&c=7f3a', page: 'pages/register/index', check_path: false, env_version: 'trial', width: 300 });
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    const content = decodeQrPng(png);
    expect(content).not.toBeNull();
    expect(content!.startsWith(`${QR_PREFIX}?`)).toBe(true);
    const params = new URL(content!).searchParams;
    expect(params.get('page')).toBe('pages/register/index');
    expect(params.get('scene')).toBe('u=ABC23&c=7f3a');
    expect(params.get('env_version')).toBe('trial');
  });

  it('answers 47003 for a scene over 32 characters or with characters WeChat does not allow', async () => {
    const accessToken = await token();
    for (const scene of ['x'.repeat(33), 'union code', '工会', 'a%20b', '']) {
      const res = await code(accessToken, { scene });
      expect(res.headers.get('content-type')).toContain('json');
      expect(((await res.json()) as Json).errcode).toBe(47003);
    }
    expect((await code(accessToken, { scene: 'x'.repeat(32) })).headers.get('content-type')).toBe('image/png');
  });

  it('checks the page against a list when one is set, unless check_path is false', async () => {
    const accessToken = await token();
    await emulator.control.setPages(['pages/index/index']);
    expect(((await (await code(accessToken, { scene: 'a', page: 'pages/missing/index' })).json()) as Json).errcode).toBe(41030);
    expect((await code(accessToken, { scene: 'a', page: 'pages/missing/index', check_path: false })).headers.get('content-type')).toBe('image/png');
    expect((await code(accessToken, { scene: 'a', page: 'pages/index/index' })).headers.get('content-type')).toBe('image/png');
  });

  it('needs a valid token', async () => {
    expect(((await (await code('nope', { scene: 'a' })).json()) as Json).errcode).toBe(40001);
  });
});

describe('control: faults, calls, reset', () => {
  it('fails the next N calls of an api with an errcode, then behaves; calls are counted', async () => {
    await emulator.control.fault({ api: 'stable_token', errcode: 45011, times: 2 });
    expect((await stableToken()).errcode).toBe(45011);
    expect((await stableToken()).errcode).toBe(45011);
    expect((await stableToken()).access_token).toEqual(expect.any(String));
    const { counts, log } = await emulator.control.calls();
    expect(counts).toEqual({ jscode2session: 0, stable_token: 3, token: 0, subscribe_send: 0, getwxacodeunlimit: 0 });
    expect(log.map((c) => [c.errcode, c.faulted])).toEqual([
      [45011, true],
      [45011, true],
      [0, false],
    ]);
  });

  it('an injected errcode leaves state alone: the login code still works afterwards', async () => {
    const { code, openid } = await emulator.control.loginCode('worker-1');
    await emulator.control.fault({ api: '*', errcode: -1 });
    expect((await session(code)).errcode).toBe(-1);
    expect((await session(code)).openid).toBe(openid);
  });

  it('delays, HTTP errors and dropped connections', async () => {
    await emulator.control.fault({ api: 'stable_token', delayMs: 150 });
    const started = Date.now();
    expect((await stableToken()).access_token).toEqual(expect.any(String));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    await emulator.control.fault({ api: 'stable_token', httpStatus: 502 });
    const res = await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: DEFAULT_APPID, secret: DEFAULT_SECRET });
    expect(res.status).toBe(502);
    await res.arrayBuffer();

    await emulator.control.fault({ api: 'stable_token', drop: true });
    await expect(post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: DEFAULT_APPID, secret: DEFAULT_SECRET })).rejects.toThrow();
    expect((await emulator.control.counts()).stable_token).toBe(3);
  });

  it('rejects malformed control requests with 400 and unknown ones with 404', async () => {
    await expect(emulator.control.fault({ api: 'stable_token', times: 1 })).rejects.toThrow(/HTTP 400/);
    await expect(emulator.control.fault({ api: 'nope' as 'token', errcode: 1 })).rejects.toThrow(/HTTP 400/);
    await expect(emulator.control.grant('oNobody', 'tmpl-audit-result')).rejects.toThrow(/HTTP 400/);
    expect((await fetch(`${emulator.baseUrl}/__control/nothing`)).status).toBe(404);
    expect((await fetch(`${emulator.baseUrl}/cgi-bin/unknown`)).status).toBe(404);
  });

  it('reset forgets users, tokens, grants, faults, messages and calls', async () => {
    const accessToken = await token();
    const { openid } = await emulator.control.loginCode('worker-1');
    await emulator.control.grant(openid, 'tmpl-audit-result');
    await send(accessToken, message(openid));
    await emulator.control.fault({ api: '*', errcode: -1, times: 5 });
    await emulator.control.reset();
    expect(await emulator.control.sent()).toEqual([]);
    expect(await emulator.control.grants()).toEqual([]);
    expect((await emulator.control.calls()).log).toEqual([]);
    expect((await send(accessToken, message(openid))).errcode).toBe(40001);
  });

  it('control clock moves emulated time forward', async () => {
    const { code } = await emulator.control.loginCode('worker-1');
    expect((await emulator.control.advanceClock(6 * 60_000)).now).toBe(T0 + 6 * 60_000);
    expect((await session(code)).errcode).toBe(40029);
  });

  it('allows cross-origin calls to login-code only', async () => {
    const preflight = await fetch(`${emulator.baseUrl}/__control/login-code`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:10086', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const minted = await fetch(`${emulator.baseUrl}/__control/login-code`, { method: 'POST', body: JSON.stringify({ user: 'h5' }) });
    expect(minted.headers.get('access-control-allow-origin')).toBe('*');
    const calls = await fetch(`${emulator.baseUrl}/__control/calls`);
    expect(calls.headers.get('access-control-allow-origin')).toBeNull();
  });
});

it('never logs secrets, tokens, codes or session keys', async () => {
  const { code } = await emulator.control.loginCode('worker-1');
  const reply = await session(code);
  const accessToken = await token();
  await send(accessToken, message(String(reply.openid)));
  expect(logLines.length).toBeGreaterThan(0);
  for (const line of logLines) {
    for (const secret of [DEFAULT_SECRET, accessToken, code, String(reply.session_key)]) expect(line).not.toContain(secret);
  }
});

it('cli.ts prints where it listens and stops on SIGTERM', async () => {
  const root = path.resolve(__dirname, '../..');
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['bff/wechat-emulator/cli.ts'], {
    cwd: root,
    env: { ...process.env, WECHAT_EMULATOR_PORT: '0', WECHAT_EMULATOR_QUIET: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.once('exit', (status) => reject(new Error(`exited with ${status}`)));
    });
    const match = /^wechat emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    expect(match).not.toBeNull();
    const minted = await fetch(`${match![1]}/__control/login-code`, { method: 'POST', body: JSON.stringify({ user: 'cli' }) });
    expect(minted.status).toBe(200);
  } finally {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (status) => resolve(status)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }
}, 20_000);

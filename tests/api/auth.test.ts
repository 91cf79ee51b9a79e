import request from 'supertest';
import { PRIVACY_NOTICE_VERSION, ZErrorEnvelope, ZMeResponse, ZSessionResponse } from '@contest/shared';
import { SessionModel } from '@contest/bff/src/models/session';
import { UserModel } from '@contest/bff/src/models/user';
import { startHarness, TEST_WECHAT_SECRET, type TestHarness } from '../support/bff';
import { EmulatorControl } from '../support/wechatEmulator';

let harness: TestHarness;
let now = new Date('2026-11-24T09:00:00+08:00');

beforeAll(async () => {
  harness = await startHarness({ wechatEmulator: true, clock: () => now, env: { RATE_LIMIT_SIGNIN_PER_MINUTE: '1000' } });
});
afterAll(() => harness.stop());

const api = () => request(harness.app.callback());

async function signIn(user: string) {
  const { code } = await new EmulatorControl(harness.wechat!.baseUrl).loginCode(user);
  const res = await api().post('/api/v1/auth/wechat').send({ code }).expect(200);
  return { res, session: ZSessionResponse.parse(res.body).data };
}

describe('POST /api/v1/auth/wechat', () => {
  it('exchanges a wx.login code for a BFF session; the same person gets the same account', async () => {
    const first = await signIn('worker-a');
    expect(first.session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.session.me.roles).toEqual([]);
    expect(first.session.me.privacy.acceptedVersion).toBeNull();
    const again = await signIn('worker-a');
    expect(again.session.me.id).toBe(first.session.me.id);
    expect(again.session.token).not.toBe(first.session.token);
    expect(await UserModel.countDocuments({})).toBe(1);
  });

  it('never sends WeChat’s session_key, the openid, or the app secret to the client, and stores no session_key', async () => {
    const { res } = await signIn('worker-b');
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/session_?key/i);
    expect(text).not.toContain(TEST_WECHAT_SECRET);
    const user = await UserModel.findOne({}).lean();
    expect(text).not.toContain(user!.openid);
    expect(Object.keys(user!)).not.toContain('sessionKey');
    // Only the token's hash is stored.
    const session = ZSessionResponse.parse(res.body).data;
    expect(await SessionModel.countDocuments({ tokenHash: session.token })).toBe(0);
  });

  it('answers a code used twice with 401 WECHAT_CODE_INVALID', async () => {
    const { code } = await new EmulatorControl(harness.wechat!.baseUrl).loginCode('worker-c');
    await api().post('/api/v1/auth/wechat').send({ code }).expect(200);
    const res = await api().post('/api/v1/auth/wechat').send({ code }).expect(401);
    expect(ZErrorEnvelope.parse(res.body).code).toBe('WECHAT_CODE_INVALID');
  });

  it('answers a missing code with 400 and the field', async () => {
    const res = await api().post('/api/v1/auth/wechat').send({}).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'code' }] });
  });

  it('answers a code that is not a string (an operator object) with 400', async () => {
    const res = await api().post('/api/v1/auth/wechat').send({ code: { $gt: '' } }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('sessions', () => {
  it('GET /me: 401 UNAUTHENTICATED without a token, 401 SESSION_EXPIRED with a bad one', async () => {
    expect((await api().get('/api/v1/me').expect(401)).body.code).toBe('UNAUTHENTICATED');
    const bad = await api().get('/api/v1/me').set('Authorization', `Bearer ${'x'.repeat(43)}`).expect(401);
    expect(bad.body.code).toBe('SESSION_EXPIRED');
  });

  it('expires after the idle period and is renewed by use', async () => {
    const { session } = await signIn('worker-d');
    const auth = { Authorization: `Bearer ${session.token}` };
    const start = now;
    // Used after 10 days: still valid, and the expiry moves 14 days past this use.
    now = new Date(start.getTime() + 10 * 86_400_000);
    await api().get('/api/v1/me').set(auth).expect(200);
    now = new Date(start.getTime() + 20 * 86_400_000);
    await api().get('/api/v1/me').set(auth).expect(200);
    // 15 days without use: gone.
    now = new Date(now.getTime() + 15 * 86_400_000);
    expect((await api().get('/api/v1/me').set(auth).expect(401)).body.code).toBe('SESSION_EXPIRED');
    now = start;
  });

  it('logout ends the session', async () => {
    const { session } = await signIn('worker-e');
    const auth = { Authorization: `Bearer ${session.token}` };
    await api().post('/api/v1/auth/logout').set(auth).expect(200);
    await api().get('/api/v1/me').set(auth).expect(401);
  });
});

describe('privacy notice', () => {
  it('records the accepted version and time', async () => {
    const { session } = await signIn('worker-f');
    const res = await api()
      .post('/api/v1/me/privacy-consent')
      .set('Authorization', `Bearer ${session.token}`)
      .send({ version: PRIVACY_NOTICE_VERSION })
      .expect(200);
    expect(ZMeResponse.parse(res.body).data.privacy).toEqual({
      currentVersion: PRIVACY_NOTICE_VERSION,
      acceptedVersion: PRIVACY_NOTICE_VERSION,
      acceptedAt: now.toISOString(),
    });
  });

  it('refuses an outdated version with a Chinese message and stores nothing', async () => {
    const { session } = await signIn('worker-g');
    const res = await api()
      .post('/api/v1/me/privacy-consent')
      .set('Authorization', `Bearer ${session.token}`)
      .send({ version: '2020-01-01' })
      .expect(400);
    expect(res.body.fields).toEqual([{ path: 'version', message: '隐私政策已更新，请重新阅读后同意' }]);
    const me = ZMeResponse.parse((await api().get('/api/v1/me').set('Authorization', `Bearer ${session.token}`)).body);
    expect(me.data.privacy.acceptedVersion).toBeNull();
  });
});

describe('development sign-in for the H5 build', () => {
  it('mints an emulator code that signs in like a phone’s', async () => {
    const minted = await api().post('/api/v1/dev/login-code').send({ user: 'committee-1' }).expect(200);
    await api().post('/api/v1/auth/wechat').send({ code: minted.body.data.code }).expect(200);
  });
});

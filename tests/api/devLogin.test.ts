import request from 'supertest';
import { createApp } from '@contest/bff/src/app';
import { buildDeps } from '@contest/bff/src/deps';
import { createLogger } from '@contest/bff/src/logger';
import { startHarness, type TestHarness } from '../support/bff';

let harness: TestHarness;

beforeAll(async () => {
  harness = await startHarness({ wechatEmulator: true });
});
afterAll(() => harness.stop());

/** The app built from a configuration that skipped loadConfig's checks, with WeChat at `base`. */
async function appWithWeChatAt(base: string) {
  const config = { ...harness.config, WECHAT_API_BASE: base, WECHAT_TIMEOUT_MS: 500 };
  return createApp(await buildDeps(config, createLogger(config)));
}

describe('the development sign-in only talks to the emulator on this machine', () => {
  it('refuses as if it did not exist when WeChat is elsewhere, even when configuration was bypassed', async () => {
    const app = await appWithWeChatAt('http://192.0.2.10:3900');
    const res = await request(app.callback()).post('/api/v1/dev/login-code').send({ user: 'worker-1' }).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('mints a code from the emulator at a loopback name', async () => {
    const app = await appWithWeChatAt(harness.wechat!.baseUrl.replace('127.0.0.1', 'localhost'));
    const res = await request(app.callback()).post('/api/v1/dev/login-code').send({ user: 'worker-1' }).expect(200);
    expect(res.body.data.code).toEqual(expect.any(String));
  });
});

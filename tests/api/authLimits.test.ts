import request from 'supertest';
import { startHarness, type TestHarness } from '../support/bff';

let harness: TestHarness;

beforeAll(async () => {
  harness = await startHarness({ env: { RATE_LIMIT_SIGNIN_PER_MINUTE: '3' } });
});
afterAll(() => harness.stop());

it('limits sign-ins per address: the fourth within a minute answers 429 with Retry-After', async () => {
  const api = request(harness.app.callback());
  for (let i = 0; i < 3; i += 1) {
    // No emulator here: WeChat is unreachable, but each attempt still counts.
    await api.post('/api/v1/auth/wechat').send({ code: `code-${i}` }).expect(503);
  }
  const limited = await api.post('/api/v1/auth/wechat').send({ code: 'code-4' }).expect(429);
  expect(limited.body.code).toBe('RATE_LIMITED');
  expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
});

it('has no development sign-in unless DEV_LOGIN_ENABLED', async () => {
  await request(harness.app.callback()).post('/api/v1/dev/login-code').send({ user: 'x' }).expect(404);
});

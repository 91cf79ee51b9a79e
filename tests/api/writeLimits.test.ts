import request from 'supertest';
import { PRIVACY_NOTICE_VERSION } from '@contest/shared';
import { RateLimiterMongo } from 'rate-limiter-flexible';
import mongoose from 'mongoose';
import { LeasedLimiter } from '@contest/bff/src/rateLimits';
import { signInAs } from '../support/auth';
import { startHarness, type TestHarness } from '../support/bff';

let harness: TestHarness;
const api = () => request(harness.app.callback());

beforeAll(async () => {
  // 40 a minute: processes lease the shared count two points at a time.
  harness = await startHarness({ env: { RATE_LIMIT_WRITES_PER_MINUTE: '40' } });
});
afterAll(() => harness.stop());

const consent = (auth: { Authorization: string }) => api().post('/api/v1/me/privacy-consent').set(auth).send({ version: PRIVACY_NOTICE_VERSION });

it('limits writes per user: the 41st within a minute answers 429 with Retry-After; another user still writes', async () => {
  const [busy, other] = await Promise.all([signInAs(), signInAs()]);
  for (let i = 0; i < 40; i += 1) await consent(busy.auth).expect(200);
  const limited = await consent(busy.auth).expect(429);
  expect(limited.body.code).toBe('RATE_LIMITED');
  expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
  await consent(other.auth).expect(200);
});

it('counts subscribe answers and marking messages read as writes, in the same budget as other writes', async () => {
  const busy = await signInAs();
  const subscribe = () => api().post('/api/v1/me/subscriptions').set(busy.auth).send({ answers: { 'tpl-audit': 'accept' } });
  for (let i = 0; i < 20; i += 1) await subscribe().expect(200);
  for (let i = 0; i < 20; i += 1) await api().post('/api/v1/me/notifications/read-all').set(busy.auth).expect(200);
  expect((await subscribe().expect(429)).body.code).toBe('RATE_LIMITED');
  expect((await consent(busy.auth).expect(429)).body.code).toBe('RATE_LIMITED');
});

it('shares the count between processes: two limiters on one collection grant the limit once between them', async () => {
  const shared = () =>
    new LeasedLimiter(
      new RateLimiterMongo({
        storeClient: mongoose.connection.getClient(),
        dbName: harness.config.MONGODB_DB,
        tableName: 'rate_limits',
        keyPrefix: 'shared-test',
        points: 100,
        duration: 60,
        disableIndexesCreation: true,
      }),
    );
  const [a, b] = [shared(), shared()];
  let granted = 0;
  for (let i = 0; i < 150; i += 1) {
    const limiter = i % 2 === 0 ? a : b;
    granted += await limiter.consume('user:1').then(
      () => 1,
      () => 0,
    );
  }
  expect(granted).toBe(100);
});

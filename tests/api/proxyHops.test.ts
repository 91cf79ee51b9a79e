import request from 'supertest';
import { startHarness, type TestHarness } from '../support/bff';

const SIGN_IN_LIMIT = 3;

/** Sign-in attempts (WeChat is unreachable here, so each answers 503 until the limit answers 429). */
function signIn(harness: TestHarness, forwardedFor: string) {
  return request(harness.app.callback()).post('/api/v1/auth/wechat').set('X-Forwarded-For', forwardedFor).send({ code: 'any' });
}

describe('TRUST_PROXY_HOPS=0 (the default): X-Forwarded-For is ignored', () => {
  let harness: TestHarness;
  // Production, where the limiter used to trust the header.
  beforeAll(async () => {
    harness = await startHarness({ env: { NODE_ENV: 'production', RATE_LIMIT_SIGNIN_PER_MINUTE: String(SIGN_IN_LIMIT) } });
  });
  afterAll(() => harness.stop());

  it('keys the sign-in limit on the connection: a new spoofed address per attempt is still refused', async () => {
    expect(harness.config.TRUST_PROXY_HOPS).toBe(0);
    for (let i = 0; i < SIGN_IN_LIMIT; i += 1) await signIn(harness, `198.51.100.${i}`).expect(503);
    const limited = await signIn(harness, '198.51.100.99').expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
  });
});

describe('TRUST_PROXY_HOPS=1: the address our proxy saw is the key', () => {
  let harness: TestHarness;
  beforeAll(async () => {
    harness = await startHarness({ env: { TRUST_PROXY_HOPS: '1', RATE_LIMIT_SIGNIN_PER_MINUTE: String(SIGN_IN_LIMIT) } });
  });
  afterAll(() => harness.stop());

  it('keys on the rightmost entry: fake addresses prepended by the client do not escape the limit', async () => {
    for (let i = 0; i < SIGN_IN_LIMIT; i += 1) await signIn(harness, `10.9.9.${i}, 203.0.113.7`).expect(503);
    const limited = await signIn(harness, '10.9.9.99, 203.0.113.7').expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
  });

  it('counts each client the proxy saw on its own', async () => {
    // Same connection, but the proxy saw another client: not limited by 203.0.113.7's attempts.
    await signIn(harness, '203.0.113.8').expect(503);
  });
});

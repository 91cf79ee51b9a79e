import request from 'supertest';
import { ZErrorEnvelope } from '@contest/shared';
import { startHarness, type TestHarness } from '../support/bff';

let harness: TestHarness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.stop());

it('GET /healthz answers while the process is alive', async () => {
  const res = await request(harness.app.callback()).get('/healthz').expect(200);
  expect(res.body).toEqual({ ok: true, status: 'alive' });
});

it('GET /readyz answers 200 while the database is reachable', async () => {
  const res = await request(harness.app.callback()).get('/readyz').expect(200);
  expect(res.body).toEqual({ ok: true, status: 'ready' });
});

const embeddedOnly = process.env.MONGODB_URI ? it.skip : it;
embeddedOnly('GET /readyz answers 503 NOT_READY once the store is down, and /healthz still 200', async () => {
  await harness.store!.stop();
  const res = await request(harness.app.callback()).get('/readyz').expect(503);
  const body = ZErrorEnvelope.parse(res.body);
  expect(body.code).toBe('NOT_READY');
  await request(harness.app.callback()).get('/healthz').expect(200);
});

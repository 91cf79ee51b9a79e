import request from 'supertest';
import { ZErrorEnvelope } from '@contest/shared';
import { startHarness, type TestHarness } from '../support/bff';

let harness: TestHarness;

beforeAll(async () => {
  harness = await startHarness({ env: { BODY_LIMIT_BYTES: '2048' } });
});
afterAll(() => harness.stop());

describe('the error envelope', () => {
  it('answers unknown routes with 404 in the envelope', async () => {
    const res = await request(harness.app.callback()).get('/api/v1/nothing-here').expect(404);
    const body = ZErrorEnvelope.parse(res.body);
    expect(body).toMatchObject({ ok: false, code: 'NOT_FOUND', message: '找不到请求的内容' });
    expect(body.requestId).toBe(res.headers['x-request-id']);
  });

  it('answers a wrong method on a known route with 405', async () => {
    const res = await request(harness.app.callback()).delete('/api/v1/competitions').expect(405);
    expect(res.headers.allow).toContain('GET');
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await request(harness.app.callback())
      .post('/api/v1/competitions')
      .set('Content-Type', 'application/json')
      .send('{"name": ')
      .expect(400);
    expect(ZErrorEnvelope.parse(res.body).code).toBe('MALFORMED_JSON');
  });

  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await request(harness.app.callback())
      .post('/api/v1/competitions')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ filler: 'x'.repeat(4096) }))
      .expect(413);
    expect(ZErrorEnvelope.parse(res.body).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('keeps a sane incoming request id and replaces a bad one', async () => {
    const kept = await request(harness.app.callback()).get('/healthz').set('X-Request-Id', 'abc-12345678');
    expect(kept.headers['x-request-id']).toBe('abc-12345678');
    const replaced = await request(harness.app.callback()).get('/healthz').set('X-Request-Id', 'bad id with spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

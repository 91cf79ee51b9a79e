import Koa from 'koa';
import request from 'supertest';
import type { AppState } from '@contest/bff/src/context';
import { guardResponses } from '../support/leakGuard';

function appAnswering(body: unknown) {
  const app = new Koa<AppState>();
  const violations = guardResponses(app, ['the-app-secret-value']);
  app.use((ctx) => {
    ctx.body = body;
  });
  return { app, violations };
}

describe('the response leak guard used by every API test', () => {
  it.each([
    ['a session_key', { data: { session_key: 'abc' } }],
    ['an openid', { data: { openid: 'o-123' } }],
    ['the app secret', { data: { note: 'the-app-secret-value' } }],
    ['someone else’s session token', { data: { token: 'A'.repeat(43) } }],
  ])('flags %s', async (_label, body) => {
    const { app, violations } = appAnswering(body);
    await request(app.callback()).get('/x');
    expect(violations).toHaveLength(1);
  });

  it('lets the caller see their own token and ordinary ids', async () => {
    const token = 'B'.repeat(43);
    const { app, violations } = appAnswering({ data: { token, unionId: '0123456789abcdef01234567' } });
    await request(app.callback()).get('/x').set('Authorization', `Bearer ${token}`);
    expect(violations).toEqual([]);
  });
});

it('does not mistake an image’s base64 for a token', async () => {
  const { app, violations } = appAnswering({ data: { qrImage: `data:image/png;base64,${'Ab9z'.repeat(40)}+/${'x'.repeat(43)}==` } });
  await request(app.callback()).get('/x');
  expect(violations).toEqual([]);
});

import http from 'node:http';
import mongoose from 'mongoose';
import { createLogger } from '@contest/bff/src/logger';
import { shutdownGracefully } from '@contest/bff/src/server';
import { startHarness, type TestHarness } from '../support/bff';

let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.stop());

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

it('on SIGTERM finishes the request in flight, refuses new ones, then closes the database', async () => {
  harness.app.use(async (ctx, next) => {
    if (ctx.path !== '/slow') return next();
    await new Promise((resolve) => setTimeout(resolve, 300));
    ctx.body = { ok: true, status: 'slow done' };
  });
  const server = harness.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };

  const inFlight = get(port, '/slow');
  await new Promise((resolve) => setTimeout(resolve, 50));
  const closed = shutdownGracefully(server, { SHUTDOWN_GRACE_MS: 5000 }, createLogger({ LOG_LEVEL: 'silent' }));

  await expect(get(port, '/healthz')).rejects.toThrow(/ECONNREFUSED/);
  await expect(inFlight).resolves.toMatchObject({ status: 200, body: expect.stringContaining('slow done') });
  await closed;
  expect(mongoose.connection.readyState).toBe(0);
});

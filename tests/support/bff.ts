import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import path from 'node:path';
import type Koa from 'koa';
import mongoose from 'mongoose';
import { startDevStore, type DevStore } from '@contest/bff/devstore';
import { createApp } from '@contest/bff/src/app';
import { loadConfig, type Config } from '@contest/bff/src/config';
import type { AppState } from '@contest/bff/src/context';
import { connectDatabase, disconnectDatabase } from '@contest/bff/src/db';
import { createLogger } from '@contest/bff/src/logger';
import { seedDemoData } from '@contest/bff/src/seed/seedDemo';

export const H5_DIST_DIR = path.resolve(__dirname, '../../miniapp/dist/h5');

export interface TestHarness {
  app: Koa<AppState>;
  config: Config;
  /** The embedded store, or null when the tests run against a real MongoDB (MONGODB_URI). */
  store: DevStore | null;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  seed?: boolean;
  clock?: () => Date;
  env?: Record<string, string>;
}

/**
 * The BFF app on a fresh database: an in-memory embedded store, or a throw-away database on
 * the real MongoDB named by MONGODB_URI, so the same API tests run against both.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<TestHarness> {
  const realUri = process.env.MONGODB_URI;
  const store = realUri ? null : await startDevStore();
  const config = loadConfig({
    NODE_ENV: 'test',
    MONGODB_URI: realUri ?? store!.uri,
    MONGODB_DB: `test_${randomBytes(6).toString('hex')}`,
    MONGODB_SERVER_SELECTION_MS: '2000',
    LOG_LEVEL: 'silent',
    H5_DIST_DIR,
    ...options.env,
  });
  const clock = options.clock ?? (() => new Date());
  await connectDatabase(config);
  if (options.seed) await seedDemoData(clock());
  const app = createApp({ config, logger: createLogger(config), clock });
  return {
    app,
    config,
    store,
    async stop() {
      if (realUri) await mongoose.connection.dropDatabase().catch(() => undefined);
      await disconnectDatabase();
      await store?.stop();
    },
  };
}

export interface TestBff extends TestHarness {
  baseUrl: string;
}

/** The seeded BFF listening on a random loopback port, also serving the H5 build at `/`. */
export async function startTestBff(options: HarnessOptions = { seed: true }): Promise<TestBff> {
  const harness = await startHarness(options);
  const server: Server = harness.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('test BFF has no port');
  return {
    ...harness,
    baseUrl: `http://127.0.0.1:${address.port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await harness.stop();
    },
  };
}

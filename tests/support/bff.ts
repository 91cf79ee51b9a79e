import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import path from 'node:path';
import type Koa from 'koa';
import mongoose from 'mongoose';
import { startDevStore, type DevStore } from '@contest/bff/devstore';
import { startWeChatEmulator, type WeChatEmulator } from '@contest/bff/wechat-emulator';
import { createApp } from '@contest/bff/src/app';
import { loadConfig, type Config } from '@contest/bff/src/config';
import type { AppState } from '@contest/bff/src/context';
import { connectDatabase, disconnectDatabase } from '@contest/bff/src/db';
import { buildDeps } from '@contest/bff/src/deps';
import { createLogger } from '@contest/bff/src/logger';
import { seedDemoData } from '@contest/bff/src/seed/seedDemo';
import { guardResponses } from './leakGuard';

export const TEST_WECHAT_APPID = 'wx0123456789abcdef';
export const TEST_WECHAT_SECRET = 'dev-secret-not-for-production';
/** Fixed test keys for ID numbers and phones; never used outside tests. */
export const TEST_PII_ENV = {
  PII_ENCRYPTION_KEYS: `test1:${Buffer.alloc(32, 7).toString('base64')}`,
  PII_ACTIVE_KEY_ID: 'test1',
  PII_HMAC_KEY: Buffer.alloc(32, 9).toString('base64'),
};
/** Fixed test keys for admission passes: `test0` (retired, still verifying) and the active `test1`. */
export const TEST_PASS_ENV = {
  PASS_SIGNING_KEYS: `test0:${Buffer.alloc(32, 3).toString('base64')},test1:${Buffer.alloc(32, 5).toString('base64')}`,
  PASS_ACTIVE_KEY_ID: 'test1',
};
export const H5_DIST_DIR = path.resolve(__dirname, '../../miniapp/dist/h5');

export interface TestHarness {
  app: Koa<AppState>;
  config: Config;
  /** The WeChat emulator, when asked for with `wechatEmulator: true`. */
  wechat: WeChatEmulator | null;
  /** The embedded store, or null when the tests run against a real MongoDB (MONGODB_URI). */
  store: DevStore | null;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  seed?: boolean;
  clock?: () => Date;
  /** Start the WeChat emulator and point the BFF at it, with the development sign-in on. */
  wechatEmulator?: boolean;
  /** Collect every log line (at debug level) here, e.g. to prove personal data never reaches the logs. */
  logLines?: string[];
  env?: Record<string, string>;
}

/**
 * The BFF app on a fresh database: an in-memory embedded store, or a throw-away database on
 * the real MongoDB named by MONGODB_URI, so the same API tests run against both.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<TestHarness> {
  const realUri = process.env.MONGODB_URI;
  const store = realUri ? null : await startDevStore();
  const wechat = options.wechatEmulator ? await startWeChatEmulator({ appId: TEST_WECHAT_APPID, appSecret: TEST_WECHAT_SECRET }) : null;
  const config = loadConfig({
    NODE_ENV: 'test',
    MONGODB_URI: realUri ?? store!.uri,
    MONGODB_DB: `test_${randomBytes(6).toString('hex')}`,
    MONGODB_SERVER_SELECTION_MS: '2000',
    LOG_LEVEL: 'silent',
    H5_DIST_DIR,
    WECHAT_APPID: TEST_WECHAT_APPID,
    WECHAT_SECRET: TEST_WECHAT_SECRET,
    ...TEST_PII_ENV,
    ...TEST_PASS_ENV,
    // Nothing listens here: a test that talks to WeChat passes the emulator's URL.
    WECHAT_API_BASE: wechat?.baseUrl ?? 'http://127.0.0.1:9',
    DEV_LOGIN_ENABLED: wechat ? 'true' : 'false',
    ...options.env,
  });
  const clock = options.clock ?? (() => new Date());
  await connectDatabase(config);
  if (options.seed) await seedDemoData(clock());
  const logger = options.logLines
    ? createLogger({ LOG_LEVEL: 'debug' }, { write: (line: string) => void options.logLines!.push(line) })
    : createLogger(config);
  const app = createApp(await buildDeps(config, logger, clock));
  const leaks = guardResponses(app, [TEST_WECHAT_SECRET]);
  return {
    app,
    config,
    store,
    wechat,
    async stop() {
      if (realUri) await mongoose.connection.dropDatabase().catch(() => undefined);
      await disconnectDatabase();
      await store?.stop();
      await wechat?.stop();
      if (leaks.length > 0) throw new Error(`responses leaked what must stay in the BFF:\n${leaks.join('\n')}`);
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

import { randomBytes } from 'node:crypto';
import jsQR from 'jsqr';
import mongoose from 'mongoose';
import { PNG } from 'pngjs';
import { startDevStore, type DevStore } from '@contest/bff/devstore';
import { connectDatabase, disconnectDatabase } from '@contest/bff/src/db';
import { createWeChat, type WeChat, type WeChatSetup } from '@contest/bff/src/wechat';
import {
  DEFAULT_APPID,
  DEFAULT_SECRET,
  startWeChatEmulator,
  type CallRecord,
  type EmulatedApi,
  type SentMessage,
  type WeChatEmulator,
  type WeChatEmulatorOptions,
} from '@contest/bff/wechat-emulator';

export { DEFAULT_APPID, DEFAULT_SECRET };

export interface Fault {
  api: EmulatedApi | '*';
  errcode?: number;
  httpStatus?: number;
  drop?: boolean;
  delayMs?: number;
  times?: number;
}

/** The emulator's `/__control/*` endpoints, typed. */
export class EmulatorControl {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T> {
    const res = await fetch(`${this.baseUrl}/__control/${path}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : undefined,
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`control ${path}: HTTP ${res.status} ${json.error ?? ''}`);
    return json;
  }

  loginCode(user: string): Promise<{ code: string; openid: string }> {
    return this.call('POST', 'login-code', { user });
  }

  grant(openid: string, templateId: string, count = 1): Promise<{ remaining: number }> {
    return this.call('POST', 'grants', { openid, templateId, count });
  }

  /** Up to 10,000 users known at once, as if each had logged in, each holding `grants`; their openids in order. */
  async users(users: string[], grants: Array<{ templateId: string; count: number }> = []): Promise<string[]> {
    return (await this.call<{ openids: string[] }>('POST', 'users', { users, grants })).openids;
  }

  async grants(): Promise<Array<{ openid: string; templateId: string; remaining: number }>> {
    return (await this.call<{ grants: Array<{ openid: string; templateId: string; remaining: number }> }>('GET', 'grants')).grants;
  }

  fault(fault: Fault): Promise<{ ok: true }> {
    return this.call('POST', 'faults', fault);
  }

  expireToken(mode: 'expire' | 'invalidate' = 'expire'): Promise<{ retired: number }> {
    return this.call('POST', 'expire-token', { mode });
  }

  registerTemplate(templateId: string): Promise<{ ok: true }> {
    return this.call('POST', 'templates', { templateId });
  }

  setPages(pages: string[] | null): Promise<{ ok: true }> {
    return this.call('POST', 'pages', { pages });
  }

  /** subscribe_send answers 45009 above `perSecond` calls a second (null lifts the cap). */
  sendCap(perSecond: number | null): Promise<{ ok: true }> {
    return this.call('POST', 'send-cap', { perSecond });
  }

  advanceClock(advanceMs: number): Promise<{ now: number }> {
    return this.call('POST', 'clock', { advanceMs });
  }

  async sent(): Promise<SentMessage[]> {
    return (await this.call<{ messages: SentMessage[] }>('GET', 'sent')).messages;
  }

  calls(): Promise<{ counts: Record<EmulatedApi, number>; log: CallRecord[] }> {
    return this.call('GET', 'calls');
  }

  async counts(): Promise<Record<EmulatedApi, number>> {
    return (await this.call<{ counts: Record<EmulatedApi, number> }>('GET', 'counts')).counts;
  }

  /** How many subscribe messages the emulator received. */
  async sentCount(): Promise<number> {
    return (await this.call<{ sent: number }>('GET', 'counts')).sent;
  }

  reset(): Promise<{ ok: true }> {
    return this.call('POST', 'reset');
  }
}

export interface TestEmulator extends WeChatEmulator {
  control: EmulatorControl;
}

export async function startTestEmulator(options: WeChatEmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startWeChatEmulator(options);
  return { ...emulator, control: new EmulatorControl(emulator.baseUrl) };
}

export interface TokenDatabase {
  /** The embedded store, or null when MONGODB_URI names a real MongoDB. */
  store: DevStore | null;
  uri: string;
  dbName: string;
  stop(): Promise<void>;
}

/** Mongoose (default connection, production settings) on a throw-away database. */
export async function startTokenDatabase(): Promise<TokenDatabase> {
  const realUri = process.env.MONGODB_URI;
  const store = realUri ? null : await startDevStore();
  const uri = realUri ?? store!.uri;
  const dbName = `test_${randomBytes(6).toString('hex')}`;
  await connectDatabase({ MONGODB_URI: uri, MONGODB_DB: dbName, MONGODB_SERVER_SELECTION_MS: 2000 });
  return {
    store,
    uri,
    dbName,
    async stop() {
      if (realUri) await mongoose.connection.dropDatabase().catch(() => undefined);
      await disconnectDatabase();
      await store?.stop();
    },
  };
}

/** A client and token cache against the emulator, with fast back-off for tests. */
export function wechatFor(emulator: WeChatEmulator, overrides: Partial<WeChatSetup> = {}): WeChat {
  return createWeChat({
    baseUrl: emulator.baseUrl,
    appId: DEFAULT_APPID,
    appSecret: DEFAULT_SECRET,
    timeoutMs: 2000,
    retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
    ...overrides,
  });
}

/** The text a QR code PNG carries, or null when none is found. */
export function decodeQrPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data ?? null;
}

/** Collects what a WeChatLogger receives, as JSON lines. */
export function captureLogger(): { lines: string[]; logger: { info: (d: Record<string, unknown>, m: string) => void; warn: (d: Record<string, unknown>, m: string) => void } } {
  const lines: string[] = [];
  const push = (level: string) => (details: Record<string, unknown>, message: string) => lines.push(JSON.stringify({ level, message, ...details }));
  return { lines, logger: { info: push('info'), warn: push('warn') } };
}

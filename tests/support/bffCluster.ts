/**
 * The real BFF entry (`bff/src/server.ts`) as a child process with `BFF_PROCESSES` workers on one
 * port, and plain HTTP to it: each request on its own connection (the cluster's primary hands
 * connections to the workers in turn), each answer with the pid of the worker that gave it
 * (`X-Bff-Process`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { TEST_PASS_ENV, TEST_PII_ENV, TEST_WECHAT_APPID, TEST_WECHAT_SECRET } from './bff';

const ROOT = path.resolve(__dirname, '../..');
const REQUEST_TIMEOUT_MS = 20_000;

/** One line of the BFF's JSON log. */
export interface LogLine {
  msg?: string;
  pid?: number;
  pids?: number[];
  url?: string;
}

export interface Answer {
  status: number;
  /** The worker that answered. */
  pid: number;
  headers: http.IncomingHttpHeaders;
  bytes: Buffer;
}

export interface BffCluster {
  port: number;
  /** The workers listening when the primary said `bff listening`. */
  pids: number[];
  /** Every log line so far, parsed. */
  log: LogLine[];
  /** A request on a new connection. */
  call(method: 'GET' | 'POST', path: string, options?: { headers?: Record<string, string>; body?: unknown }): Promise<Answer>;
  /** Resolves with the first log line (so far or to come) that `test` accepts. */
  waitForLine(test: (line: LogLine) => boolean, timeoutMs: number): Promise<LogLine>;
  /** SIGTERM to the primary (which stops the workers gracefully), SIGKILL if it is still there after 20 s. */
  stop(): Promise<void>;
}

export interface ClusterSetting {
  mongodbUri: string;
  mongodbDb: string;
  wechatBaseUrl: string;
  processes: number;
  env?: Record<string, string>;
}

/** Starts the cluster and resolves once its primary says every worker listens. */
export async function startBffCluster(setting: ClusterSetting, timeoutMs = 90_000): Promise<BffCluster> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bff/src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      // One random port, shared by every worker through the primary.
      PORT: '0',
      LOG_LEVEL: 'info',
      MONGODB_URI: setting.mongodbUri,
      MONGODB_DB: setting.mongodbDb,
      WECHAT_APPID: TEST_WECHAT_APPID,
      WECHAT_SECRET: TEST_WECHAT_SECRET,
      WECHAT_API_BASE: setting.wechatBaseUrl,
      ...TEST_PII_ENV,
      ...TEST_PASS_ENV,
      SHUTDOWN_GRACE_MS: '2000',
      BFF_PROCESSES: String(setting.processes),
      ...setting.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: LogLine[] = [];
  const waiters: Array<{ test: (line: LogLine) => boolean; resolve: (line: LogLine) => void }> = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  readline.createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      return;
    }
    log.push(line);
    for (const waiter of [...waiters]) {
      if (!waiter.test(line)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  function waitForLine(test: (line: LogLine) => boolean, waitMs: number): Promise<LogLine> {
    const seen = log.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const giveUp = (why: string) => {
        const at = waiters.indexOf(waiter);
        if (at < 0) return;
        waiters.splice(at, 1);
        reject(new Error(`${why}\n${stderr}`));
      };
      const timer = setTimeout(() => giveUp(`no such BFF log line within ${waitMs} ms`), waitMs);
      const waiter = {
        test,
        resolve: (line: LogLine) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      waiters.push(waiter);
      void exited.then(() => {
        clearTimeout(timer);
        giveUp(`the BFF exited (${child.exitCode ?? child.signalCode})`);
      });
    });
  }

  async function stop(): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(killer);
  }

  let ready: LogLine;
  try {
    ready = await waitForLine((line) => line.msg === 'bff listening', timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  const port = Number(new URL(ready.url ?? '').port);

  function call(method: 'GET' | 'POST', urlPath: string, options: { headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers = { ...options.headers, ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}) };
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: urlPath, method, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, pid: Number(res.headers['x-bff-process']), headers: res.headers, bytes: Buffer.concat(chunks) }));
      });
      // A connection handed to a worker as it was killed may never be answered.
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  return { port, pids: ready.pids ?? [], log, call, waitForLine, stop };
}

/** An answer's JSON envelope. */
export function envelopeOf<T>(answer: Answer): { ok: boolean; code?: string; data: T } {
  return JSON.parse(answer.bytes.toString('utf8')) as { ok: boolean; code?: string; data: T };
}

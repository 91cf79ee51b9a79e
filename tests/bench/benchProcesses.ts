/**
 * The child processes of the HTTP benches (register.ts, audit.ts): the embedded store, the BFF
 * with production settings and the bare Koa app, each started as `node --import tsx` so that
 * its pid is the process that serves (its RSS is the one measured); waiting for them to be
 * ready, reading their memory, and stopping them — also on Ctrl+C or an early exit, so that
 * nothing outlives a bench.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import readline from 'node:readline';

import { disconnectDatabase } from '@contest/bff/src/db';
import { stopAllAutocannon } from './registerAutocannon';
import type { ProbeStats } from './registerProbeTypes';

const ROOT = path.resolve(__dirname, '../..');
/** The bare Koa app's route (registerBareApp.ts). */
export const BARE_PATH = '/bare';

export interface Child {
  name: string;
  process: ChildProcess;
  /** Output lines kept for a failure report. */
  tail: string[];
}

const children: Child[] = [];
const tempDirs: string[] = [];
const TAIL_LINES = 50;
/** Set once clean-up starts: what the children say while stopping is not shown. */
let quiet = false;

export interface SpawnOptions {
  /** Node flags before the script (e.g. --cpu-prof). */
  nodeFlags?: string[];
  /** A module preloaded with --import; the child gets an IPC channel to answer it. */
  probe?: string;
  /** How many of the child's output lines to print, prefixed with its name (default none). */
  printLines?: number;
}

export function spawnChild(name: string, script: string, env: NodeJS.ProcessEnv, options: SpawnOptions = {}): Child {
  const probe = options.probe === undefined ? [] : ['--import', `./${options.probe}`];
  const printLines = options.printLines ?? 0;
  const child: Child = {
    name,
    process: spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', 'tsx', ...probe, script], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe', ...(options.probe === undefined ? [] : (['ipc'] as const))],
    }),
    tail: [],
  };
  children.push(child);
  let printed = 0;
  for (const stream of [child.process.stdout, child.process.stderr]) {
    if (!stream) continue;
    readline.createInterface({ input: stream }).on('line', (line) => {
      child.tail.push(line);
      if (child.tail.length > TAIL_LINES) child.tail.shift();
      if (quiet || printLines === 0) return;
      if (printed < printLines) console.log(`[${name}] ${line}`);
      else if (printed === printLines) console.log(`[${name}] … (further output not shown)`);
      printed += 1;
    });
  }
  return child;
}

/**
 * The IPC protocol of the probes preloaded into a child (registerProbeWindow.ts): 'reset' starts a
 * measuring window, 'dump' answers its figures. Undefined when the child has no probe.
 */
export function probeChild(child: Child, command: 'reset' | 'dump'): Promise<ProbeStats | undefined> {
  if (!child.process.connected) return Promise.resolve(undefined);
  if (command === 'reset') {
    child.process.send({ probe: 'reset' });
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const onMessage = (message: { probe?: string; stats?: ProbeStats }) => {
      if (message.probe !== 'stats') return;
      child.process.off('message', onMessage);
      resolve(message.stats);
    };
    child.process.on('message', onMessage);
    child.process.send({ probe: 'dump' });
  });
}

const alive = (child: Child) => child.process.exitCode === null && child.process.signalCode === null;

/** Resolves with the first match of `pattern` in the child's stdout; rejects if it exits first or takes too long. */
export function waitForLine(child: Child, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${child.name} did not start within ${timeoutMs} ms:\n${child.tail.join('\n')}`)), timeoutMs);
    readline.createInterface({ input: child.process.stdout! }).on('line', (line) => {
      const match = pattern.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.process.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${child.name} exited early (${String(code ?? signal)}):\n${child.tail.join('\n')}`));
    });
  });
}

async function waitForHttp(child: Child, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive(child)) throw new Error(`${child.name} exited early:\n${child.tail.join('\n')}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${child.name} did not answer ${url} within ${timeoutMs} ms:\n${child.tail.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopChild(child: Child, graceMs = 15_000): Promise<void> {
  if (!alive(child)) return;
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (alive(child)) child.process.kill('SIGKILL');
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

let cleaningUp: Promise<void> | undefined;

/** Stops the load, the BFF and the bare app, closes our connection, then stops the store; removes the temp dirs. */
export function cleanUp(): Promise<void> {
  cleaningUp ??= (async () => {
    quiet = true;
    stopAllAutocannon();
    await Promise.all(children.filter((c) => c.name !== 'store').map((c) => stopChild(c)));
    await disconnectDatabase().catch(() => undefined);
    await Promise.all(children.map((c) => stopChild(c)));
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  })();
  return cleaningUp;
}

/**
 * Runs a bench's main: on Ctrl+C or SIGTERM stops everything and exits 130; when main fails,
 * prints the error, cleans up and exits 1; on any exit, kills what is left.
 */
export function runBench(main: () => Promise<void>): void {
  // Last resort when the process exits some other way: nothing may outlive the bench.
  process.on('exit', () => {
    for (const child of children) if (alive(child)) child.process.kill('SIGKILL');
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // tsx relays the terminal's Ctrl+C, so it may arrive twice.
      if (interrupted) return;
      interrupted = true;
      console.error(`\n${signal}: stopping the load, the children, and removing temp files…`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  main().catch(async (error: unknown) => {
    // Interrupted: the signal handler is already cleaning up and exits when done.
    if (interrupted) return;
    console.error(error);
    await cleanUp().catch(() => undefined);
    process.exit(1);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A field of /proc/PID/status in MB (VmRSS: resident now; VmHWM: the kernel's high-water mark). */
export function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** A new temp directory, removed when the bench ends. */
export function benchTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export interface StartedStore {
  store: Child;
  uri: string;
}

/** Starts the store (`script`, default the embedded store's CLI) on a free port with its journal in a new temp directory. */
export async function startStore(options: { tempPrefix: string; script?: string; probe?: string; printLines?: number; nodeFlags?: string[] }): Promise<StartedStore> {
  const dataDir = benchTempDir(options.tempPrefix);
  const store = spawnChild(
    'store',
    options.script ?? 'bff/devstore/cli.ts',
    { ...process.env, DEVSTORE_PORT: '0', DEVSTORE_HOST: '127.0.0.1', DEVSTORE_DATA_DIR: dataDir },
    { probe: options.probe, printLines: options.printLines, nodeFlags: options.nodeFlags },
  );
  const uri = (await waitForLine(store, /devstore listening on (mongodb:\/\/\S+)/))[1] as string;
  return { store, uri };
}

/** Starts the WeChat API emulator (its CLI, quiet) on a free port; resolves with its base URL. */
export async function startWeChatEmulatorChild(options: SpawnOptions = {}): Promise<{ emulator: Child; baseUrl: string }> {
  const emulator = spawnChild('wechat', 'bff/wechat-emulator/cli.ts', { ...process.env, WECHAT_EMULATOR_PORT: '0', WECHAT_EMULATOR_HOST: '127.0.0.1', WECHAT_EMULATOR_QUIET: '1' }, options);
  const baseUrl = (await waitForLine(emulator, /wechat emulator listening on (http:\/\/\S+)/))[1] as string;
  return { emulator, baseUrl };
}

/** CPU time (user + system) a process has used so far in ms, from /proc/PID/stat; undefined once it is gone. */
export function procCpuMs(pid: number): number | undefined {
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 a second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS_PER_S = 100;

/** The whole machine's CPU time so far in ms (every core, all processes): busy and idle, from /proc/stat. */
export function machineCpuMs(): { busy: number; idle: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already counted in user).
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const busy = ticks.slice(0, 8).reduce((sum, t) => sum + t, 0) - idle;
  return { busy: (busy * 1000) / CLOCK_TICKS_PER_S, idle: (idle * 1000) / CLOCK_TICKS_PER_S };
}

export interface StartedBff {
  bff: Child;
  bffUrl: string;
}

/**
 * Starts the BFF (production settings, rate limits and the per-account registration limit out of
 * the way, PII keys generated for the run, WeChat unreachable) on a free port; resolves when it
 * answers. `env` adds or overrides settings.
 */
export async function startBff(options: { storeUri: string; dbName: string; bff?: SpawnOptions; printLines?: number; env?: NodeJS.ProcessEnv; name?: string }): Promise<StartedBff> {
  const bffPort = await freePort();
  const bffEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(bffPort),
    MONGODB_URI: options.storeUri,
    MONGODB_DB: options.dbName,
    LOG_LEVEL: 'warn',
    WECHAT_APPID: 'wx0123456789abcdef',
    WECHAT_SECRET: 'bench-secret-never-used-0123456789',
    WECHAT_API_BASE: 'http://127.0.0.1:9',
    RATE_LIMIT_SIGNIN_PER_MINUTE: '100000',
    RATE_LIMIT_WRITES_PER_MINUTE: '100000',
    RATE_LIMIT_LOOKUPS_PER_MINUTE: '100000',
    // Each bench user registers many people (round-robin): the per-account limit out of the way too.
    MAX_ACTIVE_REGISTRATIONS_PER_ACCOUNT: '1000',
    PII_ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString('base64')}`,
    PII_ACTIVE_KEY_ID: 'bench1',
    PII_HMAC_KEY: randomBytes(32).toString('base64'),
    PASS_SIGNING_KEYS: `bench1:${randomBytes(32).toString('base64')}`,
    PASS_ACTIVE_KEY_ID: 'bench1',
    ...options.env,
  };
  delete bffEnv.DEV_LOGIN_ENABLED;
  delete bffEnv.H5_DIST_DIR;
  const bff = spawnChild(options.name ?? 'bff', 'bff/src/server.ts', bffEnv, { printLines: options.printLines, ...options.bff });
  const bffUrl = `http://127.0.0.1:${bffPort}`;
  await waitForHttp(bff, `${bffUrl}/readyz`);
  return { bff, bffUrl };
}

export interface StartedApps extends StartedBff {
  bare: Child;
  bareUrl: string;
}

/** Starts the BFF (see startBff; `env` adds or overrides its settings) and the bare Koa app, each on a free port; resolves when both answer. */
export async function startBffAndBare(options: { storeUri: string; dbName: string; bff?: SpawnOptions; printLines?: number; env?: NodeJS.ProcessEnv }): Promise<StartedApps> {
  const barePort = await freePort();
  const bare = spawnChild('bare', 'tests/bench/registerBareApp.ts', { ...process.env, PORT: String(barePort) }, { printLines: options.printLines });
  const bareUrl = `http://127.0.0.1:${barePort}`;
  const [started] = await Promise.all([startBff(options), waitForHttp(bare, `${bareUrl}${BARE_PATH}`)]);
  return { ...started, bare, bareUrl };
}

/** A positive number a bench run takes from the environment (BENCH_…), else its default. */
export const envInt = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

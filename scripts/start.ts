/**
 * `npm start`: the whole product on embedded defaults: the embedded store (data in .data/),
 * demo data, and the BFF serving the H5 build of the mini-program on one origin.
 * Each part runs as its own process, connected exactly as in production (MONGODB_URI).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const HOST = process.env.HOST ?? '127.0.0.1';
const PORT = process.env.PORT ?? '3000';
const STORE_PORT = process.env.DEVSTORE_PORT ?? '27017';
const DATA_DIR = path.resolve(ROOT, process.env.DEVSTORE_DATA_DIR ?? '.data/db');
const H5_DIST_DIR = path.join(ROOT, 'miniapp/dist/h5');
const MONGODB_URI = process.env.MONGODB_URI ?? `mongodb://127.0.0.1:${STORE_PORT}`;
const EMULATOR_PORT = process.env.WECHAT_EMULATOR_PORT ?? '3900';
// The emulator and the BFF share these development credentials; real ones come from the environment.
const WECHAT_APPID = process.env.WECHAT_APPID ?? 'wx0123456789abcdef';
const WECHAT_SECRET = process.env.WECHAT_SECRET ?? 'dev-secret-not-for-production';
const WECHAT_API_BASE = process.env.WECHAT_API_BASE ?? `http://127.0.0.1:${EMULATOR_PORT}`;
// Above 1, the BFF is a cluster: its primary prints `bff listening` once every worker listens.
const BFF_PROCESSES = process.env.BFF_PROCESSES ?? '1';

const DEV_KEYS_FILE = path.resolve(ROOT, '.data/dev-personal-data-keys.json');

interface PersonalDataEnv {
  PII_ENCRYPTION_KEYS: string;
  PII_ACTIVE_KEY_ID: string;
  PII_HMAC_KEY: string;
}

/**
 * Keys for ID numbers and phones: from the environment when set (as in production), else
 * development keys generated once into .data/ (git-ignored) and kept, so stored records
 * stay readable across restarts.
 */
function personalDataEnv(): PersonalDataEnv {
  const { PII_ENCRYPTION_KEYS, PII_ACTIVE_KEY_ID, PII_HMAC_KEY } = process.env;
  if (PII_ENCRYPTION_KEYS && PII_ACTIVE_KEY_ID && PII_HMAC_KEY) return { PII_ENCRYPTION_KEYS, PII_ACTIVE_KEY_ID, PII_HMAC_KEY };
  if (!existsSync(DEV_KEYS_FILE)) {
    mkdirSync(path.dirname(DEV_KEYS_FILE), { recursive: true });
    const generated: PersonalDataEnv = {
      PII_ENCRYPTION_KEYS: `dev1:${randomBytes(32).toString('base64')}`,
      PII_ACTIVE_KEY_ID: 'dev1',
      PII_HMAC_KEY: randomBytes(32).toString('base64'),
    };
    writeFileSync(DEV_KEYS_FILE, `${JSON.stringify(generated, null, 2)}\n`, { mode: 0o600 });
    process.stdout.write(`Generated development keys for personal data in ${DEV_KEYS_FILE}\n`);
  }
  return JSON.parse(readFileSync(DEV_KEYS_FILE, 'utf8')) as PersonalDataEnv;
}

const DEV_PASS_KEYS_FILE = path.resolve(ROOT, '.data/dev-pass-signing-keys.json');

interface PassSigningEnv {
  PASS_SIGNING_KEYS: string;
  PASS_ACTIVE_KEY_ID: string;
}

/** The admission passes' signing key, like the personal-data keys: from the environment, else generated once into .data/. */
function passSigningEnv(): PassSigningEnv {
  const { PASS_SIGNING_KEYS, PASS_ACTIVE_KEY_ID } = process.env;
  if (PASS_SIGNING_KEYS && PASS_ACTIVE_KEY_ID) return { PASS_SIGNING_KEYS, PASS_ACTIVE_KEY_ID };
  if (!existsSync(DEV_PASS_KEYS_FILE)) {
    mkdirSync(path.dirname(DEV_PASS_KEYS_FILE), { recursive: true });
    const generated: PassSigningEnv = { PASS_SIGNING_KEYS: `dev1:${randomBytes(32).toString('base64')}`, PASS_ACTIVE_KEY_ID: 'dev1' };
    writeFileSync(DEV_PASS_KEYS_FILE, `${JSON.stringify(generated, null, 2)}\n`, { mode: 0o600 });
    process.stdout.write(`Generated a development signing key for admission passes in ${DEV_PASS_KEYS_FILE}\n`);
  }
  return JSON.parse(readFileSync(DEV_PASS_KEYS_FILE, 'utf8')) as PassSigningEnv;
}

const children: ChildProcess[] = [];

function stopAll(code: number): never {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
}

let stopping = false;

function spawnPrefixed(name: string, args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void): ChildProcess {
  const child = spawn(TSX, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      process.stdout.write(`[${name}] ${line}\n`);
      onLine?.(line);
    });
  }
  return child;
}

/** A long-running part: resolves once it prints `readyLine`; if it dies later, everything stops. */
function startService(name: string, args: string[], env: NodeJS.ProcessEnv, readyLine: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let ready = false;
    const child = spawnPrefixed(name, args, env, (line) => {
      if (!ready && readyLine.test(line)) {
        ready = true;
        resolve();
      }
    });
    child.on('exit', (code) => {
      if (!ready) reject(new Error(`${name} exited with code ${code} before it was ready`));
      else if (!stopping) {
        process.stderr.write(`${name} stopped (exit ${code}); stopping everything\n`);
        stopAll(code ?? 1);
      }
    });
  });
}

/** A one-off step that must succeed. */
function runTask(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    spawnPrefixed(name, args, env).on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${name} failed (exit ${code})`));
    });
  });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopping = true;
    stopAll(0);
  });
}

async function main(): Promise<void> {
  if (!existsSync(path.join(H5_DIST_DIR, 'index.html'))) {
    process.stdout.write('Building the H5 mini-program (first start only)…\n');
    const build = spawnSync('npm', ['run', 'build:h5'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the H5 build failed');
  }

  if (!process.env.MONGODB_URI) {
    await startService('store', ['bff/devstore/cli.ts'], { DEVSTORE_PORT: STORE_PORT, DEVSTORE_DATA_DIR: DATA_DIR }, /listening/);
  }
  const usesEmulator = !process.env.WECHAT_API_BASE;
  if (usesEmulator) {
    await startService(
      'wechat',
      ['bff/wechat-emulator/cli.ts'],
      { WECHAT_EMULATOR_PORT: EMULATOR_PORT, WECHAT_APPID, WECHAT_SECRET, WECHAT_EMULATOR_QUIET: '1' },
      /listening/,
    );
  }
  const bffEnv = {
    MONGODB_URI,
    HOST,
    PORT,
    H5_DIST_DIR,
    WECHAT_APPID,
    WECHAT_SECRET,
    WECHAT_API_BASE,
    // The H5 build signs in through the emulator; never with real WeChat.
    DEV_LOGIN_ENABLED: usesEmulator ? 'true' : 'false',
    BFF_PROCESSES,
    ...personalDataEnv(),
    ...passSigningEnv(),
  };
  await runTask('seed', ['bff/src/seed/cli.ts'], bffEnv);
  await runTask('admin', ['bff/src/admin/inviteAdminCli.ts'], bffEnv);
  await startService('bff', ['bff/src/server.ts'], bffEnv, /bff listening/);
  const url = `http://${HOST}:${PORT}`;
  process.stdout.write(
    [
      '',
      '职工职业技能大赛 is running:',
      `  mini-program (H5)  ${url}/`,
      `  API                ${url}/api/v1/competitions`,
      `  health             ${url}/healthz   ${url}/readyz`,
      ...(BFF_PROCESSES === '1' ? [] : [`  BFF processes      ${BFF_PROCESSES} (each worker's [bff] lines carry its pid, its answers X-Bff-Process)`]),
      `  database           ${MONGODB_URI}${process.env.MONGODB_URI ? '' : ` (embedded, data in ${DATA_DIR})`}`,
      `  WeChat API         ${WECHAT_API_BASE}${usesEmulator ? ' (local emulator; H5 sign-in with any test user name)' : ''}`,
      '  admin              the [admin] line above has a one-time admin invitation code',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`start: ${error instanceof Error ? error.message : String(error)}\n`);
  stopAll(1);
});

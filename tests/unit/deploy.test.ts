/**
 * bff/deploy/ and the real-MongoDB CI workflow cannot be run here (no Docker engine, no mongod),
 * so this checks what would otherwise only fail on the union's host: the compose file's
 * environment is a valid production configuration of this BFF, the replica set's members agree
 * everywhere they are named, the proxy is the one trusted hop, the image copies files that exist,
 * and the workflow runs test scripts that exist against a replica set.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { CONFIG_VARIABLES, loadConfig } from '@contest/bff/src/config';
import { TEST_PASS_ENV, TEST_PII_ENV } from '../support/bff';

const ROOT = path.resolve(__dirname, '../..');
const DEPLOY = path.join(ROOT, 'bff/deploy');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: string;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  networks?: string[];
  ports?: string[];
}
interface Compose {
  services: Record<string, ComposeService>;
  networks: Record<string, { internal?: boolean }>;
}

/** `KEY=value` lines of an env file. */
function envFile(file: string): Record<string, string> {
  const entries = read(file)
    .split('\n')
    .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
  return Object.fromEntries(entries);
}

/** Compose's `${VAR}`, `${VAR:-default}` and `${VAR:?message}` with the given variables (a missing required one throws). */
function interpolate(text: string, variables: Record<string, string>): string {
  return text.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::([-?])([^}]*))?\}/g, (_whole, name: string, kind?: string, rest?: string) => {
    const value = variables[name];
    if (value !== undefined && value !== '') return value;
    if (kind === '-') return rest ?? '';
    throw new Error(`${name} is not set${kind === '?' ? `: ${rest}` : ''}`);
  });
}

/** The example files with every empty value filled, as an IT department would. */
const composeVariables: Record<string, string> = { ...envFile('bff/deploy/.env.example'), MONGO_ROOT_PASSWORD: 'RootPassw0rd', MONGO_APP_PASSWORD: 'AppPassw0rd' };
const bffSecrets = {
  ...envFile('bff/deploy/bff.env.example'),
  WECHAT_APPID: 'wx0123456789abcdef',
  WECHAT_SECRET: '0123456789abcdef0123456789abcdef',
  ...TEST_PII_ENV,
  ...TEST_PASS_ENV,
};
const composeText = read('bff/deploy/compose.yaml');
const compose = load(interpolate(composeText, composeVariables)) as Compose;
const bff = compose.services.bff!;

describe('bff/deploy/compose.yaml', () => {
  it('refuses to start without the database passwords', () => {
    expect(() => interpolate(composeText, { ...composeVariables, MONGO_APP_PASSWORD: '' })).toThrow(/MONGO_APP_PASSWORD/);
  });

  it("gives the BFF a production configuration this BFF accepts, with every variable one it reads", () => {
    const environment = { ...bffSecrets, ...bff.environment };
    const config = loadConfig(environment);
    expect(config.NODE_ENV).toBe('production');
    expect(config.DEV_LOGIN_ENABLED).toBe(false);
    expect(config.HOST).toBe('0.0.0.0');
    const unknown = Object.keys(environment).filter((name) => !CONFIG_VARIABLES.includes(name));
    expect(unknown).toEqual([]);
    expect(bff.env_file).toBe('bff.env');
  });

  it('keeps the database passwords out of the BFF but its own, and the BFF secrets out of compose', () => {
    expect(Object.keys(bffSecrets).filter((name) => name.startsWith('MONGO_'))).toEqual([]);
    expect(Object.keys(bff.environment ?? {})).not.toContain('MONGO_ROOT_PASSWORD');
  });

  it('connects to all three members of one replica set with majority writes, retryable writes and primary reads', () => {
    // mongodb://user:password@host,host,host/?options (several hosts: not a WHATWG URL).
    const match = /^mongodb:\/\/([^:]+):[^@]+@([^/]+)\/\?(.+)$/.exec(bff.environment!.MONGODB_URI!);
    const [, user, hosts, query] = match ?? [];
    const options = new URLSearchParams(query);
    const members = ['mongo1', 'mongo2', 'mongo3'];
    expect(hosts).toBe(members.map((member) => `${member}:27017`).join(','));
    expect(options.get('replicaSet')).toBe('rs0');
    expect(options.get('w')).toBe('majority');
    expect(options.get('retryWrites')).toBe('true');
    expect(options.get('readPreference')).toBe('primary');
    expect(user).toBe(composeVariables.MONGO_APP_USER);

    for (const member of members) {
      const service = compose.services[member]!;
      expect(service.command).toEqual(expect.arrayContaining(['--replSet', 'rs0', '--keyFile']));
      expect(service.ports).toBeUndefined();
      expect(service.networks).toEqual(['backend']);
    }
    expect(compose.networks.backend!.internal).toBe(true);
    const init = read('bff/deploy/mongo/init-replica-set.js');
    expect(init).toContain("_id: 'rs0'");
    for (const member of members) expect(init).toContain(`host: '${member}:27017'`);
    expect(compose.services.mongo1!.volumes).toContain('./mongo:/scripts:ro');
  });

  it('runs several BFF processes behind exactly one trusted proxy hop', () => {
    expect(Number(bff.environment!.BFF_PROCESSES)).toBeGreaterThanOrEqual(2);
    expect(bff.environment!.TRUST_PROXY_HOPS).toBe('1');
    const nginx = read('bff/deploy/nginx.conf');
    expect(nginx).toContain(`server bff:${bff.environment!.PORT};`);
    expect(nginx).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
    expect(nginx).toMatch(/listen 443 ssl;/);
    expect(compose.services.proxy!.ports).toEqual(['80:80', '443:443']);
    expect(compose.services.proxy!.volumes).toContain('./nginx.conf:/etc/nginx/conf.d/default.conf:ro');
  });
});

describe('bff/deploy/Dockerfile', () => {
  const dockerfile = read('bff/deploy/Dockerfile');

  it('copies only files that exist in the repository', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((match) => match[1]!.split(' '));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) expect(existsSync(path.join(ROOT, source)) ? source : `${source} (missing)`).toBe(source);
  });

  it('starts the server and serves the H5 build from where the build writes it', () => {
    expect(dockerfile).toContain('CMD ["tsx", "bff/src/server.ts"]');
    expect(existsSync(path.join(ROOT, 'bff/src/server.ts'))).toBe(true);
    expect(dockerfile).toContain('RUN npm run build:h5');
    expect(dockerfile).toContain('H5_DIST_DIR=/app/miniapp/dist/h5');
    expect(read('miniapp/config/index.ts')).toContain('outputRoot: `dist/${process.env.TARO_ENV}`');
    expect(existsSync(path.join(DEPLOY, 'Dockerfile.dockerignore'))).toBe(true);
  });
});

describe('.github/workflows/real-mongodb.yml', () => {
  interface Step {
    name?: string;
    run?: string;
    env?: Record<string, string>;
  }
  const workflow = load(read('.github/workflows/real-mongodb.yml')) as { jobs: Record<string, { steps: Step[] }> };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

  it('starts a replica set and runs the conformance and API tests against it by MONGODB_URI', () => {
    expect(steps.some((step) => step.run?.includes('--replSet rs0') && step.run.includes('rs.initiate'))).toBe(true);
    for (const script of ['test:conformance', 'test:api']) {
      const step = steps.find((candidate) => candidate.run === `npm run ${script}`);
      expect(step?.env?.MONGODB_URI).toMatch(/^mongodb:\/\/127\.0\.0\.1:27017\/\?replicaSet=rs0/);
      expect(scripts[script]).toBeDefined();
    }
  });
});

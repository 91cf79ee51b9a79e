import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '@contest/bff/src/config';
import { TEST_PASS_ENV, TEST_PII_ENV } from '../support/bff';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

describe('configuration', () => {
  const required = {
    MONGODB_URI: 'mongodb://127.0.0.1:27017',
    WECHAT_APPID: 'wx0123456789abcdef',
    WECHAT_SECRET: 'a-secret-of-16-chars',
    ...TEST_PII_ENV,
    ...TEST_PASS_ENV,
  };

  it('takes defaults for everything but the database and the WeChat credentials', () => {
    const config = loadConfig(required);
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', MONGODB_DB: 'contest', MAX_ACTIVE_REGISTRATIONS_PER_ACCOUNT: 1, BFF_PROCESSES: 1 });
    expect(loadConfig({ ...required, BFF_PROCESSES: '4' }).BFF_PROCESSES).toBe(4);
  });

  it('reads the notification templates as key=id pairs; none by default (nothing is pushed)', () => {
    expect(loadConfig(required)).toMatchObject({ NOTIFY_TEMPLATE_IDS: {}, NOTIFY_SENDS_PER_SECOND: 20 });
    expect(loadConfig({ ...required, NOTIFY_TEMPLATE_IDS: ' audit_result = tmpl-a , registration_confirmed=tmpl-b' }).NOTIFY_TEMPLATE_IDS).toEqual({
      audit_result: 'tmpl-a',
      registration_confirmed: 'tmpl-b',
    });
  });

  it.each([
    [{}, 'MONGODB_URI is required'],
    [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI must start with mongodb://'],
    [{ ...required, MONGODB_URI: 'postgres://x' }, 'MONGODB_URI must start with mongodb://'],
    [{ ...required, PORT: 'eighty' }, 'PORT'],
    [{ ...required, LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ ...required, WECHAT_APPID: 'wxshort' }, 'WECHAT_APPID must look like wx'],
    [{ ...required, WECHAT_SECRET: undefined }, 'WECHAT_SECRET'],
    [{ ...required, NODE_ENV: 'production', DEV_LOGIN_ENABLED: 'true' }, 'DEV_LOGIN_ENABLED must not be set in production'],
    [{ ...required, PII_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' }, 'PII_ENCRYPTION_KEYS each entry must be id:base64 of 32 bytes'],
    [{ ...required, PII_ACTIVE_KEY_ID: 'other' }, 'PII_ACTIVE_KEY_ID must name a key in PII_ENCRYPTION_KEYS'],
    [{ ...required, PII_HMAC_KEY: 'c2hvcnQ=' }, 'PII_HMAC_KEY must be base64 of at least 32 bytes'],
    [{ ...required, PASS_SIGNING_KEYS: undefined }, 'PASS_SIGNING_KEYS is required'],
    [{ ...required, PASS_SIGNING_KEYS: 'k1:c2hvcnQ=' }, 'PASS_SIGNING_KEYS each entry must be id'],
    [{ ...required, PASS_SIGNING_KEYS: `too-long-id:${Buffer.alloc(32).toString('base64')}` }, 'PASS_SIGNING_KEYS each entry must be id'],
    [{ ...required, PASS_ACTIVE_KEY_ID: 'other' }, 'PASS_ACTIVE_KEY_ID must name a key in PASS_SIGNING_KEYS'],
    [{ ...required, TRUST_PROXY_HOPS: '-1' }, 'TRUST_PROXY_HOPS'],
    [{ ...required, TRUST_PROXY_HOPS: 'all' }, 'TRUST_PROXY_HOPS'],
    [{ ...required, DEV_LOGIN_ENABLED: 'true' }, 'DEV_LOGIN_ENABLED needs WECHAT_API_BASE on a loopback address'],
    [{ ...required, MAX_ACTIVE_REGISTRATIONS_PER_ACCOUNT: '0' }, 'MAX_ACTIVE_REGISTRATIONS_PER_ACCOUNT'],
    [{ ...required, NOTIFY_TEMPLATE_IDS: 'results=tmpl-1' }, 'NOTIFY_TEMPLATE_IDS must be key=templateId pairs'],
    [{ ...required, NOTIFY_TEMPLATE_IDS: 'audit_result' }, 'NOTIFY_TEMPLATE_IDS must be key=templateId pairs'],
    [{ ...required, NOTIFY_SENDS_PER_SECOND: '0' }, 'NOTIFY_SENDS_PER_SECOND'],
    [{ ...required, BFF_PROCESSES: '0' }, 'BFF_PROCESSES'],
    [{ ...required, BFF_PROCESSES: 'two' }, 'BFF_PROCESSES'],
    [{ ...required, NOTIFY_LONG_TERM_TEMPLATES: 'audit_result,results' }, 'NOTIFY_LONG_TERM_TEMPLATES'],
  ])('refuses %j naming the setting', (env, expected) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(expected);
  });

  it.each(['http://192.0.2.10:3900', 'http://localhost.example.com', 'http://127.0.0.1.nip.io:3900', 'http://[::2]:3900'])(
    'refuses the development sign-in with WeChat anywhere but this machine (%s)',
    (base) => {
      const env = { ...required, DEV_LOGIN_ENABLED: 'true', WECHAT_API_BASE: base };
      expect(() => loadConfig(env)).toThrow('DEV_LOGIN_ENABLED needs WECHAT_API_BASE on a loopback address');
    },
  );

  it.each(['http://127.0.0.1:3900', 'http://127.8.9.10', 'http://localhost:3900', 'http://[::1]:3900'])(
    'takes the development sign-in with the WeChat emulator on this machine (%s)',
    (base) => {
      expect(loadConfig({ ...required, DEV_LOGIN_ENABLED: 'true', WECHAT_API_BASE: base }).DEV_LOGIN_ENABLED).toBe(true);
    },
  );

  it('stops the server at boot with one line naming the bad setting and a non-zero exit', () => {
    const result = spawnSync(TSX, ['bff/src/server.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...required, PORT: '-5' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.status).not.toBeNull();
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^bff: Invalid configuration: PORT /);
  });

  it('stops the server at boot (exit 78) when the development sign-in would talk to real WeChat', () => {
    const result = spawnSync(TSX, ['bff/src/server.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...required, DEV_LOGIN_ENABLED: 'true', WECHAT_API_BASE: 'https://api.weixin.qq.com' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr.trim().split('\n')).toEqual([
      'bff: Invalid configuration: DEV_LOGIN_ENABLED needs WECHAT_API_BASE on a loopback address (the WeChat emulator)',
    ]);
  });
});

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '@contest/bff/src/config';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

describe('configuration', () => {
  it('takes defaults for everything but the database', () => {
    const config = loadConfig({ MONGODB_URI: 'mongodb://127.0.0.1:27017' });
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', MONGODB_DB: 'contest' });
  });

  it.each([
    [{}, 'MONGODB_URI is required'],
    [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI must start with mongodb://'],
    [{ MONGODB_URI: 'mongodb://h', PORT: 'eighty' }, 'PORT'],
    [{ MONGODB_URI: 'mongodb://h', LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('refuses %j naming the setting', (env, expected) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(expected);
  });

  it('stops the server at boot with one line naming the bad setting and a non-zero exit', () => {
    const result = spawnSync(TSX, ['bff/src/server.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, MONGODB_URI: 'mongodb://127.0.0.1:1', PORT: '-5' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.status).not.toBeNull();
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^bff: Invalid configuration: PORT /);
  });
});

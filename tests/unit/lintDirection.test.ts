import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Lints `source` as if it were the file at `filePath`; answers the rule ids that fired. */
function lint(filePath: string, source: string): string[] {
  const result = spawnSync(path.join(ROOT, 'node_modules/.bin/eslint'), ['--stdin', '--stdin-filename', filePath, '--format', 'json'], {
    cwd: ROOT,
    input: source,
    encoding: 'utf8',
  });
  const [report] = JSON.parse(result.stdout) as Array<{ messages: Array<{ ruleId: string }> }>;
  return report?.messages.map((m) => m.ruleId) ?? [];
}

describe('dependency direction', () => {
  it('lets shared/ import zod and its own files only', () => {
    expect(lint('shared/src/x.ts', "import { z } from 'zod';\nimport { ERRORS } from './errors';\nexport { z, ERRORS };\n")).toEqual([]);
    expect(lint('shared/src/x.ts', "import Koa from 'koa';\nexport { Koa };\n")).toContain('no-restricted-imports');
    expect(lint('shared/src/x.ts', "import { createApp } from '../../bff/src/app';\nexport { createApp };\n")).toContain('no-restricted-imports');
  });

  it('keeps the mini-program from importing the BFF', () => {
    expect(lint('miniapp/src/x.ts', "import { createApp } from '@contest/bff/src/app';\nexport { createApp };\n")).toContain('no-restricted-imports');
    expect(lint('miniapp/src/x.ts', "import { ERRORS } from '@contest/shared';\nexport { ERRORS };\n")).toEqual([]);
  });

  it('keeps the mini-program\'s API client from importing what builds on it', () => {
    expect(lint('miniapp/src/api/x.ts', "import { ERRORS } from '@contest/shared';\nimport { call } from './client';\nexport { ERRORS, call };\n")).toEqual([]);
    expect(lint('miniapp/src/api/x.ts', "import { sessionToken } from '../session/store';\nexport { sessionToken };\n")).toContain('no-restricted-imports');
    expect(lint('miniapp/src/api/x.ts', "import { createApp } from '@contest/bff/src/app';\nexport { createApp };\n")).toContain('no-restricted-imports');
  });

  it('keeps production BFF code from importing the embedded store', () => {
    expect(lint('bff/src/x.ts', "import { startDevStore } from '../devstore';\nexport { startDevStore };\n")).toContain('no-restricted-imports');
  });
});

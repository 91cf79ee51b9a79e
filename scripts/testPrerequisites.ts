/**
 * What the browser tests need from the machine, checked before `npm test` spends minutes on
 * lint, typecheck and builds: Debian's Chromium where tests/browser/support/chromium.ts launches
 * it, and a Noto CJK font so the screenshots show Chinese; and the font printed passes are set in
 * (the BFF's default PASS_PDF_FONT). Installed through apt-get when we may (root, as .ci/run
 * does); otherwise one line says what to install.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';

/** The executable the browser tests launch. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
/** The printed passes' font (bff/src/config.ts PASS_PDF_FONT's default). */
export const PASS_FONT_PATH = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** What was found on this machine. */
export interface MachineProbes {
  chromium: boolean;
  cjkFont: boolean;
  passFont: boolean;
  root: boolean;
  aptGet: boolean;
}

export type PrerequisitePlan = { kind: 'ready' } | { kind: 'install'; packages: string[] } | { kind: 'stop'; message: string };

const PREREQUISITES = [
  { found: (probes: MachineProbes) => probes.chromium, label: 'Chromium', debianPackage: 'chromium' },
  { found: (probes: MachineProbes) => probes.cjkFont, label: 'Noto CJK 中文字体', debianPackage: 'fonts-noto-cjk' },
  { found: (probes: MachineProbes) => probes.passFont, label: '文泉驿微米黑字体（打印准考证）', debianPackage: 'fonts-wqy-microhei' },
] as const;

/** Ready, install what is missing (root with apt-get), or stop with the one line that says what to install. */
export function planTestPrerequisites(probes: MachineProbes): PrerequisitePlan {
  const missing = PREREQUISITES.filter((prerequisite) => !prerequisite.found(probes));
  if (missing.length === 0) return { kind: 'ready' };
  const packages = missing.map((prerequisite) => prerequisite.debianPackage);
  if (probes.root && probes.aptGet) return { kind: 'install', packages };
  const what = `缺少 ${missing.map((prerequisite) => prerequisite.label).join(' 和 ')}`;
  const command = `apt-get install ${packages.join(' ')}`;
  if (probes.aptGet) return { kind: 'stop', message: `${what}：请运行 sudo ${command}` };
  return { kind: 'stop', message: `${what}：请安装（Debian/Ubuntu：${command}；Chromium 须在 ${CHROMIUM_PATH}）` };
}

export interface PrerequisiteEnvironment {
  probe(): MachineProbes;
  /** Runs apt-get for the packages; true when it succeeded. */
  install(packages: string[]): boolean;
  /** One line for the person running the tests. */
  say(line: string): void;
}

/** Checks, installs when it may, checks again; the exit code for `npm test` (0 = go on). */
export function ensureTestPrerequisites(environment: PrerequisiteEnvironment): number {
  const plan = planTestPrerequisites(environment.probe());
  if (plan.kind === 'ready') return 0;
  if (plan.kind === 'stop') {
    environment.say(plan.message);
    return 1;
  }
  environment.say(`测试需要 ${plan.packages.join(' ')}，正在用 apt-get 安装…`);
  const installed = environment.install(plan.packages);
  const after = planTestPrerequisites({ ...environment.probe(), aptGet: false });
  if (installed && after.kind === 'ready') return 0;
  environment.say(`apt-get 未能安装 ${plan.packages.join(' ')}：请检查软件源与网络后运行 apt-get install ${plan.packages.join(' ')}`);
  return 1;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const onPath = (command: string) => (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && isExecutable(path.join(dir, command)));

/** This machine, as it is. */
export const thisMachine: PrerequisiteEnvironment = {
  probe: () => ({
    chromium: isExecutable(CHROMIUM_PATH),
    // fc-list missing (no fontconfig) counts as no font.
    cjkFont: /noto.*cjk/i.test(spawnSync('fc-list', { encoding: 'utf8' }).stdout ?? ''),
    passFont: existsSync(PASS_FONT_PATH),
    root: process.getuid?.() === 0,
    aptGet: onPath('apt-get'),
  }),
  install(packages) {
    // apt-get's errors reach the terminal; its progress does not.
    const quiet: SpawnSyncOptions = { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'ignore', 'inherit'] };
    return spawnSync('apt-get', ['update', '-qq'], quiet).status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', ...packages], quiet).status === 0;
  },
  say: (line) => process.stderr.write(`${line}\n`),
};

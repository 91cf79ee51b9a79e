import { ensureTestPrerequisites, planTestPrerequisites, type MachineProbes } from '../../scripts/testPrerequisites';

const ready: MachineProbes = { chromium: true, cjkFont: true, passFont: true, root: false, aptGet: true };

describe('what npm test does about the browser tests’ prerequisites', () => {
  it.each<[string, Partial<MachineProbes>, ReturnType<typeof planTestPrerequisites>]>([
    ['everything there: goes on, as any user', {}, { kind: 'ready' }],
    ['everything there: installs nothing even as root', { root: true }, { kind: 'ready' }],
    ['root with apt-get, no Chromium: installs chromium', { chromium: false, root: true }, { kind: 'install', packages: ['chromium'] }],
    ['root with apt-get, no font: installs the font', { cjkFont: false, root: true }, { kind: 'install', packages: ['fonts-noto-cjk'] }],
    ['root with apt-get, no font for printed passes: installs it', { passFont: false, root: true }, { kind: 'install', packages: ['fonts-wqy-microhei'] }],
    [
      'root with apt-get, neither: installs both',
      { chromium: false, cjkFont: false, root: true },
      { kind: 'install', packages: ['chromium', 'fonts-noto-cjk'] },
    ],
    [
      'not root, no Chromium: says the sudo command',
      { chromium: false },
      { kind: 'stop', message: '缺少 Chromium：请运行 sudo apt-get install chromium' },
    ],
    [
      'not root, neither: names both in one command',
      { chromium: false, cjkFont: false },
      { kind: 'stop', message: '缺少 Chromium 和 Noto CJK 中文字体：请运行 sudo apt-get install chromium fonts-noto-cjk' },
    ],
    [
      'root without apt-get, no font: says what to install, no apt-get to run',
      { cjkFont: false, root: true, aptGet: false },
      { kind: 'stop', message: '缺少 Noto CJK 中文字体：请安装（Debian/Ubuntu：apt-get install fonts-noto-cjk；Chromium 须在 /usr/bin/chromium）' },
    ],
  ])('%s', (_case, probes, plan) => {
    expect(planTestPrerequisites({ ...ready, ...probes })).toEqual(plan);
  });
});

describe('running the check', () => {
  function machine(before: Partial<MachineProbes>, options: { installs: boolean; after?: Partial<MachineProbes> }) {
    const lines: string[] = [];
    const installed: string[][] = [];
    let probes: MachineProbes = { ...ready, ...before };
    return {
      lines,
      installed,
      probe: () => probes,
      install(packages: string[]) {
        installed.push(packages);
        if (options.installs) probes = { ...probes, chromium: true, cjkFont: true, passFont: true, ...options.after };
        return options.installs;
      },
      say: (line: string) => void lines.push(line),
    };
  }

  it('is silent and lets the tests run when nothing is missing', () => {
    const env = machine({}, { installs: true });
    expect(ensureTestPrerequisites(env)).toBe(0);
    expect(env.lines).toEqual([]);
    expect(env.installed).toEqual([]);
  });

  it('without root, stops at once with one line and a non-zero exit, installing nothing', () => {
    const env = machine({ chromium: false }, { installs: true });
    expect(ensureTestPrerequisites(env)).not.toBe(0);
    expect(env.lines).toEqual(['缺少 Chromium：请运行 sudo apt-get install chromium']);
    expect(env.installed).toEqual([]);
  });

  it('as root installs what is missing and goes on', () => {
    const env = machine({ chromium: false, cjkFont: false, root: true }, { installs: true });
    expect(ensureTestPrerequisites(env)).toBe(0);
    expect(env.installed).toEqual([['chromium', 'fonts-noto-cjk']]);
  });

  it('stops with one line when apt-get fails, or installs without bringing what was missing', () => {
    const failing = machine({ chromium: false, root: true }, { installs: false });
    expect(ensureTestPrerequisites(failing)).not.toBe(0);
    expect(failing.lines.at(-1)).toBe('apt-get 未能安装 chromium：请检查软件源与网络后运行 apt-get install chromium');

    const stillMissing = machine({ chromium: false, root: true }, { installs: true, after: { chromium: false } });
    expect(ensureTestPrerequisites(stillMissing)).not.toBe(0);
    expect(stillMissing.installed).toHaveLength(1);
  });
});

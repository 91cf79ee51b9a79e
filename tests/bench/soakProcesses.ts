/**
 * The processes of `npm start` as bench:soak sees them: start.ts itself (`start`, which relays every
 * part's output) and its descendants (found through the parent pid in /proc/PID/stat), named by the
 * script they serve — the store, the WeChat emulator, the BFF and each of its cluster workers. The
 * `tsx` launchers start.ts runs each part through are left out: they only relay signals and output.
 */
import * as fs from 'node:fs';
import { procStatusMb } from './benchProcesses';

export interface ProductProcess {
  name: string;
  pid: number;
}

const SCRIPTS: ReadonlyArray<[suffix: string, name: string]> = [
  ['bff/devstore/cli.ts', 'store'],
  ['bff/wechat-emulator/cli.ts', 'wechat'],
  ['bff/src/server.ts', 'bff'],
];

function parentPid(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: the parent pid is the 2nd field after its closing parenthesis.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** Every live descendant of `rootPid`, parents before their children. */
export function descendantPids(rootPid: number): number[] {
  const childrenOf = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const parent = parentPid(pid);
    if (parent === undefined) continue;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), pid]);
  }
  const found: number[] = [];
  for (let queue = [...(childrenOf.get(rootPid) ?? [])]; queue.length > 0; ) {
    const pid = queue.shift()!;
    found.push(pid);
    queue = [...queue, ...(childrenOf.get(pid) ?? [])].sort((a, b) => a - b);
  }
  return found;
}

/**
 * `start` (rootPid) and the serving processes under it: `store`, `wechat`, `bff`, and the BFF's
 * cluster workers as `bff-worker-1…` (a `bff` process whose parent is a `bff` process), by pid.
 */
export function productProcesses(rootPid: number): ProductProcess[] {
  const named = new Map<number, string>();
  const workers: ProductProcess[] = [];
  const found: ProductProcess[] = [{ name: 'start', pid: rootPid }];
  for (const pid of descendantPids(rootPid)) {
    const args = commandLine(pid);
    // The launcher: node …/tsx/dist/cli.mjs SCRIPT (or …/.bin/tsx SCRIPT).
    if (args.some((arg) => /tsx\/dist\/cli\.m?js$|\.bin\/tsx$/.test(arg))) continue;
    const script = SCRIPTS.find(([suffix]) => args.some((arg) => arg.endsWith(suffix)));
    if (!script) continue;
    const [, name] = script;
    named.set(pid, name);
    const parent = parentPid(pid);
    if (name === 'bff' && parent !== undefined && named.get(parent) === 'bff') workers.push({ name, pid });
    else found.push({ name, pid });
  }
  workers.forEach((worker, i) => found.push({ name: `bff-worker-${i + 1}`, pid: worker.pid }));
  return found;
}

/** VmRSS of each process in MB, by name; a process that is gone is left out. */
export function residentMb(processes: ProductProcess[]): Record<string, number> {
  const rss: Record<string, number> = {};
  for (const { name, pid } of processes) {
    const mb = procStatusMb(pid, 'VmRSS');
    if (mb !== undefined) rss[name] = mb;
  }
  return rss;
}

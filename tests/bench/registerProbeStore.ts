/**
 * Diagnostics for `BENCH_PROFILE=1 npm run bench:register`, preloaded into the store process
 * (`node --import tsx --import ./tests/bench/registerProbeStore.ts bff/devstore/cli.ts`).
 * Changes nothing in the store: it times every command the wire server runs (by command and
 * collection), every journal fdatasync, and the event loop's utilisation. Over the IPC channel:
 * `{ probe: 'reset' }` starts a window, `{ probe: 'dump' }` answers `{ probe: 'stats', stats }`.
 */
import fs from 'node:fs';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

import { WireServer } from '@contest/bff/devstore/server';
import type { ProbeStats, TimingRow } from './registerProbeTypes';

const rows = new Map<string, TimingRow>();
let fsync: TimingRow = { name: 'fdatasync', count: 0, totalMs: 0, maxMs: 0 };
let windowStart = performance.now();
let elu: EventLoopUtilization = performance.eventLoopUtilization();

function record(row: TimingRow, ms: number): void {
  row.count += 1;
  row.totalMs += ms;
  row.maxMs = Math.max(row.maxMs, ms);
}

const originalFdatasync = fs.fdatasyncSync;
fs.fdatasyncSync = (fd: number) => {
  const t0 = performance.now();
  try {
    originalFdatasync(fd);
  } finally {
    record(fsync, performance.now() - t0);
  }
};

type Execute = (command: Record<string, unknown>, db: string, connection: unknown) => Record<string, unknown>;
const proto = WireServer.prototype as unknown as { execute: Execute };
const originalExecute = proto.execute;
proto.execute = function execute(this: unknown, command, db, connection) {
  const t0 = performance.now();
  try {
    return originalExecute.call(this, command, db, connection);
  } finally {
    const verb = Object.keys(command)[0] ?? '?';
    const target = command[verb];
    const name = typeof target === 'string' ? `${verb} ${target}` : verb;
    let row = rows.get(name);
    if (!row) rows.set(name, (row = { name, count: 0, totalMs: 0, maxMs: 0 }));
    record(row, performance.now() - t0);
  }
};

let peakHeapTotal = 0;
setInterval(() => {
  peakHeapTotal = Math.max(peakHeapTotal, process.memoryUsage().heapTotal);
}, 100).unref();

process.channel?.unref();
process.on('message', (message: { probe?: string }) => {
  if (message.probe === 'reset') {
    peakHeapTotal = 0;
    rows.clear();
    fsync = { name: 'fdatasync', count: 0, totalMs: 0, maxMs: 0 };
    windowStart = performance.now();
    elu = performance.eventLoopUtilization();
  } else if (message.probe === 'dump') {
    const stats: ProbeStats = {
      wallMs: performance.now() - windowStart,
      eventLoopUtilization: performance.eventLoopUtilization(elu).utilization,
      memory: { ...process.memoryUsage(), peakHeapTotal },
      rows: [...rows.values(), fsync],
    };
    process.send?.({ probe: 'stats', stats });
  }
});

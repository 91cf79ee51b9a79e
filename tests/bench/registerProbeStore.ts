/**
 * Diagnostics for `BENCH_PROFILE=1 npm run bench:register`, preloaded into the store process
 * (`node --import tsx --import ./tests/bench/registerProbeStore.ts bff/devstore/cli.ts`).
 * Changes nothing in the store: it times every command the wire server runs (by command and
 * collection), every journal fdatasync, and the event loop's utilisation. IPC protocol in
 * registerProbeWindow.ts.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

import { WireServer } from '@contest/bff/devstore/server';
import type { TimingRow } from './registerProbeTypes';
import { ProbeRows, answerProbeMessages, recordInto } from './registerProbeWindow';

const rows = new ProbeRows();
let fsync: TimingRow = { name: 'fdatasync', count: 0, totalMs: 0, maxMs: 0 };

const originalFdatasync = fs.fdatasyncSync;
fs.fdatasyncSync = (fd: number) => {
  const t0 = performance.now();
  try {
    originalFdatasync(fd);
  } finally {
    recordInto(fsync, performance.now() - t0);
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
    rows.record(name, performance.now() - t0);
  }
};

answerProbeMessages(
  () => [...rows.values(), fsync],
  () => {
    rows.clear();
    fsync = { name: 'fdatasync', count: 0, totalMs: 0, maxMs: 0 };
  },
);

/**
 * What both `bench:register` probes (registerProbeStore.ts, registerProbeBff.ts) share: timing rows
 * by name, the measuring window with its event-loop utilisation and peak V8 heap, and the IPC
 * protocol: `{ probe: 'reset' }` starts a window, `{ probe: 'dump' }` answers `{ probe: 'stats', stats }`.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

import type { ProbeStats, TimingRow } from './registerProbeTypes';

export class ProbeRows {
  private readonly rows = new Map<string, TimingRow>();

  /** Adds one timing under `name`. */
  record(name: string, ms: number): void {
    let row = this.rows.get(name);
    if (!row) this.rows.set(name, (row = { name, count: 0, totalMs: 0, maxMs: 0 }));
    recordInto(row, ms);
  }

  clear(): void {
    this.rows.clear();
  }

  values(): TimingRow[] {
    return [...this.rows.values()];
  }
}

export function recordInto(row: TimingRow, ms: number): void {
  row.count += 1;
  row.totalMs += ms;
  row.maxMs = Math.max(row.maxMs, ms);
}

/** Answers the bench's reset and dump messages; `onReset` clears the probe's own counts, `rows` lists them. */
export function answerProbeMessages(rows: () => TimingRow[], onReset: () => void): void {
  let windowStart = performance.now();
  let elu: EventLoopUtilization = performance.eventLoopUtilization();
  let peakHeapTotal = 0;
  setInterval(() => {
    peakHeapTotal = Math.max(peakHeapTotal, process.memoryUsage().heapTotal);
  }, 100).unref();

  process.channel?.unref();
  process.on('message', (message: { probe?: string }) => {
    if (message.probe === 'reset') {
      peakHeapTotal = 0;
      onReset();
      windowStart = performance.now();
      elu = performance.eventLoopUtilization();
    } else if (message.probe === 'dump') {
      const stats: ProbeStats = {
        wallMs: performance.now() - windowStart,
        eventLoopUtilization: performance.eventLoopUtilization(elu).utilization,
        memory: { ...process.memoryUsage(), peakHeapTotal },
        rows: rows(),
      };
      process.send?.({ probe: 'stats', stats });
    }
  });
}

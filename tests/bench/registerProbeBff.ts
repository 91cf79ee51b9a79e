/**
 * Diagnostics for `BENCH_PROFILE=1 npm run bench:register`, preloaded into the BFF process
 * (`node --import tsx --import ./tests/bench/registerProbeBff.ts bff/src/server.ts`).
 * Changes nothing in the BFF: it turns on the driver's command monitoring for mongoose's
 * connection (which the rate limiter shares) and times every database round trip as the BFF
 * sees it (send → reply handled, so queueing in the store and in this event loop included),
 * by command and collection, plus the event loop's utilisation. IPC protocol as in
 * registerProbeStore.ts.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

import mongoose from 'mongoose';
import type { ProbeStats, TimingRow } from './registerProbeTypes';

const rows = new Map<string, TimingRow>();
const started = new Map<number, string>();
let windowStart = performance.now();
let elu: EventLoopUtilization = performance.eventLoopUtilization();

const originalConnect = mongoose.connect.bind(mongoose);
mongoose.connect = ((uri: string, options?: mongoose.ConnectOptions) => {
  const connecting = originalConnect(uri, { ...options, monitorCommands: true });
  void connecting.then(() => {
    const client = mongoose.connection.getClient();
    client.on('commandStarted', (event) => {
      const target = (event.command as Record<string, unknown>)[event.commandName];
      started.set(event.requestId, typeof target === 'string' ? `${event.commandName} ${target}` : event.commandName);
    });
    const finished = (event: { requestId: number; duration: number; commandName: string }) => {
      const name = started.get(event.requestId) ?? event.commandName;
      started.delete(event.requestId);
      let row = rows.get(name);
      if (!row) rows.set(name, (row = { name, count: 0, totalMs: 0, maxMs: 0 }));
      row.count += 1;
      row.totalMs += event.duration;
      row.maxMs = Math.max(row.maxMs, event.duration);
    };
    client.on('commandSucceeded', finished);
    client.on('commandFailed', finished);
  });
  return connecting;
}) as typeof mongoose.connect;

let peakHeapTotal = 0;
setInterval(() => {
  peakHeapTotal = Math.max(peakHeapTotal, process.memoryUsage().heapTotal);
}, 100).unref();

process.channel?.unref();
process.on('message', (message: { probe?: string }) => {
  if (message.probe === 'reset') {
    peakHeapTotal = 0;
    rows.clear();
    windowStart = performance.now();
    elu = performance.eventLoopUtilization();
  } else if (message.probe === 'dump') {
    const stats: ProbeStats = {
      wallMs: performance.now() - windowStart,
      eventLoopUtilization: performance.eventLoopUtilization(elu).utilization,
      memory: { ...process.memoryUsage(), peakHeapTotal },
      rows: [...rows.values()],
    };
    process.send?.({ probe: 'stats', stats });
  }
});

/** What the `bench:register` probes (registerProbeStore.ts, registerProbeBff.ts) report. */
export interface TimingRow {
  name: string;
  count: number;
  totalMs: number;
  maxMs: number;
}

export interface ProbeStats {
  wallMs: number;
  eventLoopUtilization: number;
  rows: TimingRow[];
  /** process.memoryUsage() when dumped, and the largest V8 heap (heapTotal) seen in the window, bytes. */
  memory: NodeJS.MemoryUsage & { peakHeapTotal: number };
}

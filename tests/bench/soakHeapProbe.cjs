/**
 * Preloaded (NODE_OPTIONS=--require) into every process of `npm start` by bench:soak: after each
 * major GC, the V8 heap still in use, as one line on stderr (`soak-heap PID MB`). What a leak makes
 * grow, unlike the resident size, which also follows when the collector last ran.
 */
const { PerformanceObserver, constants } = require('node:perf_hooks');
const v8 = require('node:v8');

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
    process.stderr.write(`soak-heap ${process.pid} ${(v8.getHeapStatistics().used_heap_size / 1048576).toFixed(1)}\n`);
  }
}).observe({ entryTypes: ['gc'] });

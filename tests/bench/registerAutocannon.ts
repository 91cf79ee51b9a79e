/**
 * The part of autocannon's programmatic API that `bench:register` uses, typed here because the
 * package ships no types (and @types/autocannon is not a dependency).
 */
export type AutocannonContext = Record<string, unknown>;

export interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Called before every request is written; answers the request to send. */
  setupRequest?: (request: AutocannonRequest, context: AutocannonContext) => AutocannonRequest | null;
  /** Called with every response (pipelining 1: the response to the request last set up on that connection). */
  onResponse?: (status: number, body: string, context: AutocannonContext, headers: Record<string, string | string[]>) => void;
}

export interface AutocannonOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  pipelining?: number;
  /** Seconds before a request counts as timed out. */
  timeout?: number;
  method?: string;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
}

export interface AutocannonHistogram {
  average: number;
  mean: number;
  stddev: number;
  min: number;
  max: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  p99_9: number;
  total: number;
  sent?: number;
}

export interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  non2xx: number;
  resets: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  /** Milliseconds; only 2xx answers are recorded. */
  latency: AutocannonHistogram;
  /** Completed requests per one-second sample; `total` completed, `sent` written. */
  requests: AutocannonHistogram;
}

/** A running load; `stop()` ends it early (its result is still delivered). */
export interface AutocannonInstance {
  stop(): void;
}

type AutocannonFn = (options: AutocannonOptions, done: (error: Error | null, result: AutocannonResult) => void) => AutocannonInstance;

const autocannon = require('autocannon') as AutocannonFn;

const running = new Set<AutocannonInstance>();

export function runAutocannon(options: AutocannonOptions): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => {
      running.delete(instance);
      if (error) reject(error);
      else resolve(result);
    });
    running.add(instance);
  });
}

/** Stops every load still running (on Ctrl+C, before the servers are stopped). */
export function stopAllAutocannon(): void {
  for (const instance of running) instance.stop();
  running.clear();
}

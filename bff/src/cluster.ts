import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config';
import type { Logger } from './logger';

/** A worker that lived at least this long was not crash-looping: the next restart is immediate. */
const STABLE_AFTER_MS = 10_000;
/** Restarts after quick deaths wait 0.5 s, 1 s, 2 s … at most 30 s. */
const RESTART_DELAY_MS = { first: 500, most: 30_000 };

/** The wait before restarting a worker that died after `livedMs`, the `quickDeaths`-th quick death in a row. */
export function restartDelayMs(livedMs: number, quickDeaths: number): number {
  if (livedMs >= STABLE_AFTER_MS) return 0;
  return Math.min(RESTART_DELAY_MS.most, RESTART_DELAY_MS.first * 2 ** Math.max(0, quickDeaths - 1));
}

/**
 * The cluster's primary (`BFF_PROCESSES` > 1): forks the workers, each running the whole BFF on
 * the one port (the primary hands out connections in turn), says `bff listening` once all of them
 * listen, and restarts a worker that dies (quick deaths in a row wait longer and longer). A worker
 * that dies before the first all-listening stops the start, as one process would. SIGTERM/SIGINT
 * are passed to the workers, which stop gracefully; the primary exits when they have.
 */
export function runClusterPrimary(config: Pick<Config, 'BFF_PROCESSES' | 'HOST' | 'SHUTDOWN_GRACE_MS'>, logger: Logger): void {
  const wanted = config.BFF_PROCESSES;
  const live = new Set<Worker>();
  const listening = new Set<Worker>();
  let ready = false;
  let stopping = false;
  let exitCode = 0;
  let quickDeaths = 0;
  const pids = () => [...listening].map((worker) => worker.process.pid);

  const fork = () => {
    const worker = cluster.fork();
    live.add(worker);
    const startedAt = Date.now();
    worker.once('listening', (address) => {
      listening.add(worker);
      if (ready) {
        logger.info({ pid: worker.process.pid }, 'bff worker restarted');
      } else if (listening.size === wanted) {
        ready = true;
        logger.info({ url: `http://${config.HOST}:${address.port}`, pids: pids() }, 'bff listening');
      }
    });
    worker.once('exit', (code, signal) => {
      live.delete(worker);
      listening.delete(worker);
      if (stopping) {
        if (live.size === 0) process.exit(exitCode);
        return;
      }
      if (!ready) {
        logger.error({ pid: worker.process.pid, code, signal }, 'a bff worker stopped before all were listening; stopping');
        stop('start failed', code ?? 1);
        return;
      }
      const livedMs = Date.now() - startedAt;
      quickDeaths = livedMs >= STABLE_AFTER_MS ? 0 : quickDeaths + 1;
      const delayMs = restartDelayMs(livedMs, quickDeaths);
      logger.warn({ pid: worker.process.pid, code, signal, restartInMs: delayMs }, 'bff worker died; restarting it');
      setTimeout(() => {
        if (!stopping) fork();
      }, delayMs);
    });
  };

  function stop(reason: string, code = 0): void {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    logger.info({ reason }, 'shutting down the bff workers');
    if (live.size === 0) process.exit(exitCode);
    for (const worker of live) worker.process.kill('SIGTERM');
    // Each worker has its own grace period; one that outlasts it (and a margin) is killed.
    setTimeout(() => {
      for (const worker of live) worker.process.kill('SIGKILL');
      process.exit(exitCode);
    }, config.SHUTDOWN_GRACE_MS + 5_000).unref();
  }

  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  for (let i = 0; i < wanted; i += 1) fork();
}

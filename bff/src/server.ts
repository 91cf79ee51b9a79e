import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { createApp } from './app';
import { runClusterPrimary } from './cluster';
import { ConfigError, loadConfig, type Config } from './config';
import { connectDatabase, disconnectDatabase } from './db';
import { buildDeps } from './deps';
import { createLogger, type Logger } from './logger';
import { describeQuotaReconciliation } from './presenters/quotaReconciliation';
import { createSendRateLimit } from './rateLimits';
import { NotificationDispatcher } from './services/notifications/dispatcher';
import { resumeAnnouncements } from './services/notifications/announcements';
import { sweepOutbox } from './services/notifications/outbox';
import { resumeSessionNotices } from './services/venue/sessionNotices';
import { resumeCertificateIssuance } from './services/certificates/issuance';
import { resumeResultsNotices } from './services/results/resultsNotices';
import type { WeChatClient } from './wechat';
import { reconcileQuotas } from './services/quotaReconciliation';
import { purgeExpiredPersonalData } from './services/retention/purge';
import { describeRetentionReport } from './presenters/retention';

/** Stops taking connections, lets in-flight requests finish (up to the grace period), then closes the DB. */
export function shutdownGracefully(server: Server, config: Pick<Config, 'SHUTDOWN_GRACE_MS'>, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const forceTimer = setTimeout(() => {
      logger.warn('grace period over, closing remaining connections');
      server.closeAllConnections();
    }, config.SHUTDOWN_GRACE_MS);
    forceTimer.unref();
    server.close(() => {
      clearTimeout(forceTimer);
      disconnectDatabase()
        .catch((error: unknown) => logger.error({ err: error }, 'database close failed'))
        .finally(resolve);
    });
    // Idle keep-alive sockets would otherwise hold close() open until they time out.
    server.closeIdleConnections();
  });
}

/**
 * The check of `npm run quotas:reconcile`, run at start-up after the BFF listens: a place left held
 * by a crash between taking it and the status change is released. Never awaited by the start, so
 * it cannot delay it, and a failure is logged, never fatal.
 */
export async function reconcileQuotasAtStart(logger: Logger): Promise<void> {
  try {
    const report = await reconcileQuotas({ dryRun: false });
    const lines = describeQuotaReconciliation(report);
    if (report.findings.length === 0) logger.info({ quotaReconciliation: lines }, 'quota places match the registrations');
    else logger.warn({ quotaReconciliation: lines }, `quota places reconciled: ${report.findings.length} difference(s)`);
  } catch (error) {
    logger.error({ err: error }, 'quota reconciliation at start-up failed; run npm run quotas:reconcile');
  }
}

/**
 * Relays notifications a crash left in registrations' outboxes, and resumes announcements a crash
 * left half fanned out: now, then every NOTIFY_SWEEP_INTERVAL_MS (the timer does not keep the
 * process alive). A failure is logged, never fatal.
 */
export function sweepOutboxPeriodically(config: Pick<Config, 'NOTIFY_SWEEP_INTERVAL_MS'>, logger: Logger): NodeJS.Timeout {
  const sweep = async () => {
    try {
      const relayed = await sweepOutbox();
      if (relayed > 0) logger.warn({ relayed }, 'notifications left in outboxes relayed');
      const resumed = await resumeAnnouncements();
      if (resumed > 0) logger.warn({ resumed }, 'announcements left half published resumed');
      const told = await resumeSessionNotices();
      if (told > 0) logger.warn({ told }, 'session change notices left unsent resumed');
      const results = await resumeResultsNotices();
      if (results > 0) logger.warn({ results }, 'results notices left unsent resumed');
      const certificates = await resumeCertificateIssuance();
      if (certificates > 0) logger.warn({ certificates }, 'certificates left unissued issued');
    } catch (error) {
      logger.error({ err: error }, 'notification outbox sweep failed');
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), config.NOTIFY_SWEEP_INTERVAL_MS);
  timer.unref();
  return timer;
}

/**
 * The retention purge (`npm run retention:purge -- --apply`) on a schedule: now, then every
 * RETENTION_SWEEP_INTERVAL_MS. Every process tries; the lease lets one run at a time and the others
 * find it busy. A failure is logged, never fatal; the next run finishes what it left.
 */
export function purgeRetentionPeriodically(config: Pick<Config, 'RETENTION_DAYS_AFTER_COMPETITION' | 'RETENTION_SWEEP_INTERVAL_MS'>, logger: Logger): NodeJS.Timeout {
  const purge = async () => {
    try {
      const report = await purgeExpiredPersonalData({ now: () => new Date(), retentionDays: config.RETENTION_DAYS_AFTER_COMPETITION, apply: true, trigger: 'schedule' });
      if (report.competitions.length > 0) logger.warn({ retention: describeRetentionReport(report) }, `personal data of ${report.competitions.length} finished competition(s) purged`);
    } catch (error) {
      logger.error({ err: error }, 'retention purge failed; the next run resumes it (or npm run retention:purge -- --apply)');
    }
  };
  void purge();
  const timer = setInterval(() => void purge(), config.RETENTION_SWEEP_INTERVAL_MS);
  timer.unref();
  return timer;
}

/** This process's share of sending notifications: every NOTIFY_DISPATCH_INTERVAL_MS it sends what is due. */
export async function startNotificationDispatch(config: Config, wechat: WeChatClient, logger: Logger): Promise<NotificationDispatcher> {
  const dispatcher = new NotificationDispatcher({
    wechat,
    templateIds: config.NOTIFY_TEMPLATE_IDS,
    longTermTemplates: config.NOTIFY_LONG_TERM_TEMPLATES,
    sendLimit: await createSendRateLimit(config),
    // A send with the client's own retries: every attempt timing out, plus the waits between them.
    leaseMs: 3 * config.WECHAT_TIMEOUT_MS + 10_000,
    // At most a second of sends at the cap per claim, so a batch is sent well within its lease; at
    // most 200, so one claim's bulk write holds the store only briefly.
    batchSize: Math.min(200, config.NOTIFY_SENDS_PER_SECOND),
    logger: logger.child({ component: 'notifications' }),
  });
  dispatcher.start(config.NOTIFY_DISPATCH_INTERVAL_MS);
  return dispatcher;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`bff: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger(config);
  if (config.BFF_PROCESSES > 1 && cluster.isPrimary) {
    runClusterPrimary(config, logger);
    return;
  }
  // A cluster worker names itself in every line, so the primary's restarts can be followed.
  await serve(config, cluster.isWorker ? logger.child({ pid: process.pid }) : logger);
}

/** One BFF process: connects, listens, and runs its share of the background work until SIGTERM/SIGINT. */
async function serve(config: Config, logger: Logger): Promise<void> {
  await connectDatabase(config);
  const deps = await buildDeps(config, logger);
  const app = createApp(deps);
  const server = app.listen(config.PORT, config.HOST);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  // In a cluster the primary says `bff listening` once every worker does (npm start waits for it).
  logger.info({ url: `http://${config.HOST}:${port}` }, cluster.isWorker ? 'bff worker listening' : 'bff listening');
  void reconcileQuotasAtStart(logger);
  sweepOutboxPeriodically(config, logger);
  purgeRetentionPeriodically(config, logger);
  const dispatcher = await startNotificationDispatch(config, deps.wechat, logger);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void dispatcher
      .stop()
      .then(() => shutdownGracefully(server, config, logger))
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bff: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

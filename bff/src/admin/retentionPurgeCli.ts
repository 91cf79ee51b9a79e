import { loadRetentionCommandConfig } from '../config';
import { connectDatabase, disconnectDatabase } from '../db';
import { describeRetentionReport } from '../presenters/retention';
import { purgeExpiredPersonalData } from '../services/retention/purge';

const USAGE = 'usage: npm run retention:purge [-- --dry-run | --apply]';

/**
 * `npm run retention:purge [-- --apply]`: says, per competition past its retention
 * (RETENTION_DAYS_AFTER_COMPETITION after it finished) and per kind, what personal data would be
 * deleted or anonymised; only with `--apply` does it (a purge cannot be undone, so the default is
 * the dry run; `--dry-run` says so explicitly). Safe beside running BFFs: one purge at a time, by a
 * lease they share. Needs only `MONGODB_URI` (and `MONGODB_DB`).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--dry-run' && arg !== '--apply');
  if (unknown.length > 0) throw new Error(`unknown arguments ${unknown.join(' ')}; ${USAGE}`);
  if (args.includes('--dry-run') && args.includes('--apply')) throw new Error(`--dry-run and --apply exclude each other; ${USAGE}`);
  const config = loadRetentionCommandConfig();
  await connectDatabase(config);
  try {
    const report = await purgeExpiredPersonalData({
      now: () => new Date(),
      retentionDays: config.RETENTION_DAYS_AFTER_COMPETITION,
      apply: args.includes('--apply'),
      trigger: 'command',
    });
    process.stdout.write(`${describeRetentionReport(report).join('\n')}\n`);
    if (report.busy) process.exitCode = 75;
  } finally {
    await disconnectDatabase();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`retention:purge: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

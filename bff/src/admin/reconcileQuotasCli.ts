import { loadDatabaseConfig } from '../config';
import { connectDatabase, disconnectDatabase } from '../db';
import { describeQuotaReconciliation } from '../presenters/quotaReconciliation';
import { reconcileQuotas } from '../services/quotaReconciliation';

/**
 * `npm run quotas:reconcile [-- --dry-run]`: compares every quota counter with the registrations'
 * statuses and repairs the differences (with `--dry-run`, only reports them). Safe to run while
 * the BFF serves decisions; the BFF runs the same check at start-up.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--dry-run');
  if (unknown.length > 0) throw new Error(`unknown arguments ${unknown.join(' ')}; usage: npm run quotas:reconcile [-- --dry-run]`);
  const config = loadDatabaseConfig();
  await connectDatabase(config);
  try {
    const report = await reconcileQuotas({ dryRun: args.includes('--dry-run') });
    process.stdout.write(`${describeQuotaReconciliation(report).join('\n')}\n`);
  } finally {
    await disconnectDatabase();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`quotas:reconcile: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

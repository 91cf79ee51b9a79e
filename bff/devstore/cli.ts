/**
 * `npm run db`: runs the devstore as its own process.
 *
 * Environment: DEVSTORE_PORT (default 27017), DEVSTORE_HOST (default 127.0.0.1),
 * DEVSTORE_DATA_DIR (default .data/db under the working directory).
 * Stops cleanly (journal compacted into a snapshot) on SIGTERM and SIGINT.
 *
 * `npm run db:repair` (`--repair`): says where the journal is damaged and what cutting it there
 * would discard; with `--yes` it cuts it (the store must be stopped).
 */
import * as path from 'node:path';

import { startDevStore } from './index';
import { type JournalDamage, type JournalRepair, repairJournal } from './journal';

function portFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 27017;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`DEVSTORE_PORT must be a port number (0-65535), got ${JSON.stringify(value)}`);
  }
  return port;
}

function whatIsDiscarded(damage: JournalDamage): string {
  const { records, operations } = damage.discardedRecords;
  const after = records > 0 ? `, including ${records} intact record(s) (${operations} operation(s)) written after the damaged one` : ' (a torn last record)';
  return `${damage.discardedBytes} byte(s) from byte ${damage.offset} to the end${after}`;
}

function describeRepair(dataDir: string, { damage, savedTo }: JournalRepair): string {
  if (damage === undefined) return `devstore: the journal in ${dataDir} is intact; nothing to repair.\n`;
  if (savedTo !== undefined) {
    return (
      `devstore: cut journal ${damage.file} at byte ${damage.offset} (${damage.problem}).\n` +
      `  kept: ${damage.keptOperations} operation(s), the state up to the damage\n` +
      `  discarded: ${whatIsDiscarded(damage)}; saved to ${savedTo}\n`
    );
  }
  return (
    `devstore: journal ${damage.file} is damaged at byte ${damage.offset} (${damage.problem}).\n` +
    `  a repair keeps: the first ${damage.offset} byte(s), ${damage.keptOperations} operation(s), the state up to the damage\n` +
    `  a repair discards: ${whatIsDiscarded(damage)}\n` +
    `Nothing was changed. To repair, stop the store and run: npm run db:repair -- --yes\n`
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--repair' && arg !== '--yes');
  if (unknown.length > 0 || (args.includes('--yes') && !args.includes('--repair'))) {
    throw new Error(`unknown arguments ${unknown.join(' ') || '--yes'}; usage: npm run db [-- --repair [--yes]]`);
  }
  const dataDir = path.resolve(process.env.DEVSTORE_DATA_DIR || path.join('.data', 'db'));
  if (args.includes('--repair')) {
    process.stdout.write(describeRepair(dataDir, repairJournal(dataDir, { confirmed: args.includes('--yes') })));
    return;
  }
  const port = portFromEnv(process.env.DEVSTORE_PORT);
  const host = process.env.DEVSTORE_HOST || '127.0.0.1';
  const store = await startDevStore({ port, host, dataDir });
  process.stdout.write(`devstore listening on ${store.uri} (data: ${dataDir})\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    store.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`devstore: error while stopping after ${signal}: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${message.startsWith('devstore:') ? message : `devstore: ${message}`}\n`);
  process.exit(1);
});

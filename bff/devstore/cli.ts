/**
 * `npm run db`: runs the devstore as its own process.
 *
 * Environment: DEVSTORE_PORT (default 27017), DEVSTORE_HOST (default 127.0.0.1),
 * DEVSTORE_DATA_DIR (default .data/db under the working directory).
 * Stops cleanly (journal compacted into a snapshot) on SIGTERM and SIGINT.
 */
import * as path from 'node:path';

import { startDevStore } from './index';

function portFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 27017;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`DEVSTORE_PORT must be a port number (0-65535), got ${JSON.stringify(value)}`);
  }
  return port;
}

async function main(): Promise<void> {
  const port = portFromEnv(process.env.DEVSTORE_PORT);
  const host = process.env.DEVSTORE_HOST || '127.0.0.1';
  const dataDir = path.resolve(process.env.DEVSTORE_DATA_DIR || path.join('.data', 'db'));
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
  process.stderr.write(`devstore: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

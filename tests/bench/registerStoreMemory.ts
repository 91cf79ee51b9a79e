/**
 * What-if for `BENCH_STORE_MEMORY=1 npm run bench:register`: the same embedded store, memory
 * only (no journal, so no fdatasync per write), as its own process. Shows how much of the
 * registration path's cost is the store's per-write fsync. Prints the CLI's listening line.
 */
import { startDevStore } from '@contest/bff/devstore';

async function main(): Promise<void> {
  const store = await startDevStore({ port: Number(process.env.DEVSTORE_PORT ?? 0), host: process.env.DEVSTORE_HOST || '127.0.0.1' });
  process.stdout.write(`devstore listening on ${store.uri} (memory only)\n`);
  const stop = () => void store.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`devstore: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

/**
 * Benchmark of the embedded store (`npm run bench:store`).
 *
 * Runs the devstore in a child process (node --expose-gc) with a journal in a temp directory (so
 * its memory is measured on its own), then through the `mongodb` driver:
 *   1. creates every index bff/src/models/registration.ts declares (read from the schema, one
 *      createIndex each with the schema's options, as mongoose's index build does) and reads the
 *      store's RSS after a full GC: the empty store;
 *   2. inserts 100,000 registrations shaped as the app stores them after submission and a union
 *      approval (sealed/hashed/masked ID and phone, a three-union path, eligibility claims, two
 *      timeline entries, an outbox pushed and relayed, idempotency key, account slot, timestamps),
 *      in insertMany batches of 1,000;
 *   3. makes 2,000 indexed point look-ups {competitionId, nationalIdHash}, timing each;
 *   4. provokes one unique-index violation (expects code 11000);
 *   5. reads the store's RSS again after a full GC.
 * bytes_per_registration = (RSS after the inserts and a full GC − RSS of the empty store) / 100,000.
 * marginal_bytes_per_registration = (RSS after all inserts − RSS after the first 10,000, each after a full
 * GC) / 90,000: the same without the buffers the store grows once (serialisation, journal, sockets).
 * Prints human lines, then exactly one JSON line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

import { type CreateIndexesOptions, type IndexDirection, MongoClient, MongoServerError } from 'mongodb';

import { RegistrationModel } from '../../bff/src/models/registration';
import { registration, setting } from './registrationDocument';

const ROOT = path.resolve(__dirname, '../..');
const DOCS = Number(process.env.BENCH_STORE_DOCS ?? 100_000);
/** RSS is read again after this many, for the cost of each registration past the store's fixed buffers. */
const EARLY_DOCS = 10_000;
const BATCH = 1_000;
const LOOKUPS = 2_000;
function startStore(dataDir: string): Promise<{ child: ChildProcess; uri: string }> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'bff/devstore/cli.ts'], {
    cwd: ROOT,
    env: { ...process.env, DEVSTORE_PORT: '0', DEVSTORE_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /devstore listening on (mongodb:\/\/\S+)/.exec(output);
      if (match !== null) resolve({ child, uri: match[1] as string });
    });
    child.once('exit', (code) => reject(new Error(`devstore exited early (${String(code)}): ${output}`)));
  });
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

function vmRssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? undefined : Number(match[1]) / 1024;
  } catch {
    return undefined;
  }
}

const round = (n: number, digits = 3): number => Number(n.toFixed(digits));

async function rssAfterGc(client: MongoClient): Promise<{ rss: number; heapUsed: number; pid: number; journalBytes: number; heapTotal: number; external: number }> {
  const stats = await client.db('admin').command({ devstoreStats: 1, gc: true });
  return { rss: Number(stats.rss), heapUsed: Number(stats.heapUsed), pid: Number(stats.pid), journalBytes: Number(stats.journalBytes), heapTotal: Number(stats.heapTotal), external: Number(stats.external) };
}

const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'devstore-bench-'));
  const { child, uri } = await startStore(dataDir);
  // Generous timeouts: a batch of 1,000 inserts on a busy 2-core machine can hold the store for seconds.
  const client = new MongoClient(uri, { connectTimeoutMS: 300_000, socketTimeoutMS: 0, heartbeatFrequencyMS: 60_000 });
  try {
    await client.connect();
    const coll = client.db('bench').collection('registrations');
    const declared = RegistrationModel.schema.indexes();
    for (const [fields, options] of declared) await coll.createIndex(fields as Record<string, IndexDirection>, options as CreateIndexesOptions);
    console.log(`devstore at ${uri}, journal in ${dataDir}; ${declared.length} indexes as bff/src/models/registration.ts declares them`);
    const empty = await rssAfterGc(client);
    console.log(`empty store: RSS ${mb(empty.rss)} MB, heap used ${mb(empty.heapUsed)} MB (after a full GC)`);

    const s = setting();
    const lookupKeys: { competitionId: unknown; nationalIdHash: unknown }[] = [];
    let insertMs = 0;
    let early: Awaited<ReturnType<typeof rssAfterGc>> | undefined;
    for (let start = 0; start < DOCS; start += BATCH) {
      // The store's buffers (serialisation, journal, sockets) have grown by now: what it holds
      // from here on is what each further registration costs.
      if (start === EARLY_DOCS) early = await rssAfterGc(client);
      const batch = Array.from({ length: Math.min(BATCH, DOCS - start) }, (_, k) => registration(start + k, s));
      for (const doc of batch) if (lookupKeys.length < 5_000 && Math.random() < 0.05) lookupKeys.push({ competitionId: doc.competitionId, nationalIdHash: doc.nationalIdHash });
      const t0 = performance.now();
      await coll.insertMany(batch);
      insertMs += performance.now() - t0;
    }
    const insertsPerS = DOCS / (insertMs / 1000);
    console.log(`inserted ${DOCS} registrations in ${(insertMs / 1000).toFixed(2)} s (${Math.round(insertsPerS)} docs/s, one journal fsync per batch of ${BATCH})`);

    const timings: number[] = [];
    for (let n = 0; n < LOOKUPS; n += 1) {
      const key = lookupKeys[n % lookupKeys.length];
      const t0 = performance.now();
      const doc = await coll.findOne({ competitionId: key?.competitionId, nationalIdHash: key?.nationalIdHash, active: true });
      timings.push(performance.now() - t0);
      if (doc === null) throw new Error(`look-up ${n} found nothing`);
    }
    timings.sort((a, b) => a - b);
    const median = percentile(timings, 50);
    const p99 = percentile(timings, 99);
    console.log(`${LOOKUPS} indexed point look-ups: median ${median.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms (round trip through the driver)`);

    let dupCode: number | undefined;
    try {
      await coll.insertOne(registration(42, s));
    } catch (err) {
      if (err instanceof MongoServerError) dupCode = Number(err.code);
      else throw err;
    }
    console.log(`duplicate {competitionId, nationalIdHash} insert rejected with code ${String(dupCode)}`);

    const full = await rssAfterGc(client);
    const procRss = vmRssMb(full.pid);
    const bytesPerRegistration = (full.rss - empty.rss) / DOCS;
    const marginalBytes = early === undefined ? null : (full.rss - early.rss) / (DOCS - EARLY_DOCS);
    console.log(
      `store RSS ${mb(full.rss)} MB${procRss === undefined ? '' : ` (VmRSS ${procRss.toFixed(1)} MB)`}, heap used ${mb(full.heapUsed)} of ${mb(full.heapTotal)} MB, external ${mb(full.external)} MB, journal ${mb(full.journalBytes)} MB (after a full GC)`,
    );
    console.log(`${Math.round(bytesPerRegistration)} bytes of RSS per registration, heap ${Math.round((full.heapUsed - empty.heapUsed) / DOCS)} bytes`);
    if (marginalBytes !== null) console.log(`${Math.round(marginalBytes)} bytes of RSS per registration from ${EARLY_DOCS} to ${DOCS} (external ${mb(early!.external)} → ${mb(full.external)} MB)`);
    console.log(
      JSON.stringify({
        bench: 'store',
        indexes: declared.length + 1,
        inserts_per_s: Math.round(insertsPerS),
        lookup_median_ms: round(median),
        lookup_p99_ms: round(p99),
        dup_key_code: dupCode ?? null,
        empty_rss_mb: round(empty.rss / 1048576, 1),
        registrations: DOCS,
        rss_mb: round(full.rss / 1048576, 1),
        bytes_per_registration: Math.round(bytesPerRegistration),
        marginal_bytes_per_registration: marginalBytes === null ? null : Math.round(marginalBytes),
      }),
    );
    if (dupCode !== 11000) process.exitCode = 1;
  } finally {
    await client.close();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

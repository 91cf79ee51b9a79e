/**
 * Benchmark of the embedded store (`npm run bench:store`).
 *
 * Runs the devstore in a child process with a journal in a temp directory (so its memory
 * is measured on its own), then through the `mongodb` driver:
 *   1. inserts 100,000 registration-like documents in insertMany batches of 1,000 into a
 *      collection with a unique index {competitionId, idHash} and an index {unionId, status};
 *   2. makes 2,000 indexed point look-ups {competitionId, idHash}, timing each;
 *   3. provokes one unique-index violation (expects code 11000);
 *   4. reads the store's RSS (devstoreStats; /proc VmRSS as a cross-check).
 * Prints human lines, then exactly one JSON line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

import { type Document, MongoClient, MongoServerError, ObjectId } from 'mongodb';

const ROOT = path.resolve(__dirname, '../..');
const DOCS = 100_000;
const BATCH = 1_000;
const LOOKUPS = 2_000;
const TRADES = ['welding', 'electrician', 'cnc', 'fitter', 'chef', 'nursing'];
const STATUSES = ['submitted', 'union_approved', 'confirmed', 'union_rejected', 'withdrawn'];

function startStore(dataDir: string): Promise<{ child: ChildProcess; uri: string }> {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['bff/devstore/cli.ts'], {
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

function idHash(i: number): string {
  return createHash('sha256').update(`id-${i}`).digest('hex');
}

function registration(i: number, competitions: ObjectId[], unions: ObjectId[]): Document {
  const now = new Date(Date.UTC(2025, 2, 1) + i * 1000);
  return {
    competitionId: competitions[i % competitions.length],
    unionId: unions[i % unions.length],
    idHash: idHash(i),
    idEnc: randomBytes(48).toString('base64'),
    name: `选手${i}`,
    phoneEnc: randomBytes(32).toString('base64'),
    sex: i % 2 === 0 ? 'M' : 'F',
    birthDate: new Date(Date.UTC(1980 + (i % 20), i % 12, 1 + (i % 28))),
    trade: TRADES[i % TRADES.length],
    group: i % 3 === 0 ? 'student' : 'worker',
    status: STATUSES[i % STATUSES.length],
    version: 1 + (i % 3),
    privacy: { version: '2025-01', acceptedAt: now },
    trail: [{ to: 'submitted', by: 'worker', role: 'worker', at: now }],
    createdAt: now,
    updatedAt: now,
  };
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

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'devstore-bench-'));
  const { child, uri } = await startStore(dataDir);
  const client = new MongoClient(uri);
  try {
    await client.connect();
    const coll = client.db('bench').collection('registrations');
    await coll.createIndex({ competitionId: 1, idHash: 1 }, { unique: true });
    await coll.createIndex({ unionId: 1, status: 1 });
    console.log(`devstore at ${uri}, journal in ${dataDir}`);

    const competitions = [new ObjectId(), new ObjectId(), new ObjectId()];
    const unions = Array.from({ length: 500 }, () => new ObjectId());
    let insertMs = 0;
    for (let start = 0; start < DOCS; start += BATCH) {
      const batch = Array.from({ length: BATCH }, (_, k) => registration(start + k, competitions, unions));
      const t0 = performance.now();
      await coll.insertMany(batch);
      insertMs += performance.now() - t0;
    }
    const insertsPerS = DOCS / (insertMs / 1000);
    console.log(`inserted ${DOCS} documents in ${(insertMs / 1000).toFixed(2)} s (${Math.round(insertsPerS)} docs/s, one journal fsync per batch of ${BATCH})`);

    const timings: number[] = [];
    for (let n = 0; n < LOOKUPS; n += 1) {
      const i = Math.floor(Math.random() * DOCS);
      const t0 = performance.now();
      const doc = await coll.findOne({ competitionId: competitions[i % competitions.length], idHash: idHash(i) });
      timings.push(performance.now() - t0);
      if (doc === null) throw new Error(`look-up ${i} found nothing`);
    }
    timings.sort((a, b) => a - b);
    const median = percentile(timings, 50);
    const p99 = percentile(timings, 99);
    console.log(`${LOOKUPS} indexed point look-ups: median ${median.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms (round trip through the driver)`);

    let dupCode: number | undefined;
    try {
      await coll.insertOne(registration(42, competitions, unions));
    } catch (err) {
      if (err instanceof MongoServerError) dupCode = Number(err.code);
      else throw err;
    }
    console.log(`duplicate {competitionId, idHash} insert rejected with code ${String(dupCode)}`);

    const stats = await client.db('admin').command({ devstoreStats: 1 });
    if (process.env.BENCH_GC === '1') {
      // Diagnostics: with the child started under --expose-gc, show the live heap too.
      const collected = await client.db('admin').command({ devstoreStats: 1, gc: true });
      console.log(`after a full GC: RSS ${(Number(collected.rss) / 1048576).toFixed(1)} MB, heap used ${(Number(collected.heapUsed) / 1048576).toFixed(1)} MB`);
    }
    const rssMb = Number(stats.rss) / 1048576;
    const procRss = vmRssMb(Number(stats.pid));
    console.log(`store RSS ${rssMb.toFixed(1)} MB${procRss === undefined ? '' : ` (VmRSS ${procRss.toFixed(1)} MB)`}, heap used ${(Number(stats.heapUsed) / 1048576).toFixed(1)} MB, journal ${(Number(stats.journalBytes) / 1048576).toFixed(1)} MB`);
    console.log(
      JSON.stringify({
        bench: 'store',
        docs: DOCS,
        inserts_per_s: Math.round(insertsPerS),
        lookup_median_ms: round(median),
        lookup_p99_ms: round(p99),
        rss_mb: round(rssMb, 1),
        dup_key_code: dupCode ?? null,
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

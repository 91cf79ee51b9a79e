/**
 * The public 公示 page under load (`npm run bench:results`), issue 13.
 *
 * Child processes: the embedded store (journal in a temp directory), the BFF (`bff/src/server.ts`,
 * production settings) and the bare Koa app of bench:register (registerBareApp.ts). From this
 * process, through mongoose: the demo data and CONTESTANTS confirmed registrations spread over the
 * demo's trades × groups and its unions, each with a score (a few absent), inserted with insertMany.
 * Then the results service builds the snapshot as opening the 公示 does (writeSnapshot: ranks,
 * awards, team standings for all of them), and a second time as an answered
 * objection does (ranked against the first, with change notes). `rebuild_ms` is that second
 * build plus the BFF's first open of the summary after it (every page of the new version prepared
 * — JSON and gzip — and the summary read whole).
 *
 * The load is what people open after the push, as the mini-program asks for it (gzip accepted, as
 * wx.request does; no ETag, as on a first open): the summary once, then pages of a trade × group's
 * list — the person's own first page, its next page (scrolling on), and the first page of one more
 * trade × group; so three list pages per summary, walking over every trade × group:
 * GET /api/v1/public/competitions/:id/results and …/results?tradeCode=&groupCode=&page=, to
 * CONNECTIONS connections (autocannon, after a warm-up), and in the same run the bare route under
 * the same connections. Prints the figures, then one JSON line; ratio = results answers a second ÷ bare
 * answers a second. Target: ratio ≥ 0.5, errors 0.
 *
 * Environment: BENCH_RESULTS_CONTESTANTS (20000), BENCH_RESULTS_CONNECTIONS (50), BENCH_DURATION_S
 * (5, measured seconds of each route), BENCH_CPU_PROF_DIR (diagnostics: the BFF writes a V8 CPU
 * profile there when it stops).
 */
import * as os from 'node:os';

import { trusted, Types } from 'mongoose';
import { connectDatabase } from '@contest/bff/src/db';
import { CompetitionModel, type CompetitionSetupRecord } from '@contest/bff/src/models/competition';
import { UnionModel, type UnionWithId } from '@contest/bff/src/models/union';
import { DEMO_COMPETITION } from '@contest/bff/src/seed/demoData';
import { seedDemoData } from '@contest/bff/src/seed/seedDemo';
import { writeSnapshot, type SnapshotStatus } from '@contest/bff/src/services/results/results';
import { announcementClosingDate } from '@contest/bff/src/workingDays';
import { randomSource } from '../support/bulkRegistrations';
import { BARE_PATH, cleanUp, envInt, runBench, startBffAndBare, startStore } from './benchProcesses';
import { runAutocannon, type AutocannonRequest, type AutocannonResult } from './registerAutocannon';
import { seedScoredContestants } from './scoredContestants';

const CONTESTANTS = envInt('BENCH_RESULTS_CONTESTANTS', 20_000);
const CONNECTIONS = envInt('BENCH_RESULTS_CONNECTIONS', 50);
const DURATION_S = envInt('BENCH_DURATION_S', 5);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF_DIR;
const DB_NAME = 'bench_results';
const TARGET_RATIO = 0.5;
/** As the mini-program's requests go out (wx.request accepts gzip). */
const GZIP = { 'accept-encoding': 'gzip' };

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));
const seconds = (ms: number): string => (ms / 1000).toFixed(1);

interface RouteRun {
  run: AutocannonResult;
  rps: number;
  errors: number;
}

/** A warm-up second, then DURATION_S measured seconds at CONNECTIONS connections. */
async function load(url: string, requests?: AutocannonRequest[], headers?: Record<string, string>): Promise<RouteRun> {
  await runAutocannon({ url, connections: CONNECTIONS, duration: 1, requests, headers });
  const run = await runAutocannon({ url, connections: CONNECTIONS, duration: DURATION_S, requests, headers });
  return { run, rps: run['2xx'] / run.duration, errors: run.errors + run.timeouts + run.non2xx };
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = os.loadavg();
  const random = randomSource(20261203);

  // 1. The store, the demo data, the scored contestants.
  const { uri: storeUri } = await startStore({ tempPrefix: 'bench-results-' });
  await connectDatabase({ MONGODB_URI: storeUri, MONGODB_DB: DB_NAME, MONGODB_SERVER_SELECTION_MS: 120_000 });
  const now = new Date();
  await seedDemoData(now);
  // No place limits: 20,000 contestants are far beyond the demo's one place per union × trade ×
  // group, inserted without taking places, and the BFF's start-up quota check would otherwise be
  // restoring 20,000 of them while the pages are measured (as bench:checkin does).
  await CompetitionModel.updateOne({ slug: DEMO_COMPETITION.slug }, { $set: { quotas: [] } }).exec();
  const competition = await CompetitionModel.findOne({ slug: DEMO_COMPETITION.slug }).lean<CompetitionSetupRecord>().orFail().exec();
  const unions = await UnionModel.find({ parentId: trusted({ $ne: null }) }).lean<UnionWithId[]>().exec();
  const seedStarted = Date.now();
  await seedScoredContestants(competition, unions, CONTESTANTS, random, now);
  console.log(`${CONTESTANTS} scored contestants over ${competition.trades.length} trades and ${unions.length} unions, seeded in ${seconds(Date.now() - seedStarted)} s`);

  // 2. The snapshot, as opening the 公示 builds it, then again as an answered objection does.
  const { closingDate, closesAt } = announcementClosingDate(new Date('2026-11-02T02:00:00Z'), 5);
  const status: SnapshotStatus = { status: 'announced', closingDate, closesAt, finalAt: null };
  let rebuildStarted = performance.now();
  const first = await writeSnapshot(competition, [], status, now);
  const firstMs = performance.now() - rebuildStarted;
  const rows = first.groups.reduce((sum, group) => sum + group.rows.length, 0);
  rebuildStarted = performance.now();
  const second = await writeSnapshot(competition, [new Types.ObjectId(first.groups[0]!.rows[0]!.registrationId)], status, new Date());
  const rebuildMs = performance.now() - rebuildStarted;
  console.log(
    `snapshot v${first.version}: ${rows} rows in ${first.groups.length} trade × group lists, built in ${firstMs.toFixed(0)} ms; ` +
      `v${second.version} (one result taken out, ranked against v${first.version}, ${second.changes.length} change notes) in ${rebuildMs.toFixed(0)} ms`,
  );

  // 3. The BFF and the bare app; the pages once to see their size.
  // The store is one thread: a snapshot of 20,000 rows read whole keeps it busy for a while.
  const { bffUrl, bareUrl } = await startBffAndBare({
    storeUri,
    dbName: DB_NAME,
    env: { MONGODB_SERVER_SELECTION_MS: '120000' },
    bff: CPU_PROF_DIR ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] } : undefined,
  });
  const summaryPath = `/api/v1/public/competitions/${competition._id.toHexString()}/results`;
  const listPath = (g: { tradeCode: string; groupCode: string }, page: number) =>
    `${summaryPath}?${new URLSearchParams({ tradeCode: g.tradeCode, groupCode: g.groupCode, page: String(page) }).toString()}`;
  const listPaths = second.groups.map((g) => listPath(g, 1));
  const sized = async (path: string) => {
    const res = await fetch(`${bffUrl}${path}`, { headers: GZIP });
    await res.arrayBuffer();
    // fetch unzips: the bytes sent are in Content-Length.
    const bytes = Number(res.headers.get('content-length'));
    if (res.status !== 200 || res.headers.get('content-encoding') !== 'gzip') throw new Error(`${path} answered ${res.status} (${res.headers.get('content-encoding') ?? 'not compressed'})`);
    return bytes;
  };
  const firstOpen = performance.now();
  const summaryBytes = await sized(summaryPath);
  const firstOpenMs = performance.now() - firstOpen;
  const listBytes = await Promise.all(listPaths.map(sized));
  const pageBytes = Math.max(...listBytes);
  console.log(
    `summary ${(summaryBytes / 1024).toFixed(1)} KiB gzip (first open ${firstOpenMs.toFixed(0)} ms); ${listPaths.length} trade × group lists, ` +
      `first pages ${(Math.min(...listBytes) / 1024).toFixed(1)}–${(pageBytes / 1024).toFixed(1)} KiB gzip`,
  );
  // The summary, then the person's own list (its first page and the next), then another's first page.
  const requests: AutocannonRequest[] = second.groups.flatMap((g, i) => [
    { method: 'GET', path: summaryPath },
    { method: 'GET', path: listPath(g, 1) },
    { method: 'GET', path: listPath(g, 2) },
    { method: 'GET', path: listPaths[(i + 1) % listPaths.length]! },
  ]);

  // 4. The page, then the bare route, same connections.
  const results = await load(bffUrl, requests, GZIP);
  const bare = await load(`${bareUrl}${BARE_PATH}`);
  const ratio = bare.rps > 0 ? results.rps / bare.rps : 0;
  const p99 = results.run.latency.p99;

  console.log('');
  console.log(
    `results pages: ${results.run['2xx']} answers in ${results.run.duration} s at ${CONNECTIONS} connections = ${results.rps.toFixed(0)}/s, ` +
      `p50 ${results.run.latency.p50} ms, p99 ${p99} ms, errors ${results.errors}`,
  );
  console.log(`bare Koa route: ${bare.run['2xx']} answers = ${bare.rps.toFixed(0)}/s, p99 ${bare.run.latency.p99} ms, errors ${bare.errors}`);
  console.log(`ratio results/bare = ${ratio.toFixed(3)} (target ≥ ${TARGET_RATIO})`);
  const met = ratio >= TARGET_RATIO && results.errors === 0;
  console.log(met ? 'all targets met' : 'targets MISSED');
  console.log(
    `load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} after; ${os.cpus().length} cores; bench took ${seconds(Date.now() - started)} s`,
  );

  await cleanUp();
  console.log(
    JSON.stringify({
      bench: 'results',
      contestants: CONTESTANTS,
      p99_ms: round(p99),
      ratio: round(ratio, 3),
      errors: results.errors,
      rebuild_ms: round(rebuildMs + firstOpenMs, 0),
      first_build_ms: round(firstMs, 0),
      summary_kib_gzip: round(summaryBytes / 1024),
      list_page_kib_gzip: round(pageBytes / 1024),
      results_rps: round(results.rps),
      bare_rps: round(bare.rps),
      targets_met: met,
    }),
  );
}

runBench(main);

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
 * build plus the BFF's first open of the page after it (its cache rebuilt from the new snapshot,
 * the answer read whole). The BFF then serves
 * GET /api/v1/public/competitions/:id/results to CONNECTIONS connections (autocannon, after a
 * warm-up), and in the same run the bare route under the same connections.
 * Prints the figures, then one JSON line; ratio = results answers a second ÷ bare answers a second.
 * Target: ratio ≥ 0.5, errors 0.
 *
 * Environment: BENCH_RESULTS_CONTESTANTS (20000), BENCH_RESULTS_CONNECTIONS (50), BENCH_DURATION_S
 * (5, measured seconds of each route).
 */
import * as os from 'node:os';

import { trusted, Types } from 'mongoose';
import { PRIVACY_NOTICE_VERSION } from '@contest/shared';
import { connectDatabase } from '@contest/bff/src/db';
import { CompetitionModel, type CompetitionSetupRecord } from '@contest/bff/src/models/competition';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { ScoreModel } from '@contest/bff/src/models/score';
import { UnionModel, type UnionWithId } from '@contest/bff/src/models/union';
import { DEMO_COMPETITION } from '@contest/bff/src/seed/demoData';
import { seedDemoData } from '@contest/bff/src/seed/seedDemo';
import { writeSnapshot, type SnapshotStatus } from '@contest/bff/src/services/results/results';
import { announcementClosingDate } from '@contest/bff/src/workingDays';
import { randomSource } from '../support/bulkRegistrations';
import { BARE_PATH, cleanUp, envInt, runBench, startBffAndBare, startStore } from './benchProcesses';
import { runAutocannon, type AutocannonResult } from './registerAutocannon';

const CONTESTANTS = envInt('BENCH_RESULTS_CONTESTANTS', 20_000);
const CONNECTIONS = envInt('BENCH_RESULTS_CONNECTIONS', 50);
const DURATION_S = envInt('BENCH_DURATION_S', 5);
const DB_NAME = 'bench_results';
const INSERT_BATCH = 2_000;
const ABSENT_SHARE = 0.02;
const TARGET_RATIO = 0.5;

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));
const seconds = (ms: number): string => (ms / 1000).toFixed(1);

/** CONTESTANTS confirmed registrations over every trade × group and union, each scored. */
async function seedScoredContestants(competition: CompetitionSetupRecord, unions: UnionWithId[], random: () => number, now: Date): Promise<void> {
  const slots = competition.trades.flatMap((trade) => trade.groups.map((groupCode) => ({ tradeCode: trade.code, groupCode })));
  const committee = new Types.ObjectId();
  for (let start = 0; start < CONTESTANTS; start += INSERT_BATCH) {
    const registrations = [];
    const scores = [];
    for (let i = start; i < Math.min(start + INSERT_BATCH, CONTESTANTS); i += 1) {
      const serial = i + 1;
      const slot = slots[i % slots.length]!;
      const union = unions[i % unions.length]!;
      const registrationId = new Types.ObjectId();
      registrations.push({
        _id: registrationId,
        competitionId: competition._id,
        unionId: union._id,
        unionPath: [...union.ancestorIds, union._id],
        userId: new Types.ObjectId(),
        name: `选手${serial}`,
        nationalIdSealed: null,
        nationalIdHash: `bench-results-${serial}`,
        nationalIdMasked: `120103********${String(serial % 10_000).padStart(4, '0')}`,
        mobileMasked: '138****5678',
        age: 35,
        sex: 'male',
        employer: '天津港（集团）有限公司',
        tradeCode: slot.tradeCode,
        groupCode: slot.groupCode,
        status: 'confirmed',
        active: true,
        version: 3,
        privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
        submittedAt: now,
        timeline: [{ at: now, action: 'committee_confirm', actor: 'committee', actorName: '大赛组委会', from: 'union_approved', to: 'confirmed' }],
        createdAt: now,
        updatedAt: now,
      });
      const absent = random() < ABSENT_SHARE;
      // Scores on a coarse grid so that ties (and so the tie rule) occur.
      scores.push({
        competitionId: competition._id,
        registrationId,
        passSerial: serial,
        tradeCode: slot.tradeCode,
        groupCode: slot.groupCode,
        theory: absent ? null : 40 + Math.floor(random() * 121) / 2,
        practical: absent ? null : 40 + Math.floor(random() * 121) / 2,
        absent,
        remarks: '',
        version: 1,
        updatedAt: now,
        updatedBy: committee,
        lastChangeId: new Types.ObjectId(),
      });
    }
    await RegistrationModel.insertMany(registrations, { lean: true });
    await ScoreModel.insertMany(scores, { lean: true });
  }
}

interface RouteRun {
  run: AutocannonResult;
  rps: number;
  errors: number;
}

/** A warm-up second, then DURATION_S measured seconds at CONNECTIONS connections. */
async function load(url: string, onResponse?: (status: number) => void): Promise<RouteRun> {
  await runAutocannon({ url, connections: CONNECTIONS, duration: 1 });
  const run = await runAutocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: onResponse ? [{ method: 'GET', onResponse: (status) => onResponse(status) }] : undefined,
  });
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
  const competition = await CompetitionModel.findOne({ slug: DEMO_COMPETITION.slug }).lean<CompetitionSetupRecord>().orFail().exec();
  const unions = await UnionModel.find({ parentId: trusted({ $ne: null }) }).lean<UnionWithId[]>().exec();
  const seedStarted = Date.now();
  await seedScoredContestants(competition, unions, random, now);
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

  // 3. The BFF and the bare app; the page once to see its size.
  // The store is one thread: a snapshot of 20,000 rows read whole keeps it busy for a while.
  const { bffUrl, bareUrl } = await startBffAndBare({ storeUri, dbName: DB_NAME, env: { MONGODB_SERVER_SELECTION_MS: '120000' } });
  const pageUrl = `${bffUrl}/api/v1/public/competitions/${competition._id.toHexString()}/results`;
  const firstOpen = performance.now();
  const page = await fetch(pageUrl);
  const pageBytes = (await page.arrayBuffer()).byteLength;
  const firstOpenMs = performance.now() - firstOpen;
  if (page.status !== 200) throw new Error(`the results page answered ${page.status}`);
  console.log(`results page: ${(pageBytes / 1024).toFixed(0)} KiB (${page.headers.get('content-encoding') ?? 'not compressed'}), first open ${firstOpenMs.toFixed(0)} ms`);

  // 4. The page, then the bare route, same connections.
  const results = await load(pageUrl);
  const bare = await load(`${bareUrl}${BARE_PATH}`);
  const ratio = bare.rps > 0 ? results.rps / bare.rps : 0;
  const p99 = results.run.latency.p99;

  console.log('');
  console.log(
    `results page: ${results.run['2xx']} answers in ${results.run.duration} s at ${CONNECTIONS} connections = ${results.rps.toFixed(0)}/s, ` +
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
      page_kib: round(pageBytes / 1024, 0),
      results_rps: round(results.rps),
      bare_rps: round(bare.rps),
      targets_met: met,
    }),
  );
}

runBench(main);

/**
 * Benchmark of the audit queues (`npm run bench:audit`), issue 5.
 *
 * Child processes: the embedded store (journal in a temp directory), the BFF (`bff/src/server.ts`,
 * production settings) and the bare Koa app of bench:register (registerBareApp.ts). From this
 * process, through mongoose: the demo data, then REGISTRATIONS registrations of the demo
 * competition inserted with insertMany in batches, UNION_ROWS of them in the 河西区总工会 subtree
 * (its own and its sub-union's), statuses mostly 'submitted', trades and groups spread, ID and
 * phone only masked (the queue never decrypts, so the cipher is skipped for seeding).
 * Then autocannon (registerAutocannon.ts), each target after a short warm-up:
 *   1. the 河西区 official's first queue page (待工会审核, 20 rows);
 *   2. a deep page of that queue: the cursor is the DEEP_ROW-th row's id;
 *   3. the committee's first queue page (待组委会确认 over the whole competition);
 *   4. the bare Koa JSON route, same load.
 * Prints p50/p99 and requests per second of each, the ratio of each to the bare route's rate,
 * then exactly one JSON line. No numeric target: the issue asks for the figures.
 *
 * Environment: BENCH_CONNECTIONS (10), BENCH_DURATION_S (8), BENCH_WARMUP_S (2),
 * BENCH_REGISTRATIONS (100000), BENCH_UNION_ROWS (20000), BENCH_DEEP_ROW (15000),
 * BENCH_CPU_PROF_DIR (diagnostics: the store and the BFF write a V8 CPU profile there when they stop).
 */
import * as os from 'node:os';

import { Types } from 'mongoose';
import { ZAuditQueueResponse } from '@contest/shared';
import { connectDatabase } from '@contest/bff/src/db';
import { CompetitionModel, type CompetitionSetupRecord } from '@contest/bff/src/models/competition';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { UnionModel, type UnionWithId } from '@contest/bff/src/models/union';
import { DEMO_COMPETITION } from '@contest/bff/src/seed/demoData';
import { seedDemoData } from '@contest/bff/src/seed/seedDemo';
import { signInAs } from '../support/auth';
import { placementOf, seedBulkRegistrations } from '../support/bulkRegistrations';
import { BARE_PATH, cleanUp, envInt, procStatusMb, runBench, startBffAndBare, startStore } from './benchProcesses';
import { type AutocannonResult, runAutocannon } from './registerAutocannon';

const CONNECTIONS = envInt('BENCH_CONNECTIONS', 10);
const DURATION_S = envInt('BENCH_DURATION_S', 8);
const WARMUP_S = envInt('BENCH_WARMUP_S', 2);
const REGISTRATIONS = envInt('BENCH_REGISTRATIONS', 100_000);
const UNION_ROWS = envInt('BENCH_UNION_ROWS', 20_000);
const DEEP_ROW = envInt('BENCH_DEEP_ROW', 15_000);
const PAGE_SIZE = 20;
const DB_NAME = 'bench_audit';
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF_DIR;
const nodeFlags = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [];
const UNION_NAME = '河西区总工会';
const SUB_UNION_NAME = '河西区友谊路街道总工会';

// ---------------------------------------------------------------- measurement

interface Target {
  key: 'first_page' | 'deep_page' | 'committee_page';
  label: string;
  path: string;
  authorization: string;
}

interface Measured {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
  result: AutocannonResult;
}

async function measure(url: string, headers: Record<string, string>): Promise<Measured> {
  await runAutocannon({ url, connections: CONNECTIONS, duration: WARMUP_S, headers });
  const result = await runAutocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers, timeout: 30 });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result['2xx'] / result.duration,
    errors: result.errors + result.non2xx + result.timeouts,
    result,
  };
}

/** One page through fetch, checked: the load must measure real answers, not errors. */
async function checkedPage(url: string, authorization: string, expect: (items: Array<{ id: string; status: string; union: { name: string } }>) => string | null) {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization } });
  const ms = performance.now() - started;
  const body: unknown = await response.json();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body)}`);
  const page = ZAuditQueueResponse.parse(body).data;
  const problem = page.items.length !== PAGE_SIZE ? `${page.items.length} rows instead of ${PAGE_SIZE}` : expect(page.items);
  if (problem) throw new Error(`${url}: ${problem}`);
  return { ms, page };
}

/** Waits until the BFF's database ping answers within its 1 s limit: the store has no backlog left. */
async function drain(bffUrl: string): Promise<void> {
  for (let tries = 0; tries < 120; tries += 1) {
    if ((await fetch(`${bffUrl}/readyz`)).ok) return;
  }
  throw new Error('the store still has a backlog after two minutes');
}

// ---------------------------------------------------------------- main

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

async function main(): Promise<void> {
  const started = Date.now();

  // 1. The store, the demo data and the registrations.
  const { store, uri: storeUri } = await startStore({ tempPrefix: 'bench-audit-', nodeFlags });
  await connectDatabase({ MONGODB_URI: storeUri, MONGODB_DB: DB_NAME, MONGODB_SERVER_SELECTION_MS: 5000 });
  const now = new Date();
  await seedDemoData(now);
  const competition = await CompetitionModel.findOne({ slug: DEMO_COMPETITION.slug }).lean<CompetitionSetupRecord>().orFail().exec();
  const unions = await UnionModel.find({}).lean<UnionWithId[]>().exec();
  const hexi = unions.find((u) => u.name === UNION_NAME);
  const youyi = unions.find((u) => u.name === SUB_UNION_NAME);
  if (!hexi || !youyi) throw new Error(`the demo data has no ${UNION_NAME} / ${SUB_UNION_NAME}`);
  const inHexi = (union: UnionWithId) => union._id.equals(hexi._id) || union.ancestorIds.some((id) => id.equals(hexi._id));
  // Elsewhere: every union outside 河西区's subtree and not above it (the city union has no members of its own here).
  const elsewhere = unions.filter((u) => !inHexi(u) && u.ancestorIds.length > 0).map(placementOf);
  const seedStarted = Date.now();
  const waitingInUnion = await seedBulkRegistrations(
    competition,
    { total: REGISTRATIONS, unionRows: UNION_ROWS, inUnion: [placementOf(hexi), placementOf(youyi)], elsewhere },
    now,
  );
  const seedS = (Date.now() - seedStarted) / 1000;
  const stored = await RegistrationModel.estimatedDocumentCount().exec();
  console.log(
    `store ${storeUri}: ${stored} registrations inserted in ${seedS.toFixed(1)} s (${UNION_ROWS} in the ${UNION_NAME} subtree, ` +
      `${waitingInUnion.length} of them 待工会审核; ${elsewhere.length} other unions); store RSS ${(procStatusMb(store.process.pid!, 'VmRSS') ?? 0).toFixed(0)} MB`,
  );
  if (waitingInUnion.length <= DEEP_ROW) throw new Error(`the union's queue has ${waitingInUnion.length} rows, not more than ${DEEP_ROW}`);

  const official = await signInAs([{ role: 'union_official', unionId: hexi._id }]);
  const committee = await signInAs([{ role: 'committee', competitionId: competition._id }]);

  // 2. The BFF and the bare app.
  const { bff, bffUrl, bareUrl } = await startBffAndBare({ storeUri, dbName: DB_NAME, bff: { nodeFlags } });

  // 3. What each target answers, checked once.
  const queuePath = (desk: 'union' | 'committee') => `/api/v1/audit/${desk}/competitions/${competition._id.toHexString()}/registrations`;
  const deepCursor = (waitingInUnion[DEEP_ROW - 1] as Types.ObjectId).toHexString();
  const targets: Target[] = [
    { key: 'first_page', label: `${UNION_NAME} official, first page`, path: queuePath('union'), authorization: official.auth.Authorization },
    { key: 'deep_page', label: `${UNION_NAME} official, page after row ${DEEP_ROW}`, path: `${queuePath('union')}?cursor=${deepCursor}`, authorization: official.auth.Authorization },
    { key: 'committee_page', label: 'committee, first page', path: queuePath('committee'), authorization: committee.auth.Authorization },
  ];
  const unionNames = new Set([UNION_NAME, SUB_UNION_NAME]);
  const expectations: Record<Target['key'], (items: Array<{ id: string; status: string; union: { name: string } }>) => string | null> = {
    first_page: (items) =>
      items[0]?.id !== waitingInUnion[0]?.toHexString() ? 'not the queue’s oldest row first' : items.every((r) => unionNames.has(r.union.name) && r.status === 'submitted') ? null : 'a row outside the scope or tab',
    deep_page: (items) => (items[0]?.id !== waitingInUnion[DEEP_ROW]?.toHexString() ? `not row ${DEEP_ROW + 1} first` : null),
    committee_page: (items) => (items.every((r) => r.status === 'union_approved') ? null : 'a row not 待组委会确认'),
  };
  for (const target of targets) {
    const { ms } = await checkedPage(`${bffUrl}${target.path}`, target.authorization, expectations[target.key]);
    console.log(`checked: ${target.label} answers ${PAGE_SIZE} correct rows (one request, cold: ${ms.toFixed(0)} ms)`);
  }

  // 4. The load: each target, then the bare route.
  const measured = new Map<Target['key'], Measured>();
  for (const target of targets) {
    measured.set(target.key, await measure(`${bffUrl}${target.path}`, { authorization: target.authorization }));
    // Requests autocannon abandoned at its stop still queue in the store: let them finish before the next target.
    await drain(bffUrl);
  }
  const bareRun = await measure(`${bareUrl}${BARE_PATH}`, {});
  const bffRss = (procStatusMb(bff.process.pid!, 'VmRSS') ?? 0);
  const storeRss = (procStatusMb(store.process.pid!, 'VmRSS') ?? 0);

  console.log('');
  console.log(`load: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION_S} s measured per target; ${os.cpus().length} cores shared with everything else`);
  const json: Record<string, unknown> = { bench: 'audit', registrations: stored, union_rows: UNION_ROWS };
  let errors = bareRun.errors;
  for (const target of targets) {
    const m = measured.get(target.key)!;
    const ratio = bareRun.rps > 0 ? m.rps / bareRun.rps : 0;
    errors += m.errors;
    console.log(
      `${target.label.padEnd(40)} p50 ${String(m.p50).padStart(5)} ms, p99 ${String(m.p99).padStart(5)} ms, ${m.rps.toFixed(1).padStart(7)} req/s, ` +
        `ratio to bare ${ratio.toFixed(4)}, errors ${m.errors}`,
    );
    json[target.key] = { p50_ms: m.p50, p99_ms: m.p99, rps: round(m.rps), ratio: round(ratio, 4) };
  }
  console.log(`${'bare Koa route'.padEnd(40)} p50 ${String(bareRun.p50).padStart(5)} ms, p99 ${String(bareRun.p99).padStart(5)} ms, ${bareRun.rps.toFixed(1).padStart(7)} req/s, errors ${bareRun.errors}`);
  console.log(`RSS after the load: BFF ${bffRss.toFixed(0)} MB, store ${storeRss.toFixed(0)} MB; bench took ${((Date.now() - started) / 1000).toFixed(0)} s`);

  await cleanUp();
  console.log(JSON.stringify({ ...json, bare_rps: round(bareRun.rps), errors, connections: CONNECTIONS, duration_s: DURATION_S }));
}

runBench(main);

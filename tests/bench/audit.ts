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
 * BENCH_REGISTRATIONS (100000), BENCH_UNION_ROWS (20000), BENCH_DEEP_ROW (15000).
 */
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';

import { Types } from 'mongoose';
import { PRIVACY_NOTICE_VERSION, ZAuditQueueResponse, ZSkillLevel, type TRegistrationStatus } from '@contest/shared';
import { connectDatabase } from '@contest/bff/src/db';
import { CompetitionModel, type CompetitionSetupRecord } from '@contest/bff/src/models/competition';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { UnionModel, type UnionWithId } from '@contest/bff/src/models/union';
import { DEMO_COMPETITION } from '@contest/bff/src/seed/demoData';
import { seedDemoData } from '@contest/bff/src/seed/seedDemo';
import { signInAs } from '../support/auth';
import { BARE_PATH, cleanUp, procStatusMb, runBench, startBffAndBare, startStore } from './benchProcesses';
import { type AutocannonResult, runAutocannon } from './registerAutocannon';

const envInt = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 10);
const DURATION_S = envInt('BENCH_DURATION_S', 8);
const WARMUP_S = envInt('BENCH_WARMUP_S', 2);
const REGISTRATIONS = envInt('BENCH_REGISTRATIONS', 100_000);
const UNION_ROWS = envInt('BENCH_UNION_ROWS', 20_000);
const DEEP_ROW = envInt('BENCH_DEEP_ROW', 15_000);
const INSERT_BATCH = 2_000;
const PAGE_SIZE = 20;
const DB_NAME = 'bench_audit';
const UNION_NAME = '河西区总工会';
const SUB_UNION_NAME = '河西区友谊路街道总工会';

// ---------------------------------------------------------------- the registrations

/** A small deterministic generator (mulberry32), so every run seeds the same spread. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mostly waiting for the union, as during registration; the rest spread over the later states. */
const STATUS_SHARES: Array<[TRegistrationStatus, number]> = [
  ['submitted', 0.85],
  ['union_approved', 0.08],
  ['confirmed', 0.04],
  ['union_rejected', 0.015],
  ['committee_rejected', 0.005],
  ['withdrawn', 0.01],
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '霞'];
const EMPLOYERS = ['天津港（集团）有限公司第一码头', '天津一汽丰田汽车有限公司', '天津钢管制造有限公司', '中车唐山机车车辆有限公司天津分公司', '天津轨道交通运营集团有限公司'];
const SKILL_LEVELS = ZSkillLevel.options;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function pickStatus(random: () => number): TRegistrationStatus {
  let r = random();
  for (const [status, share] of STATUS_SHARES) {
    r -= share;
    if (r < 0) return status;
  }
  return 'submitted';
}

interface Placement {
  union: UnionWithId;
  /** The union's chain, itself last. */
  path: Types.ObjectId[];
}

function registrationDoc(random: () => number, competition: CompetitionSetupRecord, placement: Placement, i: number, now: Date) {
  const status = pickStatus(random);
  const trade = pick(random, competition.trades);
  const groupCode = trade.groups.length > 1 && random() < 0.2 ? 'student' : (trade.groups[0] as 'worker' | 'student');
  const sequence = String(i % 1000).padStart(3, '0');
  const birthYear = groupCode === 'student' ? 2004 + Math.floor(random() * 4) : 1970 + Math.floor(random() * 30);
  const submittedAt = new Date(now.getTime() - Math.floor(random() * 30 * 86_400_000));
  const decided = status !== 'submitted' && status !== 'withdrawn';
  return {
    // Ascending ids in insertion order, like registrations arriving over time.
    _id: new Types.ObjectId(),
    competitionId: competition._id,
    unionId: placement.union._id,
    unionPath: placement.path,
    userId: new Types.ObjectId(),
    name: pick(random, SURNAMES) + pick(random, GIVEN) + (random() < 0.5 ? pick(random, GIVEN) : ''),
    nationalIdSealed: null,
    // Unique per person (the one-active-registration index); the cipher's keyed hash is skipped here.
    nationalIdHash: `bench-${i}-${randomBytes(8).toString('hex')}`,
    nationalIdMasked: `120103********${sequence}X`,
    mobileSealed: null,
    mobileHash: `bench-m-${i}`,
    mobileMasked: `138****${String(i % 10_000).padStart(4, '0')}`,
    age: now.getUTCFullYear() - birthYear,
    sex: random() < 0.5 ? 'male' : 'female',
    employer: pick(random, EMPLOYERS),
    tradeCode: trade.code,
    groupCode,
    skillLevel: pick(random, SKILL_LEVELS),
    yearsInTrade: Math.floor(random() * 20),
    declarations: { notFullTimeStudent: groupCode === 'worker', noExcludedHonour: true, localResidence: false },
    venue: null,
    status,
    active: status !== 'withdrawn',
    version: decided ? (status === 'confirmed' || status === 'committee_rejected' ? 2 : 1) : 0,
    privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
    submittedAt,
    timeline: [{ at: submittedAt, action: 'submit', actor: 'worker', actorUserId: null, actorRole: null, actorName: null, from: null, to: 'submitted', reason: null }],
    createdAt: submittedAt,
    updatedAt: submittedAt,
  };
}

/**
 * Inserts the registrations in batches, the union's rows spread evenly among the others; returns
 * the ids of the union subtree's 'submitted' rows in queue order (for the deep page's cursor).
 */
async function seedRegistrations(competition: CompetitionSetupRecord, inUnion: Placement[], elsewhere: Placement[], now: Date): Promise<Types.ObjectId[]> {
  const random = randomSource(20261124);
  const waitingInUnion: Types.ObjectId[] = [];
  let unionLeft = UNION_ROWS;
  for (let start = 0; start < REGISTRATIONS; start += INSERT_BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(start + INSERT_BATCH, REGISTRATIONS); i += 1) {
      // Exactly UNION_ROWS in the union: its share of what is left, drawn at random.
      const atUnion = random() < unionLeft / (REGISTRATIONS - i);
      if (atUnion) unionLeft -= 1;
      // Two thirds at the district union itself, the rest at its sub-union.
      const placement = atUnion ? (random() < 2 / 3 ? inUnion[0]! : inUnion[1]!) : pick(random, elsewhere);
      const doc = registrationDoc(random, competition, placement, i, now);
      if (atUnion && doc.status === 'submitted') waitingInUnion.push(doc._id);
      batch.push(doc);
    }
    await RegistrationModel.insertMany(batch, { lean: true });
  }
  return waitingInUnion;
}

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
  const { store, uri: storeUri } = await startStore({ tempPrefix: 'bench-audit-' });
  await connectDatabase({ MONGODB_URI: storeUri, MONGODB_DB: DB_NAME, MONGODB_SERVER_SELECTION_MS: 5000 });
  const now = new Date();
  await seedDemoData(now);
  const competition = await CompetitionModel.findOne({ slug: DEMO_COMPETITION.slug }).lean<CompetitionSetupRecord>().orFail().exec();
  const unions = await UnionModel.find({}).lean<UnionWithId[]>().exec();
  const hexi = unions.find((u) => u.name === UNION_NAME);
  const youyi = unions.find((u) => u.name === SUB_UNION_NAME);
  if (!hexi || !youyi) throw new Error(`the demo data has no ${UNION_NAME} / ${SUB_UNION_NAME}`);
  const placement = (union: UnionWithId): Placement => ({ union, path: [...union.ancestorIds, union._id] });
  const inHexi = (union: UnionWithId) => union._id.equals(hexi._id) || union.ancestorIds.some((id) => id.equals(hexi._id));
  // Elsewhere: every union outside 河西区's subtree and not above it (the city union has no members of its own here).
  const elsewhere = unions.filter((u) => !inHexi(u) && u.ancestorIds.length > 0).map(placement);
  const seedStarted = Date.now();
  const waitingInUnion = await seedRegistrations(competition, [placement(hexi), placement(youyi)], elsewhere, now);
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
  const { bff, bffUrl, bareUrl } = await startBffAndBare({ storeUri, dbName: DB_NAME });

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

/**
 * A soak (`npm run bench:soak`), issue 15: what people do at once, at a steady rate, for
 * BENCH_SOAK_MINUTES, against `npm start`.
 *
 * `npm start` (scripts/start.ts: embedded store, WeChat emulator, demo data, the BFF serving the H5
 * build) runs as a child with BFF_PROCESSES=2, on free ports, its store's data in a temp directory,
 * keys generated for the run, and the per-address rate limits raised (every simulated
 * person comes from this one address). Set-up from this process, as the other benches do: through
 * mongoose, the demo competition's place limits lifted (the load registers hundreds per union), a
 * union official for each participating union, a committee member and a venue-staff member of the
 * main venue signed in (signInAs), and a finished competition with RESULTS_CONTESTANTS scored
 * contestants and its 公示 snapshot (writeSnapshot, as bench:results); over HTTP, the committee adds
 * a large session at the main venue so that placement never runs short.
 *
 * Then each operation at its own fixed rate (per second, × BENCH_SOAK_RATE), every request checked:
 *   browsing: the competition list, one competition, the H5 page;
 *   registering: a new worker signs in through the dev login (emulator code → POST /auth/wechat),
 *     accepts the privacy notice, looks up the union code and submits (Idempotency-Key);
 *   their inbox and 我的报名;
 *   auditing: union officials list their queue (待工会审核) and approve its oldest row; the committee
 *     lists 待组委会确认 and confirms; every few seconds the committee places a trade's confirmed workers;
 *   passes and scanning: a placed worker opens their pass; venue staff scan it (expect checked_in);
 *   reading the 公示: the summary and list pages (gzip);
 *   one export: the committee's 报名汇总表 (xlsx), read whole, half-way through.
 * Any other status or answer than expected is an error (the first few printed with their body).
 * After BENCH_SOAK_WARMUP_S seconds of the same load, the measured window starts: latencies, and the
 * resident memory (VmRSS) of every process of `npm start` (soakProcesses.ts: start.ts, the store, the
 * emulator, the BFF and its cluster workers) at its start, every
 * RSS_SAMPLE_MS, and at its end, and the V8 heap each one still uses after every major GC
 * (soakHeapProbe.cjs, preloaded through NODE_OPTIONS: the resident size swings with when the
 * collector last ran, the heap after it grows only with what is kept). Prints per operation count,
 * p50, p99 and max, errors, each process's memory, then one JSON line. Target: errors 0 and no
 * process growing more than 50 MB.
 *
 * Environment: BENCH_SOAK_MINUTES (5), BENCH_SOAK_WARMUP_S (30), BENCH_SOAK_RATE (1, scales every
 * rate), BENCH_SOAK_BFF_PROCESSES (2).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import readline from 'node:readline';

import { trusted } from 'mongoose';
import {
  chinaDate,
  DESK_DEFAULT_STATUS,
  PRIVACY_NOTICE_VERSION,
  ZAssignmentResponse,
  ZAuditQueueResponse,
  ZCheckInResponse,
  ZDevLoginCodeResponse,
  ZMyPassResponse,
  ZMyRegistrationResponse,
  ZSessionResponse,
  ZVenueSessionListResponse,
  type TAuditDesk,
} from '@contest/shared';
import { connectDatabase, disconnectDatabase } from '@contest/bff/src/db';
import { CompetitionModel, type CompetitionSetupRecord } from '@contest/bff/src/models/competition';
import { UnionModel, type UnionWithId } from '@contest/bff/src/models/union';
import { DEMO_COMPETITION } from '@contest/bff/src/seed/demoData';
import { writeSnapshot } from '@contest/bff/src/services/results/results';
import { announcementClosingDate } from '@contest/bff/src/workingDays';
import { signInAs } from '../support/auth';
import { randomSource } from '../support/bulkRegistrations';
import { benchTempDir, cleanUp, envInt, freePort, runBench, spawnChild, waitForLine, type Child } from './benchProcesses';
import { People } from './registerPeople';
import { seedScoredContestants } from './scoredContestants';
import { descendantPids, productProcesses, residentMb, type ProductProcess } from './soakProcesses';

const MINUTES = envInt('BENCH_SOAK_MINUTES', 5);
const WARMUP_S = envInt('BENCH_SOAK_WARMUP_S', 30);
const RATE = envInt('BENCH_SOAK_RATE', 1);
const BFF_PROCESSES = envInt('BENCH_SOAK_BFF_PROCESSES', 2);
const DB_NAME = 'contest';
const RESULTS_CONTESTANTS = 2_000;
const RSS_SAMPLE_MS = 10_000;
const TARGET_GROWTH_MB = 50;
const ERRORS_SHOWN = 5;
const PLACEMENT_EVERY_S = 5;
/** Far from the demo people's ID numbers (People makes distinct valid ones from a counter). */
const FIRST_PERSON = 1_000_000;
const API = '/api/v1';
const GZIP = { 'accept-encoding': 'gzip' };
/** Preloaded into every process of npm start: the heap in use after each major GC. */
const HEAP_PROBE = path.join(__dirname, 'soakHeapProbe.cjs');

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

// ---------------------------------------------------------------- measurement

class SoakError extends Error {}

class Tally {
  measuring = false;
  readonly latencies = new Map<string, number[]>();
  errors = 0;
  readonly errorsByStep = new Map<string, number>();
  /** Ticks an operation let pass because its earlier requests had not come back (the BFF falling behind). */
  readonly skipped = new Map<string, number>();

  record(step: string, ms: number): void {
    if (!this.measuring) return;
    const list = this.latencies.get(step) ?? [];
    list.push(ms);
    this.latencies.set(step, list);
  }

  fail(step: string, detail: string): SoakError {
    this.errors += 1;
    this.errorsByStep.set(step, (this.errorsByStep.get(step) ?? 0) + 1);
    if (this.errors <= ERRORS_SHOWN) console.error(`ERROR ${step}: ${detail.slice(0, 400)}`);
    return new SoakError(`${step}: ${detail}`);
  }

  skip(operation: string): void {
    this.skipped.set(operation, (this.skipped.get(operation) ?? 0) + 1);
  }
}

interface CallOptions {
  authorization?: string;
  json?: unknown;
  headers?: Record<string, string>;
  /** The status that counts as success (200). */
  expect?: number;
  /** Read the body as bytes (an export), not JSON. */
  binary?: boolean;
}

/** One HTTP request of a step: timed, checked against the expected status; anything else is an error (thrown). */
async function call(tally: Tally, baseUrl: string, step: string, method: string, path: string, options: CallOptions = {}): Promise<{ body: unknown; bytes: number }> {
  const started = performance.now();
  let status: number;
  let body: unknown;
  let bytes: number;
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(options.json === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.authorization ? { authorization: options.authorization } : {}),
        ...options.headers,
      },
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
    });
    status = response.status;
    if (options.binary && status === (options.expect ?? 200)) {
      bytes = (await response.arrayBuffer()).byteLength;
      body = undefined;
    } else {
      const text = await response.text();
      bytes = text.length;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
  } catch (error) {
    throw tally.fail(step, `${method} ${path}: ${error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error)}`);
  }
  const ms = performance.now() - started;
  if (status !== (options.expect ?? 200)) throw tally.fail(step, `${method} ${path} answered ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`);
  tally.record(step, ms);
  return { body, bytes };
}

/** A schema check of an answer: a wrong shape is an error of that step. */
function parsed<T>(tally: Tally, step: string, schema: { safeParse(data: unknown): { success: true; data: T } | { success: false; error: unknown } }, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw tally.fail(step, `unexpected answer ${JSON.stringify(body).slice(0, 300)}`);
  return result.data;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

// ---------------------------------------------------------------- the load

interface Operation {
  name: string;
  perSecond: number;
  /** Runs allowed in flight at once (default: a second's worth, at least 4). */
  maxInFlight?: number;
  run: () => Promise<void>;
}

/** Starts `operation` at its fixed rate; a tick finding its maxInFlight runs still out is skipped and counted. */
function startOperation(operation: Operation, tally: Tally): () => Promise<void> {
  const running = new Set<Promise<void>>();
  const maxInFlight = operation.maxInFlight ?? Math.max(4, Math.ceil(operation.perSecond));
  const timer = setInterval(() => {
    if (running.size >= maxInFlight) {
      tally.skip(operation.name);
      return;
    }
    const run: Promise<void> = operation
      .run()
      .catch((error: unknown) => {
        // A failed request is already counted; anything else thrown is a failure of the operation.
        if (!(error instanceof SoakError)) tally.fail(operation.name, error instanceof Error ? (error.stack ?? error.message) : String(error));
      })
      .finally(() => running.delete(run));
    running.add(run);
  }, 1000 / (operation.perSecond * RATE));
  return async () => {
    clearInterval(timer);
    await Promise.all([...running]);
  };
}

interface Worker {
  authorization: string;
  registrationId: string;
  tradeCode: string;
  /** When the committee's confirmation came back. */
  confirmedAt?: number;
}

interface SoakWorld {
  baseUrl: string;
  competition: CompetitionSetupRecord;
  people: People;
  officials: string[];
  committee: string;
  staff: string;
  sessionIds: Map<string, string>;
  workerTrades: string[];
  results: { competitionId: string; lists: Array<{ tradeCode: string; groupCode: string }> };
}

/** What people do, each at its rate: the operations and the state they hand on to one another. */
function operations(world: SoakWorld, tally: Tally, runId: string): Operation[] {
  const { baseUrl, people } = world;
  const competitionId = world.competition._id.toHexString();
  const http = (step: string, method: string, path: string, options?: CallOptions) => call(tally, baseUrl, step, method, path, options);
  const random = randomSource(20261203);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;

  let nextPerson = 0;
  const workers: Worker[] = [];
  const byRegistration = new Map<string, Worker>();
  /** Rows each desk has taken up (decided, or being decided): never taken again by that desk. */
  const taken: Record<TAuditDesk, Set<string>> = { union: new Set(), committee: new Set() };
  const awaitingPass: Worker[] = [];
  /** Per trade, when its last successful placement started: workers confirmed before it hold a pass. */
  const placedUpTo = new Map<string, number>();
  const toScan: Array<{ token: string; sessionCode: string }> = [];
  let nextOfficial = 0;
  let nextPlacement = 0;

  /** The desk's own tab (待工会审核, 待组委会确认): its oldest row no one has taken, approved. */
  const decideOldest = async (desk: TAuditDesk, authorization: string) => {
    const { body } = await http(`${desk}_queue`, 'GET', `${API}/audit/${desk}/competitions/${competitionId}/registrations?status=${DESK_DEFAULT_STATUS[desk]}`, { authorization });
    const page = parsed(tally, `${desk}_queue`, ZAuditQueueResponse, body).data;
    const row = page.items.find((item) => item.allowedDecisions.includes('approve') && !taken[desk].has(item.id));
    if (!row) return undefined;
    taken[desk].add(row.id);
    await http(`${desk}_approve`, 'POST', `${API}/audit/${desk}/registrations/${row.id}/decision`, { authorization, json: { decision: 'approve', version: row.version } });
    return row.id;
  };

  return [
    { name: 'browse_list', perSecond: 30, run: async () => void (await http('browse_list', 'GET', `${API}/competitions`)) },
    { name: 'browse_competition', perSecond: 30, run: async () => void (await http('browse_competition', 'GET', `${API}/competitions/${competitionId}`)) },
    { name: 'browse_h5', perSecond: 5, run: async () => void (await http('browse_h5', 'GET', '/')) },
    {
      name: 'results_summary',
      perSecond: 15,
      run: async () => void (await http('results_summary', 'GET', `${API}/public/competitions/${world.results.competitionId}/results`, { headers: GZIP })),
    },
    {
      name: 'results_page',
      perSecond: 30,
      run: async () => {
        const list = pick(world.results.lists);
        const query = new URLSearchParams({ tradeCode: list.tradeCode, groupCode: list.groupCode, page: '1' });
        await http('results_page', 'GET', `${API}/public/competitions/${world.results.competitionId}/results?${query.toString()}`, { headers: GZIP });
      },
    },
    {
      name: 'register',
      perSecond: 2,
      run: async () => {
        const i = nextPerson;
        nextPerson += 1;
        const login = await http('dev_login', 'POST', `${API}/dev/login-code`, { json: { user: `soak-${runId}-${i}` } });
        const { code } = parsed(tally, 'dev_login', ZDevLoginCodeResponse, login.body).data;
        const session = parsed(tally, 'sign_in', ZSessionResponse, (await http('sign_in', 'POST', `${API}/auth/wechat`, { json: { code } })).body).data;
        const authorization = `Bearer ${session.token}`;
        await http('privacy_consent', 'POST', `${API}/me/privacy-consent`, { authorization, json: { version: PRIVACY_NOTICE_VERSION } });
        const form = people.body(FIRST_PERSON + i);
        await http('union_lookup', 'GET', `${API}/unions/by-code/${encodeURIComponent(form.unionCode)}?competitionId=${competitionId}`);
        const submitted = await http('register', 'POST', `${API}/registrations`, { authorization, json: form, headers: { 'idempotency-key': randomUUID() }, expect: 201 });
        const registration = parsed(tally, 'register', ZMyRegistrationResponse, submitted.body).data;
        const worker: Worker = { authorization, registrationId: registration.id, tradeCode: form.tradeCode };
        workers.push(worker);
        byRegistration.set(registration.id, worker);
      },
    },
    {
      name: 'inbox',
      perSecond: 5,
      run: async () => {
        if (workers.length > 0) await http('inbox', 'GET', `${API}/me/notifications`, { authorization: pick(workers).authorization });
      },
    },
    {
      name: 'union_audit',
      perSecond: 3,
      run: async () => {
        const official = world.officials[nextOfficial % world.officials.length]!;
        nextOfficial += 1;
        await decideOldest('union', official);
      },
    },
    {
      name: 'committee_audit',
      perSecond: 3,
      run: async () => {
        const confirmed = await decideOldest('committee', world.committee);
        const worker = confirmed === undefined ? undefined : byRegistration.get(confirmed);
        if (!worker) return;
        worker.confirmedAt = Date.now();
        awaitingPass.push(worker);
      },
    },
    {
      name: 'placement',
      perSecond: 1 / PLACEMENT_EVERY_S,
      // One committee member placing: the next placement waits for the last (a second one at once answers PLACEMENT_BUSY).
      maxInFlight: 1,
      run: async () => {
        const tradeCode = world.workerTrades[nextPlacement % world.workerTrades.length]!;
        nextPlacement += 1;
        const started = Date.now();
        const { body } = await http('placement', 'POST', `${API}/admin/competitions/${competitionId}/assignments`, {
          authorization: world.committee,
          json: { tradeCode, groupCode: 'worker' },
        });
        parsed(tally, 'placement', ZAssignmentResponse, body);
        placedUpTo.set(tradeCode, started);
      },
    },
    {
      name: 'open_pass',
      perSecond: 3,
      run: async () => {
        const index = awaitingPass.findIndex((w) => (w.confirmedAt ?? Infinity) < (placedUpTo.get(w.tradeCode) ?? 0));
        if (index < 0) return;
        const [worker] = awaitingPass.splice(index, 1);
        const { authorization, registrationId } = worker!;
        await http('my_registrations', 'GET', `${API}/me/registrations`, { authorization });
        const { body } = await http('open_pass', 'GET', `${API}/me/registrations/${registrationId}/pass`, { authorization });
        const pass = parsed(tally, 'open_pass', ZMyPassResponse, body).data;
        toScan.push({ token: pass.token, sessionCode: pass.session.code });
      },
    },
    {
      name: 'scan',
      perSecond: 3,
      run: async () => {
        const pass = toScan.shift();
        if (!pass) return;
        const sessionId = world.sessionIds.get(pass.sessionCode);
        if (!sessionId) throw tally.fail('scan', `a pass in session ${pass.sessionCode}, not one the venue staff work`);
        const scan = { sessionId, nonce: randomUUID(), scannedAt: new Date().toISOString(), deviceId: 'soak-gate-1', token: pass.token };
        const { body } = await http('scan', 'POST', `${API}/venue/check-ins`, { authorization: world.staff, json: scan });
        const result = parsed(tally, 'scan', ZCheckInResponse, body).data;
        if (result.outcome !== 'checked_in') throw tally.fail('scan', `outcome ${result.outcome}: ${result.message}`);
      },
    },
  ];
}

// ---------------------------------------------------------------- set-up

interface Product {
  start: Child;
  baseUrl: string;
  storeUri: string;
}

/** `npm start` on free ports, its store's data in a temp directory, BFF_PROCESSES BFF processes. */
async function startProduct(): Promise<Product> {
  const [port, storePort, emulatorPort] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    DEVSTORE_PORT: String(storePort),
    DEVSTORE_DATA_DIR: benchTempDir('bench-soak-'),
    WECHAT_EMULATOR_PORT: String(emulatorPort),
    MONGODB_DB: DB_NAME,
    BFF_PROCESSES: String(BFF_PROCESSES),
    // Every simulated person comes from 127.0.0.1: the per-address limits would count them as one.
    RATE_LIMIT_SIGNIN_PER_MINUTE: '100000',
    RATE_LIMIT_LOOKUPS_PER_MINUTE: '100000',
    RATE_LIMIT_WRITES_PER_MINUTE: '100000',
    PII_ENCRYPTION_KEYS: `soak1:${randomBytes(32).toString('base64')}`,
    PII_ACTIVE_KEY_ID: 'soak1',
    PII_HMAC_KEY: randomBytes(32).toString('base64'),
    PASS_SIGNING_KEYS: `soak1:${randomBytes(32).toString('base64')}`,
    PASS_ACTIVE_KEY_ID: 'soak1',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${HEAP_PROBE}`.trim(),
  };
  // npm start's own defaults: its embedded store, the emulator, development sign-in (refused in production).
  for (const name of ['MONGODB_URI', 'WECHAT_API_BASE', 'WECHAT_APPID', 'WECHAT_SECRET', 'NODE_ENV', 'DEV_LOGIN_ENABLED', 'H5_DIST_DIR']) delete env[name];
  const start = spawnChild('start', 'scripts/start.ts', env, { printLines: 30 });
  await waitForLine(start, /is running:/, 180_000);
  return { start, baseUrl: `http://127.0.0.1:${port}`, storeUri: `mongodb://127.0.0.1:${storePort}` };
}

/** A finished competition beside the demo one, its 公示 open: what the results readers read. */
async function seedAnnouncedCompetition(demo: CompetitionSetupRecord, unions: UnionWithId[], now: Date) {
  const { _id, entryKey, ...setup } = demo;
  void _id;
  void entryKey;
  const created = await CompetitionModel.create({ ...setup, slug: 'soak-results', name: `${demo.name}（往届）`, quotas: [] });
  const competition = await CompetitionModel.findById(created._id).lean<CompetitionSetupRecord>().orFail().exec();
  await seedScoredContestants(competition, unions, RESULTS_CONTESTANTS, randomSource(1), now);
  const { closingDate, closesAt } = announcementClosingDate(new Date('2026-11-02T02:00:00Z'), 5);
  const snapshot = await writeSnapshot(competition, [], { status: 'announced', closingDate, closesAt, finalAt: null }, now);
  return { competitionId: competition._id.toHexString(), lists: snapshot.groups.map((g) => ({ tradeCode: g.tradeCode, groupCode: g.groupCode })) };
}

/** The venue's sessions by code, as the venue staff's scan page lists them. */
async function venueSessionIds(tally: Tally, baseUrl: string, staff: string): Promise<Map<string, string>> {
  const { body } = await call(tally, baseUrl, 'venue_sessions', 'GET', `${API}/venue/sessions`, { authorization: staff });
  return new Map(parsed(tally, 'venue_sessions', ZVenueSessionListResponse, body).data.items.map((s) => [s.code, s.id]));
}

async function setUp(product: Product, tally: Tally): Promise<SoakWorld> {
  await connectDatabase({ MONGODB_URI: product.storeUri, MONGODB_DB: DB_NAME, MONGODB_SERVER_SELECTION_MS: 5000 });
  const now = new Date();
  // Hundreds register per union and trade: the demo's one place each would refuse all but the first.
  await CompetitionModel.updateOne({ slug: DEMO_COMPETITION.slug }, { $set: { quotas: [] } }).exec();
  const competition = await CompetitionModel.findOne({ slug: DEMO_COMPETITION.slug }).lean<CompetitionSetupRecord>().orFail().exec();
  const participating = await UnionModel.find({ _id: trusted({ $in: competition.participatingUnionIds }) }).lean<UnionWithId[]>().exec();
  const officials = await Promise.all(participating.map(async (union) => (await signInAs([{ role: 'union_official', unionId: union._id }])).auth.Authorization));
  const committee = (await signInAs([{ role: 'committee', competitionId: competition._id }])).auth.Authorization;
  const staff = (await signInAs([{ role: 'venue_staff', competitionId: competition._id, venue: 'main' }])).auth.Authorization;
  const unions = await UnionModel.find({ parentId: trusted({ $ne: null }) }).lean<UnionWithId[]>().exec();
  const results = await seedAnnouncedCompetition(competition, unions, now);

  // A session at the main venue big enough for every worker the run confirms, on the demo's competition day.
  const workerTrades = competition.trades.filter((trade) => trade.groups.includes('worker')).map((trade) => trade.code);
  const { body } = await call(tally, product.baseUrl, 'venue_sessions', 'GET', `${API}/venue/sessions`, { authorization: staff });
  const demoDay = parsed(tally, 'venue_sessions', ZVenueSessionListResponse, body).data.items[0]?.date;
  if (!demoDay) throw new Error('the demo data has no session at the main venue');
  await call(tally, product.baseUrl, 'create_session', 'POST', `${API}/admin/competitions/${competition._id.toHexString()}/sessions`, {
    authorization: committee,
    expect: 201,
    json: {
      code: 'soak',
      venueCode: 'main',
      name: '晚场',
      date: demoDay,
      startTime: '18:00',
      endTime: '21:00',
      capacity: 10_000,
      stationPrefix: 'K',
      hosts: workerTrades.map((tradeCode) => ({ tradeCode, groupCode: 'worker' })),
      instructions: '请携带身份证和准考证',
    },
  });
  const sessionIds = await venueSessionIds(tally, product.baseUrl, staff);

  const people = new People(competition._id.toHexString(), chinaDate(competition.eligibility?.referenceDate ?? competition.registrationClosesAt));
  people.selfCheck(chinaDate(now));
  console.log(
    `set up: ${officials.length} union officials, a committee member, a venue-staff member; sessions ${[...sessionIds.keys()].join(', ')}; ` +
      `公示 of ${RESULTS_CONTESTANTS} contestants in ${results.lists.length} lists`,
  );
  return { baseUrl: product.baseUrl, competition, people, officials, committee, staff, sessionIds, workerTrades, results };
}

/** Stops `npm start` (SIGTERM: it stops its parts) and waits until none of its processes is left. */
async function stopProduct(product: Product): Promise<void> {
  const pids = descendantPids(product.start.process.pid!);
  await disconnectDatabase().catch(() => undefined);
  await cleanUp();
  const deadline = Date.now() + 15_000;
  const alive = () => pids.filter((pid) => descendantOrSelfAlive(pid));
  while (alive().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  for (const pid of alive()) process.kill(pid, 'SIGKILL');
}

function descendantOrSelfAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- main

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = os.loadavg();
  const tally = new Tally();
  const product = await startProduct();
  // Last resort: nothing of npm start outlives the bench, however it ends.
  process.on('exit', () => {
    for (const pid of descendantPids(product.start.process.pid!)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  /** Heap in use after each major GC in the measured window, by pid (soakHeapProbe.cjs). */
  const heapAfterGc = new Map<number, number[]>();
  readline.createInterface({ input: product.start.process.stdout! }).on('line', (line) => {
    const match = /soak-heap (\d+) ([\d.]+)/.exec(line);
    if (!match || !tally.measuring) return;
    const pid = Number(match[1]);
    heapAfterGc.set(pid, [...(heapAfterGc.get(pid) ?? []), Number(match[2])]);
  });
  const world = await setUp(product, tally);
  if (tally.errors > 0) throw new Error('the set-up failed');

  const stops = operations(world, tally, randomBytes(3).toString('hex')).map((operation) => startOperation(operation, tally));
  console.log(`warm-up: ${WARMUP_S} s of the same load`);
  await sleep(WARMUP_S * 1000);

  // The measured window.
  const processes: ProductProcess[] = productProcesses(product.start.process.pid!);
  console.log(`processes of npm start: ${processes.map((p) => `${p.name} (pid ${p.pid})`).join(', ')}`);
  tally.measuring = true;
  const windowStarted = performance.now();
  const rssStart = residentMb(processes);
  const rssPeak: Record<string, number> = { ...rssStart };
  const trace: string[] = [];
  const sampler = setInterval(() => {
    const now = residentMb(processes);
    for (const [name, mb] of Object.entries(now)) rssPeak[name] = Math.max(rssPeak[name] ?? 0, mb);
    trace.push(Object.entries(now).map(([name, mb]) => `${name} ${mb.toFixed(0)}`).join(' '));
  }, RSS_SAMPLE_MS);
  const windowMs = MINUTES * 60_000;
  await sleep(windowMs / 2);
  const exportStarted = performance.now();
  const exported = await call(tally, product.baseUrl, 'export', 'GET', `${API}/audit/committee/competitions/${world.competition._id.toHexString()}/export`, {
    authorization: world.committee,
    binary: true,
  }).catch(() => ({ bytes: 0 }));
  console.log(`export: the committee's 报名汇总表, ${(exported.bytes / 1024).toFixed(0)} KiB in ${(performance.now() - exportStarted).toFixed(0)} ms`);
  await sleep(Math.max(0, windowMs - (performance.now() - windowStarted)));
  const rssEnd = residentMb(processes);
  clearInterval(sampler);
  tally.measuring = false;
  const measuredS = (performance.now() - windowStarted) / 1000;
  await Promise.all(stops.map((stop) => stop()));

  // Report.
  console.log('');
  console.log(`measured ${measuredS.toFixed(0)} s after a ${WARMUP_S} s warm-up; rates × ${RATE}; ${BFF_PROCESSES} BFF processes asked for`);
  const p99: Record<string, number> = {};
  const counts: Record<string, number> = {};
  let requests = 0;
  for (const [step, list] of [...tally.latencies.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = [...list].sort((a, b) => a - b);
    p99[step] = round(percentile(sorted, 99));
    counts[step] = sorted.length;
    requests += sorted.length;
    console.log(
      `  ${step.padEnd(20)} ${String(sorted.length).padStart(7)} requests ${(sorted.length / measuredS).toFixed(1).padStart(6)}/s  ` +
        `p50 ${percentile(sorted, 50).toFixed(1).padStart(7)} ms  p99 ${percentile(sorted, 99).toFixed(1).padStart(7)} ms  max ${(sorted[sorted.length - 1] ?? 0).toFixed(1).padStart(7)} ms` +
        `  errors ${tally.errorsByStep.get(step) ?? 0}`,
    );
  }
  const errorSteps = [...tally.errorsByStep.entries()].map(([step, n]) => `${step} ×${n}`).join(', ');
  console.log(`${requests} requests measured = ${(requests / measuredS).toFixed(0)}/s; errors ${tally.errors}${errorSteps ? ` (${errorSteps})` : ''}`);
  if (tally.skipped.size > 0) console.log(`ticks skipped (earlier requests still out): ${[...tally.skipped.entries()].map(([op, n]) => `${op} ×${n}`).join(', ')}`);
  const growth: Record<string, number> = {};
  for (const { name } of processes) {
    const startMb = rssStart[name];
    const endMb = rssEnd[name];
    if (startMb === undefined || endMb === undefined) {
      tally.fail('rss', `${name} is gone before the end of the run`);
      continue;
    }
    growth[name] = round(endMb - startMb);
    console.log(`  ${name.padEnd(14)} RSS ${startMb.toFixed(0).padStart(5)} MB at the start, ${endMb.toFixed(0).padStart(5)} MB at the end (${growth[name] >= 0 ? '+' : ''}${growth[name]}), peak ${(rssPeak[name] ?? 0).toFixed(0)} MB`);
  }
  console.log(`RSS every ${RSS_SAMPLE_MS / 1000} s (MB): ${trace.join(' | ')}`);
  const heapGrowth: Record<string, number> = {};
  for (const { name, pid } of processes) {
    const heaps = heapAfterGc.get(pid) ?? [];
    if (heaps.length < 2) continue;
    heapGrowth[name] = round(heaps[heaps.length - 1]! - heaps[0]!);
    console.log(`  ${name.padEnd(14)} V8 heap after its ${heaps.length} major GCs (MB): ${heaps.map((mb) => mb.toFixed(0)).join(' ')}`);
  }
  const met = tally.errors === 0 && Object.values(growth).every((mb) => mb <= TARGET_GROWTH_MB) && processes.length > 0;
  console.log(met ? 'all targets met' : 'targets MISSED');
  console.log(
    `load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} after; ${os.cpus().length} cores; bench took ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );

  await stopProduct(product);
  const mbs = (record: Record<string, number>) => Object.fromEntries(Object.entries(record).map(([name, mb]) => [name, round(mb)]));
  console.log(
    JSON.stringify({
      bench: 'soak',
      minutes: MINUTES,
      errors: tally.errors,
      p99_ms: p99,
      rss_growth_mb: growth,
      requests,
      rps: round(requests / measuredS),
      ops: counts,
      skipped: Object.fromEntries(tally.skipped),
      rss_start_mb: mbs(rssStart),
      rss_end_mb: mbs(rssEnd),
      rss_peak_mb: mbs(rssPeak),
      heap_after_gc_growth_mb: heapGrowth,
      bff_processes: processes.filter((p) => p.name.startsWith('bff')).length,
      targets_met: met,
    }),
  );
}

runBench(main);

/**
 * Benchmark of registration submission (`npm run bench:register`).
 *
 * Three child processes, each measured on its own: the embedded store (journal in a temp
 * directory), the BFF (`bff/src/server.ts`, production settings, generous rate limits, PII keys
 * generated for the run) and a bare Koa app answering `{ ok: true }` (registerBareApp.ts).
 * From this process, through mongoose: the demo data, then USERS signed-in users with the
 * privacy notice accepted. Then autocannon:
 *   1. POST /api/v1/registrations, CONNECTIONS connections for DURATION_S seconds (after a short
 *      warm-up): every request a distinct person (unique valid ID number), a fresh
 *      Idempotency-Key, Authorization round-robin over the users; the BFF's RSS sampled
 *      every 100 ms. Requests still unanswered when autocannon stops (or that timed out) are sent
 *      again with their Idempotency-Key, so that every request sent has a known outcome;
 *   2. the same load on the bare route.
 * Then checks the database: registrations stored == 201 answers, one per ID number hash.
 * Prints human lines, then exactly one JSON line; `targets_met` says whether the issue's
 * targets were met. Exits non-zero only when the bench itself fails.
 *
 * Environment (diagnostics): BENCH_CONNECTIONS (50), BENCH_DURATION_S (10), BENCH_USERS (200),
 * BENCH_WARMUP_S (2), BENCH_BFF_NODE_OPTIONS (extra node flags for the BFF, e.g. --cpu-prof),
 * BENCH_PROFILE=1 (preloads registerProbeStore.ts / registerProbeBff.ts into the store and the
 * BFF and prints, for the measured run, where the time goes: every database command by
 * collection, as executed by the store and as waited for by the BFF, and the journal's fsyncs),
 * BENCH_STORE_MEMORY=1 (what-if: the store without its journal, registerStoreMemory.ts).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';

import { connectDatabase } from '@contest/bff/src/db';
import { CompetitionModel, type CompetitionSetupRecord } from '@contest/bff/src/models/competition';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { DEMO_COMPETITION } from '@contest/bff/src/seed/demoData';
import { seedDemoData } from '@contest/bff/src/seed/seedDemo';
import { signInAs } from '../support/auth';
import { BARE_PATH, type Child, cleanUp, envInt, probeChild, procStatusMb, runBench, startBffAndBare, startStore } from './benchProcesses';
import { type AutocannonResult, runAutocannon } from './registerAutocannon';
import { People } from './registerPeople';
import type { ProbeStats } from './registerProbeTypes';

const CONNECTIONS = envInt('BENCH_CONNECTIONS', 50);
const DURATION_S = envInt('BENCH_DURATION_S', 10);
const USERS = envInt('BENCH_USERS', 200);
const WARMUP_S = envInt('BENCH_WARMUP_S', 2);
const DB_NAME = 'bench_register';
const REGISTRATIONS_PATH = '/api/v1/registrations';
const RSS_SAMPLE_MS = 100;
const TARGETS = { ratio: 0.05, p99Ms: 100, rssMb: 300 };
const PROFILE = process.env.BENCH_PROFILE === '1';
/** What-if: the store without its journal (registerStoreMemory.ts). Not the product's configuration. */
const STORE_MEMORY = process.env.BENCH_STORE_MEMORY === '1';
/** The children's output shown, each: their start-up lines and first complaints. */
const PRINTED_LINES_PER_CHILD = 20;

// ---------------------------------------------------------------- memory and CPU

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds a process has used so far (/proc/PID/stat). */
function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state is field 3, utime field 14, stime field 15.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Busy CPU seconds of the whole machine so far, all cores (/proc/stat). */
function machineBusySeconds(): number {
  try {
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …: all but idle and iowait are busy.
    const busy = cpu.reduce((sum, value, i) => (i === 3 || i === 4 || i > 7 ? sum : sum + value), 0);
    return busy / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/**
 * CPU used by each process over a window, as a share of one core, and by everything else on
 * the machine (other jobs on a shared machine make the numbers unreliable).
 */
class CpuWindow {
  private readonly start: Map<string, number>;
  private readonly machineStart = machineBusySeconds();
  private readonly t0 = Date.now();

  constructor(private readonly pids: Record<string, number>) {
    this.start = new Map(Object.entries(pids).map(([name, pid]) => [name, name === 'bench' ? benchCpu() : cpuSeconds(pid)]));
  }

  /** A summary line, and the CPU seconds each process used. */
  end(): { summary: string; seconds: Record<string, number>; othersPct: number } {
    const wall = (Date.now() - this.t0) / 1000;
    let ours = 0;
    const seconds: Record<string, number> = {};
    const parts = Object.entries(this.pids).map(([name, pid]) => {
      const used = (name === 'bench' ? benchCpu() : cpuSeconds(pid)) - (this.start.get(name) ?? 0);
      seconds[name] = used;
      ours += used;
      return `${name} ${((used / wall) * 100).toFixed(0)}%`;
    });
    const others = Math.max(0, machineBusySeconds() - this.machineStart - ours);
    parts.push(`other processes ${((others / wall) * 100).toFixed(0)}%`);
    return { summary: parts.join(', '), seconds, othersPct: Math.round((others / wall) * 100) };
  }
}

function benchCpu(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Samples a process's VmRSS every RSS_SAMPLE_MS; keeps the peak and the longest gap between samples. */
class RssSampler {
  peakMb = 0;
  samples = 0;
  maxGapMs = 0;
  /** The peak of each second, for the shape of the curve (growth that does not level off is a leak). */
  readonly perSecondMb: number[] = [];
  private t0 = 0;
  private last = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly pid: number) {}

  start(): void {
    this.t0 = Date.now();
    this.last = this.t0;
    this.sample();
    this.timer = setInterval(() => this.sample(), RSS_SAMPLE_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  private sample(): void {
    const now = Date.now();
    this.maxGapMs = Math.max(this.maxGapMs, now - this.last);
    this.last = now;
    const mb = procStatusMb(this.pid, 'VmRSS');
    if (mb !== undefined) {
      this.peakMb = Math.max(this.peakMb, mb);
      this.samples += 1;
      const second = Math.floor((now - this.t0) / 1000);
      this.perSecondMb[second] = Math.max(this.perSecondMb[second] ?? 0, mb);
    }
  }
}

// ---------------------------------------------------------------- load

interface SentRegistration {
  authorization: string;
  body: string;
}

interface RegistrationTally {
  /** Person counter: the next registration's index. */
  next: number;
  created: number;
  /** Non-201 answers by status and error code. */
  refusals: Map<string, number>;
  /** Sent and not (yet) answered, by Idempotency-Key. */
  outstanding: Map<string, SentRegistration>;
}

function countRefusal(tally: RegistrationTally, status: number, body: string): void {
  let code = '';
  try {
    code = String((JSON.parse(body) as { code?: unknown }).code ?? '');
  } catch {
    code = 'unparsable body';
  }
  const label = `${status}${code ? ` ${code}` : ''}`;
  tally.refusals.set(label, (tally.refusals.get(label) ?? 0) + 1);
}

function registrationLoad(baseUrl: string, people: People, authorizations: string[], tally: RegistrationTally, durationS: number): Promise<AutocannonResult> {
  return runAutocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: durationS,
    pipelining: 1,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        path: REGISTRATIONS_PATH,
        setupRequest: (request, context) => {
          const i = tally.next;
          tally.next += 1;
          const key = randomUUID();
          const sent = { authorization: authorizations[i % authorizations.length] as string, body: JSON.stringify(people.body(i)) };
          tally.outstanding.set(key, sent);
          // With pipelining 1 the next response on this connection answers this request.
          context.key = key;
          return {
            ...request,
            headers: { ...request.headers, authorization: sent.authorization, 'idempotency-key': key },
            body: sent.body,
          };
        },
        onResponse: (status, body, context) => {
          tally.outstanding.delete(String(context.key));
          if (status === 201) tally.created += 1;
          else countRefusal(tally, status, body);
        },
      },
    ],
  });
}

/** Sends the unanswered requests again, same key and body: the BFF answers with the first outcome. */
async function replayOutstanding(baseUrl: string, tally: RegistrationTally): Promise<{ replayed: number; created: number; refused: Map<string, number> }> {
  const pending = [...tally.outstanding.entries()];
  const refused = new Map<string, number>();
  let created = 0;
  const worker = async () => {
    for (let entry = pending.shift(); entry; entry = pending.shift()) {
      const [key, sent] = entry;
      const response = await fetch(`${baseUrl}${REGISTRATIONS_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: sent.authorization, 'idempotency-key': key },
        body: sent.body,
      });
      const text = await response.text();
      tally.outstanding.delete(key);
      if (response.status === 201) created += 1;
      else {
        const code = (() => {
          try {
            return String((JSON.parse(text) as { code?: unknown }).code ?? '');
          } catch {
            return 'unparsable body';
          }
        })();
        const label = `${response.status} ${code}`;
        refused.set(label, (refused.get(label) ?? 0) + 1);
      }
    }
  };
  const replayed = pending.length;
  await Promise.all(Array.from({ length: 8 }, worker));
  return { replayed, created, refused };
}

// ---------------------------------------------------------------- probes (BENCH_PROFILE=1)

function probe(child: Child, command: 'reset' | 'dump'): Promise<ProbeStats | undefined> {
  return PROFILE ? probeChild(child, command) : Promise.resolve(undefined);
}

function printProbe(title: string, stats: ProbeStats | undefined, registrations: number): void {
  if (!stats) return;
  const wall = stats.wallMs;
  const mb = (bytes: number) => (bytes / 1048576).toFixed(0);
  const memory = stats.memory;
  console.log(`${title}: ${(wall / 1000).toFixed(2)} s window, event loop utilisation ${(stats.eventLoopUtilization * 100).toFixed(0)}%, ${registrations} registrations`);
  console.log(
    `  memory at the end: RSS ${mb(memory.rss)} MB = V8 heap ${mb(memory.heapTotal)} MB (used ${mb(memory.heapUsed)}; largest in the window ${mb(memory.peakHeapTotal)}) + ` +
      `external ${mb(memory.external)} MB + the rest (code, threads, allocator) ${mb(memory.rss - memory.heapTotal - memory.external)} MB`,
  );
  console.log(`  ${'command'.padEnd(38)} ${'count'.padStart(7)} ${'/reg'.padStart(6)} ${'avg ms'.padStart(8)} ${'max ms'.padStart(8)} ${'ms/reg'.padStart(8)} ${'% wall'.padStart(7)}`);
  const rows = [...stats.rows].filter((row) => row.count > 0).sort((a, b) => b.totalMs - a.totalMs);
  for (const row of rows) {
    const perReg = registrations > 0 ? row.count / registrations : 0;
    console.log(
      `  ${row.name.slice(0, 38).padEnd(38)} ${String(row.count).padStart(7)} ${perReg.toFixed(2).padStart(6)} ${(row.totalMs / row.count).toFixed(2).padStart(8)} ` +
        `${row.maxMs.toFixed(1).padStart(8)} ${(registrations > 0 ? row.totalMs / registrations : 0).toFixed(2).padStart(8)} ${((row.totalMs / wall) * 100).toFixed(1).padStart(7)}`,
    );
  }
  const commands = rows.filter((row) => row.name !== 'fdatasync');
  const total = commands.reduce((sum, row) => sum + row.totalMs, 0);
  const count = commands.reduce((sum, row) => sum + row.count, 0);
  console.log(
    `  all commands: ${count} (${registrations > 0 ? (count / registrations).toFixed(2) : '–'} per registration), ${total.toFixed(0)} ms = ${((total / wall) * 100).toFixed(0)}% of the window` +
      (registrations > 0 ? `, ${(total / registrations).toFixed(2)} ms per registration` : ''),
  );
}

// ---------------------------------------------------------------- main

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));
const chinaDate = (date: Date) => new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const listCounts = (counts: Map<string, number>) => [...counts.entries()].map(([label, n]) => `${label} ×${n}`).join(', ') || 'none';

async function main(): Promise<void> {
  const started = Date.now();
  // 1. The store.
  const { store, uri: storeUri } = await startStore({
    tempPrefix: 'bench-register-',
    script: STORE_MEMORY ? 'tests/bench/registerStoreMemory.ts' : undefined,
    probe: PROFILE ? 'tests/bench/registerProbeStore.ts' : undefined,
    printLines: PRINTED_LINES_PER_CHILD,
  });
  const storePid = store.process.pid as number;

  // 2. Demo data and signed-in users, written from here.
  await connectDatabase({ MONGODB_URI: storeUri, MONGODB_DB: DB_NAME, MONGODB_SERVER_SELECTION_MS: 5000 });
  const now = new Date();
  await seedDemoData(now);
  const competition = await CompetitionModel.findOne({ slug: DEMO_COMPETITION.slug }).lean<CompetitionSetupRecord>().orFail().exec();
  const competitionId = competition._id.toHexString();
  const referenceDate = chinaDate(competition.eligibility?.referenceDate ?? competition.registrationClosesAt);
  const people = new People(competitionId, referenceDate);
  people.selfCheck(chinaDate(now));
  const authorizations: string[] = [];
  for (let made = 0; made < USERS; made += 25) {
    const batch = await Promise.all(Array.from({ length: Math.min(25, USERS - made) }, () => signInAs([], { privacyAccepted: true })));
    authorizations.push(...batch.map((person) => person.auth.Authorization));
  }
  console.log(`store ${storeUri} (pid ${storePid}), db ${DB_NAME}: demo data seeded, ${authorizations.length} users signed in with the privacy notice accepted`);
  console.log(`competition ${competitionId}, ages counted on ${referenceDate}; up to ${people.capacity} distinct people`);

  // 3. The BFF and the bare app.
  const bffFlags = (process.env.BENCH_BFF_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
  const { bff, bare, bffUrl, bareUrl } = await startBffAndBare({
    storeUri,
    dbName: DB_NAME,
    bff: { nodeFlags: bffFlags, probe: PROFILE ? 'tests/bench/registerProbeBff.ts' : undefined },
    printLines: PRINTED_LINES_PER_CHILD,
  });
  const bffPid = bff.process.pid as number;
  console.log(`bff ${bffUrl} (pid ${bffPid}, RSS ${round(procStatusMb(bffPid, 'VmRSS') ?? 0)} MB idle), bare Koa ${bareUrl}${BARE_PATH} (pid ${bare.process.pid})`);

  // 4. Registrations: warm-up, then the measured run, the BFF's RSS sampled throughout.
  const tally: RegistrationTally = { next: 0, created: 0, refusals: new Map(), outstanding: new Map() };
  const bffRss = new RssSampler(bffPid);
  const storeRss = new RssSampler(storePid);
  bffRss.start();
  storeRss.start();
  const warmup = await registrationLoad(bffUrl, people, authorizations, tally, WARMUP_S);
  // What autocannon left in flight must finish before the measured run starts.
  const warmupReplay = await replayOutstanding(bffUrl, tally);
  const warmupCreated = tally.created + warmupReplay.created;
  const warmupRefusals = new Map(tally.refusals);
  for (const [label, n] of warmupReplay.refused) warmupRefusals.set(label, (warmupRefusals.get(label) ?? 0) + n);
  tally.refusals.clear();
  console.log(
    `warm-up: ${WARMUP_S} s, ${warmupCreated} registrations (${warmup.errors} errors, ${warmup.non2xx} non-2xx; ${warmupReplay.replayed} unanswered at the stop, sent again)`,
  );

  const createdBefore = tally.created;
  const sentBefore = tally.next;
  await Promise.all([probe(bff, 'reset'), probe(store, 'reset')]);
  const runCpu = new CpuWindow({ bff: bffPid, store: storePid, bench: process.pid });
  const run = await registrationLoad(bffUrl, people, authorizations, tally, DURATION_S);
  const runCpuUse = runCpu.end();
  const [bffProbe, storeProbe] = await Promise.all([probe(bff, 'dump'), probe(store, 'dump')]);
  const runCreated = tally.created - createdBefore;
  const abandoned = tally.outstanding.size;
  const replay = await replayOutstanding(bffUrl, tally);
  bffRss.stop();
  storeRss.stop();
  const bffHwmMb = procStatusMb(bffPid, 'VmHWM') ?? 0;

  // 5. The bare route, same load.
  await runAutocannon({ url: `${bareUrl}${BARE_PATH}`, connections: CONNECTIONS, duration: Math.min(WARMUP_S, 1) });
  const bareCpu = new CpuWindow({ bare: bare.process.pid as number, bench: process.pid });
  const bareRun = await runAutocannon({ url: `${bareUrl}${BARE_PATH}`, connections: CONNECTIONS, duration: DURATION_S });
  const bareCpuUse = bareCpu.end();

  // 6. What the database holds.
  const stored = await RegistrationModel.countDocuments({ competitionId: competition._id }).exec();
  const distinctPeople = (await RegistrationModel.distinct('nationalIdHash', { competitionId: competition._id }).exec()).length;
  const duplicates = stored - distinctPeople;
  const answered201 = warmupCreated + runCreated + replay.created;

  const registerRps = runCreated / run.duration;
  const bareRps = bareRun['2xx'] / bareRun.duration;
  const ratio = bareRps > 0 ? registerRps / bareRps : 0;
  const sum = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
  const errors = warmup.errors + warmup.non2xx + sum(warmupReplay.refused) + run.errors + run.non2xx + sum(replay.refused);
  const bareErrors = bareRun.errors + bareRun.non2xx;
  const accounted = stored === answered201;

  console.log('');
  console.log(
    `registrations: ${runCreated} created in ${run.duration} s at ${CONNECTIONS} connections = ${registerRps.toFixed(1)}/s; ` +
      `latency p50 ${run.latency.p50} ms, p90 ${run.latency.p90} ms, p99 ${run.latency.p99} ms, max ${run.latency.max} ms; ` +
      `sent ${tally.next - sentBefore}, errors ${run.errors} (timeouts ${run.timeouts}), non-2xx ${run.non2xx}: ${listCounts(tally.refusals)}`,
  );
  if (warmupRefusals.size > 0) console.log(`warm-up refusals: ${listCounts(warmupRefusals)}`);
  console.log(
    `unanswered when autocannon stopped: ${abandoned}, sent again with their Idempotency-Key: ${replay.created} answered 201, refused: ${listCounts(replay.refused)}`,
  );
  const cpuPerRegistration = (name: string) => (runCreated > 0 ? (((runCpuUse.seconds[name] ?? 0) * 1000) / runCreated).toFixed(2) : '–');
  console.log(
    `CPU during the registration run (100% = one core of ${os.cpus().length}): ${runCpuUse.summary}; ` +
      `per registration: BFF ${cpuPerRegistration('bff')} ms, store ${cpuPerRegistration('store')} ms`,
  );
  console.log(
    `bare Koa route: ${bareRun['2xx']} answers in ${bareRun.duration} s = ${bareRps.toFixed(0)}/s, p50 ${bareRun.latency.p50} ms, p99 ${bareRun.latency.p99} ms, errors ${bareErrors}; CPU ${bareCpuUse.summary}`,
  );
  console.log(`ratio registrations/bare = ${ratio.toFixed(4)}`);
  console.log(
    `database: ${stored} registrations stored, ${distinctPeople} distinct ID number hashes (duplicates ${duplicates}); ` +
      `201 answers ${answered201} (warm-up ${warmupCreated} + run ${runCreated} + replay ${replay.created}): ${accounted ? 'match' : 'MISMATCH'}`,
  );
  console.log(
    `BFF RSS peak ${bffRss.peakMb.toFixed(1)} MB (${bffRss.samples} samples, longest gap ${bffRss.maxGapMs} ms; kernel high-water mark VmHWM ${bffHwmMb.toFixed(1)} MB); ` +
      `store RSS peak ${storeRss.peakMb.toFixed(1)} MB`,
  );
  console.log(`BFF RSS by second (MB, warm-up first): ${bffRss.perSecondMb.map((mb) => mb.toFixed(0)).join(' ')}`);

  printProbe('store, commands as executed (includes the journal fdatasync of writes)', storeProbe, runCreated);
  printProbe('BFF, database round trips as awaited (queueing in the store included)', bffProbe, runCreated);

  const p99 = run.latency.p99;
  const targets = {
    ratio: ratio >= TARGETS.ratio,
    p99: p99 <= TARGETS.p99Ms,
    errors: errors === 0,
    duplicates: duplicates === 0,
    accounted,
    rss: Math.max(bffRss.peakMb, bffHwmMb) < TARGETS.rssMb,
  };
  const missed = Object.entries(targets).filter(([, met]) => !met).map(([name]) => name);
  console.log(missed.length === 0 ? 'all targets met' : `targets missed: ${missed.join(', ')}`);
  console.log(`(bench took ${((Date.now() - started) / 1000).toFixed(0)} s)`);

  await cleanUp();
  console.log(
    JSON.stringify({
      bench: 'register',
      register_rps: round(registerRps),
      bare_rps: round(bareRps),
      ratio: round(ratio, 4),
      p50_ms: run.latency.p50,
      p99_ms: p99,
      errors,
      duplicates,
      registrations: stored,
      answered_201: answered201,
      bff_peak_rss_mb: round(bffRss.peakMb),
      bff_vmhwm_mb: round(bffHwmMb),
      store_peak_rss_mb: round(storeRss.peakMb),
      connections: CONNECTIONS,
      duration_s: DURATION_S,
      // CPU other processes on the machine used during the registration run (100 = one core): noise.
      other_cpu_pct: runCpuUse.othersPct,
      ...(PROFILE ? { profiled: true } : {}),
      ...(STORE_MEMORY ? { what_if: 'store_without_journal' } : {}),
      targets_met: missed.length === 0,
    }),
  );
}

runBench(main);

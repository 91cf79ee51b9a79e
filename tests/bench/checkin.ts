/**
 * Venue check-in under load (`npm run bench:checkin`), issue 12.
 *
 * Child processes: the embedded store (journal in a temp directory), the BFF (`bff/src/server.ts`,
 * production settings, the pass signing key of this run) and the bare Koa app of bench:register
 * (registerBareApp.ts). From this process, through mongoose: the demo data, SESSIONS sessions of the
 * main venue, PASSES confirmed registrations placed in them with their passes (tokens signed here
 * with the run's key, as the placement signs them), inserted with insertMany, and SCANNERS venue-staff
 * members of the main venue, signed in.
 * Then SCANNERS concurrent scanners (one keep-alive connection, one staff member and one device id
 * each) post POST /api/v1/venue/check-ins from one shared, shuffled list of scans: every pass once,
 * DUPLICATE_SHARE re-scans of passes already answered (a new nonce: expect already_checked_in) and
 * FORGED_SHARE forged tokens (a pass's token with one bit flipped, or signed by a key the BFF does
 * not know, under its own key id or the real one: expect forged). Scans that fail on the network
 * are sent again with their nonce. Then the bare route under the same number of connections
 * (autocannon, after a warm-up). The store afterwards gives the check-ins, the passes holding more
 * than one (duplicates_recorded), and the forged scans that checked a pass in or were answered
 * anything but forged (forged_accepted).
 * Prints the figures, each process's CPU per scan, then one JSON line; ratio = check-ins a second
 * (over the scanning run) ÷ bare answers a second. Target: duplicates_recorded 0, forged_accepted 0,
 * ratio ≥ 0.05.
 *
 * Environment: BENCH_CHECKIN_PASSES (10000), BENCH_CHECKIN_SCANNERS (20), BENCH_DURATION_S (5, the
 * bare route's measured seconds), BENCH_CPU_PROF_DIR (diagnostics: the store and the BFF write a V8
 * CPU profile there when they stop).
 */
import * as http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import * as os from 'node:os';

import { trusted, Types } from 'mongoose';
import { formatPassNumber, stationName, ZCheckInResponse, PRIVACY_NOTICE_VERSION, type TCheckInOutcome, type TCheckInScanInput } from '@contest/shared';
import { connectDatabase } from '@contest/bff/src/db';
import { CheckInAnswerModel, CheckInModel } from '@contest/bff/src/models/checkIn';
import { CompetitionModel, type CompetitionSetupRecord } from '@contest/bff/src/models/competition';
import { RegistrationModel, type PassRecord } from '@contest/bff/src/models/registration';
import { UnionModel, type UnionWithId } from '@contest/bff/src/models/union';
import { VenueSessionModel } from '@contest/bff/src/models/venueSession';
import { PassSigner } from '@contest/bff/src/passSigning/signer';
import { DEMO_COMPETITION } from '@contest/bff/src/seed/demoData';
import { seedDemoData } from '@contest/bff/src/seed/seedDemo';
import { signInAs } from '../support/auth';
import { randomSource } from '../support/bulkRegistrations';
import { BARE_PATH, cleanUp, envInt, machineCpuMs, probeChild, procCpuMs, runBench, startBffAndBare, startStore } from './benchProcesses';
import { runAutocannon } from './registerAutocannon';
import type { ProbeStats } from './registerProbeTypes';

const PASSES = envInt('BENCH_CHECKIN_PASSES', 10_000);
const SCANNERS = envInt('BENCH_CHECKIN_SCANNERS', 20);
const BARE_DURATION_S = envInt('BENCH_DURATION_S', 5);
const DUPLICATE_SHARE = 0.05;
const FORGED_SHARE = 0.01;
const SESSIONS = 4;
const DB_NAME = 'bench_checkin';
const CHECK_INS_PATH = '/api/v1/venue/check-ins';
const INSERT_BATCH = 2_000;
const TARGET_RATIO = 0.05;
const KEY_ID = 'bench1';
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF_DIR;
const nodeFlags = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [];
const PROFILE = process.env.BENCH_PROFILE === '1';

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));
const seconds = (ms: number): string => (ms / 1000).toFixed(1);

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

// ---------------------------------------------------------------- seeding

interface SeededPass {
  serial: number;
  token: string;
  sessionId: string;
}

/** SESSIONS sessions of the main venue hosting 焊工职工组, room for every pass. */
async function seedSessions(competition: CompetitionSetupRecord, now: Date) {
  const capacity = Math.ceil(PASSES / SESSIONS);
  const sessions = Array.from({ length: SESSIONS }, (_, i) => {
    const date = `2027-09-${String(20 + Math.floor(i / 2)).padStart(2, '0')}`;
    const [startTime, endTime] = i % 2 === 0 ? ['09:00', '12:00'] : ['14:00', '17:00'];
    return {
      _id: new Types.ObjectId(),
      competitionId: competition._id,
      code: `bench-${i + 1}`,
      venueCode: 'main',
      name: `第${i + 1}场`,
      date,
      startTime,
      endTime,
      startsAt: new Date(`${date}T${startTime}:00+08:00`),
      endsAt: new Date(`${date}T${endTime}:00+08:00`),
      capacity,
      stationPrefix: String.fromCharCode(65 + i),
      hosts: [{ tradeCode: 'welding', groupCode: 'worker' }],
      instructions: '请携带身份证和准考证',
      version: 0,
      createdAt: now,
      updatedAt: now,
    };
  });
  await VenueSessionModel.insertMany(sessions, { lean: true });
  return sessions;
}

/** PASSES confirmed registrations, each placed with its pass, as a placement leaves them; answers the passes. */
async function seedPlacedRegistrations(competition: CompetitionSetupRecord, union: UnionWithId, signer: PassSigner, now: Date): Promise<SeededPass[]> {
  const sessions = await seedSessions(competition, now);
  const passes: SeededPass[] = [];
  for (let start = 0; start < PASSES; start += INSERT_BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(start + INSERT_BATCH, PASSES); i += 1) {
      const serial = i + 1;
      const session = sessions[i % SESSIONS]!;
      const stationNumber = Math.floor(i / SESSIONS) + 1;
      const token = signer.sign(competition._id, { passSerial: serial, passVersion: 1, venueCode: session.venueCode, sessionCode: session.code });
      const pass: PassRecord = {
        serial,
        number: formatPassNumber(serial),
        version: 1,
        keyId: KEY_ID,
        token,
        sessionId: session._id,
        venueCode: session.venueCode,
        sessionCode: session.code,
        stationNumber,
        station: stationName(session.stationPrefix, stationNumber),
        issuedAt: now,
        issuedBy: null,
        revokedAt: null,
        revokedReason: null,
        revokedBy: null,
      };
      passes.push({ serial, token, sessionId: session._id.toHexString() });
      batch.push({
        competitionId: competition._id,
        unionId: union._id,
        unionPath: [...union.ancestorIds, union._id],
        userId: new Types.ObjectId(),
        name: `选手${serial}`,
        nationalIdSealed: null,
        nationalIdHash: `bench-${serial}-${randomBytes(8).toString('hex')}`,
        nationalIdMasked: `120103********${String(serial % 10_000).padStart(4, '0')}`,
        mobileMasked: '138****5678',
        age: 35,
        sex: 'male',
        employer: '天津港（集团）有限公司',
        tradeCode: 'welding',
        groupCode: 'worker',
        status: 'confirmed',
        active: true,
        version: 3,
        venue: session.venueCode,
        pass,
        stationKey: `${session.code}#${stationNumber}`,
        privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
        submittedAt: now,
        timeline: [{ at: now, action: 'committee_confirm', actor: 'committee', actorName: '大赛组委会', from: 'union_approved', to: 'confirmed' }],
        createdAt: now,
        updatedAt: now,
      });
    }
    await RegistrationModel.insertMany(batch, { lean: true });
  }
  return passes;
}

// ---------------------------------------------------------------- the scans

type ScanKind = 'first' | 'duplicate' | 'forged';

interface PlannedScan {
  kind: ScanKind;
  /** The pass scanned (for a duplicate: chosen when it is sent, among the passes already answered). */
  pass?: SeededPass;
  /** A forged token, made in advance. */
  token?: string;
}

/** A token with one bit flipped, anywhere in it (the BFF must refuse every one: see the fast-check test). */
function flipOneBit(token: string, random: () => number): string {
  const bytes = Buffer.from(token, 'base64url');
  const bit = Math.floor(random() * bytes.length * 8);
  bytes[bit >> 3]! ^= 1 << (bit & 7);
  return bytes.toString('base64url');
}

/** Every pass once, duplicates and forged tokens mixed in, shuffled. */
function planScans(competitionId: Types.ObjectId, passes: SeededPass[], random: () => number): PlannedScan[] {
  const duplicates = Math.round(PASSES * DUPLICATE_SHARE);
  const forged = Math.round(PASSES * FORGED_SHARE);
  // Keys the BFF does not hold: one under its own id, one under the BFF's key id.
  const rogue = new PassSigner(new Map([['rogue', randomBytes(32)]]), 'rogue');
  const impostor = new PassSigner(new Map([[KEY_ID, randomBytes(32)]]), KEY_ID);
  const plan: PlannedScan[] = passes.map((pass) => ({ kind: 'first', pass }));
  for (let i = 0; i < duplicates; i += 1) plan.push({ kind: 'duplicate' });
  for (let i = 0; i < forged; i += 1) {
    const pass = passes[Math.floor(random() * passes.length)]!;
    const fields = { passSerial: pass.serial, passVersion: 1, venueCode: 'main', sessionCode: `bench-${(pass.serial - 1) % SESSIONS + 1}` };
    const token = i % 2 === 0 ? flipOneBit(pass.token, random) : (i % 4 === 1 ? rogue : impostor).sign(competitionId, fields);
    plan.push({ kind: 'forged', pass, token });
  }
  return shuffle(plan, random);
}

interface Answer {
  status: number;
  body: string;
  ms: number;
}

function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: string): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

interface Tally {
  byKind: Record<ScanKind, Map<string, number>>;
  /** Scans answered something else than their kind expects, by kind and outcome. */
  unexpected: Map<string, number>;
  /** Passes whose first scan has been answered: what a duplicate re-scans. */
  answered: SeededPass[];
  latenciesMs: number[];
  networkErrors: number;
  resent: number;
  nonces: Record<ScanKind, string[]>;
  forgedAnsweredAccepted: number;
}

const EXPECTED: Record<ScanKind, TCheckInOutcome> = { first: 'checked_in', duplicate: 'already_checked_in', forged: 'forged' };

/**
 * SCANNERS scanners, each its own staff member, device and keep-alive connection, taking the next
 * scan from the shared plan until it is empty. A duplicate scan takes a pass already answered;
 * while there is none yet it goes to the end of the plan.
 */
async function scanAll(bffUrl: string, plan: PlannedScan[], staff: string[], random: () => number): Promise<Tally> {
  const tally: Tally = {
    byKind: { first: new Map(), duplicate: new Map(), forged: new Map() },
    unexpected: new Map(),
    answered: [],
    latenciesMs: [],
    networkErrors: 0,
    resent: 0,
    nonces: { first: [], duplicate: [], forged: [] },
    forgedAnsweredAccepted: 0,
  };
  const url = new URL(CHECK_INS_PATH, bffUrl);
  let next = 0;
  const scanner = async (index: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const headers = { authorization: staff[index]! };
    const deviceId = `gate-${String(index + 1).padStart(2, '0')}`;
    while (next < plan.length) {
      const planned = plan[next]!;
      next += 1;
      if (planned.kind === 'duplicate' && tally.answered.length === 0) {
        if (!plan.slice(next).some((p) => p.kind === 'first')) throw new Error(`no pass checked in to scan again: ${listCounts(tally.byKind.first)}`);
        plan.push(planned);
        continue;
      }
      const pass = planned.kind === 'duplicate' ? tally.answered[Math.floor(random() * tally.answered.length)]! : planned.pass!;
      const scan: TCheckInScanInput = { sessionId: pass.sessionId, nonce: randomUUID(), scannedAt: new Date().toISOString(), deviceId, token: planned.token ?? pass.token };
      tally.nonces[planned.kind].push(scan.nonce);
      const body = JSON.stringify(scan);
      let answer: Answer | null = null;
      // Sent again with the same nonce after a network error: the BFF answers it once.
      for (let attempt = 0; answer === null; attempt += 1) {
        try {
          answer = await post(agent, url, headers, body);
        } catch (error) {
          tally.networkErrors += 1;
          if (attempt >= 5) throw error;
          tally.resent += 1;
        }
      }
      tally.latenciesMs.push(answer.ms);
      let outcome = `HTTP ${answer.status}`;
      let accepted = false;
      if (answer.status === 200) {
        const result = ZCheckInResponse.parse(JSON.parse(answer.body)).data;
        outcome = result.outcome;
        accepted = result.accepted;
      }
      const counts = tally.byKind[planned.kind];
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
      if (outcome !== EXPECTED[planned.kind]) tally.unexpected.set(`${planned.kind}→${outcome}`, (tally.unexpected.get(`${planned.kind}→${outcome}`) ?? 0) + 1);
      if (planned.kind === 'first' && answer.status === 200) tally.answered.push(pass);
      if (planned.kind === 'forged' && (accepted || (answer.status === 200 && outcome !== 'forged'))) tally.forgedAnsweredAccepted += 1;
    }
    agent.destroy();
  };
  await Promise.all(Array.from({ length: SCANNERS }, (_, i) => scanner(i)));
  return tally;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** CPU time of the named processes and of the whole machine over a window. */
function cpuWindow(pids: Record<string, number>) {
  const start = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, procCpuMs(pid) ?? 0]));
  const benchStart = process.cpuUsage();
  const machineStart = machineCpuMs();
  const t0 = Date.now();
  return () => {
    const used = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, (procCpuMs(pid) ?? 0) - start[name]!]));
    const bench = process.cpuUsage(benchStart);
    used.bench = (bench.user + bench.system) / 1000;
    const wallMs = Date.now() - t0;
    const machine = machineCpuMs().busy - machineStart.busy;
    const ours = Object.values(used).reduce((sum, ms) => sum + ms, 0);
    return { used, wallMs, machineBusyCores: machine / wallMs, otherBusyCores: Math.max(0, (machine - ours) / wallMs) };
  };
}

/** BENCH_PROFILE=1: where the scanning run's time went, per command (registerProbeStore.ts, registerProbeBff.ts). */
function printProbe(title: string, stats: ProbeStats | undefined, scans: number): void {
  if (!stats) return;
  console.log(`${title}: ${seconds(stats.wallMs)} s window, event loop utilisation ${(stats.eventLoopUtilization * 100).toFixed(0)}%`);
  for (const row of [...stats.rows].filter((r) => r.count > 0).sort((a, b) => b.totalMs - a.totalMs)) {
    console.log(
      `  ${row.name.slice(0, 40).padEnd(40)} ${String(row.count).padStart(7)} ${(row.count / scans).toFixed(2).padStart(6)}/scan ` +
        `${(row.totalMs / row.count).toFixed(2).padStart(8)} ms avg ${(row.totalMs / scans).toFixed(2).padStart(7)} ms/scan`,
    );
  }
}

const listCounts = (counts: Map<string, number>) => [...counts.entries()].map(([label, n]) => `${label} ×${n}`).join(', ') || 'none';

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = os.loadavg();
  const random = randomSource(20261203);

  // 1. The store, the demo data, the placed registrations and the staff.
  const { store, uri: storeUri } = await startStore({ tempPrefix: 'bench-checkin-', nodeFlags, probe: PROFILE ? 'tests/bench/registerProbeStore.ts' : undefined });
  await connectDatabase({ MONGODB_URI: storeUri, MONGODB_DB: DB_NAME, MONGODB_SERVER_SELECTION_MS: 5000 });
  const now = new Date();
  await seedDemoData(now);
  // No place limits: 10,000 passes are far beyond the demo's one place per union × trade × group, and
  // the BFF's start-up quota check would otherwise be listing them while the scanners run.
  await CompetitionModel.updateOne({ slug: DEMO_COMPETITION.slug }, { $set: { quotas: [] } }).exec();
  const competition = await CompetitionModel.findOne({ slug: DEMO_COMPETITION.slug }).lean<CompetitionSetupRecord>().orFail().exec();
  const union = await UnionModel.findOne({ parentId: trusted({ $ne: null }) }).lean<UnionWithId>().orFail().exec();
  const keySeed = randomBytes(32);
  const signer = new PassSigner(new Map([[KEY_ID, keySeed]]), KEY_ID);
  const seedStarted = Date.now();
  const passes = await seedPlacedRegistrations(competition, union, signer, now);
  const staff: string[] = [];
  for (let i = 0; i < SCANNERS; i += 1) staff.push((await signInAs([{ role: 'venue_staff', competitionId: competition._id, venue: 'main' }])).auth.Authorization);
  console.log(`${PASSES} placed registrations with passes in ${SESSIONS} sessions of the main venue, ${SCANNERS} venue-staff members, seeded in ${seconds(Date.now() - seedStarted)} s`);

  // 2. The BFF (holding the key that signed the passes) and the bare app.
  const { bff, bare, bffUrl, bareUrl } = await startBffAndBare({
    storeUri,
    dbName: DB_NAME,
    bff: { nodeFlags, probe: PROFILE ? 'tests/bench/registerProbeBff.ts' : undefined },
    env: { PASS_SIGNING_KEYS: `${KEY_ID}:${keySeed.toString('base64')}`, PASS_ACTIVE_KEY_ID: KEY_ID },
  });

  // 3. The scanners.
  const plan = planScans(competition._id, passes, random);
  const scans = plan.length;
  if (PROFILE) await Promise.all([probeChild(bff, 'reset'), probeChild(store, 'reset')]);
  const scanCpu = cpuWindow({ bff: bff.process.pid!, store: store.process.pid! });
  const scanStarted = performance.now();
  const tally = await scanAll(bffUrl, plan, staff, random);
  const scanMs = performance.now() - scanStarted;
  const scanCpuUse = scanCpu();
  if (PROFILE) {
    printProbe('store, commands as executed (journal fdatasync included in the writes)', await probeChild(store, 'dump'), scans);
    printProbe('BFF, database round trips as awaited (queueing in the store included)', await probeChild(bff, 'dump'), scans);
  }

  // 4. The bare route, same number of connections, after a warm-up.
  await runAutocannon({ url: `${bareUrl}${BARE_PATH}`, connections: SCANNERS, duration: 1 });
  const bareCpu = cpuWindow({ bare: bare.process.pid! });
  const bareRun = await runAutocannon({ url: `${bareUrl}${BARE_PATH}`, connections: SCANNERS, duration: BARE_DURATION_S });
  const bareCpuUse = bareCpu();

  // 5. What the store holds.
  const checkedIn = await CheckInModel.countDocuments({ competitionId: competition._id }).exec();
  const passesTwice = await CheckInModel.aggregate<{ n: number }>([
    { $match: { competitionId: competition._id } },
    { $group: { _id: '$passSerial', n: { $sum: 1 } } },
    { $match: { n: { $gt: 1 } } },
  ]).exec();
  const heldByRescan = await CheckInModel.countDocuments({ 'scan.nonce': trusted({ $in: tally.nonces.duplicate }) }).exec();
  const forgedCheckIns = await CheckInModel.countDocuments({ 'scan.nonce': trusted({ $in: tally.nonces.forged }) }).exec();
  const forgedAnswers = await CheckInAnswerModel.countDocuments({ nonce: trusted({ $in: tally.nonces.forged }), outcome: trusted({ $ne: 'forged' }) }).exec();
  const duplicatesRecorded = passesTwice.length;
  const forgedAccepted = Math.max(forgedCheckIns + forgedAnswers, tally.forgedAnsweredAccepted);

  const sorted = [...tally.latenciesMs].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const checkInsPerS = (tally.byKind.first.get('checked_in') ?? 0) / (scanMs / 1000);
  const scansPerS = scans / (scanMs / 1000);
  const bareRps = bareRun['2xx'] / bareRun.duration;
  const ratio = bareRps > 0 ? checkInsPerS / bareRps : 0;
  const perScan = (ms: number | undefined) => ((ms ?? 0) / scans).toFixed(2);
  // The same ratio by the servers' CPU time (BFF and store per check-in, the bare app per answer):
  // what the machine's other load does to the two wall-clock rates does not enter it.
  const serverMsPerCheckIn = ((scanCpuUse.used.bff ?? 0) + (scanCpuUse.used.store ?? 0)) / Math.max(1, tally.byKind.first.get('checked_in') ?? 0);
  const bareMsPerAnswer = (bareCpuUse.used.bare ?? 0) / Math.max(1, bareRun['2xx']);
  const cpuRatio = serverMsPerCheckIn > 0 ? bareMsPerAnswer / serverMsPerCheckIn : 0;

  console.log('');
  console.log(
    `${scans} scans by ${SCANNERS} scanners in ${seconds(scanMs)} s = ${scansPerS.toFixed(0)} scans/s, ${checkInsPerS.toFixed(0)} check-ins/s; ` +
      `latency p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(sorted[sorted.length - 1] ?? 0).toFixed(1)} ms; network errors ${tally.networkErrors} (sent again ${tally.resent})`,
  );
  console.log(`  passes scanned once (${PASSES}): ${listCounts(tally.byKind.first)}`);
  console.log(`  re-scans with a new nonce (${tally.nonces.duplicate.length}): ${listCounts(tally.byKind.duplicate)}`);
  console.log(`  forged tokens (${tally.nonces.forged.length}; bit flips, unknown key id, wrong key under the real id): ${listCounts(tally.byKind.forged)}`);
  if (tally.unexpected.size > 0) console.log(`  UNEXPECTED answers: ${listCounts(tally.unexpected)}`);
  console.log(
    `store: ${checkedIn} check-ins, ${duplicatesRecorded} passes with more than one, ${heldByRescan} held by a re-scan; ` +
      `forged: ${forgedCheckIns} check-ins, ${forgedAnswers} answers other than forged`,
  );
  console.log(
    `CPU over the scanning (ms per scan): BFF ${perScan(scanCpuUse.used.bff)}, store ${perScan(scanCpuUse.used.store)}, scanners (this process) ${perScan(scanCpuUse.used.bench)}; ` +
      `machine ${os.cpus().length} cores, ${scanCpuUse.machineBusyCores.toFixed(2)} busy on average, ${scanCpuUse.otherBusyCores.toFixed(2)} by other processes`,
  );
  console.log(
    `bare Koa route: ${bareRun['2xx']} answers in ${bareRun.duration} s at ${SCANNERS} connections = ${bareRps.toFixed(0)}/s, p99 ${bareRun.latency.p99} ms, ` +
      `errors ${bareRun.errors + bareRun.non2xx}; ${bareCpuUse.otherBusyCores.toFixed(2)} cores busy with other processes meanwhile`,
  );
  console.log(
    `ratio check-ins/bare = ${ratio.toFixed(4)} (target ≥ ${TARGET_RATIO}); by server CPU: ${serverMsPerCheckIn.toFixed(2)} ms per check-in (BFF + store) ` +
      `against ${bareMsPerAnswer.toFixed(3)} ms per bare answer = ${cpuRatio.toFixed(4)}`,
  );
  const met = duplicatesRecorded === 0 && forgedAccepted === 0 && ratio >= TARGET_RATIO && checkedIn === PASSES && tally.unexpected.size === 0;
  console.log(met ? 'all targets met' : 'targets MISSED');
  console.log(
    `load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} after; bench took ${seconds(Date.now() - started)} s`,
  );

  await cleanUp();
  console.log(
    JSON.stringify({
      bench: 'checkin',
      scans,
      checked_in: checkedIn,
      duplicates_recorded: duplicatesRecorded,
      forged_accepted: forgedAccepted,
      p99_ms: round(p99),
      ratio: round(ratio, 4),
      p50_ms: round(p50),
      check_ins_per_s: round(checkInsPerS),
      scans_per_s: round(scansPerS),
      bare_rps: round(bareRps),
      cpu_ratio: round(cpuRatio, 4),
      unexpected_answers: [...tally.unexpected.values()].reduce((a, b) => a + b, 0),
      cpu_ms_per_scan: { bff: Number(perScan(scanCpuUse.used.bff)), store: Number(perScan(scanCpuUse.used.store)) },
      other_busy_cores: round(scanCpuUse.otherBusyCores, 2),
      targets_met: met,
    }),
  );
}

runBench(main);

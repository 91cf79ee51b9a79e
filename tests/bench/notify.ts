/**
 * The notification dispatcher under load, with a crash (`npm run bench:notify`), issue 11.
 *
 * Child processes: the embedded store (journal in a temp directory), the WeChat emulator
 * (`bff/wechat-emulator/cli.ts`) and two BFFs (`bff/src/server.ts`, production settings), each
 * of which runs a notification dispatcher, sharing the send cap NOTIFY_SENDS_PER_SECOND = CAP.
 * From this process: MESSAGES workers known to the emulator with one grant each for the
 * registration_confirmed template (POST /__control/users), and through mongoose by insertMany
 * their users, one ledger credit each and one queued results-style message each
 * (committee_confirmed: competition, trade, person, opening the registration).
 * The BFFs then send; once WeChat has received half of the messages the first BFF is killed with
 * SIGKILL while it holds claims (mid-batch: how many is printed) and started again; what it was
 * sending at that moment ends failed, outcome unknown (counted, with how many of those WeChat did
 * receive), the rest of its claims are sent by the others once their lease ends. When no message waits any more
 * (or after a deadline), the emulator's record of the messages it received gives the duplicates
 * (one worker × template × page received twice) and the achieved rate (messages over the
 * sending period, first to last received), the store gives the unfinished (not in a final
 * state) and the final states; /proc gives each process's CPU time over the run.
 * Prints the figures, then one JSON line.
 *
 * WeChat's send cap (the emulator's, answering 45009 beyond it in a second of the clock) is CAP too.
 *
 * Environment: BENCH_NOTIFY_MESSAGES (50000), BENCH_NOTIFY_CAP (1000 sends a second),
 * BENCH_CPU_PROF_DIR (diagnostics: every child process writes a V8 CPU profile there when it
 * stops; the killed BFF writes none).
 */
import * as os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

import { trusted, Types } from 'mongoose';
import { notificationPage } from '@contest/shared';
import { connectDatabase } from '@contest/bff/src/db';
import { NotificationModel, NOTIFICATION_STATES, PENDING_NOTIFICATION_STATES, queuedDeliveryFields } from '@contest/bff/src/models/notification';
import { SubscriptionGrantModel } from '@contest/bff/src/models/subscriptionGrant';
import { UserModel } from '@contest/bff/src/models/user';
import { DEFAULT_SECRET, EmulatorControl } from '../support/wechatEmulator';
import { type Child, cleanUp, envInt, machineCpuMs, procCpuMs, runBench, startBff, startStore, startWeChatEmulatorChild } from './benchProcesses';

const MESSAGES = envInt('BENCH_NOTIFY_MESSAGES', 50_000);
const CAP = envInt('BENCH_NOTIFY_CAP', 1_000);
const DB_NAME = 'bench_notify';
const TEMPLATE_ID = 'tmpl-registration-confirmed';
const INSERT_BATCH = 5_000;
const EMULATOR_BATCH = 10_000;
const POLL_MS = 250;
const STORE_POLL_MS = 5_000;
/** The emulator answers in milliseconds; the dispatcher's lease is 3 × this + 10 s (server.ts). */
const WECHAT_TIMEOUT_MS = 2_000;
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF_DIR;
const nodeFlags = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [];
const COMPETITION = '2026年天津市职工职业技能大赛';
const TRADES = ['焊工', '电工', '数控车工', '钳工', '汽车维修工', '中式烹调师', '养老护理员', '电子商务师'];
const NAMES = ['王伟', '李芳', '张娜', '刘敏', '陈静', '杨强', '赵磊', '黄军', '周洋', '吴勇', '徐艳', '孙杰'];

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));
const seconds = (ms: number): string => (ms / 1000).toFixed(1);

/** The workers, known to the emulator with one grant each; their openids in order. */
async function seedEmulator(control: EmulatorControl): Promise<string[]> {
  const openids: string[] = [];
  for (let start = 0; start < MESSAGES; start += EMULATOR_BATCH) {
    const keys = Array.from({ length: Math.min(EMULATOR_BATCH, MESSAGES - start) }, (_, i) => `bench-worker-${start + i}`);
    openids.push(...(await control.users(keys, [{ templateId: TEMPLATE_ID, count: 1 }])));
  }
  return openids;
}

/** Each worker's user, one ledger credit and one queued results-style message, by insertMany. */
async function seedStore(openids: string[], now: Date): Promise<void> {
  for (let start = 0; start < openids.length; start += INSERT_BATCH) {
    const users = [];
    const grants = [];
    const notifications = [];
    for (let i = start; i < Math.min(start + INSERT_BATCH, openids.length); i += 1) {
      const userId = new Types.ObjectId();
      const registrationId = new Types.ObjectId();
      users.push({ _id: userId, openid: openids[i], lastSignInAt: now, createdAt: now, updatedAt: now });
      grants.push({ userId, templateId: TEMPLATE_ID, credits: 1, createdAt: now, updatedAt: now });
      notifications.push({
        eventId: `${registrationId.toHexString()}:2`,
        userId,
        registrationId,
        kind: 'committee_confirmed',
        templateKey: 'registration_confirmed',
        data: { competition: COMPETITION, trade: TRADES[i % TRADES.length], person: NAMES[i % NAMES.length], note: '大赛组委会', at: now.toISOString() },
        page: notificationPage('committee_confirmed', registrationId.toHexString()),
        at: now,
        ...queuedDeliveryFields(now),
        createdAt: now,
        updatedAt: now,
      });
    }
    await UserModel.insertMany(users, { lean: true });
    await SubscriptionGrantModel.insertMany(grants, { lean: true });
    await NotificationModel.insertMany(notifications, { lean: true });
  }
}

/** Messages waiting under a claim of `bff`'s dispatcher, whose lease owner is host:pid:random#n (dispatcher.ts). */
const claimsHeldBy = (bff: Child) =>
  NotificationModel.countDocuments({
    state: trusted({ $in: PENDING_NOTIFICATION_STATES }),
    leaseOwner: trusted({ $regex: `:${bff.process.pid}:` }),
  }).exec();

const waiting = () => NotificationModel.countDocuments({ state: trusted({ $in: PENDING_NOTIFICATION_STATES }) }).exec();

/**
 * CPU time of each measured process: `used` since its first reading (for a BFF, taken once it
 * answers, so its start-up is left out), `total` over its whole life. A process gone keeps its
 * last reading.
 */
class CpuMeter {
  private readonly first = new Map<string, number>();
  private readonly last = new Map<string, number>();

  read(name: string, pid: number): void {
    const ms = procCpuMs(pid);
    if (ms === undefined) return;
    if (!this.first.has(name)) this.first.set(name, ms);
    this.last.set(name, ms);
  }

  used(name: string): number {
    return (this.last.get(name) ?? 0) - (this.first.get(name) ?? 0);
  }

  total(name: string): number {
    return this.last.get(name) ?? 0;
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = os.loadavg();

  // 1. The store, the emulator, the workers.
  const { store, uri: storeUri } = await startStore({ tempPrefix: 'bench-notify-', nodeFlags });
  const { emulator, baseUrl: wechatUrl } = await startWeChatEmulatorChild({ nodeFlags });
  const control = new EmulatorControl(wechatUrl);
  await connectDatabase({ MONGODB_URI: storeUri, MONGODB_DB: DB_NAME, MONGODB_SERVER_SELECTION_MS: 5000 });
  const seedStarted = Date.now();
  const openids = await seedEmulator(control);
  await seedStore(openids, new Date());
  // WeChat's own count per second, as the BFFs' cap: a send beyond it answers 45009 and is retried later.
  await control.sendCap(CAP);
  console.log(`${MESSAGES} workers with one grant each, ${await waiting()} queued messages, seeded in ${seconds(Date.now() - seedStarted)} s`);

  // 2. Two BFFs dispatching under one cap.
  const bffEnv: NodeJS.ProcessEnv = {
    WECHAT_API_BASE: wechatUrl,
    WECHAT_SECRET: DEFAULT_SECRET,
    WECHAT_TIMEOUT_MS: String(WECHAT_TIMEOUT_MS),
    NOTIFY_TEMPLATE_IDS: `registration_confirmed=${TEMPLATE_ID}`,
    NOTIFY_SENDS_PER_SECOND: String(CAP),
    NOTIFY_DISPATCH_INTERVAL_MS: '200',
  };
  const startDispatcher = (name: string) => startBff({ storeUri, dbName: DB_NAME, env: bffEnv, name, bff: { nodeFlags } });
  const cpu = new CpuMeter();
  const machineBefore = machineCpuMs();
  const benchCpuBefore = process.cpuUsage();
  cpu.read('store', store.process.pid!);
  cpu.read('emulator', emulator.process.pid!);
  const dispatchStarted = Date.now();
  const [first, second] = await Promise.all([startDispatcher('bff-a'), startDispatcher('bff-b')]);
  const dispatchers: Array<{ name: string; child: Child }> = [
    { name: 'bff-a', child: first.bff },
    { name: 'bff-b', child: second.bff },
  ];
  for (const d of dispatchers) cpu.read(d.name, d.child.process.pid!);
  const readAll = () => {
    cpu.read('store', store.process.pid!);
    cpu.read('emulator', emulator.process.pid!);
    for (const d of dispatchers) cpu.read(d.name, d.child.process.pid!);
  };

  // 3. Half-way, the first BFF is killed mid-batch and started again. Progress is read from the
  // emulator (cheap); the store is asked what still waits only when sending pauses, or every few seconds.
  let kill: { atMs: number; claims: number; doneBefore: number } | null = null;
  // Generous: the machine may be far slower than the cap (at least 50 a second).
  const deadline = Date.now() + Math.max(180_000, (MESSAGES * 1000) / 50);
  let left = MESSAGES;
  let receivedSoFar = 0;
  let storeAskedAt = Date.now();
  for (;;) {
    await sleep(POLL_MS);
    readAll();
    const before = receivedSoFar;
    receivedSoFar = await control.sentCount();
    if (receivedSoFar === before || Date.now() - storeAskedAt > STORE_POLL_MS) {
      left = await waiting();
      storeAskedAt = Date.now();
      if (left === 0) break;
    }
    if (Date.now() > deadline) break;
    // Mid-batch: only while it holds claims (checked just before, counted again just after).
    if (kill === null && receivedSoFar >= MESSAGES / 2 && (await claimsHeldBy(dispatchers[0]!.child)) > 0) {
      const victim = dispatchers[0]!.child;
      victim.process.kill('SIGKILL');
      await new Promise((resolve) => victim.process.once('exit', resolve));
      const claims = await claimsHeldBy(victim);
      kill = { atMs: Date.now() - dispatchStarted, claims, doneBefore: receivedSoFar };
      console.log(`${seconds(kill.atMs)} s: bff-a killed (SIGKILL) after WeChat received ${receivedSoFar} messages, holding ${claims} claimed messages; starting it again`);
      const restarted = await startDispatcher('bff-a2');
      dispatchers.push({ name: 'bff-a2', child: restarted.bff });
      cpu.read('bff-a2', restarted.bff.process.pid!);
    }
  }
  readAll();
  const dispatchMs = Date.now() - dispatchStarted;
  const machineAfter = machineCpuMs();
  const benchCpu = process.cpuUsage(benchCpuBefore);

  // 4. What WeChat received, and what the store says.
  const received = await control.sent();
  const keys = new Set(received.map((m) => `${m.touser}\u0000${m.template_id}\u0000${m.page ?? ''}`));
  const duplicates = received.length - keys.size;
  const times = received.map((m) => m.at).sort((a, b) => a - b);
  const periodS = times.length > 1 ? (times[times.length - 1]! - times[0]!) / 1000 : 0;
  const achieved = periodS > 0 ? received.length / periodS : 0;
  const perSecond = new Map<number, number>();
  for (const at of times) perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
  const peakPerSecond = Math.max(0, ...perSecond.values());
  const byState = Object.fromEntries(await Promise.all(NOTIFICATION_STATES.map(async (state) => [state, await NotificationModel.countDocuments({ state }).exec()] as const)));
  const unfinished = PENDING_NOTIFICATION_STATES.reduce((sum, state) => sum + (byState[state] ?? 0), 0);
  const wechatCalls = await control.calls();
  const overCap = wechatCalls.log.filter((call) => call.api === 'subscribe_send' && call.errcode === 45009).length;
  // Those the killed BFF was sending: ended failed, outcome unknown (dispatcher.ts), and how many of them WeChat did receive.
  const inDoubt = await NotificationModel.find({ state: 'failed', failure: trusted({ $regex: '^outcome unknown' }) }, { page: 1 }).lean().exec();
  const receivedPages = new Set(received.map((m) => m.page));
  const inDoubtReceived = inDoubt.filter((n) => receivedPages.has(n.page)).length;

  // 5. CPU: each process's time over the run, per message WeChat received.
  const perMessage = (ms: number) => (received.length > 0 ? (ms / received.length).toFixed(3) : '–');
  const dispatcherMs = dispatchers.reduce((sum, d) => sum + cpu.used(d.name), 0);
  const benchMs = (benchCpu.user + benchCpu.system) / 1000;
  const machineBusyMs = machineAfter.busy - machineBefore.busy;
  // The BFFs started within the measured time, so their start-up counts as ours too.
  const ourMs = dispatchers.reduce((sum, d) => sum + cpu.total(d.name), 0) + cpu.used('store') + cpu.used('emulator') + benchMs;
  const cores = os.cpus().length;
  console.log('');
  console.log(
    `${received.length} messages received by WeChat over ${periodS.toFixed(1)} s (${achieved.toFixed(0)}/s; cap ${CAP}/s; busiest second ${peakPerSecond}), ` +
      `${wechatCalls.counts.subscribe_send} send calls (${overCap} answered 45009, over WeChat's cap); duplicates ${duplicates}; states ${JSON.stringify(byState)}`,
  );
  // The sending rate over time, in tenths of the sending period.
  const tenthMs = Math.max(1, (periodS * 1000) / 10);
  const tenths = Array.from({ length: 10 }, (_, i) => times.filter((at) => Math.min(9, Math.floor((at - times[0]!) / tenthMs)) === i).length);
  console.log(`rate by tenth of the sending period (/s): ${tenths.map((n) => ((n * 1000) / tenthMs).toFixed(0)).join(' ')}`);
  if (inDoubt.length > 0) console.log(`${inDoubt.length} failed with outcome unknown (the killed BFF was sending them; not sent again), ${inDoubtReceived} of them received by WeChat`);
  console.log(`CPU over the ${seconds(dispatchMs)} s of dispatching (ms in all, ms per message received):`);
  for (const d of dispatchers) {
    console.log(`  ${d.name.padEnd(8)} ${cpu.used(d.name).toFixed(0).padStart(7)} ms  ${perMessage(cpu.used(d.name))}  (and ${(cpu.total(d.name) - cpu.used(d.name)).toFixed(0)} ms starting)`);
  }
  console.log(`  ${'store'.padEnd(8)} ${cpu.used('store').toFixed(0).padStart(7)} ms  ${perMessage(cpu.used('store'))}`);
  console.log(`  ${'emulator'.padEnd(8)} ${cpu.used('emulator').toFixed(0).padStart(7)} ms  ${perMessage(cpu.used('emulator'))}`);
  console.log(`  ${'bench'.padEnd(8)} ${benchMs.toFixed(0).padStart(7)} ms  (polling the emulator and the store)`);
  console.log(
    `  machine: ${cores} cores, ${(machineBusyMs / dispatchMs).toFixed(2)} of them busy on average, ${Math.max(0, (machineBusyMs - ourMs) / dispatchMs).toFixed(2)} by other processes; ` +
      `load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} after; bench took ${seconds(Date.now() - started)} s`,
  );

  await cleanUp();
  console.log(
    JSON.stringify({
      bench: 'notify',
      messages: MESSAGES,
      sent: byState.sent ?? 0,
      duplicates,
      unfinished,
      cap_per_s: CAP,
      achieved_per_s: round(achieved),
      rate_ratio: round(achieved / CAP, 3),
      received: received.length,
      failed: byState.failed ?? 0,
      failed_in_doubt: inDoubt.length,
      peak_per_s: peakPerSecond,
      over_cap_45009: overCap,
      killed_claims: kill?.claims ?? null,
      cpu_ms_per_message: {
        dispatchers: Number(perMessage(dispatcherMs)),
        store: Number(perMessage(cpu.used('store'))),
        emulator: Number(perMessage(cpu.used('emulator'))),
      },
      machine_busy_cores: round(machineBusyMs / dispatchMs, 2),
      other_busy_cores: round(Math.max(0, (machineBusyMs - ourMs) / dispatchMs), 2),
    }),
  );
}

runBench(main);

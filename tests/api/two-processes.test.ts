/**
 * Two BFF processes (BFF_PROCESSES=2: the real entry, Node's cluster module, one port) sharing the
 * work through MongoDB: one WeChat access token for both, rate limits counted across both, a
 * notification sent once, an Idempotency-Key answered once whichever process gets the retry, and a
 * worker killed mid-request losing nothing it acknowledged. Every answer names the worker that gave
 * it (X-Bff-Process), and each case checks that both workers took part.
 */
import { trusted, Types } from 'mongoose';
import { PRIVACY_NOTICE_VERSION, type TMyRegistration } from '@contest/shared';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { NotificationModel } from '@contest/bff/src/models/notification';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { UnionModel } from '@contest/bff/src/models/union';
import { UserModel } from '@contest/bff/src/models/user';
import { seedDemoData } from '@contest/bff/src/seed/seedDemo';
import { recordGrantAnswers } from '@contest/bff/src/services/notifications/grants';
import { signInAs, type TestPerson } from '../support/auth';
import { envelopeOf, startBffCluster, type Answer, type BffCluster } from '../support/bffCluster';
import { queueUnionRejections } from '../support/queuedNotifications';
import { newIdempotencyKey, registrationInput, validNationalId } from '../support/registration';
import { startTestEmulator, startTokenDatabase, type TestEmulator, type TokenDatabase } from '../support/wechatEmulator';

jest.setTimeout(120_000);

const AUDIT_TEMPLATE = 'tmpl-audit-result';
const WRITES_PER_MINUTE = 10;
/** Sends a second by both processes together; also one claim's batch (server.ts), so a few batches cover the queue. */
const SENDS_PER_SECOND = 4;

let database: TokenDatabase;
let emulator: TestEmulator;
let bff: BffCluster;
let competitionId: string;
let sequence = 600;

beforeAll(async () => {
  [database, emulator] = await Promise.all([startTokenDatabase(), startTestEmulator()]);
  await seedDemoData(new Date());
  competitionId = (await CompetitionModel.findOne({}).lean().orFail())._id.toHexString();
  bff = await startBffCluster({
    mongodbUri: database.uri,
    mongodbDb: database.dbName,
    wechatBaseUrl: emulator.baseUrl,
    processes: 2,
    env: {
      RATE_LIMIT_WRITES_PER_MINUTE: String(WRITES_PER_MINUTE),
      NOTIFY_TEMPLATE_IDS: `audit_result=${AUDIT_TEMPLATE}`,
      NOTIFY_SENDS_PER_SECOND: String(SENDS_PER_SECOND),
      NOTIFY_DISPATCH_INTERVAL_MS: '100',
    },
  });
}, 180_000);

afterAll(async () => {
  await bff?.stop();
  await emulator?.stop();
  await database?.stop();
});

const auth = (person: TestPerson) => ({ Authorization: `Bearer ${person.token}` });
const pidsOf = (answers: Answer[]) => new Set(answers.map((a) => a.pid));

/** A worker's registration of a fresh person, with its own key unless one is given. */
function register(person: TestPerson, key = newIdempotencyKey(), nationalId = validNationalId('19900307', (sequence += 1))): Promise<Answer> {
  return bff.call('POST', '/api/v1/registrations', {
    headers: { ...auth(person), 'Idempotency-Key': key },
    body: registrationInput(competitionId, { nationalId }),
  });
}

it('starts two workers on one port, and answers come from both', async () => {
  expect(bff.pids).toHaveLength(2);
  const answers = await Promise.all(Array.from({ length: 6 }, () => bff.call('GET', '/healthz')));
  expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
  expect(pidsOf(answers)).toEqual(new Set(bff.pids));
});

it('one WeChat access token for both processes: fetched once, and refreshed once after it expired', async () => {
  const admin = await signInAs([{ role: 'admin' }]);
  const hexi = await UnionModel.findOne({ name: '河西区总工会' }).lean().orFail();
  // Each poster is a mini-program code from WeChat, which needs the access token.
  const posters = () =>
    Promise.all(Array.from({ length: 6 }, () => bff.call('GET', `/api/v1/admin/unions/${hexi._id.toHexString()}/poster?competitionId=${competitionId}`, { headers: auth(admin) })));

  const first = await posters();
  expect(first.map((a) => [a.status, a.headers['content-type']])).toEqual(Array(6).fill([200, 'image/png']));
  expect(pidsOf(first)).toEqual(new Set(bff.pids));
  expect(await emulator.control.counts()).toMatchObject({ stable_token: 1, getwxacodeunlimit: 6 });

  // WeChat now answers 42001 to the token both processes hold: each is told so, one of them refreshes.
  await emulator.control.expireToken('expire');
  const second = await posters();
  expect(second.map((a) => a.status)).toEqual(Array(6).fill(200));
  expect(pidsOf(second)).toEqual(new Set(bff.pids));
  expect((await emulator.control.counts()).stable_token).toBe(2);
});

it('rate limits are counted across both processes: the limit holds however the requests are spread', async () => {
  const person = await signInAs([]);
  const answers: Answer[] = [];
  // One after another, each on a new connection: the primary hands them to the workers in turn.
  for (let i = 0; i < WRITES_PER_MINUTE + 6; i += 1) {
    answers.push(await bff.call('POST', '/api/v1/me/privacy-consent', { headers: auth(person), body: { version: PRIVACY_NOTICE_VERSION } }));
  }
  const passed = answers.filter((a) => a.status === 200);
  const limited = answers.filter((a) => a.status === 429);
  expect([passed.length, limited.length]).toEqual([WRITES_PER_MINUTE, 6]);
  expect(pidsOf(passed)).toEqual(new Set(bff.pids));
  expect(pidsOf(limited)).toEqual(new Set(bff.pids));
  expect(limited.map((a) => envelopeOf(a).code)).toEqual(Array(6).fill('RATE_LIMITED'));
  expect(limited.every((a) => Number(a.headers['retry-after']) >= 1)).toBe(true);
});

it('notifications due at once are sent once each, both processes claiming some', async () => {
  const person = await signInAs([], { privacyAccepted: true });
  const { openid } = await emulator.control.loginCode('two-processes-worker');
  await UserModel.updateOne({ _id: person.userId }, { $set: { openid } }).orFail();
  const count = 3 * SENDS_PER_SECOND;
  for (let i = 0; i < count; i += 1) await recordGrantAnswers(person.userId, [{ templateId: AUDIT_TEMPLATE, answer: 'accept' }]);
  await emulator.control.grant(openid, AUDIT_TEMPLATE, count);
  // WeChat answers slowly, so both processes' dispatchers look at the queue while sends are out.
  await emulator.control.fault({ api: 'subscribe_send', delayMs: 400, times: count });
  const sentBefore = await emulator.control.sentCount();

  // Union rejections queued as the outbox relay leaves them, all due now.
  const registrationIds = await queueUnionRejections(person.userId, count);
  const queued = { registrationId: trusted({ $in: registrationIds.map((id) => new Types.ObjectId(id)) }) };

  // Which processes hold claims (a claim is named host:pid:…#n) while the queue empties.
  const claimedBy = new Set<number>();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const notifications = await NotificationModel.find(queued, { state: 1, leaseOwner: 1 }).lean();
    for (const { leaseOwner } of notifications) if (leaseOwner) claimedBy.add(Number(leaseOwner.split(':')[1]));
    if (notifications.every((n) => n.state !== 'queued' && n.state !== 'retry')) break;
    if (Date.now() > deadline) throw new Error('notifications still waiting after a minute');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  expect(claimedBy).toEqual(new Set(bff.pids));
  const stored = await NotificationModel.find(queued).lean();
  expect(stored.map((n) => n.state)).toEqual(Array(count).fill('sent'));
  const pages = (await emulator.control.sent()).map((m) => m.page);
  for (const registrationId of registrationIds) {
    expect(pages.filter((page) => page?.endsWith(`?id=${registrationId}`))).toHaveLength(1);
  }
  expect((await emulator.control.sentCount()) - sentBefore).toBe(count);
});

it('a registration sent twice at once with one Idempotency-Key, through both processes, is answered once', async () => {
  let tries = 0;
  let pair: Answer[] = [];
  // The primary hands the two connections to the workers in turn; try again on the rare pair that met one worker.
  while (pidsOf(pair).size < 2 && tries < 5) {
    tries += 1;
    const person = await signInAs([], { privacyAccepted: true });
    const key = newIdempotencyKey();
    const nationalId = validNationalId('19900307', (sequence += 1));
    pair = await Promise.all([register(person, key, nationalId), register(person, key, nationalId)]);
    expect(pair.map((a) => a.status)).toEqual([201, 201]);
    const [a, b] = pair.map((answer) => envelopeOf<TMyRegistration>(answer).data);
    expect(b?.id).toBe(a?.id);
    expect(await RegistrationModel.countDocuments({ userId: person.userId })).toBe(1);

    // And a later retry, whichever process takes it, gets the same registration.
    const retries = await Promise.all([register(person, key, nationalId), register(person, key, nationalId)]);
    expect(retries.map((r) => [r.status, envelopeOf<TMyRegistration>(r).data.id])).toEqual([
      [201, a?.id],
      [201, a?.id],
    ]);
    expect(pidsOf(retries)).toEqual(new Set(bff.pids));
    expect(await RegistrationModel.countDocuments({ userId: person.userId })).toBe(1);
  }
  expect(pidsOf(pair)).toEqual(new Set(bff.pids));
});

it('a worker killed mid-request loses nothing it acknowledged; the primary starts another and the service keeps answering', async () => {
  const people = await Promise.all(Array.from({ length: 36 }, () => signInAs([], { privacyAccepted: true })));
  const [victim, survivor] = bff.pids as [number, number];
  const acknowledged: Array<{ id: string; pid: number }> = [];
  let cut = 0;
  let killed = false;
  let next = 0;

  // Six at a time; once the victim has acknowledged a few, SIGKILL it while requests are in flight.
  const lane = async () => {
    while (next < people.length) {
      const person = people[next++]!;
      try {
        const answer = await register(person);
        if (answer.status !== 201) throw new Error(`registration answered ${answer.status}: ${answer.bytes.toString()}`);
        acknowledged.push({ id: envelopeOf<TMyRegistration>(answer).data.id, pid: answer.pid });
        if (!killed && acknowledged.filter((a) => a.pid === victim).length >= 4) {
          killed = true;
          process.kill(victim, 'SIGKILL');
        }
      } catch (error) {
        // The killed worker's connection reset, hung up or went silent: never acknowledged. (Node's own
        // errors are not instances of the test's Error class, jest running tests in their own realm.)
        if (!/ECONNRESET|socket hang up|ECONNREFUSED|EPIPE|no answer within/.test(String((error as { message?: unknown }).message))) throw error;
        cut += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, lane));

  expect(killed).toBe(true);
  expect(cut).toBeGreaterThan(0);
  expect(acknowledged.some((a) => a.pid === victim)).toBe(true);
  expect(acknowledged.some((a) => a.pid === survivor)).toBe(true);
  const stored = await RegistrationModel.find({ _id: trusted({ $in: acknowledged.map((a) => new Types.ObjectId(a.id)) }) }, { status: 1 }).lean();
  expect(stored).toHaveLength(acknowledged.length);
  expect(stored.every((r) => r.status === 'submitted')).toBe(true);

  // The primary noticed and started a replacement; both workers answer again.
  const restarted = await bff.waitForLine((line) => line.msg === 'bff worker restarted', 90_000);
  expect(restarted.pid).not.toBe(victim);
  const answers = await Promise.all(Array.from({ length: 6 }, () => bff.call('GET', '/healthz')));
  expect(pidsOf(answers)).toEqual(new Set([survivor, restarted.pid]));
  expect((await register(await signInAs([], { privacyAccepted: true }))).status).toBe(201);
});

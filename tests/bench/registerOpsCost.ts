/**
 * Diagnostics for `bench:register` (run: `npx tsx tests/bench/registerOpsCost.ts`): what each
 * database step of POST /api/v1/registrations costs the BFF process in CPU, one at a time
 * (no concurrency, so no queueing), against the embedded store without its journal in a child
 * process. Each step is the BFF's own call (same models, same options), next to a cheaper way
 * to do the same where there is one. Prints a table: CPU µs and wall µs per call.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import readline from 'node:readline';

import { Types, trusted } from 'mongoose';
import { RateLimiterMemory, RateLimiterMongo } from 'rate-limiter-flexible';
import mongoose from 'mongoose';

import { PRIVACY_NOTICE_VERSION } from '@contest/shared';
import { hashSecret } from '@contest/bff/src/auth/tokens';
import { connectDatabase, disconnectDatabase } from '@contest/bff/src/db';
import { CompetitionModel, type CompetitionSetupRecord } from '@contest/bff/src/models/competition';
import { IdempotencyKeyModel } from '@contest/bff/src/models/idempotencyKey';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { RoleGrantModel } from '@contest/bff/src/models/roleGrant';
import { SessionModel } from '@contest/bff/src/models/session';
import { UserModel } from '@contest/bff/src/models/user';
import { PersonalDataCipher } from '@contest/bff/src/personalData/cipher';
import { DEMO_COMPETITION } from '@contest/bff/src/seed/demoData';
import { seedDemoData } from '@contest/bff/src/seed/seedDemo';
import { resolveUnionCode } from '@contest/bff/src/services/unionLookup';
import { loadUnionNames, submitRegistration } from '@contest/bff/src/services/registrations';
import { runOnce } from '@contest/bff/src/services/idempotency';
import { authenticateToken } from '@contest/bff/src/services/sessions';
import { signInAs } from '../support/auth';
import { People, PARTICIPATING_UNION_CODES } from './registerPeople';

const ROOT = path.resolve(__dirname, '../..');
const CALLS = Number(process.env.BENCH_OPS_CALLS) || 1500;
const DB_NAME = 'bench_ops';

function startStore(): Promise<{ child: ChildProcess; uri: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/registerStoreMemory.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /devstore listening on (mongodb:\/\/\S+)/.exec(line);
      if (match) resolve({ child, uri: match[1] as string });
    });
    child.once('exit', (code) => reject(new Error(`store exited (${String(code)})`)));
  });
}

interface Row {
  step: string;
  cpuUs: number;
  wallUs: number;
}

async function measure(step: string, call: (i: number) => Promise<unknown>, calls = CALLS): Promise<Row> {
  for (let i = 0; i < 50; i += 1) await call(-1 - i); // warm-up
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < calls; i += 1) await call(i);
  const wallUs = Number(process.hrtime.bigint() - t0) / 1000 / calls;
  const cpu = process.cpuUsage(cpu0);
  return { step, cpuUs: (cpu.user + cpu.system) / calls, wallUs };
}

async function main(): Promise<void> {
  const { child, uri } = await startStore();
  try {
    await connectDatabase({ MONGODB_URI: uri, MONGODB_DB: DB_NAME, MONGODB_SERVER_SELECTION_MS: 5000 });
    await seedDemoData(new Date());
    const competition = await CompetitionModel.findOne({ slug: DEMO_COMPETITION.slug }).lean<CompetitionSetupRecord>().orFail().exec();
    const competitionId = competition._id.toHexString();
    const person = await signInAs([], { privacyAccepted: true });
    const token = person.auth.Authorization.slice('Bearer '.length);
    const cipher = new PersonalDataCipher({ encryptionKeys: new Map([['k', randomBytes(32)]]), activeKeyId: 'k', hmacKey: randomBytes(32) });
    const people = new People(competitionId, new Date(competition.registrationClosesAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10));
    const principal = { userId: person.userId, sessionId: new Types.ObjectId(), grants: [], privacyAcceptedVersion: PRIVACY_NOTICE_VERSION };
    const client = mongoose.connection.getClient();
    const common = { storeClient: client, dbName: DB_NAME, tableName: 'rate_limits', duration: 60, disableIndexesCreation: true };
    const mongoLimiter = new RateLimiterMongo({ ...common, keyPrefix: 'writes', points: 100_000 });
    const memoryLimiter = new RateLimiterMemory({ keyPrefix: 'writes', points: 100_000, duration: 60 });
    const union = await resolveUnionCode(PARTICIPATING_UNION_CODES[0] as string);
    const now = new Date();
    const registrationDoc = (i: number) => ({
      competitionId: competition._id,
      userId: person.userId,
      unionId: union._id,
      unionPath: union.path,
      name: '张伟',
      nationalIdSealed: cipher.encrypt(people.nationalId(i + 1_000_000)),
      nationalIdHash: cipher.hash('national-id', `${i}-${randomUUID()}`),
      nationalIdMasked: '120103********1234',
      mobileSealed: cipher.encrypt('13812345678'),
      mobileHash: cipher.hash('mobile', '13812345678'),
      mobileMasked: '138****5678',
      age: 37,
      sex: 'male' as const,
      employer: '天津港（集团）有限公司第一码头',
      tradeCode: 'welding',
      groupCode: 'worker' as const,
      skillLevel: 'senior' as const,
      yearsInTrade: 8,
      declarations: { notFullTimeStudent: true, noExcludedHonour: true, localResidence: false },
      status: 'submitted' as const,
      active: true,
      version: 0,
      privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
      submittedAt: now,
      timeline: [{ at: now, action: 'submit' as const, actor: 'worker' as const, actorName: null, from: null, to: 'submitted' as const, reason: null }],
    });

    const rows: Row[] = [];
    const section = (title: string) => rows.push({ step: `— ${title}`, cpuUs: Number.NaN, wallUs: Number.NaN });
    section('the steps as first built (11 round trips), one by one');
    rows.push(await measure('rate limit: RateLimiterMongo.consume (upsert)', () => mongoLimiter.consume(`user:${person.userId.toHexString()}`)));
    rows.push(
      await measure('session: SessionModel.findOne().lean()', () =>
        SessionModel.findOne({ tokenHash: hashSecret(token), expiresAt: trusted({ $gt: new Date() }) }).lean().exec(),
      ),
    );
    rows.push(await measure('grants: RoleGrantModel.find().lean()', () => RoleGrantModel.find({ userId: person.userId, revokedAt: null }).lean().exec()));
    rows.push(
      await measure('idempotency: IdempotencyKeyModel.create', () =>
        IdempotencyKeyModel.create({ _id: randomUUID(), requestHash: 'x'.repeat(64), state: 'pending', createdAt: new Date() }),
      ),
    );
    rows.push(await measure('privacy: UserModel.findById().lean()', () => UserModel.findById(person.userId, { privacyAcceptedVersion: 1 }).lean().exec()));
    rows.push(
      await measure('competition: CompetitionModel.findOne().lean()', () =>
        CompetitionModel.findOne({ _id: competition._id, publication: trusted({ $in: ['published', 'finished'] }) }).lean().exec(),
      ),
    );
    rows.push(await measure('union: resolveUnionCode (kept 5 s; 2 finds when not)', () => resolveUnionCode(PARTICIPATING_UNION_CODES[0] as string)));
    rows.push(await measure('insert: RegistrationModel.create', (i) => RegistrationModel.create(registrationDoc(i))));
    rows.push(await measure('present: loadUnionNames (1 find)', () => loadUnionNames([{ unionId: union._id, unionPath: union.path } as never])));
    const storedKey = randomUUID();
    await IdempotencyKeyModel.create({ _id: storedKey, requestHash: 'x'.repeat(64), state: 'pending', createdAt: new Date() });
    const body = JSON.stringify({ ok: true, data: { id: new Types.ObjectId().toHexString(), status: 'submitted', text: '报'.repeat(600) } });
    rows.push(
      await measure('idempotency: updateOne (answer stored)', () =>
        IdempotencyKeyModel.updateOne({ _id: storedKey }, { $set: { state: 'done', responseStatus: 201, responseBody: body } }).exec(),
      ),
    );
    section('the whole service call, no HTTP (runOnce + submitRegistration, names from the rules)');
    let n = 2_000_000;
    rows.push(
      await measure(
        'runOnce(submitRegistration) in-process',
        () => {
          const submission = { key: randomUUID(), requestHash: 'x'.repeat(64) };
          return runOnce(
            { userId: person.userId.toHexString(), scope: 'registration.submit', requestId: 'bench', ...submission },
            async () => {
              n += 1;
              const { competitionId: _c, ...rest } = people.body(n);
              // A new account each time: the default limit of one active registration per account.
              return submitRegistration(cipher, { ...principal, userId: new Types.ObjectId() }, { competitionId, ...rest }, submission, new Date(), 1);
            },
            () => Promise.resolve(null),
          );
        },
        1000,
      ),
    );
    rows.push(await measure('session + account: authenticateToken (find + aggregate)', () => authenticateToken(token, { now: new Date(), idleDays: 14 })));
    section('cheaper ways to do the same');
    rows.push(await measure('rate limit: RateLimiterMemory.consume', () => memoryLimiter.consume(`user:${person.userId.toHexString()}`)));
    rows.push(await measure('insert: RegistrationModel.collection.insertOne (raw driver)', (i) => RegistrationModel.collection.insertOne(registrationDoc(i))));
    rows.push(
      await measure('insert: RegistrationModel.insertMany([doc], { lean: true })', (i) => RegistrationModel.insertMany([registrationDoc(i)], { lean: true })),
    );
    const accountPipeline = () => [
      { $match: { _id: person.userId } },
      { $project: { privacyAcceptedVersion: 1 } },
      { $lookup: { from: 'role_grants', localField: '_id', foreignField: 'userId', as: 'grants' } },
    ];
    rows.push(await measure('account: UserModel.aggregate (mongoose)', () => UserModel.aggregate(accountPipeline()).exec()));
    rows.push(await measure('account: UserModel.collection.aggregate (driver)', () => UserModel.collection.aggregate(accountPipeline()).toArray()));
    rows.push(await measure('refusal: IdempotencyKeyModel.findById().lean()', () => IdempotencyKeyModel.findById(randomUUID()).lean().exec()));
    rows.push(await measure('refusal: IdempotencyKeyModel.collection.findOne (driver)', () => IdempotencyKeyModel.collection.findOne({ _id: randomUUID() as never })));
    rows.push(await measure('a no-op round trip: db.command({ ping: 1 })', () => mongoose.connection.db!.command({ ping: 1 })));

    console.log(`${CALLS} calls each, one at a time, store without journal in its own process`);
    console.log(`${'step'.padEnd(62)} ${'CPU µs'.padStart(8)} ${'wall µs'.padStart(8)}`);
    for (const row of rows) {
      if (Number.isNaN(row.cpuUs)) console.log(row.step);
      else console.log(`${row.step.padEnd(62)} ${row.cpuUs.toFixed(0).padStart(8)} ${row.wallUs.toFixed(0).padStart(8)}`);
    }
  } finally {
    await disconnectDatabase().catch(() => undefined);
    child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

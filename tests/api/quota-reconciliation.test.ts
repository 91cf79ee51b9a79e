/**
 * Quota places that leak are found and repaired: `npm run quotas:reconcile` (and the same check
 * at the BFF's start-up) compares each counter's holders with the registrations' statuses,
 * releases places held without a status that holds one, puts back missing ones, fixes counts,
 * and stays right while officials decide and workers withdraw at the same time.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { Types } from 'mongoose';
import { ZErrorEnvelope, type TRegistrationSubmitInput, type TRegistrationStatus } from '@contest/shared';
import { createLogger } from '@contest/bff/src/logger';
import { CompetitionModel, type CompetitionSetupRecord } from '@contest/bff/src/models/competition';
import { QuotaCounterModel, type QuotaCounterRecord } from '@contest/bff/src/models/quotaCounter';
import { RegistrationModel, type RegistrationRecord } from '@contest/bff/src/models/registration';
import { reconcileQuotasAtStart } from '@contest/bff/src/server';
import { reconcileQuotas } from '@contest/bff/src/services/quotaReconciliation';
import { quotaSlotOf, takePlace } from '@contest/bff/src/services/quotas';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, submitThroughApi, type AuditSetting } from '../support/auditApi';
import type { TestHarness } from '../support/bff';

const ROOT = path.resolve(__dirname, '../..');
const NOW = new Date('2026-11-24T10:00:00+08:00');
/** 学生组: aged 16–25 in the demo, full-time students allowed. */
const STUDENT = { groupCode: 'student', declarations: { notFullTimeStudent: false, noExcludedHonour: true, localResidence: false } } as const;

let setting: AuditSetting;
let harness: TestHarness;
let competitionId: string;
let hexiOfficial: TestPerson;
let hepingOfficial: TestPerson;
let committee: TestPerson;
let sequence = 101;

const api = () => request(harness.app.callback());

/** A fresh worker's registration through the API (河西区 unless `overrides` say otherwise). */
async function register(overrides: Partial<TRegistrationSubmitInput> = {}): Promise<{ id: string; worker: TestPerson }> {
  const worker = await signInAs([], { privacyAccepted: true });
  sequence += 2;
  return { id: (await submitThroughApi(harness, worker, competitionId, sequence, overrides)).id, worker };
}

async function stored(id: string): Promise<RegistrationRecord> {
  return RegistrationModel.findById(id).lean<RegistrationRecord>().orFail().exec();
}

function decide(person: TestPerson, desk: 'union' | 'committee', id: string, body: object) {
  return api().post(`/api/v1/audit/${desk}/registrations/${id}/decision`).set(person.auth).send(body);
}

async function approve(person: TestPerson, desk: 'union' | 'committee', id: string) {
  return decide(person, desk, id, { decision: 'approve', version: (await stored(id)).version });
}

async function withdraw(worker: TestPerson, id: string) {
  return api().post(`/api/v1/me/registrations/${id}/withdraw`).set(worker.auth).send({ version: (await stored(id)).version });
}

/** What a crash between taking a place and the status change leaves: the place taken, the status unchanged. */
async function holdPlaceThenCrash(id: string): Promise<void> {
  const competition = await CompetitionModel.findById(competitionId).lean<CompetitionSetupRecord>().orFail().exec();
  const slot = quotaSlotOf(competition, await stored(id));
  if (!slot) throw new Error('the registration has no quota');
  expect(await takePlace(slot, new Types.ObjectId(id))).toBe(true);
}

async function counterOf(unionId: Types.ObjectId, tradeCode: string, groupCode: 'worker' | 'student'): Promise<QuotaCounterRecord | null> {
  return QuotaCounterModel.findOne({ competitionId: new Types.ObjectId(competitionId), unionId, tradeCode, groupCode }).lean<QuotaCounterRecord>().exec();
}

const ids = (list: readonly Types.ObjectId[] | undefined) => (list ?? []).map((id) => id.toHexString()).sort();

/**
 * The counter of a quota as the registrations' statuses say it should be: union-approved and
 * confirmed ones hold a place, confirmed ones are counted as confirmed, each once.
 */
async function expectCounterToMatchStatuses(unionId: Types.ObjectId, tradeCode: string, groupCode: 'worker' | 'student', registrationIds: string[]) {
  const registrations = await Promise.all(registrationIds.map(stored));
  const withStatus = (statuses: TRegistrationStatus[]) => registrations.filter((r) => statuses.includes(r.status)).map((r) => r._id.toHexString()).sort();
  const counter = await counterOf(unionId, tradeCode, groupCode);
  expect({ holders: ids(counter?.holders), used: counter?.used ?? 0, confirmedHolders: ids(counter?.confirmedHolders), confirmed: counter?.confirmed ?? 0 }).toEqual({
    holders: withStatus(['union_approved', 'confirmed']),
    used: withStatus(['union_approved', 'confirmed']).length,
    confirmedHolders: withStatus(['confirmed']),
    confirmed: withStatus(['confirmed']).length,
  });
}

beforeAll(async () => {
  setting = await startAuditHarness(NOW);
  ({ harness, competitionId } = setting);
  hexiOfficial = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
  hepingOfficial = await signInAs([{ role: 'union_official', unionId: setting.heping._id }]);
  committee = await signInAs([{ role: 'committee', competitionId }]);
});
afterAll(() => harness.stop());
// Each test leaves every counter as the statuses say: a dry run then finds nothing anywhere.
afterEach(async () => expect((await reconcileQuotas({ dryRun: true })).findings).toEqual([]));

it('a place held by a crash before the status change blocks the quota until the reconciliation releases it', async () => {
  const crashed = await register({ tradeCode: 'welding' });
  const next = await register({ tradeCode: 'welding' });
  await holdPlaceThenCrash(crashed.id);

  // The demo has 1 place for 河西区 焊工 职工组: the leaked hold refuses the next approval.
  const refused = await approve(hexiOfficial, 'union', next.id);
  expect(ZErrorEnvelope.parse(refused.body).code).toBe('QUOTA_FULL');

  const report = await reconcileQuotas({ dryRun: false });
  expect(report.findings).toEqual([
    expect.objectContaining({ quota: expect.stringContaining('河西区总工会 / 焊工 / 职工组'), list: 'holders', kind: 'stray', registrationId: crashed.id, status: 'submitted', outcome: 'repaired' }),
  ]);
  expect(await counterOf(setting.hexi._id, 'welding', 'worker')).toMatchObject({ used: 0, holders: [] });
  expect((await approve(hexiOfficial, 'union', next.id)).status).toBe(200);
  await expectCounterToMatchStatuses(setting.hexi._id, 'welding', 'worker', [crashed.id, next.id]);
});

it('a union rejection gives back a place a crashed approval left held', async () => {
  const crashed = await register({ tradeCode: 'assembly-fitting' });
  await holdPlaceThenCrash(crashed.id);

  const rejected = await decide(hexiOfficial, 'union', crashed.id, { decision: 'reject', reason: '身份证号与本人信息不符', version: (await stored(crashed.id)).version });
  expect(rejected.status).toBe(200);
  expect(await counterOf(setting.hexi._id, 'assembly-fitting', 'worker')).toMatchObject({ used: 0, holders: [] });
  const next = await register({ tradeCode: 'assembly-fitting' });
  expect((await approve(hexiOfficial, 'union', next.id)).status).toBe(200);
});

it('an approved or confirmed registration missing from the holder list is put back, and a wrong count is set right', async () => {
  const approved = await register({ tradeCode: 'cnc-turning' });
  const confirmed = await register({ tradeCode: 'cnc-turning', ...STUDENT });
  await approve(hexiOfficial, 'union', approved.id);
  await approve(hexiOfficial, 'union', confirmed.id);
  expect((await approve(committee, 'committee', confirmed.id)).status).toBe(200);
  // The lists lose them (a manual edit, an old bug); the worker group's count drifts too.
  const worker = { competitionId: new Types.ObjectId(competitionId), unionId: setting.hexi._id, tradeCode: 'cnc-turning', groupCode: 'worker' };
  const student = { ...worker, groupCode: 'student' };
  await QuotaCounterModel.updateOne(worker, { $pull: { holders: new Types.ObjectId(approved.id) }, $set: { used: 3 } }).exec();
  await QuotaCounterModel.updateOne(student, { $set: { holders: [], used: 0, confirmedHolders: [], confirmed: 0 } }).exec();

  const report = await reconcileQuotas({ dryRun: false });
  expect(report.findings).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ list: 'holders', kind: 'missing', registrationId: approved.id, status: 'union_approved', outcome: 'repaired' }),
      expect.objectContaining({ list: 'holders', kind: 'miscounted', counted: { stored: 3, listed: 0 }, outcome: 'repaired' }),
      expect.objectContaining({ list: 'holders', kind: 'missing', registrationId: confirmed.id, status: 'confirmed', outcome: 'repaired' }),
      expect.objectContaining({ list: 'confirmedHolders', kind: 'missing', registrationId: confirmed.id, status: 'confirmed', outcome: 'repaired' }),
    ]),
  );
  await expectCounterToMatchStatuses(setting.hexi._id, 'cnc-turning', 'worker', [approved.id]);
  await expectCounterToMatchStatuses(setting.hexi._id, 'cnc-turning', 'student', [confirmed.id]);
  // The place is taken again: another approval in the same quota is refused.
  const other = await register({ tradeCode: 'cnc-turning' });
  expect(ZErrorEnvelope.parse((await approve(hexiOfficial, 'union', other.id)).body).code).toBe('QUOTA_FULL');
});

it('a dry run (npm run quotas:reconcile -- --dry-run) reports and changes nothing; without it the command repairs', async () => {
  const crashed = await register({ tradeCode: 'welding', unionCode: setting.heping.code });
  const approved = await register({ tradeCode: 'auto-repair', unionCode: setting.heping.code });
  await holdPlaceThenCrash(crashed.id);
  await approve(hepingOfficial, 'union', approved.id);
  const key = { competitionId: new Types.ObjectId(competitionId), unionId: setting.heping._id, tradeCode: 'auto-repair', groupCode: 'worker' };
  await QuotaCounterModel.updateOne(key, { $set: { holders: [], used: 0 } }).exec();
  const everything = async () => JSON.stringify([await QuotaCounterModel.find().sort({ _id: 1 }).lean(), await RegistrationModel.find().sort({ _id: 1 }).lean()]);
  const before = await everything();

  const report = await reconcileQuotas({ dryRun: true });
  expect(report.findings.map((f) => [f.registrationId, f.kind, f.outcome])).toEqual(
    expect.arrayContaining([
      [crashed.id, 'stray', 'reported'],
      [approved.id, 'missing', 'reported'],
    ]),
  );
  expect(await everything()).toEqual(before);

  // Asynchronously: the embedded store answers from this very process.
  const run = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        path.join(ROOT, 'node_modules/.bin/tsx'),
        ['bff/src/admin/reconcileQuotasCli.ts', ...args],
        { cwd: ROOT, env: { PATH: process.env.PATH, MONGODB_URI: harness.config.MONGODB_URI, MONGODB_DB: harness.config.MONGODB_DB }, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  const dryRun = await run('--dry-run');
  expect([dryRun.code, dryRun.stderr]).toEqual([0, '']);
  expect(dryRun.stdout).toContain('仅核对，未做修改');
  expect(dryRun.stdout).toContain(`和平区总工会 / 焊工 / 职工组：报名 ${crashed.id}（待工会审核）不应占用名额，却在占用名单上 —— 未修改`);
  expect(dryRun.stdout).toContain(`和平区总工会 / 汽车维修工 / 职工组：报名 ${approved.id}（待组委会确认）应占用名额，却不在占用名单上 —— 未修改`);
  expect(await everything()).toEqual(before);

  const repair = await run();
  expect([repair.code, repair.stderr]).toEqual([0, '']);
  expect(repair.stdout).toContain(`报名 ${crashed.id}（待工会审核）不应占用名额，却在占用名单上 —— 已释放`);
  expect(repair.stdout).toContain(`报名 ${approved.id}（待组委会确认）应占用名额，却不在占用名单上 —— 已补回`);
  await expectCounterToMatchStatuses(setting.heping._id, 'welding', 'worker', [crashed.id]);
  await expectCounterToMatchStatuses(setting.heping._id, 'auto-repair', 'worker', [approved.id]);
  // Two tsx processes start here: seconds each on a busy machine, well past jest's default 5 s.
}, 60_000);

it('a reconciliation between an approval taking its place and its status change makes the approval lose (409), not complete without its place', async () => {
  const { id } = await register({ tradeCode: 'auto-repair' });
  // Run a reconciliation just before the approval's status change is written.
  const findOneAndUpdate = RegistrationModel.findOneAndUpdate.bind(RegistrationModel);
  const spy = jest.spyOn(RegistrationModel, 'findOneAndUpdate').mockImplementationOnce((...args: Parameters<typeof findOneAndUpdate>) => {
    const query = findOneAndUpdate(...args);
    const write = query.exec.bind(query);
    query.exec = async () => {
      await reconcileQuotas({ dryRun: false });
      return write();
    };
    return query;
  });
  try {
    const raced = await approve(hexiOfficial, 'union', id);
    expect(ZErrorEnvelope.parse(raced.body).code).toBe('CONFLICT');
  } finally {
    spy.mockRestore();
  }
  expect((await stored(id)).status).toBe('submitted');
  await expectCounterToMatchStatuses(setting.hexi._id, 'auto-repair', 'worker', [id]);
  // Asked again, the official approves, and the place is held.
  expect((await approve(hexiOfficial, 'union', id)).status).toBe(200);
  await expectCounterToMatchStatuses(setting.hexi._id, 'auto-repair', 'worker', [id]);
});

it('reconciling while officials approve and workers withdraw ends with the counter equal to the statuses', async () => {
  // 河西区 汽车维修工 学生组 gets 4 places for this test.
  const competition = await CompetitionModel.findById(competitionId).lean<CompetitionSetupRecord>().orFail().exec();
  const quotas = (competition.quotas ?? []).map((q) =>
    q.unionId.equals(setting.hexi._id) && q.tradeCode === 'auto-repair' && q.groupCode === 'student' ? { ...q, places: 4 } : q,
  );
  await CompetitionModel.updateOne({ _id: competition._id }, { $set: { quotas } }).exec();
  const made: { id: string; worker: TestPerson }[] = [];
  for (let i = 0; i < 8; i++) made.push(await register({ tradeCode: 'auto-repair', ...STUDENT }));
  // Three approvals crashed before their status change: their places are held, the statuses still submitted.
  for (const { id } of made.slice(0, 3)) await holdPlaceThenCrash(id);

  const accepted = [200, 409];
  for (let round = 0; round < 4; round++) {
    const statuses = await Promise.all(made.map(({ id }) => stored(id).then((r) => r.status)));
    const outcomes = await Promise.all([
      reconcileQuotas({ dryRun: false }),
      ...made.flatMap(({ id, worker }, i) => {
        if (statuses[i] === 'submitted') return [approve(hexiOfficial, 'union', id).then((res) => res.status)];
        if (statuses[i] === 'union_approved' && (i + round) % 3 === 0) return [withdraw(worker, id).then((res) => res.status)];
        if (statuses[i] === 'union_approved' && (i + round) % 3 === 1) return [approve(committee, 'committee', id).then((res) => res.status)];
        return [];
      }),
      new Promise((resolve) => setImmediate(resolve)).then(() => reconcileQuotas({ dryRun: false })),
    ]);
    for (const outcome of outcomes) if (typeof outcome === 'number') expect(accepted).toContain(outcome);
  }
  await expectCounterToMatchStatuses(setting.hexi._id, 'auto-repair', 'student', made.map(({ id }) => id));
  const counter = await counterOf(setting.hexi._id, 'auto-repair', 'student');
  expect(new Set(ids(counter?.holders)).size).toBe(counter?.holders.length);
  expect(counter?.used).toBeGreaterThan(0);
});

it('the BFF runs the check at start-up and logs it; a failure is logged, never thrown', async () => {
  const { id } = await register({ tradeCode: 'welding', ...STUDENT });
  await holdPlaceThenCrash(id);
  const lines: string[] = [];
  const logger = createLogger({ LOG_LEVEL: 'info' }, { write: (line: string) => void lines.push(line) });

  await reconcileQuotasAtStart(logger);
  expect(await counterOf(setting.hexi._id, 'welding', 'student')).toMatchObject({ used: 0, holders: [] });
  expect(lines.join('\n')).toContain(`报名 ${id}（待工会审核）不应占用名额，却在占用名单上 —— 已释放`);

  lines.length = 0;
  const spy = jest.spyOn(CompetitionModel, 'find').mockImplementationOnce(() => {
    throw new Error('database unreachable');
  });
  try {
    await expect(reconcileQuotasAtStart(logger)).resolves.toBeUndefined();
  } finally {
    spy.mockRestore();
  }
  expect(lines).toEqual([expect.stringMatching(/"message":"database unreachable".*"msg":"quota reconciliation at start-up failed/)]);
});

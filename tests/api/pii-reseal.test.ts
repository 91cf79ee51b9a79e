/**
 * Rotating the personal-data key (README › Production › Rotating keys): after PII_ACTIVE_KEY_ID
 * names a new key, `npm run pii:reseal` seals every ID number, phone and evidence photo still
 * sealed with the old key again with the new one, so the old key can be removed and everything
 * still reads back as it was.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { Types } from 'mongoose';
import { ZEvidenceItemResponse, type TEligibilityRequirements } from '@contest/shared';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { EvidenceModel } from '@contest/bff/src/models/evidence';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { PersonalDataCipher } from '@contest/bff/src/personalData/cipher';
import { readEvidenceFile } from '@contest/bff/src/services/evidence/evidence';
import { resealPersonalData } from '@contest/bff/src/services/personalDataResealing';
import { signInAs, type TestPerson } from '../support/auth';
import { pngPhoto } from '../support/evidencePhoto';
import { startAuditHarness, submitThroughApi } from '../support/auditApi';
import { TEST_PII_ENV, type TestHarness } from '../support/bff';

const ROOT = path.resolve(__dirname, '../..');
const NOW = new Date('2026-11-24T10:00:00+08:00');
const NEW_KEY = `test2:${Buffer.alloc(32, 11).toString('base64')}`;
/** The configuration after the rotation: both keys listed, the new one active. */
const ROTATED_ENV = { ...TEST_PII_ENV, PII_ENCRYPTION_KEYS: `${TEST_PII_ENV.PII_ENCRYPTION_KEYS},${NEW_KEY}`, PII_ACTIVE_KEY_ID: 'test2' };
/** And once the old key is removed. */
const NEW_KEY_ONLY_ENV = { ...TEST_PII_ENV, PII_ENCRYPTION_KEYS: NEW_KEY, PII_ACTIVE_KEY_ID: 'test2' };
const REQUIREMENTS: TEligibilityRequirements = {
  residence: 'none',
  localArea: '天津市',
  minInsuranceMonths: 12,
  skillCertificateRequired: false,
  honourOptions: [],
  evidence: ['id_front'],
};

let harness: TestHarness;
let competitionId: string;
beforeAll(async () => {
  ({ harness, competitionId } = await startAuditHarness(NOW));
  await CompetitionModel.updateOne({ _id: new Types.ObjectId(competitionId) }, { $set: { 'eligibility.requirements': REQUIREMENTS } }).exec();
});
afterAll(() => harness.stop());

function cipherOf(env: typeof TEST_PII_ENV): PersonalDataCipher {
  const keys = new Map(env.PII_ENCRYPTION_KEYS.split(',').map((entry) => [entry.split(':')[0]!, Buffer.from(entry.split(':')[1]!, 'base64')] as const));
  return new PersonalDataCipher({ encryptionKeys: keys, activeKeyId: env.PII_ACTIVE_KEY_ID, hmacKey: Buffer.from(env.PII_HMAC_KEY, 'base64') });
}

/** The photo the competition asks for, uploaded before the submission links it. */
async function uploadPhoto(worker: TestPerson): Promise<string> {
  const upload = await request(harness.app.callback()).post('/api/v1/me/evidence').query({ competitionId, kind: 'id_front' }).set(worker.auth).attach('file', pngPhoto(), 'id.png').expect(201);
  return ZEvidenceItemResponse.parse(upload.body).data.id;
}

function runCli(env: typeof TEST_PII_ENV, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      ['bff/src/admin/resealPersonalDataCli.ts', ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH, MONGODB_URI: harness.config.MONGODB_URI, MONGODB_DB: harness.config.MONGODB_DB, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function storedRegistration(id: string) {
  return RegistrationModel.findById(id).lean().orFail().exec();
}

it('seals every ID number, phone and photo again with the new key, so the old key can go and nothing is lost', async () => {
  const worker = await signInAs([], { privacyAccepted: true });
  const evidenceId = await uploadPhoto(worker);
  const submitted = await submitThroughApi(harness, worker, competitionId, 41);

  const oldCipher = cipherOf(TEST_PII_ENV);
  const before = await storedRegistration(submitted.id);
  const mobile = oldCipher.decrypt(before.mobileSealed!);
  expect(oldCipher.decrypt(before.nationalIdSealed!)).toBe(submitted.nationalId);
  const oldFileId = (await EvidenceModel.findById(evidenceId).lean().orFail()).fileId;

  // The dry run counts by key and changes nothing.
  const dryRun = await runCli(ROTATED_ENV, '--dry-run');
  expect([dryRun.code, dryRun.stderr]).toEqual([0, '']);
  expect(dryRun.stdout).toContain('当前密钥 test2（试运行：只统计，不修改）');
  expect(dryRun.stdout).toMatch(/registrations · 身份证号：test1 \d+ 条/);
  expect(dryRun.stdout).toContain('evidence · 证明材料照片：test1 1 条');
  expect(dryRun.stdout).toContain('旧密钥请继续保留');
  expect(await storedRegistration(submitted.id)).toEqual(before);

  const run = await runCli(ROTATED_ENV);
  expect([run.code, run.stderr]).toEqual([0, '']);
  expect(run.stdout).toContain('evidence · 证明材料照片：test1 1 条，已改用当前密钥 1 条');
  expect(run.stdout).toContain('可以从 PII_ENCRYPTION_KEYS 中移除旧密钥');

  // With only the new key, everything reads back as it was.
  const newCipher = cipherOf(NEW_KEY_ONLY_ENV);
  const after = await storedRegistration(submitted.id);
  expect([newCipher.keyIdOf(after.nationalIdSealed!), newCipher.keyIdOf(after.mobileSealed!)]).toEqual(['test2', 'test2']);
  expect(newCipher.decrypt(after.nationalIdSealed!)).toBe(submitted.nationalId);
  expect(newCipher.decrypt(after.mobileSealed!)).toBe(mobile);
  expect({ ...after, nationalIdSealed: null, mobileSealed: null }).toEqual({ ...before, nationalIdSealed: null, mobileSealed: null });
  for (const record of await RegistrationModel.find({}, { nationalIdSealed: 1 }).lean()) expect(newCipher.keyIdOf(record.nationalIdSealed!)).toBe('test2');

  const evidence = await EvidenceModel.findById(evidenceId).lean().orFail();
  expect(evidence.fileId.equals(oldFileId)).toBe(false);
  expect(newCipher.decryptBytes(await readEvidenceFile(evidence.fileId))).toEqual(pngPhoto());
  // The file sealed with the old key is gone, not left beside the new one.
  expect(await EvidenceModel.db.db!.collection('evidence.files').countDocuments({ _id: oldFileId })).toBe(0);
  expect(await EvidenceModel.db.db!.collection('evidence.chunks').countDocuments({ files_id: oldFileId })).toBe(0);

  // A second run finds nothing left to do.
  const again = await resealPersonalData(cipherOf(ROTATED_ENV), { dryRun: false });
  expect(again.counts.reduce((sum, count) => sum + count.resealed, 0)).toBe(0);
  // Two runs of the command, each a process of its own (tsx's start-up is slow on a loaded machine).
}, 90_000);

it('leaves a record sealed with a key no longer configured as it is, and says so', async () => {
  // The BFF still runs with the old key; the tool is run with the old key already removed.
  const worker = await signInAs([], { privacyAccepted: true });
  await uploadPhoto(worker);
  const submitted = await submitThroughApi(harness, worker, competitionId, 43);
  const before = await storedRegistration(submitted.id);

  const report = await resealPersonalData(cipherOf(NEW_KEY_ONLY_ENV), { dryRun: false });
  const nationalIds = report.counts.find((count) => count.collection === 'registrations' && count.field === 'nationalIdSealed')!;
  expect(nationalIds.unreadable).toBe(1);
  expect(nationalIds.resealed).toBe(0);
  expect(await storedRegistration(submitted.id)).toEqual(before);
});

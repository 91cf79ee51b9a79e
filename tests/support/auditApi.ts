/**
 * The setting of the audit API tests (tests/api/audit*.test.ts): the seeded in-process BFF at a
 * fixed time with the write and look-up limits and the per-account registration limit out of the
 * way (one worker account submits many people's registrations, and they decide many), the demo
 * competition and its three unions, a worker's registration submitted through the API, and
 * answers read as raw bytes.
 */
import request from 'supertest';
import { ZMyRegistrationResponse, type TRegistrationSubmitInput } from '@contest/shared';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { UnionModel, type UnionWithId } from '@contest/bff/src/models/union';
import type { TestPerson } from './auth';
import { startHarness, type HarnessOptions, type TestHarness } from './bff';
import { newIdempotencyKey, registrationInput, validNationalId } from './registration';

export interface AuditSetting {
  harness: TestHarness;
  competitionId: string;
  hexi: UnionWithId;
  /** 河西区友谊路街道总工会, below 河西区. */
  youyi: UnionWithId;
  heping: UnionWithId;
}

export async function startAuditHarness(now: Date, options: Pick<HarnessOptions, 'wechatEmulator' | 'env'> = {}): Promise<AuditSetting> {
  const harness = await startHarness({
    seed: true,
    clock: () => now,
    wechatEmulator: options.wechatEmulator,
    env: { RATE_LIMIT_WRITES_PER_MINUTE: '100000', RATE_LIMIT_LOOKUPS_PER_MINUTE: '100000', MAX_ACTIVE_REGISTRATIONS_PER_ACCOUNT: '1000', ...options.env },
  });
  const competitionId = (await CompetitionModel.findOne({}).lean().orFail())._id.toHexString();
  const union = (name: string) => UnionModel.findOne({ name }).lean<UnionWithId>().orFail().exec();
  return { harness, competitionId, hexi: await union('河西区总工会'), youyi: await union('河西区友谊路街道总工会'), heping: await union('和平区总工会') };
}

/**
 * A fresh person's registration, submitted by `worker` through the API; `sequence` makes the ID
 * number (a student's born 2005, others 1990). Throws unless the BFF answers 201.
 */
export async function submitThroughApi(
  harness: TestHarness,
  worker: TestPerson,
  competitionId: string,
  sequence: number,
  overrides: Partial<TRegistrationSubmitInput> = {},
): Promise<{ id: string; nationalId: string; name: string }> {
  const nationalId = validNationalId(overrides.groupCode === 'student' ? '20050615' : '19900307', sequence);
  const body = registrationInput(competitionId, { nationalId, ...overrides });
  const res = await request(harness.app.callback()).post('/api/v1/registrations').set(worker.auth).set('Idempotency-Key', newIdempotencyKey()).send(body);
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: ZMyRegistrationResponse.parse(res.body).data.id, nationalId, name: body.name };
}

/** A supertest parser keeping the body as bytes (`.buffer(true).parse(bodyAsBytes)`): the .xlsx sheet, or a page whose size is measured. */
export function bodyAsBytes(response: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
}

import { createHash } from 'node:crypto';
import mongoose, { trusted } from 'mongoose';
import { AppError, type TErrorEnvelope } from '@contest/shared';
import { IdempotencyKeyModel } from '../models/idempotencyKey';

/** An answer as it leaves the BFF, kept so that a retry with the same key gets it again. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

const POLL_MS = 25;
const WAIT_LIMIT_MS = 15_000;
/** A key still pending after this long belongs to a request that died (e.g. cut off at shutdown). */
const ABANDONED_AFTER_MS = 60_000;

/**
 * Runs `work` once per (user, scope, key). Concurrent and later requests with the same key wait
 * for the first and get its answer, status and body alike, including a refusal (a 4xx AppError).
 * The same key with a different body is refused. Unexpected failures free the key for a retry.
 */
export async function runOnce(
  identity: { userId: string; scope: string; key: string; requestBody: unknown },
  work: () => Promise<StoredAnswer>,
  toEnvelope: (error: AppError) => TErrorEnvelope,
): Promise<StoredAnswer> {
  const id = `${identity.userId}:${identity.scope}:${identity.key}`;
  const requestHash = createHash('sha256').update(JSON.stringify(identity.requestBody ?? null)).digest('hex');
  if (!(await claim(id, requestHash))) {
    // Take over a key whose first request died before answering, once; otherwise wait for the first.
    const abandoned = await IdempotencyKeyModel.deleteOne({
      _id: id,
      state: 'pending',
      createdAt: trusted({ $lt: new Date(Date.now() - ABANDONED_AFTER_MS) }),
    }).exec();
    if (abandoned.deletedCount !== 1 || !(await claim(id, requestHash))) return waitForFirstAnswer(id, requestHash);
  }

  let answer: StoredAnswer;
  try {
    answer = await work();
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) {
      await IdempotencyKeyModel.deleteOne({ _id: id, state: 'pending' }).exec();
      throw error;
    }
    answer = { status: error.status, body: toEnvelope(error) };
  }
  await IdempotencyKeyModel.updateOne(
    { _id: id },
    { $set: { state: 'done', responseStatus: answer.status, responseBody: JSON.stringify(answer.body) } },
  ).exec();
  return answer;
}

/** True when this request is the first with its key. */
async function claim(id: string, requestHash: string): Promise<boolean> {
  try {
    await IdempotencyKeyModel.create({ _id: id, requestHash, state: 'pending', createdAt: new Date() });
    return true;
  } catch (error) {
    if (error instanceof mongoose.mongo.MongoServerError && error.code === 11000) return false;
    throw error;
  }
}

async function waitForFirstAnswer(id: string, requestHash: string): Promise<StoredAnswer> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const stored = await IdempotencyKeyModel.findById(id).lean().exec();
    // The first request failed unexpectedly and freed the key: this one may try again later.
    if (!stored) throw new AppError('CONFLICT', '上一次提交未完成，请重试');
    if (stored.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    if (stored.state === 'done' && typeof stored.responseStatus === 'number' && typeof stored.responseBody === 'string') {
      return { status: stored.responseStatus, body: JSON.parse(stored.responseBody) as unknown };
    }
    if (Date.now() > deadline) throw new AppError('CONFLICT', '上一次提交仍在处理中，请稍后刷新查看');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

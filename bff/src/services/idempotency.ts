import { trusted } from 'mongoose';
import { AppError, type TErrorEnvelope } from '@contest/shared';
import { IdempotencyKeyModel } from '../models/idempotencyKey';
import { isDuplicateKey } from '../models/duplicateKey';

/** An answer as it leaves the BFF, kept so that a retry with the same key gets it again. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** A success recorded by the work itself, found again by its key. */
export interface EarlierSuccess {
  requestHash: string;
  answer: StoredAnswer;
}

/** A key still pending after this long belongs to a request that died (pending keys come from earlier versions). */
const ABANDONED_AFTER_MS = 60_000;

/**
 * Runs `work` once per (user, scope, key); a retry with the same key gets the first answer,
 * status and body alike, and the same key with another body is refused.
 *
 * Without a write of its own on the way to a success: `work` records the key with its effect,
 * guarded by a unique index (e.g. on the registration it inserts), so that of two requests with
 * one key only one can succeed, and `findSuccess` finds that success again. Only refusals (4xx
 * AppErrors) are kept here, in idempotency_keys. Unexpected failures keep nothing: a retry runs
 * again. When a refusal and a success with one key race (the data changed between them), each
 * gets its own answer and later retries get the success.
 */
export async function runOnce(
  identity: { userId: string; scope: string; key: string; requestHash: string },
  work: () => Promise<StoredAnswer>,
  findSuccess: () => Promise<EarlierSuccess | null>,
  toEnvelope: (error: AppError) => TErrorEnvelope,
): Promise<StoredAnswer> {
  const id = `${identity.userId}:${identity.scope}:${identity.key}`;
  const stored = await IdempotencyKeyModel.findById(id).lean().exec();
  if (stored?.state === 'done') return storedAnswer(stored, identity.requestHash);
  if (stored) {
    const abandoned = await IdempotencyKeyModel.deleteOne({
      _id: id,
      state: 'pending',
      createdAt: trusted({ $lt: new Date(Date.now() - ABANDONED_AFTER_MS) }),
    }).exec();
    if (abandoned.deletedCount !== 1) throw new AppError('CONFLICT', '上一次提交仍在处理中，请稍后刷新查看');
  }

  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    // A refusal, or this key's success already stored (a retry, or a concurrent twin that won).
    const success = await findSuccess();
    if (success) {
      if (success.requestHash !== identity.requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      return success.answer;
    }
    return keepRefusal(id, identity.requestHash, { status: error.status, body: toEnvelope(error) });
  }
}

/** Keeps a refusal for retries; when a concurrent request with the key kept one first, answers with that one. */
async function keepRefusal(id: string, requestHash: string, answer: StoredAnswer): Promise<StoredAnswer> {
  try {
    await IdempotencyKeyModel.create({
      _id: id,
      requestHash,
      state: 'done',
      responseStatus: answer.status,
      responseBody: JSON.stringify(answer.body),
      createdAt: new Date(),
    });
    return answer;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const first = await IdempotencyKeyModel.findById(id).lean().exec();
    if (first?.state !== 'done') throw new AppError('CONFLICT', '上一次提交仍在处理中，请稍后刷新查看');
    return storedAnswer(first, requestHash);
  }
}

function storedAnswer(
  stored: { requestHash: string; responseStatus?: number | null; responseBody?: string | null },
  requestHash: string,
): StoredAnswer {
  if (stored.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return { status: stored.responseStatus ?? 500, body: JSON.parse(stored.responseBody ?? 'null') as unknown };
}

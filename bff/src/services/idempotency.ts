import { trusted } from 'mongoose';
import { AppError } from '@contest/shared';
import { IdempotencyKeyModel } from '../models/idempotencyKey';
import { isDuplicateKey } from '../models/duplicateKey';

/** What a key's first request came to: its result, or its refusal (with that request's id), given again to retries. */
export type Once<T> = { kind: 'done'; result: T } | { kind: 'refused'; refusal: AppError; requestId: string };

/** A success recorded by the work itself, found again by its key. */
export interface EarlierSuccess<T> {
  requestHash: string;
  result: T;
}

/** A key still pending after this long belongs to a request that died (pending keys come from earlier versions). */
const ABANDONED_AFTER_MS = 60_000;

/**
 * Runs `work` once per (user, scope, key); a retry with the same key gets the first outcome, and
 * the same key with another body is refused.
 *
 * Without a write of its own on the way to a success: `work` records the key with its effect,
 * guarded by a unique index (e.g. on the registration it inserts), so that of two requests with
 * one key only one can succeed, and `findSuccess` finds that success again. Only refusals (4xx
 * AppErrors) are kept here, in idempotency_keys. Unexpected failures keep nothing: a retry runs
 * again. When a refusal and a success with one key race (the data changed between them), each
 * gets its own answer and later retries get the success.
 */
export async function runOnce<T>(
  identity: { userId: string; scope: string; key: string; requestHash: string; requestId: string },
  work: () => Promise<T>,
  findSuccess: () => Promise<EarlierSuccess<T> | null>,
): Promise<Once<T>> {
  const id = `${identity.userId}:${identity.scope}:${identity.key}`;
  const stored = await IdempotencyKeyModel.findById(id).lean().exec();
  if (stored?.state === 'done') return storedRefusal(stored, identity.requestHash);
  if (stored) {
    const abandoned = await IdempotencyKeyModel.deleteOne({
      _id: id,
      state: 'pending',
      createdAt: trusted({ $lt: new Date(Date.now() - ABANDONED_AFTER_MS) }),
    }).exec();
    if (abandoned.deletedCount !== 1) throw new AppError('CONFLICT', '上一次提交仍在处理中，请稍后刷新查看');
  }

  try {
    return { kind: 'done', result: await work() };
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    // A refusal, or this key's success already stored (a retry, or a concurrent twin that won).
    const success = await findSuccess();
    if (success) {
      if (success.requestHash !== identity.requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      return { kind: 'done', result: success.result };
    }
    return keepRefusal(id, identity, error);
  }
}

/** A refusal as kept: the error's own parts and the id of the request that met it. */
interface KeptRefusal {
  code: AppError['code'];
  message: string;
  requestId: string;
  fields?: AppError['fields'];
  current?: AppError['current'];
}

/** Keeps a refusal for retries; when a concurrent request with the key kept one first, answers with that one. */
async function keepRefusal<T>(id: string, identity: { requestHash: string; requestId: string }, refusal: AppError): Promise<Once<T>> {
  const kept: KeptRefusal = {
    code: refusal.code,
    message: refusal.message,
    requestId: identity.requestId,
    ...(refusal.fields ? { fields: refusal.fields } : {}),
    ...(refusal.current ? { current: refusal.current } : {}),
  };
  try {
    await IdempotencyKeyModel.create({
      _id: id,
      requestHash: identity.requestHash,
      state: 'done',
      responseStatus: refusal.status,
      responseBody: JSON.stringify(kept),
      createdAt: new Date(),
    });
    return { kind: 'refused', refusal, requestId: identity.requestId };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const first = await IdempotencyKeyModel.findById(id).lean().exec();
    if (first?.state !== 'done') throw new AppError('CONFLICT', '上一次提交仍在处理中，请稍后刷新查看');
    return storedRefusal(first, identity.requestHash);
  }
}

function storedRefusal<T>(stored: { requestHash: string; responseBody?: string | null }, requestHash: string): Once<T> {
  if (stored.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  const kept = JSON.parse(stored.responseBody ?? '{}') as KeptRefusal;
  return { kind: 'refused', refusal: new AppError(kept.code, kept.message, kept.fields, kept.current), requestId: kept.requestId };
}

import { randomUUID } from 'node:crypto';
import { trusted, type Types } from 'mongoose';
import { AppError } from '@contest/shared';
import { isDuplicateKey } from '../models/duplicateKey';
import { ExportLeaseModel } from '../models/exportLease';

/** A lease outlives its BFF by at most this long; the running export renews it well before. */
const LEASE_MS = 60_000;
const RENEW_MS = 20_000;

/** One of a person's concurrent exports; release() is safe to call more than once. */
export interface ExportSlot {
  release(): Promise<void>;
}

/**
 * Takes one of the person's `limit` export slots, or refuses with 429: a sheet streams for as
 * long as its reader takes, so a few stalled downloads must not hold the BFF's work for one person.
 */
export async function takeExportSlot(userId: Types.ObjectId, limit: number, clock: () => Date): Promise<ExportSlot> {
  const holder = randomUUID();
  const leaseEnd = () => new Date(clock().getTime() + LEASE_MS);
  for (let slot = 0; slot < limit; slot += 1) {
    if (await claim(userId, slot, holder, clock(), leaseEnd())) return heldSlot(userId, slot, holder, leaseEnd);
  }
  throw new AppError('RATE_LIMITED', `您已有${limit}个导出正在进行，请等其完成后再导出`);
}

async function claim(userId: Types.ObjectId, slot: number, holder: string, now: Date, expiresAt: Date): Promise<boolean> {
  try {
    await ExportLeaseModel.create({ userId, slot, holder, expiresAt });
    return true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  // Held: take it over only if its lease ran out (one conditional update, so only one taker wins).
  const taken = await ExportLeaseModel.updateOne({ userId, slot, expiresAt: trusted({ $lte: now }) }, { $set: { holder, expiresAt } }).exec();
  return taken.modifiedCount === 1;
}

function heldSlot(userId: Types.ObjectId, slot: number, holder: string, leaseEnd: () => Date): ExportSlot {
  const renewal = setInterval(() => {
    ExportLeaseModel.updateOne({ userId, slot, holder }, { $set: { expiresAt: leaseEnd() } })
      .exec()
      // A renewal that fails is retried at the next tick; the lease outlasts two of them.
      .catch(() => undefined);
  }, RENEW_MS);
  renewal.unref();
  let released: Promise<void> | undefined;
  return {
    release() {
      clearInterval(renewal);
      released ??= ExportLeaseModel.deleteOne({ userId, slot, holder })
        .exec()
        .then(() => undefined);
      return released;
    },
  };
}

/** Runs `work` holding one of the person's export slots (429 when all are taken), released however it ends. */
export async function withExportSlot<T>(userId: Types.ObjectId, limit: number, clock: () => Date, work: () => Promise<T>): Promise<T> {
  const slot = await takeExportSlot(userId, limit, clock);
  try {
    return await work();
  } finally {
    await slot.release();
  }
}

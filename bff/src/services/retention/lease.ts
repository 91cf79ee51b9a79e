import { randomUUID } from 'node:crypto';
import { trusted } from 'mongoose';
import { isDuplicateKey } from '../../models/duplicateKey';
import { RetentionLeaseModel } from '../../models/retention';

/** Long enough for one step of a large competition; the run renews it between steps. */
export const RETENTION_LEASE_MS = 10 * 60_000;
const LEASE_ID = 'retention';

/** One purge at a time across the BFF processes and the command (as placements take theirs: models/placementLease.ts). */
export class RetentionLease {
  private constructor(private readonly holder: string) {}

  /** The lease, or null while another run holds one that has not run out. */
  static async take(now: Date): Promise<RetentionLease | null> {
    const holder = randomUUID();
    const expiresAt = new Date(now.getTime() + RETENTION_LEASE_MS);
    try {
      await RetentionLeaseModel.create({ _id: LEASE_ID, holder, expiresAt });
      return new RetentionLease(holder);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    // Held: take it over only if its holder's lease ran out (a process that died mid-run).
    const taken = await RetentionLeaseModel.updateOne({ _id: LEASE_ID, expiresAt: trusted({ $lte: now }) }, { $set: { holder, expiresAt } }).exec();
    return taken.modifiedCount === 1 ? new RetentionLease(holder) : null;
  }

  /** Extends the lease; false if it ran out and another run took it (this run must stop). */
  async renew(now: Date): Promise<boolean> {
    const renewed = await RetentionLeaseModel.updateOne({ _id: LEASE_ID, holder: this.holder }, { $set: { expiresAt: new Date(now.getTime() + RETENTION_LEASE_MS) } }).exec();
    return renewed.matchedCount === 1;
  }

  async release(): Promise<void> {
    await RetentionLeaseModel.deleteOne({ _id: LEASE_ID, holder: this.holder }).exec();
  }
}

import mongoose from 'mongoose';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from './config';

/** Limiters shared by every BFF process through MongoDB. */
export interface RateLimits {
  signIn: LeasedLimiter;
  writes: LeasedLimiter;
  lookups: LeasedLimiter;
  /** Audit queue searches by a full ID number, per user. */
  idSearches: LeasedLimiter;
}

/** Kept per key by a process: points leased from the shared count and not yet spent. */
interface Lease {
  left: number;
  /** When the shared window ends (the lease goes with it). */
  endsAt: number;
  /** The shared count has reached the limit: refuse here until the window ends. */
  spent: boolean;
}

/** A lease map larger than this is swept of ended leases. */
const SWEEP_ABOVE = 10_000;

/**
 * A per-minute limit shared by all BFF processes through MongoDB without a database round trip
 * per request: a process takes points from the shared count in leases (a twentieth of the limit,
 * 1 for small limits, so those stay exact) and spends them locally. The shared count never
 * allows more than the limit; a key may be refused up to a lease early when other processes
 * hold unspent points of it.
 */
export class LeasedLimiter {
  private readonly leases = new Map<string, Lease>();
  private readonly points: number;
  private readonly leaseSize: number;

  constructor(private readonly shared: RateLimiterMongo) {
    this.points = shared.points;
    this.leaseSize = Math.max(1, Math.min(50, Math.floor(this.points / 20)));
  }

  /** Resolves when `key` may go ahead; rejects with a RateLimiterRes (or the store's error) when not. */
  async consume(key: string): Promise<void> {
    const now = Date.now();
    const lease = this.leases.get(key);
    if (lease && lease.endsAt > now) {
      if (lease.left > 0) {
        lease.left -= 1;
        return;
      }
      if (lease.spent) throw new RateLimiterRes(0, lease.endsAt - now, this.points, false);
    }
    let granted: number;
    let msBeforeNext: number;
    try {
      const taken = await this.shared.consume(key, this.leaseSize);
      granted = this.leaseSize;
      msBeforeNext = taken.msBeforeNext;
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      // The count went over the limit with this lease; what was left before it is still ours.
      granted = Math.max(0, this.points - (refusal.consumedPoints - this.leaseSize));
      msBeforeNext = refusal.msBeforeNext;
      this.keep(key, { left: Math.max(0, granted - 1), endsAt: now + msBeforeNext, spent: true });
      if (granted === 0) throw refusal;
      return;
    }
    this.keep(key, { left: granted - 1, endsAt: now + msBeforeNext, spent: false });
  }

  private keep(key: string, lease: Lease): void {
    const now = Date.now();
    // Two requests that leased at the same time: keep the points of both.
    const current = this.leases.get(key);
    if (current && current.endsAt > now) lease.left += current.left;
    if (this.leases.size > SWEEP_ABOVE) {
      for (const [k, l] of this.leases) if (l.endsAt <= now) this.leases.delete(k);
    }
    this.leases.set(key, lease);
  }
}

export async function createRateLimits(config: Config): Promise<RateLimits> {
  const common = {
    storeClient: mongoose.connection.getClient(),
    dbName: config.MONGODB_DB,
    tableName: 'rate_limits',
    duration: 60,
    // Indexes are created below, awaited, rather than fire-and-forget in the constructor.
    disableIndexesCreation: true,
  };
  const signIn = new RateLimiterMongo({ ...common, keyPrefix: 'signin', points: config.RATE_LIMIT_SIGNIN_PER_MINUTE });
  const writes = new RateLimiterMongo({ ...common, keyPrefix: 'writes', points: config.RATE_LIMIT_WRITES_PER_MINUTE });
  const lookups = new RateLimiterMongo({ ...common, keyPrefix: 'lookups', points: config.RATE_LIMIT_LOOKUPS_PER_MINUTE });
  const idSearches = new RateLimiterMongo({ ...common, keyPrefix: 'idsearch', points: config.RATE_LIMIT_ID_SEARCHES_PER_MINUTE });
  // One collection for all of them.
  await signIn.createIndexes();
  return {
    signIn: new LeasedLimiter(signIn),
    writes: new LeasedLimiter(writes),
    lookups: new LeasedLimiter(lookups),
    idSearches: new LeasedLimiter(idSearches),
  };
}

/**
 * The cap on subscribe messages sent per second by all BFF processes together
 * (NOTIFY_SENDS_PER_SECOND), leased like the per-minute limits so most sends need no round trip.
 */
export async function createSendRateLimit(config: Pick<Config, 'MONGODB_DB' | 'NOTIFY_SENDS_PER_SECOND'>): Promise<LeasedLimiter> {
  const shared = new RateLimiterMongo({
    storeClient: mongoose.connection.getClient(),
    dbName: config.MONGODB_DB,
    tableName: 'rate_limits',
    keyPrefix: 'notifysend',
    points: config.NOTIFY_SENDS_PER_SECOND,
    duration: 1,
    disableIndexesCreation: true,
  });
  await shared.createIndexes();
  return new LeasedLimiter(shared);
}

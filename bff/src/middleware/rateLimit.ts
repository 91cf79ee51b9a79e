import type { Middleware } from 'koa';
import mongoose from 'mongoose';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '@contest/shared';
import type { Config } from '../config';
import type { AppState } from '../context';

/** Limiters shared by every BFF process through MongoDB. */
export interface RateLimits {
  signIn: RateLimiterMongo;
  writes: RateLimiterMongo;
  lookups: RateLimiterMongo;
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
  const limits: RateLimits = {
    signIn: new RateLimiterMongo({ ...common, keyPrefix: 'signin', points: config.RATE_LIMIT_SIGNIN_PER_MINUTE }),
    writes: new RateLimiterMongo({ ...common, keyPrefix: 'writes', points: config.RATE_LIMIT_WRITES_PER_MINUTE }),
    lookups: new RateLimiterMongo({ ...common, keyPrefix: 'lookups', points: config.RATE_LIMIT_LOOKUPS_PER_MINUTE }),
  };
  await limits.signIn.createIndexes();
  return limits;
}

type KeyOf = (ctx: Parameters<Middleware<AppState>>[0]) => string;

export const byIp: KeyOf = (ctx) => `ip:${ctx.ip}`;
/** The signed-in user, or the address for requests without a session. */
export const byUserOrIp: KeyOf = (ctx) => (ctx.state.principal ? `user:${ctx.state.principal.userId.toHexString()}` : `ip:${ctx.ip}`);

/** 429 with Retry-After once `key` has used its points for the minute. */
export function rateLimit(limiter: RateLimiterMongo, keyOf: KeyOf): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await limiter.consume(keyOf(ctx));
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        ctx.set('Retry-After', String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))));
        throw new AppError('RATE_LIMITED');
      }
      // The limiter's store failed: let the request through rather than take the service down with it.
      ctx.state.log.warn({ err: rejection }, 'rate limiter unavailable');
    }
    await next();
  };
}

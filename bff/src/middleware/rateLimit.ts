import type { Middleware } from 'koa';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '@contest/shared';
import type { AppState } from '../context';
import type { LeasedLimiter } from '../rateLimits';

type KeyOf = (ctx: Parameters<Middleware<AppState>>[0]) => string;

export const byIp: KeyOf = (ctx) => `ip:${ctx.ip}`;
/** The signed-in user, or the address for requests without a session. */
export const byUserOrIp: KeyOf = (ctx) => (ctx.state.principal ? `user:${ctx.state.principal.userId.toHexString()}` : `ip:${ctx.ip}`);

export interface RateLimitOptions {
  /** Count only the requests this answers true for (e.g. the searches by a full ID number); others pass. */
  appliesTo?: (ctx: Parameters<Middleware<AppState>>[0]) => boolean;
  /** The 429's message, when the code's own is too general. */
  message?: string;
}

/** 429 with Retry-After once `key` has used its points for the minute. */
export function rateLimit(limiter: LeasedLimiter, keyOf: KeyOf, options: RateLimitOptions = {}): Middleware<AppState> {
  return async (ctx, next) => {
    if (options.appliesTo && !options.appliesTo(ctx)) return next();
    try {
      await limiter.consume(keyOf(ctx));
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        ctx.set('Retry-After', String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))));
        throw new AppError('RATE_LIMITED', options.message);
      }
      // The limiter's store failed: let the request through rather than take the service down with it.
      ctx.state.log.warn({ err: rejection }, 'rate limiter unavailable');
    }
    await next();
  };
}

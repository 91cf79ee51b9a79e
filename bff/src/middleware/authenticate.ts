import type { Middleware } from 'koa';
import { AppError, type TRole } from '@contest/shared';
import { hasAnyRole, type Principal } from '../auth/principal';
import type { AppContext, AppDeps, AppState } from '../context';
import { authenticateToken } from '../services/sessions';

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,100})$/;

/** Resolves `Authorization: Bearer …` to ctx.state.principal. A bad or expired token is a 401, never a silent guest. */
export function authenticate({ config, clock }: Pick<AppDeps, 'config' | 'clock'>): Middleware<AppState> {
  return async (ctx, next) => {
    const header = ctx.get('Authorization');
    if (header) {
      const match = BEARER.exec(header);
      const principal = match?.[1] ? await authenticateToken(match[1], { now: clock(), idleDays: config.SESSION_IDLE_DAYS }) : null;
      if (!principal) throw new AppError('SESSION_EXPIRED');
      ctx.state.principal = principal;
    }
    await next();
  };
}

/** 401 unless signed in. */
export function requireSignIn(): Middleware<AppState> {
  return async (ctx, next) => {
    if (!ctx.state.principal) throw new AppError('UNAUTHENTICATED');
    await next();
  };
}

/** 401 unless signed in, 403 unless holding one of `roles`. Scope is the service's check (404 when outside it). */
export function requireRole(...roles: TRole[]): Middleware<AppState> {
  return async (ctx, next) => {
    const principal = ctx.state.principal;
    if (!principal) throw new AppError('UNAUTHENTICATED');
    if (!hasAnyRole(principal, roles)) throw new AppError('FORBIDDEN');
    await next();
  };
}

/** The caller, in handlers behind requireSignIn or requireRole. */
export function principalOf(ctx: Pick<AppContext, 'state'>): Principal {
  if (!ctx.state.principal) throw new AppError('UNAUTHENTICATED');
  return ctx.state.principal;
}

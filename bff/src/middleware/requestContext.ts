import { randomUUID } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import type { AppState } from '../context';
import type { Logger } from '../logger';

const INCOMING_ID = /^[A-Za-z0-9_.-]{8,64}$/;
const PROCESS_ID = String(process.pid);

/**
 * What the access log says of the path: the route's pattern (/registrations/:id) where one matched,
 * never the values in it, nor the query string: either may carry codes or personal data. An API
 * path no route matched is not written at all (an old client may still put a code there).
 */
function loggedPath(ctx: Context): string {
  const route = (ctx as { _matchedRoute?: unknown })._matchedRoute;
  if (typeof route === 'string') return route;
  return ctx.path.startsWith('/api/') ? '(no route)' : ctx.path;
}

/** Gives each request an id (kept from `X-Request-Id` when sane), a child logger and one access-log line; names the answering process. */
export function requestContext(logger: Logger): Middleware<AppState> {
  return async (ctx, next) => {
    const incoming = ctx.get('X-Request-Id');
    const requestId = INCOMING_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    // Which of several BFF processes answered (BFF_PROCESSES), for following a request across them.
    ctx.set('X-Bff-Process', PROCESS_ID);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      ctx.state.log.info({ method: ctx.method, path: loggedPath(ctx), status: ctx.status, ms: Math.round(ms * 10) / 10 }, 'request');
    }
  };
}

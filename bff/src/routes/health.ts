import { Router } from '@koa/router';
import { AppError } from '@contest/shared';
import type { AppState } from '../context';
import { isDatabaseReachable } from '../db';

/** `/healthz`: the process answers. `/readyz`: it can reach the database, else 503. */
export function healthRouter(): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/healthz', (ctx) => {
    ctx.body = { ok: true, status: 'alive' };
  });
  router.get('/readyz', async (ctx) => {
    if (!(await isDatabaseReachable(1000))) throw new AppError('NOT_READY', '数据库暂不可用');
    ctx.body = { ok: true, status: 'ready' };
  });
  return router;
}

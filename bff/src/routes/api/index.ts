import { Router } from '@koa/router';
import { API_PREFIX } from '@contest/shared';
import type { AppDeps, AppState } from '../../context';
import { competitionsRouter } from './competitions';

export function apiRouter(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: API_PREFIX });
  const competitions = competitionsRouter(deps);
  router.use(competitions.routes(), competitions.allowedMethods());
  return router;
}

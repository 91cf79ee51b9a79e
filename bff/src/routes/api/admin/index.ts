import { Router } from '@koa/router';
import type { AppDeps, AppState } from '../../../context';
import { adminCompetitionsRouter } from './competitions';
import { adminUnionsRouter } from './unions';

/** The organising committee's set-up API: the union directory and competitions. */
export function adminRouter(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/admin' });
  for (const child of [adminUnionsRouter(deps), adminCompetitionsRouter(deps)]) router.use(child.routes(), child.allowedMethods());
  return router;
}

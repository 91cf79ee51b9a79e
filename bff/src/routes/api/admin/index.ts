import { Router } from '@koa/router';
import type { AppDeps, AppState } from '../../../context';
import { adminCompetitionsRouter } from './competitions';
import { adminPassFilesRouter } from './passes';
import { adminResultsRouter } from './results';
import { adminScoresRouter } from './scores';
import { adminUnionsRouter } from './unions';
import { adminVenuesRouter } from './venues';

/** The organising committee's set-up API: the union directory, competitions, and their sessions and passes. */
export function adminRouter(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/admin' });
  for (const child of [adminUnionsRouter(deps), adminCompetitionsRouter(deps), adminVenuesRouter(deps), adminPassFilesRouter(deps), adminScoresRouter(deps), adminResultsRouter(deps)]) router.use(child.routes(), child.allowedMethods());
  return router;
}

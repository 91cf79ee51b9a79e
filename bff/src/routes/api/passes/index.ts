import { Router } from '@koa/router';
import type { AppDeps, AppState } from '../../../context';
import { principalOf, requireSignIn } from '../../../middleware/authenticate';
import { presentMyPass } from '../../../presenters/venue';
import { getMyPass } from '../../../services/venue/passes';
import { ZIdParams } from '../../params';

/** The worker's admission pass (准考证) for one of their registrations. */
export function passesRouter(_deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/me/registrations/:id/pass', requireSignIn(), async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const { registration, competition, session } = await getMyPass(principalOf(ctx), id);
    ctx.body = { ok: true, data: presentMyPass(registration, competition, session) };
  });

  return router;
}

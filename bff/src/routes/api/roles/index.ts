import { Router } from '@koa/router';
import type { AppDeps, AppState } from '../../../context';
import { principalOf, requireRole } from '../../../middleware/authenticate';
import { byUserOrIp, rateLimit } from '../../../middleware/rateLimit';
import { presentRoleGrant } from '../../../presenters/auth';
import { listRoleGrants, revokeRoleGrant } from '../../../services/roles';
import { loadScopeNames } from '../../../services/scopeNames';
import { ZIdParams } from '../../params';


export function rolesRouter({ clock, rateLimits }: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/roles' });

  router.get('/', requireRole('committee', 'admin'), async (ctx) => {
    const grants = await listRoleGrants(principalOf(ctx));
    const names = await loadScopeNames(grants);
    ctx.body = { ok: true, data: { items: grants.map((g) => presentRoleGrant(g, names)) } };
  });

  router.post('/:id/revoke', rateLimit(rateLimits.writes, byUserOrIp), requireRole('committee', 'admin'), async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const grant = await revokeRoleGrant(principalOf(ctx), id, clock());
    ctx.body = { ok: true, data: presentRoleGrant(grant, await loadScopeNames([grant])) };
  });

  return router;
}

import { Router } from '@koa/router';
import {
  ZCompetitionSetupInput,
  ZCompetitionSetupUpdateInput,
  type TCompetitionSetupListData,
} from '@contest/shared';
import type { AppDeps, AppState } from '../../../../context';
import { principalOf, requireRole } from '../../../../middleware/authenticate';
import { byUserOrIp, rateLimit } from '../../../../middleware/rateLimit';
import { presentCompetitionSetup } from '../../../../presenters/competitionSetup';
import {
  createCompetition,
  getManagedCompetition,
  listManagedCompetitions,
  updateCompetitionSetup,
} from '../../../../services/competitionSetup';
import { participatingUnionNames } from '../../../../services/scopeNames';
import { ZIdParams } from '../../../params';

/** Competition set-up for the committee: each member sees the competitions they manage. */
export function adminCompetitionsRouter({ clock, rateLimits }: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/competitions' });
  const writes = rateLimit(rateLimits.writes, byUserOrIp);
  const committee = requireRole('committee', 'admin');

  router.get('/', committee, async (ctx) => {
    const competitions = await listManagedCompetitions(principalOf(ctx));
    const unions = await participatingUnionNames(competitions);
    const now = clock();
    const data: TCompetitionSetupListData = { items: competitions.map((c) => presentCompetitionSetup(c, unions, now)) };
    ctx.body = { ok: true, data };
  });

  router.post('/', writes, committee, async (ctx) => {
    const setup = ZCompetitionSetupInput.parse(ctx.request.body);
    const competition = await createCompetition(principalOf(ctx), setup);
    ctx.status = 201;
    ctx.body = { ok: true, data: presentCompetitionSetup(competition, await participatingUnionNames([competition]), clock()) };
  });

  router.get('/:id', committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const competition = await getManagedCompetition(principalOf(ctx), id);
    ctx.body = { ok: true, data: presentCompetitionSetup(competition, await participatingUnionNames([competition]), clock()) };
  });

  router.put('/:id', writes, committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const input = ZCompetitionSetupUpdateInput.parse(ctx.request.body);
    const competition = await updateCompetitionSetup(principalOf(ctx), id, input);
    ctx.body = { ok: true, data: presentCompetitionSetup(competition, await participatingUnionNames([competition]), clock()) };
  });

  return router;
}

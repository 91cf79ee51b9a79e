import { Router } from '@koa/router';
import { z } from 'zod';
import type { TUnionLookup } from '@contest/shared';
import type { AppDeps, AppState } from '../../../context';
import { byIp, rateLimit } from '../../../middleware/rateLimit';
import { findCompetition } from '../../../services/competitions';
import { lookUpUnionForCompetition } from '../../../services/unionLookup';

const ZLookupParams = z.object({ code: z.string().max(32) });
const ZLookupQuery = z.object({ competitionId: z.string().max(64).optional() });

/** Workers confirm the union their code names before registering. Limited per address: no enumerating codes. */
export function unionsRouter({ rateLimits }: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/unions' });
  router.get('/by-code/:code', rateLimit(rateLimits.lookups, byIp), async (ctx) => {
    const { code } = ZLookupParams.parse(ctx.params);
    const { competitionId } = ZLookupQuery.parse(ctx.query);
    const competition = competitionId ? await findCompetition(competitionId) : null;
    const union = await lookUpUnionForCompetition(code, competition);
    const data: TUnionLookup = { id: union._id.toHexString(), code: union.code, name: union.name, chain: union.chain };
    ctx.body = { ok: true, data };
  });
  return router;
}

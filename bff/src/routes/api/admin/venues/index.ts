import { Router } from '@koa/router';
import { z } from 'zod';
import {
  ZAssignmentInput,
  ZDisqualifyInput,
  ZPassListQuery,
  ZPlacementInput,
  ZVenueSessionInput,
  ZVenueSessionUpdateInput,
  type TPassListPage,
} from '@contest/shared';
import type { AppDeps, AppState } from '../../../../context';
import { principalOf, requireRole } from '../../../../middleware/authenticate';
import { byUserOrIp, rateLimit } from '../../../../middleware/rateLimit';
import { presentCommitteePass, presentVenueSession } from '../../../../presenters/venue';
import { unionNamesById } from '../../../../services/scopeNames';
import { disqualify, listPasses } from '../../../../services/venue/passes';
import { assignAutomatically, placeRegistration } from '../../../../services/venue/placement';
import { createSession, listSessions, placedCounts, updateSession } from '../../../../services/venue/sessions';
import { quotaUnionOf } from '../../../../services/quotas';
import { ZIdParams } from '../../../params';

const ZSessionParams = ZIdParams.extend({ code: z.string().max(64) });
const ZRegistrationParams = ZIdParams.extend({ registrationId: z.string().max(64) });

/**
 * The committee's side of the competition day: sessions of its venues, placing confirmed
 * registrations (automatically per trade × group, or one by one), the passes that placing issues
 * (listed for printing), and disqualifying a confirmed registration (its pass revoked).
 */
export function adminVenuesRouter({ clock, rateLimits, passSigner }: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/competitions' });
  const writes = rateLimit(rateLimits.writes, byUserOrIp);
  const committee = requireRole('committee', 'admin');

  router.get('/:id/sessions', committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const { competition, sessions, placed } = await listSessions(principalOf(ctx), id);
    ctx.body = { ok: true, data: { items: sessions.map((s) => presentVenueSession(s, competition, placed.get(s._id.toHexString()) ?? 0)) } };
  });

  router.post('/:id/sessions', writes, committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const input = ZVenueSessionInput.parse(ctx.request.body);
    const { competition, session } = await createSession(principalOf(ctx), id, input);
    ctx.status = 201;
    ctx.body = { ok: true, data: presentVenueSession(session, competition, 0) };
  });

  router.put('/:id/sessions/:code', writes, committee, async (ctx) => {
    const { id, code } = ZSessionParams.parse(ctx.params);
    const input = ZVenueSessionUpdateInput.parse(ctx.request.body);
    const { competition, session } = await updateSession(principalOf(ctx), id, code, input, { now: clock(), log: ctx.state.log });
    const placed = await placedCounts([session]);
    ctx.body = { ok: true, data: presentVenueSession(session, competition, placed.get(session._id.toHexString()) ?? 0) };
  });

  router.post('/:id/assignments', writes, committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const input = ZAssignmentInput.parse(ctx.request.body);
    ctx.body = { ok: true, data: await assignAutomatically(principalOf(ctx), id, input, { signer: passSigner, now: clock() }) };
  });

  router.post('/:id/registrations/:registrationId/placement', writes, committee, async (ctx) => {
    const { id, registrationId } = ZRegistrationParams.parse(ctx.params);
    const input = ZPlacementInput.parse(ctx.request.body);
    const { registration, competition, session } = await placeRegistration(principalOf(ctx), id, registrationId, input, { signer: passSigner, now: clock() });
    const delegation = quotaUnionOf(competition, registration);
    const unions = await unionNamesById([registration.unionId, ...(delegation ? [delegation] : [])]);
    ctx.body = { ok: true, data: presentCommitteePass(registration, competition, session, unions, delegation?.toHexString() ?? null) };
  });

  router.post('/:id/registrations/:registrationId/disqualify', writes, committee, async (ctx) => {
    const { id, registrationId } = ZRegistrationParams.parse(ctx.params);
    const input = ZDisqualifyInput.parse(ctx.request.body);
    ctx.body = { ok: true, data: await disqualify(principalOf(ctx), id, registrationId, input, clock()) };
  });

  router.get('/:id/passes', committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const query = ZPassListQuery.parse(ctx.query);
    const page = await listPasses(principalOf(ctx), id, query);
    const data: TPassListPage = {
      items: page.items.map((item) => presentCommitteePass(item.registration, page.competition, item.session, page.unions, item.delegationId)),
      nextCursor: page.nextCursor,
    };
    ctx.body = { ok: true, data };
  });

  return router;
}

import { Router } from '@koa/router';
import { z } from 'zod';
import { ZObjectionAnswerInput, type TObjection, type TResultsAnnouncementState } from '@contest/shared';
import type { AppDeps, AppState } from '../../../../context';
import { principalOf, requireRole } from '../../../../middleware/authenticate';
import { byUserOrIp, rateLimit } from '../../../../middleware/rateLimit';
import { getManagedCompetition } from '../../../../services/competitionSetup';
import { announcementState, answerObjection, closeAnnouncement, listObjections, openAnnouncement } from '../../../../services/results/announcement';
import { ZIdParams } from '../../../params';

const ZObjectionParams = ZIdParams.extend({ objectionId: z.string().max(64) });

/** The committee's 公示: open it, see it, answer objections, close it (results final). */
export function adminResultsRouter({ clock, rateLimits, logger }: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/competitions' });
  const committee = requireRole('committee', 'admin');
  const writes = rateLimit(rateLimits.writes, byUserOrIp);

  router.post('/:id/results/announcement', writes, committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const data: TResultsAnnouncementState = await openAnnouncement(principalOf(ctx), id, clock(), logger);
    ctx.status = 201;
    ctx.body = { ok: true, data };
  });

  router.get('/:id/results/announcement', committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const competition = await getManagedCompetition(principalOf(ctx), id);
    const data: TResultsAnnouncementState = await announcementState(competition._id);
    ctx.body = { ok: true, data };
  });

  router.post('/:id/results/announcement/close', writes, committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const data: TResultsAnnouncementState = await closeAnnouncement(principalOf(ctx), id, clock(), logger);
    ctx.body = { ok: true, data };
  });

  router.get('/:id/results/objections', committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const data: { items: TObjection[] } = { items: await listObjections(principalOf(ctx), id) };
    ctx.body = { ok: true, data };
  });

  router.post('/:id/results/objections/:objectionId/answer', writes, committee, async (ctx) => {
    const { id, objectionId } = ZObjectionParams.parse(ctx.params);
    const input = ZObjectionAnswerInput.parse(ctx.request.body);
    const data: TObjection = await answerObjection(principalOf(ctx), id, objectionId, input, clock());
    ctx.body = { ok: true, data };
  });

  return router;
}

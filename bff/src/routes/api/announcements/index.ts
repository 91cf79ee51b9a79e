import { Router } from '@koa/router';
import { AppError, ZAnnouncementPreviewInput } from '@contest/shared';
import type { AppDeps, AppState } from '../../../context';
import { principalOf, requireRole, requireSignIn } from '../../../middleware/authenticate';
import { errorEnvelope } from '../../../middleware/errorHandler';
import { byUserOrIp, rateLimit } from '../../../middleware/rateLimit';
import { presentAnnouncement, presentAnnouncements, presentReceivedAnnouncement } from '../../../presenters/announcement';
import {
  listAnnouncements,
  previewAnnouncement,
  publishAnnouncementOnce,
  publishedWithCounts,
  readReceivedAnnouncement,
} from '../../../services/notifications/announcements';
import { ZIdParams, ZIdempotencyKey } from '../../params';

/**
 * Committee announcements (大赛通知): the committee of a competition (or an admin) previews who a
 * notice reaches, publishes it, and lists what it published; a person it reached reads it.
 */
export function announcementsRouter({ config, clock, rateLimits }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const writes = rateLimit(rateLimits.writes, byUserOrIp);
  const committee = requireRole('committee', 'admin');
  const base = '/admin/competitions/:id/announcements';

  router.get(base, committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    ctx.body = { ok: true, data: { items: presentAnnouncements(await listAnnouncements(principalOf(ctx), id)) } };
  });

  /** How many people a notice for this audience reaches, and how many of them WeChat may be sent it. */
  router.post(`${base}/preview`, committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const { audience } = ZAnnouncementPreviewInput.parse(ctx.request.body);
    ctx.body = { ok: true, data: await previewAnnouncement(principalOf(ctx), id, audience, config) };
  });

  /** Publishing carries an Idempotency-Key: a double tap or a retry gets the first answer, never a second notice. */
  router.post(base, writes, committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const key = ZIdempotencyKey.safeParse(ctx.get('Idempotency-Key'));
    if (!key.success) throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
    const request = { key: key.data, body: ctx.request.body, requestId: ctx.state.requestId };
    const outcome = await publishAnnouncementOnce(principalOf(ctx), id, request, { settings: config, now: clock(), log: ctx.state.log });
    if (outcome.kind === 'refused') {
      ctx.status = outcome.refusal.status;
      ctx.body = errorEnvelope(outcome.refusal, outcome.requestId);
      return;
    }
    const { item, competition, unions } = await publishedWithCounts(outcome.result);
    ctx.status = 201;
    ctx.body = { ok: true, data: presentAnnouncement(item, competition, unions) };
  });

  router.get('/me/announcements/:id', requireSignIn(), async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    ctx.body = { ok: true, data: presentReceivedAnnouncement(await readReceivedAnnouncement(principalOf(ctx).userId, id)) };
  });

  return router;
}

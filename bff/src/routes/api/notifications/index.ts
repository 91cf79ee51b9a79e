import { Router } from '@koa/router';
import { ZInboxQuery, ZSubscriptionAnswersInput } from '@contest/shared';
import type { AppDeps, AppState } from '../../../context';
import { principalOf, requireSignIn } from '../../../middleware/authenticate';
import { byUserOrIp, rateLimit } from '../../../middleware/rateLimit';
import { presentInboxNotification } from '../../../presenters/notification';
import { grantCredits, recordGrantAnswers } from '../../../services/notifications/grants';
import { listInbox, markAllNotificationsRead, markNotificationRead } from '../../../services/notifications/inbox';
import { ZIdParams } from '../../params';

/** The worker's side of notifications: subscribe grants reported by the mini-program, and the inbox. */
export function notificationsRouter({ clock, rateLimits }: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/me' });
  const writes = rateLimit(rateLimits.writes, byUserOrIp);

  /** wx.requestSubscribeMessage's answers: each accept is one send credit; answered with the credits held for those templates. */
  router.post('/subscriptions', writes, requireSignIn(), async (ctx) => {
    const answers = ZSubscriptionAnswersInput.parse(ctx.request.body);
    const { userId } = principalOf(ctx);
    await recordGrantAnswers(userId, answers);
    ctx.body = { ok: true, data: { credits: await grantCredits(userId, answers.map((a) => a.templateId)) } };
  });

  router.get('/notifications', requireSignIn(), async (ctx) => {
    const query = ZInboxQuery.parse(ctx.query);
    const page = await listInbox(principalOf(ctx).userId, query);
    ctx.body = { ok: true, data: { items: page.items.map(presentInboxNotification), nextCursor: page.nextCursor, unread: page.unread } };
  });

  router.post('/notifications/read-all', writes, requireSignIn(), async (ctx) => {
    ctx.body = { ok: true, data: { unread: await markAllNotificationsRead(principalOf(ctx).userId, clock()) } };
  });

  router.post('/notifications/:id/read', writes, requireSignIn(), async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    ctx.body = { ok: true, data: { unread: await markNotificationRead(principalOf(ctx).userId, id, clock()) } };
  });

  return router;
}

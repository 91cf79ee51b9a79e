import { Router } from '@koa/router';
import { ZWeChatSignInInput, type TSession } from '@contest/shared';
import type { AppDeps, AppState } from '../../../context';
import { principalOf, requireSignIn } from '../../../middleware/authenticate';
import { byIp, rateLimit } from '../../../middleware/rateLimit';
import { presentMe } from '../../../presenters/auth';
import { loadAccount } from '../../../services/account';
import { signInWithWeChat, signOut } from '../../../services/sessions';

export function authRouter({ config, clock, wechat, rateLimits }: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/auth' });

  /** The mini-program posts the code from wx.login; the answer is the BFF's own session token. */
  router.post('/wechat', rateLimit(rateLimits.signIn, byIp), async (ctx) => {
    const input = ZWeChatSignInInput.parse(ctx.request.body);
    const session = await signInWithWeChat(wechat, input.code, { now: clock(), idleDays: config.SESSION_IDLE_DAYS });
    const account = await loadAccount(session.user._id);
    const data: TSession = {
      token: session.token,
      expiresAt: session.expiresAt.toISOString(),
      me: presentMe(account.user, account.grants, account.names),
    };
    ctx.body = { ok: true, data };
  });

  router.post('/logout', requireSignIn(), async (ctx) => {
    await signOut(principalOf(ctx).sessionId);
    ctx.body = { ok: true, data: {} };
  });

  return router;
}

import { Router } from '@koa/router';
import { ZPrivacyConsentInput } from '@contest/shared';
import type { AppDeps, AppState } from '../../../context';
import { principalOf, requireSignIn } from '../../../middleware/authenticate';
import { byUserOrIp, rateLimit } from '../../../middleware/rateLimit';
import { presentMe } from '../../../presenters/auth';
import { acceptPrivacyNotice, loadAccount } from '../../../services/account';

export function meRouter({ clock, rateLimits }: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/me' });

  router.get('/', requireSignIn(), async (ctx) => {
    const account = await loadAccount(principalOf(ctx).userId);
    ctx.body = { ok: true, data: presentMe(account.user, account.grants, account.names) };
  });

  /** Accepting the privacy notice comes before any ID number or phone is collected. */
  router.post('/privacy-consent', rateLimit(rateLimits.writes, byUserOrIp), requireSignIn(), async (ctx) => {
    const input = ZPrivacyConsentInput.parse(ctx.request.body);
    const account = await acceptPrivacyNotice(principalOf(ctx), input.version, clock());
    ctx.body = { ok: true, data: presentMe(account.user, account.grants, account.names) };
  });

  return router;
}

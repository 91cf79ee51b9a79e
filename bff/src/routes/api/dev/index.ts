import { Router } from '@koa/router';
import { ZDevLoginCodeInput } from '@contest/shared';
import type { AppDeps, AppState } from '../../../context';
import { byIp, rateLimit } from '../../../middleware/rateLimit';
import { mintEmulatorLoginCode } from '../../../services/devLogin';

/** Mounted only when DEV_LOGIN_ENABLED (which configuration refuses in production and unless WeChat is the local emulator). */
export function devRouter({ config, rateLimits }: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/dev' });
  router.post('/login-code', rateLimit(rateLimits.signIn, byIp), async (ctx) => {
    const { user } = ZDevLoginCodeInput.parse(ctx.request.body);
    const code = await mintEmulatorLoginCode(config.WECHAT_API_BASE, user, config.WECHAT_TIMEOUT_MS);
    ctx.body = { ok: true, data: { code } };
  });
  return router;
}

import { Router } from '@koa/router';
import { ZCertificateVerifyQuery } from '@contest/shared';
import type { AppDeps, AppState } from '../../../context';
import { byIp, rateLimit } from '../../../middleware/rateLimit';
import { verifyCertificate } from '../../../services/certificates/verify';

/**
 * The public certificate check (no sign-in). Limited per address like other look-ups: short codes
 * are not guessable, and this keeps anyone from trying many.
 */
export function certificatesRouter({ certificateSigner, rateLimits }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/public/certificates/verify', rateLimit(rateLimits.lookups, byIp), async (ctx) => {
    const question = ZCertificateVerifyQuery.parse(ctx.query);
    ctx.body = { ok: true, data: await verifyCertificate(certificateSigner, question) };
  });
  return router;
}

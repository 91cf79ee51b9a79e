import { Router } from '@koa/router';
import { z } from 'zod';
import { ZCertificateVerifyQuery } from '@contest/shared';
import type { AppDeps, AppState } from '../../../context';
import { principalOf, requireRole, requireSignIn } from '../../../middleware/authenticate';
import { byIp, rateLimit } from '../../../middleware/rateLimit';
import { printCertificates } from '../../../services/certificates/certificatePdf';
import { competitionCertificates, myCertificate } from '../../../services/certificates/certificates';
import { verifyCertificate } from '../../../services/certificates/verify';
import { withExportSlot } from '../../../services/exportSlots';
import { attach } from '../admin/passes';
import { ZIdParams } from '../../params';

const ZCertificatePrintQuery = z.object({ tradeCode: z.string().max(64).optional() });

/**
 * Certificates: the public check (no sign-in), limited per address like other look-ups (short
 * codes are not guessable, and this keeps anyone from trying many); the worker's own certificate
 * and the committee's print, as PDFs whose QR opens the check.
 */
export function certificatesRouter({ certificateSigner, rateLimits, config, clock }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const print = (prints: Parameters<typeof printCertificates>[0]) => printCertificates(prints, certificateSigner, config.CERTIFICATE_VERIFY_URL, config.PASS_PDF_FONT);

  router.get('/public/certificates/verify', rateLimit(rateLimits.lookups, byIp), async (ctx) => {
    const question = ZCertificateVerifyQuery.parse(ctx.query);
    ctx.body = { ok: true, data: await verifyCertificate(certificateSigner, question) };
  });

  router.get('/me/registrations/:id/certificate.pdf', requireSignIn(), async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const mine = await myCertificate(principalOf(ctx), id);
    attach(ctx, 'application/pdf', 'certificate.pdf', `${mine.competition.name}荣誉证书.pdf`, Buffer.from(await print([mine])));
  });

  /** Like a pass print, it holds one of the person's EXPORTS_PER_PERSON slots. */
  router.get('/admin/competitions/:id/certificates.pdf', requireRole('committee', 'admin'), async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const { tradeCode } = ZCertificatePrintQuery.parse(ctx.query);
    const principal = principalOf(ctx);
    const pdf = await withExportSlot(principal.userId, config.EXPORTS_PER_PERSON, clock, async () => print(await competitionCertificates(principal, id, tradeCode)));
    attach(ctx, 'application/pdf', 'certificates.pdf', '荣誉证书.pdf', Buffer.from(pdf));
  });
  return router;
}

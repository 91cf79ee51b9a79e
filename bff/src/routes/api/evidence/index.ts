import { Router } from '@koa/router';
import { ZEvidenceUploadQuery, type TAuditDesk } from '@contest/shared';
import { Types } from 'mongoose';
import type { AppDeps, AppState } from '../../../context';
import { principalOf, requireRole, requireSignIn } from '../../../middleware/authenticate';
import { byUserOrIp, rateLimit } from '../../../middleware/rateLimit';
import { presentEvidenceImage, presentEvidenceItem } from '../../../presenters/evidence';
import { pendingEvidence, readEvidenceForDesk, readOwnEvidence, uploadEvidence } from '../../../services/evidence/evidence';
import { DESK_ROLES } from '../audit';
import { ZIdParams } from '../../params';
import { readEvidenceUpload } from './uploadBody';

/**
 * Evidence photos: the worker uploads and sees their own; an auditing desk sees a registration's
 * in its scope, each view logged. Photos travel as data URLs in the envelope, never from a public URL.
 */
export function evidenceRouter({ clock, rateLimits, personalData }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const writes = rateLimit(rateLimits.writes, byUserOrIp);

  /** The photo as the raw body or the `file` part of multipart/form-data; `?competitionId=&kind=`. */
  router.post('/me/evidence', writes, requireSignIn(), async (ctx) => {
    const target = ZEvidenceUploadQuery.parse(ctx.query);
    const bytes = await readEvidenceUpload(ctx);
    const record = await uploadEvidence(personalData, principalOf(ctx), target, bytes, clock());
    ctx.status = 201;
    ctx.body = { ok: true, data: presentEvidenceItem(record) };
  });

  /** The worker's photos for a competition not yet carried by a registration (the form's uploads). */
  router.get('/me/evidence', requireSignIn(), async (ctx) => {
    const { competitionId } = ZEvidenceUploadQuery.pick({ competitionId: true }).parse(ctx.query);
    const records = await pendingEvidence(principalOf(ctx).userId, new Types.ObjectId(competitionId));
    ctx.body = { ok: true, data: { items: records.map(presentEvidenceItem) } };
  });

  router.get('/me/evidence/:id', requireSignIn(), async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { ok: true, data: presentEvidenceImage(await readOwnEvidence(personalData, principalOf(ctx), id)) };
  });

  for (const desk of ['union', 'committee'] as const satisfies readonly TAuditDesk[]) {
    router.get(`/audit/${desk}/registrations/:id/evidence/:evidenceId`, requireRole(...DESK_ROLES[desk]), async (ctx) => {
      const { id } = ZIdParams.parse(ctx.params);
      const { id: evidenceId } = ZIdParams.parse({ id: ctx.params.evidenceId });
      ctx.set('Cache-Control', 'no-store');
      const image = await readEvidenceForDesk(personalData, principalOf(ctx), desk, id, evidenceId, clock());
      ctx.body = { ok: true, data: presentEvidenceImage(image) };
    });
  }

  return router;
}

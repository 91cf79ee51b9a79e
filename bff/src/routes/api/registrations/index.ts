import { Router } from '@koa/router';
import { z } from 'zod';
import { AppError, ZRegistrationSubmitInput, ZRegistrationVersionInput, ZResubmitInput } from '@contest/shared';
import type { AppDeps, AppState } from '../../../context';
import { principalOf, requireSignIn } from '../../../middleware/authenticate';
import { errorEnvelope } from '../../../middleware/errorHandler';
import { byUserOrIp, rateLimit } from '../../../middleware/rateLimit';
import { presentMyRegistration } from '../../../presenters/registration';
import { runOnce } from '../../../services/idempotency';
import {
  findSubmission,
  getMyRegistration,
  listMyRegistrations,
  loadUnionNames,
  resubmitOwnRegistration,
  submitRegistration,
  withdrawOwnRegistration,
  type RegistrationWithContext,
} from '../../../services/registrations';
import { ZIdParams } from '../../params';

const ZIdempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

async function present(items: RegistrationWithContext[], now: Date) {
  const unions = await loadUnionNames(items.map((item) => item.registration));
  return items.map((item) => presentMyRegistration(item, unions, now));
}

export function registrationsRouter({ clock, rateLimits, personalData, config }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const writes = rateLimit(rateLimits.writes, byUserOrIp);

  /**
   * Submitting carries an Idempotency-Key: a retry with the same key (after a dropped
   * connection, a double tap) gets the first answer instead of a second registration.
   */
  router.post('/registrations', writes, requireSignIn(), async (ctx) => {
    const key = ZIdempotencyKey.safeParse(ctx.get('Idempotency-Key'));
    if (!key.success) throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
    const principal = principalOf(ctx);
    // Keyed: the body holds the ID number and phone.
    const submission = { key: key.data, requestHash: personalData.hash('request', JSON.stringify(ctx.request.body ?? null)) };
    const answer = await runOnce(
      { userId: principal.userId.toHexString(), scope: 'registration.submit', ...submission },
      async () => {
        const input = ZRegistrationSubmitInput.parse(ctx.request.body);
        const now = clock();
        const created = await submitRegistration(personalData, principal, input, submission, now, config.MAX_ACTIVE_REGISTRATIONS_PER_ACCOUNT);
        return { status: 201, body: { ok: true, data: presentMyRegistration(created, created.unions, now) } };
      },
      async () => {
        const earlier = await findSubmission(principal, submission.key);
        if (!earlier) return null;
        const [data] = await present([earlier.item], clock());
        return { requestHash: earlier.requestHash, answer: { status: 201, body: { ok: true, data } } };
      },
      (error) => errorEnvelope(error, ctx.state.requestId),
    );
    ctx.status = answer.status;
    ctx.body = answer.body;
  });

  router.get('/me/registrations', requireSignIn(), async (ctx) => {
    const items = await listMyRegistrations(principalOf(ctx));
    ctx.body = { ok: true, data: { items: await present(items, clock()) } };
  });

  router.get('/me/registrations/:id', requireSignIn(), async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const [data] = await present([await getMyRegistration(principalOf(ctx), id)], clock());
    ctx.body = { ok: true, data };
  });

  router.post('/me/registrations/:id/withdraw', writes, requireSignIn(), async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const { version } = ZRegistrationVersionInput.parse(ctx.request.body);
    const now = clock();
    const [data] = await present([await withdrawOwnRegistration(principalOf(ctx), id, version, now)], now);
    ctx.body = { ok: true, data };
  });

  router.put('/me/registrations/:id', writes, requireSignIn(), async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const input = ZResubmitInput.parse(ctx.request.body);
    const now = clock();
    const [data] = await present([await resubmitOwnRegistration(personalData, principalOf(ctx), id, input, now)], now);
    ctx.body = { ok: true, data };
  });

  return router;
}

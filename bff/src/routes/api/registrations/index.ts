import { Router } from '@koa/router';
import { AppError, ZRegistrationVersionInput, ZResubmitInput } from '@contest/shared';
import type { AppDeps, AppState } from '../../../context';
import { principalOf, requireSignIn } from '../../../middleware/authenticate';
import { errorEnvelope } from '../../../middleware/errorHandler';
import { byUserOrIp, rateLimit } from '../../../middleware/rateLimit';
import { presentMyRegistration, presentMyRegistrationList } from '../../../presenters/registration';
import {
  getMyRegistration,
  listMyRegistrations,
  loadUnionNames,
  resubmitOwnRegistration,
  submitRegistrationOnce,
  withdrawOwnRegistration,
  type RegistrationWithContext,
} from '../../../services/registrations';
import { myResultsOf } from '../../../services/results/myResults';
import { ZIdParams, ZIdempotencyKey } from '../../params';

export function registrationsRouter({ clock, rateLimits, personalData, config }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const templateIds = config.NOTIFY_TEMPLATE_IDS;
  async function present(items: RegistrationWithContext[], now: Date) {
    const registrations = items.map((item) => item.registration);
    const [unions, results] = await Promise.all([loadUnionNames(registrations), myResultsOf(registrations)]);
    return items.map((item) => presentMyRegistration(item, unions, now, templateIds, results.get(item.registration._id.toHexString()) ?? null));
  }
  const writes = rateLimit(rateLimits.writes, byUserOrIp);

  /**
   * Submitting carries an Idempotency-Key: a retry with the same key (after a dropped
   * connection, a double tap) gets the first answer instead of a second registration.
   */
  router.post('/registrations', writes, requireSignIn(), async (ctx) => {
    const key = ZIdempotencyKey.safeParse(ctx.get('Idempotency-Key'));
    if (!key.success) throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
    const now = clock();
    const request = { key: key.data, body: ctx.request.body, requestId: ctx.state.requestId };
    const outcome = await submitRegistrationOnce(personalData, principalOf(ctx), request, now, config.MAX_ACTIVE_REGISTRATIONS_PER_ACCOUNT);
    if (outcome.kind === 'refused') {
      // As first answered, with that request's id.
      ctx.status = outcome.refusal.status;
      ctx.body = errorEnvelope(outcome.refusal, outcome.requestId);
      return;
    }
    const registered = outcome.result;
    ctx.status = 201;
    const unions = registered.unions ?? (await loadUnionNames([registered.registration]));
    ctx.body = { ok: true, data: presentMyRegistration(registered, unions, now, templateIds) };
  });

  router.get('/me/registrations', requireSignIn(), async (ctx) => {
    const items = await listMyRegistrations(principalOf(ctx));
    ctx.body = { ok: true, data: presentMyRegistrationList(await present(items, clock()), templateIds) };
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

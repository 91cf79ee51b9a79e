import { PassThrough } from 'node:stream';
import { Router } from '@koa/router';
import {
  ZAuditExportQuery,
  ZAuditQueueQuery,
  ZBatchDecisionInput,
  ZDecisionInput,
  ZReachabilityQuery,
  type TAuditDesk,
  type TAuditQueuePage,
  type TRole,
} from '@contest/shared';
import type { AppDeps, AppState } from '../../../context';
import { principalOf, requireRole } from '../../../middleware/authenticate';
import { byUserOrIp, rateLimit } from '../../../middleware/rateLimit';
import {
  presentAuditCompetition,
  presentAuditListItem,
  presentAuditRegistration,
  presentAuditSummary,
  presentNationalIdInUse,
} from '../../../presenters/audit';
import { decide, decideBatch } from '../../../services/auditDecisions';
import { auditHome, summarizeDesk } from '../../../services/auditDashboard';
import { detailOfReached, readAuditDetail } from '../../../services/auditDetail';
import { isIdSearch, listQueue } from '../../../services/auditQueue';
import { revealPersonalData } from '../../../services/auditReveal';
import { openDesk } from '../../../services/auditScope';
import { deskReachability } from '../../../services/notifications/reachability';
import { presentReachability } from '../../../presenters/reachability';
import { loadUnionNames } from '../../../services/registrations';
import {
  ExportAbandoned,
  REGISTRATION_SHEET_CONTENT_TYPE,
  REGISTRATION_SHEET_NAME,
  openRegistrationExport,
  writeRegistrationSheet,
} from '../../../services/registrationSheet';
import { ZIdParams } from '../../params';


/** Who works at each desk (the evidence routes use it too). */
export const DESK_ROLES: Record<TAuditDesk, TRole[]> = {
  union: ['union_official'],
  committee: ['committee', 'admin'],
};

/**
 * One desk of the audit API: /audit/union (union officials, their union and every union below it)
 * or /audit/committee (the organising committee, the competitions it manages). Same routes, same
 * shapes; the desk decides the scope and which transition a decision is.
 */
function deskRouter({ config, clock, rateLimits, personalData }: AppDeps, desk: TAuditDesk): Router<AppState> {
  const router = new Router<AppState>({ prefix: `/audit/${desk}` });
  const staff = requireRole(...DESK_ROLES[desk]);
  const writes = rateLimit(rateLimits.writes, byUserOrIp);
  // Each search by a full ID number says whether a guess is registered: a few a minute, per official.
  const idSearches = rateLimit(rateLimits.idSearches, byUserOrIp, {
    appliesTo: (ctx) => isIdSearch(ZAuditQueueQuery.shape.q.safeParse(ctx.query.q).data),
    message: `按身份证号查询过于频繁（每分钟最多${config.RATE_LIMIT_ID_SEARCHES_PER_MINUTE}次），请稍后再试`,
  });

  router.get('/competitions', staff, async (ctx) => {
    const rows = await auditHome(principalOf(ctx), desk);
    ctx.body = { ok: true, data: { items: rows.map((row) => presentAuditCompetition(row.competition, row.waiting)) } };
  });

  router.get('/competitions/:id/summary', staff, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const scope = await openDesk(principalOf(ctx), desk, id);
    ctx.body = { ok: true, data: presentAuditSummary(scope.competition, await summarizeDesk(scope)) };
  });

  /** Of the desk's registrations waiting for a message, how many WeChat can be sent it; those it cannot, a page at a time (whom to phone). */
  router.get('/competitions/:id/reachability', staff, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const query = ZReachabilityQuery.parse(ctx.query);
    const scope = await openDesk(principalOf(ctx), desk, id);
    ctx.body = { ok: true, data: presentReachability(await deskReachability(scope, config, query)) };
  });

  router.get('/competitions/:id/registrations', idSearches, staff, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const query = ZAuditQueueQuery.parse(ctx.query);
    const principal = principalOf(ctx);
    const scope = await openDesk(principal, desk, id);
    const page = await listQueue(scope, query, personalData, { principal, now: clock() });
    const unions = await loadUnionNames(page.items);
    const data: TAuditQueuePage = {
      items: page.items.map((registration) => presentAuditListItem(desk, registration, scope.competition, unions, scope.unionRoots)),
      nextCursor: page.nextCursor,
      nationalIdInUse: presentNationalIdInUse(page.nationalIdInUse),
    };
    ctx.body = { ok: true, data };
  });

  /**
   * The registration summary sheet (报名汇总表) of the desk's scope, streamed at the reader's pace.
   * A person has at most EXPORTS_PER_PERSON running: the slot is freed when the stream closes,
   * however it ends (read to the end, failed, or closed by the reader).
   */
  router.get('/competitions/:id/export', staff, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const query = ZAuditExportQuery.parse(ctx.query);
    const principal = principalOf(ctx);
    const scope = await openDesk(principal, desk, id);
    const { full, slot } = await openRegistrationExport(principal, scope, query, { clock, exportsPerPerson: config.EXPORTS_PER_PERSON });
    const body = new PassThrough();
    body.once('close', () => {
      slot.release().catch((error: unknown) => ctx.state.log.warn({ err: error }, 'export slot not released; its lease runs out'));
    });
    const filename = `${scope.competition.name}-${REGISTRATION_SHEET_NAME}.xlsx`;
    ctx.type = REGISTRATION_SHEET_CONTENT_TYPE;
    ctx.set('Content-Disposition', `attachment; filename="registrations.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
    writeRegistrationSheet(scope, query, full, personalData, body).catch((error: unknown) => {
      // The reader closed the connection: nothing failed.
      if (error instanceof ExportAbandoned) return;
      ctx.state.log.error({ err: error }, 'registration export failed');
      body.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });

  router.get('/registrations/:id', staff, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    ctx.body = { ok: true, data: presentAuditRegistration(desk, await readAuditDetail(principalOf(ctx), desk, id)) };
  });

  /** Showing the full ID number and phone is deliberate, and logged before they are sent. */
  router.post('/registrations/:id/reveal', writes, staff, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { ok: true, data: await revealPersonalData(personalData, principalOf(ctx), desk, id, clock()) };
  });

  router.post('/registrations/:id/decision', writes, staff, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const input = ZDecisionInput.parse(ctx.request.body);
    const principal = principalOf(ctx);
    const { registration, competition } = await decide(principal, desk, id, input, clock());
    ctx.body = { ok: true, data: presentAuditRegistration(desk, await detailOfReached(principal, desk, registration, competition)) };
  });

  /** Up to 100 decisions at once, each answered on its own. */
  router.post('/decisions', writes, staff, async (ctx) => {
    const input = ZBatchDecisionInput.parse(ctx.request.body);
    ctx.body = { ok: true, data: await decideBatch(principalOf(ctx), desk, input, clock()) };
  });

  return router;
}

export function auditRouter(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  for (const child of [deskRouter(deps, 'union'), deskRouter(deps, 'committee')]) router.use(child.routes(), child.allowedMethods());
  return router;
}

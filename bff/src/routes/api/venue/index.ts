import { Router } from '@koa/router';
import { ZCheckInBatchInput, ZCheckInScan, ZVenueSessionQuery } from '@contest/shared';
import type { AppDeps, AppState } from '../../../context';
import { principalOf, requireRole } from '../../../middleware/authenticate';
import { byUserOrIp, rateLimit } from '../../../middleware/rateLimit';
import { presentVenueSession } from '../../../presenters/venue';
import { checkIn, checkInBatch } from '../../../services/venue/checkIn';
import { venueMissingSheet } from '../../../services/venue/missingSheet';
import { venueBoard, venueConflicts, venueRoster } from '../../../services/venue/roster';
import { sessionsInScope } from '../../../services/venue/scope';
import { placedCounts } from '../../../services/venue/sessions';

/**
 * The venue on the day: venue staff check contestants in for a session of their venue (online, or
 * uploading what they scanned offline), download the session's roster for offline scanning, and
 * watch the board; the committee watches every venue of its competitions.
 */
export function venueRouter({ clock, rateLimits, passSigner }: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/venue' });
  const writes = rateLimit(rateLimits.writes, byUserOrIp);
  const scanners = requireRole('venue_staff');
  const overseers = requireRole('venue_staff', 'committee', 'admin');

  router.get('/sessions', overseers, async (ctx) => {
    const found = await sessionsInScope(principalOf(ctx));
    const placed = await placedCounts(found.map((f) => f.session));
    ctx.body = { ok: true, data: { items: found.map(({ session, competition }) => presentVenueSession(session, competition, placed.get(session._id.toHexString()) ?? 0)) } };
  });

  router.post('/check-ins', writes, scanners, async (ctx) => {
    const scan = ZCheckInScan.parse(ctx.request.body);
    ctx.body = { ok: true, data: await checkIn(principalOf(ctx), scan, { signer: passSigner, now: clock() }) };
  });

  router.post('/check-ins/batch', writes, scanners, async (ctx) => {
    const { scans } = ZCheckInBatchInput.parse(ctx.request.body);
    ctx.body = { ok: true, data: { results: await checkInBatch(principalOf(ctx), scans, { signer: passSigner, now: clock() }) } };
  });

  router.get('/roster', overseers, async (ctx) => {
    const { session } = ZVenueSessionQuery.parse(ctx.query);
    ctx.body = { ok: true, data: await venueRoster(principalOf(ctx), session, passSigner, clock()) };
  });

  router.get('/board', overseers, async (ctx) => {
    const { session } = ZVenueSessionQuery.parse(ctx.query);
    ctx.body = { ok: true, data: await venueBoard(principalOf(ctx), session, clock()) };
  });

  /** The board's missing list as an Excel sheet (pass number, name, union, trade, station, masked phone). */
  router.get('/board/missing.xlsx', overseers, async (ctx) => {
    const { session } = ZVenueSessionQuery.parse(ctx.query);
    const { fileName, sheet } = await venueMissingSheet(principalOf(ctx), session);
    ctx.type = 'xlsx';
    ctx.set('Content-Disposition', `attachment; filename="missing.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = sheet;
  });

  router.get('/conflicts', overseers, async (ctx) => {
    const { session } = ZVenueSessionQuery.parse(ctx.query);
    ctx.body = { ok: true, data: { items: await venueConflicts(principalOf(ctx), session) } };
  });

  return router;
}

import { Router } from '@koa/router';
import { z } from 'zod';
import { API_PREFIX, ZObjectionInput, ZPublicResultsQuery, type TObjection } from '@contest/shared';
import type { AppDeps, AppState } from '../../../context';
import { principalOf, requireSignIn } from '../../../middleware/authenticate';
import { byUserOrIp, rateLimit } from '../../../middleware/rateLimit';
import { lodgeObjection } from '../../../services/results/announcement';
import { publicResultsAnswer } from '../../../services/results/publicResults';
import { ZIdParams } from '../../params';

const ZCompetitionParams = z.object({ competitionId: z.string().max(64) });

/**
 * The public 公示 pages (no sign-in; the summary, or a page of one trade × group's list with
 * `?tradeCode=&groupCode=&page=`), served from the in-process cache, gzip when asked, with an
 * ETag. Its own router, mounted by the app ahead of the body parser, the session look-up and the
 * API router's ~150 routes: nothing in them serves these answers (a token sent along is not
 * looked at, so an expired one cannot turn a public read into a 401).
 */
export function publicResultsRouter(): Router<AppState> {
  const router = new Router<AppState>({ prefix: API_PREFIX });

  router.get('/public/competitions/:id/results', async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const answer = await publicResultsAnswer(id, ZPublicResultsQuery.parse(ctx.query));
    // Phones (wx.request) ask for gzip; the bytes were compressed once, when the page was prepared.
    const gzip = ctx.acceptsEncodings('gzip', 'identity') === 'gzip';
    ctx.status = 200;
    ctx.vary('Accept-Encoding');
    ctx.etag = gzip ? `${answer.etag.slice(0, -1)}-gz"` : answer.etag;
    // Browsers and proxies ask again each time (cheap: a 304 while the version stands).
    ctx.set('Cache-Control', 'public, no-cache');
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    ctx.type = 'application/json';
    if (gzip) ctx.set('Content-Encoding', 'gzip');
    ctx.body = gzip ? answer.gzip : answer.json;
  });

  return router;
}

/** Objections (异议) by anyone signed in while the 公示 runs. */
export function resultsRouter({ clock, rateLimits }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();

  router.post('/me/results/:competitionId/objections', rateLimit(rateLimits.writes, byUserOrIp), requireSignIn(), async (ctx) => {
    const { competitionId } = ZCompetitionParams.parse(ctx.params);
    const input = ZObjectionInput.parse(ctx.request.body);
    const data: TObjection = await lodgeObjection(principalOf(ctx), competitionId, input, clock());
    ctx.status = 201;
    ctx.body = { ok: true, data };
  });

  return router;
}

import { PassThrough, type Writable } from 'node:stream';
import { Router, type RouterContext } from '@koa/router';
import { z } from 'zod';
import { PASS_ROSTER_CONTENT_TYPE, ZObjectionAnswerInput, ZResultsSheetQuery, type TObjection, type TResultsAnnouncementState } from '@contest/shared';
import type { AppDeps, AppState } from '../../../../context';
import { principalOf, requireRole } from '../../../../middleware/authenticate';
import { byUserOrIp, rateLimit } from '../../../../middleware/rateLimit';
import { getManagedCompetition } from '../../../../services/competitionSetup';
import { takeExportSlot } from '../../../../services/exportSlots';
import { ExportAbandoned } from '../../../../services/registrationSheet';
import {
  AWARD_LIST_NAME,
  openResultsExport,
  RESULTS_SHEET_NAME,
  resultsExportFilename,
  writeAwardList,
  writeResultsSheet,
  type ResultsExport,
} from '../../../../services/results/resultsSheets';
import { announcementState, answerObjection, closeAnnouncement, listObjections, openAnnouncement } from '../../../../services/results/announcement';
import { ZIdParams } from '../../../params';

const ZObjectionParams = ZIdParams.extend({ objectionId: z.string().max(64) });

/** The committee's 公示: open it, see it, answer objections, close it (results final). */
export function adminResultsRouter({ clock, rateLimits, logger, config }: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/competitions' });
  const committee = requireRole('committee', 'admin');
  const writes = rateLimit(rateLimits.writes, byUserOrIp);

  /**
   * Streams a results export at the reader's pace, holding one of the person's export slots until
   * the stream closes (as the registration sheet does).
   */
  const streamExport = async (
    ctx: RouterContext<AppState>,
    sheetName: string,
    asciiName: string,
    write: (opened: ResultsExport, out: Writable) => Promise<void>,
  ): Promise<void> => {
    const { id } = ZIdParams.parse(ctx.params);
    const query = ZResultsSheetQuery.parse(ctx.query);
    const principal = principalOf(ctx);
    const opened = await openResultsExport(principal, id, query);
    const slot = await takeExportSlot(principal.userId, config.EXPORTS_PER_PERSON, clock);
    const body = new PassThrough();
    body.once('close', () => {
      slot.release().catch((error: unknown) => ctx.state.log.warn({ err: error }, 'export slot not released; its lease runs out'));
    });
    ctx.type = PASS_ROSTER_CONTENT_TYPE;
    ctx.set('Content-Disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(resultsExportFilename(opened, sheetName))}`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
    write(opened, body).catch((error: unknown) => {
      if (error instanceof ExportAbandoned) return;
      ctx.state.log.error({ err: error }, 'results export failed');
      body.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  };

  /** 成绩汇总表 of one trade (`?tradeCode=`) or of the whole competition, from the latest snapshot. */
  router.get('/:id/results/sheet.xlsx', committee, (ctx) => streamExport(ctx, RESULTS_SHEET_NAME, 'results.xlsx', writeResultsSheet));

  /** 获奖名单 of one trade or of the whole competition, from the latest snapshot. */
  router.get('/:id/results/awards.xlsx', committee, (ctx) => streamExport(ctx, AWARD_LIST_NAME, 'awards.xlsx', writeAwardList));

  router.post('/:id/results/announcement', writes, committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const data: TResultsAnnouncementState = await openAnnouncement(principalOf(ctx), id, clock(), logger);
    ctx.status = 201;
    ctx.body = { ok: true, data };
  });

  router.get('/:id/results/announcement', committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const competition = await getManagedCompetition(principalOf(ctx), id);
    const data: TResultsAnnouncementState = await announcementState(competition._id);
    ctx.body = { ok: true, data };
  });

  router.post('/:id/results/announcement/close', writes, committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const data: TResultsAnnouncementState = await closeAnnouncement(principalOf(ctx), id, clock(), logger);
    ctx.body = { ok: true, data };
  });

  router.get('/:id/results/objections', committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const data: { items: TObjection[] } = { items: await listObjections(principalOf(ctx), id) };
    ctx.body = { ok: true, data };
  });

  router.post('/:id/results/objections/:objectionId/answer', writes, committee, async (ctx) => {
    const { id, objectionId } = ZObjectionParams.parse(ctx.params);
    const input = ZObjectionAnswerInput.parse(ctx.request.body);
    const data: TObjection = await answerObjection(principalOf(ctx), id, objectionId, input, clock());
    ctx.body = { ok: true, data };
  });

  return router;
}

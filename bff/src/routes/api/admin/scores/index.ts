import { Router } from '@koa/router';
import { z } from 'zod';
import {
  AppError,
  PASS_ROSTER_CONTENT_TYPE,
  SCORE_IMPORT_MAX_BYTES,
  ZScoreImportQuery,
  ZScoreInput,
  ZScoreListQuery,
  type TScore,
  type TScoreHistory,
  type TScoreImportResult,
  type TScoreListPage,
} from '@contest/shared';
import type { AppDeps, AppState } from '../../../../context';
import { principalOf, requireRole } from '../../../../middleware/authenticate';
import { byUserOrIp, rateLimit } from '../../../../middleware/rateLimit';
import { importScores, readScoreSheet } from '../../../../services/scores/scoreImport';
import { listScores, scoreHistory, setScore } from '../../../../services/scores/scores';
import { ZIdParams } from '../../../params';
import { readRawBody } from '../unions/requestBody';

/** `/:id/scores/:passNumber`: any short text reaches the service, which answers 404 for a number no pass has. */
const ZScoreParams = ZIdParams.extend({ passNumber: z.string().max(32) });

/** The committee's scores: the sheet of a trade imported (all rows or none), one score entered or corrected, the list, a score's history. */
export function adminScoresRouter({ clock, rateLimits }: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/competitions' });
  const committee = requireRole('committee', 'admin');
  const writes = rateLimit(rateLimits.writes, byUserOrIp);

  router.post('/:id/scores/import', writes, committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const { tradeCode } = ZScoreImportQuery.parse(ctx.query);
    const readSheet = async () => {
      if (!ctx.is(PASS_ROSTER_CONTENT_TYPE)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请上传 Excel（.xlsx）格式的成绩表');
      const limitMb = SCORE_IMPORT_MAX_BYTES / 1024 / 1024;
      return readScoreSheet(await readRawBody(ctx, SCORE_IMPORT_MAX_BYTES, `成绩表不能超过 ${limitMb} MB，请分成几个表格导入`));
    };
    const data: TScoreImportResult = await importScores(principalOf(ctx), id, tradeCode, readSheet, clock());
    ctx.body = { ok: true, data };
  });

  router.get('/:id/scores', committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const data: TScoreListPage = await listScores(principalOf(ctx), id, ZScoreListQuery.parse(ctx.query));
    ctx.body = { ok: true, data };
  });

  router.put('/:id/scores/:passNumber', writes, committee, async (ctx) => {
    const { id, passNumber } = ZScoreParams.parse(ctx.params);
    const input = ZScoreInput.parse(ctx.request.body);
    const data: TScore = await setScore(principalOf(ctx), id, passNumber, input, clock());
    ctx.body = { ok: true, data };
  });

  router.get('/:id/scores/:passNumber/history', committee, async (ctx) => {
    const { id, passNumber } = ZScoreParams.parse(ctx.params);
    const data: TScoreHistory = await scoreHistory(principalOf(ctx), id, passNumber);
    ctx.body = { ok: true, data };
  });

  return router;
}

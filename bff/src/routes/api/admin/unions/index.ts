import { PassThrough } from 'node:stream';
import { Router } from '@koa/router';
import { z } from 'zod';
import {
  AppError,
  UNION_IMPORT_MAX_BYTES,
  UNION_SHEET_CONTENT_TYPE,
  ZUnionCreateInput,
  ZUnionListQuery,
  ZUnionRenameInput,
  type TUnionImportResult,
  type TUnionListData,
} from '@contest/shared';
import type { AppDeps, AppState } from '../../../../context';
import { principalOf, requireRole } from '../../../../middleware/authenticate';
import { byUserOrIp, rateLimit } from '../../../../middleware/rateLimit';
import { presentUnionEntry } from '../../../../presenters/union';
import { readUnionSheet, writeUnionSheet } from '../../../../services/unionSheet';
import { createUnion, findVisibleUnion, listUnions, loadUnionEntryContext, renameUnion } from '../../../../services/unionDirectory';
import { openUnionExport } from '../../../../services/unionExport';
import { importUnions } from '../../../../services/unionImport';
import { drawRegistrationPoster } from '../../../../services/posters';

const ZPosterQuery = z.object({ competitionId: z.string().max(64) });
import { readRawBody } from './requestBody';
import { ZIdParams } from '../../../params';

const EXPORT_FILENAME = '工会名录.xlsx';

/**
 * The union directory. The committee and admins keep it; union officials read their own
 * subtree (anything outside it answers 404, as if it did not exist).
 */
export function adminUnionsRouter({ rateLimits, wechat }: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/unions' });
  const writes = rateLimit(rateLimits.writes, byUserOrIp);
  const readers = requireRole('union_official', 'committee', 'admin');
  const keepers = requireRole('committee', 'admin');

  router.get('/', readers, async (ctx) => {
    const query = ZUnionListQuery.parse(ctx.query);
    const page = await listUnions(principalOf(ctx), query);
    const context = await loadUnionEntryContext(page.items);
    const data: TUnionListData = { items: page.items.map((u) => presentUnionEntry(u, context)), next: page.next };
    ctx.body = { ok: true, data };
  });

  /** The visible directory as a sheet that imports back unchanged, streamed as it is read. */
  router.get('/export', readers, async (ctx) => {
    const rows = await openUnionExport(principalOf(ctx));
    const body = new PassThrough();
    ctx.type = UNION_SHEET_CONTENT_TYPE;
    ctx.set('Content-Disposition', `attachment; filename="unions.xlsx"; filename*=UTF-8''${encodeURIComponent(EXPORT_FILENAME)}`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
    writeUnionSheet(rows, body).catch((error: unknown) => {
      ctx.state.log.error({ err: error }, 'union export failed');
      body.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });

  /** The directory sheet as the raw request body; all rows or none. */
  router.post('/import', writes, keepers, async (ctx) => {
    if (!ctx.is(UNION_SHEET_CONTENT_TYPE)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请上传 Excel（.xlsx）格式的工会名录');
    }
    const file = await readRawBody(ctx, UNION_IMPORT_MAX_BYTES, `工会名录文件不能超过 ${UNION_IMPORT_MAX_BYTES / 1024 / 1024} MB，请分成几个表格导入`);
    const rows = await readUnionSheet(file);
    const data: TUnionImportResult = await importUnions(principalOf(ctx), rows);
    ctx.body = { ok: true, data };
  });

  router.get('/:id', readers, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const union = await findVisibleUnion(principalOf(ctx), id);
    ctx.body = { ok: true, data: presentUnionEntry(union, await loadUnionEntryContext([union])) };
  });

  /** The registration poster's mini-program code for this union and a competition it takes part in. */
  router.get('/:id/poster', readers, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const { competitionId } = ZPosterQuery.parse(ctx.query);
    const poster = await drawRegistrationPoster(wechat, principalOf(ctx), id, competitionId);
    ctx.set('Content-Disposition', `inline; filename="poster.png"; filename*=UTF-8''${encodeURIComponent(poster.filename)}`);
    ctx.type = 'image/png';
    ctx.body = poster.png;
  });

  router.post('/', writes, keepers, async (ctx) => {
    const input = ZUnionCreateInput.parse(ctx.request.body);
    const union = await createUnion(principalOf(ctx), input);
    ctx.status = 201;
    ctx.body = { ok: true, data: presentUnionEntry(union, await loadUnionEntryContext([union])) };
  });

  // PUT, not PATCH: WeChat's wx.request has no PATCH, and renaming is all a union's record takes.
  router.put('/:id', writes, keepers, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const { name } = ZUnionRenameInput.parse(ctx.request.body);
    const union = await renameUnion(principalOf(ctx), id, name);
    ctx.body = { ok: true, data: presentUnionEntry(union, await loadUnionEntryContext([union])) };
  });

  return router;
}

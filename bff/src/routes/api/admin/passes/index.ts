import { Router } from '@koa/router';
import {
  AppError,
  PASS_PRINT_MAX,
  PASS_ROSTER_CONTENT_TYPE,
  PLACEMENT_IMPORT_MAX_BYTES,
  ZPassExportQuery,
  ZPassPrintQuery,
  type TPlacementImportResult,
} from '@contest/shared';
import type { AppContext, AppDeps, AppState } from '../../../../context';
import { principalOf, requireRole } from '../../../../middleware/authenticate';
import { byUserOrIp, rateLimit } from '../../../../middleware/rateLimit';
import { withExportSlot } from '../../../../services/exportSlots';
import { allPasses } from '../../../../services/venue/passes';
import { printPasses } from '../../../../services/venue/passPdf';
import { importPlacements, readPlacementSheet } from '../../../../services/venue/placementImport';
import { readRawBody } from '../unions/requestBody';
import { writePassRoster } from '../../../../services/venue/passRoster';
import { ZIdParams } from '../../../params';

/** A roster sheet holds every pass of a competition; past this, per trade or session. */
const ROSTER_MAX = 20_000;

/** A file download: a plain ASCII name for old clients and the Chinese one (RFC 5987). */
export function attach(ctx: AppContext, type: string, asciiName: string, name: string, body: Buffer): void {
  ctx.type = type;
  ctx.set('Content-Disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = body;
}

/**
 * The committee's passes as files, with the pass list's filters (a union includes the unions below
 * it): the roster sheet (考生名单), the passes printed as a PDF, and the placement import.
 */
export function adminPassFilesRouter({ config, clock, rateLimits, passSigner }: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/competitions' });
  const committee = requireRole('committee', 'admin');
  const writes = rateLimit(rateLimits.writes, byUserOrIp);

  router.get('/:id/passes.xlsx', committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const filters = ZPassExportQuery.parse(ctx.query);
    const principal = principalOf(ctx);
    const sheet = await withExportSlot(principal.userId, config.EXPORTS_PER_PERSON, clock, async () => {
      const { passes } = await allPasses(principal, id, filters, ROSTER_MAX, `一张考生名单最多 ${ROSTER_MAX} 人，请按工种或场次分开导出`);
      return writePassRoster(passes);
    });
    attach(ctx, PASS_ROSTER_CONTENT_TYPE, 'roster.xlsx', '考生名单.xlsx', sheet);
  });

  /** Revoked passes are never printed. A print, like an export, holds one of the person's EXPORTS_PER_PERSON slots. */
  router.get('/:id/passes.pdf', committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const filters = ZPassPrintQuery.parse(ctx.query);
    const principal = principalOf(ctx);
    const { name, pdf } = await withExportSlot(principal.userId, config.EXPORTS_PER_PERSON, clock, async () => {
      const { competition, passes } = await allPasses(principal, id, { ...filters, includeRevoked: '0' }, PASS_PRINT_MAX, `一次最多打印 ${PASS_PRINT_MAX} 张准考证，请按场次分开打印`);
      return { name: competition.name, pdf: await printPasses(competition.name, passes, config.PASS_PDF_FONT) };
    });
    attach(ctx, 'application/pdf', 'passes.pdf', `${name}准考证.pdf`, Buffer.from(pdf));
  });

  /** The placement sheet as the raw request body (the roster sheet's columns will do); all rows or none. */
  router.post('/:id/placements/import', writes, committee, async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const readSheet = async () => {
      if (!ctx.is(PASS_ROSTER_CONTENT_TYPE)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请上传 Excel（.xlsx）格式的考场安排表');
      const limitMb = PLACEMENT_IMPORT_MAX_BYTES / 1024 / 1024;
      return readPlacementSheet(await readRawBody(ctx, PLACEMENT_IMPORT_MAX_BYTES, `考场安排表不能超过 ${limitMb} MB，请分成几个表格导入`));
    };
    const data: TPlacementImportResult = await importPlacements(principalOf(ctx), id, readSheet, { signer: passSigner, now: clock() });
    ctx.body = { ok: true, data };
  });

  return router;
}

import { z } from 'zod';
import { ZGroupCode } from './competition';
import { okEnvelope } from './envelope';

/**
 * Scores (成绩): one per contestant's pass, theory and practical, or marked absent (缺考) instead of
 * scored zero. The committee imports a sheet per trade or enters one score on the phone; every change
 * is kept in a history (who, when, before → after, by import or by hand).
 */

/** The scale a score is given on: 0 … `max`, at most `decimals` decimal places. */
export interface TScoreScale {
  max: number;
  decimals: number;
}
/** The notices' scale; a competition may state another (its results settings), read through `scoreScaleOf` in the BFF. */
export const DEFAULT_SCORE_SCALE: TScoreScale = { max: 100, decimals: 2 };

/** What is wrong with a score on `scale`, in Chinese (`label`: 理论成绩 / 实操成绩), or null when it is fine. */
export function scoreProblem(label: string, value: number, scale: TScoreScale): string | null {
  if (!Number.isFinite(value)) return `${label}不是数字`;
  if (value < 0 || value > scale.max) return `${label} ${value} 超出 0–${scale.max} 的范围`;
  const factor = 10 ** scale.decimals;
  if (Math.round(value * factor) / factor !== value) return `${label} ${value} 最多保留 ${scale.decimals} 位小数`;
  return null;
}

export const SCORE_REMARKS_MAX = 100;
const ZRemarks = z.string().trim().max(SCORE_REMARKS_MAX, `备注最长 ${SCORE_REMARKS_MAX} 个字`);

/** What a score says: both scores, or absent with neither. */
export const ZScoreValues = z.object({
  theory: z.number().nullable(),
  practical: z.number().nullable(),
  absent: z.boolean(),
  remarks: z.string(),
});
export type TScoreValues = z.infer<typeof ZScoreValues>;

/**
 * Entering or correcting one score (`PUT …/scores/:passNumber`): `{theory, practical}` or
 * `{absent: true}`, with the version the person saw (0: no score yet). The range and decimals are
 * checked by the BFF against the competition's scale.
 */
export const ZScoreInput = z
  .object({
    theory: z.number({ error: '理论成绩应为数字' }).optional(),
    practical: z.number({ error: '实操成绩应为数字' }).optional(),
    absent: z.literal(true).optional(),
    remarks: ZRemarks.default(''),
    version: z.number().int().min(0),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.absent) {
      if (input.theory !== undefined || input.practical !== undefined) ctx.addIssue({ code: 'custom', path: ['absent'], message: '缺考的考生不填写成绩' });
      return;
    }
    if (input.theory === undefined) ctx.addIssue({ code: 'custom', path: ['theory'], message: '请填写理论成绩，或标记缺考' });
    if (input.practical === undefined) ctx.addIssue({ code: 'custom', path: ['practical'], message: '请填写实操成绩，或标记缺考' });
  });
export type TScoreInput = z.infer<typeof ZScoreInput>;

/** A score as the committee sees it. */
export const ZScore = ZScoreValues.extend({
  passNumber: z.string(),
  registrationId: z.string(),
  name: z.string(),
  tradeCode: z.string(),
  groupCode: ZGroupCode,
  /** 1 when first entered, +1 on every change; a correction names it (409 otherwise). */
  version: z.number().int(),
  updatedAt: z.iso.datetime({ offset: true }),
  /** The user who made the last change. */
  updatedBy: z.string(),
});
export type TScore = z.infer<typeof ZScore>;
export const ZScoreResponse = okEnvelope(ZScore);

/** The committee's list: pass-number order, pages of up to `limit`, `cursor` the last pass number seen. */
export const ZScoreListQuery = z
  .object({
    tradeCode: z.string().min(1).max(32).optional(),
    groupCode: z.enum(ZGroupCode.options).optional(),
    cursor: z.string().regex(/^\d{8}$/).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type TScoreListQuery = z.infer<typeof ZScoreListQuery>;
export const ZScoreListPage = z.object({ items: z.array(ZScore), nextCursor: z.string().nullable() });
export type TScoreListPage = z.infer<typeof ZScoreListPage>;
export const ZScoreListResponse = okEnvelope(ZScoreListPage);

export const SCORE_CHANGE_SOURCES = ['import', 'manual'] as const;

/** One change of a score: who, when, by what, from what to what (`before` null: first entered). */
export const ZScoreChange = z.object({
  version: z.number().int(),
  at: z.iso.datetime({ offset: true }),
  by: z.string(),
  via: z.enum(SCORE_CHANGE_SOURCES),
  /** The imported sheet's SHA-256 (hex), for a change by import. */
  sheetHash: z.string().nullable(),
  before: ZScoreValues.nullable(),
  after: ZScoreValues,
});
export type TScoreChange = z.infer<typeof ZScoreChange>;
export const ZScoreHistory = z.object({ passNumber: z.string(), changes: z.array(ZScoreChange) });
export type TScoreHistory = z.infer<typeof ZScoreHistory>;
export const ZScoreHistoryResponse = okEnvelope(ZScoreHistory);

/** The score sheet's columns, found by header; 缺考 (是) or the word 缺考 in a score cell marks an absence. */
export const SCORE_SHEET_COLUMNS = { passNumber: '准考证号', theory: '理论成绩', practical: '实操成绩', remarks: '备注', absent: '缺考' } as const;
export const SCORE_ABSENT_MARK = '缺考';
export const SCORE_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const SCORE_IMPORT_MAX_ROWS = 5000;

/** `POST …/scores/import?tradeCode=`: the trade the sheet is of. */
export const ZScoreImportQuery = z.object({ tradeCode: z.string({ error: '请选择成绩表的工种' }).min(1, '请选择成绩表的工种').max(32) }).strict();
export type TScoreImportQuery = z.infer<typeof ZScoreImportQuery>;

/** What an import did: scores first entered, scores changed, rows already as the sheet says. */
export const ZScoreImportResult = z.object({ created: z.number().int(), changed: z.number().int(), unchanged: z.number().int() });
export type TScoreImportResult = z.infer<typeof ZScoreImportResult>;
export const ZScoreImportResponse = okEnvelope(ZScoreImportResult);

import { z } from 'zod';
import { UNION_KIND_LABELS, ZUnion, ZUnionCode, ZUnionKind, type TUnionKind } from './union';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, '编号格式不正确');
const unionName = z.string({ error: '请填写工会名称' }).trim().min(1, '请填写工会名称').max(80, '工会名称最长 80 个字');
const unionKind = z.enum(ZUnionKind.options, { error: '请选择工会类型' });

/** Issued codes: this many random characters from UNION_CODE_ALPHABET, then the check character. */
export const ISSUED_UNION_CODE_BODY_LENGTH = 5;

export const ZUnionCreateInput = z.object({
  name: unionName,
  kind: unionKind,
  /** Null (or absent) for a union at the top of the directory. */
  parentId: objectId.nullable().default(null),
  /** A code the union already uses; without one the system issues a new code with a check character. */
  code: ZUnionCode.optional(),
});
export type TUnionCreateInput = z.input<typeof ZUnionCreateInput>;

export const ZUnionRenameInput = z.object({ name: unionName });
export type TUnionRenameInput = z.input<typeof ZUnionRenameInput>;

/**
 * Where a kind of union may sit: a 市总工会 only at the top, and nothing but 基层工会 below a
 * 基层工会. Null when the placement is fine; otherwise the reason, for the form and the import.
 */
export function unionPlacementProblem(kind: TUnionKind, parentKind: TUnionKind | null): string | null {
  if (kind === 'city' && parentKind !== null) return '市总工会只能是最上级工会';
  if (parentKind === 'grassroots' && kind !== 'grassroots') return `基层工会下只能设基层工会，不能设${UNION_KIND_LABELS[kind]}`;
  if (parentKind === 'school') return '学校下不能再设下级单位';
  return null;
}

/** A union in the directory, with the chain of names above it (天津市总工会 › 河西区总工会). */
export const ZUnionEntry = ZUnion.extend({
  /** From the top of the directory down to the parent. */
  ancestry: z.array(z.object({ id: z.string(), name: z.string() })),
  childCount: z.number().int(),
});
export type TUnionEntry = z.infer<typeof ZUnionEntry>;

/**
 * Without `parentId` or `q`: the top of what the caller sees. With `parentId`: its children;
 * with `q` too: matches anywhere below it. `q` matches a name substring or an exact code.
 */
export const ZUnionListQuery = z.object({
  parentId: objectId.optional(),
  q: z.string().trim().max(40, '搜索内容最长 40 个字').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Keyset pagination: the id of the last entry of the previous page (the previous answer's `next`). */
  after: objectId.optional(),
});
export type TUnionListQuery = z.infer<typeof ZUnionListQuery>;

export const ZUnionListData = z.object({ items: z.array(ZUnionEntry), next: z.string().nullable() });
export type TUnionListData = z.infer<typeof ZUnionListData>;

/** Columns of the directory sheet, in order, for import and export. */
export const UNION_SHEET_COLUMNS = ['工会代码', '工会名称', '类型', '上级工会代码'] as const;
export const UNION_SHEET_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The largest sheet the import accepts, and the most rows in it. */
export const UNION_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const UNION_IMPORT_MAX_ROWS = 20_000;

/** 类型 column: the Chinese label; the kind's key (e.g. `grassroots`) is accepted too. */
export function unionKindFromLabel(label: string): TUnionKind | null {
  const text = label.trim();
  for (const kind of ZUnionKind.options) {
    if (UNION_KIND_LABELS[kind] === text || kind === text) return kind;
  }
  return null;
}

export const ZUnionImportResult = z.object({ imported: z.number().int(), unchanged: z.number().int() });
export type TUnionImportResult = z.infer<typeof ZUnionImportResult>;

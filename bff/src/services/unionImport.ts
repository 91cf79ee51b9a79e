import mongoose, { Types, trusted } from 'mongoose';
import {
  AppError,
  UNION_KIND_LABELS,
  ZUnionKind,
  normalizeUnionCode,
  unionKindFromLabel,
  unionPlacementProblem,
  type TUnionImportResult,
  type TUnionKind,
} from '@contest/shared';
import type { Principal } from '../auth/principal';
import { isDuplicateKey } from '../models/duplicateKey';
import { UnionModel, type UnionWithId } from '../models/union';
import { assertDirectoryManager, newUnionCode } from './unionDirectory';
import { sheetRowsRejection, type UnionSheetRow } from './unionSheet';

// Import from the directory sheet: validate every row first, write only when all are good.
// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

/** The code a duplicate-key error is about: from the key of a single insert, or the failed document of a batch. */
function duplicateCodeOf(error: mongoose.mongo.MongoServerError): string | null {
  const batch = error instanceof mongoose.mongo.MongoBulkWriteError ? error.writeErrors : [];
  const first = Array.isArray(batch) ? batch[0] : batch;
  const source: unknown = first ? first.getOperation() : error.keyValue;
  const code = (source as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * Long `$in` lists go to the database in slices: a query stays small however big the sheet,
 * and the embedded store's cost per matched document grows with the list's length.
 */
const IN_SLICE = 200;
function slices<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += IN_SLICE) out.push(items.slice(start, start + IN_SLICE));
  return out;
}

const INSERT_BATCH = 1000;

interface PlannedRow {
  row: number;
  /** Upper-case; empty until issued for rows without one. */
  code: string;
  name: string;
  kind: TUnionKind | null;
  parentCode: string | null;
  /** The 上级工会代码 is malformed or the row's own: already reported, not looked up. */
  parentBroken: boolean;
  problems: string[];
  /** The stored union this row repeats (same code, or no code and same name under the same parent). */
  existing: UnionWithId | null;
  /** The sheet row above this one, when the parent is in the sheet. */
  parentRow: PlannedRow | null;
  /** The stored union above this one, when the parent is already in the directory. */
  parentUnion: UnionWithId | null;
  id?: Types.ObjectId;
  ancestorIds?: Types.ObjectId[];
}

const KIND_CHOICES = ZUnionKind.options.map((kind) => UNION_KIND_LABELS[kind]).join('、');
const CODE_PATTERN = /^[0-9A-Z]{4,16}$/;

function parseRow(raw: UnionSheetRow, firstRowOfCode: Map<string, number>): PlannedRow {
  const problems: string[] = [...(raw.readProblems ?? [])];
  const name = raw.name.trim();
  if (!name) problems.push('工会名称为空');
  else if (name.length > 80) problems.push('工会名称超过 80 个字');

  let kind: TUnionKind | null = null;
  if (!raw.kind.trim()) problems.push('类型为空');
  else {
    kind = unionKindFromLabel(raw.kind);
    if (!kind) problems.push(`类型“${raw.kind.trim()}”无效，应为${KIND_CHOICES}之一`);
  }

  const code = normalizeUnionCode(raw.code);
  if (code) {
    if (!CODE_PATTERN.test(code)) problems.push(`工会代码“${raw.code.trim()}”格式不正确，应为 4–16 位字母或数字`);
    const first = firstRowOfCode.get(code);
    if (first !== undefined) problems.push(`工会代码 ${code} 与第${first}行重复`);
    else firstRowOfCode.set(code, raw.row);
  }

  const parentCode = normalizeUnionCode(raw.parentCode) || null;
  let parentBroken = false;
  if (parentCode && !CODE_PATTERN.test(parentCode)) {
    problems.push(`上级工会代码“${raw.parentCode.trim()}”格式不正确`);
    parentBroken = true;
  } else if (parentCode && parentCode === code) {
    problems.push('上级工会代码不能是本工会的代码');
    parentBroken = true;
  }

  return { row: raw.row, code, name, kind, parentCode, parentBroken, problems, existing: null, parentRow: null, parentUnion: null };
}

async function findByCodes(codes: Iterable<string>): Promise<Map<string, UnionWithId>> {
  const found = new Map<string, UnionWithId>();
  for (const slice of slices([...new Set(codes)])) {
    const unions = await UnionModel.find({ code: trusted({ $in: slice }) }).lean<UnionWithId[]>().exec();
    for (const union of unions) found.set(union.code, union);
  }
  return found;
}

function parentKey(row: PlannedRow): string {
  if (row.parentRow) return row.parentRow.existing ? `id:${row.parentRow.existing._id.toHexString()}` : `row:${row.parentRow.row}`;
  if (row.parentUnion) return `id:${row.parentUnion._id.toHexString()}`;
  return 'root';
}

/** Marks rows whose chain of sheet parents loops back on itself. */
function markCycles(rows: PlannedRow[]): void {
  const state = new Map<PlannedRow, 'visiting' | 'done'>();
  for (const start of rows) {
    const path: PlannedRow[] = [];
    let current: PlannedRow | null = start;
    while (current && !state.has(current)) {
      state.set(current, 'visiting');
      path.push(current);
      current = current.parentRow;
    }
    if (current && state.get(current) === 'visiting') {
      const cycle = path.slice(path.indexOf(current));
      const rowsText = cycle.map((r) => r.row).join('、');
      for (const member of cycle) member.problems.push(`上级工会关系形成循环（第${rowsText}行）`);
    }
    for (const visited of path) state.set(visited, 'done');
  }
}

/**
 * Checks every row against the sheet and the directory. Rows already in the directory as they
 * are count as unchanged; the rest are planned for insertion (ids, ancestors, codes to issue).
 */
async function planImport(sheet: readonly UnionSheetRow[]): Promise<PlannedRow[]> {
  const firstRowOfCode = new Map<string, number>();
  const rows = sheet.map((raw) => parseRow(raw, firstRowOfCode));
  const byCode = new Map<string, PlannedRow>();
  for (const row of rows) if (row.code && !byCode.has(row.code)) byCode.set(row.code, row);

  const stored = await findByCodes(rows.flatMap((r) => [r.code, r.parentCode ?? ''].filter(Boolean)));
  // The stored parents of stored rows, to compare with the sheet's 上级工会代码.
  const storedParentIds = [...stored.values()].flatMap((u) => (u.parentId ? [u.parentId] : []));
  const codeOfId = new Map([...stored.values()].map((u) => [u._id.toHexString(), u.code]));
  const missingParentIds = [...new Map(storedParentIds.filter((id) => !codeOfId.has(id.toHexString())).map((id) => [id.toHexString(), id])).values()];
  for (const slice of slices(missingParentIds)) {
    const parents = await UnionModel.find({ _id: trusted({ $in: slice }) }, { code: 1 }).lean().exec();
    for (const parent of parents) codeOfId.set(parent._id.toHexString(), parent.code);
  }

  for (const row of rows) {
    if (row.parentCode && !row.parentBroken) {
      row.parentRow = byCode.get(row.parentCode) ?? null;
      row.parentUnion = row.parentRow ? null : (stored.get(row.parentCode) ?? null);
      if (!row.parentRow && !row.parentUnion) row.problems.push(`上级工会代码 ${row.parentCode} 不存在`);
    }
    const existing = row.code ? stored.get(row.code) : undefined;
    if (existing) {
      row.existing = existing;
      const storedParentCode = existing.parentId ? (codeOfId.get(existing.parentId.toHexString()) ?? '') : '';
      if (existing.name !== row.name && row.name) row.problems.push(`工会代码 ${row.code} 已被“${existing.name}”使用`);
      else if (row.kind && existing.kind !== row.kind) row.problems.push(`工会代码 ${row.code} 在名录中的类型是${UNION_KIND_LABELS[existing.kind]}`);
      else if ((row.parentCode ?? '') !== storedParentCode) {
        row.problems.push(`工会代码 ${row.code} 在名录中的上级工会代码是${storedParentCode ? ` ${storedParentCode}` : '（无，为最上级工会）'}，导入不能改变上级工会`);
      }
    }
    const parentKind = row.parentRow ? row.parentRow.kind : row.parentUnion ? row.parentUnion.kind : null;
    if (row.kind && (row.parentCode === null || parentKind)) {
      const placement = unionPlacementProblem(row.kind, parentKind);
      if (placement) row.problems.push(placement);
    }
  }
  markCycles(rows);

  // Names are unique among siblings, within the sheet and against the directory.
  const sibling = new Map<string, PlannedRow>();
  for (const row of rows) {
    if (!row.name || (row.parentCode && !row.parentRow && !row.parentUnion)) continue;
    const key = `${parentKey(row)}|${row.name}`;
    const first = sibling.get(key);
    if (first) row.problems.push(`与第${first.row}行属于同一上级工会且名称相同`);
    else sibling.set(key, row);
  }
  await matchStoredSiblings(rows, codeOfId);
  return rows;
}

/** The stored union above a row, when there is one (directly, or through a sheet row that repeats it). */
function storedParentOf(row: PlannedRow): UnionWithId | null {
  return row.parentUnion ?? row.parentRow?.existing ?? null;
}

/** New rows whose name is already taken below the same stored parent (or at the top). */
async function matchStoredSiblings(rows: PlannedRow[], codeOfId: Map<string, string>): Promise<void> {
  const candidates = rows.filter((r) => !r.existing && r.name && (storedParentOf(r) || !r.parentCode));
  if (candidates.length === 0) return;
  const parents = new Map<string, Types.ObjectId | null>();
  for (const row of candidates) {
    const parent = storedParentOf(row);
    parents.set(parent ? parent._id.toHexString() : 'root', parent ? parent._id : null);
  }
  const names = new Set(candidates.map((r) => r.name));
  const byKey = new Map<string, UnionWithId>();
  for (const slice of slices([...parents.values()])) {
    // Every child of these parents, names compared here: a name list would cost as much again.
    const children = await UnionModel.find({ parentId: trusted({ $in: slice }) }).lean<UnionWithId[]>().exec();
    for (const child of children) {
      if (names.has(child.name)) byKey.set(`${child.parentId ? child.parentId.toHexString() : 'root'}|${child.name}`, child);
    }
  }
  for (const row of candidates) {
    const parent = storedParentOf(row);
    const clash = byKey.get(`${parent ? parent._id.toHexString() : 'root'}|${row.name}`);
    if (!clash) continue;
    if (!row.code && row.kind === clash.kind) {
      // The same union, listed without its code (e.g. a sheet imported before): nothing to do.
      row.existing = clash;
      row.code = clash.code;
      codeOfId.set(clash._id.toHexString(), clash.code);
    } else {
      row.problems.push(`上级工会下已有同名工会“${row.name}”（工会代码 ${clash.code}）`);
    }
  }
}

function invalidSheet(rows: PlannedRow[]): AppError {
  return sheetRowsRejection('UNION_IMPORT_INVALID', rows, { sheet: '工会名录', nothingApplied: '未导入任何工会' });
}

/** Codes for rows without one, clear of the sheet's codes and of the directory. */
async function issueCodes(rows: PlannedRow[], taken: Set<string>): Promise<void> {
  let pending = rows.filter((r) => !r.code);
  for (let round = 0; pending.length > 0; round += 1) {
    if (round >= 5) throw new Error('could not draw free union codes');
    for (const row of pending) {
      let code = newUnionCode();
      while (taken.has(code)) code = newUnionCode();
      taken.add(code);
      row.code = code;
    }
    const clashes = await findByCodes(pending.map((r) => r.code));
    pending = pending.filter((r) => clashes.has(r.code));
    for (const row of pending) row.code = '';
  }
}

function ancestorsOf(row: PlannedRow): Types.ObjectId[] {
  if (row.ancestorIds) return row.ancestorIds;
  const parent = row.parentRow?.existing ?? row.parentUnion;
  if (parent) row.ancestorIds = [...parent.ancestorIds, parent._id];
  else if (row.parentRow?.id) row.ancestorIds = [...ancestorsOf(row.parentRow), row.parentRow.id];
  else row.ancestorIds = [];
  return row.ancestorIds;
}

/**
 * Imports the directory sheet all or nothing: every row is validated before anything is
 * written, and if an insert still fails (a concurrent import took a code), what this import
 * inserted is removed again before answering.
 */
export async function importUnions(principal: Principal, sheet: readonly UnionSheetRow[]): Promise<TUnionImportResult> {
  assertDirectoryManager(principal);
  if (sheet.length === 0) {
    throw new AppError('UNION_IMPORT_INVALID', '表格中没有工会，请在第2行起按“工会代码、工会名称、类型、上级工会代码”填写', []);
  }
  const rows = await planImport(sheet);
  if (rows.some((r) => r.problems.length > 0)) throw invalidSheet(rows);

  const fresh = rows.filter((r) => !r.existing);
  await issueCodes(fresh, new Set(rows.map((r) => r.code).filter(Boolean)));
  for (const row of fresh) row.id = new Types.ObjectId();
  for (const row of fresh) ancestorsOf(row);
  // Parents before children, so the directory never holds a union whose parent is missing.
  const ordered = [...fresh].sort((a, b) => (a.ancestorIds?.length ?? 0) - (b.ancestorIds?.length ?? 0) || a.row - b.row);
  const documents = ordered.map((row) => ({
    _id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind ?? 'grassroots',
    parentId: (row.parentRow?.existing?._id ?? row.parentRow?.id ?? row.parentUnion?._id) || null,
    ancestorIds: row.ancestorIds ?? [],
  }));

  try {
    for (let start = 0; start < documents.length; start += INSERT_BATCH) {
      await UnionModel.insertMany(documents.slice(start, start + INSERT_BATCH), { ordered: true });
    }
  } catch (error) {
    // One delete per id: only what this import inserted (its ids are its own), cheap to match.
    await UnionModel.bulkWrite(documents.map((d) => ({ deleteOne: { filter: { _id: d._id } } })), { ordered: false });
    if (isDuplicateKey(error)) {
      const code = duplicateCodeOf(error);
      const which = code ? `工会代码 ${code} ` : '有工会代码';
      throw new AppError('UNION_CODE_TAKEN', `导入时${which}已被他人占用，未导入任何工会，请重新导入`);
    }
    throw error;
  }
  return { imported: documents.length, unchanged: rows.length - documents.length };
}

// ---------------------------------------------------------------------------------------------
// Export: the visible directory, parents before children, as sheet rows.

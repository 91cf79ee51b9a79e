import { Types, trusted } from 'mongoose';
import {
  AppError,
  ISSUED_UNION_CODE_BODY_LENGTH,
  ZUnionCode,
  ZUnionCreateInput,
  unionCodeCheckCharacter,
  unionPlacementProblem,
  type TUnionListQuery,
} from '@contest/shared';
import type { z } from 'zod';
import { canManageUnionDirectory, visibleUnionRoots } from '../auth/policies';
import type { Principal } from '../auth/principal';
import { isDuplicateKey } from '../models/duplicateKey';
import { UnionModel, type UnionWithId } from '../models/union';
import { escapeRegExp } from '../models/textMatch';
import { randomReadableCode } from '../randomCodes';

/** The union directory: reading it within one's scope, adding and renaming unions. Sheets: unionImport.ts, unionExport.ts. */

// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

export type { UnionWithId };
type UnionCreate = z.output<typeof ZUnionCreateInput>;

/** A fresh code: random characters from the look-alike-free alphabet, then the check character. */
export function newUnionCode(): string {
  const body = randomReadableCode(ISSUED_UNION_CODE_BODY_LENGTH);
  return body + unionCodeCheckCharacter(body);
}

export function assertDirectoryManager(principal: Principal): void {
  if (!canManageUnionDirectory(principal)) throw new AppError('FORBIDDEN', '只有大赛组委会可以维护工会名录');
}

/** The part of the directory a principal may read: everything, or the subtrees below their unions. */
export function visibleFilter(principal: Principal): Record<string, unknown> | null {
  const roots = visibleUnionRoots(principal);
  if (roots === 'all') return null;
  return { $or: [{ _id: trusted({ $in: roots }) }, { ancestorIds: trusted({ $in: roots }) }] };
}

function allOf(conditions: Record<string, unknown>[]): Record<string, unknown> {
  if (conditions.length === 0) return {};
  if (conditions.length === 1) return conditions[0] ?? {};
  return { $and: conditions };
}

/** One union the principal may read; anything else (unknown, malformed, out of scope) is 404. */
export async function findVisibleUnion(principal: Principal, id: string): Promise<UnionWithId> {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw new AppError('UNION_NOT_FOUND');
  const scope = visibleFilter(principal);
  const union = await UnionModel.findOne(allOf([{ _id: new Types.ObjectId(id) }, ...(scope ? [scope] : [])]))
    .lean<UnionWithId>()
    .exec();
  if (!union) throw new AppError('UNION_NOT_FOUND');
  return union;
}

/** A page of the directory, in `_id` order; `next` continues after the last entry. */
export async function listUnions(principal: Principal, query: TUnionListQuery): Promise<{ items: UnionWithId[]; next: string | null }> {
  const scope = visibleFilter(principal);
  const conditions: Record<string, unknown>[] = scope ? [scope] : [];
  if (query.parentId) {
    const parent = await findVisibleUnion(principal, query.parentId);
    conditions.push(query.q ? { ancestorIds: parent._id } : { parentId: parent._id });
  } else if (!query.q) {
    const roots = visibleUnionRoots(principal);
    conditions.push(roots === 'all' ? { parentId: null } : { _id: trusted({ $in: roots }) });
  }
  if (query.q) {
    const code = ZUnionCode.safeParse(query.q);
    const byName = { name: new RegExp(escapeRegExp(query.q)) };
    conditions.push(code.success ? { $or: [{ code: code.data }, byName] } : byName);
  }
  if (query.after) conditions.push({ _id: trusted({ $gt: new Types.ObjectId(query.after) }) });
  const found = await UnionModel.find(allOf(conditions))
    .sort({ _id: 1 })
    .limit(query.limit + 1)
    .lean<UnionWithId[]>()
    .exec();
  const items = found.slice(0, query.limit);
  const last = items[items.length - 1];
  return { items, next: found.length > query.limit && last ? last._id.toHexString() : null };
}

/** What the directory shows beside each union: the names above it and how many unions sit below. */
export interface UnionEntryContext {
  names: Map<string, string>;
  childCounts: Map<string, number>;
}

export async function loadUnionEntryContext(unions: readonly UnionWithId[]): Promise<UnionEntryContext> {
  const ancestorIds = [...new Map(unions.flatMap((u) => u.ancestorIds).map((id) => [id.toHexString(), id])).values()];
  const [ancestors, counts] = await Promise.all([
    ancestorIds.length ? UnionModel.find({ _id: trusted({ $in: ancestorIds }) }, { name: 1 }).lean().exec() : [],
    // One indexed count per union (a page holds at most 200): each reads only that union's children.
    Promise.all(unions.map(async (u) => [u._id.toHexString(), await UnionModel.countDocuments({ parentId: u._id }).exec()] as const)),
  ]);
  return {
    names: new Map(ancestors.map((a) => [a._id.toHexString(), a.name])),
    childCounts: new Map(counts),
  };
}

async function assertNoSiblingNamed(parentId: Types.ObjectId | null, name: string, except?: Types.ObjectId): Promise<void> {
  const clash = await UnionModel.findOne({ parentId, name }, { code: 1 }).lean().exec();
  if (clash && !(except && clash._id.equals(except))) {
    throw new AppError('UNION_NAME_TAKEN', `同一上级工会下已有“${name}”（工会代码 ${clash.code}）`);
  }
}

/** Adds one union below an existing parent; issues a code with a check character unless one is given. */
export async function createUnion(principal: Principal, input: UnionCreate): Promise<UnionWithId> {
  assertDirectoryManager(principal);
  let parent: UnionWithId | null = null;
  if (input.parentId) {
    parent = await UnionModel.findById(input.parentId).lean<UnionWithId>().exec();
    if (!parent) throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'parentId', message: '上级工会不存在' }]);
  }
  const placement = unionPlacementProblem(input.kind, parent ? parent.kind : null);
  if (placement) throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'kind', message: placement }]);
  await assertNoSiblingNamed(parent?._id ?? null, input.name);
  const fields = {
    name: input.name,
    kind: input.kind,
    parentId: parent?._id ?? null,
    ancestorIds: parent ? [...parent.ancestorIds, parent._id] : [],
  };
  if (input.code) {
    try {
      return (await UnionModel.create({ ...fields, code: input.code })).toObject<UnionWithId>();
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError('UNION_CODE_TAKEN', `工会代码 ${input.code} 已被使用`);
      throw error;
    }
  }
  // 31^5 bodies: a clash with an existing code is rare; draw again rather than fail.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      return (await UnionModel.create({ ...fields, code: newUnionCode() })).toObject<UnionWithId>();
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  throw new Error('could not draw a free union code');
}

export async function renameUnion(principal: Principal, id: string, name: string): Promise<UnionWithId> {
  assertDirectoryManager(principal);
  const union = await findVisibleUnion(principal, id);
  if (union.name === name) return union;
  await assertNoSiblingNamed(union.parentId ?? null, name, union._id);
  const renamed = await UnionModel.findOneAndUpdate({ _id: union._id }, { $set: { name } }, { returnDocument: 'after' })
    .lean<UnionWithId>()
    .exec();
  if (!renamed) throw new AppError('UNION_NOT_FOUND');
  return renamed;
}

import type { TUnionEntry } from '@contest/shared';
import type { UnionEntryContext, UnionWithId } from '../services/unionDirectory';

/** A union as the directory shows it: its fields, the names above it, how many unions below. */
export function presentUnionEntry(union: UnionWithId, context: UnionEntryContext): TUnionEntry {
  const id = union._id.toHexString();
  return {
    id,
    code: union.code,
    name: union.name,
    kind: union.kind,
    parentId: union.parentId ? union.parentId.toHexString() : null,
    ancestry: union.ancestorIds.map((ancestorId) => {
      const key = ancestorId.toHexString();
      return { id: key, name: context.names.get(key) ?? '' };
    }),
    childCount: context.childCounts.get(id) ?? 0,
  };
}

import type { Types } from 'mongoose';
import { UNION_KIND_LABELS } from '@contest/shared';
import type { Principal } from '../auth/principal';
import { UnionModel, type UnionWithId } from '../models/union';
import { visibleFilter } from './unionDirectory';
import type { UnionSheetRow } from './unionSheet';

// Export: the visible directory, parents before children, as sheet rows.

type ExportedUnion = Pick<UnionWithId, '_id' | 'code' | 'name' | 'kind' | 'parentId'>;

/**
 * The rows of the visible directory, read from one cursor in the order an import needs
 * (shallower unions first). The first row is read before returning, so that a failing
 * database answers an error rather than a broken download.
 */
export async function openUnionExport(principal: Principal): Promise<AsyncIterable<UnionSheetRow>> {
  const scope = visibleFilter(principal);
  const cursor = UnionModel.aggregate<ExportedUnion>([
    ...(scope ? [{ $match: scope }] : []),
    { $project: { code: 1, name: 1, kind: 1, parentId: 1, depth: { $size: '$ancestorIds' } } },
    { $sort: { depth: 1, _id: 1 } },
  ])
    .allowDiskUse(true)
    .cursor();
  const first: ExportedUnion | null = await cursor.next();
  const codeOfId = new Map<string, string>();

  async function parentCodeOf(parentId: Types.ObjectId | null): Promise<string> {
    if (!parentId) return '';
    const key = parentId.toHexString();
    let code = codeOfId.get(key);
    if (code === undefined) {
      // Above an official's subtree: the parent is outside the export but its code is still the truth.
      code = (await UnionModel.findById(parentId, { code: 1 }).lean().exec())?.code ?? '';
      codeOfId.set(key, code);
    }
    return code;
  }

  return {
    async *[Symbol.asyncIterator]() {
      try {
        let row = 1;
        for (let union: ExportedUnion | null = first; union; union = await cursor.next()) {
          row += 1;
          codeOfId.set(union._id.toHexString(), union.code);
          yield { row, code: union.code, name: union.name, kind: UNION_KIND_LABELS[union.kind], parentCode: await parentCodeOf(union.parentId) };
        }
      } finally {
        await cursor.close();
      }
    },
  };
}

import type { Types } from 'mongoose';
import { trusted } from 'mongoose';
import { AppError, ZUnionCode, findByTypedUnionCode, hasValidUnionCodeCheck, type TUnionKind } from '@contest/shared';
import { UnionModel, type UnionWithId } from '../models/union';
import { ShortLivedCache } from './shortLivedCache';

export interface ResolvedUnion {
  _id: Types.ObjectId;
  code: string;
  name: string;
  kind: TUnionKind;
  /** Ids from the top of the directory down to this union. */
  path: Types.ObjectId[];
  /** Names from the top down, this union last (天津市总工会 › 河西区总工会). */
  chain: string[];
}

/**
 * Every registration looks its code up: kept a few seconds per process (a rename shows within
 * that time). Codes not found are not kept, so a union just imported is found at once.
 */
const resolvedUnions = new ShortLivedCache<ResolvedUnion>(5_000, 2_000);

/**
 * The union a worker's code names. Codes are looked up as typed (imported codes need not carry
 * a check character), then with letters O, I, L read as 0 and 1 when that names exactly one
 * union; a code that is not found and fails its check is reported as mistyped, which tells the
 * worker to look again at what they typed rather than ask their union.
 */
export async function resolveUnionCode(rawCode: string): Promise<ResolvedUnion> {
  const parsed = ZUnionCode.safeParse(rawCode);
  if (!parsed.success) throw new AppError('UNION_CODE_MISTYPED', '工会代码应为4–16位字母或数字');
  const union = await resolvedUnions.get(parsed.data, () => findUnionWithChain(parsed.data));
  if (!union) throw new AppError(hasValidUnionCodeCheck(parsed.data) ? 'UNION_CODE_UNKNOWN' : 'UNION_CODE_MISTYPED');
  return union;
}

async function findUnionWithChain(code: string): Promise<ResolvedUnion | null> {
  const union = await findByTypedUnionCode(code, (codes) => UnionModel.find({ code: trusted({ $in: [...codes] }) }).lean<UnionWithId[]>().exec());
  if (!union) return null;
  const ancestors = union.ancestorIds.length
    ? await UnionModel.find({ _id: trusted({ $in: union.ancestorIds }) }, { name: 1 }).lean().exec()
    : [];
  const nameOf = new Map(ancestors.map((a) => [a._id.toHexString(), a.name]));
  return {
    _id: union._id,
    code: union.code,
    name: union.name,
    kind: union.kind,
    path: [...union.ancestorIds, union._id],
    chain: [...union.ancestorIds.map((id) => nameOf.get(id.toHexString()) ?? ''), union.name],
  };
}

/** A union takes part when it, or a union above it, is among the competition's participants. */
export function takesPart(union: Pick<ResolvedUnion, 'path'>, participatingUnionIds: readonly Types.ObjectId[]): boolean {
  const participating = new Set(participatingUnionIds.map((id) => id.toHexString()));
  return union.path.some((id) => participating.has(id.toHexString()));
}

/** The worker's code, checked against the competition they are registering for when one is named. */
export async function lookUpUnionForCompetition(code: string, competition: { participatingUnionIds?: Types.ObjectId[] } | null): Promise<ResolvedUnion> {
  const union = await resolveUnionCode(code);
  if (competition && !takesPart(union, competition.participatingUnionIds ?? [])) {
    throw new AppError('UNION_NOT_PARTICIPATING', `${union.name}未参加本赛事，请向所在工会确认报名渠道`);
  }
  return union;
}

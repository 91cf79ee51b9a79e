import type { Types } from 'mongoose';
import { trusted } from 'mongoose';
import { CompetitionModel } from '../models/competition';
import { UnionModel } from '../models/union';

export interface ScopeNames {
  unions: Map<string, string>;
  competitions: Map<string, string>;
}

interface Scoped {
  unionId?: Types.ObjectId | null;
  competitionId?: Types.ObjectId | null;
}

/** Codes and names of unions by id (hex). */
export type UnionNames = Map<string, { code: string; name: string }>;

/** Codes and names of unions by id (hex), in one query; repeated ids are read once. */
export async function unionNamesById(ids: Iterable<Types.ObjectId>): Promise<UnionNames> {
  const unique = [...new Map([...ids].map((id) => [id.toHexString(), id])).values()];
  if (unique.length === 0) return new Map();
  const unions = await UnionModel.find({ _id: trusted({ $in: unique }) }, { code: 1, name: 1 }).lean().exec();
  return new Map(unions.map((u) => [u._id.toHexString(), { code: u.code, name: u.name }]));
}

/** Names of the unions and competitions that grants or invitations point at, in two queries. */
export async function loadScopeNames(records: readonly Scoped[]): Promise<ScopeNames> {
  const unionIds = records.flatMap((r) => (r.unionId ? [r.unionId] : []));
  const competitionIds = records.flatMap((r) => (r.competitionId ? [r.competitionId] : []));
  const [unions, competitions] = await Promise.all([
    unionNamesById(unionIds),
    competitionIds.length ? CompetitionModel.find({ _id: trusted({ $in: competitionIds }) }, { name: 1 }).lean().exec() : [],
  ]);
  return {
    unions: new Map([...unions].map(([id, union]) => [id, union.name])),
    competitions: new Map(competitions.map((c) => [c._id.toHexString(), c.name])),
  };
}

/** Codes and names of the unions taking part in `competitions`, in one query. */
export function participatingUnionNames(
  competitions: readonly { participatingUnionIds?: Types.ObjectId[]; hostUnits?: { unionId: Types.ObjectId }[] }[],
): Promise<Map<string, { code: string; name: string }>> {
  // The host units (承办单位) too: the set-up view names them.
  return unionNamesById(competitions.flatMap((c) => [...(c.participatingUnionIds ?? []), ...(c.hostUnits ?? []).map((h) => h.unionId)]));
}

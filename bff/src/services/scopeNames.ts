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

/** Names of the unions and competitions that grants or invitations point at, in two queries. */
export async function loadScopeNames(records: readonly Scoped[]): Promise<ScopeNames> {
  const unionIds = records.flatMap((r) => (r.unionId ? [r.unionId] : []));
  const competitionIds = records.flatMap((r) => (r.competitionId ? [r.competitionId] : []));
  const [unions, competitions] = await Promise.all([
    unionIds.length ? UnionModel.find({ _id: trusted({ $in: unionIds }) }, { name: 1 }).lean().exec() : [],
    competitionIds.length ? CompetitionModel.find({ _id: trusted({ $in: competitionIds }) }, { name: 1 }).lean().exec() : [],
  ]);
  return {
    unions: new Map(unions.map((u) => [u._id.toHexString(), u.name])),
    competitions: new Map(competitions.map((c) => [c._id.toHexString(), c.name])),
  };
}

import { Types, trusted } from 'mongoose';
import {
  DESK_DEFAULT_STATUS,
  emptyStatusCounts,
  type TAuditDesk,
  type TRegistrationStatus,
} from '@contest/shared';
import { officialUnionRoots } from '../auth/policies';
import type { Principal } from '../auth/principal';
import { type CompetitionSetupRecord } from '../models/competition';
import { RegistrationModel } from '../models/registration';
import { UnionModel, type UnionWithId } from '../models/union';
import { auditableCompetitions, unionPathFilter, type DeskScope } from './auditScope';
import { auditsByLevel } from './auditLevels';
import { placesUsed, quotaUnionOf } from './quotas';
import { unionNamesById } from './scopeNames';
import { awaitingFilter, scopeFilter, type RegistrationFilter } from './auditQueue';

export interface DeskCounts {
  byStatus: Record<TRegistrationStatus, number>;
  byTrade: Map<string, Record<TRegistrationStatus, number>>;
  byUnion: Map<string, Record<TRegistrationStatus, number>>;
}

/**
 * Counts for the dashboard in one aggregation over the scope. By union means, for the official, the
 * unions directly below their own (a registration made at their own union counts under it); for the
 * committee, the participating union each registration counts against.
 */
export async function countDesk(scope: DeskScope): Promise<DeskCounts> {
  const match = await scopeFilter(scope, undefined);
  const groups = await RegistrationModel.aggregate<{ _id: { status: TRegistrationStatus; trade: string; group: string; path: Types.ObjectId[] }; n: number }>([
    { $match: match },
    { $group: { _id: { status: '$status', trade: '$tradeCode', group: '$groupCode', path: '$unionPath' }, n: { $sum: 1 } } },
  ]).exec();
  const counts: DeskCounts = { byStatus: emptyStatusCounts(), byTrade: new Map(), byUnion: new Map() };
  const add = (map: Map<string, Record<TRegistrationStatus, number>>, key: string, status: TRegistrationStatus, n: number) => {
    const row = map.get(key) ?? emptyStatusCounts();
    row[status] += n;
    map.set(key, row);
  };
  for (const { _id, n } of groups) {
    counts.byStatus[_id.status] += n;
    add(counts.byTrade, `${_id.trade}|${_id.group}`, _id.status, n);
    const unionId = unionGroupOf(scope, _id.path);
    if (unionId) add(counts.byUnion, unionId.toHexString(), _id.status, n);
  }
  return counts;
}

function unionGroupOf(scope: DeskScope, path: Types.ObjectId[]): Types.ObjectId | null {
  if (scope.unionRoots === 'all') return quotaUnionOf(scope.competition, { unionPath: path });
  const rootIndex = path.findIndex((id) => (scope.unionRoots as Types.ObjectId[]).some((root) => root.equals(id)));
  if (rootIndex < 0) return null;
  return path[rootIndex + 1] ?? path[rootIndex] ?? null;
}

/** How many registrations wait for this desk, per competition, for the audit home. */
export async function auditHome(principal: Principal, desk: TAuditDesk): Promise<Array<{ competition: CompetitionSetupRecord; waiting: number }>> {
  const competitions = await auditableCompetitions(principal, desk);
  return Promise.all(
    competitions.map(async (competition) => {
      const filter: RegistrationFilter = { competitionId: competition._id };
      const roots = officialUnionRoots(principal, competition._id);
      // A two-level audit or a school path: what waits for the official's own union (its level), as its queue shows.
      if (desk === 'union') {
        if (auditsByLevel(competition)) Object.assign(filter, awaitingFilter({ desk, competition, unionRoots: roots }));
        else filter.unionPath = unionPathFilter(roots);
      }
      filter.status = DESK_DEFAULT_STATUS[desk];
      return { competition, waiting: await RegistrationModel.countDocuments(filter).exec() };
    }),
  );
}

export interface QuotaLine {
  quota: { unionId: Types.ObjectId; tradeCode: string; groupCode: 'worker' | 'student'; places: number | null };
  unionName: string;
  used: number;
}

/**
 * The quotas a desk sees: for the official, those of the participating unions on their chain or
 * below their unions (a grassroots official sees their district's places); for the committee, all.
 */
async function quotasInScope(scope: DeskScope): Promise<QuotaLine[]> {
  const quotas = scope.competition.quotas ?? [];
  if (quotas.length === 0) return [];
  const quotaUnionIds = [...new Map(quotas.map((q) => [q.unionId.toHexString(), q.unionId])).values()];
  const unions = await UnionModel.find({ _id: trusted({ $in: quotaUnionIds }) }, { name: 1, ancestorIds: 1 }).lean<UnionWithId[]>().exec();
  const byId = new Map(unions.map((u) => [u._id.toHexString(), u]));
  let visible = (_union: UnionWithId) => true;
  if (scope.unionRoots !== 'all') {
    const roots = scope.unionRoots;
    const rootChains = await UnionModel.find({ _id: trusted({ $in: roots }) }, { ancestorIds: 1 }).lean<UnionWithId[]>().exec();
    const above = new Set(rootChains.flatMap((r) => [...r.ancestorIds, r._id].map((id) => id.toHexString())));
    visible = (union) => above.has(union._id.toHexString()) || union.ancestorIds.some((id) => roots.some((root) => root.equals(id)));
  }
  const used = await placesUsed(scope.competition._id);
  return quotas.flatMap((quota) => {
    const union = byId.get(quota.unionId.toHexString());
    if (!union || !visible(union)) return [];
    return [{ quota, unionName: union.name, used: used.get(`${quota.unionId.toHexString()}|${quota.tradeCode}|${quota.groupCode}`) ?? 0 }];
  });
}

export interface DeskSummary {
  counts: DeskCounts;
  scopeNames: string[];
  unionNames: Map<string, string>;
  quotas: QuotaLine[];
  /** A two-level audit at the union desk: how many wait at the official's own level; null otherwise. */
  waitingHere: number | null;
}

/** Everything the audit home's dashboard shows for one competition. */
export async function summarizeDesk(scope: DeskScope): Promise<DeskSummary> {
  const counts = await countDesk(scope);
  const roots = scope.unionRoots === 'all' ? [] : scope.unionRoots;
  const unions = await unionNamesById([...roots, ...[...counts.byUnion.keys()].map((id) => new Types.ObjectId(id))]);
  const unionNames = new Map([...unions].map(([id, union]) => [id, union.name]));
  return {
    counts,
    scopeNames: scope.unionRoots === 'all' ? ['大赛组委会'] : roots.map((id) => unionNames.get(id.toHexString()) ?? ''),
    unionNames,
    quotas: await quotasInScope(scope),
    waitingHere:
      scope.unionRoots !== 'all' && auditsByLevel(scope.competition)
        ? await RegistrationModel.countDocuments({ ...awaitingFilter({ ...scope, unionRoots: scope.unionRoots }), status: 'submitted' }).exec()
        : null,
  };
}

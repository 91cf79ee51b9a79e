import { competitionStatus, resolveResultsSettings, type TCompetitionSetupView } from '@contest/shared';
import type { CompetitionSetupRecord } from '../models/competition';
import { presentEligibility } from './competition';

/**
 * A competition as the committee edits it; fields stored before set-up existed read as their
 * defaults. `unions`: codes and names by id (hex) of at least its participating unions and host units.
 */
export function presentCompetitionSetup(
  competition: CompetitionSetupRecord,
  unions: ReadonlyMap<string, { code: string; name: string }>,
  now: Date,
): TCompetitionSetupView {
  const participatingUnionIds = (competition.participatingUnionIds ?? []).map((id) => id.toHexString());
  return {
    id: competition._id.toHexString(),
    slug: competition.slug,
    name: competition.name,
    organiser: competition.organiser,
    description: competition.description ?? '',
    status: competitionStatus(competition, now),
    publication: competition.publication,
    registrationOpensAt: competition.registrationOpensAt.toISOString(),
    registrationClosesAt: competition.registrationClosesAt.toISOString(),
    groups: competition.groups.map((group) => ({ code: group.code, name: group.name })),
    trades: competition.trades.map((trade) => ({ code: trade.code, name: trade.name, groups: [...trade.groups] })),
    participatingUnionIds,
    participatingUnions: participatingUnionIds.flatMap((id) => {
      const union = unions.get(id);
      return union ? [{ id, name: union.name, code: union.code }] : [];
    }),
    quotas: (competition.quotas ?? []).map((quota) => ({
      unionId: quota.unionId.toHexString(),
      tradeCode: quota.tradeCode,
      groupCode: quota.groupCode,
      places: quota.places,
    })),
    eligibility: presentEligibility(competition),
    venues: (competition.venues ?? []).map((venue) => ({ code: venue.code, name: venue.name, address: venue.address ?? '' })),
    results: resolveResultsSettings(competition.results, competition.trades),
    auditLevels: competition.auditLevels === 2 ? 2 : 1,
    groupPaths: competition.groupPaths ?? {},
    hostUnits: (competition.hostUnits ?? []).map((host) => {
      const union = unions.get(host.unionId.toHexString());
      return { tradeCode: host.tradeCode, groupCode: host.groupCode, unionId: host.unionId.toHexString(), unionName: union?.name ?? '', unionCode: union?.code ?? '' };
    }),
    version: competition.version ?? 0,
  };
}

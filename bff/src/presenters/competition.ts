import {
  competitionStatus,
  resolveEligibility,
  resolveRequirements,
  type TCompetitionDetailData,
  type TCompetitionSummary,
  type TEligibility,
  type TPublishedQuota,
} from '@contest/shared';
import type { CompetitionSetupRecord } from '../models/competition';
import type { UnionNames } from '../services/scopeNames';

export function presentCompetitionSummary(competition: CompetitionSetupRecord, now: Date): TCompetitionSummary {
  return {
    id: competition._id.toHexString(),
    name: competition.name,
    organiser: competition.organiser,
    status: competitionStatus(competition, now),
    registrationOpensAt: competition.registrationOpensAt.toISOString(),
    registrationClosesAt: competition.registrationClosesAt.toISOString(),
    groups: competition.groups.map((group) => ({ code: group.code, name: group.name })),
    trades: competition.trades.map((trade) => ({ code: trade.code, name: trade.name, groups: [...trade.groups] })),
  };
}

/** Who may enter; competitions stored before eligibility existed read as the defaults. */
export function presentEligibility(competition: CompetitionSetupRecord): TEligibility {
  const eligibility = resolveEligibility(competition.eligibility);
  return {
    referenceDate: eligibility.referenceDate ? new Date(eligibility.referenceDate).toISOString() : null,
    ageRanges: (competition.eligibility?.ageRanges ?? []).map((range) => ({
      groupCode: range.groupCode,
      tradeCode: range.tradeCode ?? null,
      minAge: range.minAge,
      maxAge: range.maxAge,
    })),
    excludedHonours: [...eligibility.excludedHonours],
    workerResidenceRequired: eligibility.workerResidenceRequired,
    noFullTimeStudentsInWorkerGroup: eligibility.noFullTimeStudentsInWorkerGroup,
    requirements: resolveRequirements(competition.eligibility?.requirements),
  };
}

/** Places per participating union by name (`unionNames` from `unionNamesById` over the quotas' unions). */
export function presentPublishedQuotas(competition: CompetitionSetupRecord, unionNames: UnionNames): TPublishedQuota[] {
  return (competition.quotas ?? []).flatMap((quota) => {
    const union = unionNames.get(quota.unionId.toHexString());
    return union ? [{ unionName: union.name, tradeCode: quota.tradeCode, groupCode: quota.groupCode, places: quota.places }] : [];
  });
}

export function presentCompetition(competition: CompetitionSetupRecord, now: Date, unionNames: UnionNames): TCompetitionDetailData {
  return {
    ...presentCompetitionSummary(competition, now),
    description: competition.description ?? '',
    eligibility: presentEligibility(competition),
    quotas: presentPublishedQuotas(competition, unionNames),
  };
}

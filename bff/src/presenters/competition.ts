import { DEFAULT_EXCLUDED_HONOURS, type TCompetitionDetailData, type TCompetitionSummary, type TEligibility } from '@contest/shared';
import { competitionStatus, type CompetitionWithId } from '../services/competitions';

export function presentCompetitionSummary(competition: CompetitionWithId, now: Date): TCompetitionSummary {
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
export function presentEligibility(competition: CompetitionWithId): TEligibility {
  const eligibility = competition.eligibility ?? {};
  return {
    referenceDate: eligibility.referenceDate ? eligibility.referenceDate.toISOString() : null,
    ageRanges: (eligibility.ageRanges ?? []).map((range) => ({
      groupCode: range.groupCode,
      tradeCode: range.tradeCode ?? null,
      minAge: range.minAge,
      maxAge: range.maxAge,
    })),
    excludedHonours: [...(eligibility.excludedHonours ?? DEFAULT_EXCLUDED_HONOURS)],
    workerResidenceRequired: eligibility.workerResidenceRequired ?? false,
    noFullTimeStudentsInWorkerGroup: eligibility.noFullTimeStudentsInWorkerGroup ?? true,
  };
}

export function presentCompetition(competition: CompetitionWithId, now: Date): TCompetitionDetailData {
  return {
    ...presentCompetitionSummary(competition, now),
    description: competition.description ?? '',
    eligibility: presentEligibility(competition),
  };
}

import type { TCompetition, TCompetitionSummary } from '@contest/shared';
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

export function presentCompetition(competition: CompetitionWithId, now: Date): TCompetition {
  return { ...presentCompetitionSummary(competition, now), description: competition.description };
}

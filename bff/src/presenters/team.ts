import type { TTeam, TTeamEntryView, TTeamMember } from '@contest/shared';
import type { CompetitionSetupRecord } from '../models/competition';
import type { TeamEntryRecord } from '../models/team';
import type { PersonalDataCipher } from '../personalData/cipher';
import { confirmationPath, confirmationToken, entryStatus, type EntryWithContext, type TeamWithMembers } from '../services/teamEntries';

const tradeNameOf = (competition: CompetitionSetupRecord, tradeCode: string) => competition.trades.find((t) => t.code === tradeCode)?.name ?? tradeCode;

/** A member as the official sees them: masked numbers, and the link to send while the person has not confirmed. */
export function presentTeamMember(cipher: PersonalDataCipher, entry: TeamEntryRecord, competition: CompetitionSetupRecord, now: Date): TTeamMember {
  const status = entryStatus(entry, competition, now);
  const token = status === 'awaiting' ? confirmationToken(cipher, entry._id) : null;
  return {
    id: entry._id.toHexString(),
    name: entry.name,
    nationalIdMasked: entry.nationalIdMasked,
    mobileMasked: entry.mobileMasked,
    tradeName: tradeNameOf(competition, entry.tradeCode),
    groupCode: entry.groupCode,
    status,
    confirmation: token ? { token, path: confirmationPath(token) } : null,
    enteredAt: entry.enteredAt.toISOString(),
    confirmedAt: entry.confirmedAt?.toISOString() ?? null,
  };
}

export function presentTeam(cipher: PersonalDataCipher, { team, union, competition, members }: TeamWithMembers, now: Date): TTeam {
  return {
    id: team._id.toHexString(),
    competitionId: team.competitionId.toHexString(),
    name: team.name,
    unionName: union.name,
    unionCode: union.code,
    leader: { name: team.leaderName, mobileMasked: team.leaderMobileMasked },
    confirmBy: competition.registrationClosesAt.toISOString(),
    members: members.map((entry) => presentTeamMember(cipher, entry, competition, now)),
  };
}

/** What the entered person sees on the confirmation page. */
export function presentTeamEntryView({ entry, team, union, competition }: EntryWithContext, now: Date): TTeamEntryView {
  return {
    status: entryStatus(entry, competition, now),
    competitionName: competition.name,
    teamName: team.name,
    unionName: union.name,
    leaderName: team.leaderName,
    name: entry.name,
    nationalIdMasked: entry.nationalIdMasked,
    mobileMasked: entry.mobileMasked,
    employer: entry.employer,
    tradeName: tradeNameOf(competition, entry.tradeCode),
    groupName: competition.groups.find((g) => g.code === entry.groupCode)?.name ?? entry.groupCode,
    skillLevel: entry.skillLevel,
    yearsInTrade: entry.yearsInTrade,
    declarations: entry.declarations,
    confirmBy: competition.registrationClosesAt.toISOString(),
    registrationId: entry.confirmedAt ? entry._id.toHexString() : null,
  };
}

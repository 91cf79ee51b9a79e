import { AWARD_LABELS, RESULTS_STATUS_LABELS, type TObjection, type TPublicResults, type TResultsAnnouncementState } from '@contest/shared';
import type { CompetitionSetupRecord } from '../models/competition';
import type { ResultObjectionRecord, ResultSnapshotRecord, ResultsAnnouncementRecord } from '../models/results';

/**
 * The public 公示 page: rank, full name, union, trade, group, total, award and honours. Built from
 * the snapshot's rows field by field, so nothing else a row may carry (ID numbers never reach a
 * snapshot; union ids, scores) leaves the BFF.
 */
export function presentPublicResults(competition: CompetitionSetupRecord, snapshot: ResultSnapshotRecord): TPublicResults {
  const tradeName = (code: string) => competition.trades.find((t) => t.code === code)?.name ?? code;
  const groupName = (code: string) => competition.groups.find((g) => g.code === code)?.name ?? code;
  return {
    competitionId: competition._id.toHexString(),
    competitionName: competition.name,
    status: snapshot.status,
    statusLabel: RESULTS_STATUS_LABELS[snapshot.status],
    closingDate: snapshot.closingDate,
    closesAt: snapshot.closesAt.toISOString(),
    finalAt: snapshot.finalAt?.toISOString() ?? null,
    version: snapshot.version,
    computedAt: snapshot.computedAt.toISOString(),
    groups: snapshot.groups.map((group) => ({
      tradeCode: group.tradeCode,
      tradeName: tradeName(group.tradeCode),
      groupCode: group.groupCode,
      groupName: groupName(group.groupCode),
      rows: group.rows.map((row) => ({
        entryId: row.registrationId,
        rank: row.rank,
        name: row.name,
        unionName: row.unionName,
        tradeName: tradeName(row.tradeCode),
        groupName: groupName(row.groupCode),
        status: row.status,
        total: row.total,
        award: row.award,
        awardLabel: row.award ? AWARD_LABELS[row.award] : null,
        honours: row.honours,
      })),
    })),
    teams: snapshot.teams.map((trade) => ({
      tradeCode: trade.tradeCode,
      tradeName: tradeName(trade.tradeCode),
      standings: trade.standings.map((s) => ({ rank: s.rank, unionName: s.unionName, total: s.total })),
    })),
    changes: snapshot.changes.map((c) => ({ at: c.at.toISOString(), note: c.note })),
  };
}

export function presentObjection(objection: ResultObjectionRecord, name: string): TObjection {
  return {
    id: objection._id.toHexString(),
    competitionId: objection.competitionId.toHexString(),
    registrationId: objection.registrationId.toHexString(),
    name,
    reason: objection.reason,
    contact: objection.contact,
    at: objection.at.toISOString(),
    answer: objection.answer,
    answeredAt: objection.answeredAt?.toISOString() ?? null,
    disqualified: objection.disqualified,
    version: objection.version,
  };
}

export function presentAnnouncementState(announcement: ResultsAnnouncementRecord, notified: number): TResultsAnnouncementState {
  return {
    competitionId: announcement.competitionId.toHexString(),
    status: announcement.finalAt ? 'final' : 'announced',
    openedAt: announcement.openedAt.toISOString(),
    closingDate: announcement.closingDate,
    closesAt: announcement.closesAt.toISOString(),
    finalAt: announcement.finalAt?.toISOString() ?? null,
    snapshotVersion: announcement.snapshotVersion,
    workingDays: announcement.workingDays,
    notified,
  };
}

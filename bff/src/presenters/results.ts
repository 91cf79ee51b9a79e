import { AWARD_LABELS, PUBLIC_RESULT_CHANGES_SHOWN, PUBLIC_RESULT_PAGE_ROWS, RESULTS_STATUS_LABELS, type TObjection, type TPublicResultChanges, type TPublicResultList, type TPublicResultsSummary, type TResultsAnnouncementState } from '@contest/shared';
import type { CompetitionSetupRecord } from '../models/competition';
import type { ResultObjectionRecord, ResultSnapshotRecord, ResultsAnnouncementRecord } from '../models/results';

type Names = { tradeName: (code: string) => string; groupName: (code: string) => string };

function namesOf(competition: CompetitionSetupRecord): Names {
  return {
    tradeName: (code) => competition.trades.find((t) => t.code === code)?.name ?? code,
    groupName: (code) => competition.groups.find((g) => g.code === code)?.name ?? code,
  };
}

/** The public 公示 without its rows: its state, the trade × group lists there are, team standings, change notes. */
export function presentPublicResultsSummary(competition: CompetitionSetupRecord, snapshot: ResultSnapshotRecord): TPublicResultsSummary {
  const { tradeName, groupName } = namesOf(competition);
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
    sections: snapshot.groups.map((group) => ({
      tradeCode: group.tradeCode,
      tradeName: tradeName(group.tradeCode),
      groupCode: group.groupCode,
      groupName: groupName(group.groupCode),
      entries: group.rows.length,
    })),
    teams: snapshot.teams.map((trade) => ({
      tradeCode: trade.tradeCode,
      tradeName: tradeName(trade.tradeCode),
      standings: trade.standings.map((s) => ({ rank: s.rank, unionName: s.unionName, total: s.total })),
    })),
    changes: presentChanges(snapshot.changes.slice(-PUBLIC_RESULT_CHANGES_SHOWN)),
    changeCount: snapshot.changes.length,
  };
}

const presentChanges = (changes: ResultSnapshotRecord['changes']) => changes.map((c) => ({ at: c.at.toISOString(), note: c.note }));

/** Every change note of the 公示 (the summary carries the newest few). */
export function presentPublicResultChanges(competition: CompetitionSetupRecord, snapshot: ResultSnapshotRecord): TPublicResultChanges {
  return { competitionId: competition._id.toHexString(), version: snapshot.version, changes: presentChanges(snapshot.changes) };
}

/**
 * Each trade × group's public list in pages of PUBLIC_RESULT_PAGE_ROWS: rank, full name, union,
 * trade, group, total, award and honours. Built from the snapshot's rows field by field, so
 * nothing else a row may carry (ID numbers never reach a snapshot; union ids, scores) leaves the BFF.
 */
export function presentPublicResultLists(competition: CompetitionSetupRecord, snapshot: ResultSnapshotRecord): TPublicResultList[][] {
  const { tradeName, groupName } = namesOf(competition);
  return snapshot.groups.map((group) => {
    const rows = group.rows.map((row) => ({
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
    }));
    const pages = Math.max(1, Math.ceil(rows.length / PUBLIC_RESULT_PAGE_ROWS));
    return Array.from({ length: pages }, (_, i) => ({
      competitionId: competition._id.toHexString(),
      version: snapshot.version,
      status: snapshot.status,
      statusLabel: RESULTS_STATUS_LABELS[snapshot.status],
      tradeCode: group.tradeCode,
      tradeName: tradeName(group.tradeCode),
      groupCode: group.groupCode,
      groupName: groupName(group.groupCode),
      page: i + 1,
      pages,
      entries: rows.length,
      rows: rows.slice(i * PUBLIC_RESULT_PAGE_ROWS, (i + 1) * PUBLIC_RESULT_PAGE_ROWS),
    }));
  });
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

import { Types, trusted } from 'mongoose';
import {
  AppError,
  compareRankings,
  rankResults,
  resolveResultsSettings,
  teamStandings,
  type TResultEntry,
  type TResultsSettings,
} from '@contest/shared';
import type { CompetitionSetupRecord } from '../../models/competition';
import { isDuplicateKey } from '../../models/duplicateKey';
import { RegistrationModel, type RegistrationRecord } from '../../models/registration';
import { ResultRowModel, ResultSnapshotModel, type ResultSnapshotRecord } from '../../models/results';
import { ScoreModel, type ScoreRecord } from '../../models/score';
import { unionNamesById } from '../scopeNames';

// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

/**
 * The competition's results, computed from its scores and kept as numbered snapshots
 * (models/results.ts): the public 公示 page is served from the latest, and each new one carries
 * the change notes against the one before (取消成绩, 递补, awards changed).
 */

export function resultsSettingsOf(competition: CompetitionSetupRecord): TResultsSettings {
  return resolveResultsSettings(competition.results, competition.trades);
}

type Contestant = Pick<RegistrationRecord, '_id' | 'name' | 'unionId' | 'unionPath' | 'tradeCode' | 'groupCode' | 'status' | 'pass'>;

/**
 * One entry per scored contestant (absent ones included, marked). A result is disqualified when
 * its registration left confirmation after it (取消资格: committee_rejected, its pass revoked) or
 * when the 公示 took it out in answer to an objection (`disqualifiedIds`).
 */
export async function resultEntries(competition: CompetitionSetupRecord, disqualifiedIds: readonly Types.ObjectId[]): Promise<TResultEntry[]> {
  // The competition's registrations, matched to the scores here: an $in of 20,000 ids is no
  // cheaper for MongoDB and takes the embedded store far longer (bench:results). Both at once:
  // one answer is decoded while the other is read.
  const [scores, registrations] = await Promise.all([
    ScoreModel.find({ competitionId: competition._id }, { registrationId: 1, theory: 1, practical: 1, absent: 1 })
      .lean<Pick<ScoreRecord, 'registrationId' | 'theory' | 'practical' | 'absent'>[]>()
      .exec(),
    RegistrationModel.find({ competitionId: competition._id }, { name: 1, unionId: 1, unionPath: 1, tradeCode: 1, groupCode: 1, status: 1, 'pass.revokedAt': 1 })
      .lean<Contestant[]>()
      .exec(),
  ]);
  // The team is the participating union the contestant registered under (or one of its sub-unions).
  const participating = new Set((competition.participatingUnionIds ?? []).map((id) => id.toHexString()));
  const teamOf = (r: Contestant) => r.unionPath.find((id) => participating.has(id.toHexString())) ?? r.unionId;
  const unionNames = await unionNamesById(registrations.map(teamOf));
  const byId = new Map(registrations.map((r) => [r._id.toHexString(), r]));
  const takenOut = new Set(disqualifiedIds.map((id) => id.toHexString()));
  return scores.flatMap((score) => {
    const registration = byId.get(score.registrationId.toHexString());
    if (!registration) return [];
    const id = registration._id.toHexString();
    const team = teamOf(registration);
    return [
      {
        registrationId: id,
        name: registration.name,
        unionId: team.toHexString(),
        unionName: unionNames.get(team.toHexString())?.name ?? '',
        tradeCode: registration.tradeCode,
        groupCode: registration.groupCode,
        theory: score.theory,
        practical: score.practical,
        absent: score.absent,
        disqualified: registration.status !== 'confirmed' || Boolean(registration.pass?.revokedAt) || takenOut.has(id),
      },
    ];
  });
}

async function writeResultRows(snapshot: Pick<ResultSnapshotRecord, '_id' | 'competitionId' | 'version' | 'groups'>): Promise<void> {
  const rows = snapshot.groups.flatMap((group) =>
    group.rows.map((row) => ({
      competitionId: snapshot.competitionId,
      snapshotId: snapshot._id,
      version: snapshot.version,
      registrationId: new Types.ObjectId(row.registrationId),
      status: row.status,
      rank: row.rank,
      total: row.total,
      award: row.award,
      honours: row.honours,
    })),
  );
  await ResultRowModel.insertMany(rows, { lean: true, ordered: false });
}

export type SnapshotHead = Pick<ResultSnapshotRecord, '_id' | 'version' | 'status' | 'closingDate'>;

/** The latest snapshot without its rows, teams and notes: which one it is and the 公示's state. */
export function latestSnapshotHead(competitionId: Types.ObjectId): Promise<SnapshotHead | null> {
  return ResultSnapshotModel.findOne({ competitionId }, { version: 1, status: 1, closingDate: 1 }).sort({ version: -1 }).lean<SnapshotHead>().exec();
}

export function latestSnapshot(competitionId: Types.ObjectId): Promise<ResultSnapshotRecord | null> {
  return ResultSnapshotModel.findOne({ competitionId }).sort({ version: -1 }).lean<ResultSnapshotRecord>().exec();
}

/** What the 公示 says about itself, repeated on each snapshot so the page is one read. */
export interface SnapshotStatus {
  status: 'announced' | 'final';
  closingDate: string;
  closesAt: Date;
  finalAt: Date | null;
}

/**
 * Writes the next snapshot. `recompute`: rank the scores again (the notes say what moved against
 * the latest); otherwise the latest's ranking is carried over with a new status (results final).
 * Two writers racing for one version: the loser reads again and retries, so its change lands too.
 */
export async function writeSnapshot(
  competition: CompetitionSetupRecord,
  disqualifiedIds: readonly Types.ObjectId[],
  status: SnapshotStatus,
  now: Date,
  recompute = true,
): Promise<ResultSnapshotRecord> {
  const settings = resultsSettingsOf(competition);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    // The latest (compared with) and the entries are read at once when a new ranking is due anyway.
    const [previous, entries] = await Promise.all([latestSnapshot(competition._id), recompute ? resultEntries(competition, disqualifiedIds) : null]);
    let groups = previous?.groups ?? [];
    let changes = previous?.changes ?? [];
    if (recompute || !previous) {
      groups = rankResults(entries ?? (await resultEntries(competition, disqualifiedIds)), settings, previous?.groups);
      if (previous) changes = [...changes, ...compareRankings(previous.groups, groups).map((change) => ({ at: now, note: change.note }))];
    }
    const snapshot = {
      _id: new Types.ObjectId(),
      competitionId: competition._id,
      version: (previous?.version ?? 0) + 1,
      computedAt: now,
      groups,
      teams: teamStandings(groups, settings),
      changes,
      ...status,
    };
    // The rows first: once the snapshot can be read, so can each worker's own row of it.
    await writeResultRows(snapshot);
    try {
      const created = await ResultSnapshotModel.create(snapshot);
      if (previous) await ResultRowModel.deleteMany({ competitionId: competition._id, version: trusted({ $lt: previous.version }) }).exec();
      return created.toObject<ResultSnapshotRecord>();
    } catch (error) {
      await ResultRowModel.deleteMany({ snapshotId: snapshot._id }).exec();
      if (!isDuplicateKey(error)) throw error;
    }
  }
  throw new AppError('CONFLICT', '成绩正在被他人更新，请稍后重试');
}

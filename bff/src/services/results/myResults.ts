import { Types, trusted } from 'mongoose';
import { AWARD_LABELS, RESULTS_STATUS_LABELS, type TMyResult } from '@contest/shared';
import type { RegistrationRecord } from '../../models/registration';
import { ResultSnapshotModel, type ResultSnapshotRecord } from '../../models/results';
import { ScoreModel, type ScoreRecord } from '../../models/score';

// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

type Registration = Pick<RegistrationRecord, '_id' | 'competitionId' | 'tradeCode' | 'groupCode'>;

/**
 * Each registration's own result, keyed by registration id: its row on the latest 公示 snapshot
 * (rank, total, award, honours) with its theory and practical scores. A competition with no
 * snapshot has no 公示 open yet, so its scores are not shown to workers (no entry).
 */
export async function myResultsOf(registrations: readonly Registration[]): Promise<Map<string, TMyResult>> {
  const results = new Map<string, TMyResult>();
  if (registrations.length === 0) return results;
  const competitionIds = [...new Set(registrations.map((r) => r.competitionId.toHexString()))];
  const snapshots = await Promise.all(
    competitionIds.map((id) =>
      ResultSnapshotModel.findOne({ competitionId: new Types.ObjectId(id) }, { groups: 1, status: 1, closingDate: 1 })
        .sort({ version: -1 })
        .lean<Pick<ResultSnapshotRecord, 'groups' | 'status' | 'closingDate'>>()
        .exec(),
    ),
  );
  const snapshotOf = new Map(competitionIds.map((id, i) => [id, snapshots[i]]));
  const shown = registrations.filter((r) => snapshotOf.get(r.competitionId.toHexString()));
  if (shown.length === 0) return results;
  const scores = await ScoreModel.find({ registrationId: trusted({ $in: shown.map((r) => r._id) }) }, { registrationId: 1, theory: 1, practical: 1, absent: 1 })
    .lean<Pick<ScoreRecord, 'registrationId' | 'theory' | 'practical' | 'absent'>[]>()
    .exec();
  const scoreOf = new Map(scores.map((s) => [s.registrationId.toHexString(), s]));
  for (const registration of shown) {
    const snapshot = snapshotOf.get(registration.competitionId.toHexString())!;
    const id = registration._id.toHexString();
    const group = snapshot.groups.find((g) => g.tradeCode === registration.tradeCode && g.groupCode === registration.groupCode);
    const row = group?.rows.find((r) => r.registrationId === id);
    if (!row) continue;
    const score = scoreOf.get(id);
    results.set(id, {
      status: RESULTS_STATUS_LABELS[snapshot.status],
      theory: score?.theory ?? null,
      practical: score?.practical ?? null,
      total: row.total,
      rank: row.rank,
      award: row.award ? AWARD_LABELS[row.award] : null,
      honours: row.honours,
      absent: row.status === 'absent',
      closingDate: snapshot.closingDate,
    });
  }
  return results;
}

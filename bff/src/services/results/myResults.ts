import { Types, trusted } from 'mongoose';
import { AWARD_LABELS, RESULTS_STATUS_LABELS, type TMyResult } from '@contest/shared';
import type { RegistrationRecord } from '../../models/registration';
import { ResultRowModel, type ResultRowRecord } from '../../models/results';
import { ScoreModel, type ScoreRecord } from '../../models/score';
import { latestSnapshotHead } from './results';

// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

type Registration = Pick<RegistrationRecord, '_id' | 'competitionId'>;

/**
 * Each registration's own result, keyed by registration id: its row on the latest 公示 snapshot
 * (rank, total, award, honours) with its theory and practical scores. Reads only what is the
 * worker's: the latest snapshot's head (no rows) per competition, then their own rows by
 * registration (result_rows) and scores. A competition with no snapshot has no 公示 open yet, so
 * its scores are not shown to workers (no entry).
 */
export async function myResultsOf(registrations: readonly Registration[]): Promise<Map<string, TMyResult>> {
  const results = new Map<string, TMyResult>();
  if (registrations.length === 0) return results;
  const competitionIds = [...new Set(registrations.map((r) => r.competitionId.toHexString()))].map((id) => new Types.ObjectId(id));
  const heads = await Promise.all(competitionIds.map(latestSnapshotHead));
  const headOf = new Map(competitionIds.map((id, i) => [id.toHexString(), heads[i]]));
  const shown = registrations.filter((r) => headOf.get(r.competitionId.toHexString()));
  if (shown.length === 0) return results;
  const snapshotIds = heads.flatMap((head) => (head ? [head._id] : []));
  const registrationIds = shown.map((r) => r._id);
  const [rows, scores] = await Promise.all([
    ResultRowModel.find({ registrationId: trusted({ $in: registrationIds }), snapshotId: trusted({ $in: snapshotIds }) }, { registrationId: 1, status: 1, rank: 1, total: 1, award: 1, honours: 1 })
      .lean<Pick<ResultRowRecord, 'registrationId' | 'status' | 'rank' | 'total' | 'award' | 'honours'>[]>()
      .exec(),
    ScoreModel.find(
      { competitionId: trusted({ $in: competitionIds }), registrationId: trusted({ $in: registrationIds }) },
      { registrationId: 1, theory: 1, practical: 1, absent: 1 },
    )
      .lean<Pick<ScoreRecord, 'registrationId' | 'theory' | 'practical' | 'absent'>[]>()
      .exec(),
  ]);
  const rowOf = new Map(rows.map((row) => [row.registrationId.toHexString(), row]));
  const scoreOf = new Map(scores.map((s) => [s.registrationId.toHexString(), s]));
  for (const registration of shown) {
    const head = headOf.get(registration.competitionId.toHexString())!;
    const id = registration._id.toHexString();
    const row = rowOf.get(id);
    if (!row) continue;
    const score = scoreOf.get(id);
    results.set(id, {
      status: RESULTS_STATUS_LABELS[head.status],
      theory: score?.theory ?? null,
      practical: score?.practical ?? null,
      total: row.total,
      rank: row.rank,
      award: row.award ? AWARD_LABELS[row.award] : null,
      honours: row.honours,
      absent: row.status === 'absent',
      closingDate: head.closingDate,
    });
  }
  return results;
}

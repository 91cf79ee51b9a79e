import { AppError, DEFAULT_SCORE_SCALE, type TScoreScale } from '@contest/shared';
import { Types, trusted } from 'mongoose';
import type { CompetitionSetupRecord } from '../../models/competition';
import { isDuplicateKey } from '../../models/duplicateKey';
import type { RegistrationRecord } from '../../models/registration';
import { ScoreChangeModel, ScoreModel, type ScoreRecord, type ScoreValuesRecord } from '../../models/score';

// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

/** What a competition's results state may say; the results (公示) work fills it in. */
export interface ResultsState {
  _id: Types.ObjectId;
  /** When the results became final (the 公示 closed); apart from `results`, the set-up's settings. */
  resultsFinalAt?: Date | null;
}

/**
 * Scores change only until the results are final (the 公示 closed). The one place every score
 * write asks; today nothing sets `resultsFinalAt`, so it always passes.
 */
export function assertScoresOpen(competition: ResultsState): void {
  if (competition.resultsFinalAt) throw new AppError('SCORES_FINAL');
}

/** The scale the competition's scores are given on: the notices' 0–100 with 2 decimals until the set-up can say otherwise. */
export function scoreScaleOf(_competition: CompetitionSetupRecord): TScoreScale {
  return DEFAULT_SCORE_SCALE;
}

export function sameValues(a: ScoreValuesRecord, b: ScoreValuesRecord): boolean {
  return a.theory === b.theory && a.practical === b.practical && a.absent === b.absent && a.remarks === b.remarks;
}

export function valuesOf(score: ScoreValuesRecord): ScoreValuesRecord {
  return { theory: score.theory, practical: score.practical, absent: score.absent, remarks: score.remarks };
}

/** A registration with its pass: what a score belongs to. */
export type PassedRegistration = RegistrationRecord & { pass: NonNullable<RegistrationRecord['pass']> };

export interface ScoreWrite {
  competitionId: Types.ObjectId;
  registration: PassedRegistration;
  /** The score as read when the change was decided (null: none yet). */
  current: ScoreRecord | null;
  after: ScoreValuesRecord;
  by: Types.ObjectId;
  at: Date;
  via: 'import' | 'manual';
  sheetHash: string | null;
}

/**
 * Writes one change: its history entry first, naming the entry before it, then the score, only if
 * it is still at the version read, pointing at the new entry. Answers the score written, or null
 * when someone changed it first (their change stands; the entry written for this one is removed,
 * and would be off the history's chain if that removal were lost).
 */
export async function writeScore(change: ScoreWrite): Promise<ScoreRecord | null> {
  const { competitionId, registration, current, after, by, at } = change;
  const version = (current?.version ?? 0) + 1;
  const entry = await ScoreChangeModel.create({
    competitionId,
    registrationId: registration._id,
    passSerial: registration.pass.serial,
    previousId: current?.lastChangeId ?? null,
    version,
    at,
    by,
    via: change.via,
    sheetHash: change.sheetHash,
    before: current ? valuesOf(current) : null,
    after,
  });
  const fields = { ...after, version, updatedAt: at, updatedBy: by, lastChangeId: entry._id };
  let written: ScoreRecord | null = null;
  if (!current) {
    try {
      const created = await ScoreModel.create({
        competitionId,
        registrationId: registration._id,
        passSerial: registration.pass.serial,
        tradeCode: registration.tradeCode,
        groupCode: registration.groupCode,
        ...fields,
      });
      written = created.toObject<ScoreRecord>();
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  } else {
    written = await ScoreModel.findOneAndUpdate({ _id: current._id, version: current.version }, { $set: fields }, { returnDocument: 'after' })
      .lean<ScoreRecord>()
      .exec();
  }
  if (!written) await ScoreChangeModel.deleteOne({ _id: entry._id }).exec();
  return written;
}

/** The scores of these registrations, by registration id. */
export async function scoresOf(competitionId: Types.ObjectId, registrationIds: readonly Types.ObjectId[]): Promise<Map<string, ScoreRecord>> {
  const found = await ScoreModel.find({ competitionId, registrationId: trusted({ $in: registrationIds }) })
    .lean<ScoreRecord[]>()
    .exec();
  return new Map(found.map((s) => [s.registrationId.toHexString(), s]));
}

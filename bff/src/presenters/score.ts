import type { TScore, TScoreChange, TScoreValues } from '@contest/shared';
import type { RegistrationRecord } from '../models/registration';
import type { ScoreChangeRecord, ScoreRecord, ScoreValuesRecord } from '../models/score';

function presentValues(values: ScoreValuesRecord): TScoreValues {
  return { theory: values.theory, practical: values.practical, absent: values.absent, remarks: values.remarks };
}

/** A score with the contestant it belongs to (name, pass number); no ID number, no phone. */
export function presentScore(score: ScoreRecord, registration: Pick<RegistrationRecord, 'name'> & { pass: { number: string } }): TScore {
  return {
    ...presentValues(score),
    passNumber: registration.pass.number,
    registrationId: score.registrationId.toHexString(),
    name: registration.name,
    tradeCode: score.tradeCode,
    groupCode: score.groupCode,
    version: score.version,
    updatedAt: score.updatedAt.toISOString(),
    updatedBy: score.updatedBy.toHexString(),
  };
}

export function presentScoreChange(change: ScoreChangeRecord): TScoreChange {
  return {
    version: change.version,
    at: change.at.toISOString(),
    by: change.by.toHexString(),
    via: change.via,
    sheetHash: change.sheetHash,
    before: change.before ? presentValues(change.before) : null,
    after: presentValues(change.after),
  };
}

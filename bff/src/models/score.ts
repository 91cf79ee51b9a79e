import { Schema, Types, model } from 'mongoose';

/**
 * A contestant's score: one per registration (and so per pass), theory and practical, or `absent`
 * with neither. `version` counts the changes; a change names the version it was made on.
 */
const scoreSchema = new Schema(
  {
    competitionId: { type: Types.ObjectId, required: true },
    registrationId: { type: Types.ObjectId, required: true },
    passSerial: { type: Number, required: true },
    tradeCode: { type: String, required: true },
    groupCode: { type: String, required: true },
    theory: { type: Number, default: null },
    practical: { type: Number, default: null },
    absent: { type: Boolean, required: true, default: false },
    remarks: { type: String, default: '' },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: Types.ObjectId, required: true },
  },
  { collection: 'scores', versionKey: false },
);

scoreSchema.index({ competitionId: 1, registrationId: 1 }, { unique: true, name: 'one_score_per_registration' });
// By pass number (the sheet, the phone), and the committee's list of a trade × group in pass order.
scoreSchema.index({ competitionId: 1, passSerial: 1 }, { unique: true, name: 'one_score_per_pass' });
scoreSchema.index({ competitionId: 1, tradeCode: 1, groupCode: 1, passSerial: 1 });

export interface ScoreValuesRecord {
  theory: number | null;
  practical: number | null;
  absent: boolean;
  remarks: string;
}

export interface ScoreRecord extends ScoreValuesRecord {
  _id: Types.ObjectId;
  competitionId: Types.ObjectId;
  registrationId: Types.ObjectId;
  passSerial: number;
  tradeCode: string;
  groupCode: 'worker' | 'student';
  version: number;
  updatedAt: Date;
  updatedBy: Types.ObjectId;
}
export const ScoreModel = model('Score', scoreSchema);

const valuesSchema = new Schema(
  {
    theory: { type: Number, default: null },
    practical: { type: Number, default: null },
    absent: { type: Boolean, required: true },
    remarks: { type: String, default: '' },
  },
  { _id: false },
);

/**
 * The history of a score (its own collection: corrections are not bounded, and the list of scores
 * should not carry them). One entry per version of the score, written before the score itself
 * (services/scores/scoreWrites.ts): an entry whose version the score never reached (its write lost
 * to another, or the process died between the two) is not shown, and is overwritten by the change
 * that does reach that version.
 */
const scoreChangeSchema = new Schema(
  {
    competitionId: { type: Types.ObjectId, required: true },
    registrationId: { type: Types.ObjectId, required: true },
    passSerial: { type: Number, required: true },
    version: { type: Number, required: true },
    at: { type: Date, required: true },
    by: { type: Types.ObjectId, required: true },
    via: { type: String, required: true, enum: ['import', 'manual'] },
    sheetHash: { type: String, default: null },
    before: { type: valuesSchema, default: null },
    after: { type: valuesSchema, required: true },
  },
  { collection: 'score_changes', versionKey: false },
);

scoreChangeSchema.index({ competitionId: 1, registrationId: 1, version: 1 }, { unique: true, name: 'one_change_per_version' });

export interface ScoreChangeRecord {
  _id: Types.ObjectId;
  competitionId: Types.ObjectId;
  registrationId: Types.ObjectId;
  passSerial: number;
  version: number;
  at: Date;
  by: Types.ObjectId;
  via: 'import' | 'manual';
  sheetHash: string | null;
  before: ScoreValuesRecord | null;
  after: ScoreValuesRecord;
}
export const ScoreChangeModel = model('ScoreChange', scoreChangeSchema);

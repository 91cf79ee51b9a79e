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
    /** The history entry of this version: the history is the chain back from it. */
    lastChangeId: { type: Types.ObjectId, required: true },
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
  lastChangeId: Types.ObjectId;
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
 * should not carry them). Each entry names the entry before it (`previousId`), and the score names
 * its last (`lastChangeId`): the history is that chain. The entry is written before the score
 * (services/scores/scoreWrites.ts), so a change the score holds always has its entry; an entry whose
 * score write lost to another change (or whose process died before it) is off the chain and never shown.
 */
const scoreChangeSchema = new Schema(
  {
    competitionId: { type: Types.ObjectId, required: true },
    registrationId: { type: Types.ObjectId, required: true },
    passSerial: { type: Number, required: true },
    previousId: { type: Types.ObjectId, default: null },
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

scoreChangeSchema.index({ competitionId: 1, registrationId: 1 });

export interface ScoreChangeRecord {
  _id: Types.ObjectId;
  competitionId: Types.ObjectId;
  registrationId: Types.ObjectId;
  passSerial: number;
  previousId: Types.ObjectId | null;
  version: number;
  at: Date;
  by: Types.ObjectId;
  via: 'import' | 'manual';
  sheetHash: string | null;
  before: ScoreValuesRecord | null;
  after: ScoreValuesRecord;
}
export const ScoreChangeModel = model('ScoreChange', scoreChangeSchema);

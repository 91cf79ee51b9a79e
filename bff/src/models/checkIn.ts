import { Schema, Types, model } from 'mongoose';

/** One scan as it is recorded: on a check-in, and on both sides of a conflict. */
const scanSchema = new Schema(
  {
    nonce: { type: String, required: true },
    scannedAt: { type: Date, required: true },
    recordedAt: { type: Date, required: true },
    deviceId: { type: String, required: true },
    staffUserId: { type: Types.ObjectId, required: true },
  },
  { _id: false },
);

/**
 * A contestant checked in: at most one per pass (the unique index), holding the earliest scan by
 * the device's scan time. An offline scan uploaded later with an earlier scan time takes the
 * check-in over (one conditional update) and the scan it displaced becomes a conflict.
 */
const checkInSchema = new Schema(
  {
    competitionId: { type: Types.ObjectId, required: true },
    passSerial: { type: Number, required: true },
    registrationId: { type: Types.ObjectId, required: true },
    sessionId: { type: Types.ObjectId, required: true },
    scan: { type: scanSchema, required: true },
    /** Typed pass number rather than a scanned QR code. */
    manual: { type: Boolean, default: false },
    /** Uploaded from an offline queue. */
    offline: { type: Boolean, default: false },
  },
  { collection: 'check_ins', versionKey: false },
);

checkInSchema.index({ competitionId: 1, passSerial: 1 }, { unique: true, name: 'one_check_in_per_pass' });
// The board and the roster: a session's check-ins.
checkInSchema.index({ sessionId: 1 });

export interface CheckInScan {
  nonce: string;
  scannedAt: Date;
  recordedAt: Date;
  deviceId: string;
  staffUserId: Types.ObjectId;
}

export interface CheckInRecord {
  _id: Types.ObjectId;
  competitionId: Types.ObjectId;
  passSerial: number;
  registrationId: Types.ObjectId;
  sessionId: Types.ObjectId;
  scan: CheckInScan;
  manual: boolean;
  offline: boolean;
}
export const CheckInModel = model('CheckIn', checkInSchema);

/**
 * Every scan's answer, by the scanning person and the scan's nonce: the same nonce uploaded again
 * (a retry, a queue sent twice) gets the answer it got first and records nothing new. Refusals
 * (forged, wrong venue …) are kept too, with their reason code. An admitted scan's answer is
 * written before its check-in (the unique index is the nonce's gate), saying checked_in: it is
 * sent only once the check-in holds the scan, and an upload of the nonce finding it without that
 * check-in (the first upload stopped between the two writes) records it then.
 */
const checkInAnswerSchema = new Schema(
  {
    userId: { type: Types.ObjectId, required: true },
    nonce: { type: String, required: true },
    competitionId: { type: Types.ObjectId, required: true },
    sessionId: { type: Types.ObjectId, required: true },
    deviceId: { type: String, required: true },
    scannedAt: { type: Date, required: true },
    recordedAt: { type: Date, required: true },
    offline: { type: Boolean, default: false },
    outcome: { type: String, required: true },
    passSerial: { type: Number, default: null },
    /** The registration an admitted scan checks in, and whether its pass number was typed. */
    registrationId: { type: Types.ObjectId, default: null },
    manual: { type: Boolean, default: false },
    /** Its check-in was taken over by an earlier offline scan from another phone (it held it before). */
    displaced: { type: Boolean, default: false },
    /** The answer as sent (the API's check-in result). */
    result: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'check_in_answers', versionKey: false },
);

checkInAnswerSchema.index({ userId: 1, nonce: 1 }, { unique: true, name: 'one_answer_per_nonce' });

export interface CheckInAnswerRecord {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  nonce: string;
  competitionId: Types.ObjectId;
  sessionId: Types.ObjectId;
  deviceId: string;
  scannedAt: Date;
  recordedAt: Date;
  offline: boolean;
  outcome: string;
  passSerial: number | null;
  registrationId: Types.ObjectId | null;
  manual: boolean;
  displaced?: boolean;
  result: unknown;
}
export const CheckInAnswerModel = model('CheckInAnswer', checkInAnswerSchema);

/**
 * The same pass checked in on two devices that were offline: the earlier scan (by scan time) holds
 * the check-in, the other is kept here for the venue's staff and the committee to see. One record per
 * pair of scans, however often either is uploaded.
 */
const checkInConflictSchema = new Schema(
  {
    competitionId: { type: Types.ObjectId, required: true },
    sessionId: { type: Types.ObjectId, required: true },
    passSerial: { type: Number, required: true },
    registrationId: { type: Types.ObjectId, required: true },
    /** The two nonces, sorted and joined. */
    pairKey: { type: String, required: true },
    kept: { type: scanSchema, required: true },
    other: { type: scanSchema, required: true },
    recordedAt: { type: Date, required: true },
  },
  { collection: 'check_in_conflicts', versionKey: false },
);

checkInConflictSchema.index({ competitionId: 1, pairKey: 1 }, { unique: true, name: 'one_conflict_per_pair' });
checkInConflictSchema.index({ sessionId: 1, recordedAt: 1 });

export interface CheckInConflictRecord {
  _id: Types.ObjectId;
  competitionId: Types.ObjectId;
  sessionId: Types.ObjectId;
  passSerial: number;
  registrationId: Types.ObjectId;
  pairKey: string;
  kept: CheckInScan;
  other: CheckInScan;
  recordedAt: Date;
}
export const CheckInConflictModel = model('CheckInConflict', checkInConflictSchema);

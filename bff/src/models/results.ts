import { Schema, Types, model } from 'mongoose';
import type { TAward, TRankedGroup, TResultStatus, TTradeTeamStandings } from '@contest/shared';

/**
 * A computed ranking of a competition, kept as a document per version: the public 公示 page is
 * served from the latest one (never recomputed per request), and the next computation compares
 * with it for its change notes. `changes` accumulates every note since the 公示 opened.
 */
const resultSnapshotSchema = new Schema(
  {
    competitionId: { type: Types.ObjectId, required: true },
    version: { type: Number, required: true },
    computedAt: { type: Date, required: true },
    groups: { type: Schema.Types.Mixed, required: true },
    teams: { type: Schema.Types.Mixed, required: true },
    changes: { type: [{ _id: false, at: Date, note: String }], default: [] },
    /** The 公示's state when written (公示中 / 已确定) and its closing: the page is this one document. */
    status: { type: String, required: true, enum: ['announced', 'final'] },
    closingDate: { type: String, required: true },
    closesAt: { type: Date, required: true },
    finalAt: { type: Date, default: null },
  },
  { collection: 'result_snapshots', versionKey: false },
);
// The latest snapshot of a competition; a version is written once (two writers: one wins).
resultSnapshotSchema.index({ competitionId: 1, version: -1 }, { unique: true, name: 'one_snapshot_per_version' });

export interface ResultSnapshotRecord {
  _id: Types.ObjectId;
  competitionId: Types.ObjectId;
  version: number;
  computedAt: Date;
  groups: TRankedGroup[];
  teams: TTradeTeamStandings[];
  changes: { at: Date; note: string }[];
  status: 'announced' | 'final';
  closingDate: string;
  closesAt: Date;
  finalAt: Date | null;
}
export const ResultSnapshotModel = model('ResultSnapshot', resultSnapshotSchema);

/**
 * The 公示 of a competition: one per competition (a new announcement after the results are final
 * is out of scope). Its own collection rather than fields on the competition, whose document the
 * set-up rewrites under its own version: the 公示's changes (objections answered, results taken
 * out) then never collide with a set-up edit. `resultsFinalAt` on the competition is set at close.
 */
const resultsAnnouncementSchema = new Schema(
  {
    competitionId: { type: Types.ObjectId, required: true },
    openedAt: { type: Date, required: true },
    openedBy: { type: Types.ObjectId, required: true },
    workingDays: { type: Number, required: true },
    closingDate: { type: String, required: true },
    closesAt: { type: Date, required: true },
    /** Results taken out in answer to objections (取消成绩). */
    disqualifiedIds: { type: [Types.ObjectId], default: [] },
    snapshotVersion: { type: Number, required: true },
    finalAt: { type: Date, default: null },
    /** The event whose notices are still being written (the sweeper resumes it); null when none is due. */
    noticesDue: { type: String, enum: ['results_announced', 'results_final', null], default: null },
    /** The last registration (hex id, in id order) whose notice of `noticesDue` was written: where a resumption goes on. */
    noticesAfter: { type: String, default: '' },
    version: { type: Number, required: true, default: 0 },
  },
  { collection: 'results_announcements', versionKey: false },
);
resultsAnnouncementSchema.index({ competitionId: 1 }, { unique: true, name: 'one_announcement_per_competition' });
// The sweeper's look-up of fan-outs a crash left due.
resultsAnnouncementSchema.index({ noticesDue: 1 });

export interface ResultsAnnouncementRecord {
  _id: Types.ObjectId;
  competitionId: Types.ObjectId;
  openedAt: Date;
  openedBy: Types.ObjectId;
  workingDays: number;
  closingDate: string;
  closesAt: Date;
  disqualifiedIds: Types.ObjectId[];
  snapshotVersion: number;
  finalAt: Date | null;
  noticesDue: 'results_announced' | 'results_final' | null;
  noticesAfter: string;
  version: number;
}
export const ResultsAnnouncementModel = model('ResultsAnnouncement', resultsAnnouncementSchema);

/** An objection (异议) to a result during the 公示, and the committee's answer. */
const resultObjectionSchema = new Schema(
  {
    competitionId: { type: Types.ObjectId, required: true },
    registrationId: { type: Types.ObjectId, required: true },
    userId: { type: Types.ObjectId, required: true },
    reason: { type: String, required: true },
    contact: { type: String, required: true },
    at: { type: Date, required: true },
    answer: { type: String, default: null },
    answeredAt: { type: Date, default: null },
    answeredBy: { type: Types.ObjectId, default: null },
    disqualified: { type: Boolean, required: true, default: false },
    version: { type: Number, required: true, default: 0 },
  },
  { collection: 'result_objections', versionKey: false },
);
// The committee's list, oldest first; whether any is unanswered (close).
resultObjectionSchema.index({ competitionId: 1, answeredAt: 1, at: 1 });

export interface ResultObjectionRecord {
  _id: Types.ObjectId;
  competitionId: Types.ObjectId;
  registrationId: Types.ObjectId;
  userId: Types.ObjectId;
  reason: string;
  contact: string;
  at: Date;
  answer: string | null;
  answeredAt: Date | null;
  answeredBy: Types.ObjectId | null;
  disqualified: boolean;
  version: number;
}
export const ResultObjectionModel = model('ResultObjection', resultObjectionSchema);

/**
 * Each contestant's row of a snapshot, on its own: what a worker's registration shows (rank,
 * total, award, honours) is read by registration, never by loading the snapshot (6 MB at 20,000
 * contestants). Written before the snapshot that names them (snapshotId), so a snapshot that can
 * be read has its rows; those of a snapshot that lost a race for its version are removed, and
 * those of snapshots older than the one before the latest are removed once a newer one is written.
 */
const resultRowSchema = new Schema(
  {
    competitionId: { type: Types.ObjectId, required: true },
    snapshotId: { type: Types.ObjectId, required: true },
    version: { type: Number, required: true },
    registrationId: { type: Types.ObjectId, required: true },
    status: { type: String, required: true, enum: ['ranked', 'absent', 'disqualified', 'unscored'] },
    rank: { type: Number, default: null },
    total: { type: String, default: null },
    award: { type: String, default: null },
    honours: { type: [String], default: [] },
  },
  { collection: 'result_rows', versionKey: false },
);
// A worker's own rows on the latest snapshots.
resultRowSchema.index({ registrationId: 1, snapshotId: 1 }, { unique: true, name: 'one_row_per_snapshot' });
// Clearing a snapshot's rows, or those of older versions.
resultRowSchema.index({ competitionId: 1, version: 1 });
resultRowSchema.index({ snapshotId: 1 });

export interface ResultRowRecord {
  _id: Types.ObjectId;
  competitionId: Types.ObjectId;
  snapshotId: Types.ObjectId;
  version: number;
  registrationId: Types.ObjectId;
  status: TResultStatus;
  rank: number | null;
  total: string | null;
  award: TAward | null;
  honours: string[];
}
export const ResultRowModel = model('ResultRow', resultRowSchema);

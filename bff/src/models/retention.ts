import { Schema, Types, model } from 'mongoose';

/** What a retention purge removes, kind by kind, in the order it runs (services/retention/steps.ts). */
export const RETENTION_KINDS = [
  'notifications',
  'evidence',
  'check_ins',
  'scores',
  'objections',
  'result_history',
  'certificates',
  'teams',
  'registrations',
  'accounts',
] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];
export type RetentionCounts = Record<RetentionKind, number>;

/**
 * A competition's retention purge (services/retention/purge.ts), one per competition (`_id` the
 * competition): written before anything is removed, so a run that dies half-way is finished by the
 * next. It keeps what that next run could no longer find: the accounts the competition's
 * registrations named (their `userId` is cleared early on), what the first run counted (the audit
 * event's counts), and the audit event's id (inserted once, however often the end is retried).
 * `finishedAt` set: the competition holds nothing personal any more and is not looked at again.
 */
const retentionPurgeSchema = new Schema(
  {
    _id: { type: Types.ObjectId, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    /** When the competition finished, by the rule the purge used (resultsFinalAt, or its last day). */
    competitionFinishedAt: { type: Date, required: true },
    trigger: { type: String, required: true, enum: ['command', 'schedule'] },
    accountIds: { type: [Types.ObjectId], default: [] },
    counts: { type: Schema.Types.Mixed, required: true },
    auditEventId: { type: Types.ObjectId, required: true },
  },
  { collection: 'retention_purges', versionKey: false },
);

export interface RetentionPurgeRecord {
  _id: Types.ObjectId;
  startedAt: Date;
  finishedAt: Date | null;
  competitionFinishedAt: Date;
  trigger: 'command' | 'schedule';
  accountIds: Types.ObjectId[];
  counts: RetentionCounts;
  auditEventId: Types.ObjectId;
}
export const RetentionPurgeModel = model('RetentionPurge', retentionPurgeSchema);

/**
 * Who is purging right now, across every BFF process and the command: one document (`_id`
 * 'retention'), taken by inserting it or by taking over one whose lease ran out (its holder died),
 * renewed as the run goes on and deleted when it ends.
 */
const retentionLeaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'retention_leases', versionKey: false },
);
export const RetentionLeaseModel = model('RetentionLease', retentionLeaseSchema);

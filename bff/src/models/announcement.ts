import { Schema, Types, model } from 'mongoose';
import { ZAnnouncementState, ZGroupCode, type TAnnouncementState, type TAnnouncementStatus, type TGroupCode } from '@contest/shared';

/**
 * A committee notice (大赛通知) and how far its fan-out into `notifications` has gone. Publishing
 * stores it `publishing`; the fan-out then writes one notification per person a batch of
 * registrations at a time (idempotent: the event id names the announcement and the person),
 * records the last registration done, and ends it `published`. A process that dies mid-way leaves
 * its lease to run out, and the sweeper of any process resumes from the recorded registration.
 */
const announcementSchema = new Schema(
  {
    competitionId: { type: Types.ObjectId, required: true },
    /** Kept for the messages: the competition's name when it was published. */
    competitionName: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    audience: {
      tradeCodes: { type: [String], default: [] },
      groupCodes: { type: [String], enum: ZGroupCode.options, default: [] },
      statuses: { type: [String], default: [] },
      unionIds: { type: [Types.ObjectId], default: [] },
    },
    authorUserId: { type: Types.ObjectId, required: true },
    state: { type: String, required: true, enum: ZAnnouncementState.options },
    /** The last registration (by _id) whose person's notification is written; null before the first batch. */
    fanOutAfter: { type: Types.ObjectId, default: null },
    /** The process fanning it out, until leaseUntil; a lease run out lets the sweeper take it over. */
    leaseOwner: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
    /** When the committee published it: the time its messages carry. */
    publishedAt: { type: Date, required: true },
    /** How many people it reached, counted when the fan-out ended. */
    recipients: { type: Number, default: null },
    /** The Idempotency-Key of the request that published it: a retry with the key finds it. */
    idempotencyKey: { type: String, default: undefined },
    idempotencyRequestHash: { type: String, default: undefined },
  },
  { timestamps: true, collection: 'announcements' },
);

// A competition's notices, newest first.
announcementSchema.index({ competitionId: 1, _id: -1 }, { name: 'by_competition' });
// The sweeper: unfinished fan-outs whose lease ran out.
announcementSchema.index({ state: 1, leaseUntil: 1 }, { name: 'unfinished' });
// One announcement per publishing request's Idempotency-Key.
announcementSchema.index(
  { authorUserId: 1, idempotencyKey: 1 },
  { unique: true, partialFilterExpression: { idempotencyKey: { $type: 'string' } }, name: 'one_announcement_per_idempotency_key' },
);

export interface AnnouncementAudienceRecord {
  tradeCodes: string[];
  groupCodes: TGroupCode[];
  statuses: TAnnouncementStatus[];
  unionIds: Types.ObjectId[];
}

export interface AnnouncementRecord {
  _id: Types.ObjectId;
  competitionId: Types.ObjectId;
  competitionName: string;
  title: string;
  body: string;
  audience: AnnouncementAudienceRecord;
  authorUserId: Types.ObjectId;
  state: TAnnouncementState;
  fanOutAfter: Types.ObjectId | null;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  publishedAt: Date;
  recipients: number | null;
  idempotencyKey?: string;
  idempotencyRequestHash?: string;
  createdAt: Date;
  updatedAt: Date;
}
export const AnnouncementModel = model('Announcement', announcementSchema);

import { Schema, Types, model } from 'mongoose';

/**
 * A session (场次) of one venue of a competition: a day and time window (China time), a number of
 * stations, and the trades × groups it hosts. Passes name it by its code, which never changes.
 */
const venueSessionSchema = new Schema(
  {
    competitionId: { type: Types.ObjectId, required: true },
    code: { type: String, required: true },
    venueCode: { type: String, required: true },
    name: { type: String, default: '' },
    /** `YYYY-MM-DD` and `HH:mm`, China time, as the committee set them … */
    date: { type: String, required: true },
    startTime: { type: String, required: true },
    endTime: { type: String, required: true },
    /** … and the same moments as instants (sorting, notifications). */
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    capacity: { type: Number, required: true, min: 1 },
    stationPrefix: { type: String, required: true, default: 'A' },
    hosts: {
      type: [new Schema({ tradeCode: { type: String, required: true }, groupCode: { type: String, required: true, enum: ['worker', 'student'] } }, { _id: false })],
      default: [],
    },
    instructions: { type: String, default: '' },
    /** Bumped by every change: a change names the version it was made from (409 otherwise). */
    version: { type: Number, required: true, default: 0 },
    /** The version of the last change that altered what its passes say, and whether workers remain to be told of it (services/venue/sessionNotices.ts). */
    passNewsVersion: { type: Number, default: 0 },
    passNoticesDue: { type: Boolean, default: false },
  },
  { timestamps: true, collection: 'venue_sessions' },
);

venueSessionSchema.index({ competitionId: 1, code: 1 }, { unique: true, name: 'one_session_per_code' });
// A venue's sessions in time order (the staff's session picker, the set-up check of a venue in use).
venueSessionSchema.index({ competitionId: 1, venueCode: 1, startsAt: 1 });
// The sweeper's look for notices a crash left due.
venueSessionSchema.index({ passNoticesDue: 1 }, { partialFilterExpression: { passNoticesDue: true }, name: 'pass_notices_due' });

export interface VenueSessionRecord {
  _id: Types.ObjectId;
  competitionId: Types.ObjectId;
  code: string;
  venueCode: string;
  name: string;
  date: string;
  startTime: string;
  endTime: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  stationPrefix: string;
  hosts: Array<{ tradeCode: string; groupCode: 'worker' | 'student' }>;
  instructions: string;
  version: number;
  passNewsVersion: number;
  passNoticesDue: boolean;
  createdAt: Date;
  updatedAt: Date;
}
export const VenueSessionModel = model('VenueSession', venueSessionSchema);

import { Schema, Types, model } from 'mongoose';
import {
  ZNotificationKind,
  ZRegistrationAction,
  ZRegistrationStatus,
  ZSkillLevel,
  type NotificationValues,
  type TDeclarations,
  type TEligibilityClaims,
  type TNotificationKind,
  type TRegistrationAction,
  type TRegistrationActor,
  type TRegistrationStatus,
  type TSkillLevel,
} from '@contest/shared';

/** One step of the audit trail: append-only, written in the same update as the status change. */
const timelineEntrySchema = new Schema(
  {
    at: { type: Date, required: true },
    action: { type: String, required: true, enum: ZRegistrationAction.options },
    actor: { type: String, required: true, enum: ['worker', 'union', 'committee'] },
    /** The person who acted (kept for officials; never shown to the worker). */
    actorUserId: { type: Types.ObjectId, default: null },
    /** The role the person acted in (union_official, committee, admin); null for the worker. */
    actorRole: { type: String, default: null },
    /** The deciding body, e.g. 河西区总工会, which the worker may see. */
    actorName: { type: String, default: null },
    from: { type: String, default: null },
    to: { type: String, required: true },
    reason: { type: String, default: null },
    /** This step (a rejection as not the applicant's own number) cleared `active`: the number is free for its owner. */
    nationalIdReleased: { type: Boolean, default: undefined },
    /** A union decision of a two-level audit: the level it was taken at (1 基层工会, 2 its parent). */
    auditLevel: { type: Number, default: undefined },
  },
  { _id: false },
);

/**
 * A notification a status change caused, written in the same update as the change so that it
 * cannot be lost; the relay (services/notifications/outbox.ts) moves it to `notifications`.
 */
const outboxEntrySchema = new Schema(
  {
    /** `<registration id>:<version after the step>`: the same event always gets the same id. */
    eventId: { type: String, required: true },
    kind: { type: String, required: true, enum: ZNotificationKind.options },
    data: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

/**
 * The admission pass of a confirmed registration placed in a session: written in the same update as
 * the placement (services/venue/placement.ts), revoked in the same update as a step away from
 * confirmation (registrationLifecycle.ts). Its number stays when it is re-issued; its version goes up.
 */
const passSchema = new Schema(
  {
    /** Unique within the competition: the number is this and a check digit. */
    serial: { type: Number, required: true },
    number: { type: String, required: true },
    version: { type: Number, required: true },
    /** The signing key and the token it signed (shared/src/passToken.ts). */
    keyId: { type: String, required: true },
    token: { type: String, required: true },
    sessionId: { type: Types.ObjectId, required: true },
    venueCode: { type: String, required: true },
    sessionCode: { type: String, required: true },
    stationNumber: { type: Number, required: true },
    station: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    issuedBy: { type: Types.ObjectId, default: null },
    revokedAt: { type: Date, default: null },
    revokedReason: { type: String, default: null },
    revokedBy: { type: Types.ObjectId, default: null },
    /** The session's `passNewsVersion` its worker last heard of, by the pass itself or a change notice (services/venue/sessionNotices.ts). */
    toldSessionVersion: { type: Number },
  },
  { _id: false },
);

/**
 * A worker's registration. The ID number and phone are stored only encrypted (AES-256-GCM) with
 * keyed hashes for uniqueness and look-up, plus the masked forms that pages show.
 */
const registrationSchema = new Schema(
  {
    competitionId: { type: Types.ObjectId, required: true },
    unionId: { type: Types.ObjectId, required: true },
    /** The union and every union above it: audit scopes match on this. */
    unionPath: { type: [Types.ObjectId], default: [] },
    userId: { type: Types.ObjectId, default: null },
    name: { type: String, default: '' },
    nationalIdSealed: { type: String, default: null },
    nationalIdHash: { type: String, default: null },
    nationalIdMasked: { type: String, default: null },
    mobileSealed: { type: String, default: null },
    mobileHash: { type: String, default: null },
    mobileMasked: { type: String, default: null },
    /** Age on the reference date: the birth date is kept only inside the sealed ID number (see shared ZMyRegistration.age). */
    age: { type: Number, required: true },
    sex: { type: String, required: true, enum: ['male', 'female'] },
    employer: { type: String, default: '' },
    tradeCode: { type: String, required: true },
    groupCode: { type: String, required: true, enum: ['worker', 'student'] },
    skillLevel: { type: String, enum: [...ZSkillLevel.options, null], default: null },
    yearsInTrade: { type: Number, default: 0 },
    declarations: {
      notFullTimeStudent: { type: Boolean, default: false },
      noExcludedHonour: { type: Boolean, default: false },
      localResidence: { type: Boolean, default: false },
    },
    /** The eligibility fields stated (ZEligibilityClaims, checked on the way in); registrations made before them lack it. */
    eligibilityClaims: { type: Schema.Types.Mixed, default: undefined },
    venue: { type: String, default: null },
    /** The admission pass, once confirmed and placed. */
    pass: { type: passSchema, default: undefined },
    /** `<session code>#<station number>` while the pass is live: no two live passes share a station. */
    stationKey: { type: String, default: undefined },
    status: { type: String, required: true, enum: ZRegistrationStatus.options },
    /**
     * Two-level audit (services/auditLevels.ts): the union whose officials decide while it is
     * submitted — the worker's own union, then its parent once forwarded. Absent in one-level competitions.
     */
    awaitingUnionId: { type: Types.ObjectId, default: undefined },
    /**
     * The school path (shared/src/schoolPath.ts): the trade's host unit (承办单位) when submitted. Its
     * officials reach the registration (it is outside their union chain) and audit after the school.
     */
    hostUnitId: { type: Types.ObjectId, default: undefined },
    /**
     * True until withdrawn or rejected as not the applicant's own ID number: the unique indexes
     * below keep one active registration per person, and a few per WeChat account.
     */
    active: { type: Boolean, required: true, default: true },
    /** Which of its account's places in the competition (0 … limit-1) the registration takes while active. */
    accountSlot: { type: Number, default: undefined },
    /** Bumped by every transition; a change names the version it was decided on (409 otherwise). */
    version: { type: Number, required: true, default: 0 },
    privacyNoticeVersion: { type: String, default: null },
    submittedAt: { type: Date, default: null },
    timeline: { type: [timelineEntrySchema], default: [] },
    /** Notifications recorded by a status change and not yet relayed (absent or empty almost always). */
    outbox: { type: [outboxEntrySchema], default: undefined },
    /** The Idempotency-Key of the submission that created it: a retry with the key gets this registration back. */
    idempotencyKey: { type: String, default: undefined },
    /** Keyed hash (HMAC) of that submission's body: the same key with another body is refused. */
    idempotencyRequestHash: { type: String, default: undefined },
    /** Entered by a union official in a team and confirmed by the person (services/teamEntries.ts): who entered it, when, in which team. */
    teamEntry: {
      type: new Schema({ teamId: { type: Types.ObjectId, required: true }, enteredBy: { type: Types.ObjectId, required: true }, enteredAt: { type: Date, required: true } }, { _id: false }),
      default: undefined,
    },
    /** The retention purge removed the person from it (services/retention/purge.ts): what is left names no one. */
    anonymisedAt: { type: Date, default: undefined },
  },
  { timestamps: true, collection: 'registrations' },
);

// One active registration per person (keyed hash of the ID number) per competition.
registrationSchema.index(
  { competitionId: 1, nationalIdHash: 1 },
  { unique: true, partialFilterExpression: { active: true }, name: 'one_active_registration_per_person' },
);
// At most MAX_ACTIVE_REGISTRATIONS_PER_ACCOUNT active registrations per account per competition:
// each takes one numbered slot (registrations made before slots existed have none and are not counted).
registrationSchema.index(
  { competitionId: 1, userId: 1, accountSlot: 1 },
  { unique: true, partialFilterExpression: { active: true, accountSlot: { $exists: true } }, name: 'account_slots' },
);
// "My registrations", newest first.
registrationSchema.index({ userId: 1, createdAt: -1 });
// Set-up checks: how many registrations use a union, a venue (a trade: the committee queue's index).
registrationSchema.index({ competitionId: 1, unionId: 1 });
registrationSchema.index({ competitionId: 1, venue: 1 });
// Audit queues, paged by _id (keyset). Equality fields first, then the sort: each index serves one
// shape of queue query exactly (tests/api/audit-indexes.test.ts checks every query sent).
// Union desk (unionPath is the official's union or a sub-union), and the committee filtering by union:
registrationSchema.index({ competitionId: 1, unionPath: 1, status: 1, _id: 1 }, { name: 'queue_by_union' });
registrationSchema.index({ competitionId: 1, unionPath: 1, tradeCode: 1, groupCode: 1, status: 1, _id: 1 }, { name: 'queue_by_union_trade' });
// Union desk of a two-level audit, its 待审核 tab: what waits for the official's own union.
registrationSchema.index({ competitionId: 1, awaitingUnionId: 1, status: 1, _id: 1 }, { name: 'queue_awaiting_union' });
registrationSchema.index(
  { competitionId: 1, awaitingUnionId: 1, tradeCode: 1, groupCode: 1, status: 1, _id: 1 },
  { name: 'queue_awaiting_union_trade' },
);
// Union desk of a host unit (承办单位) on the school path: its trades' registrations, outside its union chain
// (the $or branch beside unionPath in services/auditQueue.ts).
registrationSchema.index({ competitionId: 1, hostUnitId: 1, status: 1, _id: 1 }, { name: 'queue_by_host_unit', partialFilterExpression: { hostUnitId: { $exists: true } } });
// Committee desk over the whole competition:
registrationSchema.index({ competitionId: 1, status: 1, _id: 1 }, { name: 'queue_all' });
registrationSchema.index({ competitionId: 1, tradeCode: 1, groupCode: 1, status: 1, _id: 1 }, { name: 'queue_by_trade' });
// Search by full ID number (keyed hash) or by name, in a union's scope or the whole competition:
registrationSchema.index({ competitionId: 1, unionPath: 1, nationalIdHash: 1 }, { name: 'search_id_in_union' });
registrationSchema.index({ competitionId: 1, unionPath: 1, name: 1 }, { name: 'search_name_in_union' });
registrationSchema.index({ competitionId: 1, nationalIdHash: 1, status: 1 }, { name: 'search_id' });
registrationSchema.index({ competitionId: 1, name: 1 }, { name: 'search_name' });
// The outbox sweeper: the few registrations with notifications not yet relayed (sparse: the rest are not indexed).
registrationSchema.index({ 'outbox.eventId': 1 }, { sparse: true, name: 'pending_outbox' });
// A pass by its serial (check-in by token or typed number), unique per competition.
registrationSchema.index(
  { competitionId: 1, 'pass.serial': 1 },
  { unique: true, partialFilterExpression: { 'pass.serial': { $exists: true } }, name: 'one_registration_per_pass' },
);
// One live pass per station of a session.
registrationSchema.index(
  { competitionId: 1, stationKey: 1 },
  { unique: true, partialFilterExpression: { stationKey: { $type: 'string' } }, name: 'one_pass_per_station' },
);
// A session's passes (roster, board, the session's checks before a change).
registrationSchema.index({ 'pass.sessionId': 1, 'pass.stationNumber': 1 }, { sparse: true, name: 'passes_by_session' });
// One registration per submission's Idempotency-Key (registrations made before keys were kept here have none).
registrationSchema.index(
  { userId: 1, idempotencyKey: 1 },
  { unique: true, partialFilterExpression: { idempotencyKey: { $type: 'string' } }, name: 'one_registration_per_idempotency_key' },
);

export interface PassRecord {
  serial: number;
  number: string;
  version: number;
  keyId: string;
  token: string;
  sessionId: Types.ObjectId;
  venueCode: string;
  sessionCode: string;
  stationNumber: number;
  station: string;
  issuedAt: Date;
  issuedBy: Types.ObjectId | null;
  revokedAt: Date | null;
  revokedReason: string | null;
  revokedBy: Types.ObjectId | null;
  /** Absent on passes issued before change notices existed: counted as told of nothing. */
  toldSessionVersion?: number;
}

export interface OutboxEntry {
  eventId: string;
  kind: TNotificationKind;
  data: NotificationValues;
  at: Date;
}

/** A registration as read with lean(), spelled out (the inferred type does not see through ObjectId arrays). */
export interface RegistrationRecord {
  _id: Types.ObjectId;
  competitionId: Types.ObjectId;
  unionId: Types.ObjectId;
  unionPath: Types.ObjectId[];
  userId: Types.ObjectId | null;
  name: string;
  nationalIdSealed: string | null;
  nationalIdHash: string | null;
  nationalIdMasked: string | null;
  mobileSealed: string | null;
  mobileHash: string | null;
  mobileMasked: string | null;
  age: number;
  sex: 'male' | 'female';
  employer: string;
  tradeCode: string;
  groupCode: 'worker' | 'student';
  skillLevel: TSkillLevel | null;
  yearsInTrade: number;
  declarations: TDeclarations;
  eligibilityClaims?: TEligibilityClaims;
  venue: string | null;
  pass?: PassRecord;
  stationKey?: string;
  status: TRegistrationStatus;
  awaitingUnionId?: Types.ObjectId;
  hostUnitId?: Types.ObjectId;
  active: boolean;
  accountSlot?: number;
  version: number;
  privacyNoticeVersion: string | null;
  submittedAt: Date | null;
  timeline: Array<{
    at: Date;
    action: TRegistrationAction;
    actor: TRegistrationActor;
    actorUserId: Types.ObjectId | null;
    actorRole?: string | null;
    actorName: string | null;
    from: TRegistrationStatus | null;
    to: TRegistrationStatus;
    reason: string | null;
    nationalIdReleased?: boolean;
    auditLevel?: number;
  }>;
  outbox?: OutboxEntry[];
  idempotencyKey?: string;
  idempotencyRequestHash?: string;
  teamEntry?: { teamId: Types.ObjectId; enteredBy: Types.ObjectId; enteredAt: Date };
  anonymisedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}
export const RegistrationModel = model('Registration', registrationSchema);

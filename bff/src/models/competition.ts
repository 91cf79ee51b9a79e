import { Schema, Types, model, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { DEFAULT_EXCLUDED_HONOURS, type TEligibilityRequirements, type TGroupPaths } from '@contest/shared';
import { randomReadableCode } from '../randomCodes';

export const newCompetitionEntryKey = (): string => randomReadableCode(6);

/** Publication is stored; the status people see (upcoming/open/closed) is derived from dates. */
export const PUBLICATION_STATES = ['draft', 'published', 'finished'] as const;

const groupSchema = new Schema(
  {
    code: { type: String, required: true, enum: ['worker', 'student'] },
    name: { type: String, required: true },
  },
  { _id: false },
);

const tradeSchema = new Schema(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    groups: { type: [String], required: true, enum: ['worker', 'student'] },
  },
  { _id: false },
);

/** Places per union × trade × group. */
const quotaSchema = new Schema(
  {
    unionId: { type: Types.ObjectId, required: true },
    tradeCode: { type: String, required: true },
    groupCode: { type: String, required: true, enum: ['worker', 'student'] },
    places: { type: Number, required: true, min: 0 },
  },
  { _id: false },
);

/** A trade × group's host unit (承办单位). */
const hostUnitSchema = new Schema(
  {
    tradeCode: { type: String, required: true },
    groupCode: { type: String, required: true, enum: ['worker', 'student'] },
    unionId: { type: Types.ObjectId, required: true },
  },
  { _id: false },
);

const ageRangeSchema = new Schema(
  {
    groupCode: { type: String, required: true, enum: ['worker', 'student'] },
    /** Null: every trade of the group. */
    tradeCode: { type: String, default: null },
    minAge: { type: Number, required: true },
    maxAge: { type: Number, required: true },
  },
  { _id: false },
);

/** Who may enter. Competitions stored before eligibility existed read back with these defaults. */
const eligibilitySchema = new Schema(
  {
    referenceDate: { type: Date, default: null },
    ageRanges: { type: [ageRangeSchema], default: [] },
    excludedHonours: { type: [String], default: () => [...DEFAULT_EXCLUDED_HONOURS] },
    workerResidenceRequired: { type: Boolean, default: false },
    noFullTimeStudentsInWorkerGroup: { type: Boolean, default: true },
    /** Fields and evidence photos asked for (ZEligibilityRequirements, checked on the way in); absent: none. */
    requirements: { type: Schema.Types.Mixed, default: undefined },
  },
  { _id: false },
);

const venueSchema = new Schema(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    address: { type: String, default: '' },
  },
  { _id: false },
);

const competitionSchema = new Schema(
  {
    /** Short key that posters' QR codes carry (with a union code) to open registration. */
    entryKey: { type: String, default: newCompetitionEntryKey },
    /** Stable natural key (e.g. `tj-haihe-2020`), so seeding and imports are idempotent. */
    slug: { type: String, required: true },
    name: { type: String, required: true },
    organiser: { type: String, required: true },
    description: { type: String, default: '' },
    publication: { type: String, required: true, enum: PUBLICATION_STATES, default: 'draft' },
    registrationOpensAt: { type: Date, required: true },
    registrationClosesAt: { type: Date, required: true },
    groups: { type: [groupSchema], required: true },
    trades: { type: [tradeSchema], required: true },
    /** Unions taking part; the unions below them take part through them. */
    participatingUnionIds: { type: [Types.ObjectId], default: [] },
    quotas: { type: [quotaSchema], default: [] },
    eligibility: { type: eligibilitySchema, default: () => ({}) },
    venues: { type: [venueSchema], default: [] },
    /** The set-up's results settings as the shared schema parsed them (read back through resolveResultsSettings); missing: the defaults. */
    results: { type: Schema.Types.Mixed, default: undefined },
    /** When the results became final (the 公示 closed): scores and ranks change no more. */
    resultsFinalAt: { type: Date, default: null },
    /** Union levels auditing before the committee (services/auditLevels.ts): 1, or 2 (基层工会, then its parent). */
    auditLevels: { type: Number, enum: [1, 2], default: 1 },
    /** Each group's audit path (shared/src/schoolPath.ts), e.g. { student: 'school_host' }; a group not named: 'union'. */
    groupPaths: { type: Schema.Types.Mixed, default: undefined },
    /** Each trade × school-path group's host unit (承办单位), an organisation of the directory. */
    hostUnits: { type: [hostUnitSchema], default: undefined },
    /** Bumped by every set-up change: a change names the version it was made from (409 otherwise). */
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, collection: 'competitions' },
);

competitionSchema.index({ slug: 1 }, { unique: true });
competitionSchema.index({ entryKey: 1 }, { unique: true, partialFilterExpression: { entryKey: { $type: 'string' } } });
// Serves the public list: published competitions ordered by deadline.
competitionSchema.index({ publication: 1, registrationClosesAt: 1 });
// The directory refuses to lose a union that a competition names.
competitionSchema.index({ participatingUnionIds: 1 });

export type CompetitionRecord = InferSchemaType<typeof competitionSchema>;
export type CompetitionDocument = HydratedDocument<CompetitionRecord>;
export const CompetitionModel = model('Competition', competitionSchema);

/**
 * A competition as read with lean(), spelled out: the inferred type does not see through
 * arrays of ObjectIds and nested schemas. Competitions stored before the set-up fields existed
 * lack them; readers fall back to the schema defaults.
 */
export interface CompetitionSetupRecord {
  _id: Types.ObjectId;
  slug: string;
  /** Missing on competitions stored before posters existed; drawn when first needed. */
  entryKey?: string;
  name: string;
  organiser: string;
  description: string;
  publication: (typeof PUBLICATION_STATES)[number];
  registrationOpensAt: Date;
  registrationClosesAt: Date;
  groups: { code: 'worker' | 'student'; name: string }[];
  trades: { code: string; name: string; groups: ('worker' | 'student')[] }[];
  participatingUnionIds?: Types.ObjectId[];
  quotas?: { unionId: Types.ObjectId; tradeCode: string; groupCode: 'worker' | 'student'; places: number }[];
  eligibility?: {
    referenceDate?: Date | null;
    ageRanges?: { groupCode: 'worker' | 'student'; tradeCode?: string | null; minAge: number; maxAge: number }[];
    excludedHonours?: string[];
    workerResidenceRequired?: boolean;
    noFullTimeStudentsInWorkerGroup?: boolean;
    requirements?: Partial<TEligibilityRequirements> | null;
  };
  venues?: { code: string; name: string; address?: string }[];
  results?: unknown;
  resultsFinalAt?: Date | null;
  /** Missing on competitions stored before level-by-level audit: 1. */
  auditLevels?: number;
  groupPaths?: TGroupPaths;
  hostUnits?: { tradeCode: string; groupCode: 'worker' | 'student'; unionId: Types.ObjectId }[];
  version?: number;
}

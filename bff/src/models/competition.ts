import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';

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

const competitionSchema = new Schema(
  {
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
  },
  { timestamps: true, collection: 'competitions' },
);

competitionSchema.index({ slug: 1 }, { unique: true });
// Serves the public list: published competitions ordered by deadline.
competitionSchema.index({ publication: 1, registrationClosesAt: 1 });

export type CompetitionRecord = InferSchemaType<typeof competitionSchema>;
export type CompetitionDocument = HydratedDocument<CompetitionRecord>;
export const CompetitionModel = model('Competition', competitionSchema);

import { Schema, Types, model, type InferSchemaType } from 'mongoose';

/**
 * A worker's registration, reduced to what competition set-up checks against: which trade,
 * group, union and venue it uses. The registration work extends it (person, audit trail, …).
 */
const registrationSchema = new Schema(
  {
    competitionId: { type: Types.ObjectId, required: true },
    unionId: { type: Types.ObjectId, required: true },
    tradeCode: { type: String, required: true },
    groupCode: { type: String, required: true, enum: ['worker', 'student'] },
    venue: { type: String, default: null },
    /** The life-cycle state (ARCHITECTURE.md); `withdrawn` ones no longer hold on to anything. */
    status: { type: String, required: true },
  },
  { timestamps: true, collection: 'registrations' },
);

// Set-up checks: how many registrations use a trade (and group), a union, a venue.
registrationSchema.index({ competitionId: 1, tradeCode: 1, groupCode: 1 });
registrationSchema.index({ competitionId: 1, unionId: 1 });
registrationSchema.index({ competitionId: 1, venue: 1 });

export type RegistrationRecord = InferSchemaType<typeof registrationSchema> & { _id: Types.ObjectId };
export const RegistrationModel = model('Registration', registrationSchema);

import { Schema, Types, model } from 'mongoose';

/**
 * Who is placing registrations in a competition right now (automatic assignment or a move): one at
 * a time, so a run's check of free stations holds until its writes are done and a run is never left
 * half done by another's. Taken by inserting (the unique index refuses a second) or by taking over a
 * lease that ran out (its BFF died); deleted when the run ends.
 */
const placementLeaseSchema = new Schema(
  {
    competitionId: { type: Types.ObjectId, required: true },
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'placement_leases', versionKey: false },
);

placementLeaseSchema.index({ competitionId: 1 }, { unique: true, name: 'one_placement_at_a_time' });

export const PlacementLeaseModel = model('PlacementLease', placementLeaseSchema);

import { Schema, Types, model } from 'mongoose';

/**
 * The exports a person has running, shared by every BFF process: slot n of a person is one
 * document, taken by inserting it (the unique index refuses a second) or by taking over one whose
 * lease ran out (its BFF died mid-export). The running export renews the lease and deletes the
 * document when it ends, however it ends.
 */
const exportLeaseSchema = new Schema(
  {
    userId: { type: Types.ObjectId, required: true },
    slot: { type: Number, required: true },
    /** The export holding the slot: only it renews or releases it. */
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'export_leases', versionKey: false },
);

exportLeaseSchema.index({ userId: 1, slot: 1 }, { unique: true, name: 'one_lease_per_slot' });

export const ExportLeaseModel = model('ExportLease', exportLeaseSchema);

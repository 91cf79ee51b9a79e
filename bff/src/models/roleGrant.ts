import { Schema, Types, model, type InferSchemaType } from 'mongoose';
import { ZRole } from '@contest/shared';

/** A role held by a user, with its scope. Revoked grants are kept for the record. */
const roleGrantSchema = new Schema(
  {
    userId: { type: Types.ObjectId, required: true },
    role: { type: String, required: true, enum: ZRole.options },
    unionId: { type: Types.ObjectId, default: null },
    competitionId: { type: Types.ObjectId, default: null },
    venue: { type: String, default: null },
    invitationId: { type: Types.ObjectId, default: null },
    grantedBy: { type: Types.ObjectId, default: null },
    revokedAt: { type: Date, default: null },
    revokedBy: { type: Types.ObjectId, default: null },
  },
  { timestamps: true, collection: 'role_grants' },
);

roleGrantSchema.index({ userId: 1, revokedAt: 1 });
roleGrantSchema.index({ invitationId: 1 }, { unique: true, partialFilterExpression: { invitationId: { $type: 'objectId' } } });
roleGrantSchema.index({ competitionId: 1, role: 1 });
roleGrantSchema.index({ unionId: 1, role: 1 });

export type RoleGrantRecord = InferSchemaType<typeof roleGrantSchema> & { _id: Types.ObjectId; createdAt: Date };
export const RoleGrantModel = model('RoleGrant', roleGrantSchema);

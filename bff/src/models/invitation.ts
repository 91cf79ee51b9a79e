import { Schema, Types, model, type InferSchemaType } from 'mongoose';
import { ZRole } from '@contest/shared';

/** A one-time, expiring invitation to a role. Only the SHA-256 of the code is stored. */
const invitationSchema = new Schema(
  {
    codeHash: { type: String, required: true },
    role: { type: String, required: true, enum: ZRole.options },
    unionId: { type: Types.ObjectId, default: null },
    competitionId: { type: Types.ObjectId, default: null },
    venue: { type: String, default: null },
    note: { type: String, default: '' },
    /** Null for the first admin's invitation, made on the command line. */
    createdBy: { type: Types.ObjectId, default: null },
    /** The creator's grant that allowed this invitation; revoking it revokes the invitation while pending. */
    issuedUnderGrantId: { type: Types.ObjectId, default: null },
    expiresAt: { type: Date, required: true },
    acceptedBy: { type: Types.ObjectId, default: null },
    acceptedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
    revokedBy: { type: Types.ObjectId, default: null },
  },
  { timestamps: true, collection: 'invitations' },
);

invitationSchema.index({ codeHash: 1 }, { unique: true });
invitationSchema.index({ createdBy: 1, createdAt: -1 });
invitationSchema.index({ competitionId: 1, createdAt: -1 });
invitationSchema.index({ issuedUnderGrantId: 1 }, { partialFilterExpression: { acceptedAt: null, revokedAt: null } });

export type InvitationRecord = InferSchemaType<typeof invitationSchema> & { _id: Types.ObjectId; createdAt: Date };
export const InvitationModel = model('Invitation', invitationSchema);

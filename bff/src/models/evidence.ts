import { Schema, Types, model } from 'mongoose';
import { EVIDENCE_CONTENT_TYPES, ZEvidenceKind, type TEvidenceContentType, type TEvidenceKind } from '@contest/shared';

/**
 * An evidence photo (ID card side, certificate) a worker uploaded for a competition. The bytes are
 * in GridFS (bucket `evidence`, `fileId`), sealed with the personal-data keys; this record says
 * whose they are and what they prove. Pending (no registration) until a submission links it;
 * a pending photo of the same kind replaces the one before, and a resubmission's photo supersedes
 * the linked one (kept, for the trail, but no longer shown).
 */
const evidenceSchema = new Schema(
  {
    userId: { type: Types.ObjectId, required: true },
    competitionId: { type: Types.ObjectId, required: true },
    kind: { type: String, required: true, enum: ZEvidenceKind.options },
    registrationId: { type: Types.ObjectId, default: null },
    fileId: { type: Types.ObjectId, required: true },
    /** Recognised from the bytes, not declared by the client. */
    contentType: { type: String, required: true, enum: EVIDENCE_CONTENT_TYPES },
    /** The photo's own size (the stored file is a little larger: sealed). */
    size: { type: Number, required: true },
    width: { type: Number, required: true },
    height: { type: Number, required: true },
    uploadedAt: { type: Date, required: true },
    supersededAt: { type: Date, default: null },
  },
  { collection: 'evidence', versionKey: false },
);

// The worker's pending photos of a competition (the form, the submission's check and link).
evidenceSchema.index({ userId: 1, competitionId: 1, registrationId: 1, kind: 1 });
// A registration's photos (the audit detail, a desk's view).
evidenceSchema.index({ registrationId: 1, kind: 1 });

export interface EvidenceRecord {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  competitionId: Types.ObjectId;
  kind: TEvidenceKind;
  registrationId: Types.ObjectId | null;
  fileId: Types.ObjectId;
  contentType: TEvidenceContentType;
  size: number;
  width: number;
  height: number;
  uploadedAt: Date;
  supersededAt: Date | null;
}
export const EvidenceModel = model('Evidence', evidenceSchema);

/** The GridFS bucket holding the sealed bytes. */
export const EVIDENCE_BUCKET = 'evidence';

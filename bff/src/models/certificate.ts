import { Schema, Types, model } from 'mongoose';
import type { TAward, TGroupCode } from '@contest/shared';

/**
 * The last certificate serial drawn in the deployment (one document, `_id` 'certificates'):
 * serials are unique across competitions because a token and a short code name a certificate by
 * serial alone. Drawn by one `$inc`; a crash after drawing leaves a gap, never a duplicate.
 */
const certificateSerialSchema = new Schema(
  {
    _id: { type: String, required: true },
    last: { type: Number, required: true, default: 0 },
  },
  { collection: 'certificate_serials', versionKey: false },
);
export const CertificateSerialModel = model('CertificateSerial', certificateSerialSchema);

/**
 * An award certificate: what was printed (name, union, trade, group, award, honours) as the final
 * results said it. `version` rises on a re-issue (older prints then verify as revoked).
 */
const certificateSchema = new Schema(
  {
    serial: { type: Number, required: true },
    competitionId: { type: Types.ObjectId, required: true },
    registrationId: { type: Types.ObjectId, required: true },
    award: { type: String, required: true, enum: ['gold', 'silver', 'bronze', 'excellence'] },
    honours: { type: [String], default: [] },
    name: { type: String, required: true },
    unionName: { type: String, required: true },
    tradeCode: { type: String, required: true },
    groupCode: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    version: { type: Number, required: true, default: 1 },
    revokedAt: { type: Date, default: null },
    revokedReason: { type: String, default: null },
  },
  { collection: 'certificates', versionKey: false },
);
// Verification looks a certificate up by serial.
certificateSchema.index({ serial: 1 }, { unique: true, name: 'one_certificate_per_serial' });
// Issuance is idempotent: one certificate per contestant of a competition.
certificateSchema.index({ competitionId: 1, registrationId: 1 }, { unique: true, name: 'one_certificate_per_registration' });

export interface CertificateRecord {
  _id: Types.ObjectId;
  serial: number;
  competitionId: Types.ObjectId;
  registrationId: Types.ObjectId;
  award: TAward;
  honours: string[];
  name: string;
  unionName: string;
  tradeCode: string;
  groupCode: TGroupCode;
  issuedAt: Date;
  version: number;
  revokedAt: Date | null;
  revokedReason: string | null;
}
export const CertificateModel = model('Certificate', certificateSchema);

/**
 * A competition whose certificates have all been issued (`_id` the competition). Its absence after
 * the results are final means issuance was interrupted: the sweeper issues what is missing.
 */
const certificateIssuanceSchema = new Schema(
  {
    _id: { type: Types.ObjectId, required: true },
    doneAt: { type: Date, required: true },
    issued: { type: Number, required: true },
  },
  { collection: 'certificate_issuances', versionKey: false },
);
export const CertificateIssuanceModel = model('CertificateIssuance', certificateIssuanceSchema);

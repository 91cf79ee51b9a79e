import { parseCertificateCode } from '@contest/shared';
import type { CertificateSigner } from './signer';

/** What the certificate record says now; the certificate model supplies it by serial. */
export interface CertificateRecordState {
  /** 24 hex digits. */
  competitionId: string;
  version: number;
  revoked: boolean;
}

export type CertificateLookup = (certificateSerial: number) => Promise<CertificateRecordState | null>;

/**
 * The answer the public verification page shows: `valid`; `revoked` (the certificate was revoked,
 * or re-issued and this is an older print); `unknown` (no certificate has this serial); `forged`
 * (not a token this BFF signed: altered, truncated, or naming a key it does not hold). A typed
 * short code cannot be forged, only mistyped: its check character fails.
 */
export type CertificateVerification =
  | { status: 'valid' | 'revoked'; certificateSerial: number; competitionId: string }
  | { status: 'unknown' | 'forged' };

export type CertificateCodeVerification =
  | { status: 'valid' | 'revoked'; certificateSerial: number; competitionId: string }
  | { status: 'unknown' | 'mistyped' };

/** The certificate a scanned QR token names, checked against its signature and then its record. */
export async function verifyCertificateToken(
  signer: CertificateSigner,
  token: string,
  lookup: CertificateLookup,
): Promise<CertificateVerification> {
  const fields = signer.signedFields(token);
  if (!fields) return { status: 'forged' };
  const record = await lookup(fields.certificateSerial);
  if (!record || record.competitionId !== fields.competitionId) return { status: 'unknown' };
  const current = !record.revoked && record.version === fields.certificateVersion;
  return { status: current ? 'valid' : 'revoked', certificateSerial: fields.certificateSerial, competitionId: record.competitionId };
}

/** The certificate a typed short code names. */
export async function verifyCertificateCode(
  signer: CertificateSigner,
  typed: string,
  lookup: CertificateLookup,
): Promise<CertificateCodeVerification> {
  if (parseCertificateCode(typed) === null) return { status: 'mistyped' };
  const serial = signer.serialOfShortCode(typed);
  const record = serial === null ? null : await lookup(serial);
  if (!record || serial === null) return { status: 'unknown' };
  return { status: record.revoked ? 'revoked' : 'valid', certificateSerial: serial, competitionId: record.competitionId };
}

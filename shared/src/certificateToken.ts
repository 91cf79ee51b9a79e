import { decodeBase64Url, encodeBase64Url, PASS_KEY_ID, PASS_SIGNATURE_BYTES } from './passToken';
import { asciiBytes, bigEndianBytes, isIntegerBetween, objectIdBytes, readBigEndian } from './tokenBytes';

/**
 * The award certificate's verification token (its QR code) and short code (typed on the public
 * verification page). Pure and synchronous like the pass token: the BFF signs, verifies and keys
 * the short codes with node:crypto; this file holds the layouts only.
 *
 * Token layout (format 1), big-endian, base64url without padding:
 *
 * | bytes | field |
 * | --- | --- |
 * | 1 | format, 0x01 |
 * | 1 + k | key id: length k (1–8), then k ASCII characters `[A-Za-z0-9_-]` (the pass signing keys) |
 * | 12 | competition id |
 * | 4 | certificate serial, 1 … 4 294 967 295, unique across the deployment |
 * | 2 | certificate version (1 on issue, +1 on each re-issue), 1 … 65 535 |
 * | 64 | Ed25519 signature |
 *
 * The signature covers `contest-certificate/1`, a zero byte, then every byte before the signature.
 * The pass token's message starts `contest-pass/1` and a zero byte: the two differ in their 9th
 * byte, so no signature made for a pass verifies as a certificate's, or the reverse, under the
 * same key. Unlike a pass, the competition is carried: the public page verifying it knows nothing
 * else. No personal data is inside. With a 2-character key id a token is 86 bytes, 115 characters.
 *
 * Short code: 10 Crockford base32 characters, 9 naming the certificate (45 bits, a keyed
 * permutation of the serial made by the BFF, so distinct for distinct serials and not guessable)
 * and a check character (Luhn mod 32) that catches every single mistyped character. Shown as
 * `XXXXX-XXXXX`; typed in any case, with or without the hyphen or spaces, `I`/`L` read as 1 and `O`
 * as 0.
 */

export const CERTIFICATE_TOKEN_FORMAT = 1;
export const MAX_CERTIFICATE_SERIAL = 0xffffffff;
export const MAX_CERTIFICATE_VERSION = 0xffff;

const SIGNING_DOMAIN = 'contest-certificate/1';
const COMPETITION_ID = /^[0-9a-f]{24}$/;

export interface CertificateTokenFields {
  keyId: string;
  /** 24 lower-case hex digits. */
  competitionId: string;
  certificateSerial: number;
  certificateVersion: number;
}

/** A token taken apart: its fields, the bytes the signature covers (after the domain), and the signature. */
export interface DecodedCertificateToken {
  fields: CertificateTokenFields;
  body: Uint8Array;
  signature: Uint8Array;
}

function isValidFields(fields: CertificateTokenFields): boolean {
  return (
    PASS_KEY_ID.test(fields.keyId) &&
    COMPETITION_ID.test(fields.competitionId) &&
    isIntegerBetween(fields.certificateSerial, 1, MAX_CERTIFICATE_SERIAL) &&
    isIntegerBetween(fields.certificateVersion, 1, MAX_CERTIFICATE_VERSION)
  );
}

/** The bytes before the signature. Throws on a field outside the layout (a bug, not input). */
export function encodeCertificateTokenBody(fields: CertificateTokenFields): Uint8Array {
  if (!isValidFields(fields)) throw new Error('certificate token fields outside the layout');
  return Uint8Array.from([
    CERTIFICATE_TOKEN_FORMAT,
    fields.keyId.length,
    ...asciiBytes(fields.keyId),
    ...objectIdBytes(fields.competitionId),
    ...bigEndianBytes(fields.certificateSerial, 4),
    ...bigEndianBytes(fields.certificateVersion, 2),
  ]);
}

/** What the signature covers: the domain, a zero byte, the body. */
export function certificateTokenSigningMessage(body: Uint8Array): Uint8Array {
  return Uint8Array.from([...asciiBytes(SIGNING_DOMAIN), 0, ...body]);
}

/** The token: body and signature, base64url without padding. */
export function assembleCertificateToken(body: Uint8Array, signature: Uint8Array): string {
  if (signature.length !== PASS_SIGNATURE_BYTES) throw new Error('an Ed25519 signature is 64 bytes');
  return encodeBase64Url(Uint8Array.from([...body, ...signature]));
}

/**
 * The token's fields, or null for anything that is not exactly a format-1 token (another format,
 * a field out of range, a byte missing or extra, non-canonical base64url). Says nothing about
 * authenticity: verify the signature before trusting a field.
 */
export function decodeCertificateToken(token: string): DecodedCertificateToken | null {
  const bytes = decodeBase64Url(token);
  if (!bytes || bytes[0] !== CERTIFICATE_TOKEN_FORMAT) return null;
  const keyLength = bytes[1] ?? 0;
  const bodyLength = 2 + keyLength + 12 + 6;
  if (bytes.length !== bodyLength + PASS_SIGNATURE_BYTES) return null;
  const keyId = String.fromCharCode(...bytes.subarray(2, 2 + keyLength));
  let at = 2 + keyLength;
  const competitionId = Array.from(bytes.subarray(at, at + 12), (b) => b.toString(16).padStart(2, '0')).join('');
  at += 12;
  const certificateSerial = readBigEndian(bytes, at, 4);
  const certificateVersion = readBigEndian(bytes, at + 4, 2);
  const fields = { keyId, competitionId, certificateSerial, certificateVersion };
  if (!isValidFields(fields)) return null;
  return { fields, body: bytes.slice(0, bodyLength), signature: bytes.slice(bodyLength) };
}

/** Crockford's base32: no I, L, O or U. */
export const CERTIFICATE_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Characters naming the certificate; the check character follows. */
export const CERTIFICATE_CODE_DATA_LENGTH = 9;
/** The largest number 9 characters hold (45 bits). */
export const MAX_CERTIFICATE_CODE_VALUE = 2 ** (5 * CERTIFICATE_CODE_DATA_LENGTH) - 1;

/** Luhn mod 32 over the symbols' values, rightmost doubled first: any single changed character changes it. */
function luhnSum(values: number[], doubleFirst: boolean): number {
  let sum = 0;
  let double = doubleFirst;
  for (let i = values.length - 1; i >= 0; i -= 1) {
    const addend = values[i]! * (double ? 2 : 1);
    sum += Math.floor(addend / 32) + (addend % 32);
    double = !double;
  }
  return sum % 32;
}

/** The canonical short code (`XXXXX-XXXXX`) of a 45-bit value. Throws outside 0 … 2⁴⁵ − 1 (a bug, not input). */
export function formatCertificateCode(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > MAX_CERTIFICATE_CODE_VALUE) throw new Error('a short code holds 45 bits');
  const values = Array.from({ length: CERTIFICATE_CODE_DATA_LENGTH }, (_, i) =>
    Math.floor(value / 32 ** (CERTIFICATE_CODE_DATA_LENGTH - 1 - i)) % 32,
  );
  const check = (32 - luhnSum(values, true)) % 32;
  const text = [...values, check].map((v) => CERTIFICATE_CODE_ALPHABET[v]).join('');
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

/**
 * The 45-bit value of a short code as a person typed it, or null when it is not one: wrong
 * length, a character outside the alphabet, or a check character that does not match (a typo).
 */
export function parseCertificateCode(typed: string): number | null {
  const text = typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (text.length !== CERTIFICATE_CODE_DATA_LENGTH + 1) return null;
  const values = Array.from(text, (c) => CERTIFICATE_CODE_ALPHABET.indexOf(c));
  if (values.some((v) => v < 0) || luhnSum(values, false) !== 0) return null;
  return values.slice(0, CERTIFICATE_CODE_DATA_LENGTH).reduce((value, v) => value * 32 + v, 0);
}

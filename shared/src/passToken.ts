/**
 * The admission pass's QR token: a compact binary layout, base64url, read alike by the BFF and the
 * phone (offline). Pure and synchronous: no crypto here; the BFF signs and verifies with
 * node:crypto, the phone with @noble/ed25519, both over `passTokenSigningMessage`.
 *
 * Layout (format 1), big-endian:
 *
 * | bytes | field |
 * | --- | --- |
 * | 1 | format, 0x01 |
 * | 1 + k | key id: length k (1–8), then k ASCII characters `[A-Za-z0-9_-]` |
 * | 4 | pass serial (the pass number without its check digit), 1 … 9 999 999 |
 * | 2 | pass version (1 on issue, +1 on each re-issue), 1 … 65 535 |
 * | 1 + v | venue code: length v (1–32), then `[a-z0-9-]` |
 * | 1 + s | session code: length s (1–16), then `[a-z0-9-]` |
 * | 64 | Ed25519 signature |
 *
 * The signature covers `contest-pass/1`, a zero byte, the competition's 12-byte id, then every byte
 * before the signature. The competition is bound by the signature but not carried (12 bytes saved):
 * the verifier supplies the competition it checks in for (the staff member's grant, the roster's),
 * so a pass of another competition does not verify. No personal data is inside: a token names a
 * pass, a venue and a session. With short codes (`k1`, `main`, `am`) a token is 82 bytes, 110
 * characters; every field at its longest, 130 bytes, 174 characters.
 */

import { asciiBytes, bigEndianBytes, isIntegerBetween, objectIdBytes, readBigEndian } from './tokenBytes';

export const PASS_TOKEN_FORMAT = 1;
export const PASS_SIGNATURE_BYTES = 64;
export const PASS_PUBLIC_KEY_BYTES = 32;
export const MAX_PASS_SERIAL = 9_999_999;
export const MAX_PASS_VERSION = 0xffff;

/** Key ids name a signing key (rotation: old keys keep verifying the passes they signed). */
export const PASS_KEY_ID = /^[A-Za-z0-9_-]{1,8}$/;
/** The same alphabet and length as a venue code in the competition set-up. */
export const PASS_VENUE_CODE = /^[a-z0-9-]{1,32}$/;
/** Session codes: unique within a competition. */
export const PASS_SESSION_CODE = /^[a-z0-9-]{1,16}$/;

const SIGNING_DOMAIN = 'contest-pass/1';

/** What a token says. */
export interface PassTokenFields {
  keyId: string;
  passSerial: number;
  passVersion: number;
  venueCode: string;
  sessionCode: string;
}

/** A token taken apart: its fields, the bytes the signature covers (without the competition), and the signature. */
export interface DecodedPassToken {
  fields: PassTokenFields;
  body: Uint8Array;
  signature: Uint8Array;
}

function isValidFields(fields: PassTokenFields): boolean {
  return (
    PASS_KEY_ID.test(fields.keyId) &&
    PASS_VENUE_CODE.test(fields.venueCode) &&
    PASS_SESSION_CODE.test(fields.sessionCode) &&
    isIntegerBetween(fields.passSerial, 1, MAX_PASS_SERIAL) &&
    isIntegerBetween(fields.passVersion, 1, MAX_PASS_VERSION)
  );
}

/** The bytes before the signature. Throws on a field outside the layout (a bug, not input). */
export function encodePassTokenBody(fields: PassTokenFields): Uint8Array {
  if (!isValidFields(fields)) throw new Error('pass token fields outside the layout');
  return Uint8Array.from([
    PASS_TOKEN_FORMAT,
    fields.keyId.length,
    ...asciiBytes(fields.keyId),
    ...bigEndianBytes(fields.passSerial, 4),
    ...bigEndianBytes(fields.passVersion, 2),
    fields.venueCode.length,
    ...asciiBytes(fields.venueCode),
    fields.sessionCode.length,
    ...asciiBytes(fields.sessionCode),
  ]);
}

/** What the signature covers: the domain, a zero byte, the competition's id (24 hex digits) as 12 bytes, the body. */
export function passTokenSigningMessage(competitionId: string, body: Uint8Array): Uint8Array {
  return Uint8Array.from([...asciiBytes(SIGNING_DOMAIN), 0, ...objectIdBytes(competitionId), ...body]);
}

/** The token: body and signature, base64url without padding. */
export function assemblePassToken(body: Uint8Array, signature: Uint8Array): string {
  if (signature.length !== PASS_SIGNATURE_BYTES) throw new Error('an Ed25519 signature is 64 bytes');
  const bytes = new Uint8Array(body.length + signature.length);
  bytes.set(body, 0);
  bytes.set(signature, body.length);
  return encodeBase64Url(bytes);
}

/** Reads a length-prefixed ASCII field at `at`; null when it runs past the end or breaks `pattern`. */
function readCode(bytes: Uint8Array, at: number, pattern: RegExp): { value: string; next: number } | null {
  const length = bytes[at];
  if (length === undefined || at + 1 + length > bytes.length) return null;
  const value = String.fromCharCode(...bytes.subarray(at + 1, at + 1 + length));
  return pattern.test(value) ? { value, next: at + 1 + length } : null;
}

/**
 * The token's fields, or null for anything that is not exactly a format-1 token: another format,
 * a field outside its alphabet or range, a missing or extra byte, base64url that is not canonical.
 * Decoding says nothing about authenticity: verify the signature before trusting a field.
 */
export function decodePassToken(token: string): DecodedPassToken | null {
  const bytes = decodeBase64Url(token);
  if (!bytes || bytes[0] !== PASS_TOKEN_FORMAT) return null;
  const keyId = readCode(bytes, 1, PASS_KEY_ID);
  if (!keyId || keyId.next + 6 > bytes.length) return null;
  let at = keyId.next;
  const passSerial = readBigEndian(bytes, at, 4);
  const passVersion = readBigEndian(bytes, at + 4, 2);
  at += 6;
  const venue = readCode(bytes, at, PASS_VENUE_CODE);
  const session = venue && readCode(bytes, venue.next, PASS_SESSION_CODE);
  if (!venue || !session || bytes.length !== session.next + PASS_SIGNATURE_BYTES) return null;
  const fields = { keyId: keyId.value, passSerial, passVersion, venueCode: venue.value, sessionCode: session.value };
  if (!isValidFields(fields)) return null;
  return { fields, body: bytes.slice(0, session.next), signature: bytes.slice(session.next) };
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url without padding (RFC 4648 §5); no Buffer or btoa, which the mini-program lacks. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c += 1) text += BASE64URL[(chunk >>> (18 - c * 6)) & 63];
  }
  return text;
}

/**
 * The bytes of base64url text without padding, or null unless it is canonical: only the alphabet,
 * no impossible length, and unused low bits of the last character zero. So two different texts
 * never decode to the same bytes, and a change to any character of a token changes what it says.
 */
export function decodeBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let out = 0;
  for (const char of text) {
    const value = BASE64URL.indexOf(char);
    if (value < 0) return null;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (buffer >>> bits) & 0xff;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) return null;
  return bytes;
}

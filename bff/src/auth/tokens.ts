import { createHash, randomBytes } from 'node:crypto';
import { randomReadableCode } from '../randomCodes';

/** A 256-bit bearer token; only its hash is stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** 10 characters without look-alikes: easy to read aloud, type, or put in a QR `scene`. */
export function newInvitationCode(): string {
  return randomReadableCode(10);
}

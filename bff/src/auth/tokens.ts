import { createHash, randomBytes, randomInt } from 'node:crypto';
import { UNION_CODE_ALPHABET } from '@contest/shared';

/** A 256-bit bearer token; only its hash is stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** 10 characters without look-alikes: easy to read aloud, type, or put in a QR `scene`. */
export function newInvitationCode(): string {
  let code = '';
  for (let i = 0; i < 10; i += 1) code += UNION_CODE_ALPHABET.charAt(randomInt(UNION_CODE_ALPHABET.length));
  return code;
}

import { randomInt } from 'node:crypto';
import { UNION_CODE_ALPHABET } from '@contest/shared';

/**
 * Random codes people read, type or scan (union codes, invitation codes, poster keys): drawn
 * with a cryptographic generator from the alphabet without look-alikes (no 0/O, 1/I/L).
 */
export function randomReadableCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i += 1) code += UNION_CODE_ALPHABET.charAt(randomInt(UNION_CODE_ALPHABET.length));
  return code;
}

/**
 * Union codes the system issues: short, from an alphabet without look-alikes (0/O, 1/I/L),
 * ending in a check character so that a mistyped code is caught before any look-up.
 *
 * The check is a position-weighted sum modulo 31 (the alphabet's size, a prime): with weights
 * 1, 2, 3, … every single-character change and every swap of two different neighbours changes
 * the sum, so both are always caught. Codes may be at most 30 characters long.
 */
export const UNION_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const MODULUS = UNION_CODE_ALPHABET.length;

function weightedSum(characters: string): number | null {
  let sum = 0;
  for (let i = 0; i < characters.length; i += 1) {
    const value = UNION_CODE_ALPHABET.indexOf(characters.charAt(i));
    if (value < 0) return null;
    sum = (sum + (i + 1) * value) % MODULUS;
  }
  return sum;
}

function modularInverse(value: number): number {
  for (let candidate = 1; candidate < MODULUS; candidate += 1) {
    if ((value * candidate) % MODULUS === 1) return candidate;
  }
  throw new Error(`no inverse of ${value} modulo ${MODULUS}`);
}

/** The check character for a code body; throws on characters outside the alphabet. */
export function unionCodeCheckCharacter(body: string): string {
  const normalized = body.toUpperCase();
  const sum = weightedSum(normalized);
  if (sum === null || normalized.length === 0 || normalized.length >= MODULUS - 1) {
    throw new Error(`not a union code body: ${body}`);
  }
  const weight = normalized.length + 1;
  const value = ((MODULUS - sum) * modularInverse(weight)) % MODULUS;
  return UNION_CODE_ALPHABET.charAt(value);
}

/** True when `code` (body + check character) is an issued-style code whose check character matches. */
export function hasValidUnionCodeCheck(code: string): boolean {
  const normalized = code.trim().toUpperCase();
  if (normalized.length < 2 || normalized.length >= MODULUS) return false;
  return weightedSum(normalized) === 0;
}

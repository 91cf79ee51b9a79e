/**
 * Union codes the system issues: short, from an alphabet without look-alikes (0/O, 1/I/L),
 * ending in a check character so that a mistyped code is caught before any look-up.
 *
 * The check is a position-weighted sum modulo 31 (the alphabet's size, a prime): with weights
 * 1, 2, 3, … every single-character change and every swap of two different neighbours changes
 * the sum, so both are always caught. Codes may be at most 30 characters long.
 */
import { normalizeUnionCode } from './typedInput';

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
  const normalized = normalizeUnionCode(code);
  if (normalized.length < 2 || normalized.length >= MODULUS) return false;
  return weightedSum(normalized) === 0;
}

/** Letters a person may have typed for a digit in a code: O for 0, I and L for 1. */
const DIGIT_LOOK_ALIKES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };
/** 2^8 − 1 = 255 readings at most; a code with more look-alike letters is not folded at all. */
const MAX_FOLDED_LETTERS = 8;

/**
 * Every code `code` (normalised) may stand for if some of its letters O, I and L were meant as
 * the digits 0 and 1, the code itself excluded. Issued codes contain none of these characters;
 * imported codes may contain any of them, so each reading is only a candidate to look up.
 */
export function unionCodeDigitReadings(code: string): string[] {
  const positions = [...code].flatMap((character, index) => (DIGIT_LOOK_ALIKES[character] ? [index] : []));
  if (positions.length === 0 || positions.length > MAX_FOLDED_LETTERS) return [];
  const readings: string[] = [];
  for (let chosen = 1; chosen < 2 ** positions.length; chosen += 1) {
    const characters = [...code];
    positions.forEach((position, bit) => {
      if (chosen & (2 ** bit)) characters[position] = DIGIT_LOOK_ALIKES[characters[position]!]!;
    });
    readings.push(characters.join(''));
  }
  return readings;
}

/**
 * The union a typed code (normalised) names: the one with that code as typed; otherwise, when
 * exactly one union has a code among its look-alike readings (`O123` for `0123`), that one. Two
 * candidates (`0O12` and `0012` for `OO12`) are ambiguous: none is chosen. A code found as typed
 * is never read as another. `findByCodes` answers the unions whose codes are among those given.
 */
export async function findByTypedUnionCode<TUnion extends { code: string }>(
  typed: string,
  findByCodes: (codes: readonly string[]) => Promise<readonly TUnion[]>,
): Promise<TUnion | null> {
  const asTyped = (await findByCodes([typed])).find((union) => union.code === typed);
  if (asTyped) return asTyped;
  const readings = unionCodeDigitReadings(typed);
  if (readings.length === 0) return null;
  const candidates = (await findByCodes(readings)).filter((union) => readings.includes(union.code));
  return candidates.length === 1 ? candidates[0]! : null;
}

/**
 * Resident identity card numbers (GB 11643-1999): 6-digit region, 8-digit birth date,
 * 3-digit sequence (odd = male), and an ISO 7064 MOD 11-2 check character (0-9 or X).
 * The check character catches every single mistyped character and every swap of two
 * different neighbours.
 */

import { normalizeNationalId } from './typedInput';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/** Provinces (first two digits) per GB/T 2260, plus Taiwan, Hong Kong and Macao. */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65,
  71, 81, 82,
]);

export type TSex = 'male' | 'female';

export type TNationalIdResult =
  | { ok: true; normalized: string; birthDate: string; sex: TSex }
  | { ok: false; message: string };

export function nationalIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17.charAt(i)) * WEIGHTS[i]!;
  return CHECK_CHARACTERS.charAt(sum % 11);
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Checks an ID number and derives birth date (YYYY-MM-DD) and sex from it.
 * `today` (YYYY-MM-DD) bounds the birth date; messages are for the person typing the number.
 */
export function parseNationalId(input: string, today: string): TNationalIdResult {
  const normalized = normalizeNationalId(input);
  if (!/^\d{17}[\dX]$/.test(normalized)) return { ok: false, message: '身份证号应为18位，前17位为数字，最后一位为数字或X' };
  if (!PROVINCES.has(Number(normalized.slice(0, 2)))) return { ok: false, message: '身份证号的地区码不正确' };
  const year = Number(normalized.slice(6, 10));
  const month = Number(normalized.slice(10, 12));
  const day = Number(normalized.slice(12, 14));
  const birthDate = `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`;
  if (year < 1900 || !isRealDate(year, month, day) || birthDate > today) return { ok: false, message: '身份证号中的出生日期不正确' };
  if (nationalIdCheckCharacter(normalized) !== normalized.charAt(17)) return { ok: false, message: '身份证号校验位不正确，请核对后重新输入' };
  const sex: TSex = Number(normalized.charAt(16)) % 2 === 1 ? 'male' : 'female';
  return { ok: true, normalized, birthDate, sex };
}

/** Full years of age on `onDate` for someone born on `birthDate` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** 110101********1234: first 6 and last 4 shown. */
export function maskNationalId(id: string): string {
  return `${id.slice(0, 6)}********${id.slice(-4)}`;
}

/** 138****5678: first 3 and last 4 shown. */
export function maskMobile(mobile: string): string {
  return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}

/** Byte fields the signed QR tokens (admission pass, certificate) are built from. */

export const asciiBytes = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));

/** A MongoDB id (24 hex digits) as its 12 bytes; throws on anything else (a bug, not input). */
export function objectIdBytes(hex: string): number[] {
  if (!/^[0-9a-f]{24}$/i.test(hex)) throw new Error('a competition id is 24 hex digits');
  return Array.from({ length: 12 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

/** An unsigned integer big-endian in `size` bytes (at most 4). */
export const bigEndianBytes = (value: number, size: number): number[] =>
  Array.from({ length: size }, (_, i) => Math.floor(value / 256 ** (size - 1 - i)) % 256);

/** The unsigned integer in `size` bytes at `at`, big-endian; the caller has checked the length. */
export const readBigEndian = (bytes: Uint8Array, at: number, size: number): number =>
  Array.from(bytes.subarray(at, at + size)).reduce((value, byte) => value * 256 + byte, 0);

export const isIntegerBetween = (value: number, min: number, max: number): boolean => Number.isInteger(value) && value >= min && value <= max;

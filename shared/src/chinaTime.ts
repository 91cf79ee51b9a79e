/**
 * China Standard Time (Asia/Shanghai) for everything the product shows or decides by the calendar.
 * CST is UTC+8 all year (no daylight saving since 1991), so a fixed offset is exact and needs no
 * `Intl` time-zone data, which some mini-program JS engines lack.
 */

/** A moment as the BFF holds it (Date) or as the API sends it (ISO string). */
export type Instant = Date | string;

const CHINA_OFFSET_MS = 8 * 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The moment shifted so that its UTC fields read China's wall clock; undefined for an unreadable one. */
export function chinaWallClock(instant: Instant): Date | undefined {
  const time = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return Number.isNaN(time) ? undefined : new Date(time + CHINA_OFFSET_MS);
}

/** `YYYY-MM-DD` in China; '' for an unreadable moment. */
export function chinaDate(instant: Instant): string {
  const d = chinaWallClock(instant);
  return d ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` : '';
}

/** Today in China: ID numbers cannot be born after it. */
export function chinaToday(now: Date = new Date()): string {
  return chinaDate(now);
}

/** `YYYY-MM-DDTHH:mm:ss+08:00`; '' for an unreadable moment. */
export function chinaIsoString(instant: Instant): string {
  const d = chinaWallClock(instant);
  if (!d) return '';
  return `${chinaDate(instant)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+08:00`;
}

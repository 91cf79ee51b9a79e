import { chinaWallClock } from '@contest/shared'

/** Dates as people in China read them: 2020年8月31日, in China time. */
const inChina = chinaWallClock

/** `2020-08-31T23:59:59+08:00` → `2020年8月31日`; `''` for an unreadable date. */
export function formatChinaDate(iso: string): string {
  const d = inChina(iso)
  if (!d) return ''
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}

/** `2020-08-31T17:30:00+08:00` → `2020年8月31日 17:30`. */
export function formatChinaDateTime(iso: string): string {
  const d = inChina(iso)
  if (!d) return ''
  const hh = String(d.getUTCHours()).padStart(2, '0')
  const mm = String(d.getUTCMinutes()).padStart(2, '0')
  return `${formatChinaDate(iso)} ${hh}:${mm}`
}

/** `2020-08-31T17:30:05+08:00` → `17:30:05` (China time): when a board was updated, when a pass was scanned. */
export function formatChinaClock(iso: string): string {
  const d = inChina(iso)
  if (!d) return ''
  return [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':')
}

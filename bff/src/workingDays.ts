import { AppError, chinaDate } from '@contest/shared';
// The library's own data file (documented by it as a supported way to read the calendar): its
// date-taking functions read the weekday in the server's local time zone, which is wrong west of
// UTC, so we read the dates ourselves and take the weekday from the calendar date alone.
import chineseDays from 'chinese-days/dist/chinese-days.json';

/**
 * The Chinese working-day calendar: Monday to Friday work, Saturday and Sunday rest, except the
 * State Council's yearly arrangement — statutory holidays (法定节假日 and their 调休 rest days) are
 * not working days, adjusted working weekends (调休上班的周六、周日) are.
 *
 * The arrangement comes from the `chinese-days` package (bundled, read offline; no download at run
 * time). Its data covers whole years, from 2004 to the latest year the State Council has
 * published when the installed version was released. A date in a year it does not cover is
 * refused (CALENDAR_NOT_COVERED) rather than guessed as a plain Monday-to-Friday week: the next
 * year's arrangement is published each November and moves weekends. Keeping it current: update
 * the package (`npm install chinese-days@latest -w bff`) once the new arrangement is out.
 *
 * Dates are China calendar dates, `YYYY-MM-DD`.
 */

const { holidays, workdays } = chineseDays as { holidays: Record<string, string>; workdays: Record<string, string> };

const yearsWithArrangement = new Set(Object.keys(holidays).map((date) => Number(date.slice(0, 4))));
/** The years the installed calendar covers: every year from its first to its last published arrangement. */
export const WORKING_DAY_CALENDAR_YEARS = {
  first: Math.min(...yearsWithArrangement),
  last: Math.max(...yearsWithArrangement),
};

const DAY_MS = 86_400_000;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of the calendar date, for arithmetic only; throws on text that is not a real date. */
function dateValue(date: string): number {
  const match = CALENDAR_DATE.exec(date);
  const value = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (Number.isNaN(value) || new Date(value).toISOString().slice(0, 10) !== date) {
    throw new Error(`not a calendar date: ${date}`);
  }
  return value;
}

const dateText = (value: number) => new Date(value).toISOString().slice(0, 10);

function refuseUncovered(date: string): void {
  const year = Number(date.slice(0, 4));
  if (year < WORKING_DAY_CALENDAR_YEARS.first || year > WORKING_DAY_CALENDAR_YEARS.last) {
    throw new AppError(
      'CALENDAR_NOT_COVERED',
      `工作日历尚未收录${year}年的节假日安排（现收录${WORKING_DAY_CALENDAR_YEARS.first}—${WORKING_DAY_CALENDAR_YEARS.last}年），无法计算工作日，请联系管理员更新`,
    );
  }
}

/** Whether people work on this China date; refuses a date outside the calendar's years. */
export function isWorkingDay(date: string): boolean {
  const weekday = new Date(dateValue(date)).getUTCDay();
  refuseUncovered(date);
  if (workdays[date] !== undefined) return true;
  if (holidays[date] !== undefined) return false;
  return weekday !== 0 && weekday !== 6;
}

/**
 * The `n`-th working day after `startDate` (`n` ≥ 1); `startDate` itself never counts, whether or
 * not it is a working day. Refuses (CALENDAR_NOT_COVERED) when the count runs past the calendar.
 */
export function addWorkingDays(startDate: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new Error('count at least one working day');
  let value = dateValue(startDate);
  for (let counted = 0; counted < n; ) {
    value += DAY_MS;
    if (isWorkingDay(dateText(value))) counted += 1;
  }
  return dateText(value);
}

/** When a 公示 ends: its last day in China, and the moment it closes (the end of that day, 24:00 China time). */
export interface AnnouncementClosing {
  closingDate: string;
  closesAt: Date;
}

/**
 * The end of a 公示 of `workingDays` working days opened at `openedAt`. The day it is opened
 * never counts, whatever the hour (as 民法典 第二百零一条 counts periods: 开始的当日不计入): day 1 is the
 * first working day after the China date of `openedAt`, and the announcement runs to the end of
 * its `workingDays`-th working day. Holidays are skipped and adjusted working weekends count.
 */
export function announcementClosingDate(openedAt: Date, workingDays: number): AnnouncementClosing {
  const closingDate = addWorkingDays(chinaDate(openedAt), workingDays);
  // 24:00 China time is 16:00 UTC of the same date.
  return { closingDate, closesAt: new Date(dateValue(closingDate) + DAY_MS - 8 * 3_600_000) };
}

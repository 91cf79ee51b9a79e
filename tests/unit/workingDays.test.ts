import { AppError } from '@contest/shared';
import {
  addWorkingDays,
  announcementClosingDate,
  isWorkingDay,
  WORKING_DAY_CALENDAR_YEARS,
} from '@contest/bff/src/workingDays';

/** A moment given as China wall-clock time. */
const china = (wallClock: string) => new Date(`${wallClock}+08:00`);

describe('the working-day calendar', () => {
  test('the 2025 National Day arrangement: adjusted working Sunday and Saturday, eight days off', () => {
    expect(isWorkingDay('2025-09-27')).toBe(false); // plain Saturday
    expect(isWorkingDay('2025-09-28')).toBe(true); // Sunday, 调休上班
    for (const day of ['01', '02', '03', '04', '05', '06', '07', '08']) expect(isWorkingDay(`2025-10-${day}`)).toBe(false);
    expect(isWorkingDay('2025-10-09')).toBe(true);
    expect(isWorkingDay('2025-10-11')).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2025-10-12')).toBe(false);
  });

  test('the start date never counts, even when it is a working day', () => {
    expect(addWorkingDays('2025-11-10', 1)).toBe('2025-11-11');
    expect(addWorkingDays('2025-11-14', 1)).toBe('2025-11-17');
  });
});

describe('when a 公示 closes', () => {
  test('a plain week: opened on a Monday, five working days end the next Monday at midnight', () => {
    const closing = announcementClosingDate(china('2025-11-10T10:00:00'), 5);
    expect(closing.closingDate).toBe('2025-11-17');
    expect(closing.closesAt.toISOString()).toBe('2025-11-17T16:00:00.000Z');
  });

  test('opened just before 国庆: the adjusted Sunday counts, the holiday does not, the adjusted Saturday does', () => {
    // 9-28 (Sun, working), 9-29, 9-30, then 10-01…08 off, 10-09, 10-10.
    expect(announcementClosingDate(china('2025-09-26T10:00:00'), 5).closingDate).toBe('2025-10-10');
    // 10-09, 10-10, 10-11 (Sat, working), 10-13, 10-14: a Monday-to-Friday count would say 10-07, a holiday-only one 10-15.
    expect(announcementClosingDate(china('2025-09-30T09:00:00'), 5).closingDate).toBe('2025-10-14');
  });

  test('the opening day is the China date: 23:30 and 00:30 an hour apart start the count a day apart', () => {
    expect(announcementClosingDate(china('2025-09-27T23:30:00'), 5).closingDate).toBe('2025-10-10');
    // Opened on the adjusted working Sunday itself: that day does not count.
    expect(announcementClosingDate(china('2025-09-28T00:30:00'), 5).closingDate).toBe('2025-10-11');
  });

  test('Spring Festival 2026: 2-14 and 2-28 are adjusted working Saturdays, 2-15…23 off', () => {
    // 2-13, 2-14 (Sat), 2-24, 2-25, 2-26, 2-27, 2-28 (Sat).
    expect(announcementClosingDate(china('2026-02-12T15:00:00'), 7).closingDate).toBe('2026-02-28');
    expect(announcementClosingDate(china('2026-02-12T15:00:00'), 5).closingDate).toBe('2026-02-26');
  });

  test('a count that runs past the years the calendar covers is refused in Chinese, not guessed', () => {
    const { first, last } = WORKING_DAY_CALENDAR_YEARS;
    expect(first).toBe(2004);
    const refusal = (() => {
      try {
        announcementClosingDate(china(`${last}-12-31T12:00:00`), 1);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'CALENDAR_NOT_COVERED', status: 503 });
    expect((refusal as AppError).message).toContain(`尚未收录${last + 1}年的节假日安排`);
    expect(() => isWorkingDay(`${last + 1}-03-01`)).toThrow(AppError);
    expect(() => isWorkingDay(`${first - 1}-03-01`)).toThrow(AppError);
  });
});

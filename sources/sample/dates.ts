/**
 * Calendar arithmetic for the sample generator on whole UTC days (no clock, no time zone):
 * a `Day` is the number of days since 1970-01-01.
 */

/** Days since 1970-01-01 (UTC). */
export type Day = number;

const MS_PER_DAY = 86_400_000;

/**
 * The day of an ISO date.
 * @example dayOf('2024-10-15'); // 20011
 */
export function dayOf(iso: string): Day {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`dayOf: not an ISO date: ${iso}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

/** Day of a calendar date (month 1–12). */
export function dayFromParts(year: number, month: number, date: number): Day {
  return Date.UTC(year, month - 1, date) / MS_PER_DAY;
}

/**
 * The ISO date (`YYYY-MM-DD`) of a day.
 * @example isoOf(dayOf('2026-06-30')); // '2026-06-30'
 */
export function isoOf(day: Day): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Calendar parts of a day (month 1–12). */
export function partsOf(day: Day): { year: number; month: number; date: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate() };
}

/** Weekday of a day: 0 Sunday … 6 Saturday. */
export function weekdayOf(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCDay();
}

/** Quarter label of a day, e.g. `2025-Q1`. */
export function quarterOf(day: Day): string {
  const { year, month } = partsOf(day);
  return `${year}-Q${Math.ceil(month / 3)}`;
}

/** The n-th (1-based) given weekday of a month, or the last one when n is -1. */
function nthWeekday(year: number, month: number, weekday: number, n: number): Day {
  if (n > 0) {
    const first = dayFromParts(year, month, 1);
    return first + ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7;
  }
  const last = dayFromParts(year, month + 1, 0);
  return last - ((weekdayOf(last) - weekday + 7) % 7);
}

/** A fixed-date holiday moved to Friday or Monday when it falls on a weekend. */
function observed(day: Day): Day {
  const wd = weekdayOf(day);
  if (wd === 6) return day - 1;
  if (wd === 0) return day + 1;
  return day;
}

/**
 * A few US federal holidays of a year on which the sample publishes no rates: New Year's
 * Day, Memorial Day, Juneteenth, Independence Day, Labor Day, Thanksgiving, Christmas.
 * (2023-01-02, the observed New Year holiday, is kept: it is the first day of the sample.)
 */
export function usHolidays(year: number): Set<Day> {
  const days = [
    observed(dayFromParts(year, 1, 1)),
    nthWeekday(year, 5, 1, -1),
    observed(dayFromParts(year, 6, 19)),
    observed(dayFromParts(year, 7, 4)),
    nthWeekday(year, 9, 1, 1),
    nthWeekday(year, 11, 4, 4),
    observed(dayFromParts(year, 12, 25)),
  ];
  return new Set(days.filter((d) => d !== dayOf('2023-01-02')));
}

/**
 * Business days (Monday to Friday, without `usHolidays`) from `from` to `to` inclusive.
 * @example businessDays(dayOf('2026-06-29'), dayOf('2026-07-05')).length; // 4 (3 July is observed)
 */
export function businessDays(from: Day, to: Day): Day[] {
  const out: Day[] = [];
  const holidays = new Map<number, Set<Day>>();
  for (let d = from; d <= to; d++) {
    const wd = weekdayOf(d);
    if (wd === 0 || wd === 6) continue;
    const year = partsOf(d).year;
    let set = holidays.get(year);
    if (!set) {
      set = usHolidays(year);
      holidays.set(year, set);
    }
    if (!set.has(d)) out.push(d);
  }
  return out;
}

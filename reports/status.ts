/**
 * The status of a printed figure: `provisional` while its data may still change, `final` after.
 * A figure of the running year (the year of the as-of date) is provisional; so is any figure of an
 * earlier year until `final_after_days` days after that year's end (late declarations and corrected
 * files still arrive). Constants are final. Pure: the as-of date is an input.
 */
import { addDays } from '../lib/dates.js';

/** `provisional` or `final`. */
export type FigureStatus = 'provisional' | 'final';

/** Days after a year's end during which its figures stay provisional, unless configured. */
export const DEFAULT_FINAL_AFTER_DAYS = 90;

/**
 * The label a period of a bulletin year goes by in figures.json and the metrics: `2025` for the whole
 * year, `2026-01-01..2026-06-30` for the year up to `to` (the running year). `periodEnd` reads it back.
 * @example yearPeriod(2026, '2026-06-30') // '2026-01-01..2026-06-30'
 */
export function yearPeriod(year: number, to: string | null = null): string {
  return to === null ? String(year) : `${year}-01-01..${to}`;
}

/**
 * The last day a figure's period covers, or null for a constant: `2025` → 2025-12-31,
 * `2025-06` → 2025-06-30, `a..b` and `..b` → b, a date → itself.
 * @example periodEnd('2026-01-01..2026-06-30') // '2026-06-30'
 */
export function periodEnd(period: string): string | null {
  const span = /\.\.(\d{4}-\d{2}-\d{2})$/.exec(period);
  if (span) return span[1]!;
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return period;
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return new Date(Date.UTC(Number(month[1]), Number(month[2]), 0)).toISOString().slice(0, 10);
  if (/^\d{4}$/.test(period)) return `${period}-12-31`;
  return null;
}

/**
 * The status of a figure of `period` as of `asOf`: provisional until `finalAfterDays` days after
 * the end of the year its period ends in (so always in the running year), final from that day on.
 * @example figureStatus('2025', '2026-03-30', 90) // 'provisional' (final from 2026-03-31)
 */
export function figureStatus(period: string, asOf: string, finalAfterDays = DEFAULT_FINAL_AFTER_DAYS): FigureStatus {
  const end = periodEnd(period);
  if (end === null) return 'final';
  const year = end.slice(0, 4);
  if (asOf.slice(0, 4) <= year) return 'provisional'; // the running year (or a later one)
  return asOf < finalFrom(year, finalAfterDays) ? 'provisional' : 'final';
}

/**
 * The first as-of date on which the figures of `year` are final.
 * @example finalFrom(2025, 90) // '2026-03-31'
 */
export function finalFrom(year: number | string, finalAfterDays = DEFAULT_FINAL_AFTER_DAYS): string {
  return addDays(`${year}-12-31`, finalAfterDays);
}

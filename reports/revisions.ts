/**
 * Revised figures: a draft figure is matched to the figure its bulletin's last release printed
 * (same service, metric, period, unit and basis, the basis read without the parts that name a day's
 * rate or a count of days) and is revised when its unrounded value differs. Pure.
 */
import { Decimal } from 'decimal.js';
import type { Figure, Revision } from './figures.js';
import type { BulletinData, ReleaseInfo, ReleasedFigure } from './data.js';
import { DEFAULT_FINAL_AFTER_DAYS, figureStatus } from './status.js';
import type { Edition } from './model.js';

/** The basis as matched: the publication rate's value and date, and a count of rate days, left out. */
export const matchBasis = (basis: string | undefined): string =>
  (basis ?? '').replace(/CNY value ÷ [^;]*/g, 'CNY value ÷ publication rate').replace(/mean of \d+ daily/g, 'mean of daily');

/** The key a draft figure and a released one are matched by. */
export const revisionKey = (f: { service: string; metric: string; period: string; unit: string; basis?: string }): string =>
  [f.service, f.metric, f.period, f.unit, matchBasis(f.basis)].join('\u0000');

/** True when two unrounded values differ (null is "n.m."). */
export function valueMoved(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a !== b;
  return !new Decimal(a).eq(b);
}

/**
 * The revision lookup of one edition: for a draft figure, what the release printed when the
 * value moved since, else null (also for a figure the release did not print).
 * @example const revision = revisionLookup(data.release, 'en'); revision(figure) // { release, previous_value, previous_text } | null
 */
export function revisionLookup(release: ReleaseInfo | undefined, edition: Edition): (f: Figure) => Revision | null {
  if (!release) return () => null;
  const byKey = new Map<string, ReleasedFigure>();
  for (const r of release.figures[edition] ?? []) if (!byKey.has(revisionKey(r))) byKey.set(revisionKey(r), r);
  return (f) => {
    if (f.period === 'axis') return null; // an axis tick is a mark of the scale, not a statistic
    const r = byKey.get(revisionKey(f));
    if (!r || !valueMoved(r.value, f.value)) return null;
    return { release: release.id, previous_value: r.value, previous_text: r.text };
  };
}

/**
 * Stamps a figure recorded outside the bulletin's own book (a chart's labels and ticks) as the
 * book stamps its own: its status, and `revised` when its value moved since the last release.
 * @example const stamp = stampFigures(data, 'en'); charts.flatMap((c) => c.figures).map(stamp)
 */
export function stampFigures(data: BulletinData, edition: Edition): (f: Figure) => Figure {
  const revision = revisionLookup(data.release, edition);
  return (f) => {
    const status = f.status ?? figureStatus(f.period, data.asOf, data.finalAfterDays ?? DEFAULT_FINAL_AFTER_DAYS);
    const revised = f.revised ?? revision(f);
    return { ...f, status, ...(revised ? { revised } : {}) };
  };
}

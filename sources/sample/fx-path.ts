/**
 * Synthetic exchange-rate paths: a piecewise-linear path through monthly anchors plus
 * autocorrelated noise, and the exact calibration of the USD→CNY path to the published
 * annual means (US Federal Reserve G.5A) and to the publication rate of 2026-06-30.
 */
import { dayOf, partsOf, type Day } from './dates.js';
import type { Rng } from './rng.js';

/** A point the path passes near: an ISO date and a rate. */
export interface Anchor {
  at: string;
  value: number;
}

/** Published annual means of USD→CNY, in ten-thousandths (7.0809 → 70809). */
export const USD_CNY_ANNUAL_MEANS: Readonly<Record<number, number>> = {
  2023: 70809,
  2024: 71957,
  2025: 71875,
};

/** The publication rate: USD→CNY on 2026-06-30, in ten-thousandths. */
export const USD_CNY_FINAL = { date: '2026-06-30', units: 68088 } as const;

/** Linear interpolation between anchors, constant before the first and after the last. */
export function interpolate(anchors: readonly Anchor[], day: Day): number {
  const first = anchors[0];
  if (!first) throw new Error('interpolate: no anchors');
  let prev = first;
  if (day <= dayOf(prev.at)) return prev.value;
  for (const a of anchors) {
    const d = dayOf(a.at);
    if (day <= d) {
      const d0 = dayOf(prev.at);
      return prev.value + ((a.value - prev.value) * (day - d0)) / (d - d0);
    }
    prev = a;
  }
  return prev.value;
}

/**
 * The anchors' path on the given days with AR(1) noise: `n = phi·n + sd·ε`, relative to the
 * level (so `sd` is a fraction, 0.001 = 0.1 %).
 * @example noisyPath(days, [{ at: '2023-01-02', value: 6.9 }], rng, 0.001, 0.95);
 */
export function noisyPath(
  days: readonly Day[],
  anchors: readonly Anchor[],
  rng: Rng,
  sd: number,
  phi: number,
): number[] {
  let n = 0;
  return days.map((day) => {
    n = phi * n + sd * rng.normal();
    return interpolate(anchors, day) * (1 + n);
  });
}

/** What the calibration did: the shift per year (in rate units) and the nudged days. */
export interface CalibrationReport {
  shift: Record<number, number>;
  nudged: Record<number, number>;
}

/** Indices of `days` that fall in `year`. */
function indicesOfYear(days: readonly Day[], year: number): number[] {
  const out: number[] = [];
  days.forEach((d, i) => {
    if (partsOf(d).year === year) out.push(i);
  });
  return out;
}

/**
 * Calibrates a USD→CNY path exactly and returns it in ten-thousandths.
 *
 * 1. Each calibrated year gets a smooth bump `c·sin(π·t)` (zero at both year ends, so years
 *    join without a step) sized to bring the mean to the target.
 * 2. 2026 gets a linear ramp from zero on its first day so that 2026-06-30 lands on 6.8088.
 * 3. Round to 4 decimals, then move single days by ±0.0001, spread over the year, until the
 *    integer sum of each year is exactly target × N.
 */
export function calibrateUsdCny(
  days: readonly Day[],
  path: readonly number[],
): { units: number[]; report: CalibrationReport } {
  const x = path.map((v) => v * 10_000);
  const report: CalibrationReport = { shift: {}, nudged: {} };
  // 1. Smooth bump per calibrated year
  for (const [yearText, target] of Object.entries(USD_CNY_ANNUAL_MEANS)) {
    const year = Number(yearText);
    const idx = indicesOfYear(days, year);
    const n = idx.length;
    const w = idx.map((_, k) => Math.sin((Math.PI * (k + 0.5)) / n));
    const sum = idx.reduce((s, i) => s + (x[i] ?? 0), 0);
    const c = (target * n - sum) / w.reduce((s, v) => s + v, 0);
    idx.forEach((i, k) => (x[i] = (x[i] ?? 0) + c * (w[k] ?? 0)));
    report.shift[year] = c / 10_000;
  }
  // 2. Ramp to the publication rate
  const finalIndex = days.indexOf(dayOf(USD_CNY_FINAL.date));
  if (finalIndex < 0)
    throw new Error(`calibrateUsdCny: ${USD_CNY_FINAL.date} is not a business day of the path`);
  const idx2026 = indicesOfYear(days, 2026).filter((i) => i <= finalIndex);
  const c2026 = USD_CNY_FINAL.units - (x[finalIndex] ?? 0);
  idx2026.forEach((i, k) => (x[i] = (x[i] ?? 0) + (c2026 * (k + 1)) / idx2026.length));
  report.shift[2026] = c2026 / 10_000;
  // 3. Round, pin the final day, nudge to the exact sums
  const units = x.map((v) => Math.round(v));
  units[finalIndex] = USD_CNY_FINAL.units;
  for (const [yearText, target] of Object.entries(USD_CNY_ANNUAL_MEANS)) {
    const year = Number(yearText);
    const idx = indicesOfYear(days, year);
    let diff = target * idx.length - idx.reduce((s, i) => s + (units[i] ?? 0), 0);
    report.nudged[year] = Math.abs(diff);
    while (diff !== 0) {
      const count = Math.min(Math.abs(diff), idx.length);
      const step = Math.sign(diff);
      for (let j = 0; j < count; j++) {
        const i = idx[Math.floor(((j + 0.5) * idx.length) / count)];
        if (i !== undefined) units[i] = (units[i] ?? 0) + step;
      }
      diff -= step * count;
    }
  }
  return { units, report };
}

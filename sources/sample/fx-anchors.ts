/**
 * Monthly anchors of the synthetic exchange-rate paths. They follow the real paths roughly
 * (the yuan near 6.9 early in 2023, 7.3 in the autumn of 2023, 7.1–7.3 in 2024, 7.3 early
 * in 2025 falling to about 7.05 at the end of 2025 and 6.81 by mid-2026); the USD→CNY path is
 * then calibrated exactly in `fx-path.ts`. Values are units of quote per one unit of base.
 */
import type { Anchor } from './fx-path.js';

/** One synthetic series: its pair, anchors, noise, decimals written and source text. */
export interface SeriesSpec {
  base: string;
  quote: string;
  anchors: readonly Anchor[];
  /** Relative day-to-day noise (AR(1) innovation) and its persistence. */
  sd: number;
  phi: number;
  decimals: number;
  source: string;
}

/** Anchors from a whitespace-separated table of `YYYY-MM-DD rate` pairs. */
function table(text: string): Anchor[] {
  const tokens = text.trim().split(/\s+/);
  const out: Anchor[] = [];
  for (let k = 0; k + 1 < tokens.length; k += 2)
    out.push({ at: tokens[k] ?? '', value: Number(tokens[k + 1]) });
  return out;
}

const FED = 'US Federal Reserve H.10 (synthetic sample)';
const ECB = 'ECB euro reference rate (synthetic sample)';

/** USD→CNY. */
export const USD_CNY: SeriesSpec = {
  base: 'USD',
  quote: 'CNY',
  sd: 0.0009,
  phi: 0.96,
  decimals: 4,
  source: FED,
  anchors: table(`
    2023-01-02 6.9       2023-01-16 6.76      2023-02-01 6.75      2023-02-28 6.94
    2023-03-20 6.88      2023-04-17 6.88      2023-05-16 6.98      2023-06-15 7.16
    2023-06-30 7.24      2023-07-17 7.18      2023-08-15 7.27      2023-09-15 7.29
    2023-10-16 7.31      2023-11-15 7.26      2023-11-30 7.13      2023-12-15 7.12
    2024-01-15 7.17      2024-02-15 7.188     2024-03-15 7.188     2024-04-15 7.228
    2024-05-15 7.218     2024-06-14 7.238     2024-07-15 7.258     2024-08-15 7.158
    2024-09-16 7.078     2024-09-30 7.008     2024-10-15 7.098     2024-11-15 7.218
    2024-12-16 7.268     2025-01-15 7.3       2025-02-14 7.27      2025-03-14 7.23
    2025-04-09 7.33      2025-04-30 7.26      2025-05-15 7.19      2025-06-16 7.17
    2025-07-15 7.16      2025-08-15 7.17      2025-09-15 7.11      2025-10-15 7.11
    2025-11-14 7.09      2025-12-15 7.05      2025-12-31 7.02      2026-01-15 6.99
    2026-02-16 6.96      2026-03-16 6.92      2026-04-15 6.88      2026-05-15 6.84
    2026-06-30 6.81
  `),
};

/** USD→KZT (tenge per dollar). */
export const USD_KZT: SeriesSpec = {
  base: 'USD',
  quote: 'KZT',
  sd: 0.002,
  phi: 0.95,
  decimals: 2,
  source: 'National Bank of Kazakhstan official rate (synthetic sample)',
  anchors: table(`
    2023-01-02 462       2023-03-15 452       2023-05-15 447       2023-07-14 446
    2023-09-15 468       2023-11-15 465       2023-12-29 455       2024-02-15 451
    2024-04-15 446       2024-06-14 452       2024-07-15 475       2024-09-16 480
    2024-11-15 496       2024-12-27 522       2025-01-15 524       2025-03-14 500
    2025-05-15 514       2025-07-15 521       2025-09-15 528       2025-11-14 520
    2025-12-31 512       2026-03-16 505       2026-06-30 509
  `),
};

/** USD→VND (dong per dollar). */
export const USD_VND: SeriesSpec = {
  base: 'USD',
  quote: 'VND',
  sd: 0.0008,
  phi: 0.95,
  decimals: 0,
  source: 'State Bank of Vietnam reference rate (synthetic sample)',
  anchors: table(`
    2023-01-02 23580     2023-03-15 23700     2023-06-15 23560     2023-09-15 24200
    2023-10-31 24500     2023-12-29 24250     2024-03-15 24700     2024-06-14 25450
    2024-09-16 24650     2024-12-16 25400     2025-03-14 25550     2025-06-16 26050
    2025-09-15 26250     2025-12-15 26280     2026-06-30 26180
  `),
};

/** USD→RUB (roubles per dollar). */
export const USD_RUB: SeriesSpec = {
  base: 'USD',
  quote: 'RUB',
  sd: 0.004,
  phi: 0.95,
  decimals: 4,
  source: 'Bank of Russia official rate (synthetic sample)',
  anchors: table(`
    2023-01-02 70.3      2023-03-15 76.5      2023-06-15 83.5      2023-08-14 98
    2023-10-16 97.5      2023-12-29 89.7      2024-03-15 91.8      2024-06-14 88.5
    2024-09-16 91        2024-11-27 105       2025-01-15 102       2025-03-14 86
    2025-06-16 78.5      2025-09-15 82.5      2025-12-15 79.5      2026-06-30 78
  `),
};

/** EUR→USD (dollars per euro, as the ECB publishes). */
export const EUR_USD: SeriesSpec = {
  base: 'EUR',
  quote: 'USD',
  sd: 0.0012,
  phi: 0.95,
  decimals: 4,
  source: ECB,
  anchors: table(`
    2023-01-02 1.067     2023-04-14 1.1       2023-07-17 1.12      2023-10-02 1.05
    2023-12-29 1.105     2024-04-15 1.065     2024-06-14 1.074     2024-09-16 1.11
    2024-11-22 1.04      2025-01-15 1.03      2025-04-21 1.14      2025-07-01 1.175
    2025-10-15 1.165     2025-12-31 1.17      2026-06-30 1.16
  `),
};

/** The series written beside USD→CNY (EUR→CNY is derived from EUR→USD × USD→CNY). */
export const OTHER_SERIES: readonly SeriesSpec[] = [USD_KZT, USD_VND, USD_RUB, EUR_USD];

/** Source text of the ECB rows. */
export const ECB_SOURCE = ECB;

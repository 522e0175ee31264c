/**
 * The fx part of the sample inbox: daily rows on business days from 2023-01-02 to 2026-06-30
 * for USD→CNY (calibrated), USD→KZT, USD→VND, USD→RUB and the ECB-style EUR→USD and EUR→CNY,
 * plus one small file quoted the other way round (KZT→USD) to exercise inversion.
 */
import { Decimal } from 'decimal.js';
import { businessDays, dayOf, isoOf, partsOf, type Day } from './dates.js';
import { ECB_SOURCE, EUR_USD, OTHER_SERIES, USD_CNY } from './fx-anchors.js';
import { calibrateUsdCny, noisyPath, type CalibrationReport } from './fx-path.js';
import { createRng } from './rng.js';

/** One fx row as written: units of `quote` for one unit of `base`. */
export interface FxRow {
  date: string;
  base: string;
  quote: string;
  rate: string;
  source: string;
}

/** The fx rows by output file name, and what the calibration did. */
export interface FxBuild {
  files: Map<string, FxRow[]>;
  /** Every row of every file (the conversion uses exactly these). */
  rows: FxRow[];
  report: CalibrationReport;
}

/** First day with rates. */
export const FX_FIRST = '2023-01-02';
/** Last day with rates, the sample's as-of date (a Tuesday). */
export const FX_LAST = '2026-06-30';

/** Days on which KZT is quoted as KZT→USD (in their own file) instead of USD→KZT. */
const REVERSE_FROM = dayOf('2024-03-01');
const REVERSE_TO = dayOf('2024-03-31');
/** Name of the file holding the reverse-quoted rows. */
export const REVERSE_FILE = 'fx-kzt-usd-2024-03.csv';

/** `68088` → `'6.8088'`. */
function unitsToText(units: number, decimals: number): string {
  const s = String(units).padStart(decimals + 1, '0');
  return decimals === 0 ? s : `${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}

/**
 * Builds all fx rows of the sample.
 * @example const fx = buildFx(20251231); fx.files.get('fx-2026.csv');
 */
export function buildFx(seed: number): FxBuild {
  const days: Day[] = businessDays(dayOf(FX_FIRST), dayOf(FX_LAST));
  // 1. USD→CNY, calibrated to the published annual means and the publication rate
  const cnyPath = noisyPath(days, USD_CNY.anchors, createRng(seed, 'fx:USD/CNY'), USD_CNY.sd, USD_CNY.phi);
  const { units: cnyUnits, report } = calibrateUsdCny(days, cnyPath);
  // 2. The other series, rounded to their usual decimals
  const others = OTHER_SERIES.map((spec) => {
    const path = noisyPath(
      days,
      spec.anchors,
      createRng(seed, `fx:${spec.base}/${spec.quote}`),
      spec.sd,
      spec.phi,
    );
    return { spec, text: path.map((v) => v.toFixed(spec.decimals)) };
  });
  const eurUsd = others.find((o) => o.spec === EUR_USD);
  if (!eurUsd) throw new Error('buildFx: EUR/USD series missing');
  const crossNoise = createRng(seed, 'fx:EUR/CNY');
  // 3. Rows per day, per file
  const files = new Map<string, FxRow[]>();
  const add = (file: string, row: FxRow): void => {
    const list = files.get(file) ?? [];
    list.push(row);
    files.set(file, list);
  };
  days.forEach((day, i) => {
    const date = isoOf(day);
    const file = `fx-${partsOf(day).year}.csv`;
    const usdCny = unitsToText(cnyUnits[i] ?? 0, 4);
    add(file, { date, base: 'USD', quote: 'CNY', rate: usdCny, source: USD_CNY.source });
    for (const { spec, text } of others) {
      const rate = text[i] ?? '';
      if (spec.quote === 'KZT' && day >= REVERSE_FROM && day <= REVERSE_TO) {
        const inverse = new Decimal(1).div(rate).toFixed(8, Decimal.ROUND_HALF_UP);
        add(REVERSE_FILE, {
          date,
          base: 'KZT',
          quote: 'USD',
          rate: inverse,
          source: 'Commercial bank feed, USD per KZT (synthetic sample)',
        });
        continue;
      }
      add(file, { date, base: spec.base, quote: spec.quote, rate, source: spec.source });
    }
    const eurCny = Number(eurUsd.text[i]) * Number(usdCny) * (1 + 0.0002 * crossNoise.normal());
    add(file, { date, base: 'EUR', quote: 'CNY', rate: eurCny.toFixed(4), source: ECB_SOURCE });
  });
  const rows = [...files.values()].flat();
  return { files, rows, report };
}

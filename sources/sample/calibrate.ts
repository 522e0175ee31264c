/**
 * Calibration of the goods-line amounts to the published figures, using the pipeline's own
 * conversion rule (`fx-convert.ts`) on the generated rates:
 *
 * - Chang'an 2025 = 5,319,988,000 yuan (5.32 billion; /6.8088 = 781.34 million dollars);
 *   2024 = 2025 / 1.191 (+19.1 %); 2023 = 2024 / 1.12; 2026 H1 = 1.15 × 2025 H1.
 * - ASEAN Express cumulative to 2025-06-21 = 1,922,500,000 yuan ("more than 1.9 billion");
 *   to 2025-12-31 = 3,470,000,000 yuan ("approaching 3.5 billion"); 2026 continues the trend.
 *
 * Each segment is scaled, written in its invoice currencies at the departure-date rate, and
 * its largest yuan line absorbs the last few fen, so the total is exact to 0.005 yuan.
 */
import { currencyDecimals } from './cargo.js';
import { dayOf, isoOf, partsOf } from './dates.js';
import { Dec, toCny, type RateBook } from './fx-convert.js';
import type { LineDraft, Shipment } from './shipments.js';

/** A goods line as written: value in its currency and its amount in yuan under the rule. */
export interface ValueLine extends LineDraft {
  value: Dec;
  cny: Dec;
}

/** Calibrated yuan totals (exact decimals), as printed by the generator. */
export interface SampleTotals {
  changan: Record<string, Dec>;
  changan2025H1: Dec;
  asean: { toFirstReturn: Dec; to2025End: Dec; h1of2026: Dec };
}

/** Calibration targets in yuan. */
export const TARGETS = {
  changan2025: new Dec('5319988000'),
  growth2025: new Dec('1.191'),
  growth2024: new Dec('1.12'),
  growthH1of2026: new Dec('1.15'),
  aseanToFirstReturn: new Dec('1922500000'),
  aseanTo2025End: new Dec('3470000000'),
  firstReturn: '2025-06-21',
} as const;

/** Calibration segment of a shipment. */
function segmentOf(s: Shipment): string {
  const year = partsOf(s.departure).year;
  if (s.service === 'changan') return `changan-${year}`;
  if (s.departure <= dayOf(TARGETS.firstReturn)) return 'asean-A';
  return year === 2025 ? 'asean-B' : 'asean-C';
}

const sum = (lines: readonly ValueLine[]): Dec => lines.reduce((acc, l) => acc.add(l.cny), new Dec(0));

/** Writes the drafts of a segment scaled by `k`; with a target, adjusts the largest yuan line. */
function materialize(drafts: readonly LineDraft[], k: number, book: RateBook, target?: Dec): ValueLine[] {
  const out = drafts.map((d): ValueLine => {
    const wanted = d.raw * k;
    const date = isoOf(d.shipment.departure);
    const factor = book.factor(date, d.currency);
    if (!factor) throw new Error(`calibrate: no ${d.currency} rate for ${date}`);
    const value = new Dec(wanted)
      .div(factor)
      .toDecimalPlaces(currencyDecimals(d.currency), Dec.ROUND_HALF_UP);
    return { ...d, value, cny: toCny(value, factor) };
  });
  if (target) {
    const largest = out.filter((l) => l.currency === 'CNY').sort((a, b) => b.value.cmp(a.value))[0];
    if (!largest) throw new Error('calibrate: a segment without yuan lines cannot be adjusted exactly');
    largest.value = largest.value.add(target.sub(sum(out))).toDecimalPlaces(2, Dec.ROUND_HALF_UP);
    largest.cny = largest.value;
  }
  return out;
}

/**
 * Calibrates all drafts; returns the lines in draft order and the totals.
 * @example const { lines, totals } = calibrate(drafts, new RateBook(fx.rows));
 */
export function calibrate(
  drafts: readonly LineDraft[],
  book: RateBook,
): { lines: ValueLine[]; totals: SampleTotals } {
  const bySegment = new Map<string, LineDraft[]>();
  for (const d of drafts) {
    const key = segmentOf(d.shipment);
    const list = bySegment.get(key) ?? [];
    list.push(d);
    bySegment.set(key, list);
  }
  const seg = (key: string): LineDraft[] => bySegment.get(key) ?? [];
  const rawSum = (key: string): number => seg(key).reduce((a, d) => a + d.raw, 0);
  const done = new Map<string, ValueLine[]>();
  const run = (key: string, target: Dec): number => {
    const k = target.toNumber() / rawSum(key);
    done.set(key, materialize(seg(key), k, book, target));
    return k;
  };
  // 1. Chang'an: 2025, then the years before it, then 2026 against the first half of 2025
  const t2025 = TARGETS.changan2025;
  const t2024 = t2025.div(TARGETS.growth2025).toDecimalPlaces(2);
  run('changan-2025', t2025);
  run('changan-2024', t2024);
  run('changan-2023', t2024.div(TARGETS.growth2024).toDecimalPlaces(2));
  const endH1 = dayOf('2025-06-30');
  const h1of2025 = sum((done.get('changan-2025') ?? []).filter((l) => l.shipment.departure <= endH1));
  run('changan-2026', h1of2025.mul(TARGETS.growthH1of2026).toDecimalPlaces(2));
  // 2. ASEAN Express: to the first return train, to the end of 2025, then 2026 at 2025's scale
  run('asean-A', TARGETS.aseanToFirstReturn);
  const kB = run('asean-B', TARGETS.aseanTo2025End.sub(sum(done.get('asean-A') ?? [])));
  done.set('asean-C', materialize(seg('asean-C'), kB, book));
  // 3. Back to draft order, and the totals as the pipeline should find them
  const lines = [...done.values()].flat();
  const order = new Map(drafts.map((d, i) => [d.lineId, i]));
  lines.sort((a, b) => (order.get(a.lineId) ?? 0) - (order.get(b.lineId) ?? 0));
  const changan: Record<string, Dec> = {};
  for (const year of ['2023', '2024', '2025', '2026']) changan[year] = sum(done.get(`changan-${year}`) ?? []);
  const toFirstReturn = sum(done.get('asean-A') ?? []);
  return {
    lines,
    totals: {
      changan,
      changan2025H1: h1of2025,
      asean: {
        toFirstReturn,
        to2025End: toFirstReturn.add(sum(done.get('asean-B') ?? [])),
        h1of2026: sum(done.get('asean-C') ?? []),
      },
    },
  };
}

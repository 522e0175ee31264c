/**
 * The conversion rule the pipeline promises, re-implemented independently so the generator
 * can calibrate its totals: `amount_cny = round(value × factor, 4)`, where the factor is the
 * rate of the departure date or, failing that, of the latest earlier date within 7 days. On a
 * date a direct row for the pair is preferred (either direction), then a cross via USD, then
 * a cross via EUR, each using rows of that same date only.
 */
import { Decimal } from 'decimal.js';
import { dayOf, isoOf } from './dates.js';
import type { FxRow } from './fx-rows.js';

/** Decimal with enough precision that cross rates lose nothing that matters. */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
/** An exact decimal of the generator. */
export type Dec = Decimal;

/** Days a missing rate may be looked back over. */
export const LOOKBACK_DAYS = 7;

/** Rates indexed by date, then by `BASE/QUOTE`. */
export class RateBook {
  private readonly byDate = new Map<string, Map<string, Dec>>();

  constructor(rows: readonly FxRow[]) {
    for (const r of rows) {
      const day = this.byDate.get(r.date) ?? new Map<string, Dec>();
      day.set(`${r.base}/${r.quote}`, new Dec(r.rate));
      this.byDate.set(r.date, day);
    }
  }

  /** Units of `to` for one unit of `from` from rows of one date (direct or inverted), or null. */
  private pair(rates: Map<string, Dec>, from: string, to: string): Dec | null {
    const direct = rates.get(`${from}/${to}`);
    if (direct) return direct;
    const inverse = rates.get(`${to}/${from}`);
    return inverse ? new Dec(1).div(inverse) : null;
  }

  /** CNY per unit of `currency` from the rows of exactly `date`, or null. */
  factorOn(date: string, currency: string): Dec | null {
    if (currency === 'CNY') return new Dec(1);
    const rates = this.byDate.get(date);
    if (!rates) return null;
    const direct = this.pair(rates, currency, 'CNY');
    if (direct) return direct;
    for (const via of ['USD', 'EUR']) {
      const a = this.pair(rates, currency, via);
      const b = this.pair(rates, via, 'CNY');
      if (a && b) return a.mul(b);
    }
    return null;
  }

  /**
   * CNY per unit of `currency` for a departure date, with the 7-day look-back, or null.
   * @example book.factor('2025-06-21', 'EUR'); // the rate of Friday 2025-06-20
   */
  factor(departure: string, currency: string): Dec | null {
    const day = dayOf(departure);
    for (let back = 0; back <= LOOKBACK_DAYS; back++) {
      const f = this.factorOn(isoOf(day - back), currency);
      if (f) return f;
    }
    return null;
  }
}

/** `round(value × factor, 4)`, half up. */
export function toCny(value: Dec, factor: Dec): Dec {
  return value.mul(factor).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
}

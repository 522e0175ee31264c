/**
 * Press rounding: exact decimals in, printed text out. Half-up rounding (as the press rounds:
 * 5.315 → 5.32), applied once, to the final figure only.
 */
import { Decimal } from 'decimal.js';

/** Rounds an exact decimal string half-up to `places` decimals, as a fixed-point string. */
export function roundHalfUp(value: string | Decimal, places: number): string {
  return new Decimal(value).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
}

/** Groups the integer part with commas: 1234567.5 → "1,234,567.5". */
export function groupThousands(fixed: string): string {
  const [int = '0', frac] = fixed.split('.');
  const neg = int.startsWith('-');
  const digits = neg ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + grouped + (frac !== undefined ? `.${frac}` : '');
}

/** A scaled amount: the printed number and its scale word. */
export interface Scaled {
  number: string;
  scale: 'billion' | 'million' | 'thousand' | '';
}

/**
 * Scales an amount the way the press prints it: billions or millions with two decimals,
 * smaller amounts in full. Rounds first, so 999.996 million prints as 1.00 billion.
 * @example scaleAmount('5319987654.32') // { number: '5.32', scale: 'billion' }
 */
export function scaleAmount(value: string): Scaled {
  const v = new Decimal(value).abs();
  const millions = new Decimal(roundHalfUp(v.div(1e6), 2));
  if (millions.gte(1000)) return { number: roundHalfUp(v.div(1e9), 2), scale: 'billion' };
  if (millions.gte(1)) return { number: millions.toFixed(2), scale: 'million' };
  return { number: groupThousands(roundHalfUp(v, 0)), scale: '' };
}

/**
 * Chinese scaling: 亿 (10^8) and 万 (10^4), two decimals.
 * @example scaleAmountZh('5319987654.32') // { number: '53.20', unit: '亿' }
 */
export function scaleAmountZh(value: string): { number: string; unit: '亿' | '万' | '' } {
  const v = new Decimal(value).abs();
  const wan = new Decimal(roundHalfUp(v.div(1e4), 2));
  if (wan.gte(10000)) return { number: roundHalfUp(v.div(1e8), 2), unit: '亿' };
  if (wan.gte(1)) return { number: wan.toFixed(2), unit: '万' };
  return { number: groupThousands(roundHalfUp(v, 0)), unit: '' };
}

/** A percentage with one decimal, half-up, without sign: "19.1". */
export const pct1 = (value: string): string => roundHalfUp(new Decimal(value).abs(), 1);

/** Plain count with thousands separators. */
export const count = (n: number | string): string => groupThousands(new Decimal(n).toFixed(0));

/** TEU: whole numbers unless the total has a fraction (45 ft = 2.25 TEU). */
export function teu(value: string): string {
  const d = new Decimal(value);
  return groupThousands(d.isInteger() ? d.toFixed(0) : roundHalfUp(d, 2));
}

/**
 * "approaching 3.5" / "more than 1.9": the published way of rounding a running total to one
 * decimal (of billions): the nearest tenth, said as a bound.
 * @example roundBound('3470000000', 1e9) // { word: 'approaching', number: '3.5' }
 */
export function roundBound(value: string, unit: number): { word: 'approaching' | 'more than' | 'exactly'; number: string } {
  const v = new Decimal(value).div(unit);
  const nearest = v.toDecimalPlaces(1, Decimal.ROUND_HALF_UP);
  if (nearest.eq(v)) return { word: 'exactly', number: nearest.toFixed(1) };
  return { word: nearest.gt(v) ? 'approaching' : 'more than', number: nearest.toFixed(1) };
}

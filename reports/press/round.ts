/**
 * Press rounding: exact decimals in, printed text out. Half away from zero (as the press
 * rounds: 5.315 → 5.32, −2.45 → −2.5), applied once, to the unrounded value only. Every printed
 * number of a bulletin is made here (or in wording.ts from these), so two renderings of one
 * number cannot differ.
 */
import { Decimal } from 'decimal.js';
import { digits } from '../../lib/exact-digits.js';

/**
 * Decimal arithmetic wide enough that no operation here rounds before the printed rounding:
 * 60 significant digits (inputs carry at most 32 digits before and 10 after the point).
 */
export const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });

/** Rounds an exact decimal string half away from zero to `places` decimals, as a fixed-point string (never "-0.0"). */
export function roundHalfUp(value: string | Decimal, places: number): string {
  const r = new Exact(value.toString()).toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
  return digits(r.isZero() ? r.abs() : r, places);
}

/** Groups the integer part with commas: 1234567.5 → "1,234,567.5". */
export function groupThousands(fixed: string): string {
  const [int = '0', frac] = fixed.split('.');
  const neg = int.startsWith('-');
  const digits = neg ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + grouped + (frac !== undefined ? `.${frac}` : '');
}

/** Rounds half away from zero and groups thousands: `fixedGrouped('1399.96', 1)` → "1,400.0". */
export const fixedGrouped = (value: string | Decimal, places: number): string => groupThousands(roundHalfUp(value, places));

/** A scaled amount: the printed number and its scale word. */
export interface Scaled {
  number: string;
  scale: 'billion' | 'million' | 'thousand' | '';
}

/**
 * Scales an amount the way the press prints it: billions or millions with two decimals,
 * smaller amounts in full; thousands grouped. Rounds first, so 999.996 million prints as 1.00 billion.
 * @example scaleAmount('5319987654.32') // { number: '5.32', scale: 'billion' }
 */
export function scaleAmount(value: string): Scaled {
  const v = new Exact(value).abs();
  const millions = new Exact(roundHalfUp(v.div(1e6), 2));
  if (millions.gte(1000)) return { number: fixedGrouped(v.div(1e9), 2), scale: 'billion' };
  if (millions.gte(1)) return { number: digits(millions, 2), scale: 'million' };
  return { number: fixedGrouped(v, 0), scale: '' };
}

/**
 * Chinese scaling: 亿 (10^8) and 万 (10^4), two decimals, thousands grouped ("9,999.50万").
 * @example scaleAmountZh('5319987654.32') // { number: '53.20', unit: '亿' }
 */
export function scaleAmountZh(value: string): { number: string; unit: '亿' | '万' | '' } {
  const v = new Exact(value).abs();
  const wan = new Exact(roundHalfUp(v.div(1e4), 2));
  if (wan.gte(10000)) return { number: fixedGrouped(v.div(1e8), 2), unit: '亿' };
  if (wan.gte(1)) return { number: groupThousands(digits(wan, 2)), unit: '万' };
  return { number: fixedGrouped(v, 0), unit: '' };
}

/** A percentage with one decimal, half away from zero, without sign, thousands grouped: "19.1", "1,400.0". */
export const pct1 = (value: string): string => fixedGrouped(new Exact(value).abs(), 1);

/** True when a change rounds to 0.0 at one decimal: printed as "unchanged", never "+0.0"/"−0.0". */
export const roundsToZero = (pct: string): boolean => new Exact(roundHalfUp(pct, 1)).isZero();

/** Plain count with thousands separators. */
export const count = (n: number | string): string => groupThousands(digits(new Exact(n), 0));

/**
 * TEU: whole numbers unless the value has a fraction (45 ft = 2.25 TEU). Pass `places` to print a
 * set of TEU values alike: the bulletins print every TEU value whole (reports/trade/context.ts).
 * @example teu('5436.2500') // '5,436.25'
 */
export function teu(value: string, places?: number): string {
  const d = new Exact(value);
  return groupThousands(roundHalfUp(d, places ?? (d.isInteger() ? 0 : 2)));
}

/**
 * "approaching 3.5" / "more than 1.9": the published way of rounding a running total to one
 * decimal (of billions): the nearest tenth, said as a bound.
 * @example roundBound('3470000000', 1e9) // { word: 'approaching', number: '3.5' }
 */
export function roundBound(value: string, unit: number): { word: 'approaching' | 'more than' | 'exactly'; number: string } {
  const v = new Exact(value).div(unit);
  const nearest = v.toDecimalPlaces(1, Decimal.ROUND_HALF_UP);
  if (nearest.eq(v)) return { word: 'exactly', number: digits(nearest, 1) };
  return { word: nearest.gt(v) ? 'approaching' : 'more than', number: digits(nearest, 1) };
}

/** A press bound at a scale where it says something: the word, the number as printed, its scale, and the bound's exact value. */
export interface PressBound {
  word: 'approaching' | 'more than' | 'exactly';
  number: string;
  /** English scale word, or Chinese unit character. */
  scale: 'billion' | 'million' | '' | '亿' | '万';
  /** The bound as an exact amount (e.g. "1900000000"). */
  amount: string;
}

/**
 * A running total as the press bounds it: rounded to two significant digits (so the bound has
 * two or three digits at its scale: 1.9 billion, 620 million, 35亿, 4,000万), said as "more than"
 * when the value is above the bound, "approaching" when below, "exactly" when equal.
 * @example pressBound('3470000000', 'en') // { word: 'approaching', number: '3.5', scale: 'billion', amount: '3500000000' }
 * @example pressBound('623400000', 'en') // { word: 'more than', number: '620', scale: 'million', amount: '620000000' }
 */
export function pressBound(value: string, edition: 'en' | 'zh'): PressBound {
  const v = new Exact(value).abs();
  const b = v.isZero() ? v : v.toSignificantDigits(2, Decimal.ROUND_HALF_UP);
  const word = b.eq(v) ? 'exactly' : b.gt(v) ? 'approaching' : 'more than';
  const scales: [number, PressBound['scale']][] = edition === 'zh' ? [[1e8, '亿'], [1e4, '万'], [1, '']] : [[1e9, 'billion'], [1e6, 'million'], [1, '']];
  const [unit, scale] = scales.find(([u]) => b.gte(u)) ?? [1, ''];
  const n = b.div(unit);
  // Two significant digits: "1.9", "1.0", "35", "620", "4,000".
  const intDigits = digits(n.trunc(), 0).length;
  const places = Math.max(0, 2 - intDigits);
  return { word, number: groupThousands(digits(n, places)), scale, amount: digits(b) };
}

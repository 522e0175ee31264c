/**
 * The one place a decimal.js value becomes digits for reports/: exact, never through a float.
 * Without `places`, every digit of the value in plain notation (what figures.json stores);
 * with `places`, rounded by the value's own constructor (the press's Exact rounds half away
 * from zero). reports/ never calls toFixed itself (ESLint), so a float cannot be formatted there.
 */
import type { Decimal } from 'decimal.js';

/**
 * @example digits(new Exact('3465000000')); // '3465000000'
 * @example digits(new Exact('3.465'), 2);    // '3.47'
 */
export const digits = (value: Decimal, places?: number): string => (places === undefined ? value.toFixed() : value.toFixed(places));

/**
 * fx: exchange rates, units of `quote` for one unit of `base` (data contract, "fx").
 * Unique key: (date, base, quote, source); rows in either direction are accepted.
 */
import type { SourceSpec } from './schema.js';

/** Columns, parsed view and row rules of an fx file. */
export const fxSpec: SourceSpec = {
  kind: 'fx',
  rawTable: 'raw_fx',
  columns: [
    { name: 'date', required: true, aliases: ['rate_date', 'time_period'] },
    { name: 'base', required: true, aliases: ['base_currency', 'from'] },
    { name: 'quote', required: true, aliases: ['quote_currency', 'to'] },
    { name: 'rate', required: true, aliases: ['fx_rate', 'obs_value'] },
    { name: 'source', required: false },
  ],
  parsed: [
    'tb_date(r.date) AS p_date',
    'tb_ccy(r.base) AS p_base',
    'tb_ccy(r.quote) AS p_quote',
    'tb_rate(r.rate) AS p_rate',
    "coalesce(tb_text(r.source), 'unspecified') AS p_source",
  ],
  rules: [
    { column: 'date', code: 'required', when: 'tb_text(r.date) IS NULL' },
    { column: 'date', code: 'notDate', when: 'tb_text(r.date) IS NOT NULL AND p_date IS NULL' },
    { column: 'base', code: 'required', when: 'tb_text(r.base) IS NULL' },
    { column: 'base', code: 'notCurrency', when: 'tb_text(r.base) IS NOT NULL AND p_base NOT IN (SELECT code FROM ref_currencies)' },
    { column: 'quote', code: 'required', when: 'tb_text(r.quote) IS NULL' },
    { column: 'quote', code: 'notCurrency', when: 'tb_text(r.quote) IS NOT NULL AND p_quote NOT IN (SELECT code FROM ref_currencies)' },
    { column: 'quote', code: 'sameCurrency', when: 'p_base = p_quote' },
    { column: 'rate', code: 'required', when: 'tb_text(r.rate) IS NULL' },
    { column: 'rate', code: 'notNumber', when: 'tb_text(r.rate) IS NOT NULL AND tb_numtext(r.rate) IS NULL' },
    { column: 'rate', code: 'numberTooLarge', when: 'tb_numtext(r.rate) IS NOT NULL AND p_rate IS NULL' },
    { column: 'rate', code: 'notPositive', when: 'p_rate <= 0' },
  ],
};

/**
 * values: one row per goods line declared on a shipment (data contract, "values").
 * Unique key: line_id; the first row by (file name, line) wins. A line whose shipment is
 * not known yet is held (quarantined with reason heldShipment) and joins on a later run.
 */
import type { SourceSpec } from './schema.js';

/** Columns, parsed view and row rules of a values file. */
export const valuesSpec: SourceSpec = {
  kind: 'values',
  rawTable: 'raw_values',
  columns: [
    { name: 'line_id', required: true, aliases: ['line', 'goods_line_id'] },
    { name: 'shipment_id', required: true, aliases: ['shipment', 'container_id'] },
    { name: 'hs_code', required: false, aliases: ['hs', 'hscode'] },
    { name: 'description', required: false, aliases: ['goods', 'goods_description'] },
    { name: 'value', required: true, aliases: ['amount', 'declared_value'] },
    { name: 'currency', required: true, aliases: ['ccy', 'currency_code'] },
  ],
  parsed: [
    'tb_text(r.line_id) AS p_line_id',
    'tb_text(r.shipment_id) AS p_shipment_id',
    "regexp_replace(tb_text(r.hs_code), '[ .]', '', 'g') AS p_hs_code",
    'tb_text(r.description) AS p_description',
    'tb_dec(r.value) AS p_value',
    'tb_ccy(r.currency) AS p_currency',
  ],
  rules: [
    { column: 'line_id', code: 'required', when: 'p_line_id IS NULL' },
    { column: 'shipment_id', code: 'required', when: 'p_shipment_id IS NULL' },
    { column: 'hs_code', code: 'hsCode', when: "p_hs_code IS NOT NULL AND NOT regexp_full_match(p_hs_code, '[0-9]{2,10}')" },
    { column: 'value', code: 'required', when: 'tb_text(r.value) IS NULL' },
    { column: 'value', code: 'notNumber', when: 'tb_text(r.value) IS NOT NULL AND tb_numtext(r.value) IS NULL' },
    { column: 'value', code: 'tooManyDecimals', when: 'tb_toomanydec(r.value)' },
    { column: 'value', code: 'numberTooLarge', when: 'tb_numtext(r.value) IS NOT NULL AND NOT tb_toomanydec(r.value) AND p_value IS NULL' },
    { column: 'value', code: 'notPositive', when: 'p_value <= 0' },
    { column: 'value', code: 'tooLarge', when: 'p_value > 1000000000000' },
    { column: 'currency', code: 'required', when: 'tb_text(r.currency) IS NULL' },
    { column: 'currency', code: 'notCurrency', when: 'tb_text(r.currency) IS NOT NULL AND p_currency NOT IN (SELECT code FROM ref_currencies)' },
  ],
};

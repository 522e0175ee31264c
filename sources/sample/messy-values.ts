/**
 * The one values file written the way a spreadsheet export might be: UTF-8 with a
 * byte-order mark, upper-case header names padded with spaces, columns in another order, an
 * extra `REMARKS` column whose quoted text holds commas, quotes and line breaks, amounts with
 * thousands separators, and `RMB` instead of `CNY` on some yuan lines.
 */
import type { ValueLine } from './calibrate.js';
import { csvField, encodeUtf8 } from './csv.js';
import type { InboxFile } from './inbox-files.js';
import { valueText } from './inbox-files.js';
import { createRng } from './rng.js';

/** Name of the messy values file. */
export const MESSY_VALUES_FILE = 'values-changan-2025-Q2.csv';

/** Header as written: quoted or bare, always padded, never in the contract's order. */
const HEADER = '" REMARKS "," CURRENCY ", VALUE ," LINE_ID ",SHIPMENT_ID , HS_CODE , DESCRIPTION ';

const REMARKS = [
  'Inspected at Khorgos, seal intact',
  'Consignee asked for "door-to-door" delivery',
  'Invoice split:\nparts A, B and C on separate lines',
  'Re-weighed at Almaty; see "KZ-DECL-0457", page 2',
  'Temperature log attached,\r\nno deviation',
  'Price per unit, "FCA Xi\'an"',
];

/**
 * `1234567.5` → `1,234,567.50` (the decimals of the currency kept).
 * @example withThousands('1234567.50'); // '1,234,567.50'
 */
export function withThousands(plain: string): string {
  const [int = '', frac] = plain.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** The messy file; every line stays the same line for the pipeline, only its spelling differs. */
export function renderMessyValues(lines: readonly ValueLine[], seed: number): InboxFile {
  const rng = createRng(seed, 'messy-values');
  const out = [HEADER];
  for (const l of lines) {
    const remark = rng.chance(0.15) ? rng.pick(REMARKS) : '';
    const currency = l.currency === 'CNY' && rng.chance(0.5) ? 'RMB' : l.currency;
    const fields = [
      remark,
      currency,
      withThousands(valueText(l)),
      l.lineId,
      l.shipment.shipmentId,
      l.hs,
      l.description,
    ];
    out.push(fields.map(csvField).join(','));
  }
  return { name: MESSY_VALUES_FILE, bytes: encodeUtf8(out.join('\n') + '\n', true) };
}

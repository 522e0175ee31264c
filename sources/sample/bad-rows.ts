/**
 * Two files of deliberately bad rows, each row breaking exactly one rule of the data
 * contract. None of them may reach a total: the pipeline quarantines them (or, for a goods
 * line whose shipment never loads, holds it). Both files sort after the files holding the
 * originals they duplicate, so the originals win.
 */
import type { ValueLine } from './calibrate.js';
import { dayOf, isoOf } from './dates.js';
import {
  renderRecords,
  SHIPMENT_COLUMNS,
  shipmentFields,
  VALUE_COLUMNS,
  type InboxFile,
} from './inbox-files.js';
import type { Shipment } from './shipments.js';

/** One bad row: where it is and what it breaks. */
export interface BadRow {
  file: string;
  line: number;
  rule: string;
}

/** File of the bad shipment rows (sorts after `shipments-asean-…` and `shipments-changan-…`). */
export const SHIPMENT_EXCEPTIONS_FILE = 'shipments-exceptions-2025.csv';
/** File of the bad goods lines (sorts after `values-asean-…` and `values-changan-…`). */
export const VALUE_CORRECTIONS_FILE = 'values-corrections-2025.csv';

const PLAIN = { encoding: 'utf-8', eol: '\n', slashDates: false, zhStations: false, blankEvery: 0 } as const;

/** A shipment row derived from a real one, with some fields replaced by column name. */
function variant(
  base: Shipment,
  id: string,
  patch: Partial<Record<(typeof SHIPMENT_COLUMNS)[number], string>>,
): string[] {
  const fields = shipmentFields({ ...base, shipmentId: id });
  return SHIPMENT_COLUMNS.map((col, k) => patch[col] ?? fields[k] ?? '');
}

/**
 * Builds both files from real shipments and lines of the sample.
 * @example const { files, table } = buildBadRows(shipments, lines);
 */
export function buildBadRows(
  shipments: readonly Shipment[],
  lines: readonly ValueLine[],
): { files: InboxFile[]; table: BadRow[] } {
  const inQ3 = (s: Shipment): boolean =>
    s.departure >= dayOf('2025-07-01') && s.departure <= dayOf('2025-09-30');
  const q3 = shipments.filter((s) => s.service === 'changan' && inQ3(s) && s.direction === 'out');
  const real = q3[0];
  const other = q3[q3.length - 1];
  const asean2026 = shipments.find((s) => s.service === 'asean' && s.departure >= dayOf('2026-01-01'));
  const dupLine =
    lines.find((l) => l.shipment === q3[1] && l.currency === 'CNY') ?? lines.find((l) => inQ3(l.shipment));
  if (!real || !other || !asean2026 || !dupLine)
    throw new Error('buildBadRows: the sample lacks the rows to copy');
  const date = (d: number): string => isoOf(d);

  const shipmentRows: [string[], string][] = [
    [variant(real, 'CA25-90001', { teu: '0' }), 'teu 0: teu must be greater than 0'],
    [variant(real, 'CA25-90002', { teu: '4' }), 'teu 4: teu must be at most 3'],
    [variant(real, 'CA25-90003', { teu: '' }), 'teu missing: teu is required'],
    [variant(real, 'CA25-90004', { teu: 'two' }), 'teu "two": not a number'],
    [
      variant(real, 'CM25-90005', { service: 'changan-xian-moscow' }),
      'service changan-xian-moscow: not in the services reference',
    ],
    [
      variant(real, 'CA25-90006', { arrival_date: date(real.departure - 3) }),
      'arrival_date 3 days before departure_date',
    ],
    [
      variant(real, 'CA25-90007', { origin_country: 'XX' }),
      'origin_country XX: not an assigned ISO 3166-1 code',
    ],
    [
      variant(real, 'CA25-90008', { destination_country: 'xx' }),
      'destination_country xx: lower-case and not an ISO 3166-1 code',
    ],
    [variant(real, 'CA25-90009', { origin_country: 'CHN' }), 'origin_country CHN: alpha-3, not alpha-2'],
    [variant(real, 'CA25-90010', { train_id: '' }), 'train_id missing: train_id is required'],
    [
      variant(other, real.shipmentId, {}),
      `shipment_id ${real.shipmentId} duplicates a shipment of the same service loaded from an earlier file`,
    ],
    [
      variant(real, 'CA25-90012', { departure_date: '2025-02-30', arrival_date: '' }),
      'departure_date 2025-02-30: not a calendar date',
    ],
    [
      variant(real, 'CA25-90013', { departure_date: '' }),
      'departure_date missing: departure_date is required',
    ],
    [variant(real, 'CA25-90014', { gross_weight_kg: '-1200' }), 'gross_weight_kg -1200: negative'],
    [
      variant(real, 'CA25-90015', { origin_station: '' }),
      'origin_station missing: origin_station is required',
    ],
  ];

  const v = (id: string, shipment: string, hs: string, value: string, currency: string): string[] => [
    id,
    shipment,
    hs,
    'Correction test line',
    value,
    currency,
  ];
  const ok = other.shipmentId;
  const valueRows: [string[], string][] = [
    [v('CA25-C0001', ok, '8517130000', '-48000.00', 'CNY'), 'value -48000.00: must be greater than 0'],
    [v('CA25-C0002', ok, '8517130000', '0', 'CNY'), 'value 0: must be greater than 0'],
    [v('CA25-C0003', ok, '8517130000', '125000.00', 'ABC'), 'currency ABC: not an ISO 4217 code'],
    [
      v(dupLine.lineId, dupLine.shipment.shipmentId, dupLine.hs, '999999.99', 'CNY'),
      `line_id ${dupLine.lineId} duplicates a line loaded from an earlier file`,
    ],
    [
      v('CA25-C0005', 'CA25-99999', '8517130000', '250000.00', 'CNY'),
      'shipment_id CA25-99999: no such shipment (held, never joined)',
    ],
    [
      v('CA25-C0006', ok, '8517130000', '3400000.00', 'MNT'),
      'currency MNT: valid ISO 4217 but no exchange rate at all',
    ],
    [v('AE26-C0007', asean2026.shipmentId, '12AB', '86000.00', 'CNY'), 'hs_code 12AB: not 2 to 10 digits'],
    [v('CA25-C0008', ok, '8517130000', '12.34.56', 'CNY'), 'value 12.34.56: not a number'],
    [v('CA25-C0009', ok, '8517130000', '', 'CNY'), 'value missing: value is required'],
    [v('CA25-C0010', '', '8517130000', '64000.00', 'CNY'), 'shipment_id missing: shipment_id is required'],
    [v('CA25-C0011', ok, '8517130000', '64000.00', ''), 'currency missing: currency is required'],
    [v('', ok, '8517130000', '64000.00', 'CNY'), 'line_id missing: line_id is required'],
    [
      v('CA25-C0013', 'CA25-90001', '8517130000', '250000.00', 'CNY'),
      'shipment_id CA25-90001: its shipment is quarantined (teu 0), so the line is held',
    ],
  ];

  const table: BadRow[] = [
    ...shipmentRows.map(([, rule], k) => ({ file: SHIPMENT_EXCEPTIONS_FILE, line: k + 2, rule })),
    ...valueRows.map(([, rule], k) => ({ file: VALUE_CORRECTIONS_FILE, line: k + 2, rule })),
  ];
  const files: InboxFile[] = [
    {
      name: SHIPMENT_EXCEPTIONS_FILE,
      bytes: renderRecords(
        SHIPMENT_COLUMNS,
        shipmentRows.map(([r]) => r),
        PLAIN,
      ),
    },
    {
      name: VALUE_CORRECTIONS_FILE,
      bytes: renderRecords(
        VALUE_COLUMNS,
        valueRows.map(([r]) => r),
        PLAIN,
      ),
    },
  ];
  return { files, table };
}

/**
 * Rendering of shipments and values files, each in its dialect: plain UTF-8 with LF line
 * ends by default; the files named in `DIALECTS` use GB18030 with Chinese station names and
 * CRLF, `YYYY/MM/DD` dates, or blank lines sprinkled in. (The messy values file with a BOM
 * and reordered, padded headers is `messy-values.ts`.)
 */
import { currencyDecimals } from './cargo.js';
import type { ValueLine } from './calibrate.js';
import { csvRecord, encodeGb18030, encodeUtf8 } from './csv.js';
import { isoOf } from './dates.js';
import { SERVICE } from './stations.js';
import type { Shipment } from './shipments.js';

/** A file of the inbox: its name and exact bytes. */
export interface InboxFile {
  name: string;
  bytes: Uint8Array;
}

/** How a file is written. */
export interface Dialect {
  encoding: 'utf-8' | 'gb18030';
  eol: '\n' | '\r\n';
  /** Write dates as `YYYY/MM/DD`. */
  slashDates: boolean;
  /** Write station names in Chinese. */
  zhStations: boolean;
  /** Insert an empty line after the header, every `blankEvery` rows and at the end (0: none). */
  blankEvery: number;
}

const PLAIN: Dialect = { encoding: 'utf-8', eol: '\n', slashDates: false, zhStations: false, blankEvery: 0 };

/** The non-plain shipments files. */
export const DIALECTS: Readonly<Record<string, Partial<Dialect>>> = {
  'shipments-changan-2023-Q1.csv': { encoding: 'gb18030', eol: '\r\n', zhStations: true },
  'shipments-changan-2024-Q3.csv': { slashDates: true },
  'shipments-asean-2025-Q2.csv': { blankEvery: 37 },
};

/** Columns of a shipments file, in the contract's order. */
export const SHIPMENT_COLUMNS = [
  'shipment_id',
  'train_id',
  'service',
  'departure_date',
  'arrival_date',
  'origin_station',
  'destination_station',
  'origin_country',
  'destination_country',
  'teu',
  'gross_weight_kg',
] as const;

/** Columns of a values file, in the contract's order. */
export const VALUE_COLUMNS = [
  'line_id',
  'shipment_id',
  'hs_code',
  'description',
  'value',
  'currency',
] as const;

/** The written amount of a line: its currency's decimals, no separators. */
export function valueText(line: ValueLine): string {
  return line.value.toFixed(currencyDecimals(line.currency));
}

/** The fields of a shipment row in `SHIPMENT_COLUMNS` order. */
export function shipmentFields(s: Shipment, dialect: Dialect = PLAIN): string[] {
  const date = (d: number | null): string =>
    d === null ? '' : dialect.slashDates ? isoOf(d).replaceAll('-', '/') : isoOf(d);
  const station = dialect.zhStations ? (st: Shipment['origin']) => st.zh : (st: Shipment['origin']) => st.en;
  return [
    s.shipmentId,
    s.trainId,
    SERVICE[s.service],
    date(s.departure),
    date(s.arrival),
    station(s.origin),
    station(s.destination),
    s.origin.country,
    s.destination.country,
    String(s.teu),
    s.weightKg === null ? '' : String(s.weightKg),
  ];
}

/** Joins records into file bytes in a dialect. */
export function renderRecords(
  header: readonly string[],
  rows: readonly string[][],
  dialect: Dialect,
): Uint8Array {
  const lines = [csvRecord(header)];
  rows.forEach((row, k) => {
    if (dialect.blankEvery > 0 && k % dialect.blankEvery === 0) lines.push('');
    lines.push(csvRecord(row));
  });
  if (dialect.blankEvery > 0) lines.push('', '');
  const text = lines.join(dialect.eol) + dialect.eol;
  return dialect.encoding === 'gb18030' ? encodeGb18030(text) : encodeUtf8(text);
}

/**
 * A shipments file in the dialect its name calls for.
 * @example renderShipments('shipments-changan-2025-Q1.csv', shipments);
 */
export function renderShipments(name: string, shipments: readonly Shipment[]): InboxFile {
  const dialect = { ...PLAIN, ...DIALECTS[name] };
  return {
    name,
    bytes: renderRecords(
      SHIPMENT_COLUMNS,
      shipments.map((s) => shipmentFields(s, dialect)),
      dialect,
    ),
  };
}

/** A plain values file. */
export function renderValues(name: string, lines: readonly ValueLine[]): InboxFile {
  const rows = lines.map((l) => [
    l.lineId,
    l.shipment.shipmentId,
    l.hs,
    l.description,
    valueText(l),
    l.currency,
  ]);
  return { name, bytes: renderRecords(VALUE_COLUMNS, rows, PLAIN) };
}

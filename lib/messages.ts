/**
 * Every user-facing error and warning text, in one place (as vega-lite's log/message.ts).
 * Messages say what happened, where, and what to do.
 */

/** Reasons a row is quarantined, by code. The value itself is reported beside the reason. */
export const rowReason = {
  required: 'is required but empty',
  notDate: 'is not a date (write YYYY-MM-DD or YYYY/MM/DD)',
  arrivalBeforeDeparture: 'is before departure_date',
  unknownService: 'is not a known service (see sources/reference/services.csv, or add it there)',
  notCountry: 'is not an ISO 3166-1 alpha-2 country code (CN, KZ, VN, DE, …)',
  notNumber: 'is not a number (digits with an optional decimal point; thousands separators as 1,234,567.50)',
  tooManyDecimals: 'has more than 6 decimal places; round it upstream, the pipeline never rounds input',
  teuRange: 'must be greater than 0 and at most 3 (20 ft = 1, 40 ft = 2, 45 ft = 2.25)',
  negative: 'must not be negative',
  notPositive: 'must be greater than 0',
  tooLarge: 'is implausibly large (over 1,000,000,000,000); check the unit',
  numberTooLarge: 'is too large to be read as a number (more than 32 digits before the decimal point)',
  shipmentQuarantined: 'names a shipment whose own row was quarantined: fix that shipment row and this line loads with it',
  hsCode: 'is not an HS code of 2 to 10 digits',
  notCurrency: 'is not an ISO 4217 currency code (CNY, USD, EUR, KZT, VND, RUB, …; RMB means CNY)',
  sameCurrency: 'names the same currency as base and quote',
  fieldCount: 'row has a different number of fields than the header; quote values that contain commas',
  duplicateShipment: 'duplicates a shipment_id of the same service loaded earlier',
  duplicateLine: 'duplicates a line_id loaded earlier',
  duplicateRate: 'duplicates a rate for the same date, pair and source loaded earlier',
  ambiguousShipment: 'matches shipments of more than one service; make shipment ids unique across services',
  heldShipment: 'names a shipment not known yet: the line is held and joins automatically on a later run when its shipment arrives',
  noRate: 'no exchange rate',
} as const;

export type RowReasonCode = keyof typeof rowReason;

/** Inbox text for a terminal: control characters removed, at most 200 characters quoted. */
const plain = (s: string): string => {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return t.length > 200 ? `${t.slice(0, 200)}…` : t;
};

/** Messages about whole files and runs. */
export const message = {
  binaryFile: (file: string) => `${file}: rejected whole: it is binary, not CSV text. Remove it from the inbox or replace it with the CSV export.`,
  badEncoding: (file: string) =>
    `${file}: rejected whole: it is neither UTF-8 nor GB18030 text. Re-export it as UTF-8 and put it back in the inbox.`,
  emptyFile: (file: string) => `${file}: rejected whole: the file is empty (no header row). Re-export it with its header.`,
  unknownHeader: (file: string, found: string[], hint: string) =>
    `${file}:1: rejected whole: unknown header (${found.join(', ') || 'no columns'}). ${hint}`,
  duplicateHeader: (file: string, column: string) =>
    `${file}:1: rejected whole: column "${column}" appears twice in the header. Remove one of them.`,
  unterminatedQuote: (file: string, line: number) =>
    `${file}:${line}: rejected whole: a quoted field starting here is never closed. Fix the quote and put the file back.`,
  csvError: (file: string, line: number, detail: string) =>
    `${file}:${line}: rejected whole: the CSV cannot be parsed (${detail}). Fix the file and put it back.`,
  lockHeld: (lock: string, pid: number) =>
    `another trade-bulletin run (pid ${pid}) holds the workspace lock ${lock}; this run touched nothing. Wait for it to finish.`,
  quarantineCeiling: (share: number, ceiling: number) =>
    `quarantined ${(share * 100).toFixed(1)} % of rows, above the ceiling of ${(ceiling * 100).toFixed(1)} %: nothing was published. Fix the inputs (see the quarantine report) or raise quarantine_ceiling.`,
  noChromium: (path: string) =>
    `Chromium not found at ${path}. Install it (as root: apt-get update && apt-get install chromium) or set TRADE_BULLETIN_CHROMIUM to its path.`,
  fileGone: (file: string) =>
    `${file} is no longer in the inbox; the rows it loaded stay in the warehouse.`,
  noData: (year: number) => `no shipments departed in ${year}: there is nothing to report for that year.`,
  badAsOf: (value: string) => `--as-of "${value}" is not a date; write YYYY-MM-DD.`,
  badYear: (value: string) => `--year "${value}" is not a year; write YYYY, e.g. --year 2025.`,
  noPublicationRate: (date: string, days: number) =>
    `no CNY per USD rate on ${date} or in the ${days} days before it: the headline dollar figure cannot be computed. Add the rate to an fx file or choose another --as-of.`,
  fxDisagreement: (count: number, first: { date: string; rows: { source: string; base: string; quote: string; rate: string; file: string; line: number }[]; used: string | null }) =>
    `${count} exchange rate${count === 1 ? '' : 's'} disagree by more than 0.5 % between two fx rows of the same pair and day; first: ${first.date} ${first.rows
      .map((r) => `${r.base}→${r.quote} ${r.rate} from "${plain(r.source)}" (${plain(r.file)}:${r.line})`).join(' vs ')}, used "${plain(first.used ?? '?')}". ` +
    `Correct the wrong row, or set source_priority in the configuration; every one is listed in the --json report (fx_disagreements).`,
  fileMissing: (file: string) => `${file}: no such file`,
  runInProgress: (pid: number) =>
    `a run (pid ${pid}) is using the warehouse right now; try again when it has finished.`,
} as const;

/**
 * Every user-facing error and warning text, in one place (as vega-lite's log/message.ts).
 * Messages say what happened, where, and what to do.
 */
import { safeText } from './safe-text.js';

/** Reasons a row is quarantined, by code. The value itself is reported beside the reason. */
export const rowReason = {
  required: 'is required but empty',
  notDate: 'is not a date (write YYYY-MM-DD or YYYY/MM/DD, with a four-digit year)',
  beforeLaunch: "is before the service's launch date in sources/reference/services.csv (a typo in the year?)",
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

/** A file name or header cell quoted in a message: escaped and cut (see lib/safe-text.ts). */
const q = (text: string): string => safeText(text);

/** How to declare a file's encoding, with the file's own name as the pattern. */
const declareHint = (file: string): string =>
  `Declare its encoding in trade-bulletin.config.json, e.g. "encodings": [{"pattern": ${JSON.stringify(safeText(file, 80))}, "encoding": "windows-1250"}] ` +
  '(the encoding of the system that exported it: windows-1250 for Polish or Czech, windows-1252 or ISO-8859-1 for Western European, … ' +
  'any TextDecoder or iconv-lite knows; or --encoding PATTERN=ENCODING), or re-export it as UTF-8.';

/** Inbox text for a terminal: control characters removed, at most 200 characters quoted. */
const plain = (s: string): string => {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return t.length > 200 ? `${t.slice(0, 200)}…` : t;
};

/** Messages about whole files and runs. */
export const message = {
  /** A printed character (page, margin or chart) that no shipped font holds: it would print in a system font or as a box. */
  noShippedFont: (what: string, chars: Iterable<string>) =>
    `${what}: no shipped font (Noto Sans, Noto Sans SC) holds ${[...chars].map((c) => `"${c}" (U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})`).join(', ')}; replace the character in the reference data or text`,
  binaryFile: (file: string) => `${q(file)}: rejected whole: it is binary, not CSV text. Remove it from the inbox or replace it with the CSV export.`,
  badEncoding: (file: string) =>
    `${q(file)}: rejected whole: it is neither UTF-8 nor GB18030 text that can be recognised with confidence; ` +
    `it was not loaded rather than stored garbled. ${declareHint(file)}`,
  mixedEncoding: (file: string) =>
    `${q(file)}: rejected whole: it is neither UTF-8 nor GB18030 throughout: some lines are UTF-8 and others GB18030, and decoding it either way would garble some of them. Re-export it in one encoding.`,
  utf32: (file: string) => `${q(file)}: rejected whole: it is UTF-32 text (by its byte-order mark), which is not read. Re-export it as UTF-8.`,
  declaredButUtf8: (file: string, encoding: string) =>
    `${q(file)}: rejected whole: the configuration declares it ${q(encoding)}, but it is valid UTF-8 with non-ASCII characters, which ${q(encoding)} would garble. Remove the declaration for this file or fix its pattern.`,
  notValidText: (file: string, line: number, encoding: string) =>
    `${q(file)}:${line}: rejected whole: the bytes at or after line ${line} are not valid ${q(encoding)} text. Re-export the file, or declare its real encoding in trade-bulletin.config.json ("encodings").`,
  emptyFile: (file: string) => `${q(file)}: rejected whole: the file is empty (no header row). Re-export it with its header.`,
  headerTooLong: (file: string, bytes: number) =>
    `${q(file)}:1: rejected whole: the header row does not end within the file's first ${bytes} bytes (a quote never closed, or not a CSV file). Replace it with the CSV export.`,
  unknownHeader: (file: string, found: string[], hint: string) =>
    `${q(file)}:1: rejected whole: unknown header (${safeText(found.join(', ')) || 'no columns'}). ${hint}`,
  headerCellTooLong: (file: string, line: number, position: number, cell: string, max: number) =>
    `${q(file)}:${line}:${position}: rejected whole: header cell ${position} is longer than ${max} characters ("${q(cell)}"); it is not a column name. Fix the header and put the file back.`,
  unknownHeaderOutside: (file: string) =>
    `${q(file)}:1: rejected whole: unknown header. The file is a link to a file outside the inbox, so its content is not quoted here; check what the link points to.`,
  duplicateHeader: (file: string, column: string) =>
    `${q(file)}:1: rejected whole: column "${q(column)}" appears twice in the header. Remove one of them.`,
  unterminatedQuote: (file: string, line: number, column: number) =>
    `${q(file)}:${line}:${column}: rejected whole: a quoted field starting here is never closed. Fix the quote (a quote inside a quoted field is written twice: "") and put the file back.`,
  badClosingQuote: (file: string, line: number, column: number, closed: { line: number; column: number; next: string }) =>
    `${q(file)}:${line}:${column}: rejected whole: a quoted field starting here is closed at line ${closed.line}, column ${closed.column} ` +
    `and followed by "${q(closed.next)}" instead of a comma or a line end, so the lines between cannot be told apart. ` +
    'Fix the quote (a quote inside a quoted field is written twice: "") and put the file back.',
  recordTooLarge: (file: string, line: number, chars: number) =>
    `${q(file)}:${line}: rejected whole: the row starting here is longer than ${chars} characters (a quote never closed, or not a CSV file). Fix the file and put it back.`,
  quotedTooLarge: (file: string, line: number, column: number, chars: number) =>
    `${q(file)}:${line}:${column}: rejected whole: the quoted field starting here runs past ${chars} characters; its closing quote is most likely missing. Fix the quote and put the file back.`,
  csvError: (file: string, line: number, detail: string) =>
    `${q(file)}:${line}: rejected whole: the CSV cannot be parsed (${q(detail)}). Fix the file and put it back.`,
  badFileName: (file: string) =>
    `${q(file)}: not read: its name is not valid UTF-8 text (shown with \uFFFD for the bytes that are not), so it cannot be named exactly. Rename the file.`,
  danglingLink: (file: string) =>
    `${q(file)}: not read: it is a symbolic link to a file that does not exist. Fix or remove the link.`,
  linkLoop: (file: string) => `${q(file)}: not read: it is a symbolic link that loops (or too many links deep). Fix or remove the link.`,
  notRegularFile: (file: string, what: string) =>
    `${q(file)}: not read: it is ${what}, not a regular file. Remove it from the inbox or replace it with the CSV file itself.`,
  unreadable: (file: string, code: string) =>
    `${q(file)}: not read: it cannot be opened (${q(code)}): it vanished while being read or this user may not read it. Check that it is in place and readable.`,
  lockHeld: (workspace: string, pid: number) =>
    `another trade-bulletin run (pid ${pid}) holds the workspace ${workspace} (its warehouse is open); this run touched nothing. Wait for it to finish.`,
  quarantineCeiling: (share: number, ceiling: number, report: string | null = null) =>
    `quarantined ${(share * 100).toFixed(1)} % of rows, above the ceiling of ${(ceiling * 100).toFixed(1)} %: nothing was published. ` +
    `Fix the inputs (${report ? `every quarantined row is in ${q(report)}` : 'a dry run writes no quarantine report; run without --dry-run to get it'}) or raise quarantine_ceiling.`,
  noChromium: (path: string) =>
    `Chromium not found at ${path}. Install it (as root: apt-get update && apt-get install chromium) or set TRADE_BULLETIN_CHROMIUM to its path.`,
  forgetInInbox: (file: string) =>
    `${q(file)} is still in the inbox: forget retracts only a file that was removed from it. Remove the file from the inbox first (or put a corrected version in its place, which replaces its rows).`,
  forgetUnknown: (file: string) =>
    `${q(file)}: no file of that name was ever loaded in this workspace (or it was forgotten already); nothing to forget. \`trade-bulletin runs show ID\` lists a run's files.`,
  forgetNoAsOf: () => 'forget: no run is recorded in this workspace to take the as-of date from; pass --as-of YYYY-MM-DD.',
  fileGone: (file: string) =>
    `${q(file)} is no longer in the inbox; the rows it loaded stay in the warehouse until \`trade-bulletin forget ${q(file)}\` retracts them.`,
  noData: (year: number) => `no shipments departed in ${year}: there is nothing to report for that year.`,
  asOfRequired: (command: string) =>
    `${command} needs --as-of YYYY-MM-DD, the date the figures are computed at (the run never reads the clock). For a nightly cron job: --as-of "$(date -u +%F)".`,
  badAsOf: (value: string) => `--as-of "${value}" is not a date; write YYYY-MM-DD.`,
  badYear: (value: string) => `--year "${value}" is not a year; write YYYY, e.g. --year 2025.`,
  noPublicationRate: (date: string, days: number) =>
    `no CNY per USD rate on ${date} or in the ${days} days before it: the headline dollar figure cannot be computed. Add the rate to an fx file or choose another --as-of.`,
  fxDisagreement: (count: number, first: { date: string; rows: { source: string; base: string; quote: string; rate: string; file: string; line: number }[]; used: string | null }) =>
    `${count} exchange rate${count === 1 ? '' : 's'} disagree by more than 0.5 % between two fx rows of the same pair and day; first: ${first.date} ${first.rows
      .map((r) => `${r.base}→${r.quote} ${r.rate} from "${plain(r.source)}" (${plain(r.file)}:${r.line})`).join(' vs ')}, used "${plain(first.used ?? '?')}". ` +
    `Correct the wrong row, or set source_priority in the configuration; every one is listed in the --json report (fx_disagreements).`,
  fileMissing: (file: string) => `${q(file)}: no such file`,
  interrupted: (signal: string, during: string) =>
    `interrupted by ${signal} ${during}: the workspace keeps the outputs of the last completed run (a bulletin's files are all old or all new); run again to finish.`,
  stopping: (signal: string) => `received ${signal}: stopping at the next safe point (send it again to stop at once)`,
  runInProgress: (pid: number) =>
    `a run (pid ${pid}) is using the warehouse right now; try again when it has finished.`,
} as const;

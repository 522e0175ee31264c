/**
 * Reads the header row of an inbox file from its first bytes and recognises its kind.
 */
import { message } from '../lib/messages.js';
import { InputError } from '../lib/errors.js';
import { decodeSample } from './encoding.js';
import { sourceSpecs, kinds } from './kinds.js';
import { CsvStructureError, firstRecord } from './read-rows.js';
import { matchHeader, normalizeHeaderName, type HeaderMatch } from './schema.js';

/** The longest header cell accepted, in characters. */
export const MAX_HEADER_CELL = 1000;

/**
 * The header cells of a file whose first bytes are `head` (`whole` when they are the whole
 * file). Throws InputError when there is no header row, or when it does not end within the
 * first bytes (a 50 MB one-line file is not a CSV header). With `quoteContent: false` (a link
 * to a file outside the inbox) no message quotes the file's content.
 */
export function readHeaderCells(name: string, head: Buffer, encoding: string, whole: boolean, options: { quoteContent?: boolean } = {}): string[] {
  const quote = options.quoteContent ?? true;
  let first;
  try {
    first = firstRecord(decodeSample(encoding, head), whole);
  } catch (err) {
    if (!(err instanceof CsvStructureError)) throw err;
    first = null; // a header that cannot be tokenized has no usable cells
    if (err.problem === 'CLOSING_QUOTE' && err.closedAt)
      throw new InputError(message.badClosingQuote(name, err.line, err.column, { ...err.closedAt, next: quote ? err.closedAt.next : '…' }), name, err.line);
    if (whole) throw new InputError(message.unterminatedQuote(name, err.line, err.column), name, err.line);
  }
  if (!first && !whole) throw new InputError(message.headerTooLong(name, head.length), name, 1);
  if (!first || first.fields.every((c) => c.trim() === '')) throw new InputError(message.emptyFile(name), name, 1);
  // A column name is kept beside every row of its column (extras): a 60 KB one is not a name.
  const long = first.fields.findIndex((c) => c.length > MAX_HEADER_CELL);
  if (long >= 0)
    throw new InputError(message.headerCellTooLong(name, first.line, long + 1, quote ? first.fields[long]! : '…', MAX_HEADER_CELL), name, first.line);
  return first.fields;
}

/**
 * Recognises the kind of a file from its header cells.
 * @example recognise('fx.csv', ['date', 'base', 'quote', 'rate']).kind // 'fx'
 */
export function recognise(name: string, cells: readonly string[], options: { quoteContent?: boolean } = {}): HeaderMatch {
  const quote = options.quoteContent ?? true;
  const seen = new Set<string>();
  for (const c of cells) {
    const n = normalizeHeaderName(c);
    if (n && seen.has(n)) throw new InputError(quote ? message.duplicateHeader(name, c.trim()) : message.unknownHeaderOutside(name), name, 1);
    seen.add(n);
  }
  const matches = kinds.map((k) => matchHeader(cells, sourceSpecs[k]));
  const full = matches.filter((m) => m.missing.length === 0);
  if (full.length === 1 && full[0]) return full[0];
  const closest = [...matches].sort((a, b) => a.missing.length - b.missing.length)[0];
  const hint = closest
    ? `The closest kind is "${closest.kind}", which also needs: ${closest.missing.join(', ')}. ` +
      'Header names may be in any case and order (see the data contract).'
    : '';
  if (!quote) throw new InputError(message.unknownHeaderOutside(name), name, 1);
  throw new InputError(
    message.unknownHeader(
      name,
      cells.map((c) => c.trim()),
      hint,
    ),
    name,
    1,
  );
}

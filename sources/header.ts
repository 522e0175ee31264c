/**
 * Reads the header row of an inbox file from its first bytes and recognises its kind.
 */
import { parse } from 'csv-parse/sync';
import { message } from '../lib/messages.js';
import { InputError } from '../lib/errors.js';
import { sourceSpecs, kinds } from './kinds.js';
import { matchHeader, normalizeHeaderName, type HeaderMatch } from './schema.js';

/** The header cells of a file whose first bytes are `head`. Throws InputError when there is none. */
export function readHeaderCells(name: string, head: Buffer, encoding: 'utf-8' | 'gb18030'): string[] {
  const text = new TextDecoder(encoding).decode(head);
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to: 1 });
  } catch {
    records = [];
  }
  const first = records[0];
  if (!first || first.every((c) => c.trim() === '')) throw new InputError(message.emptyFile(name), name, 1);
  return first;
}

/**
 * Recognises the kind of a file from its header cells.
 * @example recognise('fx.csv', ['date', 'base', 'quote', 'rate']).kind // 'fx'
 */
export function recognise(name: string, cells: readonly string[]): HeaderMatch {
  const seen = new Set<string>();
  for (const c of cells) {
    const n = normalizeHeaderName(c);
    if (n && seen.has(n)) throw new InputError(message.duplicateHeader(name, c.trim()), name, 1);
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

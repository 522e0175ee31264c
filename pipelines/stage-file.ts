/**
 * Reading one inbox file version into its raw table (stage 1, ingest): its header, its
 * kind, then its rows by DuckDB's bulk reader (plain UTF-8 files) or by the strict row
 * reader (everything else), each row with its physical line number. A file that cannot be
 * read at all throws InputError with the message saying where and why.
 */
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { InputError } from '../lib/errors.js';
import { message } from '../lib/messages.js';
import { MAX_RECORD_CHARS } from '../sources/csv-tokenizer.js';
import { readHeaderCells, recognise } from '../sources/header.js';
import { sourceSpecs } from '../sources/kinds.js';
import { readRecords, CsvStructureError } from '../sources/read-rows.js';
import type { HeaderMatch, Kind } from '../sources/schema.js';
import type { Sniff } from '../sources/sniff.js';
import type { InboxFile } from './inbox.js';
import { sqlString, type Warehouse } from './warehouse.js';

/** The temp table where a kind's bulk-read rows wait for the staging commit. */
export const stagingTable = (kind: Kind): string => `staging_${sourceSpecs[kind].rawTable}`;

/** Reads one file version into its raw table; throws InputError when it cannot be read at all. */
export async function stageFile(
  wh: Warehouse, file: InboxFile, sniff: Sniff, fileId: number, staging: Set<Kind>,
): Promise<{ match: HeaderMatch; reader: string; rows: number }> {
  if (!sniff.readable) throw new InputError(unreadableReason(file, sniff), file.name);
  if (sniff.size === 0) throw new InputError(message.emptyFile(file.name), file.name);
  const cells = readHeaderCells(file.name, sniff.head, sniff.encoding, sniff.size <= sniff.head.length, { quoteContent: !file.outside });
  const match = recognise(file.name, cells, { quoteContent: !file.outside });
  if (sniff.simple) {
    if (!staging.has(match.kind)) {
      await wh.run(`CREATE OR REPLACE TEMP TABLE ${stagingTable(match.kind)} AS SELECT * FROM ${sourceSpecs[match.kind].rawTable} LIMIT 0`);
      staging.add(match.kind);
    }
    // A failed bulk read (e.g. a row with a different number of fields) inserts nothing.
    const rows = await bulkLoad(wh, file, match, fileId, cells.length).catch(() => null);
    if (rows !== null) return { match, reader: 'duckdb', rows };
  }
  // Appended straight to the raw table, these rows would outlive a kill before the staging commit:
  // `loading` names them for sweepStaged until that commit.
  await wh.run('INSERT INTO loading VALUES (?)', [fileId]);
  const rows = await streamLoad(wh, file, sniff.encoding, match, fileId);
  return { match, reader: 'row-reader', rows };
}

/** Why a file with no usable encoding is rejected. */
function unreadableReason(file: InboxFile, sniff: Sniff): string {
  switch (sniff.encoding) {
    case 'binary':
      return message.binaryFile(file.name);
    case 'utf-32':
      return message.utf32(file.name);
    case 'mixed':
      return message.mixedEncoding(file.name);
    case 'declared-but-utf-8':
      return message.declaredButUtf8(file.name, sniff.declared ?? 'the declared encoding');
    default:
      // No guess is offered: on a few accented letters detectors confuse cp1250 with Latin-1,
      // and a wrong declaration would store the text garbled.
      return message.badEncoding(file.name);
  }
}

/** The raw table's column list for a kind, in schema order. */
function rawColumns(kind: Kind): string[] {
  return sourceSpecs[kind].columns.map((c) => c.name);
}

/** Where this process sees its open file descriptors (Linux); DuckDB opens `/proc/self/fd/N` as the file itself. */
const FD_DIR = '/proc/self/fd';
const hasFdDir = existsSync(FD_DIR);

/**
 * Bulk path: DuckDB reads the plain file into the kind's staging table; record n is on line
 * n + 1. Returns the row count, or null when the row reader must take the file.
 *
 * DuckDB's read_csv expands `*`, `?`, `[…]` and `{…}` in a path, so a file's own path never
 * reaches it: it gets `/proc/self/fd/N` for a descriptor this process opened on that exact
 * file (which has nothing to expand). Without /proc, the row reader takes the file.
 */
async function bulkLoad(wh: Warehouse, file: InboxFile, match: HeaderMatch, fileId: number, width: number): Promise<number | null> {
  if (!hasFdDir) return null;
  const fh = await open(file.path, 'r');
  try {
    return await bulkLoadFrom(wh, `${FD_DIR}/${fh.fd}`, match, fileId, width);
  } finally {
    await fh.close();
  }
}

async function bulkLoadFrom(wh: Warehouse, path: string, match: HeaderMatch, fileId: number, width: number): Promise<number> {
  const kind = match.kind;
  const cols = Object.fromEntries(Array.from({ length: width }, (_, i) => [`c${i}`, 'VARCHAR']));
  const pos = new Map(match.mapping.map((c, i) => [c, i] as const));
  const select = rawColumns(kind).map((c) => (pos.has(c) ? `c${pos.get(c)}` : 'NULL'));
  const extras = match.mapping.flatMap((c, i) => (c === null ? [`${sqlString(match.extras[extraIndex(match, i)] ?? `column ${i + 1}`)}, c${i}`] : []));
  const extrasExpr = extras.length ? `json_object(${extras.join(', ')})::VARCHAR` : 'NULL';
  const columnsLiteral = `{${Object.keys(cols).map((k) => `'${k}': 'VARCHAR'`).join(', ')}}`;
  const result = await wh.conn.run(
    `INSERT INTO ${stagingTable(kind)} (file_id, line, ${rawColumns(kind).join(', ')}, extras, field_count)
     SELECT ${fileId}, (row_number() OVER ())::INTEGER + 1, ${select.join(', ')}, ${extrasExpr}, NULL
     FROM read_csv(${sqlString(path)}, header = true, auto_detect = false, columns = ${columnsLiteral}, compression = 'none',
                   delim = ',', quote = '', escape = '', parallel = false, strict_mode = true, max_line_size = ${MAX_RECORD_CHARS})`,
  );
  return result.rowsChanged;
}

function extraIndex(match: HeaderMatch, position: number): number {
  let k = -1;
  for (let i = 0; i <= position; i++) if (match.mapping[i] === null) k++;
  return k;
}

/** Strict path: the row reader streams records with their physical line numbers into the raw table. */
async function streamLoad(wh: Warehouse, file: InboxFile, encoding: string, match: HeaderMatch, fileId: number): Promise<number> {
  const spec = sourceSpecs[match.kind];
  const order = rawColumns(match.kind);
  const pos = order.map((c) => match.mapping.indexOf(c));
  const extraPos = match.mapping.flatMap((c, i) => (c === null ? [i] : []));
  const width = match.mapping.length;
  const appender = await wh.conn.createAppender(spec.rawTable);
  let rows = 0;
  let header = true;
  try {
    for await (const rec of readRecords(file.path, encoding)) {
      if (header) {
        header = false;
        continue;
      }
      appender.appendInteger(fileId);
      appender.appendInteger(rec.line);
      for (const p of pos) {
        const v = p >= 0 ? rec.fields[p] : undefined;
        if (v === undefined || v === '') appender.appendNull();
        else appender.appendVarchar(v);
      }
      if (extraPos.length) {
        const obj: Record<string, string | null> = {};
        extraPos.forEach((p, k) => (obj[match.extras[k] ?? `column ${p + 1}`] = rec.fields[p] ?? null));
        appender.appendVarchar(JSON.stringify(obj));
      } else appender.appendNull();
      if (rec.fields.length !== width) appender.appendInteger(rec.fields.length);
      else appender.appendNull();
      appender.endRow();
      rows++;
    }
  } catch (err) {
    appender.clear();
    if (err instanceof CsvStructureError) throw new InputError(structureMessage(file, encoding, err), file.name, err.line);
    throw err;
  } finally {
    appender.closeSync();
  }
  return rows;
}

/** The message for a file whose CSV structure is broken (content of a file outside the inbox is not quoted). */
function structureMessage(file: InboxFile, encoding: string, err: CsvStructureError): string {
  switch (err.problem) {
    case 'CLOSING_QUOTE':
      return message.badClosingQuote(file.name, err.line, err.column,
        { line: err.closedAt?.line ?? err.line, column: err.closedAt?.column ?? err.column, next: file.outside ? '…' : (err.closedAt?.next ?? '') });
    case 'QUOTE_NOT_CLOSED':
      return message.unterminatedQuote(file.name, err.line, err.column);
    case 'RECORD_TOO_LARGE':
      return message.recordTooLarge(file.name, err.line, MAX_RECORD_CHARS);
    case 'QUOTED_TOO_LARGE':
      return message.quotedTooLarge(file.name, err.line, err.column, MAX_RECORD_CHARS);
    case 'ENCODING':
      return message.notValidText(file.name, err.line, encoding);
    default:
      return message.csvError(file.name, err.line, err.problem);
  }
}


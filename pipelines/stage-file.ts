/**
 * Reading inbox file versions into their raw tables (stage 1, ingest): a file's header and
 * kind, then its rows by DuckDB's bulk reader (plain UTF-8 files, several of one layout in one
 * statement: bulkLoadGroup) or by the strict row reader (everything else), each row with its
 * physical line number. A file that cannot be read at all throws InputError with the message
 * saying where and why.
 */
import { existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
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

/** Where this process sees its open file descriptors (Linux); DuckDB opens `/proc/self/fd/N` as the file itself. */
const FD_DIR = '/proc/self/fd';
const hasFdDir = existsSync(FD_DIR);

/** The temp table where a kind's bulk-read rows wait for the staging commit. */
export const stagingTable = (kind: Kind): string => `staging_${sourceSpecs[kind].rawTable}`;

/** A file version's kind and header layout: which position feeds which column, how many fields. */
export interface FileHead {
  match: HeaderMatch;
  width: number;
}

/** Reads and recognises a file version's header; throws InputError when the file cannot be read at all. */
export function readHead(file: InboxFile, sniff: Sniff): FileHead {
  if (!sniff.readable) throw new InputError(unreadableReason(file, sniff), file.name);
  if (sniff.size === 0) throw new InputError(message.emptyFile(file.name), file.name);
  const cells = readHeaderCells(file.name, sniff.head, sniff.encoding, sniff.size <= sniff.head.length, { quoteContent: !file.outside });
  return { match: recognise(file.name, cells, { quoteContent: !file.outside }), width: cells.length };
}

/** Whether DuckDB's bulk reader may take a file: a plain file (see Sniff.simple), opened by descriptor. */
export const bulkReadable = (sniff: Sniff): boolean => sniff.simple && hasFdDir;

async function ensureStaging(wh: Warehouse, kind: Kind, staging: Set<Kind>): Promise<void> {
  if (staging.has(kind)) return;
  await wh.run(`CREATE OR REPLACE TEMP TABLE ${stagingTable(kind)} AS SELECT * FROM ${sourceSpecs[kind].rawTable} LIMIT 0`);
  staging.add(kind);
}

/** Reads one file version into its raw table, by itself; throws InputError when it cannot be read at all. */
export async function stageFile(
  wh: Warehouse, file: InboxFile, sniff: Sniff, fileId: number, staging: Set<Kind>, head: FileHead = readHead(file, sniff),
): Promise<{ match: HeaderMatch; reader: string; rows: number }> {
  const { match } = head;
  if (bulkReadable(sniff)) {
    await ensureStaging(wh, match.kind, staging);
    // A failed bulk read (e.g. a row with a different number of fields) leaves nothing staged.
    const rows = Math.max(0, sniff.lines - 1);
    if (await bulkLoadGroup(wh, [{ file, fileId, head, rows }], stagingTable(match.kind))) return { match, reader: 'duckdb', rows };
  }
  // Appended straight to the raw table, these rows would outlive a kill before the staging commit:
  // `loading` names them for sweepStaged until that commit.
  await wh.run('INSERT INTO loading VALUES (?)', [fileId]);
  const rows = await streamLoad(wh, file, sniff.encoding, match, fileId);
  return { match, reader: 'row-reader', rows };
}

/** A plain file waiting for a bulk read with others of its layout. */
export interface BulkMember {
  file: InboxFile;
  fileId: number;
  head: FileHead;
  /** Its records as the sniff counted them (lines after the header). */
  rows: number;
}

/** Files one bulk read can take together: same kind, same header layout. */
export const bulkLayout = (head: FileHead): string => JSON.stringify([head.match.kind, head.match.mapping, head.match.extras, head.width]);

/**
 * Plain files of one layout (see bulkLayout) in one read, into `table` (default: the kind's raw
 * table, the caller holding a transaction; stageFile reads one file into its staging table):
 * DuckDB reads them in parallel, with about half the CPU of one statement a file. Rows are
 * numbered across the files in list order (DuckDB keeps insertion order), and a file's lines
 * follow from the row counts of the files before it. Returns false when the read fails (inside a
 * transaction, DuckDB then ends it) or any file's rows do not come out exactly as the sniff
 * counted them (first on line 2, last on line rows + 1; its rows are deleted).
 *
 * DuckDB's read_csv expands `*`, `?`, `[…]` and `{…}` in a path, so a file's own path never
 * reaches it: it gets `/proc/self/fd/N` for a descriptor this process opened on that exact file
 * (which has nothing to expand). Without /proc, the row reader takes every file.
 */
export async function bulkLoadGroup(wh: Warehouse, members: BulkMember[], table?: string): Promise<boolean> {
  const first = members[0];
  if (!first || !hasFdDir) return false;
  const { match, width } = first.head;
  table ??= sourceSpecs[match.kind].rawTable;
  const handles: FileHandle[] = [];
  const ids = members.map((m) => m.fileId).join(', ');
  try {
    for (const m of members) handles.push(await open(m.file.path, 'r'));
    let start = 0;
    const offsets = members.map((m, k) => {
      const row = `(${sqlString(`${FD_DIR}/${handles[k]!.fd}`)}, ${Number(m.fileId)}, ${start})`;
      start += m.rows;
      return row;
    });
    const ok = await wh.conn
      .run(`INSERT INTO ${table} (file_id, line, ${rawColumns(match.kind).join(', ')}, extras, field_count)
        SELECT m.file_id, (g.rn - m.start + 1)::INTEGER, ${selectList(match)}, NULL
        FROM (SELECT row_number() OVER () AS rn, * FROM read_csv([${offsets.map((_, k) => sqlString(`${FD_DIR}/${handles[k]!.fd}`)).join(', ')}],
                ${csvOptions(width)}, filename = true)) g
          JOIN (VALUES ${offsets.join(', ')}) m(path, file_id, start) ON m.path = g.filename`)
      .then(() => true, () => false);
    if (!ok) return false;
    const counts = await wh.all<{ file_id: number; n: number; lo: number; hi: number }>(
      `SELECT file_id, count(*)::INTEGER AS n, min(line) AS lo, max(line) AS hi FROM ${table} WHERE file_id IN (${ids}) GROUP BY file_id`);
    const got = new Map(counts.map((c) => [c.file_id, c]));
    const exact = members.every((m) => {
      const c = got.get(m.fileId);
      return m.rows === 0 ? !c : c !== undefined && c.n === m.rows && c.lo === 2 && c.hi === m.rows + 1;
    });
    if (!exact) await wh.run(`DELETE FROM ${table} WHERE file_id IN (${ids})`);
    return exact;
  } catch (err) {
    // A file gone or unreadable since its sniff: each file's own read says which.
    if ((err as NodeJS.ErrnoException | null)?.code) return false;
    throw err;
  } finally {
    for (const h of handles) await h.close();
  }
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

/** read_csv's options for a plain file of `width` fields, every field as text (columns c0, c1, …). */
function csvOptions(width: number): string {
  const columns = `{${Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  return `header = true, auto_detect = false, columns = ${columns}, compression = 'none',
    delim = ',', quote = '', escape = '', strict_mode = true, max_line_size = ${MAX_RECORD_CHARS}`;
}

/** The raw table's columns (schema order) from the fields c0, c1, …, then `extras` (the columns no kind names, as JSON). */
function selectList(match: HeaderMatch): string {
  const pos = new Map(match.mapping.map((c, i) => [c, i] as const));
  const select = rawColumns(match.kind).map((c) => (pos.has(c) ? `c${pos.get(c)}` : 'NULL'));
  const extras = match.mapping.flatMap((c, i) => (c === null ? [`${sqlString(match.extras[extraIndex(match, i)] ?? `column ${i + 1}`)}, c${i}`] : []));
  return [...select, extras.length ? `json_object(${extras.join(', ')})::VARCHAR` : 'NULL'].join(', ');
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

/** Deletes the raw rows of one file version, of whatever kind. */
export async function deleteRows(wh: Warehouse, fileId: number): Promise<void> {
  for (const spec of Object.values(sourceSpecs)) await wh.run(`DELETE FROM ${spec.rawTable} WHERE file_id = ?`, [fileId]);
}

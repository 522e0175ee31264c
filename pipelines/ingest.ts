/**
 * Stage 1, ingest: inbox files → raw tables, every row kept as text with its line number.
 *
 * A file version is recognised by its sha256. New and revised versions are staged first
 * (rows written under a fresh file_id that nothing points to yet), then promoted in the
 * run's single transaction, which also removes the rows of the versions they replace.
 * A run killed while staging leaves only unreferenced rows, swept by the next run.
 *
 * Two readers: DuckDB's bulk CSV reader for plain files (UTF-8, no quotes, no blank
 * lines: line n + 1 is record n) and the strict row-by-row reader (sources/read-rows.ts) for the
 * rest; reading one file is stage-file.ts, listing the inbox (links included) inbox.ts.
 */
import { InputError } from '../lib/errors.js';
import { throwIfStopped } from '../lib/interrupt.js';
import { message } from '../lib/messages.js';
import type { Logger } from '../lib/logger.js';
import { meter } from '../lib/progress.js';
import { sourceSpecs } from '../sources/kinds.js';
import { declaredEncoding, type EncodingRule } from '../sources/encoding.js';
import type { HeaderMatch, Kind } from '../sources/schema.js';
import { sniffFile, type Sniff } from '../sources/sniff.js';
import type { InboxFile } from './inbox.js';
import { bulkLayout, bulkLoadGroup, bulkReadable, readHead, stageFile, stagingTable, type FileHead } from './stage-file.js';
import type { DuckDBValue } from '@duckdb/node-api';
import type { Warehouse } from './warehouse.js';

/** What ingest did with one file. */
export interface FileOutcome {
  name: string;
  action: 'new' | 'revised' | 'unchanged' | 'rejected' | 'missing' | 'forgotten';
  /** The version now staged or current (null when rejected and never loaded). */
  fileId: number | null;
  /** The version a revision replaces. */
  replacesFileId: number | null;
  sha256: string;
  kind: Kind | null;
  reason: string | null;
}

export { listInbox, type InboxFile } from './inbox.js';

interface KnownVersion {
  file_id: number;
  sha256: string;
  size: number;
  mtime_ms: number;
  ctime_ms: number | null;
  status: string;
  kind: Kind | null;
  reason: string | null;
  encoding: string | null;
}

/** A new or revised file version being staged; `at` is its place in the outcomes. */
interface Version {
  file: InboxFile;
  sniff: Sniff;
  tag: string;
  current: KnownVersion | null;
  fileId: number;
  at: number;
}

/** Files read in one bulk statement at most (each holds a descriptor open during the read). */
const GROUP_FILES = 64;

/** A plain file waiting for its bulk read: its version, header layout and row count (from the sniff). */
interface Plain {
  version: Version;
  head: FileHead;
  rows: number;
}

/** A group of plain files could not be read together exactly: the commit is retried with each file read alone. */
class GroupUnread extends Error {}

/** Until a version is staged or rejected, its outcome says it is being read. */
function placeholder(v: Version): FileOutcome {
  return { name: v.file.name, action: 'rejected', fileId: null, replacesFileId: null, sha256: v.sniff.sha256, kind: null, reason: 'not read' };
}

/** What the encoding column records of a declaration, so that a changed declaration re-reads the file. */
const declarationTag = (declared: string | null): string => (declared ? ` [declared ${declared}]` : '');
const sameDeclaration = (v: KnownVersion, declared: string | null): boolean =>
  declared ? (v.encoding ?? '').endsWith(declarationTag(declared)) : !(v.encoding ?? '').includes('[declared ');

/**
 * Stages every new or revised inbox file; returns one outcome per inbox file.
 * Runs outside the run transaction, writing only rows nothing refers to yet.
 *
 * Where the time goes: hashing every byte (sniff) and DuckDB's reading and storing of the rows.
 * Plain files are read in the commit, together: one statement for up to GROUP_FILES files of one
 * layout, straight into the raw tables (DuckDB reads them in parallel, with about half the CPU of
 * a statement a file, and no staging copy). The other files are read one by one as they come, by
 * the row reader, their rows named in `loading` until the commit.
 */
export async function stageInbox(
  wh: Warehouse, inbox: InboxFile[], runId: number, logger: Logger, options: { encodings?: readonly EncodingRule[]; stop?: AbortSignal } = {},
): Promise<FileOutcome[]> {
  // A stop interrupts DuckDB's statement, which reads like a file DuckDB cannot take: checked
  // before each file, and before the plain files are read again one by one.
  const stopped = (): void => throwIfStopped(options.stop, 'in the data stages');
  const known = await knownVersions(wh);
  const declared = inbox.map((file) => declaredEncoding(file.name, options.encodings));
  const outcomes: FileOutcome[] = [];
  const versions: DuckDBValue[][] = [];
  const staging = new Set<Kind>();
  const needsSniff = inbox.map((file, i) => {
    if (file.problem) return false;
    const latest = known.get(file.name)?.latest;
    return !(latest && latest.size === file.size && latest.mtime_ms === file.mtimeMs && latest.ctime_ms === file.ctimeMs &&
      sameDeclaration(latest, declared[i] ?? null));
  });
  // One sniff ahead: the next file's reads are in flight while this one is handled (a file the row
  // reader takes is parsed on this thread; plain files wait for the commit).
  const sniffs = new Map<number, Promise<Sniff>>();
  const sniffAt = (i: number): Promise<Sniff> | undefined => {
    const file = inbox[i];
    if (!file || !needsSniff[i]) return undefined;
    if (!sniffs.has(i)) sniffs.set(i, sniffFile(file.path, declared[i] ?? null));
    return sniffs.get(i);
  };
  const settle = (v: Version, staged: { match: HeaderMatch; reader: string; rows: number }): void => {
    const { file, sniff, tag, current, fileId } = v;
    versions.push([fileId, file.name, sniff.sha256, file.size, file.mtimeMs, staged.match.kind, sniff.encoding + (sniff.bom ? ' (BOM)' : '') + tag,
      staged.reader, 'staged', null, JSON.stringify(staged.match.mapping), JSON.stringify(staged.match.extras), staged.rows, runId, file.ctimeMs]);
    outcomes[v.at] = { name: file.name, action: current ? 'revised' : 'new', fileId, replacesFileId: current?.file_id ?? null,
      sha256: sniff.sha256, kind: staged.match.kind, reason: null };
  };
  const reject = async (v: Version, caught: unknown): Promise<void> => {
    const { file, sniff, tag, current, fileId } = v;
    const code = fsErrorCode(caught);
    const err = code ? new InputError(message.unreadable(file.name, code), file.name) : caught;
    if (!(err instanceof InputError)) throw err;
    await deleteRows(wh, fileId);
    versions.push([fileId, file.name, sniff.sha256, file.size, file.mtimeMs, null, sniff.encoding + tag, null, 'rejected', err.message, null, null, 0, runId, file.ctimeMs]);
    outcomes[v.at] = { name: file.name, action: 'rejected', fileId: current?.file_id ?? null, replacesFileId: null,
      sha256: sniff.sha256, kind: current?.kind ?? null, reason: err.message };
  };
  // Plain files waiting for their bulk read, by layout (read in the commit below).
  const groups = new Map<string, Plain[]>();
  const readTogether = async (group: Plain[]): Promise<void> => {
    const bytes = group.reduce((a, g) => a + g.version.file.size, 0);
    const progress = meter(logger, `reading ${group.length} ${group[0]?.head.match.kind ?? ''} file(s) together (${(bytes / 1e6).toFixed(1)} MB)`);
    const members = group.map((g) => ({ file: g.version.file, fileId: g.version.fileId, head: g.head, rows: g.rows }));
    if (!(await bulkLoadGroup(wh, members))) throw new GroupUnread();
    for (const g of group) settle(g.version, { match: g.head.match, reader: 'duckdb', rows: g.rows });
    progress.done(group.reduce((a, g) => a + g.rows, 0));
  };
  const readAlone = async (g: Plain): Promise<void> => {
    try {
      settle(g.version, await stageFile(wh, g.version.file, g.version.sniff, g.version.fileId, staging, g.head));
    } catch (caught) {
      await reject(g.version, caught);
    }
  };
  for (let i = 0; i < inbox.length; i++) {
    stopped();
    const file = inbox[i]!;
    const { latest = null, current = null } = known.get(file.name) ?? {};
    if (file.problem) {
      // Nothing to read (a dangling link, a folder, …): reported; an earlier version stays loaded.
      outcomes.push({ name: file.name, action: 'rejected', fileId: current?.file_id ?? null, replacesFileId: null,
        sha256: '', kind: current?.kind ?? null, reason: file.problem });
      continue;
    }
    // Cheap check first: same size and modification time as the latest version seen.
    if (!needsSniff[i]) {
      outcomes.push(unchanged(file, latest!, current));
      continue;
    }
    logger.progress(`checking ${file.name} (${(file.size / 1e6).toFixed(1)} MB)…`);
    let sniff: Sniff;
    try {
      sniff = await sniffAt(i)!;
    } catch (err) {
      // Gone, or not readable, since it was listed: reported; an earlier version stays loaded.
      if (!fsErrorCode(err)) throw err;
      outcomes.push({ name: file.name, action: 'rejected', fileId: current?.file_id ?? null, replacesFileId: null,
        sha256: '', kind: current?.kind ?? null, reason: message.unreadable(file.name, fsErrorCode(err)!) });
      continue;
    } finally {
      sniffs.delete(i);
    }
    for (let j = i + 1; j < inbox.length; j++) {
      if (needsSniff[j]) {
        void sniffAt(j)?.catch(() => undefined); // its error surfaces when it is awaited
        break;
      }
    }
    const tag = declarationTag(declared[i] ?? null);
    const same = [latest, current].find((v) => v && v.sha256 === sniff.sha256 && sameDeclaration(v, declared[i] ?? null));
    if (same) {
      await wh.run('UPDATE file_versions SET mtime_ms = ?, ctime_ms = ?, size = ? WHERE file_id = ?', [file.mtimeMs, file.ctimeMs, file.size, same.file_id]);
      outcomes.push(unchanged(file, same, current));
      continue;
    }
    const version: Version = { file, sniff, tag, current, fileId: await nextFileId(wh), at: outcomes.length };
    outcomes.push(placeholder(version));
    try {
      const head = readHead(file, sniff);
      if (bulkReadable(sniff)) {
        // Read later with the other plain files of its layout, in one statement.
        const layout = bulkLayout(head);
        groups.set(layout, [...(groups.get(layout) ?? []), { version, head, rows: Math.max(0, sniff.lines - 1) }]);
        continue;
      }
      const progress = meter(logger, `reading ${file.name} (${(file.size / 1e6).toFixed(1)} MB)`);
      const staged = await stageFile(wh, file, sniff, version.fileId, staging, head);
      progress.done(staged.rows);
      settle(version, staged);
    } catch (caught) {
      await reject(version, caught);
    }
  }
  // One commit: the plain files read straight into the raw tables (the rows wait in the
  // transaction, written to the warehouse file, not in memory), the rows other files staged, and
  // the version rows that name them all. A kill before the commit leaves none of it.
  const plain = [...groups.values()].flatMap((g) => Array.from({ length: Math.ceil(g.length / GROUP_FILES) }, (_, k) => g.slice(k * GROUP_FILES, (k + 1) * GROUP_FILES)));
  const settled = versions.length;
  const commit = (together: Plain[][]): Promise<void> => wh.transaction(async () => {
    for (const group of together) await readTogether(group);
    for (const kind of staging) {
      await wh.run(`INSERT INTO ${sourceSpecs[kind].rawTable} SELECT * FROM ${stagingTable(kind)}`);
      await wh.run(`DROP TABLE ${stagingTable(kind)}`);
    }
    for (const v of versions) {
      await wh.run(
        `INSERT INTO file_versions (file_id, name, sha256, size, mtime_ms, kind, encoding, reader, status, reason, header, extra_columns, rows_read, run_id, ctime_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, v);
    }
    await wh.run('DELETE FROM loading');
  });
  try {
    await commit(plain);
  } catch (err) {
    if (!(err instanceof GroupUnread)) throw err;
    // A group could not be read together exactly (a row of another width, a file changed since it
    // was hashed; DuckDB's error ends the transaction): the plain files are read one by one, as the
    // others were, which finds the file at fault and says why.
    versions.length = settled;
    for (const g of plain.flat()) {
      stopped();
      await readAlone(g);
    }
    await commit([]);
  }
  return outcomes;
}

/** The code of a file-system error about the file itself (gone, not readable), or null. */
function fsErrorCode(err: unknown): string | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code && ['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ELOOP', 'ENXIO', 'EIO'].includes(code) ? code : null;
}

/** Latest version (current or rejected) and current version of every file name seen before. */
async function knownVersions(wh: Warehouse): Promise<Map<string, { latest: KnownVersion | null; current: KnownVersion | null }>> {
  const rows = await wh.all<KnownVersion & { name: string }>(
    `SELECT name, file_id, sha256, size::DOUBLE AS size, mtime_ms, ctime_ms, status, kind, reason, encoding FROM file_versions
     WHERE status IN ('current', 'rejected') ORDER BY file_id`);
  const out = new Map<string, { latest: KnownVersion | null; current: KnownVersion | null }>();
  for (const { name, ...v } of rows) {
    const e = out.get(name) ?? { latest: null, current: null };
    e.latest = v; // ordered by file_id: the last one wins
    if (v.status === 'current') e.current = v;
    out.set(name, e);
  }
  return out;
}

function unchanged(file: InboxFile, latest: KnownVersion, current: KnownVersion | null): FileOutcome {
  const rejected = latest.status === 'rejected';
  return { name: file.name, action: rejected ? 'rejected' : 'unchanged', fileId: current?.file_id ?? null, replacesFileId: null,
    sha256: latest.sha256, kind: latest.kind ?? current?.kind ?? null, reason: rejected ? latest.reason : null };
}

async function nextFileId(wh: Warehouse): Promise<number> {
  const [row] = await wh.all<{ id: number }>("SELECT nextval('file_ids')::INTEGER AS id");
  return row!.id;
}

async function deleteRows(wh: Warehouse, fileId: number): Promise<void> {
  for (const spec of Object.values(sourceSpecs)) await wh.run(`DELETE FROM ${spec.rawTable} WHERE file_id = ?`, [fileId]);
}

/**
 * Inside the run transaction: staged versions become current, the versions they replace
 * are marked replaced and their raw rows deleted.
 */
export async function promoteStaged(wh: Warehouse, outcomes: FileOutcome[], runId: number): Promise<void> {
  for (const o of outcomes) {
    if (o.action === 'forgotten') await retractFile(wh, o.name, runId);
    if (o.action !== 'new' && o.action !== 'revised') continue;
    if (o.replacesFileId !== null) {
      await deleteRows(wh, o.replacesFileId);
      await wh.run(`UPDATE file_versions SET status = 'replaced', replaced_run = ? WHERE file_id = ?`, [runId, o.replacesFileId]);
    }
    await wh.run(`UPDATE file_versions SET status = 'current' WHERE file_id = ?`, [o.fileId]);
    await wh.run(`INSERT OR REPLACE INTO files (name, file_id) VALUES (?, ?)`, [o.name, o.fileId]);
  }
}

/**
 * Writes into `table` the file versions a promotion of `outcomes` would make current: the
 * current ones, with new and revised versions in place of what they replace. The derived
 * tables are built from it before the run transaction (see warehouse.ts, generations).
 */
export async function writeNextFiles(wh: Warehouse, outcomes: FileOutcome[], table: string): Promise<void> {
  await wh.run(`CREATE OR REPLACE TABLE ${table} AS SELECT name, file_id FROM main.files`);
  for (const o of outcomes) {
    if (o.action === 'forgotten') await wh.run(`DELETE FROM ${table} WHERE name = ?`, [o.name]);
    if (o.action !== 'new' && o.action !== 'revised') continue;
    await wh.run(`DELETE FROM ${table} WHERE name = ?`, [o.name]);
    await wh.run(`INSERT INTO ${table} VALUES (?, ?)`, [o.name, o.fileId]);
  }
}

/**
 * Files loaded earlier that are no longer in the inbox. Their rows stay loaded (the warehouse
 * is the record; an inbox cleared by mistake must not wipe history): they are reported as
 * `missing` on every run, with a warning, so that nobody mistakes them for current files.
 */
export async function missingFiles(wh: Warehouse, inbox: InboxFile[]): Promise<FileOutcome[]> {
  const present = new Set(inbox.map((f) => f.name));
  const rows = await wh.all<{ name: string; file_id: number; sha256: string; kind: Kind | null }>(
    `SELECT f.name, f.file_id, v.sha256, v.kind FROM files f JOIN file_versions v USING (file_id) ORDER BY f.name`);
  return rows
    .filter((r) => !present.has(r.name))
    .map((r) => ({ name: r.name, action: 'missing' as const, fileId: r.file_id, replacesFileId: null, sha256: r.sha256, kind: r.kind, reason: null }));
}

/** Removes what a killed run staged but never promoted. */
export async function sweepStaged(wh: Warehouse): Promise<number> {
  const rows = await wh.all<{ file_id: number }>(`SELECT file_id FROM file_versions WHERE status = 'staged'`);
  for (const r of rows) await deleteRows(wh, r.file_id);
  await wh.run(`UPDATE file_versions SET status = 'abandoned' WHERE status = 'staged'`);
  // Rows whose version row was never written (killed between the rows and the staging commit).
  // Only the row-by-row reader writes rows before that commit, and it lists them in `loading`:
  // no scan of the raw tables (tens of millions of rows) on every run.
  const loading = await wh.all<{ file_id: number }>('SELECT DISTINCT file_id FROM loading');
  for (const r of loading) await deleteRows(wh, r.file_id);
  if (loading.length) await wh.run('DELETE FROM loading');
  return rows.length;
}

/**
 * `forget NAME`, inside the run transaction: the rows of every version of the file are deleted,
 * its versions marked `forgotten` (by this run), and the name leaves `files`. A file of that
 * name put back later is a new file.
 */
async function retractFile(wh: Warehouse, name: string, runId: number): Promise<void> {
  const versions = await wh.all<{ file_id: number }>(`SELECT file_id FROM file_versions WHERE name = ? AND status <> 'forgotten'`, [name]);
  for (const v of versions) await deleteRows(wh, v.file_id);
  await wh.run(`UPDATE file_versions SET status = 'forgotten', replaced_run = ? WHERE name = ? AND status <> 'forgotten'`, [runId, name]);
  await wh.run(`DELETE FROM files WHERE name = ?`, [name]);
}

/**
 * Why `forget NAME` cannot run, or null: the file is still in the inbox (remove it first), or
 * the warehouse has never seen it (or has already forgotten it).
 */
export async function forgetRefusal(wh: Warehouse, inbox: InboxFile[], name: string): Promise<string | null> {
  if (inbox.some((f) => f.name === name)) return message.forgetInInbox(name);
  const [known] = await wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM file_versions WHERE name = ? AND status <> 'forgotten'`, [name]);
  return known?.n ? null : message.forgetUnknown(name);
}

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
import { throwIfStopped } from '../lib/interrupt.js';
import { message } from '../lib/messages.js';
import type { Logger } from '../lib/logger.js';
import { declaredEncoding, type EncodingRule } from '../sources/encoding.js';
import type { Kind } from '../sources/schema.js';
import { sniffFile, type Sniff } from '../sources/sniff.js';
import type { InboxFile } from './inbox.js';
import { deleteRows } from './stage-file.js';
import { fsErrorCode, VersionStager, type KnownVersion } from './stage-versions.js';
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

/** What the encoding column records of a declaration, so that a changed declaration re-reads the file. */
const declarationTag = (declared: string | null): string => (declared ? ` [declared ${declared}]` : '');
const sameDeclaration = (v: KnownVersion, declared: string | null): boolean =>
  declared ? (v.encoding ?? '').endsWith(declarationTag(declared)) : !(v.encoding ?? '').includes('[declared ');

/**
 * Stages every new or revised inbox file; returns one outcome per inbox file.
 * Runs outside the run transaction, writing only rows nothing refers to yet (stage-versions.ts).
 *
 * Where the time goes: hashing every byte (sniff) and DuckDB's reading and storing of the rows.
 * A file is hashed only when its size or times changed since the version the warehouse holds,
 * and read only when its sha256 (or declared encoding) changed.
 */
export async function stageInbox(
  wh: Warehouse, inbox: InboxFile[], runId: number, logger: Logger, options: { encodings?: readonly EncodingRule[]; stop?: AbortSignal } = {},
): Promise<FileOutcome[]> {
  // A stop interrupts DuckDB's statement, which reads like a file DuckDB cannot take: checked
  // before each file, and before each read at the commit.
  const stopped = (): void => throwIfStopped(options.stop, 'in the data stages');
  const known = await knownVersions(wh);
  const declared = inbox.map((file) => declaredEncoding(file.name, options.encodings));
  const stager = new VersionStager(wh, runId, logger, stopped);
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
  for (let i = 0; i < inbox.length; i++) {
    stopped();
    const file = inbox[i]!;
    const { latest = null, current = null } = known.get(file.name) ?? {};
    if (file.problem) {
      // Nothing to read (a dangling link, a folder, …): reported; an earlier version stays loaded.
      stager.note({ name: file.name, action: 'rejected', fileId: current?.file_id ?? null, replacesFileId: null,
        sha256: '', kind: current?.kind ?? null, reason: file.problem });
      continue;
    }
    // Cheap check first: same size and modification time as the latest version seen.
    if (!needsSniff[i]) {
      stager.note(unchanged(file, latest!, current));
      continue;
    }
    logger.progress(`checking ${file.name} (${(file.size / 1e6).toFixed(1)} MB)…`);
    let sniff: Sniff;
    try {
      sniff = await sniffAt(i)!;
    } catch (err) {
      // Gone, or not readable, since it was listed: reported; an earlier version stays loaded.
      if (!fsErrorCode(err)) throw err;
      stager.note({ name: file.name, action: 'rejected', fileId: current?.file_id ?? null, replacesFileId: null,
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
    const same = [latest, current].find((v) => v && v.sha256 === sniff.sha256 && sameDeclaration(v, declared[i] ?? null));
    if (same) {
      await wh.run('UPDATE file_versions SET mtime_ms = ?, ctime_ms = ?, size = ? WHERE file_id = ?', [file.mtimeMs, file.ctimeMs, file.size, same.file_id]);
      stager.note(unchanged(file, same, current));
      continue;
    }
    await stager.stage(file, sniff, declarationTag(declared[i] ?? null), current);
  }
  await stager.commit();
  return stager.outcomes;
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

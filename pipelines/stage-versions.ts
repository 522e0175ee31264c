/**
 * Staging the new and revised versions of one run's inbox (ingest.ts `stageInbox` decides which
 * files those are): each version gets a fresh file_id, its rows and its file_versions row, all
 * written by ONE commit. A kill before the commit leaves none of it (rows the row reader wrote
 * earlier are named in `loading` and swept by the next run).
 *
 * Plain files are read at the commit, together: one statement for up to GROUP_FILES files of
 * one header layout, straight into the raw tables (DuckDB reads them in parallel, with about
 * half the CPU of a statement a file, and no staging copy). The other files are read one by one
 * as they come, by the row reader, into a staging table per kind. When a group cannot be read
 * together exactly (a row of another width, a file changed since it was hashed; DuckDB's error
 * ends the transaction), the commit is retried with each plain file read alone, which finds the
 * file at fault and says why.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { InputError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { message } from '../lib/messages.js';
import { meter } from '../lib/progress.js';
import { sourceSpecs } from '../sources/kinds.js';
import type { HeaderMatch, Kind } from '../sources/schema.js';
import type { Sniff } from '../sources/sniff.js';
import type { InboxFile } from './inbox.js';
import type { FileOutcome } from './ingest.js';
import { bulkLayout, bulkLoadGroup, bulkReadable, deleteRows, readHead, stageFile, stagingTable, type FileHead } from './stage-file.js';
import type { Warehouse } from './warehouse.js';

/** The version of a file name the warehouse holds (current or rejected), as ingest compares it. */
export interface KnownVersion {
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
  /** What the encoding column records of a declared encoding (see ingest.ts). */
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

/** The code of a file-system error about the file itself (gone, not readable), or null. */
export function fsErrorCode(err: unknown): string | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code && ['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ELOOP', 'ENXIO', 'EIO'].includes(code) ? code : null;
}

/**
 * One run's staging: `note` records the outcome of a file that is not staged, `stage` stages a
 * new or revised version (or rejects it), `commit` writes everything at once. Outcomes come back
 * in the order they were noted or staged.
 * @example
 * const stager = new VersionStager(wh, runId, logger, stopped);
 * await stager.stage(file, sniff, tag, current);
 * await stager.commit();
 * return stager.outcomes;
 */
export class VersionStager {
  readonly outcomes: FileOutcome[] = [];
  /** file_versions rows, written by the commit. */
  private readonly versions: DuckDBValue[][] = [];
  /** Kinds with a staging table (files the row reader read). */
  private readonly staging = new Set<Kind>();
  /** Plain files waiting for their bulk read, by layout. */
  private readonly groups = new Map<string, Plain[]>();

  /** `stopped` throws when the run must stop (checked before each file read). */
  constructor(
    private readonly wh: Warehouse,
    private readonly runId: number,
    private readonly logger: Logger,
    private readonly stopped: () => void,
  ) {}

  /** Records the outcome of a file that is not staged (unchanged, or rejected before reading). */
  note(outcome: FileOutcome): void {
    this.outcomes.push(outcome);
  }

  /**
   * Stages a new or revised version of `file`: a plain file waits for the commit's bulk read,
   * any other is read now by the row reader. A file that cannot be read is rejected, with the
   * reason in its outcome.
   */
  async stage(file: InboxFile, sniff: Sniff, tag: string, current: KnownVersion | null): Promise<void> {
    const [row] = await this.wh.all<{ id: number }>("SELECT nextval('file_ids')::INTEGER AS id");
    const version: Version = { file, sniff, tag, current, fileId: row!.id, at: this.outcomes.length };
    // Until the version is staged or rejected, its outcome says it is being read.
    this.outcomes.push({ name: file.name, action: 'rejected', fileId: null, replacesFileId: null, sha256: sniff.sha256, kind: null, reason: 'not read' });
    try {
      const head = readHead(file, sniff);
      if (bulkReadable(sniff)) {
        const layout = bulkLayout(head);
        this.groups.set(layout, [...(this.groups.get(layout) ?? []), { version, head, rows: Math.max(0, sniff.lines - 1) }]);
        return;
      }
      const progress = meter(this.logger, `reading ${file.name} (${(file.size / 1e6).toFixed(1)} MB)`);
      const staged = await stageFile(this.wh, file, sniff, version.fileId, this.staging, head);
      progress.done(staged.rows);
      this.settle(version, staged);
    } catch (caught) {
      await this.reject(version, caught);
    }
  }

  /**
   * One commit: the plain files read straight into the raw tables (the rows wait in the
   * transaction, written to the warehouse file, not in memory), the rows the row reader staged,
   * and the version rows that name them all.
   */
  async commit(): Promise<void> {
    const plain = [...this.groups.values()].flatMap((g) =>
      Array.from({ length: Math.ceil(g.length / GROUP_FILES) }, (_, k) => g.slice(k * GROUP_FILES, (k + 1) * GROUP_FILES)));
    const settled = this.versions.length;
    try {
      await this.commitWith(plain);
    } catch (err) {
      if (!(err instanceof GroupUnread)) throw err;
      // The rolled-back transaction took the groups' version rows with it: they are settled again,
      // file by file.
      this.versions.length = settled;
      for (const g of plain.flat()) {
        this.stopped();
        await this.readAlone(g);
      }
      await this.commitWith([]);
    }
  }

  private commitWith(together: Plain[][]): Promise<void> {
    return this.wh.transaction(async () => {
      for (const group of together) {
        this.stopped();
        await this.readTogether(group);
      }
      for (const kind of this.staging) {
        await this.wh.run(`INSERT INTO ${sourceSpecs[kind].rawTable} SELECT * FROM ${stagingTable(kind)}`);
        await this.wh.run(`DROP TABLE ${stagingTable(kind)}`);
      }
      for (const v of this.versions) {
        await this.wh.run(
          `INSERT INTO file_versions (file_id, name, sha256, size, mtime_ms, kind, encoding, reader, status, reason, header, extra_columns, rows_read, run_id, ctime_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, v);
      }
      await this.wh.run('DELETE FROM loading');
    });
  }

  private async readTogether(group: Plain[]): Promise<void> {
    const bytes = group.reduce((a, g) => a + g.version.file.size, 0);
    const progress = meter(this.logger, `reading ${group.length} ${group[0]?.head.match.kind ?? ''} file(s) together (${(bytes / 1e6).toFixed(1)} MB)`);
    const members = group.map((g) => ({ file: g.version.file, fileId: g.version.fileId, head: g.head, rows: g.rows }));
    if (!(await bulkLoadGroup(this.wh, members))) throw new GroupUnread();
    for (const g of group) this.settle(g.version, { match: g.head.match, reader: 'duckdb', rows: g.rows });
    progress.done(group.reduce((a, g) => a + g.rows, 0));
  }

  private async readAlone(g: Plain): Promise<void> {
    try {
      this.settle(g.version, await stageFile(this.wh, g.version.file, g.version.sniff, g.version.fileId, this.staging, g.head));
    } catch (caught) {
      await this.reject(g.version, caught);
    }
  }

  private settle(v: Version, staged: { match: HeaderMatch; reader: string; rows: number }): void {
    const { file, sniff, tag, current, fileId } = v;
    this.versions.push([fileId, file.name, sniff.sha256, file.size, file.mtimeMs, staged.match.kind, sniff.encoding + (sniff.bom ? ' (BOM)' : '') + tag,
      staged.reader, 'staged', null, JSON.stringify(staged.match.mapping), JSON.stringify(staged.match.extras), staged.rows, this.runId, file.ctimeMs]);
    this.outcomes[v.at] = { name: file.name, action: current ? 'revised' : 'new', fileId, replacesFileId: current?.file_id ?? null,
      sha256: sniff.sha256, kind: staged.match.kind, reason: null };
  }

  private async reject(v: Version, caught: unknown): Promise<void> {
    const { file, sniff, tag, current, fileId } = v;
    const code = fsErrorCode(caught);
    const err = code ? new InputError(message.unreadable(file.name, code), file.name) : caught;
    if (!(err instanceof InputError)) throw err;
    await deleteRows(this.wh, fileId);
    this.versions.push([fileId, file.name, sniff.sha256, file.size, file.mtimeMs, null, sniff.encoding + tag, null, 'rejected', err.message, null, null, 0, this.runId, file.ctimeMs]);
    this.outcomes[v.at] = { name: file.name, action: 'rejected', fileId: current?.file_id ?? null, replacesFileId: null,
      sha256: sniff.sha256, kind: current?.kind ?? null, reason: err.message };
  }
}

/**
 * The warehouse: one DuckDB file in the workspace. This module opens it, creates the
 * schema, and gives the stages a small typed query interface. Each stage keeps its own
 * SQL in its own file; the tables and their contracts are declared here once.
 *
 * Tables (contract beside each):
 * - file_versions    every version of every inbox file ever seen (file_id = one version):
 *                    sha256, kind, encoding, reader, status ∈ {staged, current, replaced, rejected}.
 * - files            name → the file_id of its current (loaded) version. unique: name.
 * - raw_shipments / raw_values / raw_fx
 *                    every data row of every staged or current version, as text: (file_id, line)
 *                    unique. Rows of versions no longer current are deleted in the same
 *                    transaction that replaces them; staged rows of a killed run are swept.
 * - issues           every problem found on a row: (file_id, line, col, value, code, reason).
 * - shipments, fx_rates, value_lines (a temp view of the run)
 *                    typed rows that passed their rules; keys unique (see each source).
 * - normalized_lines value lines with CNY and USD amounts, rate, rate date and source; a view:
 *                    normalized_lines_core (per-line facts and amounts) joined to fx_use (the rate
 *                    a currency and date take) and hs_categories (cargo category by HS chapter).
 *                    sum invariant: per file, read = loaded + quarantined.
 * - metrics          figures per service and period (see pipelines/metrics.ts).
 * - bulletin_cache   per bulletin and edition: hash of its inputs → the outputs it wrote.
 * - loading          file versions whose raw rows are being written before their staging commit.
 * - runs, run_files, run_outputs
 *                    run history: one row per run, its inputs and its outputs.
 *
 * Derived tables (issues, shipments, fx_rates, fx_edges, fx_factors, fx_disagreements, normalized_lines) live in one of two
 * generation schemas, d_a and d_b; main holds a view of each on the current generation. A run
 * builds the next generation outside its transaction (heavy, and several times faster there:
 * DuckDB scans tables written inside an open transaction from transaction-local storage) and
 * switches the views inside it, with the promotion of the files they were built from. A run
 * where only a few values files changed updates the current generation in place instead, inside
 * its transaction (see runner.ts).
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InputError } from '../lib/errors.js';
import { message } from '../lib/messages.js';

/** A JSON-safe row as DuckDB prints it (decimals and big integers as strings). */
export type Row = Record<string, string | number | boolean | null>;

/** An open warehouse. */
export interface Warehouse {
  readonly path: string;
  readonly conn: DuckDBConnection;
  /** Runs a statement (or several separated by `;` when no params). */
  run(sql: string, params?: DuckDBValue[]): Promise<void>;
  /** Runs a query and returns its rows as JSON-safe objects. */
  all<T = Row>(sql: string, params?: DuckDBValue[]): Promise<T[]>;
  /** Runs `fn` inside one transaction: all of it commits, or none of it. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): void;
}

const SCHEMA = `
CREATE SEQUENCE IF NOT EXISTS file_ids START 1;
CREATE TABLE IF NOT EXISTS file_versions (
  file_id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, size BIGINT NOT NULL,
  mtime_ms DOUBLE, kind VARCHAR, encoding VARCHAR, reader VARCHAR, status VARCHAR NOT NULL, reason VARCHAR,
  header VARCHAR, extra_columns VARCHAR, rows_read INTEGER NOT NULL DEFAULT 0, run_id INTEGER, replaced_run INTEGER);
ALTER TABLE file_versions ADD COLUMN IF NOT EXISTS ctime_ms DOUBLE;
CREATE TABLE IF NOT EXISTS files (name VARCHAR PRIMARY KEY, file_id INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS raw_shipments (
  file_id INTEGER NOT NULL, line INTEGER NOT NULL,
  shipment_id VARCHAR, train_id VARCHAR, service VARCHAR, departure_date VARCHAR, arrival_date VARCHAR,
  origin_station VARCHAR, destination_station VARCHAR, origin_country VARCHAR, destination_country VARCHAR,
  teu VARCHAR, gross_weight_kg VARCHAR, extras VARCHAR, field_count INTEGER);
CREATE TABLE IF NOT EXISTS raw_values (
  file_id INTEGER NOT NULL, line INTEGER NOT NULL,
  line_id VARCHAR, shipment_id VARCHAR, hs_code VARCHAR, description VARCHAR, value VARCHAR, currency VARCHAR,
  extras VARCHAR, field_count INTEGER);
CREATE TABLE IF NOT EXISTS raw_fx (
  file_id INTEGER NOT NULL, line INTEGER NOT NULL,
  date VARCHAR, base VARCHAR, quote VARCHAR, rate VARCHAR, source VARCHAR, extras VARCHAR, field_count INTEGER);
CREATE TABLE IF NOT EXISTS runs (
  run_id INTEGER PRIMARY KEY, command VARCHAR NOT NULL, args VARCHAR, as_of DATE, started_at VARCHAR NOT NULL,
  finished_at VARCHAR, status VARCHAR NOT NULL, exit_code INTEGER, message VARCHAR, input_fingerprint VARCHAR,
  summary VARCHAR);
CREATE TABLE IF NOT EXISTS run_files (
  run_id INTEGER NOT NULL, name VARCHAR NOT NULL, sha256 VARCHAR, kind VARCHAR, action VARCHAR NOT NULL,
  rows_read INTEGER, loaded INTEGER, quarantined INTEGER, reason VARCHAR);
CREATE TABLE IF NOT EXISTS run_outputs (
  run_id INTEGER NOT NULL, path VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, bytes BIGINT NOT NULL, kind VARCHAR);
CREATE TABLE IF NOT EXISTS bulletin_cache (key VARCHAR PRIMARY KEY, slug VARCHAR NOT NULL, outputs VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS loading (file_id INTEGER NOT NULL);
`;

/** The derived tables, rebuilt by every run that has something new (see the module comment). */
export const DERIVED_TABLES = ['issues', 'shipments', 'fx_rates', 'fx_edges', 'fx_factors', 'fx_disagreements', 'normalized_lines'] as const;

/** A schema holding one generation of the derived tables. */
export type Generation = 'd_a' | 'd_b';

/** The generation the main views point to (null before the first run). */
export async function currentGeneration(wh: Warehouse): Promise<Generation | null> {
  const [v] = await wh.all<{ sql: string }>(
    `SELECT sql FROM duckdb_views() WHERE schema_name = 'main' AND view_name = 'normalized_lines' AND NOT temporary`);
  return v ? (/\bd_b\./.test(v.sql) ? 'd_b' : 'd_a') : null;
}

/**
 * Builds the next generation of the derived tables: `build` runs with `files` resolving to
 * `files` (the file versions to build from; a table the caller fills, created here in the
 * generation's schema) and every table it creates landing in that schema. Runs outside any
 * transaction; what a killed run leaves there is overwritten by the next one.
 */
export async function buildGeneration(wh: Warehouse, fillFiles: (table: string) => Promise<void>, build: () => Promise<void>): Promise<Generation> {
  const gen: Generation = (await currentGeneration(wh)) === 'd_a' ? 'd_b' : 'd_a';
  await wh.run(`CREATE SCHEMA IF NOT EXISTS ${gen}`);
  await fillFiles(`${gen}.files`);
  await inGeneration(wh, gen, build);
  return gen;
}

/** Runs `fn` with the tables of generation `gen` first in the search path (created there, read from there). */
export async function inGeneration<T>(wh: Warehouse, gen: Generation, fn: () => Promise<T>): Promise<T> {
  await wh.run(`SET search_path = '${gen},main'`);
  try {
    return await fn();
  } finally {
    await wh.run(`SET search_path = 'main'`);
  }
}

/** Inside the run transaction: points the main views at `gen` (replacing tables of older workspaces). */
export async function switchGeneration(wh: Warehouse, gen: Generation): Promise<void> {
  const tables = await wh.all<{ table_name: string }>(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary`);
  const legacy = new Set(tables.map((t) => t.table_name));
  for (const t of [...DERIVED_TABLES, 'value_lines']) if (legacy.has(t)) await wh.run(`DROP TABLE main.${t}`);
  for (const t of DERIVED_TABLES) await wh.run(`CREATE OR REPLACE VIEW main.${t} AS SELECT * FROM ${gen}.${t}`);
  // Promoted in the same transaction, main.files now says what the generation's own list said.
  await wh.run(`DROP TABLE IF EXISTS ${gen}.files`);
}

/**
 * Drops the run's temp tables except `keep` (the day rollups the bulletins read) and makes DuckDB
 * hand back the memory it cached for them, before the PDF stage starts Chromium.
 */
export async function releaseScratch(wh: Warehouse, keep: string[] = ['line_days', 'ship_days']): Promise<void> {
  const temps = await wh.all<{ name: string; view: boolean }>(
    `SELECT table_name AS name, false AS view FROM duckdb_tables() WHERE temporary
     UNION ALL SELECT view_name, true FROM duckdb_views() WHERE temporary AND NOT internal`);
  for (const t of temps) {
    if (keep.includes(t.name) || t.name.startsWith('ref_')) continue;
    await wh.run(`DROP ${t.view ? 'VIEW' : 'TABLE'} IF EXISTS temp.main.${t.name}`);
  }
  const [m] = await wh.all<{ limit: string }>(`SELECT current_setting('memory_limit') AS limit`);
  await wh.run(`SET memory_limit = '32MB'`); // evicts what the buffer pool still caches
  await wh.run(`SET memory_limit = '${m!.limit}'`);
}

/** After the commit: frees the generation no view points to any more. */
export async function dropStaleGeneration(wh: Warehouse, current: Generation): Promise<void> {
  await wh.run(`DROP SCHEMA IF EXISTS ${current === 'd_a' ? 'd_b' : 'd_a'} CASCADE`);
}

/**
 * The workspace lock is DuckDB's own: opening the warehouse read-write takes an exclusive
 * `fcntl` lock on the file (read-only takes a shared one) for as long as it stays open. The
 * kernel drops it when the holder exits, however it exits (SIGKILL, out of memory), so a rerun
 * straight after a kill proceeds, and a zombie or a recycled pid holds nothing. `fcntl` locks
 * belong to a process, so within one process a second read-write open is refused here.
 */
const openHere = new Set<string>();

/** Another process (pid; this one's when opened twice here) has the warehouse open. Exit status 2. */
export class WorkspaceBusy extends InputError {
  constructor(readonly workspace: string, readonly pid: number) {
    super(message.lockHeld(workspace, pid));
  }
}

/** The pid DuckDB names in a lock conflict, or null when `err` is no lock conflict. */
export function lockConflict(err: unknown): number | null {
  const text = err instanceof Error ? err.message : String(err);
  if (!/Could not set lock on file/i.test(text)) return null;
  return Number(/\(PID (\d+)\)/.exec(text)?.[1] ?? 0);
}

/**
 * Opens (creating if needed) the warehouse at `path`. Read-write, it holds the workspace: a
 * second process (or a second read-write open in this one) gets InputError (exit 2) saying
 * another run holds it.
 * @example const wh = await openWarehouse('workspace/warehouse.duckdb');
 */
export async function openWarehouse(
  path: string,
  options: { threads?: number; memoryLimit?: string; readOnly?: boolean } = {},
): Promise<Warehouse> {
  if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  const config: Record<string, string> = {};
  if (options.threads) config['threads'] = String(options.threads);
  if (options.memoryLimit) config['memory_limit'] = options.memoryLimit;
  if (options.readOnly) config['access_mode'] = 'READ_ONLY';
  const key = path === ':memory:' || options.readOnly ? null : resolve(path);
  if (key && openHere.has(key)) throw new WorkspaceBusy(dirname(key), process.pid);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, config);
  } catch (err) {
    const pid = lockConflict(err);
    if (pid !== null) throw new WorkspaceBusy(dirname(resolve(path)), pid);
    throw err;
  }
  if (key) openHere.add(key);
  const conn = await instance.connect();
  const wh = wrap(path, instance, conn, () => {
    if (key) openHere.delete(key);
  });
  try {
    if (!options.readOnly) await conn.run(SCHEMA);
    // Strings are stored without FSST: choosing and building its symbol tables took about a
    // third of the time to write the raw and derived tables (1 M shipments: ≈ 5 s of 31 s), for a
    // warehouse about 1.8 times smaller (132 against 241 MB). Dictionary compression stays.
    if (!options.readOnly) await conn.run(`SET disabled_compression_methods = 'fsst'`);
  } catch (err) {
    wh.close();
    throw err;
  }
  return wh;
}

function wrap(path: string, instance: DuckDBInstance, conn: DuckDBConnection, onClose: () => void): Warehouse {
  let depth = 0;
  return {
    path,
    conn,
    async run(sql, params) {
      if (params && params.length) await conn.run(sql, params);
      else await conn.run(sql);
    },
    async all<T>(sql: string, params?: DuckDBValue[]) {
      const reader = params && params.length ? await conn.runAndReadAll(sql, params) : await conn.runAndReadAll(sql);
      return reader.getRowObjectsJson() as unknown as T[];
    },
    async transaction<T>(fn: () => Promise<T>) {
      if (depth > 0) return fn();
      depth++;
      await conn.run('BEGIN TRANSACTION');
      try {
        const result = await fn();
        await conn.run('COMMIT');
        return result;
      } catch (err) {
        await conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        depth--;
      }
    },
    close() {
      try {
        conn.closeSync();
        instance.closeSync();
      } finally {
        onClose();
      }
    },
  };
}

/** Quotes a string as an SQL literal. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

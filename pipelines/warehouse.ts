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
 * - shipments, value_lines, fx_rates
 *                    typed rows that passed their rules; keys unique (see each source).
 * - normalized_lines value lines with CNY and USD amounts, rate, rate date and source.
 *                    sum invariant: per file, read = loaded + quarantined.
 * - metrics          figures per service and period (see pipelines/metrics.ts).
 * - runs, run_files, run_outputs
 *                    run history: one row per run, its inputs and its outputs.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

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
`;

/**
 * Opens (creating if needed) the warehouse at `path`.
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
  const instance = await DuckDBInstance.create(path, config);
  const conn = await instance.connect();
  const wh = wrap(path, instance, conn);
  if (!options.readOnly) await conn.run(SCHEMA);
  return wh;
}

function wrap(path: string, instance: DuckDBInstance, conn: DuckDBConnection): Warehouse {
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
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** Quotes a string as an SQL literal. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

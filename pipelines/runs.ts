/**
 * Run history: every run is a row in `runs` (id, command, as-of, start, end, status, input
 * fingerprint, summary), with its input files in `run_files` and its outputs in `run_outputs`.
 * A run killed before it finished stays 'running' until the next run, which holds the warehouse
 * (so no other run is alive) and marks it 'interrupted'; a run stopped by SIGINT/SIGTERM records
 * itself 'interrupted' with the signal's name and exit status 130/143.
 */
import type { RunOptions } from './options.js';
import type { Output } from './publish.js';
import type { RunReport } from './runner.js';
import type { DuckDBValue } from '@duckdb/node-api';
import type { Warehouse } from './warehouse.js';

/** Starts a run record; returns its id. */
export async function beginRun(wh: Warehouse, o: RunOptions, now: Date): Promise<number> {
  const [row] = await wh.all<{ id: number }>('SELECT (coalesce(max(run_id), 0) + 1)::INTEGER AS id FROM runs');
  const id = row!.id;
  const args = { inbox: o.inbox, year: o.year, editions: o.editions, policy: o.policy, dry_run: o.dryRun, ...(o.forget !== undefined ? { forget: o.forget } : {}) };
  await wh.run(`INSERT INTO runs (run_id, command, args, as_of, started_at, status) VALUES (?, ?, ?, CAST(? AS DATE), ?, 'running')`, [
    id, o.command, JSON.stringify(args), o.asOf, now.toISOString(),
  ]);
  return id;
}

/** How many moved figures a run record keeps (the --json report of the run lists them all). */
const MOVED_KEPT = 1000;

/** Finishes a run record with its files, outputs and summary. */
export async function finishRun(
  wh: Warehouse,
  runId: number,
  status: 'ok' | 'failed',
  exitCode: number,
  msg: string | null,
  fingerprint: string | null,
  report: RunReport | null,
  now: Date,
): Promise<void> {
  await wh.transaction(async () => {
    await wh.run(`UPDATE runs SET finished_at = ?, status = ?, exit_code = ?, message = ?, input_fingerprint = ?, summary = ? WHERE run_id = ?`, [
      now.toISOString(), status, exitCode, msg, fingerprint,
      report ? JSON.stringify({ status: report.status, totals: report.totals, bulletins: report.bulletins, figures_moved: report.figures_moved.length,
        // The figures themselves (forget's record of what the retraction moved), up to a bound.
        moved: report.figures_moved.slice(0, MOVED_KEPT) }) : null,
      runId,
    ]);
    if (!report) return;
    // One statement per table (hundreds of outputs: a statement each cost a quarter of a nothing-new run).
    await insertRows(wh, 'run_files', report.files.map((f) => [
      runId, f.name, f.sha256, f.kind, f.action, f.read ?? 0, f.loaded ?? 0, f.quarantined ?? 0, f.reason,
    ]));
    await insertRows(wh, 'run_outputs', report.outputs.map((o) => [runId, o.path, o.sha256, o.bytes, o.kind]));
  });
}

/** Inserts `rows` into `table` with one parameterised statement per 500 rows. */
async function insertRows(wh: Warehouse, table: string, rows: DuckDBValue[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const one = `(${chunk[0]!.map(() => '?').join(', ')})`;
    await wh.run(`INSERT INTO ${table} VALUES ${chunk.map(() => one).join(', ')}`, chunk.flat());
  }
}

/**
 * Marks the runs left 'running' as interrupted: called by a run that holds the warehouse, so
 * none of them is alive (each was killed without a chance to record it). Returns how many.
 */
export async function markKilledRuns(wh: Warehouse): Promise<number> {
  const [row] = await wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM runs WHERE status = 'running'`);
  if (row?.n) {
    await wh.run(`UPDATE runs SET status = 'interrupted', message = ? WHERE status = 'running'`, [
      'killed before it could record its end (SIGKILL, out of memory or a power cut); the next run redid its work',
    ]);
  }
  return row?.n ?? 0;
}

/** Marks a run interrupted by a signal (`exitCode` 128 + the signal's number, `msg` naming it). */
export async function interruptRun(wh: Warehouse, runId: number, exitCode: number, msg: string, now: Date): Promise<void> {
  await wh.run(`UPDATE runs SET finished_at = ?, status = 'interrupted', exit_code = ?, message = ? WHERE run_id = ?`, [now.toISOString(), exitCode, msg, runId]);
}

/** Marks a run failed (used by the CLI when the runner throws). */
export async function failRun(wh: Warehouse, runId: number, exitCode: number, msg: string, now: Date): Promise<void> {
  await wh.run(`UPDATE runs SET finished_at = ?, status = 'failed', exit_code = ?, message = ? WHERE run_id = ?`, [now.toISOString(), exitCode, msg, runId]);
}

/** The last successful run with this input fingerprint and the outputs it recorded (checked by export.ts's outputsIntact). */
export async function lastGoodRun(wh: Warehouse, fingerprint: string): Promise<{ runId: number; outputs: Output[] } | null> {
  const [run] = await wh.all<{ run_id: number }>(
    `SELECT run_id FROM runs WHERE status = 'ok' AND input_fingerprint = ? ORDER BY run_id DESC LIMIT 1`,
    [fingerprint],
  );
  if (!run) return null;
  // The outputs of the run that last wrote them (a 'nothing new' run records the same list).
  const outputs = await wh.all<Output>(`SELECT path, kind, sha256, bytes::INTEGER AS bytes FROM run_outputs WHERE run_id = ?`, [run.run_id]);
  return { runId: run.run_id, outputs };
}

/** One figure that a run changed. */
export interface MetricMove {
  service: string;
  period: string;
  metric: string;
  unit: string;
  before: string | null;
  after: string | null;
}

/** Keeps the metrics as they were before this run (inside the run transaction). */
export async function snapshotMetrics(wh: Warehouse): Promise<void> {
  const exists = (await wh.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = 'metrics' AND NOT temporary`)).length > 0;
  await wh.run(
    exists
      ? 'CREATE OR REPLACE TEMP TABLE metrics_before AS SELECT * FROM metrics'
      : 'CREATE OR REPLACE TEMP TABLE metrics_before (service VARCHAR, period VARCHAR, metric VARCHAR, unit VARCHAR, basis VARCHAR, value VARCHAR)',
  );
}

/** The figures that moved between the snapshot and the new metrics (empty on a first run). */
export async function metricMoves(wh: Warehouse): Promise<MetricMove[]> {
  const [had] = await wh.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM metrics_before');
  if (!had?.n) return [];
  return wh.all<MetricMove>(`
    SELECT coalesce(a.service, b.service) AS service, coalesce(a.period, b.period) AS period,
           coalesce(a.metric, b.metric) AS metric, coalesce(a.unit, b.unit) AS unit, b.value AS before, a.value AS after
    FROM metrics a FULL OUTER JOIN metrics_before b
      ON a.service = b.service AND a.period = b.period AND a.metric = b.metric AND a.unit = b.unit AND a.basis = b.basis
    WHERE a.value IS DISTINCT FROM b.value
    ORDER BY 1, 2, 3, 4`);
}

/** One run as listed by `trade-bulletin runs`. */
export interface RunRow {
  run_id: number;
  command: string;
  as_of: string | null;
  started_at: string;
  finished_at: string | null;
  status: string;
  exit_code: number | null;
  message: string | null;
  summary: unknown;
}

/** All runs, newest first. */
export async function listRuns(wh: Warehouse, limit = 50): Promise<RunRow[]> {
  const rows = await wh.all<RunRow & { summary: string | null }>(
    `SELECT run_id, command, CAST(as_of AS VARCHAR) AS as_of, started_at, finished_at, status, exit_code, message, summary
     FROM runs ORDER BY run_id DESC LIMIT ${Math.floor(limit)}`,
  );
  return rows.map((r) => ({ ...r, summary: r.summary ? JSON.parse(r.summary) : null }));
}

/** One run in detail: its record, input files and outputs. */
export async function showRun(wh: Warehouse, runId: number): Promise<{ run: RunRow; files: unknown[]; outputs: unknown[] } | null> {
  const [run] = (await listRuns(wh, 1_000_000)).filter((r) => r.run_id === runId);
  if (!run) return null;
  const files = await wh.all(`SELECT name, sha256, kind, action, rows_read AS read, loaded, quarantined, reason FROM run_files WHERE run_id = ? ORDER BY name`, [runId]);
  const outputs = await wh.all(`SELECT path, kind, sha256, bytes::INTEGER AS bytes FROM run_outputs WHERE run_id = ? ORDER BY path`, [runId]);
  return { run, files, outputs };
}

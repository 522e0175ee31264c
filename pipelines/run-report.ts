/**
 * What a run reports (printed by --json, summarized on standard error, kept in `runs`): the
 * files with their read = loaded + quarantined counts and reasons, the quarantined rows, the
 * figures that moved, the outputs; and the quarantine report written beside it.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { csvCell } from '../lib/safe-text.js';
import { fileCounts, quarantinedRows, type FileCounts, type QuarantinedRow } from './accounting.js';
import { fxDisagreements, type FxDisagreement } from './fx-rates.js';
import type { FileOutcome } from './ingest.js';
import type { RunOptions } from './options.js';
import type { PrintedMove } from './printed-figures.js';
import type { Output } from './publish.js';
import type { MetricMove } from './runs.js';
import type { Warehouse } from './warehouse.js';

/** A figure that moved: a metric (exact values) or, with `bulletin`, a printed figure (its texts). */
export type FigureMove = MetricMove | PrintedMove;

/** What a run did: printed by --json and summarized on standard error. */
export interface RunReport {
  run_id: number;
  command: string;
  as_of: string;
  status: 'ok' | 'nothing-new' | 'dry-run' | 'failed' | 'ceiling';
  files: (FileOutcome & { read: number; loaded: number; quarantined: number; reasons: Record<string, number> })[];
  totals: { read: number; loaded: number; quarantined: number };
  quarantined_rows: QuarantinedRow[];
  quarantined_rows_truncated: boolean;
  /**
   * Every figure that moved: the metrics table's (exact values) and every printed figure of a
   * bulletin printed before (`bulletin` set; before/after are the printed texts).
   */
  figures_moved: FigureMove[];
  bulletins: string[];
  outputs: Output[];
  quarantine_report: string | null;
  /** Milliseconds per stage. */
  timings?: Record<string, number>;
  /** --dry-run: the bulletins the run would rewrite. */
  would_rewrite?: string[];
  /** fx rows of the same pair and day more than 0.5 % apart (both rows, and the source used). */
  fx_disagreements?: FxDisagreement[];
  /** How the derived tables were brought up to date: rebuilt whole, or a delta of changed values files. */
  derived?: 'rebuild' | 'delta';
}

const QUARANTINE_LIST_LIMIT = 1000;

/** Everything that determines a run's outputs. */
export function inputFingerprint(outcomes: FileOutcome[], referenceFingerprint: string, o: RunOptions): string {
  const h = createHash('sha256');
  for (const f of outcomes) h.update(`${f.name}\u0000${f.sha256}\u0000${f.action === 'rejected' ? 'rejected' : ''}\n`);
  h.update(referenceFingerprint);
  h.update(JSON.stringify([o.asOf, o.year, o.editions, o.policy, o.maxRateAgeDays, o.sourcePriority, o.quarantineCeiling, Boolean(o.skipBulletins), o.publisher ?? null]));
  return h.digest('hex');
}

/** Writes `<workspace>/reports/quarantine.csv`: every quarantined row with its file, line, column and reason. */
export async function writeQuarantineReport(wh: Warehouse, workspace: string): Promise<Output> {
  const rows = await quarantinedRows(wh);
  // Cells a spreadsheet would run as formulas get a leading ' (lib/safe-text.ts, csvCell).
  const csv = ['file,line,column,position,value,code,reason', ...rows.map((r) => [r.file, r.line, r.column, r.position, r.value, r.code, r.reason].map(csvCell).join(','))].join('\n') + '\n';
  const { writeOutput } = await import('./publish.js');
  return writeOutput(join(workspace, 'reports', 'quarantine.csv'), csv, 'report');
}

/** The run's report; `known`: file counts the caller already has. */
export async function reportOf(
  wh: Warehouse,
  runId: number,
  o: RunOptions,
  outcomes: FileOutcome[],
  moves: FigureMove[],
  outputs: Output[],
  status: RunReport['status'],
  known: Pick<FileCounts, 'name' | 'read' | 'loaded' | 'quarantined'>[] | null = null,
): Promise<RunReport> {
  const hasTables = (await wh.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = 'issues' AND schema_name = 'main'
    UNION ALL SELECT 1 FROM duckdb_views() WHERE view_name = 'issues' AND schema_name = 'main'`)).length > 0;
  // `known`: counts the caller already has (counting scans every line: a second or two at 10 M).
  const counts = known ?? (hasTables ? await fileCounts(wh).catch(() => [] as FileCounts[]) : []);
  const byName = new Map(counts.map((c) => [c.name, c]));
  const q = hasTables ? await quarantinedRows(wh, QUARANTINE_LIST_LIMIT + 1) : [];
  const reasons = hasTables
    ? await wh.all<{ name: string; code: string; n: number }>(
        `SELECT f.name, i.code, count(*)::INTEGER AS n FROM issues i JOIN files f USING (file_id) GROUP BY ALL`)
    : [];
  const files = outcomes.map((o) => {
    const c = byName.get(o.name);
    const r: Record<string, number> = {};
    for (const x of reasons.filter((x) => x.name === o.name)) r[x.code] = x.n;
    return { ...o, ...(c ? { read: c.read, loaded: c.loaded, quarantined: c.quarantined } : { read: 0, loaded: 0, quarantined: 0 }), reasons: r };
  });
  const sum = (k: 'read' | 'loaded' | 'quarantined') => files.reduce((a, f) => a + (f[k] ?? 0), 0);
  return {
    run_id: runId,
    command: o.command,
    as_of: o.asOf,
    status,
    files,
    totals: { read: sum('read'), loaded: sum('loaded'), quarantined: sum('quarantined') },
    quarantined_rows: q.slice(0, QUARANTINE_LIST_LIMIT),
    quarantined_rows_truncated: q.length > QUARANTINE_LIST_LIMIT,
    figures_moved: moves,
    bulletins: outputs.filter((x) => x.kind === 'pdf').map((x) => x.path),
    outputs,
    quarantine_report: outputs.find((x) => x.kind === 'report')?.path ?? null,
    fx_disagreements: await fxDisagreements(wh),
  };
}

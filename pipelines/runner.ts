/**
 * The runner: composes the stages for `nightly` and `run --year`.
 *
 *   0. lock the workspace, open the warehouse, sweep what a killed run left staged
 *   1. ingest   inbox → raw rows of new and revised files (staged, outside the transaction)
 *   2. in ONE transaction: promote staged files → validate → normalize → metrics → run record
 *   3. accounting: read = loaded + quarantined per file; the quarantine ceiling
 *   4. bulletins: data → view + figures → charts → HTML → PDF, each file written atomically
 *   5. record the outputs; the run is 'ok' only when every output is in place
 *
 * A run killed anywhere leaves the last committed state: the next run redoes what is missing.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, StageError } from '../lib/errors.js';
import { message } from '../lib/messages.js';
import type { Logger } from '../lib/logger.js';
import { loadReference, loadReferenceTables, type Reference } from '../sources/reference.js';
import { fileCounts, quarantinedRows, type FileCounts, type QuarantinedRow } from './accounting.js';
import { bulletinData } from './bulletin-data.js';
import { listInbox, promoteStaged, stageInbox, sweepStaged, type FileOutcome } from './ingest.js';
import { takeLock } from './lock.js';
import { computeMetrics, firstDepartures, periodsAt, type Period } from './metrics.js';
import { normalize, publicationRate } from './normalize.js';
import type { RunOptions } from './options.js';
import { openPrinter } from './print-pdf.js';
import { publishBulletin, writeOutput, type Output } from './publish.js';
import { validate } from './validate.js';
import { writeIndex } from './index-page.js';
import { openWarehouse, type Warehouse } from './warehouse.js';
import { beginRun, failRun, finishRun, lastGoodRun, metricMoves, snapshotMetrics, type MetricMove } from './runs.js';

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
  figures_moved: MetricMove[];
  bulletins: string[];
  outputs: Output[];
  quarantine_report: string | null;
  /** Milliseconds per stage. */
  timings?: Record<string, number>;
}

const QUARANTINE_LIST_LIMIT = 1000;

/**
 * Runs the pipeline once.
 * @example const report = await runPipeline(options, { logger, now: () => new Date() });
 */
export async function runPipeline(options: RunOptions, effects: { logger: Logger; now: () => Date }): Promise<RunReport> {
  const { logger } = effects;
  // 0. Lock, open, sweep.
  const lock = options.dryRun ? null : await takeLock(options.workspace);
  let wh: Warehouse | null = null;
  let scratch: string | null = null;
  try {
    let dbPath = join(options.workspace, 'warehouse.duckdb');
    if (options.dryRun) {
      // A dry run works on a copy of the warehouse, so that nothing in the workspace changes.
      scratch = await mkdtemp(join(tmpdir(), 'trade-bulletin-dry-run-'));
      const copy = join(scratch, 'warehouse.duckdb');
      if (existsSync(dbPath)) await copyFile(dbPath, copy);
      dbPath = copy;
    }
    wh = await openWarehouse(dbPath);
    const swept = options.dryRun ? 0 : await sweepStaged(wh);
    if (swept) logger.warn(`cleaned up ${swept} file version(s) staged by an interrupted run`);
    const ref = await loadReference(options.referenceDir);
    await loadReferenceTables(wh, ref);
    const runId = await beginRun(wh, options, effects.now());
    try {
      return await runStages(wh, runId, ref, options, effects);
    } catch (err) {
      const code = err instanceof InputError ? 2 : 1;
      await failRun(wh, runId, code, (err as Error).message, effects.now()).catch(() => undefined);
      throw err;
    }
  } catch (err) {
    if (err instanceof InputError || err instanceof StageError) throw err;
    throw new StageError('run', (err as Error).message, { cause: err });
  } finally {
    wh?.close();
    await lock?.release();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/** Stages 1–5 of one run (the run record exists; the caller marks it failed on error). */
async function runStages(
  wh: Warehouse,
  runId: number,
  ref: Reference,
  options: RunOptions,
  effects: { logger: Logger; now: () => Date },
): Promise<RunReport> {
  const { logger } = effects;
  const timings: Record<string, number> = {};
  let last = performance.now();
  const mark = (stage: string): void => {
    const now = performance.now();
    timings[stage] = Math.round(now - last);
    last = now;
    logger.debug(`${stage}: ${timings[stage]} ms`);
  };
  {
    // 1. Ingest: stage new and revised files.
    const inbox = await listInbox(options.inbox);
    const outcomes = await stageInbox(wh, inbox, runId, logger);
    const fingerprint = inputFingerprint(outcomes, ref.fingerprint, options);
    const changed = outcomes.some((o) => o.action === 'new' || o.action === 'revised');
    mark('ingest');

    // Nothing new since the last good run with the same inputs and options: keep its outputs.
    const previous = await lastGoodRun(wh, fingerprint);
    if (!changed && previous && (await previous.outputsIntact())) {
      mark('check');
      const report = { ...(await reportOf(wh, runId, options, outcomes, [], previous.outputs, 'nothing-new')), timings };
      await finishRun(wh, runId, 'ok', 0, 'nothing new', fingerprint, report, effects.now());
      return report;
    }

    // 2. One transaction: promote, validate, normalize, metrics.
    const dataStarts = new Map<string, string>();
    let moves: MetricMove[] = [];
    const metrics = await wh.transaction(async () => {
      await snapshotMetrics(wh);
      await promoteStaged(wh, outcomes, runId);
      mark('promote');
      await validate(wh);
      mark('validate');
      await normalize(wh, { policy: options.policy, sourcePriority: options.sourcePriority, maxRateAgeDays: options.maxRateAgeDays });
      mark('normalize');
      for (const [k, v] of await firstDepartures(wh, options.asOf)) dataStarts.set(k, v);
      const firstYear = Math.min(...[...dataStarts.values()].map((d) => Number(d.slice(0, 4))));
      const periods = Number.isFinite(firstYear) ? periodsAt(options.asOf, firstYear) : [];
      const m = await computeMetrics(wh, ref.services, periods, options.asOf);
      moves = await metricMoves(wh);
      if (options.dryRun) throw new DryRun();
      return m;
    }).catch((err) => {
      if (err instanceof DryRun) return null;
      throw err;
    });
    mark('metrics');
    if (metrics === null) return { ...(await reportOf(wh, runId, options, outcomes, moves, [], 'dry-run')), timings };

    // 3. Accounting and the quarantine ceiling.
    const counts = await fileCounts(wh);
    const read = counts.reduce((a, c) => a + c.read, 0);
    const quarantined = counts.reduce((a, c) => a + c.quarantined, 0);
    const share = read ? quarantined / read : 0;
    if (share > options.quarantineCeiling) {
      const report = await reportOf(wh, runId, options, outcomes, moves, [], 'ceiling');
      await finishRun(wh, runId, 'failed', 2, message.quarantineCeiling(share, options.quarantineCeiling), fingerprint, report, effects.now());
      throw new InputError(message.quarantineCeiling(share, options.quarantineCeiling));
    }

    mark('accounting');

    // 4. Bulletins.
    const outputs: Output[] = [];
    outputs.push(await writeQuarantineReport(wh, options.workspace));
    const periods = selectPeriods(metrics.map((m) => m.period), options.year);
    if (options.year !== null && periods.length === 0) throw new InputError(message.noData(options.year));
    if (periods.length && !options.skipBulletins) {
      const pub = await publicationRate(wh, options.asOf, options.maxRateAgeDays);
      if (!pub) throw new InputError(message.noPublicationRate(options.asOf, options.maxRateAgeDays));
      const printer = await openPrinter({ logger });
      try {
        for (const period of periods) {
          const data = await bulletinData(wh, {
            period, asOf: options.asOf, ref, metrics, publication: pub, policy: options.policy,
            maxRateAgeDays: options.maxRateAgeDays, dataStarts,
          });
          if (data.services.length === 0) continue;
          for (const edition of options.editions) {
            outputs.push(...(await publishBulletin(data, edition, { workspace: options.workspace, printer, logger })));
          }
        }
      } finally {
        await printer.close();
      }
      outputs.push(await writeIndex(options.workspace));
    }
    mark('bulletins');
    // 5. Record.
    const report = { ...(await reportOf(wh, runId, options, outcomes, moves, outputs, 'ok')), timings };
    await finishRun(wh, runId, 'ok', 0, null, fingerprint, report, effects.now());
    return report;
  }
}

class DryRun extends Error {}

/** The bulletins of a run: all periods for nightly, only the chosen year's for `run --year`. */
function selectPeriods(all: Period[], year: number | null): Period[] {
  const unique = [...new Map(all.map((p) => [p.label, p])).values()];
  return year === null ? unique : unique.filter((p) => p.year === year);
}

/** Everything that determines a run's outputs. */
function inputFingerprint(outcomes: FileOutcome[], referenceFingerprint: string, o: RunOptions): string {
  const h = createHash('sha256');
  for (const f of outcomes) h.update(`${f.name}\u0000${f.sha256}\u0000${f.action === 'rejected' ? 'rejected' : ''}\n`);
  h.update(referenceFingerprint);
  h.update(JSON.stringify([o.asOf, o.year, o.editions, o.policy, o.maxRateAgeDays, o.sourcePriority, o.quarantineCeiling]));
  return h.digest('hex');
}

async function writeQuarantineReport(wh: Warehouse, workspace: string): Promise<Output> {
  const rows = await quarantinedRows(wh);
  const esc = (v: string | number | null) => (v === null ? '' : /[",\n\r]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const csv = ['file,line,column,position,value,code,reason', ...rows.map((r) => [r.file, r.line, r.column, r.position, r.value, r.code, r.reason].map(esc).join(','))].join('\n') + '\n';
  return writeOutput(join(workspace, 'reports', 'quarantine.csv'), csv, 'report');
}

async function reportOf(
  wh: Warehouse,
  runId: number,
  o: RunOptions,
  outcomes: FileOutcome[],
  moves: MetricMove[],
  outputs: Output[],
  status: RunReport['status'],
): Promise<RunReport> {
  const hasTables = (await wh.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = 'issues'`)).length > 0;
  const counts = hasTables ? await fileCounts(wh).catch(() => [] as FileCounts[]) : [];
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
  };
}

/**
 * The runner: composes the stages for `nightly` and `run --year`.
 *
 *   0. open the warehouse (its DuckDB file lock holds the workspace: one run at a time, released
 *      by the kernel however the holder dies), sweep what a killed run left staged
 *   1. ingest   inbox → raw rows of new and revised files (staged, outside the transaction)
 *   2. validate → normalize into the next generation of derived tables (outside the transaction),
 *      then in ONE transaction: promote staged files → switch to that generation → metrics;
 *      or, when only a few values files changed, ONE transaction: promote → delta → metrics
 *   3. accounting: read = loaded + quarantined per file; the quarantine ceiling
 *   4. exports: quarantine report; normalized rows and metrics as Parquet (folder swapped in whole)
 *   5. bulletins: data → view + figures → charts → HTML → PDF, each file written atomically;
 *      a bulletin whose data, edition and rendering code did not change is kept as it is
 *   6. record the outputs; the run is 'ok' only when every output is in place
 *
 * A run killed anywhere leaves the last committed state: the next run redoes what is missing.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, StageError } from '../lib/errors.js';
import { Interrupted, stopSignal, throwIfStopped, type StopSignal } from '../lib/interrupt.js';
import { sweepTemporaryFiles } from '../lib/atomic-write.js';
import { message } from '../lib/messages.js';
import { csvCell } from '../lib/safe-text.js';
import type { Logger } from '../lib/logger.js';
import { earliestLaunch, loadReference, type Reference } from '../sources/reference.js';
import { loadReferenceTables } from './reference-tables.js';
import { fileCounts, quarantinedRows, type FileCounts, type QuarantinedRow } from './accounting.js';
import { bulletinData } from './bulletin-data.js';
import { nameReleases, releaseData } from './release-data.js';
import { exportParquet, outputsIntact } from './export.js';
import { forgetRefusal, listInbox, missingFiles, promoteStaged, stageInbox, sweepStaged, writeNextFiles, type FileOutcome } from './ingest.js';
import { computeMetrics, firstDepartures, periodsAt, type Period } from './metrics.js';
import { normalize, publicationRate } from './normalize.js';
import { fxDisagreements, type FxDisagreement } from './fx-rates.js';
import type { RunOptions } from './options.js';
import type { BulletinJob, Output } from './publish.js';
import { bulletinSlug } from '../reports/trade/view.js';
import { validate, validateValues, valuesDeltaKeys, valuesDeltaScope } from './validate.js';
import {
  buildGeneration, currentGeneration, dropStaleGeneration, inGeneration, openWarehouse, releaseScratch, sqlString, switchGeneration,
  type Generation, type Warehouse,
} from './warehouse.js';
import { printedFigures, printedMoves, storePrinted, type PrintedMove } from './printed-figures.js';
import type { ServiceMetrics } from './metrics.js';
import { beginRun, failRun, finishRun, interruptRun, lastGoodRun, markKilledRuns, metricMoves, snapshotMetrics, type MetricMove } from './runs.js';

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

/**
 * Runs the pipeline once.
 * @example const report = await runPipeline(options, { logger, now: () => new Date() });
 */
export async function runPipeline(options: RunOptions, effects: RunEffects): Promise<RunReport> {
  const { logger, stop } = effects;
  // 0. Open (and so lock), sweep.
  let wh: Warehouse | null = null;
  let scratch: string | null = null;
  // A stop signal interrupts the query DuckDB is running (the stage then fails and rolls back).
  const interruptQuery = (): void => wh?.conn.interrupt();
  stop?.addEventListener('abort', interruptQuery);
  try {
    let dbPath = join(options.workspace, 'warehouse.duckdb');
    if (options.dryRun) {
      // A dry run works on a copy of the warehouse, so that nothing in the workspace changes;
      // copied under a read-only open (DuckDB's shared lock), so no run writes it meanwhile.
      scratch = await mkdtemp(join(tmpdir(), 'trade-bulletin-dry-run-'));
      const copy = join(scratch, 'warehouse.duckdb');
      if (existsSync(dbPath)) {
        const shared = await openWarehouse(dbPath, { readOnly: true });
        try {
          await copyFile(dbPath, copy);
          if (existsSync(`${dbPath}.wal`)) await copyFile(`${dbPath}.wal`, `${copy}.wal`);
        } finally {
          shared.close();
        }
      }
      dbPath = copy;
    }
    wh = await openWarehouse(dbPath, { memoryLimit: memoryLimit(0) });
    if (!options.dryRun) {
      // This run holds the workspace: whatever a killed run left (temporary files, its record
      // still 'running', staged rows) belongs to no live process.
      await rm(join(options.workspace, '.trade-bulletin.lock'), { force: true }); // the pid file of older versions
      await rm(join(options.workspace, '.tmp'), { recursive: true, force: true }); // Chromium profiles of killed runs
      const temps = await sweepTemporaryFiles(options.workspace, [join(options.workspace, 'releases')]);
      if (temps) logger.warn(`removed ${temps} temporary file(s) left by an interrupted write`);
      const killed = await markKilledRuns(wh);
      if (killed) logger.warn(`${killed} earlier run(s) were killed before they finished; this run completes their work`);
    }
    const swept = options.dryRun ? 0 : await sweepStaged(wh);
    if (swept) logger.warn(`cleaned up ${swept} file version(s) staged by an interrupted run`);
    const ref = await loadReference(options.referenceDir);
    await loadReferenceTables(wh, ref);
    if (options.forget !== undefined) {
      // Refused before anything is recorded: the file is still in the inbox, or was never loaded.
      const refusal = await forgetRefusal(wh, await listInbox(options.inbox), options.forget);
      if (refusal) throw new InputError(refusal, options.forget);
    }
    throwIfStopped(stop, 'before the run began');
    const runId = await beginRun(wh, options, effects.now());
    const phase = { during: 'in the data stages' };
    try {
      return await runStages(wh, runId, ref, options, effects, phase);
    } catch (err) {
      const signal = await stoppedBy(stop, err);
      if (signal) {
        const stopped = err instanceof Interrupted ? err : new Interrupted(signal, phase.during);
        await interruptRun(wh, runId, stopped.exitCode, stopped.message, effects.now()).catch(() => undefined);
        throw stopped;
      }
      const code = err instanceof InputError ? 2 : 1;
      await failRun(wh, runId, code, (err as Error).message, effects.now()).catch(() => undefined);
      throw err;
    }
  } catch (err) {
    if (err instanceof InputError || err instanceof StageError || err instanceof Interrupted) throw err;
    const signal = stopSignal(stop);
    if (signal) throw new Interrupted(signal, 'before the run began');
    throw new StageError('run', (err as Error).message, { cause: err });
  } finally {
    stop?.removeEventListener('abort', interruptQuery);
    wh?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/** What a run may do besides reading its options: log, read the clock, be stopped. */
export interface RunEffects {
  logger: Logger;
  now: () => Date;
  /** Aborted (reason: the signal's name) when the run must stop: see lib/interrupt.ts. */
  stop?: AbortSignal;
}

/**
 * The signal that stopped the run, when `err` is the interruption or what it caused. Chromium
 * and DuckDB may report the stop (a closed page, an interrupted query) before the signal's own
 * handler has run: a failure is given a moment for a pending signal to arrive.
 */
async function stoppedBy(stop: AbortSignal | undefined, err: unknown): Promise<StopSignal | null> {
  if (err instanceof Interrupted) return err.signal;
  if (!stop) return null;
  if (!stop.aborted) await new Promise((r) => setTimeout(r, 250));
  return stopSignal(stop);
}

/** Stages 1–5 of one run (the run record exists; the caller marks it failed on error). */
async function runStages(
  wh: Warehouse,
  runId: number,
  ref: Reference,
  options: RunOptions,
  effects: RunEffects,
  phase: { during: string },
): Promise<RunReport> {
  const { logger, stop } = effects;
  const timings: Record<string, number> = {};
  let last = performance.now();
  const mark = (stage: string): void => {
    const now = performance.now();
    timings[stage] = Math.round(now - last);
    last = now;
    logger.debug(`${stage}: ${timings[stage]} ms`);
    logger.progress(`${stage} done in ${(timings[stage]! / 1000).toFixed(1)} s`);
    throwIfStopped(stop, phase.during);
  };
  {
    // 1. Ingest: stage new and revised files.
    const inbox = await listInbox(options.inbox);
    await wh.run(`SET memory_limit = '${memoryLimit(inbox.reduce((a, f) => a + f.size, 0))}'`);
    const outcomes = await stageInbox(wh, inbox, runId, logger, { encodings: options.encodings ?? [] });
    for (const gone of await missingFiles(wh, inbox)) {
      if (gone.name === options.forget) gone.action = 'forgotten';
      else logger.warn(message.fileGone(gone.name));
      outcomes.push(gone);
    }
    if (options.forget !== undefined && !outcomes.some((o) => o.name === options.forget)) {
      // Only rejected versions were ever seen: nothing loaded to retract, the versions are marked all the same.
      outcomes.push({ name: options.forget, action: 'forgotten', fileId: null, replacesFileId: null, sha256: '', kind: null, reason: null });
    }
    const fingerprint = inputFingerprint(outcomes, ref.fingerprint, options);
    const changed = outcomes.some((o) => o.action === 'new' || o.action === 'revised' || o.action === 'forgotten');
    mark('ingest');

    // Nothing new since the last good run with the same inputs and options: keep its outputs.
    const previous = await lastGoodRun(wh, fingerprint);
    if (!changed && previous && (await outputsIntact(previous.outputs))) {
      mark('check');
      // Nothing changed since that run: its counts are the warehouse's.
      const counts = await wh.all<{ name: string; read: number; loaded: number; quarantined: number }>(
        `SELECT name, rows_read AS read, loaded, quarantined FROM run_files WHERE run_id = ?`, [previous.runId]);
      const report = { ...(await reportOf(wh, runId, options, outcomes, [], previous.outputs, 'nothing-new', counts)), timings,
        ...(options.dryRun ? { would_rewrite: [] } : {}) };
      await finishRun(wh, runId, 'ok', 0, 'nothing new', fingerprint, report, effects.now());
      return report;
    }

    // 2. Derived tables. Either a full rebuild: validate and normalize into the next generation
    //    (outside the transaction, invisible until switched), then ONE transaction: promote the
    //    files they were built from, switch to them, metrics. Or, when only a few values files
    //    changed, a delta inside that ONE transaction: promote, re-derive only the lines that
    //    share a line_id with a changed row, metrics.
    // The as-of date bounds the averaging policies' means; under `daily` it changes no rate (and
    // stays out of the build key, so that the delta path survives a new as-of date).
    const normalizeOptions = {
      policy: options.policy, sourcePriority: options.sourcePriority, maxRateAgeDays: options.maxRateAgeDays,
      asOf: options.policy === 'daily' ? null : options.asOf,
    };
    const buildKey = createHash('sha256').update(ref.fingerprint).update(JSON.stringify(normalizeOptions)).digest('hex');
    const delta = options.forget === undefined ? await valuesDelta(wh, outcomes, buildKey) : null;
    const gen = delta?.gen ?? (await buildGeneration(wh, (table) => writeNextFiles(wh, outcomes, table), async () => {
      await validate(wh);
      mark('validate');
      await normalize(wh, normalizeOptions);
      await wh.run(`CREATE OR REPLACE TABLE build_info AS SELECT ${sqlString(buildKey)} AS fingerprint`);
      mark('normalize');
    }));
    const dataStarts = new Map<string, string>();
    let moves: FigureMove[] = [];
    let dryReport: RunReport | null = null;
    let touched: string[] | null = null;
    const metrics = await wh.transaction(async () => {
      await snapshotMetrics(wh);
      if (delta) await valuesDeltaKeys(wh, [...delta.added, ...delta.replaced]);
      await promoteStaged(wh, outcomes, runId);
      if (delta) {
        touched = await inGeneration(wh, delta.gen, async () => {
          const deleted = await valuesDeltaScope(wh, delta.added, delta.replaced);
          mark('promote');
          await validateValues(wh, 'delta_rows');
          mark('validate');
          await normalize(wh, normalizeOptions, 'append');
          const inserted = await wh.all<{ p: string }>(`SELECT DISTINCT year(departure_date) || '|' || service AS p
            FROM normalized_lines_core n SEMI JOIN delta_rows d ON d.file_id = n.file_id AND d.line = n.line`);
          mark('normalize');
          return [...new Set([...deleted, ...inserted.map((r) => r.p)])];
        });
      } else {
        await switchGeneration(wh, gen);
        mark('promote');
      }
      for (const [k, v] of await firstDepartures(wh, options.asOf)) dataStarts.set(k, v);
      const periods = periodsFrom(dataStarts, ref, options.asOf);
      const m = await computeMetrics(wh, ref.services, periods, options.asOf);
      moves = await metricMoves(wh);
      if (options.dryRun) {
        // What the run would do, from the state it would commit (inside the transaction, rolled
        // back afterwards): the files' counts with their new versions, the figures and printed
        // figures that move, and the bulletins that would be written (new periods included).
        const jobs = options.skipBulletins ? [] : await bulletinJobs(wh, m, options, ref, dataStarts, false);
        let rewrite: string[];
        if (jobs) {
          moves = [...moves, ...(await printedMoves(wh, printedFigures(jobs)))];
          const { wouldRewrite } = await import('./publish.js');
          rewrite = await wouldRewrite(wh, jobs, options.workspace);
        } else {
          // No publication rate (the run itself would stop there): a bulletin not printed yet, and
          // one whose year or an earlier one has a figure that moves (its charts print every
          // earlier year).
          const years = moves.map((x) => Number(x.period.slice(0, 4))).filter(Number.isFinite);
          const from = years.length ? Math.min(...years) : Infinity;
          rewrite = selectPeriods(periods, options.year).flatMap((p) =>
            options.editions.map((e) => join(options.workspace, 'bulletins', String(p.year), `${bulletinSlug(p.year, p.kind, e)}.pdf`))
              .filter((path) => p.year >= from || !existsSync(path)));
        }
        dryReport = { ...(await reportOf(wh, runId, options, outcomes, moves, [], 'dry-run')), would_rewrite: rewrite };
        throw new DryRun();
      }
      return m;
    }).catch((err) => {
      if (err instanceof DryRun) return null;
      throw err;
    });
    mark('metrics');
    if (metrics === null) return { ...dryReport!, timings };
    if (!delta) await dropStaleGeneration(wh, gen);

    // 3. Accounting and the quarantine ceiling.
    const counts = await fileCounts(wh);
    const read = counts.reduce((a, c) => a + c.read, 0);
    const quarantined = counts.reduce((a, c) => a + c.quarantined, 0);
    const share = read ? quarantined / read : 0;
    if (share > options.quarantineCeiling) {
      // Nothing is published, but what to investigate is: the quarantine report (a dry run
      // writes nothing), and the run's report for --json, before exit 2.
      const written = options.dryRun ? [] : [await writeQuarantineReport(wh, options.workspace)];
      const report = await reportOf(wh, runId, options, outcomes, moves, written, 'ceiling');
      const msg = message.quarantineCeiling(share, options.quarantineCeiling, report.quarantine_report);
      await finishRun(wh, runId, 'failed', 2, msg, fingerprint, report, effects.now());
      throw new CeilingError(msg, { ...report, timings });
    }

    mark('accounting');
    phase.during = 'while writing the exports';

    // 4. Exports: the quarantine report; normalized rows and metrics as Parquet.
    const outputs: Output[] = [];
    outputs.push(await writeQuarantineReport(wh, options.workspace));
    outputs.push(...(await exportParquet(wh, options.workspace, touched)));
    mark('export');

    // 5. Bulletins.
    const periods = selectPeriods(metrics.map((m) => m.period), options.year);
    if (options.year !== null && periods.length === 0) throw new InputError(message.noData(options.year));
    let printed: ReturnType<typeof printedFigures> = [];
    if (periods.length && !options.skipBulletins) {
      const jobs = (await bulletinJobs(wh, metrics, options, ref, dataStarts, true))!;
      // Every printed figure (figures.json entry) compared with the last run's, by its text.
      printed = printedFigures(jobs);
      moves = [...moves, ...(await printedMoves(wh, printed))];
      mark('bulletin_data');
      // The data stages' scratch tables are done with: hand their memory back before Chromium starts.
      await releaseScratch(wh);
      logger.debug(`memory before Chromium: ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB resident`);
      throwIfStopped(stop, phase.during);
      phase.during = 'while printing the bulletins';
      // The rendering modules (Vega, Puppeteer) load only when there is something to render.
      const [{ publishBulletins }, { openPrinter }, { writeIndex }] = await Promise.all([
        import('./publish.js'), import('./print-pdf.js'), import('./index-page.js')]);
      outputs.push(...(await publishBulletins(wh, jobs, {
        workspace: options.workspace, logger, stop, openPrinter: () => openPrinter({ logger, profileRoot: join(options.workspace, '.tmp') }),
      })));
      outputs.push(await writeIndex(options.workspace, { asOf: options.asOf, status: 'ok' }));
    }
    // Recorded once the bulletins are in place: a run killed before lists the same moves again.
    await storePrinted(wh, printed);
    mark('bulletins');
    // 6. Record.
    const report = { ...(await reportOf(wh, runId, options, outcomes, moves, outputs, 'ok', counts)), timings, derived: delta ? 'delta' as const : 'rebuild' as const };
    // Each moved figure names the last release of the bulletin of its period, if there is one.
    report.figures_moved = await nameReleases(wh, options.workspace, report.figures_moved);
    await finishRun(wh, runId, 'ok', 0, null, fingerprint, report, effects.now());
    return report;
  }
}

class DryRun extends Error {}

/** The quarantine ceiling stopped the run (exit 2): the report says what was read and quarantined. */
export class CeilingError extends InputError {
  constructor(message: string, readonly report: RunReport) {
    super(message);
  }
}

/**
 * The bulletins of a run: one job per period with data and edition. Without a publication rate
 * there are none: an error when the run publishes (`required`), null for a dry run.
 */
async function bulletinJobs(
  wh: Warehouse, metrics: ServiceMetrics[], options: RunOptions, ref: Reference, dataStarts: Map<string, string>, required: boolean,
): Promise<BulletinJob[] | null> {
  const periods = selectPeriods(metrics.map((m) => m.period), options.year);
  if (!periods.length) return [];
  const pub = await publicationRate(wh, options.asOf, options.maxRateAgeDays);
  if (!pub) {
    if (required) throw new InputError(message.noPublicationRate(options.asOf, options.maxRateAgeDays));
    return null;
  }
  const jobs: BulletinJob[] = [];
  for (const period of periods) {
    const data = await bulletinData(wh, {
      period, asOf: options.asOf, ref, metrics, publication: pub, policy: options.policy,
      maxRateAgeDays: options.maxRateAgeDays, dataStarts, ...(options.publisher ? { publisher: options.publisher } : {}),
    });
    // Provisional and revised marks: the status rule, the last release and the vintages (pipelines/release-data.ts).
    Object.assign(data, await releaseData(wh, data, options));
    if (data.services.length === 0) continue;
    for (const edition of options.editions) jobs.push({ data, edition });
  }
  return jobs;
}

/**
 * The periods of a run: from the year of the first departure in the data, never before the
 * year of the earliest launch in the reference (a departure before its service's launch is
 * quarantined; this bound holds whatever the data say).
 */
function periodsFrom(starts: Map<string, string>, ref: Reference, asOf: string): Period[] {
  const first = Math.min(...[...starts.values()].map((d) => Number(d.slice(0, 4))));
  const launch = earliestLaunch(ref.services);
  const firstYear = Math.max(first, launch ? Number(launch.slice(0, 4)) : -Infinity);
  return Number.isFinite(firstYear) ? periodsAt(asOf, firstYear) : [];
}

/** Above this share of the value rows changed, a full rebuild is cheaper than a delta. */
const DELTA_MAX_SHARE = 0.2;

/**
 * Whether this run's change can be applied as a delta to the current generation: one exists and
 * was built with the same reference data and conversion options, only values files are new or
 * revised, and they hold at most DELTA_MAX_SHARE of the value rows (replaced versions included).
 */
async function valuesDelta(wh: Warehouse, outcomes: FileOutcome[], buildKey: string): Promise<{ gen: Generation; added: number[]; replaced: number[] } | null> {
  const changed = outcomes.filter((o) => o.action === 'new' || o.action === 'revised');
  if (!changed.length || changed.some((o) => o.kind !== 'values')) return null;
  const gen = await currentGeneration(wh);
  if (!gen) return null;
  const [built] = await wh.all<{ fingerprint: string }>(`SELECT fingerprint FROM ${gen}.build_info`).catch(() => []);
  if (built?.fingerprint !== buildKey) return null;
  const added = changed.map((o) => o.fileId!);
  const replaced = changed.flatMap((o) => (o.replacesFileId === null ? [] : [o.replacesFileId]));
  const [size] = await wh.all<{ changed: number; total: number }>(
    `SELECT coalesce(sum(rows_read) FILTER (WHERE file_id IN (${[...added, ...replaced].join(', ')})), 0)::DOUBLE AS changed,
            coalesce(sum(rows_read) FILTER (WHERE status = 'current' AND kind = 'values'), 0)::DOUBLE AS total
     FROM file_versions`);
  if (!size || size.changed > DELTA_MAX_SHARE * size.total) return null;
  return { gen, added, replaced };
}

/**
 * DuckDB's memory limit for a run: twice the inbox's size, from 512 MiB to 1.5 GiB. DuckDB's
 * default (80 % of RAM) lets its buffer pool grow to whatever the data takes; past the limit it
 * spills to `<warehouse>.tmp`, a little slower and with a bounded footprint.
 */
function memoryLimit(inboxBytes: number): string {
  const mib = Math.min(1536, Math.max(512, Math.ceil((2 * inboxBytes) / 2 ** 20)));
  return `${mib}MiB`;
}

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
  h.update(JSON.stringify([o.asOf, o.year, o.editions, o.policy, o.maxRateAgeDays, o.sourcePriority, o.quarantineCeiling, Boolean(o.skipBulletins), o.publisher ?? null]));
  return h.digest('hex');
}

async function writeQuarantineReport(wh: Warehouse, workspace: string): Promise<Output> {
  const rows = await quarantinedRows(wh);
  // Cells a spreadsheet would run as formulas get a leading ' (lib/safe-text.ts, csvCell).
  const csv = ['file,line,column,position,value,code,reason', ...rows.map((r) => [r.file, r.line, r.column, r.position, r.value, r.code, r.reason].map(csvCell).join(','))].join('\n') + '\n';
  const { writeOutput } = await import('./publish.js');
  return writeOutput(join(workspace, 'reports', 'quarantine.csv'), csv, 'report');
}

async function reportOf(
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

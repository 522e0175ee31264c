/**
 * The runner: the stages of `nightly`, `run --year` and `forget`, in order.
 *
 *   0. open the warehouse (its DuckDB file lock holds the workspace), sweep what killed runs left
 *      (run-setup.ts)
 *   1. ingest   inbox → raw rows of new and revised files, staged outside the transaction
 *   2. derive   validate → normalize into the next generation (or a delta of changed values
 *               files); then ONE transaction: promote the staged files, switch, metrics
 *               (derive.ts, metrics.ts)
 *   3. accounting: read = loaded + quarantined per file; the quarantine ceiling
 *   4. exports: quarantine report; normalized rows and metrics as Parquet (folder swapped in whole)
 *   5. bulletins: data → view + figures → charts → HTML → PDF, each file written atomically;
 *      a bulletin whose data, edition and rendering code did not change is kept as it is
 *   6. record the run and its outputs; it is 'ok' only when every output is in place
 *
 * A run killed anywhere leaves the last committed state: the next run redoes what is missing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, StageError } from '../lib/errors.js';
import { Interrupted, stopSignal, throwIfStopped } from '../lib/interrupt.js';
import { message } from '../lib/messages.js';
import type { Logger } from '../lib/logger.js';
import { earliestLaunch, type Reference } from '../sources/reference.js';
import { fileCounts } from './accounting.js';
import { bulletinData } from './bulletin-data.js';
import { applyDerived, prepareDerived, retireDerived } from './derive.js';
import { nameReleases, releaseData } from './release-data.js';
import { exportParquet, outputsIntact } from './export.js';
import { forgetRefusal, listInbox, missingFiles, stageInbox, type FileOutcome } from './ingest.js';
import { computeMetrics, firstDepartures, periodsAt, type Period, type ServiceMetrics } from './metrics.js';
import { publicationRate } from './normalize.js';
import type { RunOptions } from './options.js';
import type { BulletinJob, Output } from './publish.js';
import { bulletinSlug } from '../reports/trade/view.js';
import { releaseScratch, type Warehouse } from './warehouse.js';
import { printedFigures, printedMoves, storePrinted } from './printed-figures.js';
import { inputFingerprint, reportOf, writeQuarantineReport, type FigureMove, type RunReport } from './run-report.js';
import { memoryLimit, openRun, stoppedBy, type OpenRun } from './run-setup.js';
import { beginRun, failRun, finishRun, interruptRun, lastGoodRun, metricMoves, snapshotMetrics } from './runs.js';

export type { FigureMove, RunReport } from './run-report.js';

/** What a run may do besides reading its options: log, read the clock, be stopped. */
export interface RunEffects {
  logger: Logger;
  now: () => Date;
  /** Aborted (reason: the signal's name) when the run must stop: see lib/interrupt.ts. */
  stop?: AbortSignal;
}

/**
 * Runs the pipeline once.
 * @example const report = await runPipeline(options, { logger, now: () => new Date() });
 */
export async function runPipeline(options: RunOptions, effects: RunEffects): Promise<RunReport> {
  const { stop } = effects;
  let wh: Warehouse | null = null;
  // A stop signal interrupts the query DuckDB is running (the stage then fails and rolls back).
  const interruptQuery = (): void => wh?.conn.interrupt();
  stop?.addEventListener('abort', interruptQuery);
  let run: OpenRun | null = null;
  try {
    run = await openRun(options, effects.logger, (opened) => (wh = opened));
    const { ref } = run;
    const db = run.wh;
    if (options.forget !== undefined) {
      // Refused before anything is recorded: the file is still in the inbox, or was never loaded.
      const refusal = await forgetRefusal(db, await listInbox(options.inbox), options.forget);
      if (refusal) throw new InputError(refusal, options.forget);
    }
    throwIfStopped(stop, 'before the run began');
    const runId = await beginRun(db, options, effects.now());
    const phase = { during: 'in the data stages' };
    try {
      return await runStages(db, runId, ref, options, effects, phase);
    } catch (err) {
      const signal = await stoppedBy(stop, err);
      if (signal) {
        const stopped = err instanceof Interrupted ? err : new Interrupted(signal, phase.during);
        await interruptRun(db, runId, stopped.exitCode, stopped.message, effects.now()).catch(() => undefined);
        throw stopped;
      }
      const code = err instanceof InputError ? 2 : 1;
      await failRun(db, runId, code, (err as Error).message, effects.now()).catch(() => undefined);
      throw err;
    }
  } catch (err) {
    if (err instanceof InputError || err instanceof StageError || err instanceof Interrupted) throw err;
    const signal = stopSignal(stop);
    if (signal) throw new Interrupted(signal, 'before the run began');
    throw new StageError('run', (err as Error).message, { cause: err });
  } finally {
    stop?.removeEventListener('abort', interruptQuery);
    await run?.close();
  }
}

/** Stages 1–6 of one run (the run record exists; the caller marks it failed on error). */
async function runStages(
  wh: Warehouse, runId: number, ref: Reference, options: RunOptions, effects: RunEffects, phase: { during: string },
): Promise<RunReport> {
  const { logger, stop } = effects;
  const { timings, mark } = stageClock(logger, stop, phase);

  // 1. Ingest: stage new and revised files.
  const inbox = await listInbox(options.inbox);
  await wh.run(`SET memory_limit = '${memoryLimit(inbox.reduce((a, f) => a + f.size, 0))}'`);
  const outcomes = await ingest(wh, inbox, runId, options, logger, stop);
  const fingerprint = inputFingerprint(outcomes, ref.fingerprint, options);
  mark('ingest');
  const unchanged = await nothingNew(wh, runId, outcomes, fingerprint, options, effects, mark);
  if (unchanged) return { ...unchanged, timings };

  // 2. Derived tables, then ONE transaction: promote, switch (or delta), metrics.
  const plan = await prepareDerived(wh, outcomes, ref, options, mark);
  const dataStarts = new Map<string, string>();
  let moves: FigureMove[] = [];
  let touched: string[] | null = null;
  let dryReport: RunReport | null = null;
  const metrics = await wh.transaction(async () => {
    await snapshotMetrics(wh);
    touched = await applyDerived(wh, plan, outcomes, runId, mark);
    for (const [k, v] of await firstDepartures(wh, options.asOf)) dataStarts.set(k, v);
    const periods = periodsFrom(dataStarts, ref, options.asOf);
    const m = await computeMetrics(wh, ref.services, periods, options.asOf);
    moves = await metricMoves(wh);
    if (options.dryRun) {
      // Reported from the state the run would commit, then rolled back.
      dryReport = await dryRunReport(wh, runId, options, ref, outcomes, m, moves, periods, dataStarts);
      throw new DryRun();
    }
    return m;
  }).catch((err) => {
    if (err instanceof DryRun) return null;
    throw err;
  });
  mark('metrics');
  if (metrics === null) return { ...dryReport!, timings };
  await retireDerived(wh, plan);

  // 3. Accounting and the quarantine ceiling.
  const counts = await fileCounts(wh);
  await enforceCeiling(wh, runId, options, outcomes, moves, counts, fingerprint, effects, timings);
  mark('accounting');
  phase.during = 'while writing the exports';

  // 4. Exports: the quarantine report; normalized rows and metrics as Parquet.
  const outputs: Output[] = [await writeQuarantineReport(wh, options.workspace)];
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
    phase.during = 'while printing the bulletins';
    outputs.push(...(await printBulletins(wh, jobs, options, effects)));
  }
  // Recorded once the bulletins are in place: a run killed before lists the same moves again.
  await storePrinted(wh, printed);
  mark('bulletins');

  // 6. Record.
  const report = { ...(await reportOf(wh, runId, options, outcomes, moves, outputs, 'ok', counts)), timings, derived: plan.delta ? 'delta' as const : 'rebuild' as const };
  // Each moved figure names the last release of the bulletin of its period, if there is one.
  report.figures_moved = await nameReleases(wh, options.workspace, report.figures_moved);
  await finishRun(wh, runId, 'ok', 0, null, fingerprint, report, effects.now());
  return report;
}

/** Per-stage wall times (the report's `timings`); each mark is also a point where a stop is honoured. */
function stageClock(logger: Logger, stop: AbortSignal | undefined, phase: { during: string }): { timings: Record<string, number>; mark: (stage: string) => void } {
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
  return { timings, mark };
}

/** Stage 1: new and revised files staged; files gone from the inbox reported (or, for `forget`, retracted). */
async function ingest(
  wh: Warehouse, inbox: Awaited<ReturnType<typeof listInbox>>, runId: number, options: RunOptions, logger: Logger, stop: AbortSignal | undefined,
): Promise<FileOutcome[]> {
  const outcomes = await stageInbox(wh, inbox, runId, logger, { encodings: options.encodings ?? [], ...(stop ? { stop } : {}) });
  for (const gone of await missingFiles(wh, inbox)) {
    if (gone.name === options.forget) gone.action = 'forgotten';
    else logger.warn(message.fileGone(gone.name));
    outcomes.push(gone);
  }
  if (options.forget !== undefined && !outcomes.some((o) => o.name === options.forget)) {
    // Only rejected versions were ever seen: nothing loaded to retract, the versions are marked all the same.
    outcomes.push({ name: options.forget, action: 'forgotten', fileId: null, replacesFileId: null, sha256: '', kind: null, reason: null });
  }
  return outcomes;
}

/**
 * Nothing new since the last good run with the same inputs and options, and its outputs still in
 * place: this run keeps them and reports that run's counts (the warehouse's). Null otherwise.
 */
async function nothingNew(
  wh: Warehouse, runId: number, outcomes: FileOutcome[], fingerprint: string, options: RunOptions, effects: RunEffects,
  mark: (stage: string) => void,
): Promise<RunReport | null> {
  const changed = outcomes.some((o) => o.action === 'new' || o.action === 'revised' || o.action === 'forgotten');
  if (changed) return null;
  const previous = await lastGoodRun(wh, fingerprint);
  if (!previous || !(await outputsIntact(previous.outputs))) return null;
  mark('check');
  const counts = await wh.all<{ name: string; read: number; loaded: number; quarantined: number }>(
    `SELECT name, rows_read AS read, loaded, quarantined FROM run_files WHERE run_id = ?`, [previous.runId]);
  const report = { ...(await reportOf(wh, runId, options, outcomes, [], previous.outputs, 'nothing-new', counts)),
    ...(options.dryRun ? { would_rewrite: [] } : {}) };
  await finishRun(wh, runId, 'ok', 0, 'nothing new', fingerprint, report, effects.now());
  return report;
}

/**
 * Above the quarantine ceiling nothing is published, but what to investigate is: the quarantine
 * report (a dry run writes nothing) and the run's report for --json, before exit 2.
 */
async function enforceCeiling(
  wh: Warehouse, runId: number, options: RunOptions, outcomes: FileOutcome[], moves: FigureMove[],
  counts: Awaited<ReturnType<typeof fileCounts>>, fingerprint: string, effects: RunEffects, timings: Record<string, number>,
): Promise<void> {
  const read = counts.reduce((a, c) => a + c.read, 0);
  const quarantined = counts.reduce((a, c) => a + c.quarantined, 0);
  const share = read ? quarantined / read : 0;
  if (share <= options.quarantineCeiling) return;
  const written = options.dryRun ? [] : [await writeQuarantineReport(wh, options.workspace)];
  const report = await reportOf(wh, runId, options, outcomes, moves, written, 'ceiling');
  const msg = message.quarantineCeiling(share, options.quarantineCeiling, report.quarantine_report);
  await finishRun(wh, runId, 'failed', 2, msg, fingerprint, report, effects.now());
  throw new CeilingError(msg, { ...report, timings });
}

/** Stage 5's printing: bulletins on one Chromium, then the index page. */
async function printBulletins(wh: Warehouse, jobs: BulletinJob[], options: RunOptions, effects: RunEffects): Promise<Output[]> {
  const { logger, stop } = effects;
  // The data stages' scratch tables are done with: hand their memory back before Chromium starts.
  await releaseScratch(wh);
  logger.debug(`memory before Chromium: ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB resident`);
  throwIfStopped(stop, 'while printing the bulletins');
  // The rendering modules (Vega, Puppeteer) load only when there is something to render.
  const [{ publishBulletins }, { openPrinter }, { writeIndex }] = await Promise.all([
    import('./publish.js'), import('./print-pdf.js'), import('./index-page.js')]);
  const outputs = await publishBulletins(wh, jobs, {
    workspace: options.workspace, logger, stop, openPrinter: () => openPrinter({ logger, profileRoot: join(options.workspace, '.tmp') }),
  });
  outputs.push(await writeIndex(options.workspace, { asOf: options.asOf, status: 'ok' }));
  return outputs;
}

/**
 * --dry-run: what the run would do, from the state it would commit (inside the transaction,
 * rolled back afterwards): the files' counts with their new versions, the figures and printed
 * figures that move, and the bulletins that would be written (new periods included).
 */
async function dryRunReport(
  wh: Warehouse, runId: number, options: RunOptions, ref: Reference, outcomes: FileOutcome[], metrics: ServiceMetrics[],
  metricMoved: FigureMove[], periods: Period[], dataStarts: Map<string, string>,
): Promise<RunReport> {
  let moves = metricMoved;
  const jobs = options.skipBulletins ? [] : await bulletinJobs(wh, metrics, options, ref, dataStarts, false);
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
  return { ...(await reportOf(wh, runId, options, outcomes, moves, [], 'dry-run')), would_rewrite: rewrite };
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

/** The bulletins of a run: all periods for nightly, only the chosen year's for `run --year`. */
function selectPeriods(all: Period[], year: number | null): Period[] {
  const unique = [...new Map(all.map((p) => [p.label, p])).values()];
  return year === null ? unique : unique.filter((p) => p.year === year);
}


/**
 * A run's start and end around its stages (see runner.ts): the warehouse opened (and so the
 * workspace locked), what killed runs left swept, the reference loaded; and, at the end, the
 * warehouse closed and a dry run's scratch copy removed.
 *
 * The workspace lock is DuckDB's own file lock (warehouse.ts): the kernel drops it however the
 * holder dies, so whatever a run finds left over (temporary files, a run record still
 * 'running', staged rows) belongs to no live process and is cleaned up here.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepTemporaryFiles } from '../lib/atomic-write.js';
import { Interrupted, stopSignal, type StopSignal } from '../lib/interrupt.js';
import type { Logger } from '../lib/logger.js';
import { loadReference, type Reference } from '../sources/reference.js';
import { sweepStaged } from './ingest.js';
import type { RunOptions } from './options.js';
import { loadReferenceTables } from './reference-tables.js';
import { markKilledRuns } from './runs.js';
import { openWarehouse, type Warehouse } from './warehouse.js';

/** An open run: its warehouse, its reference data, and how to close it. */
export interface OpenRun {
  wh: Warehouse;
  ref: Reference;
  /** Closes the warehouse (releasing the lock) and removes a dry run's scratch copy. */
  close(): Promise<void>;
}

/**
 * Opens the workspace's warehouse for one run and cleans up after killed runs. A dry run works
 * on a copy of the warehouse, so that nothing in the workspace changes; it is copied under a
 * read-only open (DuckDB's shared lock), so no run writes it meanwhile.
 * @example const run = await openRun(options, logger); try { … } finally { await run.close(); }
 */
export async function openRun(options: RunOptions, logger: Logger, onOpen: (wh: Warehouse) => void = () => undefined): Promise<OpenRun> {
  let dbPath = join(options.workspace, 'warehouse.duckdb');
  let scratch: string | null = null;
  if (options.dryRun) {
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
  let wh: Warehouse | null = null;
  const close = async (): Promise<void> => {
    wh?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  };
  try {
    wh = await openWarehouse(dbPath, { memoryLimit: memoryLimit(0) });
    onOpen(wh);
    if (!options.dryRun) await sweepKilledRuns(wh, options.workspace, logger);
    const ref = await loadReference(options.referenceDir);
    await loadReferenceTables(wh, ref);
    return { wh, ref, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** What killed runs left: the pid file of older versions, Chromium profiles, temporary files, run records, staged rows. */
async function sweepKilledRuns(wh: Warehouse, workspace: string, logger: Logger): Promise<void> {
  await rm(join(workspace, '.trade-bulletin.lock'), { force: true });
  await rm(join(workspace, '.tmp'), { recursive: true, force: true });
  const temps = await sweepTemporaryFiles(workspace, [join(workspace, 'releases')]);
  if (temps) logger.warn(`removed ${temps} temporary file(s) left by an interrupted write`);
  const killed = await markKilledRuns(wh);
  if (killed) logger.warn(`${killed} earlier run(s) were killed before they finished; this run completes their work`);
  const swept = await sweepStaged(wh);
  if (swept) logger.warn(`cleaned up ${swept} file version(s) staged by an interrupted run`);
}

/**
 * DuckDB's memory limit for a run: twice the inbox's size, from 512 MiB to 1.5 GiB. DuckDB's
 * default (80 % of RAM) lets its buffer pool grow to whatever the data takes; past the limit it
 * spills to `<warehouse>.tmp`, a little slower and with a bounded footprint.
 */
export function memoryLimit(inboxBytes: number): string {
  const mib = Math.min(1536, Math.max(512, Math.ceil((2 * inboxBytes) / 2 ** 20)));
  return `${mib}MiB`;
}

/**
 * The signal that stopped the run, when `err` is the interruption or what it caused. Chromium
 * and DuckDB may report the stop (a closed page, an interrupted query) before the signal's own
 * handler has run: a failure is given a moment for a pending signal to arrive.
 */
export async function stoppedBy(stop: AbortSignal | undefined, err: unknown): Promise<StopSignal | null> {
  if (err instanceof Interrupted) return err.signal;
  if (!stop) return null;
  if (!stop.aborted) await new Promise((r) => setTimeout(r, 250));
  return stopSignal(stop);
}

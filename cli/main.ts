/**
 * The command line: the only place that reads the clock, the environment and argv, and the
 * only place that prints (standard output for --json and listings, standard error for people).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, UsageError, exitCodeOf } from '../lib/errors.js';
import { createLogger, type Level } from '../lib/logger.js';
import { isIsoDate } from '../lib/dates.js';
import { Interrupted, stopOnSignals } from '../lib/interrupt.js';
import { message } from '../lib/messages.js';
import { terminalJson, terminalLine } from '../lib/safe-text.js';
import { CeilingError, runPipeline } from '../pipelines/runner.js';
import type { RunOptions } from '../pipelines/options.js';
import { checkFiles } from '../pipelines/check-files.js';
import { formatQuarantined } from '../pipelines/accounting.js';
import { listRuns, showRun } from '../pipelines/runs.js';
import { openWarehouse, WorkspaceBusy } from '../pipelines/warehouse.js';
import { loadConfig, parseEncodingFlags, publisherForPrint, type Config } from './config.js';
import { releaseCommand, releasesCommand } from './release-commands.js';
import { help, parseFlags, type Flags } from './options.js';
import { summaryLines } from './summary.js';
import type { RatePolicy } from '../pipelines/normalize.js';
import { chromiumExecutable } from '../pipelines/chromium-path.js';
import type { Edition } from '../reports/model.js';

// Every line printed has its control characters escaped (a file name or a cell may hold a
// terminal escape sequence or a newline); JSON keeps its meaning (see lib/safe-text.ts).
const lines = (s: string): string => s.replace(/\n$/, '').split('\n').map(terminalLine).join('\n') + '\n';
const out = (s: string): void => void process.stdout.write(lines(s));
const err = (s: string): void => void process.stderr.write(lines(s));
const outJson = (value: unknown): void => void process.stdout.write(terminalJson(JSON.stringify(value, null, 2)) + '\n');

function level(flags: Flags): Level {
  return flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal';
}

/** Config file + flags → the effective configuration. */
async function effectiveConfig(flags: Flags, cwd: string): Promise<{ config: Config; file: string | null }> {
  const { config, file } = await loadConfig(flags.config, cwd);
  const c: Config = { ...config };
  if (flags.inbox) c.inbox = flags.inbox;
  if (flags.workspace) c.workspace = flags.workspace;
  if (flags['reference-dir']) c.reference_dir = flags['reference-dir'];
  if (flags.policy) {
    if (!['daily', 'monthly-average', 'annual-average'].includes(flags.policy)) throw new UsageError(`--policy "${flags.policy}" must be daily, monthly-average or annual-average`);
    c.rate_policy = flags.policy as RatePolicy;
  }
  if (flags.editions) {
    const eds = flags.editions.split(',').map((e) => e.trim());
    if (!eds.length || eds.some((e) => e !== 'en' && e !== 'zh')) throw new UsageError(`--editions "${flags.editions}" must be en, zh or en,zh`);
    c.editions = eds as Edition[];
  }
  if (flags['quarantine-ceiling'] !== undefined) {
    const v = Number(flags['quarantine-ceiling']);
    if (!(v >= 0 && v <= 1)) throw new UsageError(`--quarantine-ceiling "${flags['quarantine-ceiling']}" must be a share from 0 to 1`);
    c.quarantine_ceiling = v;
  }
  if (flags.strict) c.strict = true;
  if (flags.encoding?.length) c.encodings = [...parseEncodingFlags(flags.encoding), ...c.encodings];
  return { config: { ...c, inbox: resolve(cwd, c.inbox), workspace: resolve(cwd, c.workspace), reference_dir: resolve(cwd, c.reference_dir) }, file };
}

async function runCommand(command: 'nightly' | 'run' | 'forget', flags: Flags, cwd: string, forget?: string): Promise<number> {
  const { config } = await effectiveConfig(flags, cwd);
  // forget recomputes the figures at the as-of date of the last recorded run (so that only the
  // retraction moves them), unless --as-of says otherwise.
  const asOf = command === 'forget' ? (flags['as-of'] ?? (await lastAsOf(config.workspace, forget ?? ''))) : flags['as-of'];
  if (asOf === undefined) throw new UsageError(message.asOfRequired(command));
  if (!isIsoDate(asOf)) throw new UsageError(message.badAsOf(asOf));
  let year: number | null = null;
  if (command === 'run') {
    if (!flags.year) throw new UsageError('run needs --year YYYY (e.g. trade-bulletin run --year 2025)');
    if (!/^\d{4}$/.test(flags.year)) throw new UsageError(message.badYear(flags.year));
    year = Number(flags.year);
    if (`${year}-01-01` > asOf) throw new UsageError(`--year ${year} is after --as-of ${asOf}: there is nothing to report yet`);
  } else if (flags.year) throw new UsageError(`${command} takes no --year; use \`trade-bulletin run --year YYYY\``);
  const options: RunOptions = {
    command, inbox: config.inbox, workspace: config.workspace, asOf, year, editions: config.editions,
    policy: config.rate_policy, maxRateAgeDays: config.max_rate_age_days, sourcePriority: config.source_priority,
    quarantineCeiling: config.quarantine_ceiling, referenceDir: config.reference_dir, strict: config.strict, encodings: config.encodings, finalAfterDays: config.final_after_days, dryRun: Boolean(flags['dry-run']), skipBulletins: Boolean(flags['skip-bulletins']),
    ...(forget !== undefined ? { forget } : {}),
  };
  const publisher = await publisherForPrint(config.publisher);
  if (publisher) options.publisher = publisher;
  const logger = createLogger({ level: level(flags) });
  // SIGINT/SIGTERM/SIGHUP stop the run at its next safe point, recorded as interrupted (exit 128 + n).
  const stop = stopOnSignals((signal) => err(`trade-bulletin: ${message.stopping(signal)}`));
  let report;
  try {
    report = await runPipeline(options, { logger, now: () => new Date(), stop: stop.signal });
  } catch (e) {
    // Stopped by the quarantine ceiling: the report is still printed, then the error (exit 2).
    if (e instanceof CeilingError) {
      if (flags.json) outJson(e.report);
      if (!flags.quiet) for (const line of summaryLines(e.report, cwd, Boolean(flags.verbose))) err(line);
    }
    throw e;
  } finally {
    stop.dispose();
  }
  if (flags.json) outJson(report);
  if (!flags.quiet) for (const line of summaryLines(report, cwd, Boolean(flags.verbose))) err(line);
  const rejected = report.files.filter((f) => f.action === 'rejected');
  for (const f of rejected) err(terminalLine(`warning: ${f.reason ?? f.name}`));
  return options.strict && rejected.length ? 2 : 0;
}

/** The as-of date of the last run recorded in the workspace (forget's default). */
async function lastAsOf(workspace: string, name: string): Promise<string> {
  const db = resolve(workspace, 'warehouse.duckdb');
  if (!existsSync(db)) throw new InputError(message.forgetUnknown(name), name);
  const wh = await openWarehouse(db, { readOnly: true }).catch((e: unknown) => {
    throw e instanceof WorkspaceBusy ? new InputError(message.runInProgress(e.pid)) : e;
  });
  try {
    const [row] = await wh.all<{ as_of: string | null }>(`SELECT CAST(as_of AS VARCHAR) AS as_of FROM runs WHERE as_of IS NOT NULL ORDER BY run_id DESC LIMIT 1`);
    if (!row?.as_of) throw new InputError(message.forgetNoAsOf());
    return row.as_of;
  } finally {
    wh.close();
  }
}

async function validateCommand(flags: Flags, files: string[], cwd: string): Promise<number> {
  if (!files.length) throw new UsageError('validate needs at least one FILE (e.g. trade-bulletin validate inbox/*.csv)');
  const { config } = await effectiveConfig(flags, cwd);
  for (const f of files) if (!existsSync(resolve(cwd, f))) throw new InputError(message.fileMissing(f));
  const result = await checkFiles(files.map((f) => resolve(cwd, f)), config.reference_dir, config.encodings);
  const bad = result.problems.length + result.files.filter((f) => f.rejected).length;
  if (flags.json) outJson({ ok: bad === 0, ...result });
  else {
    for (const f of result.files) if (f.rejected) out(f.rejected);
    for (const p of result.problems) out(formatQuarantined(p));
    for (const f of result.files) {
      err(f.rejected ? `${f.name}: rejected` : `${f.name}: ${f.kind}, read ${f.read}, would load ${f.loaded}, would quarantine ${f.quarantined}`);
    }
    err(bad ? `${bad} problem${bad === 1 ? '' : 's'} found` : 'no problems found');
  }
  return bad ? 2 : 0;
}

async function runsCommand(flags: Flags, args: string[], cwd: string): Promise<number> {
  const { config } = await effectiveConfig(flags, cwd);
  const db = resolve(config.workspace, 'warehouse.duckdb');
  if (!existsSync(db)) throw new InputError(`no warehouse in ${config.workspace} yet: no run has been recorded there (pass --workspace DIR)`);
  // A running run holds the warehouse (DuckDB's file lock): say so rather than wait.
  const wh = await openWarehouse(db, { readOnly: true }).catch((e: unknown) => {
    throw e instanceof WorkspaceBusy ? new InputError(message.runInProgress(e.pid)) : e;
  });
  try {
    if (args[0] === 'show') {
      const id = Number(args[1]);
      if (!Number.isInteger(id)) throw new UsageError('runs show needs a run id (e.g. trade-bulletin runs show 3)');
      const run = await showRun(wh, id);
      if (!run) throw new InputError(`no run ${id} in ${config.workspace}`);
      if (flags.json) outJson(run);
      else {
        out(`run ${run.run.run_id}: ${run.run.command}, as of ${run.run.as_of}, ${run.run.status} (exit ${run.run.exit_code ?? '—'})`);
        out(`  started ${run.run.started_at}, finished ${run.run.finished_at ?? '— (interrupted)'}`);
        if (run.run.message) out(`  ${run.run.message}`);
        for (const f of run.files as Record<string, unknown>[]) out(`  in  ${String(f.name)} ${String(f.action)} ${String(f.sha256).slice(0, 12)} read ${String(f.read)} loaded ${String(f.loaded)} quarantined ${String(f.quarantined)}`);
        for (const o of run.outputs as Record<string, unknown>[]) out(`  out ${String(o.path)} ${String(o.sha256).slice(0, 12)} ${String(o.bytes)} bytes`);
        const moved = (run.run.summary as { moved?: Record<string, string | null>[] } | null)?.moved ?? [];
        for (const m of moved) out(`  moved ${m.bulletin ? `${m.bulletin}: ` : ''}${m.service} ${m.period} ${m.metric} ${m.unit}: ${m.before ?? '—'} → ${m.after ?? '—'}`);
      }
      return 0;
    }
    const runs = await listRuns(wh);
    if (flags.json) outJson(runs);
    else for (const r of runs) out(`${String(r.run_id).padStart(4)}  ${r.started_at}  ${r.command.padEnd(7)}  as of ${r.as_of}  ${r.status === 'running' ? 'interrupted' : r.status}${r.message ? `: ${r.message}` : ''}`);
    return 0;
  } finally {
    wh.close();
  }
}

/** Runs the command line; returns the exit status. */
export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(help.main!);
    return command ? 0 : 2;
  }
  if (!(command in help) || command === 'main') {
    err(`unknown command "${command}"\n\n${help.main}`);
    return 2;
  }
  const { flags, positionals } = parseFlags(rest, command);
  if (flags.help) {
    out(help[command]!);
    return 0;
  }
  switch (command) {
    case 'nightly':
    case 'run':
      if (positionals.length) throw new UsageError(`${command} takes no file arguments (got ${positionals.join(' ')}); use --inbox DIR`);
      return runCommand(command, flags, cwd);
    case 'forget':
      if (positionals.length !== 1) throw new UsageError('forget needs exactly one NAME: the file name as the inbox had it (e.g. trade-bulletin forget values-2025-Q1.csv)');
      return runCommand('forget', flags, cwd, positionals[0]!);
    case 'validate':
      return validateCommand(flags, positionals, cwd);
    case 'release':
      return releaseCommand((await effectiveConfig(flags, cwd)).config, flags, out, err);
    case 'releases':
      return releasesCommand((await effectiveConfig(flags, cwd)).config, flags, out);
    case 'runs':
      return runsCommand(flags, positionals, cwd);
    case 'config': {
      const { config, file } = await effectiveConfig(flags, cwd);
      if (flags.json) outJson({ file, ...config });
      else {
        out(`# effective configuration (${file ?? 'defaults; no trade-bulletin.config.json'})`);
        for (const [k, v] of Object.entries(config)) out(`${k} = ${JSON.stringify(v)}`);
      }
      return 0;
    }
    case 'doctor': {
      const { config } = await effectiveConfig(flags, cwd);
      // Loaded on demand: doctor shells out through zx, which no run needs.
      const { doctor } = await import('./doctor.js');
      const checks = await doctor({ workspace: config.workspace, chromium: chromiumExecutable() });
      for (const c of checks) out(`${c.ok ? 'ok     ' : 'MISSING'}  ${c.name}: ${c.detail}${c.ok || !c.fix ? '' : `\n         fix: ${c.fix}`}`);
      return checks.every((c) => c.ok) ? 0 : 1;
    }
    default:
      return 2;
  }
}

/** Entry point: maps errors to messages and exit statuses; a stack trace only with --verbose. */
export async function cli(argv: string[]): Promise<void> {
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  try {
    process.exitCode = await main(argv);
  } catch (e) {
    const code = exitCodeOf(e);
    err(terminalLine(`trade-bulletin: ${(e as Error).message}`));
    const bug = e instanceof Error && !(e instanceof Interrupted); // an interruption is no bug: no stack
    if (verbose && bug) err(e.stack ?? '');
    if (verbose && bug && e.cause instanceof Error) err(`caused by: ${e.cause.stack ?? e.cause.message}`);
    process.exitCode = code;
  }
}

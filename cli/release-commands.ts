/** `trade-bulletin release` and `trade-bulletin releases`: freeze a draft; list what was released. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, UsageError } from '../lib/errors.js';
import { createLogger } from '../lib/logger.js';
import { listReleases, releaseBulletin } from '../pipelines/release.js';
import { openWarehouse } from '../pipelines/warehouse.js';
import type { Config } from './config.js';
import type { Flags } from './options.js';

type Print = (s: string) => void;

/** `release --year YYYY [--kind annual|ytd]`: exit 0 released; 2 nothing to release, out of date, or bad arguments. */
export async function releaseCommand(config: Config, flags: Flags, out: Print, err: Print): Promise<number> {
  if (!flags.year || !/^\d{4}$/.test(flags.year)) throw new UsageError('release needs --year YYYY (e.g. trade-bulletin release --year 2025)');
  if (flags.kind !== undefined && flags.kind !== 'annual' && flags.kind !== 'ytd') throw new UsageError(`--kind "${flags.kind}" must be annual or ytd`);
  const db = resolve(config.workspace, 'warehouse.duckdb');
  if (!existsSync(db)) throw new InputError(`no warehouse in ${config.workspace} yet: run \`trade-bulletin nightly\` first (pass --workspace DIR)`);
  const logger = createLogger({ level: flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal' });
  // Read-write: the release holds the workspace (no run writes the draft meanwhile).
  const wh = await openWarehouse(db);
  try {
    // The kill test's hook: SIGKILL this process right after the step it names (never set in use).
    const killAt = process.env.TRADE_BULLETIN_TEST_KILL_AT;
    const step = (name: string): void => void (name === killAt && process.kill(process.pid, 'SIGKILL'));
    const r = await releaseBulletin(wh, { workspace: config.workspace, inbox: config.inbox, year: Number(flags.year), ...(flags.kind ? { kind: flags.kind as 'annual' | 'ytd' } : {}) }, logger, step);
    if (flags.json) out(JSON.stringify({ ...r.manifest, path: r.path }, null, 2));
    else {
      out(`released ${r.manifest.bulletin} as ${r.release}: ${r.manifest.files.length} files (${r.manifest.editions.join(', ')}), as of ${r.manifest.as_of}, run ${r.manifest.run_id}`);
      out(`  ${r.path}`);
    }
    if (!flags.quiet) err(`${r.manifest.inputs.length} input file versions recorded in manifest.json`);
    return 0;
  } finally {
    wh.close();
  }
}

/** `releases`: every release, verified against its manifest; exit 1 when one does not verify. */
export async function releasesCommand(config: Config, flags: Flags, out: Print): Promise<number> {
  const rows = await listReleases(config.workspace);
  if (flags.json) out(JSON.stringify(rows, null, 2));
  else if (!rows.length) out(`no releases in ${config.workspace} yet: \`trade-bulletin release --year YYYY\` makes one`);
  else {
    for (const r of rows) {
      out(`${r.bulletin}  ${r.release}  as of ${r.as_of}  run ${r.run_id ?? '—'}  ${r.files} files  ${r.problems.length ? `DOES NOT VERIFY: ${r.problems.slice(0, 3).join('; ')}` : 'verified'}${r.previous ? `  (previous ${r.previous})` : ''}`);
    }
  }
  return rows.some((r) => r.problems.length) ? 1 : 0;
}

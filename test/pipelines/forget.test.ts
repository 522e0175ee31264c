/**
 * `trade-bulletin forget NAME` (issue 10): retracts every version of a file removed from the
 * inbox, recorded in the run history with the figures that moved; refuses a file still in the
 * inbox or never loaded (exit 2).
 */
import { spawnSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../lib/errors.js';
import { openWarehouse } from '../../pipelines/warehouse.js';
import { cleanInbox } from '../fixtures/dialects.js';
import { fixtureReference, nightly, tempDir, writeFiles } from '../helpers/pipeline.js';

const root = join(import.meta.dirname, '..', '..');
const cli = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'trade-bulletin.js'), ...args], { encoding: 'utf8', cwd: root });

let t: { dir: string; cleanup: () => Promise<void> };
let inbox: string;
let ws: string;
// One more goods line on S1 (Chang'an, 2025-03-03): 700 CNY.
const EXTRA = 'line_id,shipment_id,hs_code,description,value,currency\nX1,S1,8517,Phones,700,CNY\n';
beforeEach(async () => {
  t = await tempDir('tb-forget-');
  inbox = join(t.dir, 'inbox');
  ws = join(t.dir, 'ws');
  await writeFiles(inbox, { ...cleanInbox(), 'extra [1] ?.csv': EXTRA });
});
afterEach(() => t.cleanup());

async function dump(workspace: string) {
  const wh = await openWarehouse(join(workspace, 'warehouse.duckdb'));
  try {
    return {
      metrics: await wh.all(`SELECT service, period, metric, unit, value FROM metrics ORDER BY ALL`),
      lines: await wh.all(`SELECT line_id, CAST(amount_cny AS VARCHAR) AS c FROM normalized_lines ORDER BY ALL`),
      issues: await wh.all(`SELECT kind, line, col, code FROM issues ORDER BY ALL`),
      raw: await wh.all(`SELECT (SELECT count(*) FROM raw_values)::INTEGER AS v, (SELECT count(*) FROM raw_shipments)::INTEGER AS s`),
    };
  } finally {
    wh.close();
  }
}

describe('forget', () => {
  it('retracts every version of a removed file, lists the figures that moved, and records the run', async () => {
    await nightly(inbox, ws);
    await writeFile(join(inbox, 'extra [1] ?.csv'), EXTRA.replace('700', '800')); // a second version
    await nightly(inbox, ws);
    await rm(join(inbox, 'extra [1] ?.csv'));
    const kept = await nightly(inbox, ws);
    expect(kept.files.find((f) => f.name === 'extra [1] ?.csv')).toMatchObject({ action: 'missing', read: 1, loaded: 1 });

    // Refused: a file still in the inbox, a name never loaded (a pattern that would match is not a name).
    await expect(nightly(inbox, ws, { command: 'forget', forget: 'values.csv' })).rejects.toThrow(/still in the inbox/);
    await expect(nightly(inbox, ws, { command: 'forget', forget: 'extra*' })).rejects.toBeInstanceOf(InputError);

    // A dry run lists what would move and changes nothing.
    const before = await dump(ws);
    const dry = await nightly(inbox, ws, { command: 'forget', forget: 'extra [1] ?.csv', dryRun: true });
    // Chang'an 2025 in CNY: 1,234,567.50 + 1,000 × 7.2 + 500 × 1.05 × 7.2 = 1,245,547.50; with the 800 CNY line 1,246,347.50.
    const move = { service: 'changan-xian-almaty', period: '2025', metric: 'trade_value', unit: 'CNY', before: '1246347.5000', after: '1245547.5000' };
    expect(dry.figures_moved).toContainEqual(move);
    expect(await dump(ws)).toEqual(before);

    const r = await nightly(inbox, ws, { command: 'forget', forget: 'extra [1] ?.csv' });
    expect(r.status).toBe('ok');
    expect(r.command).toBe('forget');
    expect(r.files.find((f) => f.name === 'extra [1] ?.csv')).toMatchObject({ action: 'forgotten', read: 0, loaded: 0 });
    expect(r.figures_moved).toContainEqual(move);

    const wh = await openWarehouse(join(ws, 'warehouse.duckdb'));
    const versions = await wh.all(`SELECT status FROM file_versions WHERE name = 'extra [1] ?.csv' ORDER BY file_id`);
    const run = await wh.all<{ command: string; args: string; status: string }>(`SELECT command, args, status FROM runs WHERE run_id = ?`, [r.run_id]);
    wh.close();
    expect(versions).toEqual([{ status: 'forgotten' }, { status: 'forgotten' }]);
    expect(run[0]).toMatchObject({ command: 'forget', status: 'ok' });
    expect(JSON.parse(run[0]!.args)).toMatchObject({ forget: 'extra [1] ?.csv' });

    // The workspace equals one that never saw the file; the next nightly warns no more.
    const clean = join(t.dir, 'clean');
    await nightly(inbox, clean);
    expect(await dump(ws)).toEqual(await dump(clean));
    const next = await nightly(inbox, ws);
    expect(next.files.map((f) => f.name)).not.toContain('extra [1] ?.csv');
    // Forgotten twice: unknown.
    await expect(nightly(inbox, ws, { command: 'forget', forget: 'extra [1] ?.csv' })).rejects.toThrow(/never loaded|nothing to forget/);
    // Put back, it is a new file.
    await writeFile(join(inbox, 'extra [1] ?.csv'), EXTRA);
    const back = await nightly(inbox, ws);
    expect(back.files.find((f) => f.name === 'extra [1] ?.csv')).toMatchObject({ action: 'new', loaded: 1 });
  });

  it('on the command line: exit 2 with a clear message for a file in the inbox or unknown; --json and --dry-run', async () => {
    const base = ['--inbox', inbox, '--workspace', ws, '--reference-dir', fixtureReference];
    const unknownFirst = cli(['forget', 'values.csv', ...base]);
    expect(unknownFirst.status).toBe(2);
    expect(unknownFirst.stderr).toMatch(/values\.csv: no file of that name was ever loaded/);
    expect(cli(['nightly', ...base, '--as-of', '2025-12-31', '--skip-bulletins', '-q']).status).toBe(0);
    const inInbox = cli(['forget', 'values.csv', ...base]);
    expect(inInbox.status).toBe(2);
    expect(inInbox.stderr).toMatch(/values\.csv is still in the inbox/);
    await rm(join(inbox, 'extra [1] ?.csv'));
    const dry = cli(['forget', 'extra [1] ?.csv', ...base, '--skip-bulletins', '--dry-run', '--json']);
    expect(dry.status).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ command: 'forget', status: 'dry-run', as_of: '2025-12-31' });
    const done = cli(['forget', 'extra [1] ?.csv', ...base, '--skip-bulletins', '--json']);
    expect(done.status).toBe(0);
    const report = JSON.parse(done.stdout) as { run_id: number; status: string; figures_moved: unknown[] };
    expect(report.status).toBe('ok');
    expect(report.figures_moved.length).toBeGreaterThan(0);
    expect(done.stderr).toMatch(/figures moved/);
    const runs = cli(['runs', '--workspace', ws]);
    expect(runs.stdout).toMatch(/forget .*as of 2025-12-31 {2}ok/);
    // The run record lists the figures the retraction moved.
    const show = cli(['runs', 'show', String(report.run_id), '--workspace', ws]);
    expect(show.stdout).toMatch(/moved changan-xian-almaty 2025 trade_value CNY: 1246247\.5000 → 1245547\.5000/);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanInbox } from '../fixtures/dialects.js';
import { fixtureInbox, fixtureReference, tempDir, writeFiles } from '../helpers/pipeline.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'trade-bulletin.js');
const cli = (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: opts.cwd ?? root, env: { ...process.env, ...opts.env } });

let t: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  t = await tempDir('tb-cli-');
});
afterAll(() => t.cleanup());

describe('help and usage errors', () => {
  it.each(['nightly', 'run', 'validate', 'runs', 'config', 'doctor'])('%s --help explains itself with an example', (cmd) => {
    const r = cli([cmd, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`trade-bulletin ${cmd}`);
  });

  it('exits 2 with a message, and no stack trace, on bad arguments', () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['nightly', '--bogus'], /Unknown option '--bogus'.*See `trade-bulletin nightly --help`/],
      [['run', '--as-of', '2026-06-30'], /run needs --year YYYY/],
      [['nightly', '--as-of', '2025-13-01'], /--as-of "2025-13-01" is not a date; write YYYY-MM-DD/],
      [['run', '--year', '25', '--as-of', '2026-06-30'], /--year "25" is not a year/],
      [['nightly'], /nightly needs --as-of YYYY-MM-DD, the date the figures are computed at \(the run never reads the clock\)/],
      [['run', '--year', '2025'], /run needs --as-of YYYY-MM-DD/],
      [['nightly', '--policy', 'weekly'], /--policy "weekly" must be daily, monthly-average or annual-average/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('validate', () => {
  it('prints each problem as file:line:column like a compiler, and exits 2', () => {
    const dir = fixtureInbox('inbox-basic');
    const r = cli(['validate', '--reference-dir', fixtureReference, join(dir, 'fx.csv'), join(dir, 'shipments.csv'), join(dir, 'values.csv')]);
    expect(r.status).toBe(2);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain('shipments.csv:6:10: teu "0" must be greater than 0 and at most 3 (20 ft = 1, 40 ft = 2, 45 ft = 2.25)');
    expect(lines).toContain('shipments.csv:7:3: service "nowhere-express" is not a known service (see sources/reference/services.csv, or add it there)');
    expect(lines).toContain('values.csv:10:1: line_id "L1" duplicates a line_id loaded earlier (first at values.csv:2)');
    expect(lines).toContain('values.csv:9:2: shipment_id "S9" names a shipment not known yet: the line is held and joins automatically on a later run when its shipment arrives');
    expect(lines.filter((l) => l.startsWith('values.csv:11:'))).toHaveLength(3);
    expect(r.stderr).toMatch(/values\.csv: values, read 10, would load 5, would quarantine 5/);
  });

  it('says a clean set of files has no problems, and --json says so to machines', async () => {
    const dir = join(t.dir, 'clean');
    await writeFiles(dir, cleanInbox());
    const files = ['fx.csv', 'shipments.csv', 'values.csv'].map((f) => join(dir, f));
    const r = cli(['validate', '--reference-dir', fixtureReference, ...files]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/no problems found/);
    const j = cli(['validate', '--json', '--reference-dir', fixtureReference, ...files]);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: true, problems: [] });
  });

  it('exits 2 on a file that does not exist', () => {
    const r = cli(['validate', join(t.dir, 'nope.csv')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nope\.csv: no such file/);
  });

  it('writes nothing', async () => {
    const dir = join(t.dir, 'novalidate');
    await writeFiles(dir, cleanInbox());
    cli(['validate', join(dir, 'values.csv')], { cwd: dir });
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir).sort()).toEqual(['fx.csv', 'shipments.csv', 'values.csv']);
  });
});

describe('configuration', () => {
  it('names the file, the key and the problem', async () => {
    const dir = join(t.dir, 'badconfig');
    await writeFiles(dir, { 'trade-bulletin.config.json': JSON.stringify({ rate_policy: 'weekly', quarantine_ceiling: 5, colour: 'red' }) });
    const r = cli(['config'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('trade-bulletin.config.json: "rate_policy" must be one of daily, monthly-average, annual-average (got "weekly")');
    expect(r.stderr).toContain('"quarantine_ceiling" must be a share from 0 to 1 (0.05 = 5 %) (got 5)');
    expect(r.stderr).toContain('unknown key "colour"');
  });

  it('prints the effective configuration, flags over file over defaults', async () => {
    const dir = join(t.dir, 'goodconfig');
    await writeFiles(dir, { 'trade-bulletin.config.json': JSON.stringify({ editions: ['zh'], max_rate_age_days: 5 }) });
    const r = cli(['config', '--json', '--policy', 'annual-average'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ editions: ['zh'], max_rate_age_days: 5, rate_policy: 'annual-average', quarantine_ceiling: 0.05 });
  });
});

describe('runs, quiet output and doctor', () => {
  it('records runs and lists them; stays line-based off a terminal', async () => {
    const inbox = join(t.dir, 'runs-inbox');
    const ws = join(t.dir, 'runs-ws');
    await writeFiles(inbox, cleanInbox());
    const args = ['nightly', '--inbox', inbox, '--workspace', ws, '--as-of', '2025-12-31', '--reference-dir', fixtureReference, '--skip-bulletins'];
    const first = cli(args);
    expect(first.status).toBe(0);
    expect(first.stderr.includes('\r') || first.stderr.includes('\u001b[')).toBe(false); // no progress rewriting off a terminal
    expect(first.stderr).toMatch(/total: 3 files, read 9 rows, loaded 9, quarantined 0/);
    expect(cli([...args, '--quiet']).stderr).toBe('');
    const list = cli(['runs', '--workspace', ws]);
    expect(list.stdout).toMatch(/^\s+2\s+\S+\s+nightly\s+as of 2025-12-31\s+ok: nothing new$/m);
    const show = JSON.parse(cli(['runs', 'show', '1', '--workspace', ws, '--json']).stdout);
    expect(show.files).toHaveLength(3);
    expect(show.files[0]).toMatchObject({ name: 'fx.csv', action: 'new', read: 2, loaded: 2, quarantined: 0 });
    expect(show.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('exit 2 when an inbox file is rejected, after loading everything else', async () => {
    const inbox = join(t.dir, 'rejected-inbox');
    await writeFiles(inbox, { ...cleanInbox(), 'broken.csv': 'line_id,shipment_id,value,currency\nX,S1,"1,CNY\n' });
    const r = cli(['nightly', '--inbox', inbox, '--workspace', join(t.dir, 'rejected-ws'), '--as-of', '2025-12-31', '--reference-dir', fixtureReference, '--skip-bulletins', '--json']);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).totals).toEqual({ read: 9, loaded: 9, quarantined: 0 });
    expect(r.stderr).toMatch(/warning: broken\.csv:2:6: rejected whole: a quoted field starting here is never closed/);
  });

  it('a nightly without Chromium fails with how to get it, publishing nothing and leaving no profile', () => {
    const ws = join(t.dir, 'no-chromium-ws');
    const r = cli(['nightly', '--inbox', fixtureInbox('inbox-basic'), '--workspace', ws, '--as-of', '2024-01-10', '--reference-dir', fixtureReference, '--quarantine-ceiling', '1', '--editions', 'en'], { env: { TRADE_BULLETIN_CHROMIUM: '/nonexistent/chromium' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Chromium not found at \/nonexistent\/chromium\. Install it \(as root: apt-get update && apt-get install chromium\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(ws, 'bulletins', 'current'))).toBe(false);
    expect(existsSync(join(ws, '.tmp')) ? readdirSync(join(ws, '.tmp')) : []).toEqual([]);
  });

  it('doctor says how to get Chromium when it is missing', () => {
    const r = cli(['doctor', '--workspace', join(t.dir, 'none')], { env: { TRADE_BULLETIN_CHROMIUM: '/nonexistent/chromium' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/MISSING\s+chromium: not found at \/nonexistent\/chromium\n\s+fix: as root: apt-get update && apt-get install -y chromium/);
  });
});

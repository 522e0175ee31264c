/**
 * `trade-bulletin release` on a draft made by hand (no Chromium): the release is the draft byte
 * for byte, read-only, with a manifest that verifies; an out-of-date draft and a second release of
 * the same draft are refused; SIGKILL at several moments leaves no release or a complete one, and
 * the release run straight after succeeds; a later run's sweep leaves released files alone.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listReleases, syncReleases, verifyRelease } from '../../pipelines/release.js';
import { openWarehouse } from '../../pipelines/warehouse.js';
import { sweepTemporaryFiles } from '../../lib/atomic-write.js';
import { tempDir, writeFiles } from '../helpers/pipeline.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'trade-bulletin.js');
const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

let t: { dir: string; cleanup: () => Promise<void> };
let ws: string;
let inbox: string;
const B = 'trade-bulletin-2025-annual';

/** Everything under a folder made writable again, so the temp folder can be removed. */
async function thawAll(dir: string): Promise<void> {
  await chmod(dir, 0o755).catch(() => undefined);
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) if (e.isDirectory()) await thawAll(join(dir, e.name));
}

/** A draft as run 1 would have written it: both editions' files on disk and recorded in run_outputs. */
async function makeDraft(): Promise<Record<string, string>> {
  const figures = (edition: string, value: string) => JSON.stringify({ bulletin: `${B}-${edition}`, edition, figures: [
    { service: 'changan-xian-almaty', metric: 'trade_value', period: '2025', unit: 'CNY', value, text: '1.25 million yuan' }] });
  const files: Record<string, string> = {};
  for (const e of ['en', 'zh']) {
    files[`${B}-${e}.pdf`] = `%PDF-1.7 ${e}`;
    files[`${B}-${e}.html`] = `<html lang="${e}"></html>`;
    files[`${B}-${e}.figures.json`] = figures(e, '1245547.5000');
    files[`${B}-${e}.xlsx`] = `xlsx ${e}`;
    files[`charts/${B}-${e}/annual-value.svg`] = `<svg>${e}</svg>`;
    files[`tables/${B}-${e}/Table_1.csv`] = `a,b\r\n${e},1\r\n`;
  }
  files['trade-bulletin-2026-ytd-en.pdf'] = 'another bulletin';
  const dir = join(ws, 'bulletins', '2025');
  await writeFiles(inbox, { 'values.csv': 'line_id\nV1\n' });
  const wh = await openWarehouse(join(ws, 'warehouse.duckdb'));
  try {
    await wh.run(`INSERT INTO runs (run_id, command, as_of, started_at, status) VALUES (1, 'nightly', DATE '2026-01-05', '2026-01-05T00:00:00Z', 'ok')`);
    await wh.run(`INSERT INTO run_files VALUES (1, 'values.csv', ?, 'values', 'new', 1, 1, 0, NULL)`, [sha('line_id\nV1\n')]);
    for (const [rel, content] of Object.entries(files)) {
      await writeFiles(join(dir, rel, '..'), { [rel.split('/').pop()!]: content });
      const kind = rel.endsWith('.pdf') ? 'pdf' : rel.endsWith('.figures.json') ? 'figures' : 'chart';
      await wh.run(`INSERT INTO run_outputs VALUES (1, ?, ?, ?, ?)`, [join(dir, rel), sha(content), Buffer.byteLength(content), kind]);
    }
  } finally {
    wh.close();
  }
  return files;
}

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bin, ...args, '--workspace', ws, '--inbox', inbox], { encoding: 'utf8', cwd: root, env: { ...process.env, ...env } });
}

const releases = async (): Promise<string[]> => (await readdir(join(ws, 'releases', B)).catch(() => [] as string[])).filter((n) => !n.startsWith('.'));

beforeEach(async () => {
  t = await tempDir('tb-release-');
  ws = join(t.dir, 'ws');
  inbox = join(t.dir, 'inbox');
});
afterEach(async () => {
  await thawAll(t.dir);
  await t.cleanup();
});

describe('release', () => {
  it('freezes the draft byte for byte, both editions, read-only, with a manifest that verifies', async () => {
    const files = await makeDraft();
    const r = cli(['release', '--year', '2025', '--json']);
    expect(r.stderr).toBe('1 input file versions recorded in manifest.json\n');
    expect(r.status).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.release).toMatch(/^2026-01-05-001-[0-9a-f]{8}$/);
    expect(m).toMatchObject({ bulletin: B, year: 2025, kind: 'annual', editions: ['en', 'zh'], as_of: '2026-01-05', run_id: 1, program: { name: 'trade-bulletin' } });
    expect(m.inputs).toEqual([{ name: 'values.csv', sha256: sha('line_id\nV1\n'), kind: 'values', read: 1, loaded: 1, quarantined: 0 }]);
    const mine = Object.keys(files).filter((f) => f.includes(B)).sort();
    expect(m.files.map((f: { path: string }) => f.path)).toEqual(mine);
    for (const rel of mine) {
      const copy = await readFile(join(m.path, rel));
      expect(sha(copy)).toBe(sha(await readFile(join(ws, 'bulletins', '2025', rel)))); // the same bytes as the draft
      expect((await stat(join(m.path, rel))).mode & 0o777).toBe(0o444);
    }
    expect((await stat(m.path)).mode & 0o777).toBe(0o555);
    expect(await verifyRelease(m.path)).toEqual([]);
    // Listed, and recorded in the warehouse with its figures.
    const list = cli(['releases']);
    expect(list.stdout).toBe(`${B}  ${m.release}  as of 2026-01-05  run 1  ${mine.length} files  verified\n`);
    const wh = await openWarehouse(join(ws, 'warehouse.duckdb'));
    try {
      expect(await wh.all(`SELECT edition, value FROM release_figures ORDER BY edition`)).toEqual([{ edition: 'en', value: '1245547.5000' }, { edition: 'zh', value: '1245547.5000' }]);
      // A run's sweep of temporary files passes releases/ by.
      // (Written only where permissions allow: as root; a read-only folder refuses anyone else.)
      const wrote = await writeFile(join(ws, 'releases', B, m.release, '.x.pdf.0123456789ab.tmp'), 'looks temporary').then(() => true, () => false);
      await sweepTemporaryFiles(ws, [join(ws, 'releases')]);
      expect(await verifyRelease(m.path)).toEqual(wrote ? ['.x.pdf.0123456789ab.tmp: not in the manifest'] : []);
    } finally {
      wh.close();
    }
    // The same draft again: refused.
    const again = cli(['release', '--year', '2025']);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(`is the release ${m.release} already`);
  });

  it('refuses a draft out of date with the inbox, naming the files, until the nightly has run', async () => {
    await makeDraft();
    await writeFiles(inbox, { 'values.csv': 'line_id\nV1\nV2\n', 'fx.csv': 'date\n' });
    const r = cli(['release', '--year', '2025']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`trade-bulletin: release: the draft of ${B} (run 1, as of 2026-01-05) is out of date with the inbox: fx.csv (new), values.csv (revised); run \`trade-bulletin nightly\` first, then release\n`);
    expect(await releases()).toEqual([]);
  });

  it('refuses a draft whose files changed on disk since its run', async () => {
    await makeDraft();
    await writeFile(join(ws, 'bulletins', '2025', `${B}-zh.pdf`), 'edited');
    const r = cli(['release', '--year', '2025']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${B}-zh.pdf is not the file run 1 wrote`);
  });

  it('killed at any moment leaves no release or a complete one; the release run at once after completes', async () => {
    await makeDraft();
    for (const at of ['copied 1', 'copied 7', 'copied 12', 'manifest', 'frozen', 'renamed']) {
      const k = cli(['release', '--year', '2025'], { TRADE_BULLETIN_TEST_KILL_AT: at });
      expect(k.signal).toBe('SIGKILL');
      const present = await releases();
      if (at === 'renamed') expect(present).toHaveLength(1);
      else expect(present).toEqual([]);
      for (const id of present) expect(await verifyRelease(join(ws, 'releases', B, id))).toEqual([]);
      if (present.length) break;
    }
    // The renamed release is complete; the warehouse adopts it; a second release is refused as the same draft.
    const wh = await openWarehouse(join(ws, 'warehouse.duckdb'));
    try {
      expect(await syncReleases(wh, ws)).toBe(1);
    } finally {
      wh.close();
    }
    expect(cli(['release', '--year', '2025']).stderr).toContain('already');
    // No temporary folder is left once a release has run after the kills.
    expect((await readdir(join(ws, 'releases', B))).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    expect((await listReleases(ws)).map((r) => r.problems)).toEqual([[]]);
  });
});

/**
 * Kill-then-rerun with printing: after a first run, a revised exchange rate changes the
 * printed rate and every headline dollar figure; nightly runs on that inbox are killed with
 * SIGKILL (whole process group) at seeded random moments, in the data stages and while
 * printing. After every kill each bulletin on disk is one set: its PDF prints the numbers its
 * figures.json holds. A rerun straight after the last kill (no sleep) ends exactly as a clean
 * run on the revised inbox: the same figures.json and PDF bytes, the same warehouse, no
 * temporary file, no old set, no browser left.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../pipelines/warehouse.js';
import { isTemporaryName } from '../../lib/atomic-write.js';
import { fixtureInbox, fixtureReference, tempDir } from '../helpers/pipeline.js';
import { ended, processesWith, signal, startCli, waitFor } from '../helpers/processes.js';

let t: { dir: string; cleanup: () => Promise<void> };
let before: string;
let after: string;
beforeAll(async () => {
  t = await tempDir('tb-killed-');
  before = join(t.dir, 'inbox-before');
  after = join(t.dir, 'inbox-after');
  await cp(fixtureInbox('inbox-basic'), before, { recursive: true });
  await cp(fixtureInbox('inbox-basic'), after, { recursive: true });
  // The publication rate of --as-of 2024-01-10 is the 2024-01-05 USD/CNY rate: revised 7.2000 → 7.3000.
  const fx = await readFile(join(after, 'fx.csv'), 'utf8');
  expect(fx).toContain('2024-01-05,USD,CNY,7.2000');
  await writeFile(join(after, 'fx.csv'), fx.replace('2024-01-05,USD,CNY,7.2000', '2024-01-05,USD,CNY,7.3000'));
});
afterAll(async () => {
  for (const p of processesWith(t.dir)) signal(p.pid, 'SIGKILL');
  await t.cleanup();
});

const args = (ws: string, inbox: string) => ['nightly', '--inbox', inbox, '--workspace', ws, '--as-of', '2024-01-10',
  '--reference-dir', fixtureReference, '--quarantine-ceiling', '1', '--editions', 'en'];
const browsers = (ws: string) => processesWith(`--user-data-dir=${join(ws, '.tmp', 'chromium-')}`);

/** A small seeded generator (mulberry32): the same kill moments on every run of the test. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface FiguresDoc { pdf: string; html: string; conversion: { publication_rate: { cny_per_usd: string } }; figures: { text: string; basis?: string }[] }

/**
 * Every bulletin in `ws`, checked as one set: its PDF and HTML print every figures.json text
 * (chart labels excepted: some are drawn as shapes) and its publication rate. Returns slug → rate.
 */
function checkSets(ws: string): Record<string, string> {
  const rates: Record<string, string> = {};
  const bulletins = join(ws, 'bulletins');
  for (const year of existsSync(bulletins) ? readdirSync(bulletins).filter((n) => /^\d{4}$/.test(n)) : []) {
    const dir = join(bulletins, year);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.figures.json'))) {
      const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as FiguresDoc;
      const pdf = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, doc.pdf), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      const html = readFileSync(join(dir, doc.html), 'utf8');
      const rate = doc.conversion.publication_rate.cny_per_usd;
      expect(pdf, `${f}: rate`).toContain(rate);
      for (const fig of doc.figures.filter((x) => !x.basis?.startsWith('chart'))) {
        expect(pdf, `${f}: ${fig.text}`).toContain(fig.text);
        expect(html, `${f}: ${fig.text}`).toContain(fig.text);
      }
      rates[f] = rate;
    }
  }
  return rates;
}

/** What a workspace holds: each bulletin's figures.json and PDF digest, and the warehouse's contents. */
async function snapshot(ws: string) {
  const files: Record<string, string> = {};
  const bulletins = join(ws, 'bulletins');
  for (const year of readdirSync(bulletins).filter((n) => /^\d{4}$/.test(n))) {
    for (const f of readdirSync(join(bulletins, year)).filter((n) => /\.(figures\.json|pdf)$/.test(n))) {
      const data = readFileSync(join(bulletins, year, f));
      files[`${year}/${f}`] = f.endsWith('.json') ? data.toString('utf8') : createHash('sha256').update(data).digest('hex');
    }
  }
  const wh = await openWarehouse(join(ws, 'warehouse.duckdb'), { readOnly: true });
  try {
    return {
      files,
      metrics: await wh.all(`SELECT service, period, metric, unit, value FROM metrics ORDER BY ALL`),
      lines: await wh.all(`SELECT line_id, CAST(amount_cny AS VARCHAR) AS c, CAST(amount_usd AS VARCHAR) AS u FROM normalized_lines ORDER BY line_id`),
      counts: await wh.all(`SELECT (SELECT count(*) FROM raw_values)::INTEGER AS v, (SELECT count(*) FROM raw_shipments)::INTEGER AS s,
        (SELECT count(*) FROM raw_fx)::INTEGER AS f, (SELECT count(*) FROM issues)::INTEGER AS i,
        (SELECT count(*) FROM file_versions WHERE status = 'current')::INTEGER AS current`),
    };
  } finally {
    wh.close();
  }
}

/** Every file under `dir` (links not followed) whose name an interrupted atomic write leaves. */
function temporaryFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && isTemporaryName(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('nightly killed with SIGKILL while it prints, then rerun at once', () => {
  it('never shows a PDF and a figures.json from different runs, and the rerun equals a clean run', async () => {
    const ws = join(t.dir, 'ws');
    const clean = join(t.dir, 'ws-clean');
    // The first run (old rate) and the clean run (revised rate) side by side.
    const [first, reference] = await Promise.all([ended(startCli(args(ws, before))), ended(startCli(args(clean, after)))]);
    expect(first.code, first.stderr).toBe(0);
    expect(reference.code, reference.stderr).toBe(0);
    expect(Object.values(checkSets(ws))).toEqual(['7.2000']);
    expect(Object.values(checkSets(clean))).toEqual(['7.3000']);

    const random = seeded(10);
    const seen = new Set<string>();
    // One kill in the first seconds (start-up, data stages), then two while Chromium prints
    // (charts, PDF, cover, the switch). More data-stage kills: runner.test.ts, workspace-lock.test.ts.
    for (const whilePrinting of [false, true, true]) {
      const p = startCli(args(ws, after));
      const done = ended(p);
      if (whilePrinting) await waitFor(() => browsers(ws).length > 0 || p.exitCode !== null, 90_000);
      await new Promise((r) => setTimeout(r, Math.round(whilePrinting ? random() * 3000 : 200 + random() * 1800)));
      signal(-p.pid!, 'SIGKILL');
      const r = await done;
      expect(r.signal === 'SIGKILL' || r.code === 0, r.stderr).toBe(true);
      for (const rate of Object.values(checkSets(ws))) seen.add(rate);
      expect(await waitFor(() => browsers(ws).length === 0, 20_000)).toBe(true);
    }
    expect([...seen].every((r) => r === '7.2000' || r === '7.3000')).toBe(true);

    const rerun = await ended(startCli(args(ws, after))); // no sleep
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(Object.values(checkSets(ws))).toEqual(['7.3000']);
    expect(await snapshot(ws)).toEqual(await snapshot(clean));
    // Nothing left behind: no temporary file, no Chromium profile, and of the sets only the
    // current one and the one it replaced (kept for readers until the next run).
    expect(temporaryFiles(ws)).toEqual([]);
    const current = readlinkSync(join(ws, 'bulletins', 'current'));
    const sets = readdirSync(join(ws, 'bulletins', '.sets')).map((n) => join('.sets', n));
    expect(sets).toContain(current);
    expect(sets.length).toBeLessThanOrEqual(2);
    expect(statSync(join(ws, 'bulletins', '2024')).isDirectory()).toBe(true);
    // (No .tmp at all when the last killed run had finished printing: the rerun printed nothing.)
    expect(existsSync(join(ws, '.tmp')) ? readdirSync(join(ws, '.tmp')) : []).toEqual([]);
    // Four printing runs and three killed ones: about 100 s at a load average of 25 on 2 cores.
  }, 300_000);
});

/**
 * The round trip of issue 12, on a small workspace with real bulletins (Chromium): a draft is
 * released; a corrected values file arrives; the release refuses the out-of-date draft; the next
 * run's draft marks exactly the figures that moved [r], lists them in the revisions table with
 * the released and current texts and the file that moved them; the released files keep their
 * sha256.
 */
import { createHash } from 'node:crypto';
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../lib/logger.js';
import type { RunOptions } from '../../pipelines/options.js';
import { releaseBulletin, verifyRelease, type ReleaseManifest } from '../../pipelines/release.js';
import { runPipeline, type RunReport } from '../../pipelines/runner.js';
import { openWarehouse } from '../../pipelines/warehouse.js';
import { revisionKey, valueMoved } from '../../reports/revisions.js';
import type { Figure } from '../../reports/figures.js';
import { fixtureReference, tempDir, writeFiles } from '../helpers/pipeline.js';

const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
const B = 'trade-bulletin-2025-annual';
const VALUES = 'line_id,shipment_id,hs_code,description,value,currency\nV1,S1,8517,Phones,1234567.50,CNY\nV2,S1,8708,Auto parts,1000,USD\nV3,S2,1204,Flaxseed,500,EUR\nV4,S3,8703,NEV,2000000,CNY\n';
const inboxFiles = {
  'fx.csv': 'date,base,quote,rate,source\n2025-03-03,USD,CNY,7.2000,T\n2025-03-03,EUR,USD,1.0500,ECB\n2026-01-05,USD,CNY,7.1000,T\n',
  'shipments.csv': 'shipment_id,train_id,service,departure_date,arrival_date,origin_station,destination_station,origin_country,destination_country,teu,gross_weight_kg\n' +
    'S1,T1,changan-xian-almaty,2025-03-03,2025-03-10,西安国际港站,阿拉木图,CN,KZ,2,20000\nS2,T1,changan-xian-almaty,2025-03-03,,西安国际港站,阿拉木图,CN,KZ,1,\n' +
    'S3,T2,asean-express,2025-03-04,2025-03-20,Hanoi An Yen,Duisburg,VN,DE,2.25,15000\n',
  'values.csv': VALUES,
};

let t: { dir: string; cleanup: () => Promise<void> };
let ws: string;
let inbox: string;
let manifest: ReleaseManifest;
let releasePath: string;
let second: RunReport;
let refused: string;

const run = (): Promise<RunReport> => {
  const options: RunOptions = {
    command: 'run', inbox, workspace: ws, asOf: '2026-01-05', year: 2025, editions: ['en'], policy: 'daily', maxRateAgeDays: 7,
    sourcePriority: [], quarantineCeiling: 1, referenceDir: fixtureReference, strict: false, dryRun: false, skipBulletins: false,
  };
  return runPipeline(options, { logger: memoryLogger(), now: () => new Date('2026-01-05T00:00:00Z') });
};
const release = async () => {
  const wh = await openWarehouse(join(ws, 'warehouse.duckdb'));
  try {
    return await releaseBulletin(wh, { workspace: ws, inbox, year: 2025 }, memoryLogger());
  } finally {
    wh.close();
  }
};
const figuresOf = async (path: string): Promise<Figure[]> => JSON.parse(await readFile(path, 'utf8')).figures;

beforeAll(async () => {
  t = await tempDir('tb-round-trip-');
  ws = join(t.dir, 'ws');
  inbox = join(t.dir, 'inbox');
  await writeFiles(inbox, inboxFiles);
  expect((await run()).status).toBe('ok');
  ({ manifest, path: releasePath } = await release());
  // The correction: line V2 was 2,000 U.S. dollars, not 1,000.
  await writeFile(join(inbox, 'values.csv'), VALUES.replace('V2,S1,8708,Auto parts,1000,USD', 'V2,S1,8708,Auto parts,2000,USD'));
  refused = await release().then(() => 'released', (e: Error) => e.message);
  second = await run();
}, 300_000);
afterAll(async () => {
  const thaw = async (d: string): Promise<void> => {
    await chmod(d, 0o755).catch(() => undefined);
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) if (e.isDirectory()) await thaw(join(d, e.name));
  };
  await thaw(t.dir);
  await t.cleanup();
});

describe('release, correction, next draft', () => {
  it('refuses to release the draft while the corrected file is not in it', () => {
    expect(refused).toBe(`release: the draft of ${B} (run 1, as of 2026-01-05) is out of date with the inbox: values.csv (revised); run \`trade-bulletin nightly\` first, then release`);
  });

  it('the next run names the release beside the figures that moved', () => {
    expect(second.status).toBe('ok');
    const moved = second.figures_moved.filter((m) => m.metric === 'trade_value' && m.service === 'changan-xian-almaty' && m.period === '2025');
    expect(moved.length).toBeGreaterThan(0);
    for (const m of moved) expect(m).toMatchObject({ release: manifest.release });
  });

  it('marks exactly the moved figures revised, with what the release printed', async () => {
    const before = await figuresOf(join(releasePath, `${B}-en.figures.json`));
    const now = await figuresOf(join(ws, 'bulletins', '2025', `${B}-en.figures.json`));
    const released = new Map(before.map((f) => [revisionKey(f), f]));
    let revised = 0;
    for (const f of now) {
      expect(f.status, `${f.metric} ${f.period}`).toMatch(/^(provisional|final)$/); // every figure has a status
      if (f.period === 'axis') {
        expect(f.revised).toBeUndefined(); // an axis tick is a mark of the scale
        continue;
      }
      const r = released.get(revisionKey(f));
      const moved = r !== undefined && valueMoved(r.value, f.value);
      expect(Boolean(f.revised), `${f.metric} ${f.unit} ${f.period} ${f.basis ?? ''}`).toBe(moved);
      if (moved) {
        revised++;
        expect(f.revised).toEqual({ release: manifest.release, previous_value: r.value, previous_text: r.text });
      }
    }
    // 1,245,547.50 + 1,000 × 7.2 = 1,252,747.50 yuan (Chang'an 2025, March, cumulative, outbound, auto parts) …
    const headline = now.find((f) => f.service === 'changan-xian-almaty' && f.metric === 'trade_value' && f.unit === 'CNY' && f.period === '2025' && !f.basis)!;
    expect(headline).toMatchObject({ value: '1252747.5000', text: '1.25 million yuan', status: 'provisional', revised: { previous_value: '1245547.5000', previous_text: '1.25 million yuan' } });
    expect(revised).toBeGreaterThan(5);
    // … and nothing of the ASEAN Express moved.
    expect(now.filter((f) => f.service === 'asean-express' && f.revised)).toEqual([]);
  });

  it('prints [r] beside them in the tables and lists them in the revisions table with the file that moved them', async () => {
    const html = await readFile(join(ws, 'bulletins', '2025', `${B}-en.html`), 'utf8');
    expect(html).toContain('Revisions since the release of 5 January 2026');
    const valuesNow = sha(await readFile(join(inbox, 'values.csv')));
    const valuesThen = manifest.inputs.find((i) => i.name === 'values.csv')!.sha256;
    const row = /<tr>\s*<th scope="row" class="l">Chang&#39;an Xi&#39;an–Almaty: trade value \(yuan\), 2025<\/th>(.*?)<\/tr>/s.exec(html)?.[1] ?? '';
    const cells = [...row.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((m) => m[1]!.trim());
    expect(cells).toEqual(['1.25 million yuan', '1.25 million yuan', '+7,200 yuan', `values.csv (${valuesThen.slice(0, 8)} → ${valuesNow.slice(0, 8)})`]);
    // The key figures table: Chang'an's value, dollars and cumulative carry [r] (and [p]: 2025 is provisional until 31 March 2026).
    expect(html).toMatch(/<td class="r">1\.25 \[p\] \[r\]<\/td>/);
    // The index page says so beside the draft, and lists the release.
    const n = (await figuresOf(join(ws, 'bulletins', '2025', `${B}-en.figures.json`))).find((f) => f.metric === 'revised_figures')!.text;
    const index = await readFile(join(ws, 'bulletins', 'index.html'), 'utf8');
    expect(index).toContain(`Draft: ${n} figures revised since the release of 5 January 2026.`);
    expect(index).toContain(`<code>${manifest.release}</code>`);
    // The spreadsheet came along.
    expect((await readdir(join(ws, 'bulletins', '2025'))).filter((n) => n.endsWith('.xlsx'))).toEqual([`${B}-en.xlsx`]);
  });

  it('leaves every released file as it was', async () => {
    expect(await verifyRelease(releasePath)).toEqual([]);
    for (const f of manifest.files) expect(sha(await readFile(join(releasePath, f.path)))).toBe(f.sha256);
    // The draft moved on; the release did not.
    expect(sha(await readFile(join(ws, 'bulletins', '2025', `${B}-en.figures.json`)))).not.toBe(manifest.files.find((f) => f.path === `${B}-en.figures.json`)!.sha256);
  });
});

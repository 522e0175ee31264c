/**
 * End to end: the real command on the bundled sample inbox, in a temporary workspace,
 * read back from the PDF's text and figures.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axisLabelRuns, mixedDecimals, repeatedTicks } from '../helpers/chart-svg.js';
import { tempDir } from '../helpers/pipeline.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'trade-bulletin.js');
const sample = join(root, 'sources', 'sample', 'inbox');

interface Figure { service: string; metric: string; period: string; unit: string; value: string | null; text: string; basis?: string }

let t: { dir: string; cleanup: () => Promise<void> };
let report: {
  status: string; totals: { read: number; loaded: number; quarantined: number };
  files: { name: string; read: number; loaded: number; quarantined: number; action: string }[]; bulletins: string[];
};
let dir: string;

function cli(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });
}

beforeAll(async () => {
  t = await tempDir('tb-e2e-');
  const r = cli(['run', '--year', '2025', '--inbox', sample, '--workspace', join(t.dir, 'ws'), '--as-of', '2026-06-30', '--json']);
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.status).toBe(0);
  report = JSON.parse(r.stdout);
  dir = join(t.dir, 'ws', 'bulletins', '2025');
});
afterAll(() => t.cleanup());

const pdfText = (name: string): string => execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, name), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
const figures = (name: string): Figure[] => JSON.parse(readFileSync(join(dir, name), 'utf8')).figures;

describe('trade-bulletin run --year 2025 --as-of 2026-06-30 on the sample inbox', () => {
  it('accounts for every row of every file', () => {
    expect(report.status).toBe('ok');
    expect(report.files).toHaveLength(49);
    for (const f of report.files) expect(f.read).toBe(f.loaded + f.quarantined);
    // 28 deliberately bad rows (sources/sample/README.md); everything else loads.
    expect(report.totals).toEqual({ read: 40080, loaded: 40052, quarantined: 28 });
  });

  it('prints the published sentence in the English PDF', () => {
    expect(report.bulletins.map((b) => b.split('/').pop())).toEqual(['trade-bulletin-2025-annual-en.pdf', 'trade-bulletin-2025-annual-zh.pdf']);
    const text = pdfText('trade-bulletin-2025-annual-en.pdf');
    expect(text).toContain('5.32 billion yuan (about 781.34 million U.S. dollars) in 2025, an increase of 19.1 percent');
    expect(text).toContain('approaching 3.5 billion yuan');
    expect(text).toContain('more than 1.9 billion yuan');
    expect(text).toMatch(/6\.8088 yuan per U\.S\. dollar on 30 June 2026/);
  });

  it('prints the Chinese edition the Chinese way', () => {
    const text = pdfText('trade-bulletin-2025-annual-zh.pdf').replace(/ /g, '');
    expect(text).toContain('53.20亿元（约合7.81亿美元），同比增长19.1%');
    expect(text).toContain('接近35亿元');
  });

  it('speaks one vocabulary: full name once, TEU whole, claims with their source, the period\'s own data-quality count', () => {
    const en = pdfText('trade-bulletin-2025-annual-en.pdf');
    expect(en).toContain("Trade between Xi'an and Kazakhstan on the Chang'an China-Europe freight train, Xi'an–Almaty, reached 5.32 billion yuan");
    expect(en.match(/Chang'an China-Europe freight train/g)).toHaveLength(1);
    expect(en).not.toMatch(/Chang'an trains|China–Europe|policy: daily/);
    // 5,436.25 + 4,177.50 TEU = 9,613.75, printed whole on the cover.
    expect(en).toMatch(/\b9,614\b/);
    expect(en).toContain('TEU carried, all services');
    expect(en).toContain('carrying 5,436 TEU (2,870 shipments) in 2025');
    expect(en).not.toContain('9,613.75');
    expect(en).toContain("According to the services' operators, as reported in the press, rail freight emits about 1/7");
    // The run quarantines 28 rows; 23 of them fall in 2025 (by departure or rate date): the bulletin counts those.
    expect(en).toContain('23 input records of this period failed the data checks');
    expect(en).toContain('an increase of 481.0 percent (base effect: the service started during the comparison period)');
    const zh = pdfText('trade-bulletin-2025-annual-zh.pdf').replace(/ /g, '');
    expect(zh).toContain('年度·2025年');
    expect(zh).toContain('同比增长481.0%（基数效应）');
    expect(zh).toContain('河内安园站');
    expect(zh).toContain('经中欧班列长安号（西安—阿拉木图）运输的西安对哈萨克斯坦贸易额53.20亿元');
    expect(zh).not.toMatch(/n\.m\.|年内版|标准箱|不具可比性|daily|synthetic/);
  });

  it('keeps the unrounded numbers behind the text in figures.json', () => {
    const f = figures('trade-bulletin-2025-annual-en.figures.json');
    const find = (metric: string, unit: string) => f.find((x) => x.service === 'changan-xian-almaty' && x.metric === metric && x.unit === unit && x.period === '2025' && !x.basis?.startsWith('chart'));
    // The sample is calibrated to 5,319,988,000 yuan; lines are rounded to 0.0001 yuan each, so the
    // exact sum may differ from the calibration by a few ten-thousandths of a yuan.
    const cny = find('trade_value', 'CNY')!;
    expect(cny.text).toBe('5.32 billion yuan');
    expect(Math.abs(Number(cny.value) - 5_319_988_000)).toBeLessThan(0.01);
    // Dollars: the unrounded yuan total ÷ 6.8088, rounded only at the end (≈ 781,340,030.55).
    const usd = find('trade_value', 'USD')!;
    expect(usd.value).toBe(new Decimal(cny.value!).div('6.8088').toDecimalPlaces(10, Decimal.ROUND_HALF_EVEN).toFixed(10));
    expect(usd.text).toBe('781.34 million U.S. dollars');
    expect(Number(find('trade_value_yoy_pct', 'percent')!.value)).toBeCloseTo(19.1, 6);
    expect(find('trade_value_yoy_pct', 'percent')!.text).toBe('an increase of 19.1 percent');
    for (const m of ['trade_value', 'trade_value_yoy_pct', 'cumulative_value', 'teu', 'trains', 'shipments']) {
      expect(f.some((x) => x.metric === m)).toBe(true);
    }
    const averages = f.filter((x) => x.metric === 'annual_average_rate').map((x) => [x.period, x.text]);
    expect(averages).toEqual([['2023', '7.0809'], ['2024', '7.1957'], ['2025', '7.1875']]);
  });

  it('draws no chart with a repeated or mixed-decimal tick label, and each chart figure is printed in its chart', () => {
    for (const edition of ['en', 'zh']) {
      const slug = `trade-bulletin-2025-annual-${edition}`;
      const chartDir = join(dir, 'charts', slug);
      const charts = readdirSync(chartDir).filter((n) => n.endsWith('.svg')).map((n) => ({ id: n.replace(/\.svg$/, ''), svg: readFileSync(join(chartDir, n), 'utf8') }));
      expect(charts.length).toBe(7);
      expect(repeatedTicks(charts)).toEqual([]);
      expect(mixedDecimals(charts)).toEqual([]);
      // Tick labels recorded in figures.json are the ones drawn.
      const ticks = figures(`${slug}.figures.json`).filter((f) => f.basis?.startsWith('chart annual-value') && f.basis.endsWith('axis tick')).map((f) => f.text);
      expect(axisLabelRuns(charts.find((c) => c.id === 'annual-value')!.svg)).toContainEqual(ticks);
    }
  });

  it('embeds every font, none of them Type 3, and tags the PDF', () => {
    for (const name of ['trade-bulletin-2025-annual-en.pdf', 'trade-bulletin-2025-annual-zh.pdf']) {
      const fonts = execFileSync('pdffonts', [join(dir, name)], { encoding: 'utf8' }).trim().split('\n').slice(2);
      expect(fonts.length).toBeGreaterThan(0);
      for (const line of fonts) expect(line).toMatch(/^[A-Z]{6}\+NotoSans\S* +CID TrueType +Identity-H +yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/);
    }
    const info = execFileSync('pdfinfo', [join(dir, 'trade-bulletin-2025-annual-en.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
  });

  it('prints no file path, workspace, internal term or software name, and names the publisher', () => {
    for (const name of ['trade-bulletin-2025-annual-en.pdf', 'trade-bulletin-2025-annual-zh.pdf']) {
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, name), '-'], { encoding: 'utf8' });
      expect(text).not.toMatch(/trade-bulletin|workspace|工作区|quarantin|隔离|sources\/|\/tmp\/|\.csv|\.json|\.duckdb|duckdb|vega|chromium|puppeteer|skia|node\.js|policy:|\(daily\)|（daily）/iu);
      expect(text.replace(/\s+/gu, '')).toContain(name.endsWith('zh.pdf') ? '欧亚铁路货运统计办公室' : 'EurasianRailFreightStatisticsOffice');
    }
    expect(pdfText('trade-bulletin-2025-annual-en.pdf')).toContain('Source: Eurasian Rail Freight Statistics Office, from freight declarations');
  });

  it('re-runs another year without touching this year’s files', () => {
    const snapshot = () =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => {
          const path = join(e.parentPath, e.name);
          return `${path} ${statSync(path).mtimeMs} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
        })
        .sort();
    const before = snapshot();
    const r = cli(['run', '--year', '2024', '--inbox', sample, '--workspace', join(t.dir, 'ws'), '--as-of', '2026-06-30', '--editions', 'en', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).bulletins.map((b: string) => b.split('/').pop())).toEqual(['trade-bulletin-2024-annual-en.pdf']);
    expect(snapshot()).toEqual(before);
    expect(pdfText('../2024/trade-bulletin-2024-annual-en.pdf')).toContain('4.47 billion yuan');
  });

  it('does nothing on a second identical run, and reproduces the same bytes in a fresh workspace', () => {
    const again = cli(['run', '--year', '2025', '--inbox', sample, '--workspace', join(t.dir, 'ws'), '--as-of', '2026-06-30', '--json']);
    expect(JSON.parse(again.stdout).status).toBe('nothing-new');
    const fresh = cli(['run', '--year', '2025', '--inbox', sample, '--workspace', join(t.dir, 'ws2'), '--as-of', '2026-06-30', '--editions', 'en', '--json']);
    expect(fresh.status).toBe(0);
    const a = readFileSync(join(dir, 'trade-bulletin-2025-annual-en.pdf'));
    const b = readFileSync(join(t.dir, 'ws2', 'bulletins', '2025', 'trade-bulletin-2025-annual-en.pdf'));
    expect(b.equals(a)).toBe(true);
  });
});

/**
 * The contract's rate rules (data contract, "fx", "Conversion", "Averaging policies", "Headline
 * dollars") on small inboxes; every expected value worked out by hand (or with Python's decimal)
 * and written beside it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { summaryLines } from '../../cli/summary.js';
import { message } from '../../lib/messages.js';
import { usdAverages } from '../../pipelines/bulletin-data.js';
import { publicationRate, type NormalizeOptions } from '../../pipelines/normalize.js';
import { openWarehouse, type Warehouse } from '../../pipelines/warehouse.js';
import { loadFolder, nightly, tempDir, writeFiles } from '../helpers/pipeline.js';
import { buildTradeBulletin } from '../../reports/trade/view.js';
import type { BulletinData, Period } from '../../reports/data.js';
import { chartDataFixture, services } from '../fixtures/chart-data.js';

const SHIP = 'shipment_id,train_id,service,departure_date,origin_station,destination_station,origin_country,destination_country,teu\n';
const FX = 'date,base,quote,rate,source\n';

/** One shipment per departure date (S<date>), one value line per entry: [line_id, date, value, currency]. */
function inbox(fx: string, lines: [string, string, string, string][]): Record<string, string> {
  const dates = [...new Set(lines.map((l) => l[1]))];
  return {
    'fx.csv': FX + fx,
    'shipments.csv': SHIP + dates.map((d) => `S${d},T${d},changan-xian-almaty,${d},Xi'an,Almaty,CN,KZ,2\n`).join(''),
    'values.csv': 'line_id,shipment_id,value,currency\n' + lines.map(([id, d, v, c]) => `${id},S${d},${v},${c}\n`).join(''),
  };
}

interface Line {
  line_id: string;
  cny: string;
  usd: string;
  factor_cny: string;
  date_cny: string | null;
  method_cny: string;
  source_cny: string | null;
  factor_usd: string;
  date_usd: string | null;
  method_usd: string;
  source_usd: string | null;
}

async function linesOf(wh: Warehouse): Promise<Record<string, Line>> {
  const rows = await wh.all<Line>(`SELECT line_id, CAST(amount_cny AS VARCHAR) AS cny, CAST(amount_usd AS VARCHAR) AS usd,
      CAST(factor_cny AS VARCHAR) AS factor_cny, CAST(rate_date_cny AS VARCHAR) AS date_cny, rate_method_cny AS method_cny, rate_source_cny AS source_cny,
      CAST(factor_usd AS VARCHAR) AS factor_usd, CAST(rate_date_usd AS VARCHAR) AS date_usd, rate_method_usd AS method_usd, rate_source_usd AS source_usd
    FROM normalized_lines ORDER BY line_id`);
  return Object.fromEntries(rows.map((r) => [r.line_id, r]));
}

let t: { dir: string; cleanup: () => Promise<void> };
let wh: Warehouse | null = null;
beforeEach(async () => {
  t = await tempDir();
});
afterEach(async () => {
  wh?.close();
  wh = null;
  await t.cleanup();
});

async function load(files: Record<string, string>, options: Partial<NormalizeOptions> = {}): Promise<Warehouse> {
  await writeFiles(t.dir, files);
  wh = await loadFolder(t.dir, options);
  return wh;
}

describe('cross rates: each leg as of the day, on its own', () => {
  // USD→CNY on 03-03 (7.2) and 03-10 (7.3); USD→KZT on 03-03 (500) and 03-12 (520). 2025-03-03 is a Monday.
  const fx =
    '2025-03-03,USD,CNY,7.2,PBOC\n2025-03-10,USD,CNY,7.3,PBOC\n' +
    '2025-03-03,USD,KZT,500,NBK\n2025-03-12,USD,KZT,520,NBK\n';
  const lines: [string, string, string, string][] = [
    ['K10', '2025-03-10', '50000', 'KZT'], // CNY leg of 03-10, KZT leg of 03-03 (exactly 7 days old)
    ['K11', '2025-03-11', '50000', 'KZT'], // KZT leg of 03-03 is 8 days old: no rate
    ['K12', '2025-03-12', '52000', 'KZT'], // CNY leg of 03-10, KZT leg of 03-12
    ['K17', '2025-03-17', '5200', 'KZT'], // CNY leg of 03-10 exactly 7 days old, KZT leg of 03-12
    ['K18', '2025-03-18', '5200', 'KZT'], // CNY leg of 03-10 is 8 days old: no CNY rate (USD still has one)
    ['U18', '2025-03-18', '100', 'USD'], // USD→CNY of 03-10 is 8 days old
  ];

  it('takes each leg from its own latest day within 7 days; the rate date is the older leg’s', async () => {
    const l = await linesOf(await load(inbox(fx, lines)));
    // K10: 7.3 / 500 = 0.0146; 50,000 KZT × 0.0146 = 730 CNY; 50,000 / 500 = 100 USD.
    expect(l['K10']).toMatchObject({
      cny: '730.0000', factor_cny: '0.014600000000000000', date_cny: '2025-03-03', method_cny: 'cross via USD', source_cny: 'PBOC / NBK',
      usd: '100.0000', factor_usd: '0.002000000000000000', date_usd: '2025-03-03', method_usd: 'inverse', source_usd: 'NBK',
    });
    // K12: 7.3 / 520 = 0.0140384615…; 52,000 KZT × 7.3 / 520 = 730 CNY; 52,000 / 520 = 100 USD.
    expect(l['K12']).toMatchObject({ cny: '730.0000', date_cny: '2025-03-10', method_cny: 'cross via USD', usd: '100.0000', date_usd: '2025-03-12' });
    expect(l['K12']!.factor_cny).toMatch(/^0\.0140384615384615/);
    // K17: 5,200 × 7.3 / 520 = 73 CNY, 5,200 / 520 = 10 USD.
    expect(l['K17']).toMatchObject({ cny: '73.0000', date_cny: '2025-03-10', usd: '10.0000', date_usd: '2025-03-12' });
    expect(Object.keys(l).sort()).toEqual(['K10', 'K12', 'K17']);
  });

  it('takes the newest rate: a cross of the departure day beats the pair’s rate of two days before', async () => {
    // 03-03 USD→CNY 7.0; 03-05 EUR→CNY 7.8 and EUR→USD 1.2 (USD→CNY via EUR = 7.8 / 1.2 = 6.5).
    const w = await load(inbox('2025-03-03,USD,CNY,7.0,P\n2025-03-05,EUR,CNY,7.8,E\n2025-03-05,EUR,USD,1.2,E\n',
      [['A', '2025-03-04', '100', 'USD'], ['B', '2025-03-05', '100', 'USD']]));
    const l = await linesOf(w);
    expect(l['A']).toMatchObject({ cny: '700.0000', date_cny: '2025-03-03', method_cny: 'direct' });
    expect(l['B']).toMatchObject({ cny: '650.0000', date_cny: '2025-03-05', method_cny: 'cross via EUR', source_cny: 'E / E' });
  });

  it('prefers the pair to a cross of the same date', async () => {
    const w = await load(inbox('2025-03-05,USD,CNY,7.1,P\n2025-03-05,EUR,CNY,7.8,E\n2025-03-05,EUR,USD,1.2,E\n', [['B', '2025-03-05', '100', 'USD']]));
    expect((await linesOf(w))['B']).toMatchObject({ cny: '710.0000', method_cny: 'direct', source_cny: 'P' });
  });

  it('quarantines a line whose leg is 8 days old, naming the missing rate', async () => {
    const w = await load(inbox(fx, lines));
    const issues = await w.all<{ value: string; detail: string }>(`SELECT value, detail FROM issues WHERE code = 'noRate' ORDER BY line`);
    expect(issues).toEqual([
      { value: 'KZT', detail: 'no CNY rate for KZT on 2025-03-11 or the 7 days before' },
      { value: 'KZT', detail: 'no CNY rate for KZT on 2025-03-18 or the 7 days before' },
      { value: 'USD', detail: 'no CNY rate for USD on 2025-03-18 or the 7 days before' },
    ]);
  });
});

describe('direction and sources', () => {
  const day = '2025-03-03';
  const both: [string, string, string, string][] = [['U', day, '100', 'USD'], ['C', day, '1000', 'CNY']];

  it('takes a row in the direction needed before one inverted from the other direction, whatever the source names', async () => {
    // Alpha sorts first but quotes CNY→USD; Zeta quotes USD→CNY. Each direction takes its own row.
    const w = await load(inbox(`${day},USD,CNY,7.2,Zeta\n${day},CNY,USD,0.14,Alpha\n`, both));
    const l = await linesOf(w);
    // 100 USD × 7.2 = 720 CNY (not 100 / 0.14 = 714.2857); 1,000 CNY × 0.14 = 140 USD (not 1,000 / 7.2 = 138.8889).
    expect(l['U']).toMatchObject({ cny: '720.0000', method_cny: 'direct', source_cny: 'Zeta' });
    expect(l['C']).toMatchObject({ usd: '140.0000', method_usd: 'direct', source_usd: 'Alpha' });
  });

  it('keeps the direction rule before the source priority', async () => {
    const w = await load(inbox(`${day},USD,CNY,7.2,Zeta\n${day},CNY,USD,0.14,Alpha\n`, both), { sourcePriority: ['Alpha', 'Zeta'] });
    const l = await linesOf(w);
    expect(l['U']).toMatchObject({ cny: '720.0000', source_cny: 'Zeta' });
    expect(l['C']).toMatchObject({ usd: '140.0000', source_usd: 'Alpha' });
  });

  it('without a priority, picks by source name whatever the file order, and reports a 2× disagreement', async () => {
    // Bank B's row is in the file that sorts first; Bank A still wins: 100 × 7.2 = 720; 1,000 / 7.2 = 138.8889.
    const files = { ...inbox('', both), 'a-fx.csv': FX + `${day},USD,CNY,14.4,Bank B\n`, 'fx.csv': FX + `${day},USD,CNY,7.2,Bank A\n` };
    const w = await load(files);
    const l = await linesOf(w);
    expect(l['U']).toMatchObject({ cny: '720.0000', source_cny: 'Bank A' });
    expect(l['C']).toMatchObject({ usd: '138.8889', method_usd: 'inverse', source_usd: 'Bank A' });
    const [d] = await w.all<{ source: string; rate: string; other_source: string; other_rate: string; used: string }>(
      `SELECT source, CAST(rate AS DOUBLE)::VARCHAR AS rate, other_source, CAST(other_rate AS DOUBLE)::VARCHAR AS other_rate, used FROM fx_disagreements`);
    expect(d).toEqual({ source: 'Bank A', rate: '7.2', other_source: 'Bank B', other_rate: '14.4', used: 'Bank A' });
    // The annual average counts the day once, at the rate used: 7.2.
    expect((await usdAverages(w, 'daily', '2025-12-31')).annualAverages).toEqual([{ year: 2025, rate: '7.2000', days: 1, mean: '7.200000000000000000' }]);
  });

  it('with a priority, the preferred source wins and the disagreement is still reported', async () => {
    const files = { ...inbox('', both), 'a-fx.csv': FX + `${day},USD,CNY,14.4,Bank B\n`, 'fx.csv': FX + `${day},USD,CNY,7.2,Bank A\n` };
    const w = await load(files, { sourcePriority: ['Bank B'] });
    const l = await linesOf(w);
    // 100 × 14.4 = 1,440 CNY; 1,000 / 14.4 = 69.4444 USD.
    expect(l['U']).toMatchObject({ cny: '1440.0000', source_cny: 'Bank B' });
    expect(l['C']).toMatchObject({ usd: '69.4444', source_usd: 'Bank B' });
    const rows = await w.all<{ used: string }>(`SELECT used FROM fx_disagreements`);
    expect(rows).toEqual([{ used: 'Bank B' }]);
  });

  it('reports a disagreement only above 0.5 %, exactly, for rows either way round', async () => {
    // Same way round: 7.2 × 1.005 = 7.236 (not more than 0.5 %), 7.2361 (more).
    // Opposite: 8 × 0.125625 = 1.005 (not more); 8 × 0.1256251 = 1.0050008 (more);
    // 8 × 0.124379 = 0.995032 > 1 / 1.005 = 0.99502487… (not more); 8 × 0.124378 = 0.995024 (more).
    const fx = [
      '2025-03-03,USD,CNY,7.2,A', '2025-03-03,USD,CNY,7.236,B',
      '2025-03-04,USD,CNY,7.2,A', '2025-03-04,USD,CNY,7.2361,B',
      '2025-03-05,USD,CNY,8,A', '2025-03-05,CNY,USD,0.125625,B',
      '2025-03-06,USD,CNY,8,A', '2025-03-06,CNY,USD,0.1256251,B',
      '2025-03-07,USD,CNY,8,A', '2025-03-07,CNY,USD,0.124379,B',
      '2025-03-10,USD,CNY,8,A', '2025-03-10,CNY,USD,0.124378,B',
      '2025-03-11,USD,CNY,8,A', '2025-03-11,CNY,USD,0.124378,A', // one source, both directions
    ].join('\n') + '\n';
    const w = await load(inbox(fx, [['C', '2025-03-03', '10', 'CNY']]));
    const rows = await w.all<{ d: string }>(`SELECT CAST(date AS VARCHAR) AS d FROM fx_disagreements ORDER BY date`);
    expect(rows.map((r) => r.d)).toEqual(['2025-03-04', '2025-03-06', '2025-03-10', '2025-03-11']);
  });

  it('puts both rows, both sources, the pair and the day in the run report, and warns on standard error', async () => {
    const files = { ...inbox(`${day},USD,CNY,7.2,Bank A\n${day},USD,CNY,14.4,Bank B\n`, both) };
    const dir = join(t.dir, 'in');
    await writeFiles(dir, files);
    const report = await nightly(dir, join(t.dir, 'ws'));
    expect(report.fx_disagreements).toEqual([{
      date: day, pair: 'USD/CNY', used: 'Bank A',
      rows: [
        { source: 'Bank A', base: 'USD', quote: 'CNY', rate: '7.2', file: 'fx.csv', line: 2 },
        { source: 'Bank B', base: 'USD', quote: 'CNY', rate: '14.4', file: 'fx.csv', line: 3 },
      ],
    }]);
    const warning = summaryLines(report, t.dir).filter((s) => s.includes('warning'));
    expect(warning).toEqual([
      '  warning: 1 exchange rate disagree by more than 0.5 % between two fx rows of the same pair and day; first: 2025-03-03 ' +
        'USD→CNY 7.2 from "Bank A" (fx.csv:2) vs USD→CNY 14.4 from "Bank B" (fx.csv:3), used "Bank A". ' +
        'Correct the wrong row, or set source_priority in the configuration; every one is listed in the --json report (fx_disagreements).',
    ]);
    // A run with nothing new says it again.
    const again = await nightly(dir, join(t.dir, 'ws'));
    expect(again.status).toBe('nothing-new');
    expect(again.fx_disagreements).toHaveLength(1);
  });
});

describe('averaging policies', () => {
  // USD/CNY: 02-03 6.0; 03-03 7.0; 03-04 CNY→USD 0.125 (USD→CNY 8 inverted); 03-05 7.5; 03-20 9.9 (after the as-of date).
  // USD/KZT: 03-03 500; 03-05 KZT→USD 0.0016 (USD→KZT 625 inverted); 03-20 999 (after the as-of date).
  const fx = [
    '2025-02-03,USD,CNY,6.0,P', '2025-03-03,USD,CNY,7.0,P', '2025-03-04,CNY,USD,0.125,Q', '2025-03-05,USD,CNY,7.5,P', '2025-03-20,USD,CNY,9.9,P',
    '2025-03-03,USD,KZT,500,N', '2025-03-05,KZT,USD,0.0016,M', '2025-03-20,USD,KZT,999,N',
  ].join('\n') + '\n';
  const lines: [string, string, string, string][] = [
    ['U', '2025-03-05', '100', 'USD'], ['C', '2025-03-05', '1000', 'CNY'], ['K', '2025-03-05', '56250', 'KZT'],
  ];
  const asOf = '2025-03-15';

  it('monthly: the mean of the days of the month up to the as-of date, 1 / mean the other way, crosses from the averaged legs', async () => {
    const l = await linesOf(await load(inbox(fx, lines), { policy: 'monthly-average', asOf }));
    // March to 03-15: CNY per USD (7 + 8 + 7.5) / 3 = 7.5 (9.9 of 03-20 stays out: with it, 8.1).
    // 100 USD × 7.5 = 750 CNY; 1,000 CNY / 7.5 = 133.3333 USD (mean of inverses: 133.7302).
    expect(l['U']).toMatchObject({ cny: '750.0000', factor_cny: '7.500000000000000000', date_cny: '2025-03-01', method_cny: 'monthly-average of 3 daily rates', source_cny: 'P, Q' });
    expect(l['C']).toMatchObject({ usd: '133.3333', method_usd: '1 / monthly-average of 3 daily rates' });
    // KZT per USD (500 + 625) / 2 = 562.5; KZT→CNY = 7.5 / 562.5: 56,250 KZT = 750 CNY (the mean of
    // the daily crosses, (7 / 500 + 7.5 / 625) / 2 = 0.013, would give 731.25); 56,250 / 562.5 = 100 USD.
    expect(l['K']).toMatchObject({ cny: '750.0000', method_cny: 'cross via USD of monthly-average rates', usd: '100.0000' });
  });

  it('annual: the mean of the year’s days up to the as-of date', async () => {
    const l = await linesOf(await load(inbox(fx, lines), { policy: 'annual-average', asOf }));
    // (6 + 7 + 8 + 7.5) / 4 = 7.125: 712.5 CNY; 1,000 / 7.125 = 140.350877… → 140.3509 USD.
    expect(l['U']).toMatchObject({ cny: '712.5000', factor_cny: '7.125000000000000000', date_cny: '2025-01-01' });
    expect(l['C']).toMatchObject({ usd: '140.3509' });
  });

  it('hands the bulletin the averages the lines use, from the same rows', async () => {
    const w = await load(inbox(fx, lines), { policy: 'monthly-average', asOf });
    const { annualAverages, monthlyAverages } = await usdAverages(w, 'monthly-average', asOf);
    expect(annualAverages).toEqual([{ year: 2025, rate: '7.1250', days: 4, mean: '7.125000000000000000' }]);
    expect(monthlyAverages).toEqual([
      { month: '2025-02', rate: '6.0000', days: 1, mean: '6.000000000000000000' },
      { month: '2025-03', rate: '7.5000', days: 3, mean: '7.500000000000000000' },
    ]);
    const [used] = await w.all<{ f: string }>(`SELECT CAST(factor AS VARCHAR) AS f FROM fx_use WHERE currency = 'USD' AND tgt = 'CNY' AND key_date = DATE '2025-03-01'`);
    expect(used!.f).toBe(monthlyAverages![1]!.mean);
  });

  it('rounds a mean half up to 4 places for print and keeps 18 for the lines', async () => {
    // (7.1 + 7.2 + 7.2 + 7.2 + 7.2 + 7.2 + 7.2) / 7 = 50.3 / 7 = 7.185714285714285714285… → 7.1857; to 18 places …714286.
    const week = ['03', '04', '05', '06', '07', '10', '11'].map((d, i) => `2025-03-${d},USD,CNY,${i === 0 ? '7.1' : '7.2'},P`).join('\n') + '\n';
    const w = await load(inbox(week, [['U', '2025-03-11', '1000', 'USD']]), { policy: 'annual-average', asOf: '2025-12-31' });
    const { annualAverages } = await usdAverages(w, 'annual-average', '2025-12-31');
    expect(annualAverages).toEqual([{ year: 2025, rate: '7.1857', days: 7, mean: '7.185714285714285714' }]);
    // 1,000 USD × 7.185714285714285714 = 7,185.714285714… → 7,185.7143 CNY.
    expect((await linesOf(w))['U']).toMatchObject({ cny: '7185.7143', factor_cny: '7.185714285714285714' });
  });
});

describe('averaging policies in a run', () => {
  it('recompute the means when the as-of date moves (no delta on stale means); daily keeps the delta path', async () => {
    const fx = '2025-03-03,USD,CNY,7.0,P\n2025-03-04,USD,CNY,8.0,P\n2025-03-20,USD,CNY,9.0,P\n';
    const dir = join(t.dir, 'in');
    await writeFiles(dir, { ...inbox(fx, [['U', '2025-03-04', '100', 'USD']]), 'values-z.csv': 'line_id,shipment_id,value,currency\n' +
      Array.from({ length: 20 }, (_, i) => `Z${i},S2025-03-04,1,CNY\n`).join('') });
    const cny = async (ws: string) => {
      const w = await openWarehouse(join(ws, 'warehouse.duckdb'));
      try {
        return (await w.all<{ c: string }>(`SELECT CAST(amount_cny AS VARCHAR) AS c FROM normalized_lines WHERE line_id = 'U'`))[0]!.c;
      } finally {
        w.close();
      }
    };
    const ws = join(t.dir, 'ws-monthly');
    await nightly(dir, ws, { policy: 'monthly-average', asOf: '2025-03-15' });
    expect(await cny(ws)).toBe('750.0000'); // (7 + 8) / 2 = 7.5
    await writeFiles(dir, { 'values-u.csv': 'line_id,shipment_id,value,currency\nV,S2025-03-04,1,CNY\n' });
    const later = await nightly(dir, ws, { policy: 'monthly-average', asOf: '2025-03-31' });
    expect(later.derived).toBe('rebuild');
    expect(await cny(ws)).toBe('800.0000'); // (7 + 8 + 9) / 3 = 8
    const daily = join(t.dir, 'ws-daily');
    await nightly(dir, daily, { asOf: '2025-03-15' });
    await writeFiles(dir, { 'values-u.csv': 'line_id,shipment_id,value,currency\nV,S2025-03-04,2,CNY\n' });
    expect((await nightly(dir, daily, { asOf: '2025-03-31' })).derived).toBe('delta');
    expect(await cny(daily)).toBe('800.0000'); // 100 × 8.0 of 03-04
  });
});

describe('the publication rate', () => {
  it('is CNY per USD on the as-of date with the 7-day rule, rounded half up to 4 places; a cross takes its older leg’s date', async () => {
    // No USD/CNY row: USD→CNY via EUR = (EUR→CNY 7.8 of Friday 06-26) / (EUR→USD 1.14556 of Monday 06-29)
    // = 6.80889695869269178393… → 6.8089, dated 06-26.
    const w = await load(inbox('2026-06-26,EUR,CNY,7.8,ECB\n2026-06-29,EUR,USD,1.14556,ECB\n', [['C', '2026-06-29', '1', 'CNY']]));
    const pub = await publicationRate(w, '2026-06-30');
    expect(pub).toMatchObject({ rate: '6.8089', date: '2026-06-26', method: 'cross via EUR', source: 'ECB / ECB' });
    expect(pub!.exact).toMatch(/^6\.808896958692691/);
    expect(await publicationRate(w, '2026-07-03')).toMatchObject({ rate: '6.8089', date: '2026-06-26' }); // older leg exactly 7 days old
    expect(await publicationRate(w, '2026-07-04')).toBeNull(); // 8 days old
  });

  it('rounds a direct rate with more places half up: 6.80885 → 6.8089, 6.80884999 → 6.8088', async () => {
    const w = await load(inbox('2026-06-29,USD,CNY,6.80885,P\n2026-06-30,USD,CNY,6.80884999,P\n', [['C', '2026-06-29', '1', 'CNY']]));
    expect(await publicationRate(w, '2026-06-29')).toMatchObject({ rate: '6.8089', exact: '6.808850000000000000', method: 'direct' });
    expect(await publicationRate(w, '2026-06-30')).toMatchObject({ rate: '6.8088', exact: '6.808849990000000000' });
  });

  it('keeps control characters and long names of a source out of the warning', () => {
    const row = { base: 'USD', quote: 'CNY', rate: '7.2', file: 'fx.csv', line: 2 };
    const text = message.fxDisagreement(1, { date: '2025-03-03', rows: [{ ...row, source: 'A\u001b[31mB' }, { ...row, source: 'x'.repeat(300) }], used: 'A' });
    expect(text).toContain('"A[31mB"');
    expect(text).toContain(`"${'x'.repeat(200)}…"`);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u001f]/);
  });

  it('is printed and divided by as 4 places: the dollars follow from the printed rate', async () => {
    const w = await load(inbox('2026-06-29,EUR,CNY,7.8,ECB\n2026-06-29,EUR,USD,1.14556,ECB\n', [['C', '2026-06-29', '1', 'CNY']]));
    const pub = (await publicationRate(w, '2026-06-30'))!;
    // 5,320,099,289.61 yuan = 6.8089 × 781,344,900: at the printed rate exactly 781,344,900 dollars, "781.34 million";
    // divided by the unrounded 6.808896958… it would be 781,345,249.0007…, printed "781.35 million".
    const period: Period = { kind: 'annual', year: 2025, start: '2025-01-01', end: '2025-12-31', priorStart: '2024-01-01', priorEnd: '2024-12-31', label: '2025' };
    const data: BulletinData = {
      kind: 'annual', year: 2025, asOf: '2026-06-30', period, policy: 'daily', maxRateAgeDays: 7,
      services: [{
        info: { ...services[0]!, headlineSubject: 'Trade via the test trains', headlineSubjectZh: '', outboundOrigins: ['CN'], routeStations: [], seaTransitDays: null, seaTransitNote: '' },
        metrics: {
          service: 'changan-xian-almaty', period, firstDeparture: '2023-01-03', valueCny: '5320099289.61', valueUsd: '0', priorCny: '5000000000', priorUsd: '0',
          yoyPct: '6.4019857922', yoyStatus: 'ok', cumulativeCny: '5320099289.61', cumulativeUsd: '0', outboundCny: '5320099289.61', inboundCny: '0',
          shipments: 1, priorShipments: 1, teu: '2', priorTeu: '2', trains: 1, priorTrains: 1,
        },
        dataStart: '2023-01-03', coversLaunch: false, milestones: [],
      }],
      publication: pub, annualAverages: [], rateUse: [], quarantined: { rows: 0, files: 0 }, cargo: [],
      series: { annual: [], monthly: [], cumulative: [] }, transit: [], emissions: [], charts: chartDataFixture(),
    };
    const { figures } = buildTradeBulletin(data, 'en');
    expect(figures.filter((f) => f.metric === 'publication_rate').map((f) => [f.value, f.text])).toContainEqual(['6.8089', '6.8089']);
    const usd = figures.filter((f) => f.metric === 'trade_value' && f.unit === 'USD' && f.period === '2025');
    expect(usd.length).toBeGreaterThan(0);
    for (const f of usd) expect([f.value, f.text]).toEqual(['781344900.0000000000', '781.34 million U.S. dollars']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import type { Warehouse } from '../../pipelines/warehouse.js';
import { publicationRate } from '../../pipelines/normalize.js';
import { fixtureInbox, loadFolder, tempDir, writeFiles } from '../helpers/pipeline.js';

interface Line {
  line_id: string;
  amount_cny: string;
  amount_usd: string;
  rate_date_cny: string | null;
  rate_method_cny: string;
}

describe('conversion of the basic fixture (hand-worked)', () => {
  let wh: Warehouse;
  let lines: Map<string, Line>;
  beforeAll(async () => {
    wh = await loadFolder(fixtureInbox('inbox-basic'));
    const rows = await wh.all<Line>(`SELECT line_id, CAST(amount_cny AS VARCHAR) AS amount_cny, CAST(amount_usd AS VARCHAR) AS amount_usd,
      CAST(rate_date_cny AS VARCHAR) AS rate_date_cny, rate_method_cny FROM normalized_lines`);
    lines = new Map(rows.map((r) => [r.line_id, r]));
  });
  afterAll(() => wh.close());

  it('leaves no scratch tables behind: their memory goes to the next stages', async () => {
    const temps = async () => (await wh.all<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables() WHERE temporary
      UNION ALL SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal ORDER BY 1`)).map((r) => r.t);
    // After validate: the shipments' and rates' parse and duplicate tables are gone; the value lines' remain for normalize.
    expect((await temps()).filter((t) => /^(p|dup)_/.test(t))).toEqual(['dup_values', 'p_values']);
    const { dropValuesScratch } = await import('../../pipelines/validate.js');
    await dropValuesScratch(wh);
    expect((await temps()).filter((t) => /^(p|dup)_|^value_lines$|^ship_keys$|^q_ships$/.test(t))).toEqual([]);
    expect(lines.size).toBeGreaterThan(0); // normalized_lines does not depend on them
    const [n] = await wh.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM normalized_lines');
    expect(n!.n).toBe(lines.size);
  });

  it('keeps yuan as they are and converts them to dollars at the inverted USD→CNY rate', () => {
    // L1: 1,000.00 CNY on 2024-01-02; USD = 1000 / 7.1 = 140.84507… → 140.8451
    expect(lines.get('L1')).toMatchObject({ amount_cny: '1000.0000', amount_usd: '140.8451', rate_method_cny: 'identity' });
  });

  it('uses the day’s direct rate', () => {
    // L2: 100 USD × 7.1000 = 710.0000 CNY
    expect(lines.get('L2')).toMatchObject({ amount_cny: '710.0000', amount_usd: '100.0000', rate_date_cny: '2024-01-02', rate_method_cny: 'direct' });
  });

  it('takes the latest earlier rate within 7 days on a day without one (Sunday → Friday)', () => {
    // L3: "1,000.50" USD departing Sunday 2024-01-07 → Friday 2024-01-05 rate 7.2 → 7,203.6000
    expect(lines.get('L3')).toMatchObject({ amount_cny: '7203.6000', amount_usd: '1000.5000', rate_date_cny: '2024-01-05' });
  });

  it('builds a cross rate from two rows with a shared base', () => {
    // L4: 45,000 KZT; KZT→CNY = (USD→CNY 7.2) / (USD→KZT 450) = 0.016 → 720.0000; USD = 45000 / 450 = 100
    expect(lines.get('L4')).toMatchObject({ amount_cny: '720.0000', amount_usd: '100.0000', rate_method_cny: 'cross via USD' });
  });

  it('prefers a direct EUR row, as the ECB publishes it, to a cross rate', () => {
    // L5: 2,000 EUR × 7.5 = 15,000 CNY; × 1.03 = 2,060 USD
    expect(lines.get('L5')).toMatchObject({ amount_cny: '15000.0000', amount_usd: '2060.0000', rate_method_cny: 'direct' });
  });

  it('quarantines lines with no rate within 7 days, naming the missing rate', async () => {
    expect(lines.has('L6')).toBe(false);
    expect(lines.has('L7')).toBe(false);
    const issues = await wh.all<{ line: number; code: string; detail: string }>(`SELECT line, code, detail FROM issues WHERE code = 'noRate' ORDER BY line`);
    expect(issues).toEqual([
      { line: 7, code: 'noRate', detail: 'no CNY rate for USD on 2025-01-20 or the 7 days before' },
      { line: 8, code: 'noRate', detail: 'no USD rate for CNY on 2025-01-20 or the 7 days before' },
    ]);
  });

  it('sums exactly: 2024 = 1,000 + 710 + 7,203.6 + 720 = 9,633.6 yuan', async () => {
    const [r] = await wh.all<{ v: string }>(`SELECT CAST(sum(amount_cny) AS VARCHAR) AS v FROM normalized_lines WHERE year(departure_date) = 2024`);
    expect(r!.v).toBe('9633.6000');
  });

  it('finds the publication rate with the 7-day rule', async () => {
    expect(await publicationRate(wh, '2024-01-07')).toMatchObject({ rate: '7.2000', exact: '7.200000000000000000', date: '2024-01-05' });
    expect(await publicationRate(wh, '2024-01-13')).toBeNull(); // 8 days after the last rate
  });
});

describe('the 7-day boundary and policies', () => {
  const files = {
    'fx.csv': 'date,base,quote,rate,source\n2024-03-01,USD,CNY,7.0000,T\n2024-03-15,USD,CNY,7.2000,T\n',
    'shipments.csv':
      'shipment_id,train_id,service,departure_date,origin_station,destination_station,origin_country,destination_country,teu\n' +
      'A,T1,changan-xian-almaty,2024-03-08,Xi\'an,Almaty,CN,KZ,2\n' +
      'B,T2,changan-xian-almaty,2024-03-09,Xi\'an,Almaty,CN,KZ,2\n',
    'values.csv': 'line_id,shipment_id,value,currency\nA1,A,100,USD\nB1,B,100,USD\n',
  };

  it('accepts a rate exactly 7 days old and quarantines one 8 days old', async () => {
    const t = await tempDir();
    try {
      await writeFiles(t.dir, files);
      const wh = await loadFolder(t.dir);
      const ok = await wh.all<{ line_id: string; c: string }>(`SELECT line_id, CAST(amount_cny AS VARCHAR) AS c FROM normalized_lines`);
      expect(ok).toEqual([{ line_id: 'A1', c: '700.0000' }]);
      const [bad] = await wh.all<{ code: string }>(`SELECT code FROM issues`);
      expect(bad!.code).toBe('noRate');
      wh.close();
    } finally {
      await t.cleanup();
    }
  });

  it('monthly-average policy converts at the mean of the month’s daily rates', async () => {
    const t = await tempDir();
    try {
      await writeFiles(t.dir, files);
      const wh = await loadFolder(t.dir, { policy: 'monthly-average' });
      // March 2024 mean of 7.0 and 7.2 = 7.1 → 100 USD = 710 CNY, both lines
      const rows = await wh.all<{ c: string }>(`SELECT CAST(amount_cny AS VARCHAR) AS c FROM normalized_lines ORDER BY line_id`);
      expect(rows.map((r) => r.c)).toEqual(['710.0000', '710.0000']);
      wh.close();
    } finally {
      await t.cleanup();
    }
  });
});

describe('amounts: value × factor, rounded half away from zero to 4 places, exactly', () => {
  it('agrees with decimal.js on ties, near ties, the largest values and random ones', async () => {
    // USD→CNY 6.81235: an odd number of dollars is a tie at the 5th place (3 USD = 20.43705 → 20.4371).
    // EUR→USD 1.08765: euros go to yuan by the cross 1.08765 × 6.81235. Yuan go to dollars at 1 / 6.81235.
    const SHIP = 'shipment_id,train_id,service,departure_date,origin_station,destination_station,origin_country,destination_country,teu\n';
    const values: string[] = ['1', '3', '999999', '0.000001', '0.5', '2.999999', '3.000001', '1000000000000', '9999999999.999999', '1467.9', '14679.5'];
    let seed = 20251231;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const digits = (): string => String(Math.floor(next() * 1e6)).padStart(6, '0');
    // Ties: whether the double estimate lands just below or just above one decides which correction runs.
    for (let k = 5; k < 2000; k += 2) values.push(String(k));
    for (let i = 0; i < 120; i++) values.push(`${Math.floor(next() * 10 ** (1 + Math.floor(next() * 9)))}.${digits()}`);
    // Past 1e10 the estimate is too coarse: the exact cast.
    for (let i = 0; i < 40; i++) values.push(`${Math.floor(1e10 + next() * (1e12 - 1e10))}.${digits()}`);
    const currencies = ['USD', 'CNY', 'EUR'];
    const t = await tempDir();
    try {
      await writeFiles(t.dir, {
        'fx.csv': 'date,base,quote,rate\n2025-03-03,USD,CNY,6.81235\n2025-03-03,EUR,USD,1.08765\n',
        'ships.csv': SHIP + "S1,T1,changan-xian-almaty,2025-03-03,Xi'an,Almaty,CN,KZ,2\n",
        'values.csv': 'line_id,shipment_id,value,currency\n' +
          values.flatMap((v, i) => currencies.map((c) => `L${String(i).padStart(4, '0')}${c},S1,${v},${c}\n`)).join(''),
      });
      const wh = await loadFolder(t.dir);
      const rows = await wh.all<{ currency: string; value: string; fc: string; fu: string; c: string; u: string }>(
        `SELECT currency, CAST(value AS VARCHAR) AS value, CAST(factor_cny AS VARCHAR) AS fc, CAST(factor_usd AS VARCHAR) AS fu,
                CAST(amount_cny AS VARCHAR) AS c, CAST(amount_usd AS VARCHAR) AS u FROM normalized_lines ORDER BY line_id`);
      wh.close();
      expect(rows).toHaveLength(values.length * currencies.length);
      const round = (v: string, f: string): string => new Decimal(v).times(f).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4);
      const wrong = rows.filter((r) => r.c !== round(r.value, r.fc) || r.u !== round(r.value, r.fu));
      expect(wrong).toEqual([]);
      // Hand-worked: 3 USD = 20.43705 yuan → 20.4371; 1 USD → 6.8124; 999,999 USD = 6,812,343.18765 → 6,812,343.1877.
      const usd = new Map(rows.filter((r) => r.currency === 'USD').map((r) => [r.value, r.c]));
      expect([usd.get('3.000000'), usd.get('1.000000'), usd.get('999999.000000')]).toEqual(['20.4371', '6.8124', '6812343.1877']);
    } finally {
      await t.cleanup();
    }
  });
});

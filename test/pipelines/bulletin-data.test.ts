/**
 * What a bulletin is built from, at the date edges: as of 15 June 2025 nothing is dated after
 * it (cumulative points, the 21 June first return), the data-quality count is the period's,
 * and "covers the launch" compares with the reference's launch. Values worked out by hand.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bulletinData, dataCoversLaunch } from '../../pipelines/bulletin-data.js';
import { computeMetrics, firstDepartures, type Period } from '../../pipelines/metrics.js';
import { loadReference } from '../../sources/reference.js';
import { buildTradeBulletin } from '../../reports/trade/view.js';
import { fixtureReference, loadFolder, tempDir, writeFiles } from '../helpers/pipeline.js';

const SHIP = 'shipment_id,train_id,service,departure_date,origin_station,destination_station,origin_country,destination_country,teu\n';
const ytdMid: Period = { kind: 'ytd', year: 2025, start: '2025-01-01', end: '2025-06-15', priorStart: '2024-01-01', priorEnd: '2024-06-15', label: '2025-01-01..2025-06-15' };

let t: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  t = await tempDir();
});
afterEach(() => t.cleanup());

describe('bulletin data as of a day inside a month', () => {
  it('ends every series at the as-of date, leaves out a later first return, and counts the period\'s quarantined rows only', async () => {
    await writeFiles(t.dir, {
      'fx.csv': 'date,base,quote,rate\n2024-10-15,USD,CNY,7.2\n2025-02-01,USD,CNY,-1\n2023-05-05,USD,CNY,0\n2025-06-02,USD,CNY,7.2\n2025-06-13,USD,CNY,7.2\n',
      'ships.csv': SHIP + [
        'S1,T1,asean-express,2024-10-15,Hanoi,Chongqing,VN,CN,2',
        'S2,T2,asean-express,2025-06-02,Hanoi,Chongqing,VN,CN,2',
        'S3,T3,asean-express,2025-06-14,Hanoi,Chongqing,VN,CN,2',
        'S4,T4,asean-express,2025-06-20,Hanoi,Chongqing,VN,CN,2',
        // Quarantined (TEU above 3): in the period; before it; an unreadable date (no period).
        'S5,T5,asean-express,2025-06-10,Hanoi,Chongqing,VN,CN,5',
        'S6,T6,asean-express,2024-03-01,Hanoi,Chongqing,VN,CN,5',
        'S7,T7,asean-express,2025-13-45,Hanoi,Chongqing,VN,CN,2',
      ].join('\n') + '\n',
      'values.csv': 'line_id,shipment_id,value,currency\nL1,S1,1000,CNY\nL2,S2,2000,CNY\nL3,S3,4000,CNY\nL4,S4,8000,CNY\nL5,S2,-5,CNY\n',
    });
    const wh = await loadFolder(t.dir);
    try {
      const ref = await loadReference(fixtureReference);
      const asOf = '2025-06-15';
      const metrics = await computeMetrics(wh, ref.services, [ytdMid], asOf);
      const d = await bulletinData(wh, {
        period: ytdMid, asOf, ref, metrics, publication: { rate: '7.2000', date: '2025-06-13', source: 'test' }, policy: 'daily', maxRateAgeDays: 7,
        dataStarts: await firstDepartures(wh, asOf),
      });
      const s = d.services.find((x) => x.info.id === 'asean-express')!;
      expect(s.coversLaunch).toBe(true);
      // The first return (21 June) is after the as-of date: no milestone.
      expect(s.milestones).toEqual([]);
      // 2024-10: S1 1,000; 2025-06 up to the 15th: + S2 2,000 + S3 4,000 = 7,000 (S4 departs on the 20th).
      expect(d.series.cumulative.filter((c) => c.service === 'asean-express').map((c) => [c.date, Number(c.valueCny)])).toEqual([
        ['2024-10-31', 1000], ['2025-06-15', 7000],
      ]);
      expect(d.charts.cumulative.every((c) => c.date <= asOf)).toBe(true);
      // In the period: S5 (10 June), L5 (its shipment S2 departs 2 June), the fx row of 1 February.
      // Not: S6 (2024), the 2023 fx row, S7 (no readable date).
      expect(d.quarantined).toEqual({ rows: 3, files: 3 });
      for (const edition of ['en', 'zh'] as const) {
        const { view, figures } = buildTradeBulletin(d, edition);
        const text = JSON.stringify(view);
        expect(text).not.toMatch(/21 June|6月21日|30 June|6月30日/);
        expect(figures.filter((f) => /\.\.(\d{4}-\d{2}-\d{2})$/.test(f.period)).every((f) => f.period.slice(-10) <= asOf)).toBe(true);
        expect(figures).toContainEqual(expect.objectContaining({ metric: 'quarantined_rows', value: '3', text: '3' }));
      }
    } finally {
      wh.close();
    }
  });
});

describe('data covering the launch', () => {
  it('compares with the reference launch: to the day when it has a day, to the month when only the month', () => {
    expect(dataCoversLaunch('2024-10-15', '2024-10-15')).toBe(true);
    expect(dataCoversLaunch('2024-10-15', '2024-10-20')).toBe(false);
    expect(dataCoversLaunch('2024-10-15', '2024-11-02')).toBe(false);
    expect(dataCoversLaunch('2013-11', '2013-11-20')).toBe(true);
    expect(dataCoversLaunch('2013-11', '2023-01-03')).toBe(false);
  });
});

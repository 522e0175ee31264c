/**
 * Rendered bulletins (HTML and chart SVG, no browser), read the way the agreement check reads
 * them: small edge inboxes with exact ties (hand-worked), and random exact values (fast-check).
 * Every printed number is a recorded figure's text; charts print what the text prints at exact
 * ties; no chart repeats a tick label.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agreementProblems } from '../../pipelines/agreement.js';
import { bulletinData } from '../../pipelines/bulletin-data.js';
import { computeMetrics, firstDepartures, type Period, type ServiceMetrics } from '../../pipelines/metrics.js';
import { renderBulletinPage } from '../../pipelines/publish.js';
import { Exact } from '../../reports/press/round.js';
import type { BulletinData, BulletinService } from '../../reports/data.js';
import type { ChartData, Edition } from '../../reports/model.js';
import { loadReference, type ServiceRef } from '../../sources/reference.js';
import { services as chartServices, stations } from '../fixtures/chart-data.js';
import { axisLabelRuns, mixedDecimals, repeatedTicks } from '../helpers/chart-svg.js';
import { fixtureReference, loadFolder, tempDir, writeFiles } from '../helpers/pipeline.js';

const SHIP = 'shipment_id,train_id,service,departure_date,origin_station,destination_station,origin_country,destination_country,teu\n';
const annual2025: Period = { kind: 'annual', year: 2025, start: '2025-01-01', end: '2025-12-31', priorStart: '2024-01-01', priorEnd: '2024-12-31', label: '2025' };
const ytdMid: Period = { kind: 'ytd', year: 2025, start: '2025-01-01', end: '2025-06-15', priorStart: '2024-01-01', priorEnd: '2024-06-15', label: '2025-01-01..2025-06-15' };

let t: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  t = await tempDir();
});
afterEach(() => t.cleanup());

async function dataFor(files: Record<string, string>, period: Period, asOf: string): Promise<BulletinData> {
  await writeFiles(t.dir, files);
  const wh = await loadFolder(t.dir);
  try {
    const ref = await loadReference(fixtureReference);
    const metrics = await computeMetrics(wh, ref.services, [period], asOf);
    return await bulletinData(wh, {
      period, asOf, ref, metrics, publication: { rate: '7.2000', date: period.end, source: 'test' }, policy: 'daily', maxRateAgeDays: 7,
      dataStarts: await firstDepartures(wh, asOf),
    });
  } finally {
    wh.close();
  }
}

const chartText = (charts: { id: string; svg: string }[], id: string): string[] =>
  [...(charts.find((c) => c.id === id)?.svg ?? '').matchAll(/<text[^>]*>([^<]*)<\/text>/gu)].map((m) => m[1]!);

describe('a rendered bulletin at exact ties (hand-worked)', () => {
  it('prints the same rounding in charts and text, records it, and passes the agreement check', async () => {
    // Chang'an: 2,000,000,000 yuan in 2024, 2,023,000,000 in 2025: +1.15 % exactly → +1.2.
    // ASEAN Express (data from 2025): outbound 2,460,000,000 + inbound 1,005,000,000 =
    // 3,465,000,000 yuan → 3.47 billion (a tie at the second decimal); inbound 1.005 → 1.01.
    const d = await dataFor(
      {
        'fx.csv': 'date,base,quote,rate\n2024-03-01,USD,CNY,7.2\n2025-03-03,USD,CNY,7.2\n2025-12-31,USD,CNY,7.2\n',
        'ships.csv': SHIP + [
          "S1,T1,changan-xian-almaty,2024-03-01,Xi'an,Almaty,CN,KZ,2",
          "S2,T2,changan-xian-almaty,2025-03-03,Xi'an,Almaty,CN,KZ,2",
          'S3,T3,asean-express,2025-03-03,Hanoi,Chongqing,VN,CN,2',
          'S4,T4,asean-express,2025-03-03,Duisburg,Chongqing,DE,CN,2',
        ].join('\n') + '\n',
        'values.csv': 'line_id,shipment_id,value,currency\nL1,S1,2000000000,CNY\nL2,S2,2023000000,CNY\nL3,S3,2460000000,CNY\nL4,S4,1005000000,CNY\n',
      },
      annual2025,
      '2025-12-31',
    );
    for (const edition of ['en', 'zh'] as const) {
      const page = await renderBulletinPage(d, edition);
      expect(agreementProblems(page.html, page)).toEqual([]);
      expect(repeatedTicks(page.charts)).toEqual([]);
      expect(mixedDecimals(page.charts)).toEqual([]);
      // The value axis of the annual chart: 0 to 4 billion (3.465 drawn), whole steps.
      expect(axisLabelRuns(page.charts.find((c) => c.id === 'annual-value')!.svg)).toContainEqual(edition === 'en' ? ['0', '1', '2', '3', '4'] : ['0', '10', '20', '30', '40']);
      const annual = chartText(page.charts, 'annual-value');
      expect(annual).toContain('+1.2%');
      expect(annual).not.toContain('+1.1%');
      expect(chartText(page.charts, 'direction')).toContain(edition === 'en' ? '1.01 (29.0%)' : '10.05（29.0%）');
      if (edition === 'en') {
        expect(chartText(page.charts, 'cumulative-value')).toContain('3.47');
        expect(page.html).toContain('an increase of 1.2 percent');
        expect(page.html).toMatch(/3\.47 billion yuan/u);
        expect(page.figures).toContainEqual(expect.objectContaining({ metric: 'cumulative_value', value: '3465000000.0000', text: '3.47', basis: 'chart cumulative-value: end of line label, billion yuan' }));
      }
      // A label one digit off in the page is stopped.
      const tampered = page.html.replace('>+1.2%<', '>+1.1%<');
      expect(tampered).not.toBe(page.html);
      expect(agreementProblems(tampered, page).join()).toContain('the number +1.1% ');
    }
  });

  it('a small year-to-date inbox as of a day inside a month: no repeated ticks, agreement holds', async () => {
    const d = await dataFor(
      {
        'fx.csv': 'date,base,quote,rate\n2024-10-15,USD,CNY,7.2\n2025-06-02,USD,CNY,7.2\n2025-06-13,USD,CNY,7.2\n',
        'ships.csv': SHIP + ['S1,T1,asean-express,2024-10-15,Hanoi,Chongqing,VN,CN,2', 'S2,T2,asean-express,2025-06-02,Hanoi,Chongqing,VN,CN,2', 'S3,T3,asean-express,2025-06-14,Hanoi,Chongqing,VN,CN,1'].join('\n') + '\n',
        'values.csv': 'line_id,shipment_id,value,currency\nL1,S1,1000,CNY\nL2,S2,2000,CNY\nL3,S3,4000,CNY\n',
      },
      ytdMid,
      '2025-06-15',
    );
    for (const edition of ['en', 'zh'] as const) {
      const page = await renderBulletinPage(d, edition);
      expect(agreementProblems(page.html, page)).toEqual([]);
      expect(repeatedTicks(page.charts)).toEqual([]);
      expect(mixedDecimals(page.charts)).toEqual([]);
      // The trains axis of 1–2 trains a month: whole steps only.
      for (const run of axisLabelRuns(page.charts.find((c) => c.id === 'volume')!.svg)) expect(run.join()).not.toMatch(/\.5/u);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Random exact values drawn into a bulletin's data (text and charts from the same numbers).

const refOf = (i: number): ServiceRef => ({
  ...chartServices[i]!, headlineSubject: '', headlineSubjectZh: '', outboundOrigins: ['CN'], routeStations: [], seaTransitDays: null, seaTransitNote: '',
});

/** An exact amount with up to 4 decimals, from 0 to about 10^11, biased to round values and ties. */
const amount = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 15n }).map((n) => new Exact(n.toString()).div(10000).toFixed()),
  fc.bigInt({ min: 1n, max: 10n ** 6n }).map((n) => (n * 5000n).toString()), // ties such as 3,465,000,000
  fc.constantFrom('0', '1', '3465000000', '1005000000', '40000000', '999995000', '5000'),
);

function serviceOf(i: number, period: Period, cur: string, prior: string, outShare: number, teu: string, trains: number): BulletinService {
  const p = new Exact(prior);
  const yoy = p.isZero() ? null : new Exact(cur).div(p).minus(1).times(100).toDecimalPlaces(10).toFixed();
  const out = new Exact(cur).times(outShare).toDecimalPlaces(4).toFixed();
  const metrics: ServiceMetrics = {
    service: chartServices[i]!.id, period, firstDeparture: '2023-01-03', valueCny: cur, valueUsd: new Exact(cur).div('7.2').toDecimalPlaces(4).toFixed(), priorCny: prior, priorUsd: new Exact(prior).div('7.1').toDecimalPlaces(4).toFixed(),
    yoyPct: yoy, yoyStatus: yoy === null ? 'zero-prior' : 'ok', yoyUsdPct: yoy, cumulativeCny: new Exact(cur).plus(prior).toFixed(), cumulativeUsd: '0',
    outboundCny: out, inboundCny: new Exact(cur).minus(out).toFixed(), shipments: trains * 3, priorShipments: trains, teu, priorTeu: '100', trains, priorTrains: 3,
  };
  return { info: refOf(i), metrics, dataStart: '2023-01-03', coversLaunch: false, milestones: [] };
}

function randomData(draw: { cur: string; prior: string; outShare: number; teu: string; trains: number; cargo: string[]; months: number[] }[]): BulletinData {
  const period = annual2025;
  const list = draw.map((x, i) => serviceOf(i, period, x.cur, x.prior, x.outShare, x.teu, x.trains));
  const ids = list.map((s) => s.info.id);
  const cargoNames: [string, string][] = [['Auto parts', '汽车零部件'], ['Chemicals', '化工产品'], ['Electronic products and components', '电子产品及元器件'], ['Agricultural products', '农产品']];
  const cargo = draw.flatMap((x, i) => x.cargo.map((v, k) => ({ service: ids[i]!, category: cargoNames[k]![0], categoryZh: cargoNames[k]![1], valueCny: v })));
  const monthly = draw.flatMap((x, i) => {
    const w = x.months.reduce((a, b) => a + b, 0) || 1;
    return x.months.map((m, k) => ({ service: ids[i]!, year: 2025, month: k + 1, valueCny: new Exact(x.cur).times(m).div(w).toDecimalPlaces(4).toFixed() }));
  });
  const charts: ChartData = {
    year: 2025, kind: 'annual', periodEnd: '2025-12-31', services: chartServices.slice(0, draw.length),
    annual: list.flatMap((s) => [
      ...(new Exact(s.metrics.priorCny).isZero() ? [] : [{ service: s.info.id, year: 2024, valueCny: s.metrics.priorCny, yoyPct: null, partial: false }]),
      { service: s.info.id, year: 2025, valueCny: s.metrics.valueCny, yoyPct: s.metrics.yoyPct, partial: false },
    ]),
    monthly,
    cumulative: monthly.map((m, k) => ({
      service: m.service, date: `2025-${String(m.month).padStart(2, '0')}-${m.month === 2 ? '28' : [4, 6, 9, 11].includes(m.month) ? '30' : '31'}`,
      cumulativeCny: monthly.slice(0, k + 1).filter((x) => x.service === m.service).reduce((a, x) => a.plus(x.valueCny), new Exact(0)).toFixed(),
    })),
    direction: list.flatMap((s) => [
      { service: s.info.id, direction: 'outbound' as const, valueCny: s.metrics.outboundCny },
      { service: s.info.id, direction: 'inbound' as const, valueCny: s.metrics.inboundCny },
    ]),
    cargo,
    volume: draw.flatMap((x, i) => x.months.map((m, k) => ({ service: ids[i]!, month: `2025-${String(k + 1).padStart(2, '0')}`, teu: new Exact(x.teu).times(m).div(100).toDecimalPlaces(2).toFixed(), trains: Math.round((x.trains * m) / 100) }))),
    routes: [{ service: 'changan-xian-almaty', stations: [stations.xian!, stations.almaty!] }],
  };
  return {
    kind: 'annual', year: 2025, asOf: '2025-12-31', period, policy: 'daily', maxRateAgeDays: 7, services: list,
    publication: { rate: '7.2000', date: '2025-12-31', source: 'US Federal Reserve H.10 (synthetic sample)' },
    annualAverages: [{ year: 2025, rate: '7.1875', days: 254 }], rateUse: [{ method: 'identity', source: '—', lines: 4853 }],
    quarantined: { rows: 0, files: 0 }, cargo,
    series: {
      annual: charts.annual.map((a) => ({ service: a.service, year: a.year, label: String(a.year), valueCny: a.valueCny, yoyPct: a.yoyPct })),
      monthly: charts.monthly,
      cumulative: charts.cumulative.map((c) => ({ service: c.service, date: c.date, valueCny: c.cumulativeCny })),
    },
    transit: [], emissions: [], charts,
  };
}

const serviceDraw = fc.record({
  cur: amount,
  prior: amount,
  outShare: fc.constantFrom(0, 0.5, 0.71, 1, 0.1245),
  teu: fc.oneof(fc.integer({ min: 0, max: 20000 }).map(String), fc.integer({ min: 0, max: 80000 }).map((n) => new Exact(n).div(4).toFixed())),
  trains: fc.integer({ min: 0, max: 400 }),
  cargo: fc.array(amount, { minLength: 1, maxLength: 4 }),
  months: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 12, maxLength: 12 }),
});

describe('random exact values in a rendered bulletin (property)', () => {
  for (const edition of ['en', 'zh'] as Edition[]) {
    it(`every printed number is a figure's text and the agreement check passes (${edition})`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(serviceDraw, { minLength: 1, maxLength: 2 }), async (draw) => {
          const page = await renderBulletinPage(randomData(draw), edition);
          expect(agreementProblems(page.html, page)).toEqual([]);
          expect(repeatedTicks(page.charts)).toEqual([]);
          expect(mixedDecimals(page.charts)).toEqual([]);
        }),
        { numRuns: 12, seed: edition === 'en' ? 9 : 11 },
      );
    }, 120_000);
  }
});

/**
 * The trade bulletin's words from hand-made metrics: each sentence and the figure behind
 * each number, worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import type { BulletinData, BulletinService } from '../../pipelines/bulletin-data.js';
import type { Period, ServiceMetrics } from '../../pipelines/metrics.js';
import { buildTradeBulletin } from '../../reports/trade/view.js';
import type { ServiceRef } from '../../sources/reference.js';
import { chartDataFixture, services } from '../fixtures/chart-data.js';

const annual2025: Period = { kind: 'annual', year: 2025, start: '2025-01-01', end: '2025-12-31', priorStart: '2024-01-01', priorEnd: '2024-12-31', label: '2025' };
const ytd2026: Period = { kind: 'ytd', year: 2026, start: '2026-01-01', end: '2026-06-30', priorStart: '2025-01-01', priorEnd: '2025-06-30', label: '2026-01-01..2026-06-30' };

const ref = (i: number, extra: Partial<ServiceRef> = {}): ServiceRef => ({
  ...services[i]!, headlineSubject: '', headlineSubjectZh: '', outboundOrigins: ['CN'], routeStations: [], seaTransitDays: null, seaTransitNote: '', ...extra,
});

function metrics(service: string, period: Period, m: Partial<ServiceMetrics>): ServiceMetrics {
  return {
    service, period, firstDeparture: '2023-01-03', valueCny: '0', valueUsd: '0', priorCny: '0', priorUsd: '0', yoyPct: null, yoyStatus: 'ok', yoyUsdPct: null,
    cumulativeCny: '0', cumulativeUsd: '0', outboundCny: '0', inboundCny: '0', shipments: 0, priorShipments: 0, teu: '0', priorTeu: '0',
    trains: 0, priorTrains: 0, ...m,
  };
}

function data(period: Period, list: BulletinService[]): BulletinData {
  return {
    kind: period.kind, year: period.year, asOf: '2026-06-30', period, policy: 'daily', maxRateAgeDays: 7, services: list,
    publication: { rate: '6.808800000000000000', date: '2026-06-30', source: 'Test H.10' },
    annualAverages: [{ year: 2025, rate: '7.1875', days: 250 }], rateUse: [{ method: 'identity', source: '—', lines: 10 }],
    quarantined: { rows: 0, files: 0 }, cargo: [], series: { annual: [], monthly: [], cumulative: [] }, transit: [], emissions: [], charts: chartDataFixture(),
  };
}

const changan = (period: Period, m: Partial<ServiceMetrics>): BulletinService => ({
  info: ref(0, { headlineSubject: "Trade between Xi'an and Kazakhstan via the Chang'an trains" }),
  metrics: metrics('changan-xian-almaty', period, m), dataStart: '2023-01-03', coversLaunch: false, milestones: [],
});
const asean = (period: Period, m: Partial<ServiceMetrics>, milestones: BulletinService['milestones'] = []): BulletinService => ({
  info: ref(1), metrics: metrics('asean-express', period, m), dataStart: '2024-10-15', coversLaunch: true, milestones,
});

describe('headline sentences', () => {
  it('reproduce the published sentence and record its figures', () => {
    const { view, figures } = buildTradeBulletin(
      data(annual2025, [changan(annual2025, { valueCny: '5319988000.0000', priorCny: '4466824517.2100', yoyPct: '19.1000000001' })]),
      'en',
    );
    expect(view.headlines[0]).toBe(
      "Trade between Xi'an and Kazakhstan via the Chang'an trains reached 5.32 billion yuan (about 781.34 million U.S. dollars) in 2025, an increase of 19.1 percent over 2024.",
    );
    // 5,319,988,000 / 6.8088 = 781,340,030.548701680178… (kept to 10 places, only the printed text rounded)
    expect(figures).toContainEqual(expect.objectContaining({ metric: 'trade_value', unit: 'USD', period: '2025', value: '781340030.5487016802', text: '781.34 million U.S. dollars' }));
    expect(view.slug).toBe('trade-bulletin-2025-annual-en');
  });

  it('say decrease, millions, and compare a year to date with the same days a year earlier', () => {
    // 950,000,000 / 6.8088 = 139,525,320.2…
    const { view } = buildTradeBulletin(data(ytd2026, [changan(ytd2026, { valueCny: '950000000', priorCny: '1000000000', yoyPct: '-5.0000000000' })]), 'en');
    expect(view.headlines[0]).toBe(
      "Trade between Xi'an and Kazakhstan via the Chang'an trains reached 950.00 million yuan (about 139.53 million U.S. dollars) from 1 January to 30 June 2026, a decrease of 5.0 percent over the same period of 2025.",
    );
    expect(view.title).toBe('Eurasian Rail Freight Trade, January–June 2026');
  });

  it('say n.m. with its reason when the service was not running', () => {
    const p2024: Period = { ...annual2025, year: 2024, start: '2024-01-01', end: '2024-12-31', priorStart: '2023-01-01', priorEnd: '2023-12-31', label: '2024' };
    const { view, figures } = buildTradeBulletin(data(p2024, [asean(p2024, { valueCny: '509524868.7352', yoyPct: null, yoyStatus: 'not-running', cumulativeCny: '509524868.7352' })]), 'en');
    expect(view.headlines[0]).toBe(
      'Trade carried by the ASEAN Express reached 509.52 million yuan (about 74.83 million U.S. dollars) in 2024; year-on-year growth is not meaningful (n.m.): the service was not running in 2023.',
    );
    expect(figures).toContainEqual(expect.objectContaining({ metric: 'trade_value_yoy_pct', value: null, text: 'n.m.', note: 'the service was not running in 2023' }));
  });

  it('flag a base effect when the service started during the comparison period', () => {
    const { view } = buildTradeBulletin(data(annual2025, [asean(annual2025, { valueCny: '2960475131.2632', priorCny: '509524868.7352', yoyPct: '481.0266216470', yoyStatus: 'started-in-prior' })]), 'en');
    expect(view.headlines[0]).toMatch(/an increase of 481\.0 percent over 2024; the service started on 15 October 2024, during the comparison period, so the base is small \(base effect\)\.$/);
  });

  it('bound a running total as the press does, with the first-return milestone', () => {
    const s = asean(annual2025, { valueCny: '2960475131.2632', cumulativeCny: '3470000000.0000' }, [{ date: '2025-06-21', kind: 'first-return', cumulativeCny: '1922500000.0000' }]);
    const { view } = buildTradeBulletin(data(annual2025, [s]), 'en');
    const cumulative = view.sections.find((x) => x.chartIds.includes('cumulative-value'))!.paragraphs;
    expect(cumulative).toEqual([
      'By 21 June 2025, when the first return train departed, the cumulative freight value of the ASEAN Express was more than 1.9 billion yuan.',
      'Since its launch on 15 October 2024, the ASEAN Express has carried goods worth 3.47 billion yuan by 31 December 2025, approaching 3.5 billion yuan.',
    ]);
  });

  it('say when the data start inside the comparison period', () => {
    const p2024: Period = { ...annual2025, year: 2024, start: '2024-01-01', end: '2024-12-31', priorStart: '2023-01-01', priorEnd: '2023-12-31', label: '2024' };
    const { view } = buildTradeBulletin(data(p2024, [changan(p2024, { valueCny: '4466824517.2092', priorCny: '3988236176.0840', yoyPct: '11.9999999999' })]), 'en');
    expect(view.headlines[0]).toMatch(/an increase of 12\.0 percent over 2023; the data for the comparison period start on 3 January 2023\.$/);
  });

  it('compare transit time with sea freight and print the 1/7 and 1/15 emission ratios as the operators\' claim, without invented factors', () => {
    const d = data(annual2025, [asean(annual2025, { valueCny: '2960475131.2632' })]);
    d.services[0]!.info.seaTransitDays = '45';
    d.transit = [{ service: 'asean-express', shipments: 4, meanDays: '20.7500000000', medianDays: '21' }];
    d.emissions = [
      { mode: 'rail', gramsPerTonneKm: '16', source: 'indicative', note: '' },
      { mode: 'road', gramsPerTonneKm: '112', source: 'indicative', note: '' },
      { mode: 'air', gramsPerTonneKm: '240', source: 'indicative', note: '' },
    ];
    const { view, figures } = buildTradeBulletin(d, 'en');
    const para = view.sections.find((x) => x.heading === 'Transit time and emissions')!.paragraphs;
    // 20.75 days → 20.8 (half-up); 20.75 / 45 = 46.1 % → 46 percent
    expect(para[0]).toBe('Containers on the ASEAN Express took 20.8 days on average from departure to arrival, about 46 percent of the roughly 45 days of sea freight on a comparable route (indicative).');
    // 112 / 16 = 7, 240 / 16 = 15: only the ratios of the claim are printed, never the g/t-km factors.
    expect(para[1]).toBe("According to the services' operators, rail freight emits about 1/7 of the CO₂ of road freight and 1/15 of that of air freight per tonne-kilometre; this is the operators' published claim, not a figure measured for this bulletin.");
    expect(para.join(' ')).not.toMatch(/\b(16|112|240) g\b|emission-factors|sources\//);
    expect(figures).toContainEqual(expect.objectContaining({ metric: 'emission_ratio', value: '7', text: '1/7' }));
    expect(figures).toContainEqual(expect.objectContaining({ metric: 'sea_transit_days', value: '45', text: '45' }));
    expect(figures).toContainEqual(expect.objectContaining({ metric: 'transit_days', unit: 'days', value: '20.7500000000', text: '20.8' }));
  });

  it('write the Chinese edition in 亿元 and 同比', () => {
    const { view } = buildTradeBulletin(
      data(annual2025, [changan(annual2025, { valueCny: '5319988000.0000', priorCny: '4466824517.2100', yoyPct: '19.1000000001' })]),
      'zh',
    );
    expect(view.headlines[0]).toBe('2025年，中欧班列长安号（西安—阿拉木图）贸易额53.20亿元（约合7.81亿美元），同比增长19.1%。');
    expect(view.lang).toBe('zh-CN');
  });
});

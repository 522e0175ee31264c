/**
 * Every printed number of the trade bulletin (outside charts), at the edges: exact ties, a change
 * that rounds to 0.0, small running totals, zero and one, thousands, dates and launch, dollar
 * growth, and the invariant that every number printed is a figure's text (or an exempt date or
 * reference). Expected values worked out by hand (or with Python's decimal, as noted).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BulletinData, BulletinService, Period, ServiceMetrics } from '../../reports/data.js';
import type { Figure } from '../../reports/figures.js';
import type { BulletinView, Edition } from '../../reports/model.js';
import { buildTradeBulletin } from '../../reports/trade/view.js';
import { FigureBook } from '../../reports/figures.js';
import type { ServiceRef } from '../../sources/reference.js';
import { chartDataFixture, services } from '../fixtures/chart-data.js';

const annual2025: Period = { kind: 'annual', year: 2025, start: '2025-01-01', end: '2025-12-31', priorStart: '2024-01-01', priorEnd: '2024-12-31', label: '2025' };
const ytdMid: Period = { kind: 'ytd', year: 2025, start: '2025-01-01', end: '2025-06-15', priorStart: '2024-01-01', priorEnd: '2024-06-15', label: '2025-01-01..2025-06-15' };

const ref = (i: number, extra: Partial<ServiceRef> = {}): ServiceRef => ({
  ...services[i]!, headlineSubject: '', headlineSubjectZh: '', outboundOrigins: ['CN'], routeStations: [], seaTransitDays: null, seaTransitNote: '', ...extra,
});

function metrics(service: string, period: Period, m: Partial<ServiceMetrics>): ServiceMetrics {
  return {
    service, period, firstDeparture: '2023-01-03', valueCny: '1000000000', valueUsd: '140000000', priorCny: '900000000', priorUsd: '126000000',
    yoyPct: '11.1', yoyStatus: 'ok', yoyUsdPct: '11.1', cumulativeCny: '5000000000', cumulativeUsd: '700000000',
    outboundCny: '600000000', inboundCny: '400000000', shipments: 100, priorShipments: 90, teu: '200', priorTeu: '180', trains: 10, priorTrains: 9, ...m,
  };
}

function data(period: Period, list: BulletinService[], extra: Partial<BulletinData> = {}): BulletinData {
  return {
    kind: period.kind, year: period.year, asOf: period.kind === 'ytd' ? period.end : '2026-06-30', period, policy: 'daily', maxRateAgeDays: 7, services: list,
    publication: { rate: '7.0000', date: period.kind === 'ytd' ? period.end : '2025-12-31', source: 'US Federal Reserve H.10 (synthetic sample)' },
    annualAverages: [{ year: 2025, rate: '7.1875', days: 254 }], rateUse: [{ method: 'identity', source: '—', lines: 4853 }, { method: 'direct', source: 'ECB euro reference rate', lines: 12 }],
    quarantined: { rows: 28, files: 3 }, cargo: [], series: { annual: [], monthly: [], cumulative: [] }, transit: [], emissions: [], charts: chartDataFixture(), ...extra,
  };
}

const changan = (period: Period, m: Partial<ServiceMetrics> = {}): BulletinService => ({
  info: ref(0), metrics: metrics('changan-xian-almaty', period, m), dataStart: '2023-01-03', coversLaunch: false, milestones: [],
});
const asean = (period: Period, m: Partial<ServiceMetrics> = {}, extra: Partial<BulletinService> = {}): BulletinService => ({
  info: ref(1), metrics: metrics('asean-express', period, { firstDeparture: '2024-10-15', ...m }), dataStart: '2024-10-15', coversLaunch: true, milestones: [], ...extra,
});

/** Every printed string of a view (charts excepted: they are the charts' own). */
function texts(v: BulletinView): string[] {
  const t = (tb?: { caption: string; head: string[]; rows: string[][]; notes: string[] }) => (tb ? [tb.caption, ...tb.head, ...tb.rows.flat(), ...tb.notes] : []);
  return [
    v.title, v.subtitle, v.asOfLine, v.sourceLine, v.runningHeader, ...v.keyFigures.flatMap((k) => [k.label, k.value, k.detail]), ...v.headlines,
    ...v.sections.flatMap((s) => [s.heading, ...s.paragraphs, ...t(s.table)]), v.methods.heading, ...v.methods.paragraphs, ...t(v.methods.table),
  ];
}
const all = (v: BulletinView): string => texts(v).join('\n');

// A number as it stands, with its percent sign if it has one ("31.5%" in Chinese text), as the agreement check reads it.
const NUMBER = /\d+(?:,\d{3})*(?:\.\d+)?%?/g;

/**
 * The numbers printed in the view that are neither a figure's text (or a number inside it) nor
 * inside an exempt date or reference: must be none.
 */
function strayNumbers(build: { view: BulletinView; figures: Figure[]; book?: FigureBook }, exempt: string[]): string[] {
  const allowed = new Set(build.figures.flatMap((f) => f.text.match(NUMBER) ?? []));
  const sorted = [...exempt].sort((a, b) => b.length - a.length);
  const stray: string[] = [];
  for (let s of texts(build.view)) {
    for (const e of sorted) s = s.split(e).join(' ');
    for (const n of s.match(NUMBER) ?? []) if (!allowed.has(n)) stray.push(`${n} in «${s}»`);
  }
  return stray;
}

/** Figures (outside charts) whose text is not printed anywhere in the view: must be none. */
function unprinted(build: { view: BulletinView; figures: Figure[] }): string[] {
  const text = all(build.view);
  return build.figures.filter((f) => !f.basis?.startsWith('chart') && !text.includes(f.text)).map((f) => `${f.metric} "${f.text}"`);
}

/** Builds an edition and captures the exemptions its figure book recorded. */
function build(d: BulletinData, edition: Edition) {
  const exempt: string[] = [];
  const date = FigureBook.prototype.date;
  const refFn = FigureBook.prototype.ref;
  FigureBook.prototype.date = function (text: string) { exempt.push(text); return date.call(this, text); };
  FigureBook.prototype.ref = function (text: string) { exempt.push(text); return refFn.call(this, text); };
  try {
    return { ...buildTradeBulletin(d, edition), exempt };
  } finally {
    FigureBook.prototype.date = date;
    FigureBook.prototype.ref = refFn;
  }
}

describe('exact ties, rounded once, half away from zero', () => {
  it('3,465,000,000 yuan prints 3.47 billion (zh 34.65亿元), in the text and in the table column', () => {
    const d = data(annual2025, [changan(annual2025, { valueCny: '3465000000' })]);
    const en = build(d, 'en');
    expect(en.view.headlines[0]).toContain('reached 3.47 billion yuan');
    const table = en.view.sections[0]!.table!;
    expect(table.head[1]).toBe('Value (billion yuan)');
    expect(table.rows[0]![1]).toBe('3.47');
    const zh = build(d, 'zh');
    expect(zh.view.headlines[0]).toContain('34.65亿元');
    expect(zh.view.sections[0]!.table!.head[1]).toBe('贸易额（亿元）');
    expect(zh.view.sections[0]!.table!.rows[0]![1]).toBe('34.65');
  });

  it('growth of exactly +1.15 % prints 1.2; 1.14999999999994 % prints 1.1', () => {
    const tie = build(data(annual2025, [changan(annual2025, { yoyPct: '1.15', yoyUsdPct: '1.15' })]), 'en');
    expect(tie.view.headlines[0]).toContain('an increase of 1.2 percent over 2024');
    expect(tie.view.sections[0]!.table!.rows[0]![3]).toBe('+1.2%');
    const below = build(data(annual2025, [changan(annual2025, { yoyPct: '1.14999999999994', yoyUsdPct: '1.14999999999994' })]), 'en');
    expect(below.view.headlines[0]).toContain('an increase of 1.1 percent over 2024');
    expect(below.figures).toContainEqual(expect.objectContaining({ metric: 'trade_value_yoy_pct', value: '1.14999999999994', text: 'an increase of 1.1 percent' }));
  });

  it('a cargo share of exactly 12.45 % prints 12.5', () => {
    // 1,245 / (1,245 + 8,755) = 0.1245 exactly.
    const d = data(annual2025, [changan(annual2025)], {
      cargo: [
        { service: 'changan-xian-almaty', category: 'Auto parts', categoryZh: '汽车零部件', valueCny: '8755' },
        { service: 'changan-xian-almaty', category: 'Chemicals', categoryZh: '化工产品', valueCny: '1245' },
      ],
    });
    const { view } = build(d, 'en');
    expect(all(view)).toContain('auto parts (87.6 percent) and chemicals (12.5 percent)');
    expect(all(build(d, 'zh').view)).toContain('化工产品占12.5%');
  });
});

describe('a change that rounds to 0.0 is "unchanged" everywhere', () => {
  for (const pct of ['0.04', '-0.04']) {
    it(`value and TEU change of ${pct} %`, () => {
      // TEU 200.08 on 200 = +0.04 %; 199.92 on 200 = −0.04 %.
      const teu = pct.startsWith('-') ? '199.92' : '200.08';
      const d = data(annual2025, [changan(annual2025, { yoyPct: pct, yoyUsdPct: pct, teu, priorTeu: '200' })]);
      const en = build(d, 'en');
      expect(en.view.headlines[0]).toContain('unchanged over 2024 (in U.S. dollars at transaction-date rates, unchanged)');
      expect(en.view.sections[0]!.table!.rows[0]![3]).toBe('unchanged');
      expect(all(en.view)).toContain('with TEU unchanged on a year earlier');
      expect(all(en.view)).not.toMatch(/0\.0 percent|[+−-]0\.0%|up 0\.0|down 0\.0/);
      const zh = build(d, 'zh');
      expect(zh.view.headlines[0]).toContain('与上年同期持平');
      expect(zh.view.sections[0]!.table!.rows[0]![3]).toBe('持平');
      expect(all(zh.view)).toContain('标箱量与上年同期持平');
      expect(all(zh.view)).not.toMatch(/0\.0%/);
    });
  }
});

describe('press bounds only where they say something', () => {
  it('a cumulative value of exactly 40 million: no bound beside the exact figure', () => {
    const s = asean(annual2025, { cumulativeCny: '40000000' }, { milestones: [{ date: '2025-06-21', kind: 'first-return', cumulativeCny: '41234567' }] });
    const { view } = build(data(annual2025, [s]), 'en');
    const cumulative = view.sections[1]!.paragraphs;
    expect(cumulative).toEqual([
      // 41,234,567 to two significant digits: 41,000,000, below the value: "more than 41 million".
      'By 21 June 2025, when the first return train departed, the cumulative freight value of the ASEAN Express was more than 41 million yuan.',
      'Since its launch on 15 October 2024, the ASEAN Express has carried goods worth 40.00 million yuan by 31 December 2025.',
    ]);
    expect(all(view)).not.toMatch(/0\.0 billion|0\.1 billion/);
    const zh = build(data(annual2025, [s]), 'zh').view.sections[1]!.paragraphs;
    expect(zh[0]).toContain('累计货值超过4,100万元');
    expect(zh[1]).toMatch(/累计货值4,000\.00万元。$/);
  });

  it('623.4 million: "more than 620 million yuan"; 3.20 billion exactly: no "3.2 billion" beside it', () => {
    const a = build(data(annual2025, [asean(annual2025, { cumulativeCny: '623400000' })]), 'en').view.sections[1]!.paragraphs;
    expect(a[0]).toBe('Since its launch on 15 October 2024, the ASEAN Express has carried goods worth 623.40 million yuan by 31 December 2025, more than 620 million yuan.');
    const b = build(data(annual2025, [asean(annual2025, { cumulativeCny: '3201000000' })]), 'en').view.sections[1]!.paragraphs;
    expect(b[0]).toBe('Since its launch on 15 October 2024, the ASEAN Express has carried goods worth 3.20 billion yuan by 31 December 2025.');
  });
});

describe('zero and one, thousands', () => {
  it('no inbound trade; 1 train, 1 shipment', () => {
    const d = data(annual2025, [asean(annual2025, { inboundCny: '0', outboundCny: '1000000000', trains: 1, shipments: 1, teu: '2', priorTeu: '0' })]);
    const en = all(build(d, 'en').view);
    expect(en).toContain('Outbound trade on the ASEAN Express came to 1.00 billion yuan; there was no inbound trade.');
    expect(en).toContain('The ASEAN Express ran 1 train carrying 2 TEU (1 shipment) in 2025.');
    expect(en).not.toMatch(/\b0 yuan|1 trains|1 shipments/);
    expect(all(build(d, 'zh').view)).toContain('东盟快班去程货值10.00亿元，回程无货值。');
  });

  it('no trade in the period is worded, on the cover too', () => {
    const d = data(annual2025, [asean(annual2025, { valueCny: '0', yoyPct: '-100', yoyUsdPct: '-100', outboundCny: '0', inboundCny: '0' })]);
    const en = build(d, 'en').view;
    expect(en.headlines[0]).toBe('No trade was recorded on the ASEAN Express in 2025 (a decrease of 100.0 percent).');
    expect(en.keyFigures[0]!.value).toBe('no trade');
    expect(all(en)).not.toMatch(/\b0 yuan|0 U\.S\. dollars/);
    expect(build(d, 'zh').view.headlines[0]).toBe('2025年，东盟快班无贸易记录（同比下降100.0%）。');
  });

  it('1,400.0 percent, 1,000.00 billion yuan, zh 9,999.50万元', () => {
    const d = data(annual2025, [changan(annual2025, { valueCny: '1000000000000', yoyPct: '1400', yoyUsdPct: '1400' })]);
    const { view } = build(d, 'en');
    expect(view.headlines[0]).toContain('reached 1,000.00 billion yuan');
    expect(view.headlines[0]).toContain('an increase of 1,400.0 percent');
    expect(view.sections[0]!.table!.rows[0]).toEqual(expect.arrayContaining(['1,000.00', '+1,400.0%']));
    const zh = build(data(annual2025, [changan(annual2025, { valueCny: '99995000' })]), 'zh').view;
    expect(zh.headlines[0]).toContain('9,999.50万元');
    expect(zh.sections[0]!.table!.head[1]).toBe('贸易额（万元）');
    expect(zh.sections[0]!.table!.rows[0]![1]).toBe('9,999.50');
  });

  it('one unit per column: a small and a large service share the larger scale', () => {
    const d = data(annual2025, [changan(annual2025, { valueCny: '5319988000' }), asean(annual2025, { valueCny: '41234567' })]);
    const zh = build(d, 'zh').view.sections[0]!.table!;
    // 5,319,988,000 / 7 = 759,998,285.7… → 7.60亿美元; 41,234,567 / 7 = 5,890,652.4… → 0.06亿美元.
    expect(zh.head.slice(1, 3)).toEqual(['贸易额（亿元）', '折合美元（亿美元）']);
    expect(zh.rows.map((r) => r.slice(1, 3))).toEqual([['53.20', '7.60'], ['0.41', '0.06']]);
    const en = build(d, 'en').view.sections[0]!.table!;
    expect(en.head.slice(1, 3)).toEqual(['Value (billion yuan)', 'Value (million USD)']);
    // 41,234,567 yuan = 0.04 billion; 759,998,285.7… = 760.00 million; 5,890,652.4… = 5.89 million.
    expect(en.rows.map((r) => r.slice(1, 3))).toEqual([['5.32', '760.00'], ['0.04', '5.89']]);
  });

  it('TEU in one format everywhere: whole units in the cover, the text and the table, fraction or not', () => {
    // 682.5 rounds half away from zero to 683; the total 5,701.5 to 5,702; 5,019 stays 5,019.
    const d = data(annual2025, [changan(annual2025, { teu: '5019' }), asean(annual2025, { teu: '682.5' })]);
    const { view, figures } = build(d, 'en');
    expect(view.sections[0]!.table!.rows.map((r) => r[5])).toEqual(['5,019', '683']);
    expect(view.keyFigures.find((k) => k.label === 'TEU carried, all services')!.value).toBe('5,702');
    expect(all(view)).toContain('carrying 5,019 TEU');
    expect(all(view)).toContain('carrying 683 TEU');
    expect(figures).toContainEqual(expect.objectContaining({ service: 'all', metric: 'teu', value: '5701.5', text: '5,702' }));
    // A bulletin whose TEU are whole prints them alike (no "5,651" here and "9,613.75" there).
    const whole = build(data(annual2025, [changan(annual2025, { teu: '5019' })]), 'en').view;
    expect(whole.keyFigures.find((k) => k.label === 'TEU carried, all services')!.value).toBe('5,019');
  });
});

describe('dates', () => {
  it('as of 15 June 2025: nothing dated after it, the 21 June first return not mentioned', () => {
    const d = data(ytdMid, [asean(ytdMid, { yoyPct: null, yoyUsdPct: null, yoyStatus: 'not-running' })]);
    for (const edition of ['en', 'zh'] as const) {
      const b = build(d, edition);
      const text = all(b.view);
      expect(text).not.toMatch(/21 June|6月21日|30 June|6月30日|first return|回程班列/);
      expect(b.exempt.filter((t) => /June|6月/.test(t))).not.toHaveLength(0);
      for (const t of b.exempt) expect(t).not.toMatch(/(1[6-9]|2\d|3[01]) June 2025|6月(1[6-9]|2\d|3[01])日|July|December 2025/);
    }
    expect(build(d, 'en').view.title).toBe('Eurasian Rail Freight Trade, 1 January to 15 June 2025');
    expect(build(d, 'en').view.methods.table!.rows[0]!.slice(0, 3)).toEqual(['2025 (to 15 June)', '7.1875 [p]', '254 [p]']);
    expect(build(d, 'zh').view.methods.table!.rows[0]![0]).toBe('2025年（截至6月15日）');
    // The average to 15 June is recorded under that span, as printed, not as the year 2025's.
    const rates = build(d, 'en').figures.filter((f) => f.metric === 'annual_average_rate' || (f.metric === 'rate_days' && f.basis?.includes('annual')));
    expect(rates.map((f) => [f.metric, f.period, f.text])).toEqual([['annual_average_rate', '2025-01-01..2025-06-15', '7.1875'], ['rate_days', '2025-01-01..2025-06-15', '254']]);
    expect(build(d, 'en').view.headlines[0]).toMatch(/: the service was not running from 1 January to 15 June 2024\.$/);
  });

  it('data that start after launch: both dates, no "since launch"', () => {
    const s = asean(annual2025, { yoyStatus: 'started-in-prior', yoyPct: '481.0266', yoyUsdPct: '470.5' }, { dataStart: '2024-11-02', coversLaunch: false });
    const en = build(data(annual2025, [s]), 'en').view;
    const text = all(en);
    expect(text).toContain('The ASEAN Express was launched on 15 October 2024; the data in this bulletin start on 2 November 2024. From then to 31 December 2025 it carried goods worth 5.00 billion yuan.');
    expect(text).toContain('the service started on 15 October 2024, during the comparison period');
    expect(text).not.toMatch(/since (its )?launch/i);
    expect(en.keyFigures.map((k) => k.label)).not.toContain('Cumulative value since launch, ASEAN Express');
    // The cover carries the base-effect caveat beside the growth.
    expect(en.keyFigures[0]!.detail).toBe('an increase of 481.0 percent (base effect: the service started during the comparison period)');
    const zh = all(build(data(annual2025, [s]), 'zh').view);
    expect(zh).toContain('东盟快班于2024年10月15日开行，本公报数据自2024年11月2日起');
    expect(zh).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('a launch known to the month: "in November 2013"', () => {
    const { view } = build(data(annual2025, [changan(annual2025)]), 'en');
    expect(view.sections[1]!.paragraphs[0]).toBe(
      "The Chang'an Xi'an–Almaty was launched in November 2013; the data in this bulletin start on 3 January 2023. From then to 31 December 2025 it carried goods worth 5.00 billion yuan.",
    );
  });
});

describe('growth in U.S. dollars', () => {
  it('printed beside the yuan growth; a difference of a point or more is explained (en, zh)', () => {
    const d = data(annual2025, [changan(annual2025, { yoyPct: '19.1', yoyUsdPct: '18.1' })]);
    const en = build(d, 'en');
    expect(en.view.headlines[0]).toContain('an increase of 19.1 percent over 2024 (in U.S. dollars at transaction-date rates, an increase of 18.1 percent). The change in the exchange rate of the yuan against the U.S. dollar accounts for the difference between the two rates.');
    expect(en.figures).toContainEqual(expect.objectContaining({ metric: 'trade_value_usd_yoy_pct', unit: 'percent', value: '18.1', text: 'an increase of 18.1 percent' }));
    expect(build(d, 'zh').view.headlines[0]).toMatch(/同比增长19\.1%；按交易日汇率以美元计同比增长18\.1%。两者差异源于人民币兑美元汇率的变动。$/);
  });

  it('no explanation under a point (compared unrounded: 19.14 against 18.15 is 0.99)', () => {
    const { view } = build(data(annual2025, [changan(annual2025, { yoyPct: '19.14', yoyUsdPct: '18.15' })]), 'en');
    // Both print as 19.1 and 18.2 (0.9 apart), and 0.99 < 1: no sentence.
    expect(view.headlines[0]).toMatch(/an increase of 18\.2 percent\)\.$/);
  });
});

describe('no production details, readers\' words', () => {
  it('the source line names the publisher, not the software; the quality sentence counts the period\'s rows', () => {
    const d = data(annual2025, [changan(annual2025)], { publisher: { name: 'Xi\'an Statistics Office', name_zh: '西安市统计局', contact: 'stats@example.org', licence: 'CC BY 4.0', url: 'https://example.org' } });
    const en = build(d, 'en').view;
    expect(en.sourceLine).toBe("Source: Xi'an Statistics Office, from freight declarations (container-level shipment and goods-line value records); exchange rates as stated in the methods.");
    expect(all(en)).toContain('28 input records of this period failed the data checks');
    expect(build(d, 'zh').view.sourceLine).toMatch(/^资料来源：西安市统计局，依据/);
    for (const e of ['en', 'zh'] as const) {
      const text = all(build(d, e).view);
      expect(text).not.toMatch(/trade-bulletin|workspace|quarantine|工作区|隔离|sources\/|\.csv|policy:|\(daily\)|（daily）/);
    }
    const zh = all(build(d, 'zh').view);
    expect(zh).not.toMatch(/n\.m\.|daily/);
    // Full-width punctuation in Chinese text: no half-width comma, semicolon, colon or bracket except inside a number (9,999.50).
    expect(zh.replace(/\d,\d/g, '')).not.toMatch(/[,;:()]/);
    // No nested full-width brackets: an opening bracket is closed before the next opens.
    for (const t of texts(build(d, 'zh').view)) expect(t, t).not.toMatch(/（[^）]*（/);
    expect(zh).toContain('美国联邦储备委员会H.10（模拟样本数据）');
  });
});

describe('every printed number is a figure or an exempt date/reference', () => {
  const rich = (m: Partial<ServiceMetrics> = {}, a: Partial<ServiceMetrics> = {}): BulletinData => {
    const d = data(annual2025, [
      changan(annual2025, { valueCny: '5319988000', priorCny: '4466824517.21', yoyPct: '19.1000000000646992060884699327715768679', yoyUsdPct: '17.3', teu: '9613.75', priorTeu: '9000', ...m }),
      asean(annual2025, { valueCny: '2960475131.2632', yoyPct: '481.0266', yoyUsdPct: '470.5', yoyStatus: 'started-in-prior', cumulativeCny: '3470000000', ...a },
        { milestones: [{ date: '2025-06-21', kind: 'first-return', cumulativeCny: '1922500000' }] }),
    ], {
      cargo: [
        { service: 'changan-xian-almaty', category: 'Auto parts', categoryZh: '汽车零部件', valueCny: '3000' },
        { service: 'changan-xian-almaty', category: 'Chemicals', categoryZh: '化工产品', valueCny: '1245' },
      ],
      transit: [{ service: 'asean-express', shipments: 4, meanDays: '20.75', medianDays: '21' }],
      monthlyAverages: [{ month: '2025-06', rate: '7.1235', days: 21, mean: '7.123456789012345678' }],
      emissions: [
        { mode: 'rail', gramsPerTonneKm: '16', source: 'indicative', note: '' },
        { mode: 'road', gramsPerTonneKm: '112', source: 'indicative', note: '' },
        { mode: 'air', gramsPerTonneKm: '240', source: 'indicative', note: '' },
      ],
    });
    d.services[1]!.info.seaTransitDays = '45';
    return d;
  };

  it('holds for a bulletin with every kind of sentence, both editions', () => {
    for (const e of ['en', 'zh'] as const) {
      for (const policy of ['daily', 'monthly-average', 'annual-average'] as const) {
        const b = build({ ...rich(), policy }, e);
        expect(strayNumbers(b, b.exempt)).toEqual([]);
        expect(unprinted(b)).toEqual([]);
        // Under the monthly-average policy the table prints the monthly means used.
        expect(b.view.methods.table!.rows.some((r) => r.join('|') === (e === 'zh' ? '2025年6月|7.1235|21' : 'June 2025|7.1235|21'))).toBe(policy === 'monthly-average');
        // The 7-day window is a figure only where it is printed (daily policy).
        expect(b.figures.some((f) => f.metric === 'rate_window_days')).toBe(policy === 'daily');
      }
    }
    const zh = all(build(rich(), 'zh').view);
    expect(zh.replace(/\d,\d/g, '')).not.toMatch(/[,;:()]|n\.m\.|\d{4}-\d{2}-\d{2}/);
  });

  it('catches a number that is not a figure (the check can fail)', () => {
    const b = build(rich(), 'en');
    b.view.headlines.push('A stray 12.3 percent.');
    expect(strayNumbers(b, b.exempt)).toEqual(['12.3 in «A stray 12.3 percent.»']);
  });

  it('holds for random exact values (fast-check)', () => {
    const amount = fc.bigInt({ min: 0n, max: 10n ** 13n }).map((n) => (n / 10000n).toString() + '.' + (n % 10000n).toString().padStart(4, '0'));
    const pct = fc.option(fc.integer({ min: -10_000_000, max: 10_000_000 }).map((n) => `${n < 0 ? '-' : ''}${Math.floor(Math.abs(n) / 1000)}.${String(Math.abs(n) % 1000).padStart(3, '0')}`), { nil: null });
    fc.assert(
      fc.property(amount, amount, amount, pct, pct, fc.nat({ max: 3 }), fc.nat({ max: 3 }), (v, c, inbound, g, gu, trains, ships) => {
        for (const e of ['en', 'zh'] as const) {
          const b = build(rich(
            { valueCny: v, cumulativeCny: c, inboundCny: inbound, yoyPct: g, yoyUsdPct: g === null ? null : gu, trains, shipments: ships },
            { cumulativeCny: c },
          ), e);
          const stray = [...strayNumbers(b, b.exempt), ...unprinted(b)];
          if (stray.length) throw new Error(stray.join('; '));
        }
      }),
      { numRuns: 150 },
    );
  });
});

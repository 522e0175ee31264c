/**
 * One vocabulary per edition, from the reference data: a service's full name once and its short
 * name after, one spelling of China-Europe, TEU in one format, the emission ratios as the
 * operators' claim with its source, and a Chinese edition in Chinese: translated terms, full-width
 * punctuation, Chinese dates, 年度 / 1—6月, no nested brackets. Read from the rendered HTML
 * (charts included) built from the real reference files; expected strings written by hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCharts } from '../../pipelines/charts.js';
import { wrapFootnote } from '../../reports/charts/theme.js';
import type { BulletinData, BulletinService, Period, ServiceMetrics } from '../../reports/data.js';
import type { BulletinView, Edition } from '../../reports/model.js';
import { renderBulletinHtml } from '../../reports/render-html.js';
import { buildTradeBulletin } from '../../reports/trade/view.js';
import { loadReference, type Reference } from '../../sources/reference.js';
import { chartDataFixture } from '../fixtures/chart-data.js';

const annual2025: Period = { kind: 'annual', year: 2025, start: '2025-01-01', end: '2025-12-31', priorStart: '2024-01-01', priorEnd: '2024-12-31', label: '2025' };
const annual2023: Period = { kind: 'annual', year: 2023, start: '2023-01-01', end: '2023-12-31', priorStart: '2022-01-01', priorEnd: '2022-12-31', label: '2023' };
const ytd2026: Period = { kind: 'ytd', year: 2026, start: '2026-01-01', end: '2026-06-30', priorStart: '2025-01-01', priorEnd: '2025-06-30', label: '2026-01-01..2026-06-30' };

let ref: Reference;
beforeAll(async () => {
  ref = await loadReference();
});

function metrics(service: string, period: Period, m: Partial<ServiceMetrics>): ServiceMetrics {
  return {
    service, period, firstDeparture: '2023-01-07', valueCny: '5319988000', valueUsd: '740000000', priorCny: '4466824517.21', priorUsd: '620000000',
    yoyPct: '19.1', yoyStatus: 'ok', yoyUsdPct: '19.4', cumulativeCny: '13775000000', cumulativeUsd: '1900000000',
    outboundCny: '4485000000', inboundCny: '834988000', shipments: 2870, priorShipments: 2700, teu: '5436.25', priorTeu: '5019', trains: 76, priorTrains: 70, ...m,
  };
}

function service(id: string, period: Period, m: Partial<ServiceMetrics> = {}, extra: Partial<BulletinService> = {}): BulletinService {
  const info = ref.services.find((s) => s.id === id)!;
  const launch = id === 'asean-express';
  return {
    info, metrics: metrics(id, period, m), dataStart: launch ? '2024-10-15' : '2023-01-07', coversLaunch: launch,
    milestones: [], ...extra,
  };
}

function data(period: Period, list: BulletinService[]): BulletinData {
  return {
    kind: period.kind, year: period.year, asOf: '2026-06-30', period, policy: 'daily', maxRateAgeDays: 7, services: list,
    publication: { rate: '6.8088', date: '2026-06-30', source: 'US Federal Reserve H.10 (synthetic sample)' },
    annualAverages: [{ year: period.year, rate: '7.1875', days: 254 }],
    rateUse: [{ method: 'identity', source: '—', lines: 4853 }, { method: 'direct', source: 'National Bank of Kazakhstan official rate (synthetic sample)', lines: 12 }],
    quarantined: { rows: 0, files: 0 }, cargo: [], series: { annual: [], monthly: [], cumulative: [] },
    transit: [], emissions: ref.emissions, charts: chartDataFixture(),
  };
}

const sample2025 = () => data(annual2025, [
  service('changan-xian-almaty', annual2025),
  service('asean-express', annual2025, { valueCny: '2960475131.26', priorCny: '509524868.74', yoyPct: '481.03', yoyUsdPct: '483.9', yoyStatus: 'started-in-prior', cumulativeCny: '3470000000', teu: '4177.5', priorTeu: '682.5', trains: 71, shipments: 2215, outboundCny: '2678345131.26', inboundCny: '282130000' }),
]);

/** The text nodes of a page (markup, styles and attributes dropped, entities decoded). */
function textNodes(page: string): string[] {
  return [...page.replace(/<style[\s\S]*?<\/style>/gu, '').matchAll(/>([^<>]+)</gu)]
    .map((m) => (m[1] ?? '').replace(/&#39;/gu, "'").replace(/&quot;/gu, '"').replace(/&amp;/gu, '&').trim())
    .filter(Boolean);
}

async function page(d: BulletinData, edition: Edition): Promise<{ view: BulletinView; html: string; text: string }> {
  const { view } = buildTradeBulletin(d, edition);
  const html = renderBulletinHtml(view, await renderCharts(d.charts, edition));
  return { view, html, text: textNodes(html).join('\n') };
}

describe('one vocabulary per edition', () => {
  it('names a service in full once (the headline), then by its short name; never "the Chang\'an trains"', async () => {
    const { view, text } = await page(sample2025(), 'en');
    expect(view.headlines[0]).toBe(
      "Trade between Xi'an and Kazakhstan on the Chang'an China-Europe freight train, Xi'an–Almaty, reached 5.32 billion yuan (about 781.34 million U.S. dollars) in 2025, an increase of 19.1 percent over 2024 (in U.S. dollars at transaction-date rates, an increase of 19.4 percent).",
    );
    expect(text.match(/Chang'an China-Europe freight train/gu)).toHaveLength(1);
    expect(text).toContain('The Chang\'an Xi\'an–Almaty was launched in November 2013; the data in this bulletin start on 7 January 2023.');
    expect(text).toContain('The Chang\'an Xi\'an–Almaty ran 76 trains carrying 5,436 TEU (2,870 shipments) in 2025, up 8.3 percent in TEU.');
    expect(text).not.toMatch(/Chang'an trains|China–Europe|China–ASEAN/u);
  });

  it('zh: 中欧班列长安号（西安—阿拉木图） once, then 长安号（西安—阿拉木图）', async () => {
    const { view, text } = await page(sample2025(), 'zh');
    expect(view.headlines[0]).toBe(
      '2025年，经中欧班列长安号（西安—阿拉木图）运输的西安对哈萨克斯坦贸易额53.20亿元（约合7.81亿美元），同比增长19.1%；按交易日汇率以美元计同比增长19.4%。',
    );
    expect(text.match(/中欧班列长安号/gu)).toHaveLength(1);
    expect(text).toContain('长安号（西安—阿拉木图）于2013年11月开行');
    expect(text).not.toMatch(/中国—东盟班列|东盟快车/u);
  });

  it('prints TEU as whole units on the cover, in the text and the table (5,436.25 + 4,177.50 = 9,613.75 → 9,614)', async () => {
    for (const edition of ['en', 'zh'] as const) {
      const { view, text } = await page(sample2025(), edition);
      expect(view.keyFigures.find((k) => /TEU|标箱/u.test(k.label))!.value).toBe('9,614');
      expect(view.sections[0]!.table!.rows.map((r) => r[5])).toEqual(['5,436', '4,178']);
      expect(text).not.toMatch(/9,613\.75|5,436\.25|4,177\.50/u);
    }
  });

  it('gives the base-effect caveat wherever the +481.0 % appears: cover, headline, table note', async () => {
    const en = (await page(sample2025(), 'en')).view;
    expect(en.keyFigures[1]!.detail).toBe('an increase of 481.0 percent (base effect: the service started during the comparison period)');
    expect(en.headlines[1]).toContain('so the base is small (base effect)');
    expect(en.sections[0]!.table!.notes).toContain('ASEAN Express: the change reflects a base effect; the service was launched on 15 October 2024, during the comparison period.');
    const zh = (await page(sample2025(), 'zh')).view;
    expect(zh.keyFigures[1]!.detail).toBe('同比增长481.0%（基数效应）');
  });

  it('prints the emission ratios as the operators\' claim, naming its source from the reference', async () => {
    const d = sample2025();
    const en = (await page(d, 'en')).view.sections.find((s) => s.heading === 'Transit time and emissions')!.paragraphs;
    expect(en).toContain("According to the services' operators, as reported in the press, rail freight emits about 1/7 of the CO₂ of road freight and 1/15 of that of air freight per tonne-kilometre; this is the operators' published claim, not a figure measured for this bulletin.");
    const zh = (await page(d, 'zh')).view.sections.find((s) => s.heading === '运输时间与排放')!.paragraphs;
    expect(zh).toContain('据媒体报道的班列运营方介绍，按每吨公里计，铁路货运二氧化碳排放约为公路运输的1/7、航空运输的1/15；该比例为运营方说法，本公报未作测算。');
  });

  it('words the conversion policy as a sentence, not "Conversion (policy: daily): Each…"', async () => {
    const { text } = await page(sample2025(), 'en');
    expect(text).toContain('Conversion at daily rates: each goods line is converted to yuan and U.S. dollars at the exchange rate of its shipment\'s departure date;');
    expect(text).not.toMatch(/policy: daily|\(policy/u);
  });
});

describe('the Chinese edition in Chinese', () => {
  it('uses full-width punctuation beside Chinese characters in every text node, charts included', async () => {
    for (const d of [sample2025(), data(ytd2026, [service('changan-xian-almaty', ytd2026), service('asean-express', ytd2026, { yoyStatus: 'ok' })])]) {
      const { html } = await page(d, 'zh');
      const bad = textNodes(html).filter((t) => /[\u3400-\u9fff][,():;]|[,():;][\u3400-\u9fff]/u.test(t));
      expect(bad).toEqual([]);
      const nested = textNodes(html).filter((t) => /（[^）]*（/u.test(t));
      expect(nested).toEqual([]);
      // A Chinese range takes the full dash (2023—2025年, 1—6月), never the en dash.
      expect(textNodes(html).filter((t) => /–/u.test(t) && /[\u3400-\u9fff]/u.test(t))).toEqual([]);
      // Dates in Chinese, never ISO.
      expect(textNodes(html).filter((t) => /\d{4}-\d{2}-\d{2}/u.test(t))).toEqual([]);
    }
  });

  it('never breaks a Chinese date across chart footnote lines (the 2026 year-to-date footnote, as wrapped)', () => {
    const note = '资料来源：班列货物申报数据。“—”：上年无可比数值，同比增速不适用。不完整年度（浅色虚线框）与上年同期比较。数据截至2026年6月30日。';
    const lines = wrapFootnote(note);
    expect(lines.join('')).toBe(note);
    expect(lines.some((l) => l.includes('2026年6月30日'))).toBe(true);
    // Every width: the date stays whole.
    for (let w = 120; w <= 600; w += 7) expect(wrapFootnote(note, w).some((l) => l.includes('2026年6月30日')), String(w)).toBe(true);
  });

  it('translates n.m. (— in the table, 不适用 in words), the policy and the rate sources', async () => {
    const d = data(annual2023, [service('changan-xian-almaty', annual2023, { yoyPct: null, yoyUsdPct: null, yoyStatus: 'zero-prior', priorCny: '0' })]);
    const { view, text } = await page(d, 'zh');
    expect(view.keyFigures[0]!.detail).toBe('同比增速不适用：2022年无记录货值');
    expect(view.headlines[0]).toBe('2023年，经中欧班列长安号（西安—阿拉木图）运输的西安对哈萨克斯坦贸易额53.20亿元（约合7.81亿美元），同比增速不适用：2022年无记录货值。');
    expect(view.sections[0]!.table!.rows[0]![3]).toBe('—');
    expect(view.sections[0]!.table!.notes).toContain('长安号（西安—阿拉木图）：上年无可比数值，同比增速不适用（记为“—”）。');
    expect(text).toContain('汇率折算（按日汇率）：');
    expect(text).toContain('汇率来源：哈萨克斯坦国家银行官方汇率（模拟样本数据）。');
    expect(text).not.toMatch(/n\.m\.|daily|synthetic sample|不具可比性/u);
  });

  it('puts the cells\' unit in every amount header (亿元 over 亿元 cells)', async () => {
    const { view } = await page(sample2025(), 'zh');
    const t = view.sections[0]!.table!;
    expect(t.caption).toBe('分线路主要指标，2025年');
    expect(t.head).toEqual(['线路', '贸易额（亿元）', '折合美元（亿美元）', '同比', '累计货值（亿元）', '标箱', '列数', '票数']);
    expect(t.rows[0]!.slice(1, 3)).toEqual(['53.20', '7.81']);
  });

  it('names the edition 年度 or 1—6月, never 年内版', async () => {
    const annual = await page(sample2025(), 'zh');
    expect(annual.view.editionLabel).toBe('年度 · 2025年');
    const ytd = await page(data(ytd2026, [service('changan-xian-almaty', ytd2026)]), 'zh');
    expect(ytd.view.editionLabel).toBe('1—6月 · 2026年');
    expect(ytd.view.title).toBe('2026年1—6月亚欧铁路货运贸易统计公报');
    expect(ytd.html).toContain('1—6月 · 2026年');
    expect(ytd.text).not.toContain('年内版');
  });

  it('keeps the city in every station\'s Chinese name (河内安园站, not 安园站)', () => {
    const zh = Object.fromEntries(ref.stations.map((s) => [s.id, s.nameZh]));
    expect(zh['hanoi-an-yen']).toBe('河内安园站');
    expect(zh['chongqing-tuanjie']).toBe('重庆团结村站');
    expect(zh['xian-chanba']).toBe('西安国际港站');
  });
});

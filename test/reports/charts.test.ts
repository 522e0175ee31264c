import { describe, expect, it } from 'vitest';
import { chartBuilders, chartIds } from '../../reports/charts/index.js';
import fc from 'fast-check';
import { numberTokens, removeExempt } from '../../pipelines/agreement.js';
import { ChartFigures, monthSpan, niceTicks, valueAxis } from '../../reports/charts/chart-kit.js';
import { placeLabels } from '../../reports/charts/label-placement.js';
import { textWidth } from '../../reports/charts/text-width.js';
import { CHART_WIDTH, wrapFootnote } from '../../reports/charts/theme.js';
import type { ChartData, Edition } from '../../reports/model.js';
import { chartDataFixture, emptyChartData } from '../fixtures/chart-data.js';
import { figureStatus } from '../../reports/status.js';

const build = (id: string, edition: Edition, data: ChartData = chartDataFixture()) => {
  const builder = chartBuilders.find((b) => b(data, edition).id === id);
  if (!builder) throw new Error(`no builder ${id}`);
  return builder(data, edition);
};

describe('chart builders', () => {
  it('exist for every chart id, in order, in both editions', () => {
    for (const edition of ['en', 'zh'] as const) {
      expect(chartBuilders.map((b) => b(chartDataFixture(), edition).id)).toEqual([...chartIds]);
    }
  });

  it('inline their data and fetch nothing', () => {
    for (const b of chartBuilders) {
      const json = JSON.stringify(b(chartDataFixture(), 'en').spec);
      expect(json).not.toMatch(/"url"\s*:/u);
      expect(json.replace('https://vega.github.io/schema/vega-lite/v6.json', '')).not.toMatch(/https?:/u);
    }
  });

  it('annual-value: growth labels, n.m., the partial year and alt text from the data', () => {
    const en = build('annual-value', 'en');
    const values = JSON.stringify(en.spec);
    expect(values).toContain('"+19.1%"');
    expect(values).toContain('"n.m."');
    expect(values).toContain('2026 (Jan–Jun)');
    expect(en.alt).toContain(
      "Chang'an Xi'an–Almaty rose from 3.99 billion yuan in 2023 to 5.32 billion yuan in 2025 (+19.1% on 2024)",
    );
    expect(en.alt).toContain('in January–June 2026, 2.85 billion yuan (+12.2%');
    const zh = build('annual-value', 'zh');
    expect(zh.title).toBe('各班列年度贸易额');
    expect(zh.alt).toContain('由2023年的39.90亿元增至2025年的53.20亿元');
    expect(JSON.stringify(zh.spec)).toContain('亿元');
  });

  it('monthly-value compares only the months up to the period end', () => {
    const en = build('monthly-value', 'en');
    expect(en.alt).toContain(
      '2.85 billion yuan in January–June 2026 (+12.2% on the same period of 2025); highest month Jun (520.00 million yuan)',
    );
    expect(JSON.stringify(en.spec)).not.toContain('"Jul"');
    const midMonth = build('monthly-value', 'en', chartDataFixture({ periodEnd: '2026-06-15' }));
    const note = (
      midMonth.spec as unknown as { vconcat: { title: { text: string[] } }[] }
    ).vconcat[0]!.title.text.join(' ');
    expect(note).toContain('Jun 2026: 1–15 Jun only');
  });

  it('cumulative-value marks the first return train and states the value then', () => {
    const en = build('cumulative-value', 'en');
    expect(en.alt).toContain('ASEAN Express: 5.43 billion yuan by 30 June 2026');
    expect(en.alt).toContain('1.93 billion yuan by 30 June 2025, the month of its first return train');
    expect(JSON.stringify(en.spec)).toContain('first return train, 21 June 2025');
  });

  it('direction, cargo-mix and volume describe their data', () => {
    expect(build('direction', 'en').alt).toContain(
      'outbound 1.71 billion yuan (60.0%), inbound 1.14 billion yuan (40.0%)',
    );
    expect(build('cargo-mix', 'en').alt).toContain('Auto parts 740.00 million yuan (26.0%)');
    expect(build('cargo-mix', 'zh').alt).toContain('汽车零部件7.40亿元（26.0%）');
    expect(build('volume', 'en').alt).toContain('14,650 TEU on 265 trains');
  });

  it('direction, cargo-mix and volume record their figures under the period figures.json names (so they carry the status the text does)', () => {
    // Recorded under the printed words, "2025年" and "January–June 2026" had no end: stamped final beside the text's provisional.
    const annual = chartDataFixture({ kind: 'annual', year: 2025, periodEnd: '2025-12-31' });
    for (const edition of ['en', 'zh'] as const) {
      for (const id of ['direction', 'cargo-mix', 'volume']) {
        const ytd = build(id, edition).figures.filter((f) => f.period !== 'axis' && !/^\d{4}-\d{2}$/.test(f.period));
        expect(ytd.length).toBeGreaterThan(0);
        expect(new Set(ytd.map((f) => f.period))).toEqual(new Set(['2026-01-01..2026-06-30']));
        expect(ytd.every((f) => figureStatus(f.period, '2026-06-30') === 'provisional')).toBe(true);
        const year = build(id, edition, annual).figures.filter((f) => f.period !== 'axis' && !/^\d{4}-\d{2}$/.test(f.period));
        expect(new Set(year.map((f) => f.period))).toEqual(new Set(['2025']));
        // As of 5 January 2026 the year's figures are provisional (final from 31 March 2026).
        expect(year.every((f) => figureStatus(f.period, '2026-01-05') === 'provisional')).toBe(true);
      }
    }
  });

  it('volume prints TEU in whole units, as the text, the cover and the table do', () => {
    // Chang'an 2,200.25 + 2,100 + 2,500 + 2,550 + 2,600 + 2,700.5 = 14,650.75 TEU: "14,651" (never "14,650.75"); busiest month June, 2,700.5 → "2,701".
    const base = chartDataFixture();
    const data = chartDataFixture({
      volume: base.volume.map((r) => (r.service !== 'changan-xian-almaty' ? r : r.month === '2026-01' ? { ...r, teu: '2200.25' } : r.month === '2026-06' ? { ...r, teu: '2700.5' } : r)),
    });
    const en = build('volume', 'en', data);
    expect(en.alt).toContain("Chang'an Xi'an–Almaty: 14,651 TEU on 265 trains; busiest month Jun (2,701 TEU, 49 trains)");
    expect(build('volume', 'zh', data).alt).toContain('共14,651标箱');
    expect(en.figures.find((f) => f.metric === 'teu' && f.period === '2026-01-01..2026-06-30' && f.service === 'changan-xian-almaty')!.value).toBe('14650.75');
  });

  it('route-map names stations per edition and inlines world-atlas boundaries', () => {
    const en = build('route-map', 'en');
    expect(en.alt).toContain(
      'Hanoi An Yen (VN) – Chongqing Tuanjie Village (CN) – Małaszewicze (PL) – Duisburg (DE)',
    );
    const zh = build('route-map', 'zh');
    expect(JSON.stringify(zh.spec)).toContain('重庆团结村');
    const layers = (en.spec as unknown as { vconcat: { layer: { data: { values?: unknown[] } }[] }[] })
      .vconcat[0]!.layer;
    const countries = layers.find((l) => (l.data.values?.length ?? 0) > 50);
    // The frame is fitted to the stations (Duisburg to Hanoi): some 80 countries, not the whole atlas.
    expect(countries?.data.values?.length).toBeGreaterThan(60);
  });

  it('build without throwing from empty data', () => {
    const empty = emptyChartData();
    for (const b of chartBuilders) expect(b(empty, 'en').alt).toMatch(/No data|No routes/u);
  });
});

describe('chart numbers: the press formatter on exact decimals, recorded as figures', () => {
  const labelOf = (def: { spec: unknown }, field: string): string[] => {
    const out: string[] = [];
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        if (typeof o[field] === 'string') out.push(o[field] as string);
        Object.values(o).forEach(walk);
      }
    };
    walk(def.spec);
    return out;
  };

  it('cumulative 3,465,000,000 yuan: "3.47" at the line end (the text says 3.47 billion yuan), recorded', () => {
    const data = chartDataFixture({ cumulative: [{ service: 'asean-express', date: '2025-12-31', cumulativeCny: '3465000000' }], kind: 'annual', year: 2025, periodEnd: '2025-12-31' });
    const en = build('cumulative-value', 'en', data);
    expect(labelOf(en, 'text')).toContain('3.47');
    expect(en.figures).toContainEqual(expect.objectContaining({ metric: 'cumulative_value', value: '3465000000', text: '3.47' }));
    expect(en.alt).toContain('ASEAN Express: 3.47 billion yuan by 31 December 2025');
    expect(en.figures).toContainEqual(expect.objectContaining({ value: '3465000000', text: '3.47 billion yuan' }));
    // zh: 34.65亿元 exactly (no tie at 亿).
    expect(labelOf(build('cumulative-value', 'zh', data), 'text')).toContain('34.65');
  });

  it('direction 1,005,000,000 yuan: "1.01" (not the float 1.00), share 50.0%', () => {
    const data = chartDataFixture({
      direction: [
        { service: 'changan-xian-almaty', direction: 'outbound', valueCny: '1005000000' },
        { service: 'changan-xian-almaty', direction: 'inbound', valueCny: '1005000000' },
      ],
    });
    const en = build('direction', 'en', data);
    expect(labelOf(en, 'label')).toEqual(['1.01 (50.0%)', '1.01 (50.0%)']);
    expect(en.alt).toContain('outbound 1.01 billion yuan (50.0%), inbound 1.01 billion yuan (50.0%)');
    expect(en.figures).toContainEqual(expect.objectContaining({ metric: 'trade_value_outbound', value: '1005000000', text: '1.01' }));
  });

  it('direction with nothing inbound: "none" / "无" (never "0.00 (0.0%)"), in label and alt text; a 0.04 % share still prints its rounding', () => {
    // ASEAN Express: 509,524,868.7352 out, 0 in (as in the 2024 sample).
    const zero = chartDataFixture({
      direction: [
        { service: 'asean-express', direction: 'outbound', valueCny: '509524868.7352' },
        { service: 'asean-express', direction: 'inbound', valueCny: '0' },
      ],
    });
    const en = build('direction', 'en', zero);
    // 509,524,868.7352 / 1e9 = 0.5095… → "0.51"; share 100 % → "100.0%".
    expect(labelOf(en, 'label')).toEqual(['0.51 (100.0%)', 'none']);
    expect(en.alt).toContain('ASEAN Express: outbound 509.52 million yuan (100.0%), inbound none.');
    expect(en.figures).toContainEqual(expect.objectContaining({ metric: 'trade_value_inbound', value: '0', text: 'none' }));
    expect(en.figures.map((f) => f.text)).not.toContain('0.0%');
    const zh = build('direction', 'zh', zero);
    // 509,524,868.7352 / 1e8 = 5.095… → "5.10".
    expect(labelOf(zh, 'label')).toEqual(['5.10（100.0%）', '无']);
    expect(zh.alt).toContain('东盟快班去程5.10亿元（100.0%），回程无货值。');
    expect(zh.figures).toContainEqual(expect.objectContaining({ metric: 'trade_value_inbound', value: '0', text: '无' }));
    // 2,499,000 in against 6,245,001,000 out: share 2,499,000 / 6,247,500,000 = 0.04 % exactly → "0.0%",
    // amount 0.002499 billion → "0.00" (alt: 2.499 million → "2.50 million"): it carried something, so it prints as rounded, not "none".
    const small = chartDataFixture({
      direction: [
        { service: 'asean-express', direction: 'outbound', valueCny: '6245001000' },
        { service: 'asean-express', direction: 'inbound', valueCny: '2499000' },
      ],
    });
    const s = build('direction', 'en', small);
    expect(labelOf(s, 'label')).toEqual(['6.25 (100.0%)', '0.00 (0.0%)']);
    expect(s.figures).toContainEqual(expect.objectContaining({ metric: 'direction_share_pct', value: '0.04', text: '0.0%' }));
    expect(s.alt).toContain('inbound 2.50 million yuan (0.0%)');
    expect(s.figures.map((f) => f.text)).not.toContain('none');
  });

  it('annual growth of exactly +1.15 %: "+1.2%" (the text says an increase of 1.2 percent); 1.14999999999994: "+1.1%"', () => {
    const rows = (pct: string) => [
      { service: 'changan-xian-almaty', year: 2024, valueCny: '4000000000', yoyPct: null, partial: false },
      { service: 'changan-xian-almaty', year: 2025, valueCny: '4046000000', yoyPct: pct, partial: false },
    ];
    const tie = build('annual-value', 'en', chartDataFixture({ annual: rows('1.15'), kind: 'annual', year: 2025, periodEnd: '2025-12-31' }));
    expect(labelOf(tie, 'growth')).toEqual(['n.m.', '+1.2%']);
    expect(tie.alt).toContain('(+1.2% on 2024)');
    expect(tie.figures).toContainEqual(expect.objectContaining({ metric: 'trade_value_yoy_pct', value: '1.15', text: '+1.2%' }));
    const below = build('annual-value', 'en', chartDataFixture({ annual: rows('1.14999999999994'), kind: 'annual', year: 2025, periodEnd: '2025-12-31' }));
    expect(labelOf(below, 'growth')).toEqual(['n.m.', '+1.1%']);
    // A change that rounds to 0.0 is "unchanged", never "+0.0%" or "±0.0%".
    const flat = build('annual-value', 'en', chartDataFixture({ annual: rows('-0.04'), kind: 'annual', year: 2025, periodEnd: '2025-12-31' }));
    expect(labelOf(flat, 'growth')).toEqual(['n.m.', 'unchanged']);
    expect(labelOf(build('annual-value', 'zh', chartDataFixture({ annual: rows('0.04') })), 'growth')).toContain('持平');
    // zh marks 不适用 with a dash, as its tables do.
    expect(labelOf(build('annual-value', 'zh', chartDataFixture({ annual: rows('0.04') })), 'growth')).toEqual(['—', '持平']);
  });

  it('a cargo share of exactly 12.45 % prints 12.5%', () => {
    const data = chartDataFixture({
      cargo: [
        { service: 'changan-xian-almaty', category: 'Auto parts', categoryZh: '汽车零部件', valueCny: '8755' },
        { service: 'changan-xian-almaty', category: 'Chemicals', categoryZh: '化工产品', valueCny: '1245' },
      ],
    });
    const en = build('cargo-mix', 'en', data);
    expect(labelOf(en, 'share')).toEqual(['87.6%', '12.5%']);
    expect(en.figures).toContainEqual(expect.objectContaining({ metric: 'cargo_share_pct', value: '12.45', text: '12.5%' }));
  });

  it('every chart of the fixture records each number of its labels and alt text, and no subtitle says "2023–2023"', () => {
    for (const edition of ['en', 'zh'] as const) {
      for (const b of chartBuilders) {
        const def = b(chartDataFixture(), edition);
        const texts = new Set(def.figures.map((f) => f.text));
        const field = { 'annual-value': 'growth', direction: 'label', 'cargo-mix': 'share' }[def.id];
        // Mark labels: each is a recorded text, or (direction) "value (share)" of two (zh "value（share）").
        if (field) for (const l of labelOf(def, field)) expect(l.split(/ |（/u).every((p) => texts.has(p.replace(/[()（）]/gu, '')))).toBe(true);
        // Every number of the alt text is a recorded text's number, or inside a recorded date.
        const allowed = new Set(def.figures.flatMap((f) => numberTokens(f.text)));
        const stray = numberTokens(removeExempt(def.alt, def.exemptions.map((e) => e.text))).filter((t) => !allowed.has(t));
        expect(stray, `${def.id} ${edition}: ${def.alt}`).toEqual([]);
        for (const f of def.figures) expect(f.basis).toMatch(new RegExp(`^chart ${def.id}: `, 'u'));
      }
    }
    const one = build('annual-value', 'en', chartDataFixture({ annual: [{ service: 'changan-xian-almaty', year: 2023, valueCny: '3990000000', yoyPct: null, partial: false }], kind: 'annual', year: 2023, periodEnd: '2023-12-31' }));
    const subtitle = (one.spec as unknown as { title: { subtitle: string } }).title.subtitle;
    expect(subtitle).toBe('billion yuan, 2023; labels: change on a year earlier');
  });

  it('monthly-value says grey only when a year earlier is drawn', () => {
    const only = chartDataFixture({ monthly: [{ service: 'asean-express', year: 2026, month: 1, valueCny: '100000000' }] });
    const subtitle = (build('monthly-value', 'en', only).spec as unknown as { title: { subtitle: string } }).title.subtitle;
    expect(subtitle).not.toContain('grey');
    expect(subtitle).toContain('no data for 2025');
  });

  it('a period ending inside a month is said as such (partial period marked)', () => {
    const mid = chartDataFixture({ periodEnd: '2026-06-15' });
    expect(build('direction', 'en', mid).alt).toContain('1 January to 15 June 2026');
    expect(build('direction', 'zh', mid).alt).toContain('2026年1月1日至6月15日');
    expect(JSON.stringify(build('annual-value', 'en', mid).spec)).toContain('2026 (to 15 Jun)');
    expect(JSON.stringify(build('annual-value', 'zh', mid).spec)).toContain('2026年（截至6月15日）');
    const note = (build('volume', 'en', mid).spec as unknown as { vconcat: { title: { text: string[] } }[] }).vconcat[0]!.title.text.join(' ');
    expect(note).toContain('Jun 2026: 1–15 Jun only (partial month)');
    // Month ends keep the month span.
    expect(build('direction', 'en').alt).toContain('January–June 2026');
  });

  it('monthSpan in Chinese', () => {
    expect(monthSpan(2026, 6, 'zh')).toBe('2026年1—6月');
  });
});

describe('axis ticks chosen from the domain in exact decimals', () => {
  const labels = (extent: string[], max = 5): string[] => valueAxis(new ChartFigures('t', 'en'), extent, { metric: 'trade_value', unit: 'CNY', what: 'y', maxTicks: max }).labels;

  it('pick 1, 2, 2.5 or 5 × 10^k steps with one number of decimals per axis', () => {
    expect(labels(['0', '3.465'])).toEqual(['0', '1', '2', '3', '4']);
    expect(labels(['0', '4'])).toEqual(['0', '1', '2', '3', '4']);
    expect(labels(['0', '0.35'])).toEqual(['0.0', '0.1', '0.2', '0.3', '0.4']);
    expect(labels(['0', '2.2'])).toEqual(['0.0', '0.5', '1.0', '1.5', '2.0', '2.5']);
    expect(labels(['0', '9'])).toEqual(['0', '2', '4', '6', '8', '10']);
    expect(labels(['0', '9'], 4)).toEqual(['0.0', '2.5', '5.0', '7.5', '10.0']);
    expect(labels(['0', '14650'])).toEqual(['0', '5,000', '10,000', '15,000']);
    expect(labels(['0', '0'])).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(niceTicks(['0', '3'], 4, true).values.map(String)).toEqual(['0', '1', '2', '3']);
  });

  it('record every tick label as a figure with the amount it stands for', () => {
    const figs = new ChartFigures('annual-value', 'en');
    const axis = valueAxis(figs, ['0', '3465000000'], { divisor: '1000000000', metric: 'trade_value', unit: 'CNY', what: 'y' });
    expect(axis.axis.values).toEqual([0, 1, 2, 3, 4]);
    expect(axis.domain).toEqual([0, 4]);
    expect(figs.figures()).toContainEqual(expect.objectContaining({ value: '3000000000', text: '3', basis: 'chart annual-value: y axis tick' }));
    expect(axis.axis.labelExpr).toContain('"3": "3"');
  });

  it('never print two adjacent equal labels and cover the data (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 13n }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 2, max: 8 }),
        (ints, scale, max) => {
          const extent = ints.map((i) => (Number(scale) === 0 ? i.toString() : `${i < 0n ? '-' : ''}${(i < 0n ? -i : i).toString().padStart(scale + 1, '0').replace(new RegExp(`(\\d{${scale}})$`), '.$1')}`));
          const ls = labels(extent, max);
          expect(ls.length).toBeLessThanOrEqual(max + 1);
          for (let i = 1; i < ls.length; i++) expect(ls[i]).not.toBe(ls[i - 1]);
          const decimals = new Set(ls.map((l) => l.split('.')[1]?.length ?? 0));
          expect(decimals.size).toBe(1);
          const num = (l: string) => Number(l.replace(/,/gu, ''));
          for (const v of extent) {
            expect(num(ls[0]!)).toBeLessThanOrEqual(Number(v));
            expect(num(ls[ls.length - 1]!)).toBeGreaterThanOrEqual(Number(v));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('footnotes and labels', () => {
  it('wrap without starting a line with CJK punctuation or splitting a number from its unit', () => {
    const lines = wrapFootnote(
      '资料来源：长安号、东盟快班货物申报数据，trade-bulletin 计算。n.m.：上年无可比数值。不完整年度（浅色虚线框）与上年同期比较。数据截至2026年6月30日。',
      300,
    );
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines.slice(1)) expect(l).not.toMatch(/^[，。、；：）]/u);
    expect(lines.join('\n')).not.toMatch(/\d\n[年月日]/u);
    expect(wrapFootnote('a '.repeat(400)).every((l) => l.length * 0.56 * 9 <= CHART_WIDTH)).toBe(true);
    // A date stays on one line wherever the width falls (the footnote grew by a publisher's name and broke "12月 | 31日").
    for (let w = 120; w <= 400; w += 9) {
      expect(wrapFootnote('资料来源：欧亚铁路货运统计办公室，依据班列货物申报数据。数据截至2025年12月31日。', w).join('\n')).toMatch(/2025年12月31日/u);
    }
  });

  it('place map labels without overlaps', () => {
    const pts = [
      { text: 'Almaty', x: 100, y: 100 },
      { text: 'Alashankou', x: 110, y: 96 },
      { text: 'Khorgos', x: 104, y: 108 },
    ];
    const placed = placeLabels(pts, 400, 300, 10);
    const boxes = placed.map((p, i) => {
      const w = textWidth(pts[i]!.text, 10, true);
      const x0 = p.align === 'left' ? p.lx : p.align === 'right' ? p.lx - w : p.lx - w / 2;
      const y0 = p.baseline === 'top' ? p.ly : p.baseline === 'bottom' ? p.ly - 12.5 : p.ly - 6.25;
      return { x0, x1: x0 + w, y0, y1: y0 + 12.5 };
    });
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1).toBe(false);
      }
    }
  });
});

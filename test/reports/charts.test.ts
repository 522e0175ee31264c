import { describe, expect, it } from 'vitest';
import { chartBuilders, chartIds } from '../../reports/charts/index.js';
import { formatGrowth, formatYuan, monthSpan } from '../../reports/charts/chart-kit.js';
import { placeLabels } from '../../reports/charts/label-placement.js';
import { textWidth } from '../../reports/charts/text-width.js';
import { CHART_WIDTH, wrapFootnote } from '../../reports/charts/theme.js';
import type { ChartData, Edition } from '../../reports/model.js';
import { chartDataFixture, emptyChartData } from '../fixtures/chart-data.js';

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
      "Chang'an Xi'an–Almaty rose from 3.99 billion yuan in 2023 to 5.32 billion yuan in 2025 (+19.1 % on 2024)",
    );
    expect(en.alt).toContain('in January–June 2026, 2.85 billion yuan (+12.2 %');
    const zh = build('annual-value', 'zh');
    expect(zh.title).toBe('各班列年度贸易额');
    expect(zh.alt).toContain('由2023年的39.90亿元增至2025年的53.20亿元');
    expect(JSON.stringify(zh.spec)).toContain('亿元');
  });

  it('monthly-value compares only the months up to the period end', () => {
    const en = build('monthly-value', 'en');
    expect(en.alt).toContain(
      '2.85 billion yuan in January–June 2026 (+12.2 % on the same period of 2025); highest month Jun (520.00 million yuan)',
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
      'outbound 1.71 billion yuan (60.0 %), inbound 1.14 billion yuan (40.0 %)',
    );
    expect(build('cargo-mix', 'en').alt).toContain('Auto parts 740.00 million yuan (26.0 %)');
    expect(build('cargo-mix', 'zh').alt).toContain('汽车零部件7.40亿元（26.0%）');
    expect(build('volume', 'en').alt).toContain('14,650 TEU on 265 trains');
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

describe('published formats', () => {
  it('round billions and millions to two decimals, 亿元 in Chinese', () => {
    expect(formatYuan(5.32e9, 'en')).toBe('5.32 billion yuan');
    expect(formatYuan(781_340_000, 'en')).toBe('781.34 million yuan');
    expect(formatYuan(5.32e9, 'zh')).toBe('53.20亿元');
    expect(formatYuan(9e7, 'zh')).toBe('9,000.00万元');
  });
  it('print growth with one decimal and n.m. for null', () => {
    expect(formatGrowth(19.1)).toBe('+19.1%');
    expect(formatGrowth(-3)).toBe('−3.0%');
    expect(formatGrowth(null)).toBe('n.m.');
    expect(monthSpan(2026, 6, 'zh')).toBe('2026年1—6月');
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

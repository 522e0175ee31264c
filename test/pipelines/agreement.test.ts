/**
 * The agreement check on the final HTML: every number printed anywhere (text, table cells, SVG
 * labels, alt/aria-label/title/desc, the methods page) is a recorded figure's text, compared as
 * strings; dates and figure/table numbers only when recorded as exempt. Honest bulletins at exact
 * ties pass; a label one digit off is stopped.
 */
import { describe, expect, it } from 'vitest';
import { agreementProblems, checkAgreement, htmlTexts, numberTokens, removeExempt } from '../../pipelines/agreement.js';
import type { Exemption, Figure } from '../../reports/figures.js';

const fig = (metric: Figure['metric'], unit: Figure['unit'], value: string, text: string, basis?: string): Figure => ({
  service: 'changan-xian-almaty',
  metric,
  period: '2025',
  unit,
  value,
  text,
  ...(basis ? { basis } : {}),
});

// An honest bulletin at the exact ties of issue 9 (hand-worked: 3,465,000,000 / 10^9 = 3.465 → 3.47;
// 1.15 → 1.2; 1,245 / 10,000 = 12.45 % → 12.5; −0.04 % → unchanged; 1,005,000,000 → 1.01).
const figures: Figure[] = [
  fig('cumulative_value', 'CNY', '3465000000', '3.47 billion yuan'),
  fig('cumulative_value', 'CNY', '3465000000', '3,465,000,000 yuan'),
  fig('trade_value_yoy_pct', 'percent', '1.15', 'an increase of 1.2 percent'),
  fig('cargo_share_pct', 'percent', '12.45', '12.5 percent'),
  fig('teu_yoy_pct', 'percent', '-0.04', 'unchanged'),
  fig('teu_factor', 'ratio', '2.25', '2.25'),
  fig('cumulative_value', 'CNY', '3465000000', '3.47', 'chart cumulative-value: end of line label, billion yuan'),
  fig('trade_value_yoy_pct', 'percent', '1.15', '+1.2%', 'chart annual-value: bar label'),
  fig('cargo_share_pct', 'percent', '12.45', '12.5%', 'chart cargo-mix: Chemicals, bar label'),
  fig('trade_value_outbound', 'CNY', '1005000000', '1.01', 'chart direction: outbound bar label, billion yuan'),
  fig('direction_share_pct', 'percent', '50', '50.0%', 'chart direction: outbound share'),
  fig('cumulative_value', 'CNY', '0', '0', 'chart cumulative-value: y axis tick'),
  fig('cumulative_value', 'CNY', '2000000000', '2', 'chart cumulative-value: y axis tick'),
  fig('cumulative_value', 'CNY', '4000000000', '4', 'chart cumulative-value: y axis tick'),
];
const exemptions: Exemption[] = [
  { kind: 'date', text: '31 December 2025' },
  { kind: 'date', text: '2025' },
  { kind: 'date', text: 'Jan 2025' },
  { kind: 'ref', text: 'Figure 1' },
  { kind: 'ref', text: 'Table 1' },
];

const svg = (labels: { tick?: string; end?: string; bar?: string; dir?: string } = {}) =>
  `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Cumulative: 3.47 billion yuan by 31 December 2025 (+1.2%)">` +
  `<title>Cumulative value</title><desc>Chemicals 12.5%</desc><g class="mark-text role-axis-label">` +
  `<text transform="translate(0,2)">0</text><text>${labels.tick ?? '2'}</text><text>4</text></g>` +
  `<text x="1">${labels.end ?? '3.47'}</text><text>${labels.bar ?? '+1.2%'}</text><text>${labels.dir ?? '1.01 (50.0%)'}</text>` +
  `<text>Jan 2025</text><text><tspan>Source: freight declarations. Data to 31</tspan><tspan>December 2025.</tspan></text></svg>`;

const page = (o: { text?: string; cell?: string; methods?: string; chart?: string; alt?: string } = {}) => `<!DOCTYPE html>
<html lang="en"><head><title>Trade bulletin 2025</title><style>p { line-height: 1.45; margin: 0 0 12px }</style>
<script>var x = 12345;</script></head><body>
<!-- build 999 -->
<p>The ASEAN Express reached ${o.text ?? '3.47 billion yuan'} by 31 December 2025 (3,465,000,000 yuan exactly), <span>an increase of 1.2 percent</span>; TEU unchanged.</p>
<figure><figcaption>Figure 1</figcaption>${o.chart ?? svg()}</figure>
<table><caption><span>Table 1</span> Cargo</caption><tr><th>Chemicals</th><td>${o.cell ?? '12.5 percent'}</td></tr></table>
<img src="x.png" alt="${o.alt ?? 'Share 12.5%'}">
<section class="methods"><p>${o.methods ?? 'A 45 ft container counts 2.25 TEU.'.replace('45 ft ', '')}</p></section>
</body></html>`;

describe('the agreement check on the rendered page', () => {
  it('passes an honest bulletin at exact ties (3,465,000,000 yuan; +1.15 %; a 12.45 % share; ±0.04 %; 1,005,000,000)', () => {
    expect(agreementProblems(page(), { figures, exemptions })).toEqual([]);
    expect(() => checkAgreement('b', page(), { figures, exemptions })).not.toThrow();
  });

  it('stops a chart label one digit off, wherever it is printed', () => {
    const cases: [string, string][] = [
      [page({ chart: svg({ end: '3.46' }) }), '3.46'], // the float toFixed of 3.465e9 / 1e9
      [page({ chart: svg({ bar: '+1.1%' }) }), '+1.1%'],
      [page({ chart: svg({ dir: '1.00 (50.0%)' }) }), '1.00'],
      [page({ chart: svg({ tick: '3' }) }), '3'],
      [page({ alt: 'Share 12.4%' }), '12.4%'],
      [page({ text: '3.48 billion yuan' }), '3.48'],
      [page({ cell: '12.6 percent' }), '12.6'],
      [page({ methods: 'A container counts 2.26 TEU.' }), '2.26'],
    ];
    for (const [html, token] of cases) {
      const problems = agreementProblems(html, { figures, exemptions });
      expect(problems.join('\n')).toContain(`the number ${token} `);
    }
    expect(() => checkAgreement('b', page({ chart: svg({ end: '3.46' }) }), { figures, exemptions })).toThrow(/b: text and figures disagree \(\d+\): the number 3\.46 \(svg text: «3\.46»\) is no figure's text/u);
  });

  it('reads whole numbers, thousands separators and signs as printed: no multi-scale or separator-free matching', () => {
    // "3,465,000,000" is printed; "3465000000" (unseparated) or the figure at another scale is not.
    expect(agreementProblems(page({ text: '3465000000 yuan' }), { figures, exemptions }).join()).toContain('the number 3465000000 ');
    expect(agreementProblems(page({ text: '3,465.00 million yuan' }), { figures, exemptions }).join()).toContain('the number 3,465.00 ');
    expect(agreementProblems(page({ text: '3.5 billion yuan' }), { figures, exemptions }).join()).toContain('the number 3.5 ');
    // "+1.2%" is a figure's text; "1.2%" (unsigned) is not.
    expect(agreementProblems(page({ chart: svg({ bar: '1.2%' }) }), { figures, exemptions }).join()).toContain('the number 1.2% ');
  });

  it('exempts only dates and references recorded for the bulletin', () => {
    expect(agreementProblems(page({ text: '3.47 billion yuan by 30 December 2025' }), { figures, exemptions }).join()).toContain('the number 30 ');
    expect(agreementProblems(page(), { figures, exemptions: exemptions.filter((e) => e.text !== 'Figure 1') }).join()).toContain('the number 1 (figcaption');
  });

  it('stops a bulletin that does not print a figure it recorded', () => {
    const extra = fig('trade_value', 'USD', '781340030.5482', '781.34 million U.S. dollars');
    expect(agreementProblems(page(), { figures: [...figures, extra], exemptions }).join()).toContain(
      'figure changan-xian-almaty/trade_value/USD "781.34 million U.S. dollars" is not printed',
    );
  });
});

describe('reading the page', () => {
  it('takes text, SVG labels (tspan lines rejoined), alt/aria-label/title and skips styles, scripts and comments', () => {
    const texts = htmlTexts(page()).map((c) => `${c.where}|${c.text}`);
    expect(texts).toContain('svg text|Source: freight declarations. Data to 31 December 2025.');
    expect(texts).toContain('aria-label|Cumulative: 3.47 billion yuan by 31 December 2025 (+1.2%)');
    expect(texts).toContain('alt|Share 12.5%');
    expect(texts).toContain('desc|Chemicals 12.5%');
    expect(texts.join()).not.toMatch(/12345|999|1\.45/u);
    // Chinese lines rejoin without a space: the date stays one exempt text.
    const zh = htmlTexts('<svg><text><tspan>数据截至2025年</tspan><tspan>12月31日。</tspan></text></svg>');
    expect(zh[0]!.text).toBe('数据截至2025年12月31日。');
    expect(htmlTexts('<p>a&nbsp;&amp;&#8722;2.4%&#x25;</p>')[0]!.text).toBe('a &−2.4%%');
  });

  it('finds numbers with their sign, separators and percent sign, not digits inside identifiers', () => {
    expect(numberTokens('up 1,234.5 (+19.1%) and −2.4 % in CO2, H.10, G.5A; Xi’an–Almaty 1–15 June; 12,34')).toEqual([
      '1,234.5',
      '+19.1%',
      '−2.4',
      '1',
      '15',
      '12',
      '34',
    ]);
    expect(numberTokens('比上年+19.1%，占31.5%')).toEqual(['+19.1%', '31.5%']);
    expect(removeExempt('2025 and 12025.5 and 2025年', ['2025'])).toBe('  and 12025.5 and  年');
    // A Chinese date broken across lines and joined with a space is still the exempt date.
    expect(removeExempt('数据截至2025年6月 15日。', ['2025年6月15日'])).toBe('数据截至 。');
    expect(removeExempt('数据截至2025年6月 16日。', ['2025年6月15日'])).toBe('数据截至2025年6月 16日。');
  });
});

import { describe, expect, it } from 'vitest';
import { checkAgreement, decimalTokens } from '../../pipelines/agreement.js';
import type { Figure } from '../../reports/figures.js';
import type { RenderedChart } from '../../reports/model.js';

const figures: Figure[] = [
  { service: 'changan-xian-almaty', metric: 'trade_value', period: '2025', unit: 'CNY', value: '5319987999.9965', text: '5.32 billion yuan' },
  { service: 'changan-xian-almaty', metric: 'trade_value', period: '2025', unit: 'USD', value: '781340030.5482', text: '781.34 million U.S. dollars' },
  { service: 'changan-xian-almaty', metric: 'trade_value_yoy_pct', period: '2025', unit: 'percent', value: '19.1000000000', text: 'an increase of 19.1 percent' },
  { service: 'changan-xian-almaty', metric: 'trade_value', period: '2024', unit: 'CNY', value: '4466824517.2092', text: '4.47 billion yuan', basis: 'chart annual-value' },
];
const page = (text: string) =>
  `<html><head><style>p{line-height:1.45}</style></head><body><p>${text}</p><section class="methods"><p>45 ft = 2.25 TEU</p></section></body></html>`;
const good = 'Trade reached 5.32 billion yuan (about 781.34 million U.S. dollars) in 2025, an increase of 19.1 percent.';
const chart = (alt: string): RenderedChart => ({ id: 'annual-value', title: 'Annual', alt, svg: '<svg><text>0.5</text></svg>', spec: {} });

describe('the agreement check', () => {
  it('passes when every number is a figure (styles, methods constants and chart ticks aside)', () => {
    expect(() => checkAgreement('b', page(good), [chart('Chang’an: 4.47 billion yuan in 2024, 5.32 billion yuan in 2025 (+19.1%).')], figures)).not.toThrow();
  });

  it('stops a bulletin whose text has a number that is no figure', () => {
    expect(() => checkAgreement('b', page(good.replace('19.1 percent', '19.1 percent; 5.33 billion yuan in the table')), [], figures)).toThrow(
      /b: text and figures disagree: the number 5\.33 in the text is not a figure in figures\.json/,
    );
  });

  it('stops a bulletin that does not print a figure it recorded', () => {
    expect(() => checkAgreement('b', page('Trade reached 5.32 billion yuan in 2025, an increase of 19.1 percent.'), [], figures)).toThrow(
      /figure changan-xian-almaty\/trade_value\/USD "781\.34 million U\.S\. dollars" is not printed/,
    );
  });

  it('stops a chart whose numbers agree with no figure after rounding', () => {
    expect(() => checkAgreement('b', page(good), [chart('Chang’an: 4.48 billion yuan in 2024.')], figures)).toThrow(
      /chart "annual-value": the number 4\.48 in its text agrees with no figure/,
    );
  });

  it('finds decimal numbers with thousands separators and ignores integers', () => {
    expect(decimalTokens('1,234.50 and 2025 and 19.1% and 6.8088')).toEqual(['1234.50', '19.1', '6.8088']);
  });
});

import { describe, expect, it } from 'vitest';
import { pct1, pressBound, roundBound, roundHalfUp, scaleAmount, scaleAmountZh, teu, groupThousands } from '../../reports/press/round.js';
import { amountText, boundAmountText, boundRedundant, changeText, changeWord, countText, signedPct, yoyReason } from '../../reports/press/wording.js';

describe('press rounding', () => {
  it('rounds half-up, once, on the exact decimal', () => {
    expect(roundHalfUp('5.315', 2)).toBe('5.32');
    expect(roundHalfUp('5.3149999999', 2)).toBe('5.31');
    expect(roundHalfUp('19.05', 1)).toBe('19.1');
    expect(roundHalfUp('-2.45', 1)).toBe('-2.5');
  });

  it('scales to billions and millions with two decimals, as the press prints', () => {
    expect(scaleAmount('5319988000.00')).toEqual({ number: '5.32', scale: 'billion' });
    expect(scaleAmount('781340030.5487')).toEqual({ number: '781.34', scale: 'million' });
    // 999.995 million rounds to 1,000.00 million: printed as 1.00 billion, never "1000.00 million".
    expect(scaleAmount('999995000')).toEqual({ number: '1.00', scale: 'billion' });
    expect(scaleAmount('999994999')).toEqual({ number: '999.99', scale: 'million' });
    expect(scaleAmount('9633.6')).toEqual({ number: '9,634', scale: '' });
  });

  it('scales Chinese amounts to 亿 and 万', () => {
    expect(scaleAmountZh('5319988000')).toEqual({ number: '53.20', unit: '亿' });
    expect(scaleAmountZh('781340030.55')).toEqual({ number: '7.81', unit: '亿' });
    expect(scaleAmountZh('96336')).toEqual({ number: '9.63', unit: '万' });
  });

  it('says a running total as the press bounds it', () => {
    expect(roundBound('3470000000', 1e9)).toEqual({ word: 'approaching', number: '3.5' });
    expect(roundBound('1922500000', 1e9)).toEqual({ word: 'more than', number: '1.9' });
    expect(roundBound('3500000000', 1e9)).toEqual({ word: 'exactly', number: '3.5' });
  });

  it('prints TEU whole unless 45 ft containers leave a fraction', () => {
    expect(teu('5436.0000')).toBe('5,436');
    expect(teu('5436.2500')).toBe('5,436.25');
    expect(groupThousands('1234567.5')).toBe('1,234,567.5');
  });
});

describe('press wording', () => {
  it('reproduces the published sentence parts', () => {
    expect(amountText('5319988000.0000', 'CNY', 'en')).toBe('5.32 billion yuan');
    expect(amountText('781340030.5487', 'USD', 'en')).toBe('781.34 million U.S. dollars');
    expect(changeText('19.1000000001', 'en')).toBe('an increase of 19.1 percent');
  });

  it('says decrease, unchanged and n.m.', () => {
    expect(changeText('-2.45', 'en')).toBe('a decrease of 2.5 percent');
    expect(changeText('0.04', 'en')).toBe('unchanged');
    expect(changeText(null, 'en')).toBe('n.m.');
    expect(signedPct('19.1000000001')).toBe('+19.1%');
    expect(signedPct('-2.45')).toBe('−2.5%');
    expect(signedPct(null)).toBe('n.m.');
  });

  it('writes Chinese numbers the Chinese way', () => {
    expect(amountText('5319988000', 'CNY', 'zh')).toBe('53.20亿元');
    expect(amountText('781340030.55', 'USD', 'zh')).toBe('7.81亿美元');
    expect(changeText('19.1', 'zh')).toBe('同比增长19.1%');
    expect(changeText('-3.25', 'zh')).toBe('同比下降3.3%');
  });

  it('gives the reason for n.m. and the base effect', () => {
    expect(yoyReason('not-running', '2023', '15 October 2024', 'en')).toBe('the service was not running in 2023');
    expect(yoyReason('zero-prior', '2022', '', 'en')).toBe('no trade value was recorded for 2022');
    expect(yoyReason('started-in-prior', '2024', '15 October 2024', 'en')).toContain('started on 15 October 2024');
    expect(yoyReason('ok', '2024', '', 'en')).toBeNull();
  });
});

describe('press formatter at the edges (hand-worked)', () => {
  it('rounds exact ties half away from zero, once, from the unrounded value', () => {
    // 3,465,000,000 / 10^9 = 3.465 exactly → 3.47; / 10^8 = 34.65 exactly.
    expect(amountText('3465000000', 'CNY', 'en')).toBe('3.47 billion yuan');
    expect(amountText('3465000000', 'CNY', 'zh')).toBe('34.65亿元');
    expect(changeText('1.15', 'en')).toBe('an increase of 1.2 percent');
    expect(changeText('1.14999999999994', 'en')).toBe('an increase of 1.1 percent');
    expect(changeText('-1.15', 'en')).toBe('a decrease of 1.2 percent');
    expect(pct1('12.45')).toBe('12.5');
    // Long values round on their exact digits; a zero never prints as "-0.0".
    expect(roundHalfUp('123456789012345678.045', 2)).toBe('123456789012345678.05');
    expect(roundHalfUp('-0.04', 1)).toBe('0.0');
  });

  it('says "unchanged" for a change that rounds to 0.0, in words and in table cells, both editions', () => {
    for (const p of ['0.04', '-0.04', '0.0499999', '-0.049']) {
      expect(changeText(p, 'en')).toBe('unchanged');
      expect(changeText(p, 'zh')).toBe('与上年同期持平');
      expect(signedPct(p)).toBe('unchanged');
      expect(signedPct(p, 'zh')).toBe('持平');
      expect(changeWord(p, 'en')).toBe('unchanged');
    }
    expect(signedPct('0.05')).toBe('+0.1%');
    expect(signedPct('-0.05')).toBe('−0.1%');
    expect(signedPct(null, 'zh')).toBe('—');
  });

  it('groups thousands everywhere', () => {
    expect(changeText('1400', 'en')).toBe('an increase of 1,400.0 percent');
    expect(signedPct('1399.96')).toBe('+1,400.0%');
    expect(amountText('1000000000000', 'CNY', 'en')).toBe('1,000.00 billion yuan');
    // 999,995,000,000 / 10^9 = 999.995 → 1,000.00.
    expect(amountText('999995000000', 'CNY', 'en')).toBe('1,000.00 billion yuan');
    expect(amountText('99995000', 'CNY', 'zh')).toBe('9,999.50万元');
    // 99,999,950 / 10^4 = 9,999.995 → 10,000.00万 = 1.00亿.
    expect(amountText('99999950', 'CNY', 'zh')).toBe('1.00亿元');
    expect(teu('5019', 2)).toBe('5,019.00');
  });

  it('bounds a running total at a scale where the bound says something (two significant digits)', () => {
    expect(boundAmountText('3470000000', 'en')).toBe('approaching 3.5 billion yuan');
    expect(boundAmountText('1922500000', 'en')).toBe('more than 1.9 billion yuan');
    expect(boundAmountText('3470000000', 'zh')).toBe('接近35亿元');
    expect(boundAmountText('1922500000', 'zh')).toBe('超过19亿元');
    expect(boundAmountText('623400000', 'en')).toBe('more than 620 million yuan');
    expect(boundAmountText('623400000', 'zh')).toBe('超过6.2亿元');
    // 40 million exactly is its own bound: no word; 39.96 million approaches 40 million.
    expect(boundAmountText('40000000', 'en')).toBe('40 million yuan');
    expect(boundAmountText('39960000', 'en')).toBe('approaching 40 million yuan');
    expect(boundAmountText('39960000', 'zh')).toBe('接近4,000万元');
    expect(boundAmountText('999600000', 'en')).toBe('approaching 1.0 billion yuan');
    expect(pressBound('41234567', 'en')).toEqual({ word: 'more than', number: '41', scale: 'million', amount: '41000000' });
    // Never "more than 0.0 billion" or "approaching 0.1 billion".
    for (const v of ['40000000', '41234567', '95000000', '51000']) expect(boundAmountText(v, 'en')).not.toMatch(/ 0\.\d billion| 0 /);
  });

  it('drops a bound that repeats the exact figure beside it', () => {
    expect(boundRedundant('3200000000', 'en')).toBe(true); // 3.20 billion yuan, exactly 3.2
    expect(boundRedundant('3201000000', 'en')).toBe(true); // prints 3.20 billion: "more than 3.2 billion" adds nothing
    expect(boundRedundant('3470000000', 'en')).toBe(false); // 3.47 billion, approaching 3.5 billion
    expect(boundRedundant('40000000', 'zh')).toBe(true);
  });

  it('words zero and one', () => {
    expect(countText(1, 'train', 'trains')).toBe('1 train');
    expect(countText(2, 'train', 'trains')).toBe('2 trains');
    expect(countText(1203, 'shipment', 'shipments')).toBe('1,203 shipments');
    expect(countText(0, 'train', 'trains', 'no trains')).toBe('no trains');
  });
});

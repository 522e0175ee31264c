import { describe, expect, it } from 'vitest';
import { roundBound, roundHalfUp, scaleAmount, scaleAmountZh, teu, groupThousands } from '../../reports/press/round.js';
import { amountText, changeText, signedPct, yoyReason } from '../../reports/press/wording.js';

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

/**
 * Press wording in English and Chinese: amounts, changes, bounds, counts, n.m. with its reason.
 * Every function returns the printed text; callers record it in figures.json beside the
 * unrounded value, so text and figures come from one place.
 */
import type { YoyStatus } from '../data.js';
import { groupThousands, pct1, pressBound, roundHalfUp, roundsToZero, scaleAmount, scaleAmountZh, Exact } from './round.js';
import type { Edition } from '../model.js';

/** "5.32 billion yuan", "781.34 million U.S. dollars"; Chinese "53.20亿元", "7.81亿美元". */
export function amountText(value: string, currency: 'CNY' | 'USD', edition: Edition): string {
  if (edition === 'zh') {
    const z = scaleAmountZh(value);
    return `${z.number}${z.unit}${currency === 'CNY' ? '元' : '美元'}`;
  }
  const s = scaleAmount(value);
  const word = currency === 'CNY' ? 'yuan' : 'U.S. dollars';
  return s.scale ? `${s.number} ${s.scale} ${word}` : `${s.number} ${word}`;
}

/**
 * A direction or amount that carried nothing, where a number would stand: "none" / "无".
 * Only for an exact zero: a small amount that rounds to 0.00 prints its rounding.
 */
export const noneWord = (edition: Edition): string => (edition === 'zh' ? '无' : 'none');

/** "not meaningful" in the edition's words for tables and charts: "n.m." / "—" (a Chinese bulletin's dash for 不适用). */
export const notMeaningful = (edition: Edition): string => (edition === 'zh' ? '—' : 'n.m.');

/** The change phrase: "an increase of 19.1 percent", "a decrease of 2.4 percent", "unchanged". */
export function changeText(pct: string | null, edition: Edition): string {
  if (pct === null) return edition === 'zh' ? '同比增速不适用' : 'n.m.';
  if (roundsToZero(pct)) return edition === 'zh' ? '与上年同期持平' : 'unchanged';
  const up = !new Exact(pct).isNegative();
  if (edition === 'zh') return `同比${up ? '增长' : '下降'}${pct1(pct)}%`;
  return `${up ? 'an increase' : 'a decrease'} of ${pct1(pct)} percent`;
}

/**
 * A signed short percentage for tables and charts: "+19.1%", "−2.4%", "+1,400.0%"; a change
 * that rounds to 0.0 is "unchanged" (zh "持平"); null is "n.m." (zh "—").
 */
export function signedPct(pct: string | null, edition: Edition = 'en'): string {
  if (pct === null) return notMeaningful(edition);
  if (roundsToZero(pct)) return edition === 'zh' ? '持平' : 'unchanged';
  const r = groupThousands(roundHalfUp(pct, 1));
  return r.startsWith('-') ? `−${r.slice(1)}%` : `+${r}%`;
}

/**
 * A change in a sentence, after its subject: "up 3.2 percent" / "down 3.2 percent" /
 * "unchanged"; zh "增长3.2%" / "下降3.2%" / "持平".
 */
export function changeWord(pct: string, edition: Edition): string {
  if (roundsToZero(pct)) return edition === 'zh' ? '持平' : 'unchanged';
  const up = !new Exact(pct).isNegative();
  return edition === 'zh' ? `${up ? '增长' : '下降'}${pct1(pct)}%` : `${up ? 'up' : 'down'} ${pct1(pct)} percent`;
}

/**
 * A press bound at a scale where it says something: "more than 1.9 billion yuan", "approaching
 * 3.5 billion yuan", "more than 620 million yuan"; zh "超过19亿元", "接近35亿元". An amount that is
 * its own bound prints without a word ("40 million yuan").
 */
export function boundAmountText(value: string, edition: Edition): string {
  const b = pressBound(value, edition);
  if (edition === 'zh') {
    const word = b.word === 'approaching' ? '接近' : b.word === 'more than' ? '超过' : '';
    return `${word}${b.number}${b.scale}元`;
  }
  const word = b.word === 'exactly' ? '' : `${b.word} `;
  return `${word}${b.number}${b.scale ? ` ${b.scale}` : ''} yuan`;
}

/**
 * Whether a bound adds nothing beside the amount printed exactly: the bound is exact, or the
 * printed figure already reads as the bound ("3.20 billion yuan" beside "3.2 billion").
 */
export function boundRedundant(value: string, edition: Edition): boolean {
  const b = pressBound(value, edition);
  if (b.word === 'exactly') return true;
  const printed = edition === 'zh'
    ? ((z) => new Exact(z.number.replace(/,/g, '')).times({ 亿: 1e8, 万: 1e4, '': 1 }[z.unit]))(scaleAmountZh(value))
    : ((e) => new Exact(e.number.replace(/,/g, '')).times({ billion: 1e9, million: 1e6, thousand: 1e3, '': 1 }[e.scale]))(scaleAmount(value));
  return printed.eq(b.amount);
}

/**
 * A count with its noun, zero and one worded: "no trains", "1 train", "1,203 trains";
 * zh "1列" (zh has no plural; zero is worded by the caller's sentence).
 * @example countText(1, 'train', 'trains') // '1 train'
 */
export function countText(n: number, one: string, many: string, zeroText?: string): string {
  if (n === 0 && zeroText !== undefined) return zeroText;
  return `${groupThousands(String(n))} ${n === 1 ? one : many}`;
}

/** Why growth is not meaningful, or what base effect to mention. */
export function yoyReason(status: YoyStatus, priorLabel: string, startText: string, edition: Edition): string | null {
  switch (status) {
    case 'not-running':
      return edition === 'zh' ? `${priorLabel}该线路尚未开行` : `the service was not running in ${priorLabel}`;
    case 'zero-prior':
      return edition === 'zh' ? `${priorLabel}无记录货值` : `no trade value was recorded for ${priorLabel}`;
    case 'started-in-prior':
      return edition === 'zh'
        ? `该线路于${startText}开行，上年同期仅部分时间运营，基数较小`
        : `the service started on ${startText}, during the comparison period, so the base is small (base effect)`;
    default:
      return null;
  }
}

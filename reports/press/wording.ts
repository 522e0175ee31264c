/**
 * Press wording in English and Chinese: amounts, changes, n.m. with its reason.
 * Every function returns the printed text; callers record it in figures.json beside the
 * unrounded value, so text and figures come from one place.
 */
import type { YoyStatus } from '../data.js';
import { pct1, roundHalfUp, scaleAmount, scaleAmountZh } from './round.js';
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

/** The change phrase: "an increase of 19.1 percent", "a decrease of 2.4 percent", "unchanged". */
export function changeText(pct: string | null, edition: Edition): string {
  if (pct === null) return edition === 'zh' ? '同比增速不具可比性（n.m.）' : 'n.m.';
  const rounded = roundHalfUp(pct, 1);
  if (Number(rounded) === 0) return edition === 'zh' ? '与上年同期持平' : 'unchanged';
  const up = !rounded.startsWith('-');
  if (edition === 'zh') return `同比${up ? '增长' : '下降'}${pct1(pct)}%`;
  return `${up ? 'an increase' : 'a decrease'} of ${pct1(pct)} percent`;
}

/** A signed short percentage for tables and charts: "+19.1%", "−2.4%", "n.m.". */
export function signedPct(pct: string | null): string {
  if (pct === null) return 'n.m.';
  const r = roundHalfUp(pct, 1);
  if (Number(r) === 0) return '0.0%';
  return r.startsWith('-') ? `−${r.slice(1)}%` : `+${r}%`;
}

/** Why growth is not meaningful, or what base effect to mention. */
export function yoyReason(status: YoyStatus, priorLabel: string, startText: string, edition: Edition): string | null {
  switch (status) {
    case 'not-running':
      return edition === 'zh' ? `上年同期（${priorLabel}）该线路尚未开行` : `the service was not running in ${priorLabel}`;
    case 'zero-prior':
      return edition === 'zh' ? `上年同期（${priorLabel}）无记录货值` : `no trade value was recorded for ${priorLabel}`;
    case 'started-in-prior':
      return edition === 'zh'
        ? `该线路于${startText}开行，上年同期仅部分时间运营（基数效应）`
        : `the service started on ${startText}, during the comparison period, so the base is small (base effect)`;
    default:
      return null;
  }
}

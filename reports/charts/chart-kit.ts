/**
 * What every chart builder shares: the builder's type, edition-aware words and the published
 * number formats used in axis units and alt text (two decimals for billions and millions, one
 * for percentages). Chart builders are pure: same data and edition, same spec and alt text.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ChartData, Edition, ServiceInfo } from '../model.js';

/** What a chart builder returns: a self-contained Vega-Lite spec (data inlined) and its alt text. */
export interface ChartDefinition {
  /** File stem and template key, e.g. `annual-value`. */
  id: string;
  title: string;
  spec: TopLevelSpec;
  /** Alt text written from the chart's data. */
  alt: string;
}

/**
 * A chart builder: one per chart, in the edition's language.
 * @example const def: ChartDefinition = annualValue(data, 'en');
 */
export type ChartBuilder = (data: ChartData, edition: Edition) => ChartDefinition;

/**
 * The word for an edition.
 * @example pick('zh', 'billion yuan', '亿元'); // '亿元'
 */
export const pick = (edition: Edition, en: string, zh: string): string => (edition === 'zh' ? zh : en);

/**
 * Divisor and axis unit of money in charts: billions in English, 亿 (10^8) in Chinese.
 * @example moneyUnit('zh'); // { divisor: 1e8, label: '亿元' }
 */
export function moneyUnit(edition: Edition): { divisor: number; label: string } {
  return edition === 'zh' ? { divisor: 1e8, label: '亿元' } : { divisor: 1e9, label: 'billion yuan' };
}

const fixed2 = (v: number): string =>
  v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * A yuan amount as published: `5.32 billion yuan`, `781.34 million yuan`; `53.20亿元`, `9,000.00万元`.
 * @example formatYuan(5.32e9, 'en'); // '5.32 billion yuan'
 */
export function formatYuan(value: number, edition: Edition): string {
  const abs = Math.abs(value);
  if (edition === 'zh')
    return abs >= 1e8 || abs === 0 ? `${fixed2(value / 1e8)}亿元` : `${fixed2(value / 1e4)}万元`;
  return abs >= 1e9 || abs === 0
    ? `${fixed2(value / 1e9)} billion yuan`
    : `${fixed2(value / 1e6)} million yuan`;
}

/**
 * A growth rate as a chart label: `+19.1%`, `-3.0%`, or `n.m.` where not meaningful.
 * @example formatGrowth(19.1); // '+19.1%'
 */
export function formatGrowth(pct: number | null, space = false): string {
  if (pct === null || !Number.isFinite(pct)) return 'n.m.';
  const sign = pct > 0 ? '+' : pct < 0 ? '−' : '±';
  return `${sign}${Math.abs(pct).toFixed(1)}${space ? ' %' : '%'}`;
}

/**
 * A plain number with thousands separators and fixed decimals.
 * @example formatNumber(12345.6, 0); // '12,346'
 */
export const formatNumber = (v: number, digits = 0): string =>
  v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * A service's short name in the edition, falling back to its id when unknown.
 * @example serviceLabel(data.services, 'asean-express', 'zh'); // '东盟快班'
 */
export function serviceLabel(services: ServiceInfo[], id: string, edition: Edition): string {
  const s = services.find((x) => x.id === id);
  if (!s) return id;
  return edition === 'zh' ? s.shortNameZh : s.shortName;
}

/**
 * The Vega-Lite colour scale mapping service labels to their reference colours, in reference order.
 * @example encoding.color = { field: 'serviceLabel', scale: serviceColorScale(data.services, 'en') };
 */
export function serviceColorScale(
  services: ServiceInfo[],
  edition: Edition,
): { domain: string[]; range: string[] } {
  return {
    domain: services.map((s) => serviceLabel(services, s.id, edition)),
    range: services.map((s) => s.color),
  };
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_EN_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A month's short label: `Mar` or `3月`.
 * @example monthLabel(3, 'zh'); // '3月'
 */
export const monthLabel = (month: number, edition: Edition): string =>
  edition === 'zh' ? `${month}月` : (MONTHS_EN[month - 1] ?? String(month));

/**
 * A span of months in words: `January–June 2026`, `2026年1—6月` (a Chinese range takes the full dash).
 * @example monthSpan(2026, 6, 'en'); // 'January–June 2026'
 */
export function monthSpan(year: number, lastMonth: number, edition: Edition): string {
  if (edition === 'zh') return lastMonth === 1 ? `${year}年1月` : `${year}年1—${lastMonth}月`;
  const last = MONTHS_EN_LONG[lastMonth - 1] ?? String(lastMonth);
  return lastMonth === 1 ? `January ${year}` : `January–${last} ${year}`;
}

/**
 * An ISO date in words: `21 June 2025`, `2025年6月21日`.
 * @example longDate('2025-06-21', 'en'); // '21 June 2025'
 */
export function longDate(iso: string, edition: Edition): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (y === undefined || m === undefined) return iso;
  if (edition === 'zh') return d ? `${y}年${m}月${d}日` : `${y}年${m}月`;
  const month = MONTHS_EN_LONG[m - 1] ?? String(m);
  return d ? `${d} ${month} ${y}` : `${month} ${y}`;
}

/** Month (1–12) of an ISO date. */
export const monthOf = (iso: string): number => Number(iso.slice(5, 7));

/** Joins alt-text sentences, ending each with the edition's full stop. */
export function sentences(parts: string[], edition: Edition): string {
  const stop = edition === 'zh' ? '。' : '.';
  return parts
    .filter((p) => p.length > 0)
    .map((p) => (p.endsWith(stop) ? p : p + stop))
    .join(edition === 'zh' ? '' : ' ');
}

/** Ids of services in reference order that have at least one row in `rows`. */
export function servicesIn(data: ChartData, rows: { service: string }[]): string[] {
  const seen = new Set(rows.map((r) => r.service));
  const known = data.services.map((s) => s.id).filter((id) => seen.has(id));
  const unknown = [...seen].filter((id) => !known.includes(id)).sort();
  return [...known, ...unknown];
}

/**
 * A chart's footnote: the source line, extra notes, and the period the data run to.
 * @example footnote(data, 'en', ['n.m.: not meaningful.']);
 */
export function footnote(data: ChartData, edition: Edition, notes: string[] = []): string {
  const source =
    data.sourceLine?.[edition] ??
    pick(
      edition,
      'Source: freight declarations of the services; trade-bulletin calculations',
      '资料来源：班列货物申报数据，trade-bulletin 计算',
    );
  const to = pick(
    edition,
    `Data to ${longDate(data.periodEnd, edition)}`,
    `数据截至${longDate(data.periodEnd, edition)}`,
  );
  return sentences([source, ...notes, to], edition);
}

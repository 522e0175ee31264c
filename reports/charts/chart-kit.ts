/**
 * What every chart builder shares: the builder's type, edition-aware words, and the figures a
 * chart prints: every number in a chart (mark labels, axis ticks, alt text) is made by the
 * press formatter (reports/press/) from an exact decimal and recorded as a figure of the chart
 * (`ChartFigures`); Vega formats no number. Chart builders are pure: same data and edition,
 * same spec, alt text and figures.
 */
import type { TopLevelSpec } from 'vega-lite';
import { FigureBook, type Exemption, type Figure, type MetricName } from '../figures.js';
import type { ChartData, DecimalString, Edition, ServiceInfo } from '../model.js';
import { count, Exact, fixedGrouped, pct1, teu } from '../press/round.js';
import { amountText, noneWord, signedPct } from '../press/wording.js';
import { digits } from '../../lib/exact-digits.js';

/** What a chart builder returns: a self-contained Vega-Lite spec (data inlined) and its alt text. */
export interface ChartDefinition {
  /** File stem and template key, e.g. `annual-value`. */
  id: string;
  title: string;
  spec: TopLevelSpec;
  /** Alt text written from the chart's data. */
  alt: string;
  /** Every number the chart prints (labels, ticks, alt text), as recorded. */
  figures: Figure[];
  /** Dates and period names the chart prints. */
  exemptions: Exemption[];
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
 * @example moneyUnit('zh'); // { divisor: '100000000', label: '亿元' }
 */
export function moneyUnit(edition: Edition): { divisor: string; label: string } {
  return edition === 'zh' ? { divisor: '100000000', label: '亿元' } : { divisor: '1000000000', label: 'billion yuan' };
}

/** A position to plot (never printed): the exact value as a float. */
export const plot = (value: DecimalString, divisor: string | number = 1): number => Number(new Exact(value).div(divisor).toString());

/**
 * The figures one chart prints: each number is made by the press formatter from its exact
 * value and recorded here (basis `chart <id>: …`) beside its text, so figures.json holds what
 * the chart shows. Dates and years printed in a chart are recorded as exempt dates.
 */
export class ChartFigures {
  readonly book = new FigureBook();
  constructor(
    readonly id: string,
    readonly edition: Edition,
  ) {}

  private add(f: Omit<Figure, 'basis'>, what: string): string {
    return this.book.add({ ...f, basis: `chart ${this.id}: ${what}` });
  }

  /** A yuan amount in words ("5.32 billion yuan", "53.20亿元"), for alt text. */
  yuan(service: string, metric: MetricName, period: string, value: DecimalString, what: string): string {
    return this.add({ service, metric, period, unit: 'CNY', value, text: amountText(value, 'CNY', this.edition) }, what);
  }

  /** A yuan amount in the chart's money unit, two decimals ("3.47" billion, "34.65" 亿), for a mark label. */
  inUnit(service: string, metric: MetricName, period: string, value: DecimalString, what: string): string {
    const text = fixedGrouped(new Exact(value).div(moneyUnit(this.edition).divisor), 2);
    return this.add({ service, metric, period, unit: 'CNY', value, text }, `${what}, ${moneyUnit(this.edition).label}`);
  }

  /** An exact zero amount where a number would stand: "none" / "无", recorded with its value 0. */
  none(service: string, metric: MetricName, period: string, what: string): string {
    return this.add({ service, metric, period, unit: 'CNY', value: '0', text: noneWord(this.edition) }, what);
  }

  /** A signed change ("+19.1%", "−2.4%", "unchanged"/"持平"; "n.m." / zh "—" where not meaningful). */
  growth(service: string, metric: MetricName, period: string, pct: DecimalString | null, what: string): string {
    // n.m. in the edition's words: "n.m.", or the dash a Chinese table prints for 不适用.
    const text = signedPct(pct, this.edition);
    return this.add({ service, metric, period, unit: 'percent', value: pct, text, ...(pct === null ? { note: 'n.m.' } : {}) }, what);
  }

  /** A share in percent, one decimal, with its sign ("12.5%"). */
  share(service: string, metric: MetricName, period: string, pct: DecimalString, what: string): string {
    return this.add({ service, metric, period, unit: 'percent', value: pct, text: `${pct1(pct)}%` }, what);
  }

  /** A count with thousands separators ("1,203"). */
  count(service: string, metric: MetricName, period: string, n: number | string, what: string): string {
    return this.add({ service, metric, period, unit: 'count', value: String(n), text: count(n) }, what);
  }

  /** TEU, whole unless fractional ("5,436", "5,436.25"). */
  teu(service: string, period: string, value: DecimalString, what: string, places?: number): string {
    return this.add({ service, metric: 'teu', period, unit: 'TEU', value, text: teu(value, places) }, what);
  }

  /** An axis tick label, recorded with the exact amount it stands for. */
  tick(metric: MetricName, unit: Figure['unit'], value: DecimalString, text: string, what: string): string {
    return this.add({ service: 'all', metric, period: 'axis', unit, value, text }, what);
  }

  /** A printed date or period name (exempt from the agreement check). */
  date(text: string): string {
    return this.book.date(text);
  }

  /** A printed reference that is not a figure (a source dataset's name such as "Natural Earth 1:50m"). */
  ref(text: string): string {
    return this.book.ref(text);
  }

  /** What the chart recorded. */
  figures(): Figure[] {
    return this.book.list();
  }

  exemptions(): Exemption[] {
    return this.book.exemptions();
  }
}

/** A value axis: tick positions, their printed labels and the domain to plot over. */
export interface ValueAxis {
  /** Vega-Lite `axis` properties: explicit values and labels (no d3-format). */
  axis: { values: number[]; labelExpr: string };
  /** Scale domain, from the first to the last tick. */
  domain: [number, number];
  /** The ticks as printed. */
  labels: string[];
}

/**
 * Ticks for a value axis chosen from the domain in exact decimals: a nice step (1, 2, 2.5 or
 * 5 × 10^k) giving at most `maxTicks` intervals, from 0 (or below the minimum) to at or above
 * the maximum; every label with the same number of decimals (the step's), so no two adjacent
 * labels can read alike. Each label is recorded as a figure of the chart.
 * @example niceTicks(['0', '3.465'], 5) // values 0, 1, 2, 3, 4 (step 1) with labels '0'…'4'
 */
export function niceTicks(
  extent: DecimalString[],
  maxTicks = 5,
  integers = false,
): { values: InstanceType<typeof Exact>[]; places: number } {
  const vals = extent.map((v) => new Exact(v));
  let lo = Exact.min(0, ...vals);
  let hi = Exact.max(0, ...vals);
  if (hi.eq(lo)) hi = lo.plus(1);
  if (maxTicks < 1) maxTicks = 1;
  const span = hi.minus(lo);
  // Smallest nice step with at most maxTicks intervals.
  const k = Math.floor(Math.log10(Number(span.toString()) / maxTicks)) - 1;
  let step = new Exact(0);
  search: for (let e = k; e <= k + 3; e++) {
    for (const m of ['1', '2', '2.5', '5']) {
      const s = new Exact(m).times(new Exact(10).pow(e));
      if (integers && !s.isInteger()) continue;
      const first = lo.div(s).floor().times(s);
      const last = hi.div(s).ceil().times(s);
      if (last.minus(first).div(s).lte(maxTicks)) {
        step = s;
        break search;
      }
    }
  }
  if (step.isZero()) step = new Exact(10).pow(Math.max(0, Math.ceil(Math.log10(Number(span.toString())))));
  lo = lo.div(step).floor().times(step);
  hi = hi.div(step).ceil().times(step);
  const places = Math.max(0, step.decimalPlaces());
  const values: InstanceType<typeof Exact>[] = [];
  for (let v = lo; v.lte(hi); v = v.plus(step)) values.push(v);
  return { values, places };
}

/**
 * A value axis in a unit (`divisor`): ticks from `niceTicks`, labels from the press formatter,
 * each recorded as a figure (its value in base units), passed to Vega-Lite as explicit values
 * with a label lookup, so no number on the axis is formatted by Vega.
 */
export function valueAxis(
  figures: ChartFigures,
  extent: DecimalString[],
  opts: { divisor?: string; metric: MetricName; unit: Figure['unit']; what: string; maxTicks?: number; integers?: boolean },
): ValueAxis {
  const divisor = opts.divisor ?? '1';
  const scaled = extent.map((v) => new Exact(v).div(divisor).toString());
  const { values, places } = niceTicks(scaled, opts.maxTicks ?? 5, opts.integers ?? false);
  const labels = values.map((v) =>
    figures.tick(opts.metric, opts.unit, digits(v.times(divisor)), fixedGrouped(v, places), `${opts.what} axis tick`),
  );
  // Positions (exact multiples of the step, so the exact form has at most `places` decimals).
  const numbers = values.map((v) => Number(digits(v)));
  const lookup = numbers.map((n, i) => `${JSON.stringify(String(n))}: ${JSON.stringify(labels[i])}`).join(', ');
  return {
    axis: { values: numbers, labelExpr: `{${lookup}}[datum.value + ''] || ''` },
    domain: [numbers[0] ?? 0, numbers[numbers.length - 1] ?? 1],
    labels,
  };
}

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

/** Whether an ISO date is the last day of its month. */
export function isMonthEnd(iso: string): boolean {
  const [y, m, d] = iso.split('-').map(Number);
  return y !== undefined && m !== undefined && d !== undefined && new Date(Date.UTC(y, m, 0)).getUTCDate() === d;
}

/**
 * The span from 1 January to a period end, as the text words it: whole months as
 * `January–June 2026` / `2026年1—6月`; an end inside a month as `1 January to 15 June 2025` /
 * `2025年1月1日至6月15日` (a partial month said as such).
 */
export function spanTo(year: number, end: string, edition: Edition): string {
  const m = monthOf(end);
  if (end.slice(0, 4) !== String(year) || isMonthEnd(end)) return monthSpan(year, m, edition);
  const d = Number(end.slice(8, 10));
  if (edition === 'zh') return `${year}年1月1日至${m}月${d}日`;
  return `1 January to ${d} ${MONTHS_EN_LONG[m - 1] ?? String(m)} ${year}`;
}

/**
 * A footnote for a period that ends inside a month: the last month's bars cover only its first
 * days (in both years compared). Dates recorded as printed.
 */
export function partialMonthNote(data: ChartData, edition: Edition, figs: ChartFigures, bothYears = true): string[] {
  if (data.kind !== 'ytd' || isMonthEnd(data.periodEnd)) return [];
  const [y, m, d] = data.periodEnd.split('-').map(Number) as [number, number, number];
  return [
    pick(
      edition,
      `${figs.date(`${monthLabel(m, 'en')} ${y}`)}: ${figs.date(`1–${d} ${monthLabel(m, 'en')}`)} only (partial month${bothYears ? ', both years' : ''})`,
      `${figs.date(`${y}年${m}月`)}仅含${figs.date(`1—${d}日`)}（不完整月份${bothYears ? '，两年同口径' : ''}）`,
    ),
  ];
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
 * A chart's footnote: the source line, extra notes, and the period the data run to (its date
 * recorded as printed).
 * @example footnote(data, 'en', figs, ['n.m.: not meaningful.']);
 */
export function footnote(data: ChartData, edition: Edition, figs: ChartFigures, notes: string[] = []): string {
  const source =
    data.sourceLine?.[edition] ??
    pick(
      edition,
      'Source: freight declarations of the services; trade-bulletin calculations',
      '资料来源：班列货物申报数据，trade-bulletin 计算',
    );
  const end = figs.date(longDate(data.periodEnd, edition));
  const to = pick(edition, `Data to ${end}`, `数据截至${end}`);
  return sentences([source, ...notes, to], edition);
}

const utc = (iso: string): number => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);

/**
 * A time axis of month starts from `first` to `last` (ISO dates), every 1, 2, 3, 6, 12 or 24
 * months so that at most `maxTicks` show, each labelled `Jan 2025` / `2025年1月` (recorded as a
 * printed date) through an explicit value list and label lookup.
 */
export function monthAxis(
  figs: ChartFigures,
  first: string,
  last: string,
  edition: Edition,
  maxTicks = 8,
): { values: number[]; labelExpr: string } {
  const y0 = Number(first.slice(0, 4));
  const m0 = Number(first.slice(5, 7));
  const months = (Number(last.slice(0, 4)) - y0) * 12 + Number(last.slice(5, 7)) - m0;
  const every = [1, 2, 3, 6, 12, 24].find((e) => Math.floor(months / e) + 1 <= maxTicks) ?? 48;
  const ticks: { t: number; label: string }[] = [];
  // Start at the first month of the series that is a multiple of the interval (January for a year).
  for (let i = 0; i <= months; i++) {
    const y = y0 + Math.floor((m0 - 1 + i) / 12);
    const m = ((m0 - 1 + i) % 12) + 1;
    if ((m - 1) % Math.min(every, 12) !== 0 || (every > 12 && (y - y0) % (every / 12) !== 0)) continue;
    const iso = `${y}-${String(m).padStart(2, '0')}-01`;
    if (iso < first.slice(0, 8) + '01') continue;
    const label = edition === 'zh' ? `${y}年${m}月` : `${monthLabel(m, 'en')} ${y}`;
    ticks.push({ t: utc(iso), label: figs.date(label) });
  }
  const lookup = ticks.map((k) => `${JSON.stringify(String(k.t))}: ${JSON.stringify(k.label)}`).join(', ');
  return { values: ticks.map((k) => k.t), labelExpr: `{${lookup}}[time(datum.value) + ''] || ''` };
}

/**
 * The key-figures table and the rates table of the trade bulletin. One unit per column, in
 * both editions: an amount column takes the scale of its largest value (billion / million
 * yuan; 亿元 / 万元), names it in its header, and prints every cell at that scale.
 */
import { Exact, count, fixedGrouped, roundHalfUp, scaleAmount, scaleAmountZh, teu as teuText } from '../press/round.js';
import { signedPct } from '../press/wording.js';
import type { TableView } from '../model.js';
import type { TableCell } from '../figures.js';
import type { Edition } from '../model.js';
import { labels, rateSourceName } from './labels.js';
import { longDate, monthName } from '../../lib/dates.js';
import { dateText, launchText, launchWhen, periodLabel, periodText, serviceShort, usdAtPublication, yearText, type Ctx } from './context.js';
import { digits } from '../../lib/exact-digits.js';

/**
 * The scale of a money column: the scale the press formatter gives its largest value (so the
 * largest cell reads as in the text: 9,999.50万元 stays in 万), named for the header.
 */
export function moneyScale(values: string[], currency: 'CNY' | 'USD', edition: Edition): { unit: number; places: number; label: string } {
  const names: Record<number, string> = labels[edition].money[currency];
  const max = digits(values.reduce((a, v) => Exact.max(a, new Exact(v).abs()), new Exact(0)));
  const unit = edition === 'zh'
    ? { 亿: 1e8, 万: 1e4, '': 1 }[scaleAmountZh(max).unit]
    : { billion: 1e9, million: 1e6, thousand: 1e3, '': 1 }[scaleAmount(max).scale];
  return { unit, places: unit === 1 ? 0 : 2, label: names[unit]! };
}

/** One row per service: value, dollars, change, cumulative, TEU, trains, shipments. */
export function keyFiguresTable(ctx: Ctx): TableView {
  const L = labels[ctx.edition];
  const zh = ctx.edition === 'zh';
  const p = periodLabel(ctx);
  const ss = ctx.data.services;
  const usd = ss.map((s) => usdAtPublication(ctx, s.metrics.valueCny));
  const cols = {
    value: moneyScale(ss.map((s) => s.metrics.valueCny), 'CNY', ctx.edition),
    usd: moneyScale(usd.map((u) => digits(u.exact)), 'USD', ctx.edition),
    cumulative: moneyScale(ss.map((s) => s.metrics.cumulativeCny), 'CNY', ctx.edition),
  };
  const cell = (c: { unit: number; places: number }, v: string) => fixedGrouped(new Exact(v).div(c.unit), c.places);
  const cells: (TableCell | null)[][] = [];
  const rows = ss.map((s, i) => {
    const m = s.metrics;
    const id = s.info.id;
    const u = usd[i]!;
    const row = [
      ctx.book.cell({ service: id, metric: 'trade_value', period: p, unit: 'CNY', value: m.valueCny, text: cell(cols.value, m.valueCny), basis: `table: ${cols.value.label}` }),
      ctx.book.cell({ service: id, metric: 'trade_value', period: p, unit: 'USD', value: u.value, text: cell(cols.usd, digits(u.exact)), basis: `${u.basis}; table: ${cols.usd.label}` }),
      ctx.book.cell({ service: id, metric: 'trade_value_yoy_pct', period: p, unit: 'percent', value: m.yoyPct, text: signedPct(m.yoyPct, ctx.edition) }),
      ctx.book.cell({ service: id, metric: 'cumulative_value', period: `${s.dataStart}..${m.period.end}`, unit: 'CNY', value: m.cumulativeCny, text: cell(cols.cumulative, m.cumulativeCny), basis: `table: ${cols.cumulative.label}` }),
      ctx.book.cell({ service: id, metric: 'teu', period: p, unit: 'TEU', value: m.teu, text: teuText(m.teu, ctx.teuPlaces) }),
      ctx.book.cell({ service: id, metric: 'trains', period: p, unit: 'count', value: String(m.trains), text: count(m.trains) }),
      ctx.book.cell({ service: id, metric: 'shipments', period: p, unit: 'count', value: String(m.shipments), text: count(m.shipments) }),
    ];
    cells.push([null, ...row.map((c) => c.cell)]);
    return [serviceShort(ctx, s), ...row.map((c) => c.text)];
  });
  const rate = publicationRateText(ctx);
  const notes: string[] = [zh
    ? `折合美元按发布汇率${rate}元/美元计算；同比为与上年同期相比。`
    : `USD: the yuan value at the publication rate, ${rate} yuan per U.S. dollar. Change: on the same span a year earlier.`];
  for (const s of ss) {
    const name = serviceShort(ctx, s);
    if (!s.coversLaunch && s.dataStart) {
      notes.push(zh
        ? `${name}：累计货值自数据起始日${dateText(ctx, s.dataStart)}起算；该线路于${launchText(ctx, s)}开行。`
        : `${name}: cumulative value from ${dateText(ctx, s.dataStart)}, the earliest departure in the data; the service was launched ${launchWhen(ctx, s)}.`);
    }
    if (s.metrics.yoyPct === null) notes.push(zh ? `${name}：上年无可比数值，同比增速不适用（记为“—”）。` : `${name}: n.m. = not meaningful.`);
    else if (s.metrics.yoyStatus === 'started-in-prior') {
      notes.push(zh
        ? `${name}：该线路于${launchText(ctx, s)}开行，比较期内仅部分时间运营，增速受基数效应影响。`
        : `${name}: the change reflects a base effect; the service was launched ${launchWhen(ctx, s)}, during the comparison period.`);
    }
  }
  const H = L.head;
  return {
    caption: zh ? `${L.table}，${periodText(ctx)}` : `${L.table}, ${periodText(ctx)}`,
    head: [H.service, H.value(cols.value.label), H.usd(cols.usd.label), H.change, H.cumulative(cols.cumulative.label), H.teu, H.trains, H.shipments],
    rows,
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    notes,
    cells,
    sheetHead: [...L.sheetHead.keyFigures],
  };
}

/** Annual mean CNY per USD of the daily rates in the warehouse. */
export function ratesTable(ctx: Ctx): TableView {
  const L = labels[ctx.edition];
  const zh = ctx.edition === 'zh';
  const end = ctx.data.period.end;
  const table: TableView = {
    caption: zh ? '人民币兑美元年均汇率（日汇率算术平均）' : 'Annual average yuan per U.S. dollar (mean of daily rates)',
    head: [...L.rateHead],
    rows: [],
    align: ['left', 'right', 'right'],
    notes: [],
    cells: [],
    sheetHead: [...L.sheetHead.rates],
  };
  const push = (label: string, rate: ReturnType<Ctx['book']['cell']>, days: ReturnType<Ctx['book']['cell']>): void => {
    table.rows.push([label, rate.text, days.text]);
    table.cells!.push([null, rate.cell, days.cell]);
  };
  for (const a of ctx.data.annualAverages) {
    const partial = a.year === Number(end.slice(0, 4)) && !end.endsWith('-12-31');
    // A year still running is averaged to the period end, and printed so ("2026 (to 30 June)"):
    // its figures carry that span, as the year-to-date figures do, never the whole year's label.
    const period = partial ? `${a.year}-01-01..${end}` : String(a.year);
    push(
      partial
        ? zh ? `${yearText(ctx, a.year)}（截至${ctx.book.date(`${Number(end.slice(5, 7))}月${Number(end.slice(8))}日`)}）` : `${yearText(ctx, a.year)} (to ${ctx.book.date(longDate(end).replace(/ \d{4}$/, ''))})`
        : yearText(ctx, a.year),
      ctx.book.cell({ service: 'all', metric: 'annual_average_rate', period, unit: 'CNY per USD', value: a.mean ?? a.rate, text: a.rate, basis: `mean of ${a.days} daily USD→CNY rates` }),
      ctx.book.cell({ service: 'all', metric: 'rate_days', period, unit: 'days', value: String(a.days), text: count(a.days), basis: 'days with a USD→CNY rate behind the annual average' }),
    );
  }
  // Under the monthly-average policy the rates used are the monthly means: printed too.
  const monthly = ctx.data.policy === 'monthly-average' ? (ctx.data.monthlyAverages ?? []) : [];
  for (const m of monthly) {
    const [y, mo] = m.month.split('-').map(Number) as [number, number];
    push(
      ctx.book.date(zh ? `${y}年${mo}月` : `${monthName(mo)} ${y}`),
      ctx.book.cell({ service: 'all', metric: 'monthly_average_rate', period: m.month, unit: 'CNY per USD', value: m.mean, text: m.rate, basis: `mean of ${m.days} daily USD→CNY rates (the rate used under the monthly-average policy)` }),
      ctx.book.cell({ service: 'all', metric: 'rate_days', period: m.month, unit: 'days', value: String(m.days), text: count(m.days), basis: 'days with a USD→CNY rate behind the monthly average' }),
    );
  }
  if (monthly.length) table.caption = zh ? '人民币兑美元年均及月均汇率（日汇率算术平均；折算使用月均汇率）' : 'Annual and monthly average yuan per U.S. dollar (mean of daily rates; lines converted at the monthly means)';
  return table;
}

/** The publication rate as printed ("6.8088"): the rate divided by, to 4 decimals. */
export function publicationRateText(ctx: Ctx): string {
  const pub = ctx.data.publication;
  const text = roundHalfUp(pub.rate, 4);
  return ctx.book.add({ service: 'all', metric: 'publication_rate', period: pub.date, unit: 'CNY per USD', value: pub.rate, text, basis: pub.source });
}

/** A rate source as printed in the edition; a source name with digits (a series code such as H.10) is recorded as a reference. */
export function sourceText(ctx: Ctx, source: string): string {
  const t = rateSourceName(source, ctx.edition);
  return /\d/.test(t) ? ctx.book.ref(t) : t;
}

/** The key-figures table and the rates table of the trade bulletin. */
import { Decimal } from 'decimal.js';
import type { TableView } from '../model.js';
import { count, teu as teuText } from '../press/round.js';
import { signedPct } from '../press/wording.js';
import { labels } from './labels.js';
import { cnyFigure, periodLabel, periodText, serviceShort, usdAtPublicationRate, type Ctx } from './context.js';

/** One row per service: value, dollars, change, cumulative, TEU, trains, shipments. */
export function keyFiguresTable(ctx: Ctx): TableView {
  const L = labels[ctx.edition];
  const p = periodLabel(ctx);
  const rows = ctx.data.services.map((s) => {
    const m = s.metrics;
    const id = s.info.id;
    const change = ctx.book.add({ service: id, metric: 'trade_value_yoy_pct', period: p, unit: 'percent', value: m.yoyPct, text: signedPct(m.yoyPct) });
    return [
      serviceShort(ctx, s),
      cnyFigure(ctx, id, 'trade_value', m.valueCny),
      usdAtPublicationRate(ctx, id, 'trade_value', m.valueCny),
      change,
      cnyFigure(ctx, id, 'cumulative_value', m.cumulativeCny, `${s.dataStart}..${m.period.end}`),
      ctx.book.add({ service: id, metric: 'teu', period: p, unit: 'TEU', value: m.teu, text: teuText(m.teu) }),
      ctx.book.add({ service: id, metric: 'trains', period: p, unit: 'count', value: String(m.trains), text: count(m.trains) }),
      ctx.book.add({ service: id, metric: 'shipments', period: p, unit: 'count', value: String(m.shipments), text: count(m.shipments) }),
    ];
  });
  const notes: string[] = [];
  for (const s of ctx.data.services) {
    if (!s.coversLaunch && s.dataStart) {
      notes.push(ctx.edition === 'zh'
        ? `${s.info.shortNameZh}：累计货值自数据起始日${s.dataStart}起算（该线路开行于${s.info.launched}）。`
        : `${s.info.shortName}: cumulative value from ${s.dataStart}, the earliest departure in the data (the service launched in ${s.info.launched}).`);
    }
    if (s.metrics.yoyPct === null) notes.push(`${serviceShort(ctx, s)}: n.m. = ${ctx.edition === 'zh' ? '不具可比性' : 'not meaningful'}.`);
  }
  return {
    caption: `${L.table}, ${periodText(ctx)}`,
    head: [...L.head],
    rows,
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    notes,
  };
}

/** Annual mean CNY per USD of the daily rates in the warehouse. */
export function ratesTable(ctx: Ctx): TableView {
  const L = labels[ctx.edition];
  return {
    caption: ctx.edition === 'zh' ? '人民币兑美元年均汇率（日汇率算术平均）' : 'Annual average yuan per U.S. dollar (mean of daily rates)',
    head: [...L.rateHead],
    rows: ctx.data.annualAverages.map((a) => [
      a.year === Number(ctx.data.period.end.slice(0, 4)) && !ctx.data.period.end.endsWith('-12-31')
        ? ctx.edition === 'zh' ? `${a.year}（截至${Number(ctx.data.period.end.slice(5, 7))}月${Number(ctx.data.period.end.slice(8))}日）` : `${a.year} (to ${ctx.data.period.end.slice(5)})`
        : String(a.year),
      ctx.book.add({ service: 'all', metric: 'annual_average_rate', period: String(a.year), unit: 'CNY per USD', value: a.rate, text: a.rate, basis: `mean of ${a.days} daily USD→CNY rates` }),
      count(a.days),
    ]),
    align: ['left', 'right', 'right'],
    notes: [],
  };
}

/** The publication rate as printed ("6.8088"). */
export function publicationRateText(ctx: Ctx): string {
  const pub = ctx.data.publication;
  const text = new Decimal(pub.rate).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4);
  return ctx.book.add({ service: 'all', metric: 'publication_rate', period: pub.date, unit: 'CNY per USD', value: pub.rate, text, basis: pub.source });
}

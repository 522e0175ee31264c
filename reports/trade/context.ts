/** What every part of the trade bulletin builder shares: its data, edition and figure book. */
import { Decimal } from 'decimal.js';
import type { BulletinData, BulletinService } from '../data.js';
import { longDate, longDateZh } from '../../lib/dates.js';
import { FigureBook } from '../figures.js';
import type { Edition } from '../model.js';
import { amountText } from '../press/wording.js';

/** The builder's shared state. */
export interface Ctx {
  data: BulletinData;
  edition: Edition;
  book: FigureBook;
}

/** A date in the edition's long form. */
export const dateText = (ctx: Ctx, iso: string): string => (ctx.edition === 'zh' ? longDateZh(iso) : longDate(iso));

/** The service's name in the edition. */
export const serviceName = (ctx: Ctx, s: BulletinService): string => (ctx.edition === 'zh' ? s.info.nameZh : s.info.name);
export const serviceShort = (ctx: Ctx, s: BulletinService): string => (ctx.edition === 'zh' ? s.info.shortNameZh : s.info.shortName);

/** "in 2025" / "from 1 January to 30 June 2026"; Chinese "2025年" / "2026年1—6月". */
export function periodText(ctx: Ctx, prior = false): string {
  const p = ctx.data.period;
  const start = prior ? p.priorStart : p.start;
  const end = prior ? p.priorEnd : p.end;
  const year = Number(start.slice(0, 4));
  if (p.kind === 'annual') return ctx.edition === 'zh' ? `${year}年` : `${year}`;
  if (ctx.edition === 'zh') return `${year}年1月1日至${longDateZh(end).slice(5)}`;
  return `1 January to ${longDate(end).replace(/ \d{4}$/, '')} ${year}`;
}

/** The period label used in figures.json. */
export const periodLabel = (ctx: Ctx): string => ctx.data.period.label;

/** Records a CNY amount figure and returns its text. */
export function cnyFigure(ctx: Ctx, service: string, metric: 'trade_value' | 'cumulative_value' | 'trade_value_outbound' | 'trade_value_inbound', value: string, period = periodLabel(ctx)): string {
  return ctx.book.add({ service, metric, period, unit: 'CNY', value, text: amountText(value, 'CNY', ctx.edition) });
}

/** The headline dollar amount: the unrounded yuan total at the publication rate; records it. */
export function usdAtPublicationRate(ctx: Ctx, service: string, metric: 'trade_value' | 'cumulative_value', cny: string, period = periodLabel(ctx)): string {
  const pub = ctx.data.publication;
  // The quotient is not a finite decimal: kept to 10 places, far below any printed rounding.
  const usd = new Decimal(cny).div(pub.rate).toDecimalPlaces(10, Decimal.ROUND_HALF_EVEN).toFixed(10);
  return ctx.book.add({
    service, metric, period, unit: 'USD', value: usd, text: amountText(usd, 'USD', ctx.edition),
    basis: `CNY value ÷ ${new Decimal(pub.rate).toString()} CNY per USD (${pub.date}, ${pub.source}), to 10 decimal places`,
  });
}

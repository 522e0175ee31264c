/** What every part of the trade bulletin builder shares: its data, edition and figure book. */
import type { Decimal } from 'decimal.js';
import type { BulletinData, BulletinService } from '../data.js';
import { longDate, longDateZh, monthName } from '../../lib/dates.js';
import { FigureBook } from '../figures.js';
import { DEFAULT_FINAL_AFTER_DAYS, figureStatus } from '../status.js';
import { revisionLookup } from '../revisions.js';
import type { Edition } from '../model.js';
import { Exact } from '../press/round.js';
import { amountText } from '../press/wording.js';
import { digits } from '../../lib/exact-digits.js';

/** The builder's shared state. */
export interface Ctx {
  data: BulletinData;
  edition: Edition;
  book: FigureBook;
  /**
   * Decimals of every TEU value printed: 0 in every bulletin (cover, text, table, charts alike),
   * so that "5,651" and "9,613.75" never stand side by side across editions; figures.json
   * keeps the unrounded value (45 ft = 2.25 TEU).
   */
  teuPlaces: number;
  /** Services already named in full in the prose: later mentions use the short name. */
  named: Set<string>;
}

/** A fresh builder state for one edition. */
export function newCtx(data: BulletinData, edition: Edition): Ctx {
  const book = new FigureBook({
    status: (f) => figureStatus(f.period, data.asOf, data.finalAfterDays ?? DEFAULT_FINAL_AFTER_DAYS),
    revision: revisionLookup(data.release, edition),
  });
  return { data, edition, book, teuPlaces: 0, named: new Set() };
}

/** A date in the edition's long form, recorded as a printed date ("30 June 2025", "2025年6月30日"). */
export const dateText = (ctx: Ctx, iso: string): string => ctx.book.date(ctx.edition === 'zh' ? longDateZh(iso) : longDate(iso));

/** A year printed as a period name ("2025", zh "2025年"), recorded as a date. */
export const yearText = (ctx: Ctx, year: number | string): string => ctx.book.date(ctx.edition === 'zh' ? `${year}年` : String(year));

/**
 * The launch of a service as the reference gives it: a day ("15 October 2024") or a month
 * ("November 2013"; zh "2013年11月"), recorded as a date.
 */
export function launchText(ctx: Ctx, s: BulletinService): string {
  const l = s.info.launched;
  if (/^\d{4}-\d{2}$/.test(l)) {
    const [y, m] = l.split('-').map(Number) as [number, number];
    return ctx.book.date(ctx.edition === 'zh' ? `${y}年${m}月` : `${monthName(m)} ${y}`);
  }
  return /^\d{4}-\d{2}-\d{2}$/.test(l) ? dateText(ctx, l) : dateText(ctx, s.dataStart ?? s.metrics.period.start);
}

/** "on 15 October 2024" / "in November 2013": the preposition a launch takes in English. */
export const launchWhen = (ctx: Ctx, s: BulletinService): string => `${/^\d{4}-\d{2}$/.test(s.info.launched) ? 'in' : 'on'} ${launchText(ctx, s)}`;

/** The service's short name in the edition (labels, tables, later mentions). */
export const serviceShort = (ctx: Ctx, s: BulletinService): string => (ctx.edition === 'zh' ? s.info.shortNameZh : s.info.shortName);

/**
 * The service as prose names it: the full name the first time (in English with "the", and a
 * closing comma when the name has one inside, so "…, Xi'an–Almaty, ran"), the short name after.
 * `end` says the name ends a clause (no closing comma needed).
 */
export function mention(ctx: Ctx, s: BulletinService, end = false): string {
  const zh = ctx.edition === 'zh';
  if (ctx.named.has(s.info.id)) return zh ? s.info.shortNameZh : `the ${s.info.shortName}`;
  ctx.named.add(s.info.id);
  if (zh) return s.info.nameZh;
  return `the ${s.info.name}${!end && s.info.name.includes(',') ? ',' : ''}`;
}

/** Capitalizes a sentence's first letter. */
export const capital = (t: string): string => t.charAt(0).toUpperCase() + t.slice(1);

/** "in 2025" / "from 1 January to 30 June 2026"; Chinese "2025年" / "2026年1—6月". Recorded as a date. */
export function periodText(ctx: Ctx, prior = false): string {
  const p = ctx.data.period;
  const start = prior ? p.priorStart : p.start;
  const end = prior ? p.priorEnd : p.end;
  const year = Number(start.slice(0, 4));
  if (p.kind === 'annual') return yearText(ctx, year);
  const month = Number(end.slice(5, 7));
  const monthEnd = end === lastDayOfMonth(end);
  if (ctx.edition === 'zh') return ctx.book.date(monthEnd ? `${year}年1—${month}月` : `${year}年1月1日至${month}月${Number(end.slice(8))}日`);
  return ctx.book.date(`1 January to ${longDate(end).replace(/ \d{4}$/, '')} ${year}`);
}

/** The last day of the month of an ISO date. */
function lastDayOfMonth(iso: string): string {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${iso.slice(0, 8)}${String(d).padStart(2, '0')}`;
}

/** The period label used in figures.json. */
export const periodLabel = (ctx: Ctx): string => ctx.data.period.label;

/** Records a CNY amount figure and returns its text. */
export function cnyFigure(ctx: Ctx, service: string, metric: 'trade_value' | 'cumulative_value' | 'trade_value_outbound' | 'trade_value_inbound', value: string, period = periodLabel(ctx)): string {
  return ctx.book.add({ service, metric, period, unit: 'CNY', value, text: amountText(value, 'CNY', ctx.edition) });
}

/**
 * The headline dollars: the unrounded yuan total at the publication rate. The printed text
 * rounds the quotient once, from 60 significant digits; figures.json keeps it to 10 places.
 */
export function usdAtPublication(ctx: Ctx, cny: string): { exact: Decimal; value: string; basis: string } {
  const pub = ctx.data.publication;
  const exact = new Exact(cny).div(pub.rate);
  return {
    exact,
    // figures.json's stored value, to 10 places; never printed (the text is rounded once by the press).
    // eslint-disable-next-line no-restricted-syntax
    value: digits(exact.toDecimalPlaces(10, Exact.ROUND_HALF_EVEN), 10),
    basis: `CNY value ÷ ${new Exact(pub.rate).toString()} CNY per USD (${pub.date}, ${pub.source}); value to 10 decimal places, text rounded once from the exact quotient`,
  };
}

/** The headline dollar amount in words ("781.34 million U.S. dollars"); records it. */
export function usdAtPublicationRate(ctx: Ctx, service: string, metric: 'trade_value' | 'cumulative_value', cny: string, period = periodLabel(ctx)): string {
  const u = usdAtPublication(ctx, cny);
  // The exact quotient (60 digits) is formatted, so no rounding to 10 places precedes the printed one.
  return ctx.book.add({ service, metric, period, unit: 'USD', value: u.value, text: amountText(digits(u.exact), 'USD', ctx.edition), basis: u.basis });
}

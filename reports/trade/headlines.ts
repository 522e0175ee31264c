/**
 * The bulletin's sentences, generated from the metrics in press style. Every number in them
 * is recorded in the figure book as it is printed.
 */
import type { BulletinService } from '../data.js';
import { boundAmountText, boundRedundant, changeText, changeWord, countText, yoyReason } from '../press/wording.js';
import { count, Exact, pct1, teu as teuText } from '../press/round.js';
import { capital, cnyFigure, dateText, launchText, launchWhen, mention, periodLabel, periodText, usdAtPublicationRate, yearText, type Ctx } from './context.js';
import { digits } from '../../lib/exact-digits.js';

/** The growth figure's text, recorded with its n.m. reason or base-effect note. */
export function yoyFigure(ctx: Ctx, s: BulletinService): { text: string; reason: string | null; baseEffect: boolean } {
  const m = s.metrics;
  const prior = periodText(ctx, true);
  let reason = yoyReason(m.yoyStatus, prior, launchText(ctx, s), ctx.edition);
  // A span reads "from 1 January to 15 June 2024", not "in 1 January to …".
  if (reason && ctx.edition === 'en' && m.period.kind === 'ytd') reason = reason.replace(`in ${prior}`, `from ${prior}`).replace(`for ${prior}`, `from ${prior}`);
  // The service ran through the comparison span, but the data only start inside it: say so.
  if (!reason && m.yoyPct !== null && s.dataStart && s.dataStart > m.period.priorStart) {
    reason = ctx.edition === 'zh'
      ? `上年同期数据自${dateText(ctx, s.dataStart)}起`
      : `the data for the comparison period start on ${dateText(ctx, s.dataStart)}`;
  }
  const text = ctx.book.add({
    service: s.info.id, metric: 'trade_value_yoy_pct', period: periodLabel(ctx), unit: 'percent', value: m.yoyPct,
    text: changeText(m.yoyPct, ctx.edition), ...(reason ? { note: reason } : {}),
  });
  return { text, reason, baseEffect: m.yoyStatus === 'started-in-prior' && m.yoyPct !== null };
}

/**
 * The growth in U.S. dollars at transaction-date rates, and whether it differs from the growth
 * in yuan by a point or more (compared unrounded): then the exchange rate accounts for it.
 */
export function usdGrowth(ctx: Ctx, s: BulletinService): { text: string; differs: boolean } | null {
  const m = s.metrics;
  if (m.yoyPct === null || m.yoyUsdPct == null) return null;
  const text = ctx.book.add({
    service: s.info.id, metric: 'trade_value_usd_yoy_pct', period: periodLabel(ctx), unit: 'percent', value: m.yoyUsdPct,
    text: changeText(m.yoyUsdPct, ctx.edition), basis: 'USD values at transaction-date rates',
  });
  return { text, differs: new Exact(m.yoyPct).minus(m.yoyUsdPct).abs().gte(1) };
}

/**
 * The headline's subject: the reference's `headline_subject` with `{name}` standing for the
 * service's name as prose gives it (the full name, the first time), so that the headline never
 * brings a third name ("the Chang'an trains") beside the full and the short one.
 * @example headlineSubject(ctx, changan) // "Trade between Xi'an and Kazakhstan on the Chang'an China-Europe freight train, Xi'an–Almaty,"
 */
export function headlineSubject(ctx: Ctx, s: BulletinService): string {
  const zh = ctx.edition === 'zh';
  const template = (zh ? s.info.headlineSubjectZh : s.info.headlineSubject) || (zh ? '{name}贸易额' : 'Trade carried by {name}');
  return template.includes('{name}') ? template.replace('{name}', mention(ctx, s)) : template;
}

/** "Trade … reached 5.32 billion yuan (about 781.34 million U.S. dollars) in 2025, an increase of 19.1 percent over 2024." */
export function valueSentence(ctx: Ctx, s: BulletinService): string {
  const m = s.metrics;
  const zh = ctx.edition === 'zh';
  if (new Exact(m.valueCny).isZero()) return noTradeSentence(ctx, s);
  const subject = headlineSubject(ctx, s);
  const cny = cnyFigure(ctx, s.info.id, 'trade_value', m.valueCny);
  const usd = usdAtPublicationRate(ctx, s.info.id, 'trade_value', m.valueCny);
  const g = yoyFigure(ctx, s);
  const u = usdGrowth(ctx, s);
  const ytd = m.period.kind === 'ytd';
  if (zh) {
    const when = periodText(ctx);
    if (m.yoyPct === null) return `${when}，${subject}${cny}（约合${usd}），${g.text}：${g.reason}。`;
    const usdPart = u ? `；按交易日汇率以美元计${u.text}` : '';
    const why = u?.differs ? '两者差异源于人民币兑美元汇率的变动。' : '';
    return `${when}，${subject}${cny}（约合${usd}），${g.text}${g.reason ? `（${g.reason}）` : ''}${usdPart}。${why}`;
  }
  const when = ytd ? `from ${periodText(ctx)}` : `in ${periodText(ctx)}`;
  const against = ytd ? `the same period of ${yearText(ctx, m.period.priorStart.slice(0, 4))}` : periodText(ctx, true);
  if (m.yoyPct === null) return `${subject} reached ${cny} (about ${usd}) ${when}; year-on-year growth is not meaningful (n.m.): ${g.reason}.`;
  const note = g.reason ? `; ${g.reason}` : '';
  const usdPart = u ? ` (in U.S. dollars at transaction-date rates, ${u.text})` : '';
  const why = u?.differs ? ' The change in the exchange rate of the yuan against the U.S. dollar accounts for the difference between the two rates.' : '';
  return `${subject} reached ${cny} (about ${usd}) ${when}, ${g.text} over ${against}${usdPart}${note}.${why}`;
}

/** Zero worded: "No trade was recorded on the ASEAN Express in 2025 (a decrease of 100.0 percent)." */
function noTradeSentence(ctx: Ctx, s: BulletinService): string {
  const name = mention(ctx, s);
  const g = yoyFigure(ctx, s);
  const when = periodText(ctx);
  const change = s.metrics.yoyPct === null ? '' : g.text;
  if (ctx.edition === 'zh') return `${when}，${name}无贸易记录${change ? `（${change}）` : ''}。`;
  const span = s.metrics.period.kind === 'ytd' ? `from ${when}` : `in ${when}`;
  return `No trade was recorded on ${name} ${span}${change ? ` (${change})` : ''}.`;
}

/** A running total as the press bounds it ("approaching 3.5 billion yuan", "more than 620 million yuan"; zh "接近35亿元"), recorded. */
export function boundFigure(ctx: Ctx, s: BulletinService, value: string, period: string): string {
  return ctx.book.add({ service: s.info.id, metric: 'cumulative_value', period, unit: 'CNY', value, text: boundAmountText(value, ctx.edition), basis: 'press bound: two significant digits' });
}

/**
 * Cumulative value: since launch (from the reference) with the press bound and the first-return
 * milestone where the data cover the launch; otherwise from the start of the data, saying both.
 */
export function cumulativeSentences(ctx: Ctx, s: BulletinService): string[] {
  if (!s.dataStart || new Exact(s.metrics.cumulativeCny).isZero()) return [];
  const zh = ctx.edition === 'zh';
  const m = s.metrics;
  const out: string[] = [];
  const name = mention(ctx, s);
  const whole = `${s.dataStart}..${m.period.end}`;
  if (!s.coversLaunch) {
    const total = cnyFigure(ctx, s.info.id, 'cumulative_value', m.cumulativeCny, whole);
    out.push(zh
      ? `${name}于${launchText(ctx, s)}开行，本公报数据自${dateText(ctx, s.dataStart)}起；自该日至${dateText(ctx, m.period.end)}累计货值${total}。`
      : `${capital(name)} was launched ${launchWhen(ctx, s)}; the data in this bulletin start on ${dateText(ctx, s.dataStart)}. From then to ${dateText(ctx, m.period.end)} it carried goods worth ${total}.`);
    return out;
  }
  for (const ms of s.milestones.filter((x) => !new Exact(x.cumulativeCny).isZero())) {
    const bound = boundFigure(ctx, s, ms.cumulativeCny, `${s.dataStart}..${ms.date}`);
    out.push(zh
      ? `截至${dateText(ctx, ms.date)}首趟回程班列开行时，${out.length ? s.info.shortNameZh : name}累计货值${bound}。`
      : `By ${dateText(ctx, ms.date)}, when the first return train departed, the cumulative freight value of ${name} was ${bound}.`);
  }
  const later = out.length > 0;
  const who = later ? mention(ctx, s) : name;
  const total = cnyFigure(ctx, s.info.id, 'cumulative_value', m.cumulativeCny, whole);
  const bound = boundRedundant(m.cumulativeCny, ctx.edition) ? null : boundFigure(ctx, s, m.cumulativeCny, whole);
  out.push(zh
    ? `${later ? who : name}自${launchText(ctx, s)}开行以来，截至${dateText(ctx, m.period.end)}累计货值${total}${bound ? `，${bound}` : ''}。`
    : `Since its launch ${launchWhen(ctx, s)}, ${who} has carried goods worth ${total} by ${dateText(ctx, m.period.end)}${bound ? `, ${bound}` : ''}.`);
  return out;
}

/** TEU, trains and shipments, with the change in TEU; zero and one worded. */
export function volumeSentence(ctx: Ctx, s: BulletinService): string {
  const m = s.metrics;
  const id = s.info.id;
  const p = periodLabel(ctx);
  const zh = ctx.edition === 'zh';
  const name = mention(ctx, s);
  const when = zh ? periodText(ctx) : `${m.period.kind === 'ytd' ? 'from' : 'in'} ${periodText(ctx)}`;
  if (m.trains === 0 && m.shipments === 0) {
    return zh ? `${when}，${name}无发运记录。` : `${capital(name)} carried no freight ${when}.`;
  }
  const teu = ctx.book.add({ service: id, metric: 'teu', period: p, unit: 'TEU', value: m.teu, text: teuText(m.teu, ctx.teuPlaces) });
  const trains = ctx.book.add({ service: id, metric: 'trains', period: p, unit: 'count', value: String(m.trains), text: count(m.trains) });
  const ships = ctx.book.add({ service: id, metric: 'shipments', period: p, unit: 'count', value: String(m.shipments), text: count(m.shipments) });
  const prior = new Exact(m.priorTeu);
  let change = '';
  if (!prior.isZero() && m.yoyStatus !== 'not-running') {
    const pct = digits(new Exact(m.teu).div(prior).minus(1).times(100).toSignificantDigits(40));
    const base = m.yoyStatus === 'started-in-prior';
    const word = changeWord(pct, ctx.edition);
    // The number inside the words is the figure's text ("3.2"); "unchanged" carries none.
    const shown = /\d/.test(word) ? (zh ? `${pct1(pct)}%` : pct1(pct)) : word;
    ctx.book.add({ service: id, metric: 'teu_yoy_pct', period: p, unit: 'percent', value: pct, text: shown, basis: 'year-on-year change in TEU', ...(base ? { note: 'base effect' } : {}) });
    const note = base ? (zh ? '（基数效应：该线路于比较期内开行）' : ' (base effect: the service started during the comparison period)') : '';
    if (zh) change = `，标箱量${word === '持平' ? '与上年同期持平' : `同比${word}`}${note}`;
    else change = word === 'unchanged' ? `, with TEU unchanged on a year earlier${note}` : `, ${word} in TEU${note}`;
  }
  if (zh) return `${when}，${name}开行${trains}列，发送${teu}标箱（${ships}票）${change}。`;
  const trainsText = countText(m.trains, 'train', 'trains').replace(/^[\d,]+/, trains);
  const shipsText = countText(m.shipments, 'shipment', 'shipments').replace(/^[\d,]+/, ships);
  return `${capital(name)} ran ${trainsText} carrying ${teu} TEU (${shipsText}) ${when}${change}.`;
}

/** Outbound against inbound; a direction with nothing is worded ("no inbound trade"). */
export function directionSentence(ctx: Ctx, s: BulletinService): string | null {
  const m = s.metrics;
  const zh = ctx.edition === 'zh';
  const outZero = new Exact(m.outboundCny).isZero();
  const inZero = new Exact(m.inboundCny).isZero();
  if (outZero && inZero) return null;
  const name = mention(ctx, s);
  const out = outZero ? null : cnyFigure(ctx, s.info.id, 'trade_value_outbound', m.outboundCny);
  const inn = inZero ? null : cnyFigure(ctx, s.info.id, 'trade_value_inbound', m.inboundCny);
  if (zh) return `${name}去程${out ? `货值${out}` : '无货值'}，回程${inn ? `货值${inn}` : '无货值'}。`;
  if (!inn) return `Outbound trade on ${name} came to ${out}; there was no inbound trade.`;
  if (!out) return `Inbound trade on ${name} came to ${inn}; there was no outbound trade.`;
  return `Outbound trade on ${name} came to ${out} and inbound trade to ${inn}.`;
}

/** The three largest cargo categories with their shares. */
export function cargoSentence(ctx: Ctx, s: BulletinService): string | null {
  const rows = ctx.data.cargo.filter((c) => c.service === s.info.id);
  const total = rows.reduce((a, r) => a.plus(r.valueCny), new Exact(0));
  if (rows.length === 0 || total.isZero()) return null;
  const zh = ctx.edition === 'zh';
  const parts = rows.slice(0, 3).map((r) => {
    const share = digits(new Exact(r.valueCny).div(total).times(100).toSignificantDigits(40));
    // zh prints "31.5%" as one token, en "31.5 percent": the figure's text is the number as it stands.
    const t = ctx.book.add({ service: s.info.id, metric: 'cargo_share_pct', period: periodLabel(ctx), unit: 'percent', value: share, text: zh ? `${pct1(share)}%` : pct1(share), basis: r.category });
    return zh ? `${r.categoryZh}占${t}` : `${r.category.toLowerCase()} (${t} percent)`;
  });
  const name = mention(ctx, s);
  if (zh) return `按货类看，${name}${parts.join('，')}。`;
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
  return `By value, the largest cargo ${parts.length > 1 ? 'categories' : 'category'} of ${name} ${parts.length > 1 ? 'were' : 'was'} ${list}.`;
}

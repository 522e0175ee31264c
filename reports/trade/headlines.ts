/**
 * The bulletin's sentences, generated from the metrics in press style. Every number in them
 * is recorded in the figure book as it is printed.
 */
import { Decimal } from 'decimal.js';
import type { BulletinService } from '../data.js';
import { changeText, yoyReason } from '../press/wording.js';
import { count, pct1, roundBound, teu as teuText } from '../press/round.js';
import { cnyFigure, dateText, periodLabel, periodText, usdAtPublicationRate, type Ctx } from './context.js';

/** The growth figure's text, recorded with its n.m. reason or base-effect note. */
export function yoyFigure(ctx: Ctx, s: BulletinService): { text: string; reason: string | null } {
  const m = s.metrics;
  let reason = yoyReason(m.yoyStatus, periodText(ctx, true), dateText(ctx, s.dataStart ?? m.period.start), ctx.edition);
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
  return { text, reason };
}

/** "Trade … reached 5.32 billion yuan (about 781.34 million U.S. dollars) in 2025, an increase of 19.1 percent over 2024." */
export function valueSentence(ctx: Ctx, s: BulletinService): string {
  const m = s.metrics;
  const cny = cnyFigure(ctx, s.info.id, 'trade_value', m.valueCny);
  const usd = usdAtPublicationRate(ctx, s.info.id, 'trade_value', m.valueCny);
  const g = yoyFigure(ctx, s);
  const zh = ctx.edition === 'zh';
  const subject = zh ? (s.info.headlineSubjectZh || `${s.info.nameZh}贸易额`) : s.info.headlineSubject || `Trade carried by the ${s.info.name}`;
  const ytd = m.period.kind === 'ytd';
  if (zh) {
    const when = periodText(ctx);
    const cmp = m.yoyPct === null ? `${g.text}：${g.reason}` : `${g.text}${g.reason ? `（${g.reason}）` : ''}`;
    return `${when}，${subject}${cny}（约合${usd}），${cmp}。`;
  }
  const when = ytd ? `from ${periodText(ctx)}` : `in ${periodText(ctx)}`;
  const against = ytd ? `the same period of ${m.period.priorStart.slice(0, 4)}` : periodText(ctx, true);
  if (m.yoyPct === null) return `${subject} reached ${cny} (about ${usd}) ${when}; year-on-year growth is not meaningful (n.m.): ${g.reason}.`;
  const note = g.reason ? `; ${g.reason}` : '';
  return `${subject} reached ${cny} (about ${usd}) ${when}, ${g.text} over ${against}${note}.`;
}

/**
 * A running total as the press bounds it, to a tenth of a billion yuan:
 * "approaching 3.5 billion yuan", "more than 1.9 billion yuan"; Chinese "接近35亿元".
 */
export function boundText(ctx: Ctx, value: string): string {
  const b = roundBound(value, 1e9);
  if (ctx.edition === 'zh') {
    const word = b.word === 'approaching' ? '接近' : b.word === 'more than' ? '超过' : '';
    return `${word}${new Decimal(b.number).times(10).toString()}亿元`;
  }
  return `${b.word === 'exactly' ? '' : `${b.word} `}${b.number} billion yuan`;
}

/** Cumulative value since launch, with the press bound ("approaching 3.5 billion yuan") and milestones. */
export function cumulativeSentences(ctx: Ctx, s: BulletinService): string[] {
  if (!s.coversLaunch || !s.dataStart) return [];
  const zh = ctx.edition === 'zh';
  const id = s.info.id;
  const m = s.metrics;
  const out: string[] = [];
  for (const ms of s.milestones) {
    const bound = ctx.book.add({
      service: id, metric: 'cumulative_value', period: `${s.dataStart}..${ms.date}`, unit: 'CNY', value: ms.cumulativeCny,
      text: boundText(ctx, ms.cumulativeCny),
    });
    out.push(zh
      ? `截至${dateText(ctx, ms.date)}首趟回程班列开行时，${s.info.nameZh}累计货值${bound}。`
      : `By ${dateText(ctx, ms.date)}, when the first return train departed, the cumulative freight value of the ${s.info.name} was ${bound}.`);
  }
  const total = cnyFigure(ctx, id, 'cumulative_value', m.cumulativeCny, `${s.dataStart}..${m.period.end}`);
  const bound = ctx.book.add({ service: id, metric: 'cumulative_value', period: `${s.dataStart}..${m.period.end}`, unit: 'CNY', value: m.cumulativeCny, text: boundText(ctx, m.cumulativeCny) });
  out.push(zh
    ? `${s.info.nameZh}自${dateText(ctx, s.dataStart)}首发以来，截至${dateText(ctx, m.period.end)}累计货值${total}，${bound}。`
    : `Since its first departure on ${dateText(ctx, s.dataStart)}, the ${s.info.name} has carried goods worth ${total} by ${dateText(ctx, m.period.end)}, ${bound}.`);
  return out;
}

/** TEU, trains and shipments, with the change in TEU. */
export function volumeSentence(ctx: Ctx, s: BulletinService): string {
  const m = s.metrics;
  const id = s.info.id;
  const p = periodLabel(ctx);
  const teu = ctx.book.add({ service: id, metric: 'teu', period: p, unit: 'TEU', value: m.teu, text: teuText(m.teu) });
  const trains = ctx.book.add({ service: id, metric: 'trains', period: p, unit: 'count', value: String(m.trains), text: count(m.trains) });
  const ships = ctx.book.add({ service: id, metric: 'shipments', period: p, unit: 'count', value: String(m.shipments), text: count(m.shipments) });
  const zh = ctx.edition === 'zh';
  const prior = new Decimal(m.priorTeu);
  let change = '';
  if (!prior.isZero() && m.yoyStatus !== 'not-running') {
    const pct = new Decimal(m.teu).div(prior).minus(1).times(100).toFixed(10);
    const base = m.yoyStatus === 'started-in-prior';
    const t = ctx.book.add({ service: id, metric: 'teu_yoy_pct', period: p, unit: 'percent', value: pct, text: `${pct1(pct)}`, basis: 'year-on-year change in TEU', ...(base ? { note: 'base effect' } : {}) });
    const up = !new Decimal(pct).isNegative();
    const note = base ? (zh ? '（基数效应）' : ' (base effect: the service started during the comparison period)') : '';
    change = zh ? `，标箱量同比${up ? '增长' : '下降'}${t}%${note}` : `, ${up ? 'up' : 'down'} ${t} percent in TEU${note}`;
  }
  return zh
    ? `${periodText(ctx)}，${s.info.nameZh}开行${trains}列，发送${teu}标箱（${ships}票）${change}。`
    : `The ${s.info.name} ran ${trains} trains carrying ${teu} TEU (${ships} shipments) ${m.period.kind === 'ytd' ? 'from' : 'in'} ${periodText(ctx)}${change}.`;
}

/** Outbound against inbound. */
export function directionSentence(ctx: Ctx, s: BulletinService): string {
  const m = s.metrics;
  const out = cnyFigure(ctx, s.info.id, 'trade_value_outbound', m.outboundCny);
  const inn = cnyFigure(ctx, s.info.id, 'trade_value_inbound', m.inboundCny);
  return ctx.edition === 'zh'
    ? `${s.info.shortNameZh}去程货值${out}，回程货值${inn}。`
    : `Outbound trade on the ${s.info.name} came to ${out} and inbound trade to ${inn}.`;
}

/** The three largest cargo categories with their shares. */
export function cargoSentence(ctx: Ctx, s: BulletinService): string | null {
  const rows = ctx.data.cargo.filter((c) => c.service === s.info.id);
  const total = rows.reduce((a, r) => a.plus(r.valueCny), new Decimal(0));
  if (rows.length === 0 || total.isZero()) return null;
  const zh = ctx.edition === 'zh';
  const parts = rows.slice(0, 3).map((r) => {
    const share = new Decimal(r.valueCny).div(total).times(100).toFixed(10);
    const t = ctx.book.add({ service: s.info.id, metric: 'cargo_share_pct', period: periodLabel(ctx), unit: 'percent', value: share, text: pct1(share), basis: r.category });
    return zh ? `${r.categoryZh}占${t}%` : `${r.category.toLowerCase()} (${t} percent)`;
  });
  if (zh) return `按货类看，${parts.join('，')}。`;
  const [first, ...rest] = parts;
  return `By value, the largest cargo categories were ${first}${rest.length ? `, ${rest.join(' and ')}` : ''}.`;
}


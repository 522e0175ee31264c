/** The methods page: conversion policy, rates and sources, definitions, n.m., base effects, data quality. */
import { count, Exact } from '../press/round.js';
import { dateText, type Ctx } from './context.js';
import { labels } from './labels.js';
import { publicationRateText, ratesTable, sourceText } from './tables.js';
import type { BulletinView } from '../model.js';
import type { BulletinData } from '../data.js';
import { digits } from '../../lib/exact-digits.js';

const policyEn = {
  daily: (days: string) =>
    `Conversion at daily rates: each goods line is converted to yuan and U.S. dollars at the exchange rate of its shipment's departure date; where that day has no rate (weekend, holiday), at the latest earlier rate within ${days} days. Lines with no such rate are set aside and not counted.`,
  'monthly-average': () => 'Conversion at monthly average rates: each goods line is converted at the mean of the daily rates of its departure month.',
  'annual-average': () => 'Conversion at annual average rates: each goods line is converted at the mean of the daily rates of its departure year.',
};
const policyZh = {
  daily: (days: string) => `汇率折算（按日汇率）：每条货物明细按其运单发车日汇率折算为人民币和美元；当日无汇率（周末、节假日）时，取此前${days}天内最近一日汇率；仍无汇率者不计入统计。`,
  'monthly-average': () => '汇率折算（按月均汇率）：每条货物明细按发车当月日汇率的算术平均折算。',
  'annual-average': () => '汇率折算（按年均汇率）：每条货物明细按发车当年日汇率的算术平均折算。',
};

/** A count of goods lines printed in the methods, recorded. */
const lines = (ctx: Ctx, n: number, what: string): string =>
  ctx.book.add({ service: 'all', metric: 'lines', period: ctx.data.period.label, unit: 'count', value: String(n), text: count(n), basis: what });

/** The TEU factors of the data contract (20 ft = 1, 40 ft = 2, 45 ft = 2.25), recorded as constants. */
const teuFactor = (ctx: Ctx, feet: number, value: string): string =>
  ctx.book.add({ service: 'all', metric: 'teu_factor', period: 'constant', unit: 'TEU', value, text: digits(new Exact(value)), basis: `data contract: a ${feet}-foot container counts ${value} TEU` });

/** The data-quality sentence: the period's rows that failed the checks, worded for readers. */
function quality(ctx: Ctx, q: BulletinData['quarantined']): string {
  const zh = ctx.edition === 'zh';
  if (q.rows === 0) return zh ? '本期全部输入记录均通过数据校验。' : 'Every input record of this period passed the data checks.';
  const n = ctx.book.add({ service: 'all', metric: 'quarantined_rows', period: ctx.data.period.label, unit: 'count', value: String(q.rows), text: count(q.rows), basis: 'input rows of the period (by departure or rate date) that failed the data checks' });
  if (zh) return `本期有${n}条输入记录未通过数据校验（如日期或金额无效），未计入统计。`;
  return q.rows === 1
    ? `${n} input record of this period failed the data checks (for example an invalid date or amount) and is not counted.`
    : `${n} input records of this period failed the data checks (for example an invalid date or amount) and are not counted.`;
}

/** Builds the methods section. */
export function methods(ctx: Ctx): BulletinView['methods'] {
  const d = ctx.data;
  const zh = ctx.edition === 'zh';
  const rate = publicationRateText(ctx);
  const pubDate = dateText(ctx, d.publication.date);
  const pubSource = sourceText(ctx, d.publication.source);
  // A cross rate's source is "leg / leg": each source is named once.
  const names = d.rateUse.filter((r) => r.source !== '—').flatMap((r) => r.source.split(' / ').map((x) => x.trim())).filter(Boolean);
  const sources = [...new Set(names)].map((s) => sourceText(ctx, s)).join(zh ? '；' : '; ') || (zh ? '无' : 'none');
  const identity = d.rateUse.filter((r) => r.method === 'identity').reduce((a, r) => a + r.lines, 0);
  const converted = d.rateUse.filter((r) => r.method !== 'identity').reduce((a, r) => a + r.lines, 0);
  const cross = d.rateUse.filter((r) => r.method.startsWith('cross')).reduce((a, r) => a + r.lines, 0);
  // Only the daily policy prints the window of days.
  const windowDays = d.policy !== 'daily' ? '' : ctx.book.add({ service: 'all', metric: 'rate_window_days', period: 'constant', unit: 'days', value: String(d.maxRateAgeDays), text: count(d.maxRateAgeDays), basis: 'configuration: max_rate_age_days' });
  const [i, c, x] = [lines(ctx, identity, 'goods lines in yuan'), lines(ctx, converted, 'goods lines converted'), lines(ctx, cross, 'goods lines converted through a cross rate')];
  const [t1, t2, t3] = [teuFactor(ctx, 20, '1'), teuFactor(ctx, 40, '2'), teuFactor(ctx, 45, '2.25')];
  const paragraphs = zh
    ? [
        `统计范围：货物明细按其运单发车日期归入统计期，贸易额为去程与回程合计。`,
        `${policyZh[d.policy](windowDays)}本期${i}条明细以人民币计价，${c}条经汇率折算（其中${x}条使用经美元或欧元的套算汇率）；汇率来源：${sources}。`,
        `要点中的美元金额：以未经取整的人民币合计，按${pubDate}${pubSource}发布汇率${rate}元/美元折算，仅对结果取整，与新闻发布惯例一致。`,
        `同比增速：本期值相对上年同期值的增减百分比；年度数据与上年全年比较，1月至截止日的数据与上年同期比较。上年同期值为零或线路尚未开行时，同比增速不适用（表、图中记为“—”）；线路在比较期内开行的，基数较小，注明基数效应。以美元计的增速按各交易日汇率折算的美元值计算。`,
        `累计货值：自线路开行（数据晚于开行日期的，自数据起始日）至统计期末的货值合计。标箱：二十英尺集装箱计${t1}标箱，四十英尺计${t2}标箱，四十五英尺计${t3}标箱；列数按不同车次计；票数为集装箱数。去程指自中国（东盟快班为自东盟国家及中国）发出。`,
        `取整：亿元、万元保留两位小数，百分比保留一位小数，标箱取整数，四舍五入，仅对最终结果取整一次。${quality(ctx, d.quarantined)}`,
      ]
    : [
        `Scope: a goods line counts in the period of its shipment's departure date; trade value is the sum of both directions.`,
        `${policyEn[d.policy](windowDays)} In this period ${i} lines were in yuan and ${c} were converted (${x} of them through a cross rate via the U.S. dollar or euro); rate sources: ${sources}.`,
        `Headline dollars: the sentence "about X U.S. dollars" converts the unrounded yuan total at one publication rate, ${rate} yuan per U.S. dollar on ${pubDate} from ${pubSource}, as the press does, and rounds only the result.`,
        `Growth: the change on the same span one year earlier, in percent (full year against full year; January to the as-of date against the same days a year before). "n.m." (not meaningful) where the prior value is zero or the service was not running; where a service started during the comparison period the base is small and the text says so (base effect). Growth in U.S. dollars compares the values converted at the rates of the transaction dates.`,
        `Cumulative value: the sum from the service's launch (or from the earliest departure in the data, where the data start later) to the end of the period. TEU: twenty-foot equivalent units (a twenty-foot container counts ${t1}, a forty-foot container ${t2}, a forty-five-foot container ${t3}); trains: distinct train numbers; shipments: containers. Outbound: departing from China (for the ASEAN Express, from ASEAN countries or China).`,
        `Rounding: billions and millions with two decimals, percentages with one, TEU to whole units, half away from zero, applied once to the unrounded figure. ${quality(ctx, d.quarantined)}`,
      ];
  return { heading: labels[ctx.edition].methods, paragraphs, table: ratesTable(ctx) };
}

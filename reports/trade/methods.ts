/** The methods page: conversion policy, rates and sources, definitions, n.m., base effects. */
import { count } from '../press/round.js';
import { dateText, type Ctx } from './context.js';
import { labels } from './labels.js';
import { publicationRateText, ratesTable } from './tables.js';
import type { BulletinView } from '../model.js';

const policyEn = {
  daily: (days: number) =>
    `Each goods line is converted to yuan and U.S. dollars at the exchange rate of its shipment's departure date; where that day has no rate (weekend, holiday), at the latest earlier rate within ${days} days. Lines with no such rate are quarantined ("no exchange rate") and not counted.`,
  'monthly-average': () => 'Each goods line is converted at the mean of the daily rates of its departure month (policy: monthly average).',
  'annual-average': () => 'Each goods line is converted at the mean of the daily rates of its departure year (policy: annual average).',
};
const policyZh = {
  daily: (days: number) => `每条货物明细按其运单发车日汇率折算为人民币和美元；当日无汇率（周末、节假日）时，取此前${days}天内最近一日汇率；仍无汇率者列入隔离区（“无汇率”），不计入统计。`,
  'monthly-average': () => '每条货物明细按发车当月日汇率的算术平均折算（月均汇率口径）。',
  'annual-average': () => '每条货物明细按发车当年日汇率的算术平均折算（年均汇率口径）。',
};

/** Builds the methods section. */
export function methods(ctx: Ctx): BulletinView['methods'] {
  const d = ctx.data;
  const zh = ctx.edition === 'zh';
  const rate = publicationRateText(ctx);
  const pubDate = dateText(ctx, d.publication.date);
  const sources = [...new Set(d.rateUse.filter((r) => r.source !== '—').map((r) => r.source))].join('; ') || '—';
  const identity = d.rateUse.filter((r) => r.method === 'identity').reduce((a, r) => a + r.lines, 0);
  const converted = d.rateUse.filter((r) => r.method !== 'identity').reduce((a, r) => a + r.lines, 0);
  const cross = d.rateUse.filter((r) => r.method.startsWith('cross')).reduce((a, r) => a + r.lines, 0);
  const paragraphs = zh
    ? [
        `统计范围：货物明细按其运单发车日期归入统计期，贸易额为去程与回程合计。`,
        `汇率折算（${d.policy}）：${policyZh[d.policy](d.maxRateAgeDays)}本期${count(identity)}条明细以人民币计价，${count(converted)}条经汇率折算（其中${count(cross)}条使用经美元或欧元的套算汇率）；汇率来源：${sources}。`,
        `标题中的美元金额：以未经取整的人民币合计，按发布汇率${rate}元/美元（${pubDate}，${d.publication.source}）折算，仅对结果取整，与新闻发布惯例一致。`,
        `同比增速＝（本期值÷上年同期值－1）×100；年度与上年全年比较，年内累计与上年同日区间比较。上年同期值为零或线路尚未开行时记为“n.m.”（不具可比性）；线路在比较期内开行的，基数较小，注明基数效应。`,
        `累计货值：自线路首发（或数据起始日）至统计期末的货值合计。标箱（TEU）：20英尺＝1，40英尺＝2，45英尺＝2.25；列数按不同车次计；票数为集装箱数。去程指自中国（东盟快班为自东盟及中国）发出。`,
        `取整：亿元保留两位小数，百分比保留一位小数，四舍五入，仅对最终结果取整。本次运行共有${count(d.quarantined.rows)}行数据因不符合数据约定被隔离，未计入统计（详见工作区隔离报告）。`,
      ]
    : [
        `Scope: a goods line counts in the period of its shipment's departure date; trade value is the sum of both directions.`,
        `Conversion (policy: ${d.policy}): ${policyEn[d.policy](d.maxRateAgeDays)} In this period ${count(identity)} lines were in yuan and ${count(converted)} were converted (${count(cross)} of them through a cross rate via the U.S. dollar or euro); rate sources: ${sources}.`,
        `Headline dollars: the sentence "about X U.S. dollars" converts the unrounded yuan total at one publication rate, ${rate} yuan per U.S. dollar on ${pubDate} (${d.publication.source}), as the press does, and rounds only the result.`,
        `Growth: (V / V_prior − 1) × 100 against the same span one year earlier (full year against full year; January to the as-of date against the same days a year before). "n.m." (not meaningful) where the prior value is zero or the service was not running; where a service started during the comparison period the base is small and the text says so (base effect).`,
        `Cumulative value: the sum from the service's first departure (or the earliest departure in the data, where the data start later) to the end of the period. TEU: twenty-foot equivalent units (20 ft = 1, 40 ft = 2, 45 ft = 2.25); trains: distinct train numbers; shipments: containers. Outbound: departing from China (for the ASEAN Express, from ASEAN countries or China).`,
        `Rounding: billions and millions with two decimals, percentages with one, half-up, applied to the final figure only. ${count(d.quarantined.rows)} input rows broke the data contract and were quarantined, not counted (see the quarantine report in the workspace).`,
      ];
  return { heading: labels[ctx.edition].methods, paragraphs, table: ratesTable(ctx) };
}

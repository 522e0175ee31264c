/**
 * The trade bulletin: from BulletinData to everything it prints (BulletinView) and the
 * figures behind every number (figures.json). Pure: no IO, no clock.
 */
import type { BulletinData } from '../data.js';
import type { Exemption, Figure } from '../figures.js';
import type { BulletinView, Edition } from '../model.js';
import { Exact, teu as teuText } from '../press/round.js';
import { cargoSentence, cumulativeSentences, directionSentence, valueSentence, volumeSentence, yoyFigure } from './headlines.js';
import { labels } from './labels.js';
import { methods } from './methods.js';
import { transitParagraphs } from './transit.js';
import { cnyFigure, dateText, launchText, newCtx, periodLabel, periodText, serviceShort, type Ctx } from './context.js';
import { keyFiguresTable, publicationRateText } from './tables.js';
import { monthName } from '../../lib/dates.js';
import { addMarkerNotes, revisionsSection, vintagesSection } from './revision-tables.js';
import { digits } from '../../lib/exact-digits.js';
import { DEFAULT_FINAL_AFTER_DAYS } from '../status.js';

/** The bulletin's file stem. */
export const bulletinSlug = (year: number, kind: 'annual' | 'ytd', edition: Edition): string => `trade-bulletin-${year}-${kind}-${edition}`;

/**
 * Builds the view and figures of one edition of one bulletin.
 * @example const { view, figures } = buildTradeBulletin(data, 'en');
 */
export function buildTradeBulletin(data: BulletinData, edition: Edition): { view: BulletinView; figures: Figure[]; exemptions: Exemption[] } {
  const ctx: Ctx = newCtx(data, edition);
  const L = labels[edition];
  const zh = edition === 'zh';
  const ytd = data.kind === 'ytd';
  const endMonth = Number(data.period.end.slice(5, 7));
  const monthEnd = data.period.end.slice(5) === new Date(Date.UTC(data.year, endMonth, 0)).toISOString().slice(5, 10);
  const titlePeriod = zh || (ytd && !monthEnd) ? periodText(ctx) : ctx.book.date(ytd ? `January–${monthName(endMonth)} ${data.year}` : String(data.year));
  const title = L.title(titlePeriod, ytd);

  const headlines = data.services.map((s) => valueSentence(ctx, s));
  const cumulative = data.services.flatMap((s) => cumulativeSentences(ctx, s));
  const keyFigures: BulletinView['keyFigures'] = data.services.map((s) => {
    const g = yoyFigure(ctx, s);
    const detail = s.metrics.yoyPct === null
      ? (zh ? `同比增速不适用：${g.reason ?? ''}` : `n.m.: ${g.reason ?? ''}`)
      : g.baseEffect ? (zh ? `${g.text}（基数效应）` : `${g.text} (base effect: the service started during the comparison period)`) : g.text;
    const none = new Exact(s.metrics.valueCny).isZero();
    return { label: L.keyValue(serviceShort(ctx, s)), value: none ? (zh ? '无贸易记录' : 'no trade') : cnyFigure(ctx, s.info.id, 'trade_value', s.metrics.valueCny), detail };
  });
  for (const s of data.services.filter((x) => x.coversLaunch && x.dataStart && !new Exact(x.metrics.cumulativeCny).isZero())) {
    keyFigures.push({
      label: L.keyCumulative(serviceShort(ctx, s)),
      value: cnyFigure(ctx, s.info.id, 'cumulative_value', s.metrics.cumulativeCny, `${s.dataStart}..${s.metrics.period.end}`),
      detail: zh ? `自${launchText(ctx, s)}开行至${dateText(ctx, s.metrics.period.end)}` : `from launch (${launchText(ctx, s)}) to ${dateText(ctx, s.metrics.period.end)}`,
    });
  }
  const totalTeu = digits(data.services.reduce((a, s) => a.plus(s.metrics.teu), new Exact(0)));
  keyFigures.push({
    label: L.keyTeu,
    value: ctx.book.add({ service: 'all', metric: 'teu', period: periodLabel(ctx), unit: 'TEU', value: totalTeu, text: teuText(totalTeu, ctx.teuPlaces) }),
    detail: zh ? '标箱' : 'twenty-foot equivalent units',
  });
  keyFigures.push({ label: L.keyRate, value: publicationRateText(ctx), detail: dateText(ctx, data.publication.date) });

  const sections: BulletinView['sections'] = [
    { heading: zh ? '贸易额' : 'Trade value', paragraphs: [], chartIds: ['annual-value', 'monthly-value'], table: keyFiguresTable(ctx) },
    { heading: zh ? '累计货值' : 'Cumulative value', paragraphs: cumulative, chartIds: ['cumulative-value'] },
    {
      heading: zh ? '去回程与货类' : 'Direction and cargo',
      paragraphs: data.services.flatMap((s) => [directionSentence(ctx, s), cargoSentence(ctx, s)].filter((x): x is string => x !== null)),
      chartIds: ['direction', 'cargo-mix'],
    },
    { heading: zh ? '运量：标箱与列数' : 'Volume: TEU and trains', paragraphs: data.services.map((s) => volumeSentence(ctx, s)), chartIds: ['volume'] },
    { heading: zh ? '运输时间与排放' : 'Transit time and emissions', paragraphs: transitParagraphs(ctx), chartIds: [] },
    { heading: zh ? '线路与站点' : 'Routes and stations', paragraphs: data.services.map((s) => (zh ? `${s.info.shortNameZh}：${s.info.routeZh}。` : `${s.info.shortName}: ${s.info.route}.`)), chartIds: ['route-map'] },
  ];
  const methodsPart = methods(ctx);
  // Last: the revisions table lists every figure recorded above whose value moved since the release.
  for (const extra of [revisionsSection(ctx), vintagesSection(ctx)]) if (extra) sections.push(extra);
  for (const t of [...sections.map((s) => s.table), methodsPart.table]) if (t) addMarkerNotes(ctx, t);
  const asOfLine = L.asOf(dateText(ctx, data.asOf));
  const view: BulletinView = {
    lang: zh ? 'zh-CN' : 'en',
    edition,
    kind: data.kind,
    year: data.year,
    slug: bulletinSlug(data.year, data.kind, edition),
    title,
    subtitle: L.subtitle,
    asOfLine,
    // A Chinese bulletin names its span, not an "edition": 年度 for a year, 1—6月 for January to June.
    ...(zh ? { editionLabel: ytd ? `${periodText(ctx).replace(/^\d{4}年/u, '')} · ${data.year}年` : `年度 · ${data.year}年` } : {}),
    keyFigures,
    headlines,
    sections,
    methods: methodsPart,
    sourceLine: L.source(publisherName(data, edition)),
    release: dateText(ctx, data.asOf),
    ...(data.publisher ? { publisher: data.publisher } : {}),
    finalAfterDays: data.finalAfterDays ?? DEFAULT_FINAL_AFTER_DAYS,
    runningHeader: `${title} · ${asOfLine}`,
    meta: {
      title,
      subject: L.subtitle,
      author: publisherName(data, edition) ?? L.author,
      keywords: zh ? ['中欧班列', '东盟快班', '铁路货运', '贸易统计', String(data.year)] : ['China-Europe Railway Express', 'ASEAN Express', 'rail freight', 'trade statistics', String(data.year)],
      language: zh ? 'zh-CN' : 'en',
      creationDate: `${data.asOf}T00:00:00Z`,
    },
  };
  return { view, figures: ctx.book.list(), exemptions: ctx.book.exemptions() };
}

/** The issuing body in the edition (from the configuration's publisher), or null. */
function publisherName(data: BulletinData, edition: Edition): string | null {
  const p = data.publisher;
  if (!p?.name) return null;
  return edition === 'zh' ? p.name_zh || p.name : p.name;
}

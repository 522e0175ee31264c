/**
 * The revisions part of the trade bulletin: the markers' notes under each table, the table of
 * figures revised since the bulletin's last release (as released, now, the change, and the input
 * files whose new versions moved it), and the revisions history of the headline series (annual
 * trade value per service) over every release. Every number printed is recorded as a figure.
 */
import { Exact, count, pct1, roundHalfUp, roundsToZero, teu as teuText } from '../press/round.js';
import { amountText } from '../press/wording.js';
import { DEFAULT_FINAL_AFTER_DAYS, periodEnd } from '../status.js';
import type { Figure, TableCell } from '../figures.js';
import type { BulletinView, TableView } from '../model.js';
import type { InputChange } from '../data.js';
import { dateText, periodText, yearText, type Ctx } from './context.js';
import { longDate, longDateZh, monthName } from '../../lib/dates.js';
import { matchBasis } from '../revisions.js';
import { digits } from '../../lib/exact-digits.js';

type Section = BulletinView['sections'][number];

const METRIC: Record<string, [string, string]> = {
  trade_value: ['trade value', '贸易额'],
  trade_value_yoy_pct: ['change on a year earlier', '同比增速'],
  trade_value_usd_yoy_pct: ['change in U.S. dollars', '美元计同比增速'],
  cumulative_value: ['cumulative value', '累计货值'],
  trade_value_outbound: ['outbound trade value', '去程贸易额'],
  trade_value_inbound: ['inbound trade value', '回程贸易额'],
  teu: ['TEU', '标箱'],
  teu_yoy_pct: ['TEU change', '标箱同比'],
  trains: ['trains', '列数'],
  shipments: ['shipments', '票数'],
  direction_share_pct: ['direction share', '去回程占比'],
  cargo_share_pct: ['cargo share', '货类占比'],
  annual_average_rate: ['annual average rate', '年均汇率'],
  monthly_average_rate: ['monthly average rate', '月均汇率'],
  publication_rate: ['publication rate', '发布汇率'],
  rate_days: ['days with a rate', '有汇率的天数'],
  lines: ['goods lines', '货物明细条数'],
  quarantined_rows: ['rows failing the checks', '未通过校验的记录'],
  transit_days: ['transit days', '运输天数'],
};

const UNIT: Record<string, [string, string]> = { CNY: ['yuan', '人民币'], USD: ['U.S. dollars', '美元'] };

/** "+7,200 yuan" / "−0.3 percentage points" / zh "+7200元": a change in the figure's own unit, signed. */
function changeText(f: Pick<Figure, 'unit'>, diff: string, zh: boolean): string {
  const d = new Exact(diff);
  const sign = d.isNegative() ? '−' : '+';
  const abs = digits(d.abs());
  switch (f.unit) {
    case 'CNY':
    case 'USD':
      return d.isZero() ? (zh ? '无修订' : 'none') : `${sign}${amountText(abs, f.unit, zh ? 'zh' : 'en')}`;
    case 'percent':
      if (roundsToZero(diff)) return zh ? '按一位小数不变' : 'unchanged at one decimal';
      return zh ? `${sign}${pct1(abs)}个百分点` : `${sign}${pct1(abs)} percentage points`;
    case 'TEU':
      return `${sign}${teuText(abs)}`;
    case 'CNY per USD':
      return `${sign}${roundHalfUp(abs, 4)}`;
    default:
      return `${sign}${count(abs)}`;
  }
}

/** The years a figure's period counts in: `2025`, a span's years, `..b` every year to b. */
function yearsOf(period: string): { from: number; to: number } | null {
  const end = periodEnd(period);
  if (!end) return null;
  const start = /^(\d{4})-\d{2}-\d{2}\.\./.exec(period)?.[1] ?? (period.startsWith('..') ? '0' : end.slice(0, 4));
  return { from: Number(start), to: Number(end.slice(0, 4)) };
}

/** The input files whose new versions may have moved a figure: those counting rows in its service and years (any fx or removed file). */
function causes(changes: InputChange[], f: Figure): InputChange[] {
  const years = yearsOf(f.period);
  const hit = changes.filter((c) => {
    if (c.kind === 'fx' || c.action === 'removed' || !years) return true;
    return c.touches.some((t) => {
      const [service, year] = t.split('|');
      return (f.service === 'all' || service === f.service) && Number(year) >= years.from && Number(year) <= years.to;
    });
  });
  return hit.length ? hit : changes;
}

const short = (sha: string | null): string => (sha ? sha.slice(0, 8) : '');

function changeLabel(c: InputChange, zh: boolean): string {
  if (c.action === 'new') return zh ? `${c.name}（新文件 ${short(c.after)}）` : `${c.name} (new, ${short(c.after)})`;
  if (c.action === 'removed') return zh ? `${c.name}（已移除 ${short(c.before)}）` : `${c.name} (removed, was ${short(c.before)})`;
  return `${c.name} (${short(c.before)} → ${short(c.after)})`;
}

/** The service as a row label: its short name, "All services", or the id. */
function serviceLabel(ctx: Ctx, id: string): string {
  const zh = ctx.edition === 'zh';
  if (id === 'all') return zh ? '全部线路' : 'All services';
  const s = ctx.data.services.find((x) => x.info.id === id);
  return s ? (zh ? s.info.shortNameZh : s.info.shortName) : id;
}

/**
 * A figure's period in the edition's words, as the rest of the bulletin prints dates (never the
 * ISO label figures.json keys it by): `2025` → "2025" / "2025年"; the bulletin's own span → its
 * words ("1 January to 30 June 2026"); `2023-01-03..2025-12-31` → "3 January 2023 to 31 December
 * 2025" / "2023年1月3日至2025年12月31日"; `..b` → "to b" / "截至b"; `2025-06` → "June 2025" /
 * "2025年6月"; a day → its long form. Recorded as a printed date.
 */
export function periodWords(ctx: Ctx, period: string): string {
  const zh = ctx.edition === 'zh';
  const day = (iso: string): string => (zh ? longDateZh(iso) : longDate(iso));
  if (/^\d{4}$/.test(period)) return yearText(ctx, period);
  if (period === ctx.data.period.label) return periodText(ctx);
  const span = /^(\d{4}-\d{2}-\d{2})?\.\.(\d{4}-\d{2}-\d{2})$/.exec(period);
  if (span) {
    const from = span[1];
    const to = span[2]!;
    if (!from) return ctx.book.date(zh ? `截至${day(to)}` : `to ${day(to)}`);
    return ctx.book.date(zh ? `${day(from)}至${day(to)}` : `${day(from)} to ${day(to)}`);
  }
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return ctx.book.date(zh ? `${month[1]}年${Number(month[2])}月` : `${monthName(Number(month[2]))} ${month[1]}`);
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return dateText(ctx, period);
  return ctx.book.date(period);
}

/** A moved figure as a row label: "Chang'an: trade value (yuan), 2025". */
function figureLabel(ctx: Ctx, f: Figure): string {
  const zh = ctx.edition === 'zh';
  let m = METRIC[f.metric]?.[zh ? 1 : 0] ?? f.metric.replace(/_/g, ' ');
  // A cargo share names its category (its basis), else three rows of one service read alike.
  if (f.metric === 'cargo_share_pct' && f.basis && !f.basis.startsWith('chart')) {
    m = zh ? `${m}：${ctx.data.cargo.find((c) => c.category === f.basis)?.categoryZh ?? f.basis}` : `${m}, ${f.basis}`;
  }
  // A percentage printed as a bare number ("31.5", the number inside "31.5 percent") gets its unit here.
  const u = UNIT[f.unit]?.[zh ? 1 : 0] ?? (f.unit === 'percent' && !zh && !/percent|%/.test(f.text) ? 'percent' : undefined);
  const what = u ? (zh ? `${m}（${u}）` : `${m} (${u})`) : m;
  const chart = f.basis?.startsWith('chart') ? (zh ? '，图' : ', chart') : '';
  const when = periodWords(ctx, f.period);
  return zh ? `${serviceLabel(ctx, f.service)}：${what}，${when}${chart}` : `${serviceLabel(ctx, f.service)}: ${what}, ${when}${chart}`;
}

/** The notes explaining the markers a table carries: `[p]`, `[r]`; appended to its notes. */
export function addMarkerNotes(ctx: Ctx, table: TableView): void {
  const zh = ctx.edition === 'zh';
  const markers = (table.cells ?? []).flat().map((c) => c?.marker ?? '').join(' ');
  if (markers.includes('[p]')) {
    const n = ctx.data.finalAfterDays ?? DEFAULT_FINAL_AFTER_DAYS;
    const days = ctx.book.add({ service: 'all', metric: 'final_after_days', period: 'constant', unit: 'days', value: String(n), text: count(n), basis: 'configuration: final_after_days' });
    table.notes.push(zh ? `[p] 初步数：当年数据，以及上一年度结束后${days}天内的数据，可能随更正文件而修订。` : `[p] provisional: figures of the running year, and of a year until ${days} days after its end, may still be revised by corrected input files.`);
  }
  if (markers.includes('[r]') && ctx.data.release) {
    const d = dateText(ctx, ctx.data.release.date);
    table.notes.push(zh ? `[r] 已修订：与${d}发布的版本相比数值有变动，详见修订表。` : `[r] revised since the release of ${d}: see the revisions table.`);
  }
}

/** The section "Revisions since the release of DATE", or null before the bulletin's first release. */
export function revisionsSection(ctx: Ctx): Section | null {
  const release = ctx.data.release;
  if (!release) return null;
  const zh = ctx.edition === 'zh';
  const date = dateText(ctx, release.date);
  const id = ctx.book.ref(release.id);
  const seen = new Set<string>();
  const moved = ctx.book.list().filter((f) => {
    if (!f.revised) return false;
    // One row per figure, however many places print it (text, table, chart): the basis without where it is printed.
    const where = matchBasis(f.basis).replace(/^chart [\w-]+(?::\s*)?/, '').replace(/(?:;\s*)?table: .*$/, '');
    const key = [f.service, f.metric, f.period, f.unit, where].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const heading = zh ? `自${date}发布以来的修订` : `Revisions since the release of ${date}`;
  if (!moved.length) {
    return { heading, paragraphs: [zh ? `自${date}发布（${id}）以来，没有数值被修订。` : `No figure has been revised since the release of ${date} (${id}).`], chartIds: [] };
  }
  const n = ctx.book.add({ service: 'all', metric: 'revised_figures', period: ctx.data.period.label, unit: 'count', value: String(moved.length), text: count(moved.length), basis: `figures whose value moved since release ${release.id}` });
  const rows: string[][] = [];
  const cells: (TableCell | null)[][] = [];
  for (const f of moved) {
    const r = f.revised!;
    const before = ctx.book.cell({ service: f.service, metric: f.metric, period: f.period, unit: f.unit, value: r.previous_value, text: r.previous_text, basis: `as released in ${release.id}${f.basis ? `; ${f.basis}` : ''}` });
    const diff = r.previous_value !== null && f.value !== null ? digits(new Exact(f.value).minus(r.previous_value)) : null;
    const change = ctx.book.cell({
      service: f.service, metric: 'revision', period: f.period, unit: f.unit, value: diff,
      text: diff === null ? (zh ? '不具可比性' : 'n.m.') : changeText(f, diff, zh), basis: `${f.metric} now minus as released in ${release.id}`,
    });
    // A file name and its hashes are names, not numbers: recorded as references for the agreement check.
    const files = causes(release.changes, f).map((c) => ctx.book.ref(changeLabel(c, zh)));
    if (f.unit === 'USD' && release.publicationRate && !new Exact(release.publicationRate).eq(ctx.data.publication.rate)) {
      files.push(zh ? '发布汇率变动' : 'the publication rate');
    }
    rows.push([figureLabel(ctx, f), r.previous_text, f.text, change.cell.figure!.text, files.join(zh ? '；' : '; ') || '—']);
    cells.push([null, { ...before.cell, marker: '' }, { figure: f, marker: '' }, { ...change.cell, marker: '' }, null]);
  }
  const table: TableView = {
    caption: zh ? `自${date}发布以来修订的数值` : `Figures revised since the release of ${date}`,
    head: zh ? ['指标', '发布时', '现值', '修订幅度', '引起修订的输入文件（文件哈希）'] : ['Figure', 'As released', 'Now', 'Change', 'Moved by (input file, hash)'],
    sheetHead: zh ? ['指标', '发布时（未取整）', '现值（未取整）', '修订幅度（未取整）', '引起修订的输入文件（文件哈希）'] : ['Figure', 'As released (unrounded)', 'Now (unrounded)', 'Change (unrounded)', 'Moved by (input file, hash)'],
    rows,
    cells,
    align: ['left', 'right', 'right', 'right', 'left'],
    notes: [zh ? '“引起修订的输入文件”列出自该次发布以来版本发生变化、且含有该指标所属线路和年份记录的输入文件（括号内为发布时与现行版本文件哈希值的开头）。' : 'Moved by: the input files whose version changed since the release and that hold rows of the figure\'s service and years (the start of the file hash of the released and the current version).'],
  };
  const paragraph = zh
    ? `自${date}发布（${id}）以来，${n}个数值因输入文件更正而修订，表中以[r]标注。`
    : `${n} ${moved.length === 1 ? 'figure has' : 'figures have'} been revised since the release of ${date} (${id}); [r] marks them in the tables.`;
  return { heading, paragraphs: [paragraph], chartIds: [], table };
}

/** The section "Revisions history" of the headline series, or null when no release printed one. */
export function vintagesSection(ctx: Ctx): Section | null {
  const zh = ctx.edition === 'zh';
  const rows: string[][] = [];
  const cells: (TableCell | null)[][] = [];
  for (const v of ctx.data.vintages ?? []) {
    const now = ctx.data.series.annual.find((a) => a.service === v.service && a.year === v.year);
    const first = v.releases[0];
    if (!now || !first || v.year > ctx.data.year) continue;
    const period = String(v.year);
    const money = (value: string, basis: string, metric: Figure['metric'] = 'trade_value') =>
      ctx.book.cell({ service: v.service, metric, period, unit: 'CNY', value, text: amountText(digits(new Exact(value).abs()), 'CNY', ctx.edition), basis });
    const signed = (value: string, metric: Figure['metric'], basis: string) =>
      ctx.book.cell({ service: v.service, metric, period, unit: 'CNY', value, text: changeText({ unit: 'CNY' }, value, zh), basis });
    const firstCell = money(first.value, `revisions history: as first published in ${first.id}`);
    const nowCell = money(now.valueCny, 'revisions history: as now');
    const toDate = signed(digits(new Exact(now.valueCny).minus(first.value)), 'revision', 'revisions history: now minus as first published');
    const n = ctx.book.cell({ service: v.service, metric: 'releases', period, unit: 'count', value: String(v.releases.length), text: count(v.releases.length), basis: 'revisions history: releases that printed the value' });
    let mean: ReturnType<Ctx['book']['cell']> | null = null;
    let meanAbs: ReturnType<Ctx['book']['cell']> | null = null;
    if (v.releases.length >= 2) {
      const steps = v.releases.slice(1).map((r, i) => new Exact(r.value).minus(v.releases[i]!.value));
      const k = steps.length;
      mean = signed(digits(steps.reduce((a, d) => a.plus(d), new Exact(0)).div(k)), 'mean_revision', 'revisions history: mean of the revisions between successive releases');
      meanAbs = money(digits(steps.reduce((a, d) => a.plus(d.abs()), new Exact(0)).div(k)), 'revisions history: mean of the absolute revisions between successive releases', 'mean_abs_revision');
    }
    const strip = (c: ReturnType<Ctx['book']['cell']>) => ({ text: c.cell.figure!.text, cell: { ...c.cell, marker: '' } });
    const parts = [firstCell, nowCell, toDate, n].map(strip);
    rows.push([
      zh ? `${serviceLabel(ctx, v.service)}，${ctx.book.date(`${v.year}年`)}` : `${serviceLabel(ctx, v.service)}, ${ctx.book.date(period)}`,
      dateText(ctx, first.date), ...parts.map((p) => p.text), mean ? strip(mean).text : '—', meanAbs ? strip(meanAbs).text : '—',
    ]);
    cells.push([null, null, ...parts.map((p) => p.cell), mean ? strip(mean).cell : null, meanAbs ? strip(meanAbs).cell : null]);
  }
  if (!rows.length) return null;
  const head = zh
    ? ['序列', '首次发布日期', '首次发布值', '现值', '累计修订', '发布次数', '平均修订', '平均绝对修订']
    : ['Series', 'First published', 'As first published', 'Now', 'Revision to date', 'Releases', 'Mean revision', 'Mean absolute revision'];
  return {
    heading: zh ? '修订历史' : 'Revisions history',
    paragraphs: [zh
      ? '各线路年度贸易额在本公报每次发布中的数值：首次发布值与现值；发布两次及以上的，给出相邻两次发布之间修订的平均值及其绝对值的平均值。'
      : 'The annual trade value of each service in every release of this bulletin: as first published and as now; from two releases on, the mean of the revisions between successive releases and the mean of their absolute values.'],
    chartIds: [],
    table: {
      caption: zh ? '年度贸易额修订历史' : 'Revisions history of the annual trade value',
      head,
      sheetHead: head.map((h, i) => (i >= 2 && i !== 5 ? (zh ? `${h}（元，未取整）` : `${h} (yuan, unrounded)`) : h)),
      rows,
      cells,
      align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
      notes: [zh ? '“—”：发布不足两次，无平均修订。' : '—: fewer than two releases, no mean revision.'],
    },
  };
}

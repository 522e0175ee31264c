/**
 * Chart `monthly-value`: each month's trade value of the bulletin year beside the same month a
 * year earlier, one small panel per service (prior year grey, bulletin year in the service colour).
 * Only months up to the period end are compared, so a year-to-date chart compares like with like.
 */
import type { ChartData, Edition } from '../model.js';
import { Exact } from '../press/round.js';
import { yearPeriod } from '../status.js';
import {
  ChartFigures,
  footnote,
  plot,
  valueAxis,
  moneyUnit,
  monthLabel,
  monthOf,
  monthSpan,
  partialMonthNote,
  pick,
  sentences,
  spanTo,
  serviceLabel,
  servicesIn,
  type ChartBuilder,
  type ChartDefinition,
} from './chart-kit.js';
import { CHART_WIDTH, INK, publish, VALUE_AXIS_ROOM } from './theme.js';
import { digits } from '../../lib/exact-digits.js';

/**
 * Builds the `monthly-value` chart.
 * @example const { spec, alt } = monthlyValue(data, 'zh');
 */
export const monthlyValue: ChartBuilder = (data: ChartData, edition: Edition): ChartDefinition => {
  const unit = moneyUnit(edition);
  const figs = new ChartFigures('monthly-value', edition);
  const lastMonth = data.kind === 'ytd' ? monthOf(data.periodEnd) : 12;
  const rows = data.monthly.filter(
    (r) => (r.year === data.year || r.year === data.year - 1) && r.month >= 1 && r.month <= lastMonth,
  );
  const ids = servicesIn(data, rows);
  const hasPrior = rows.some((r) => r.year === data.year - 1);
  const labels = ids.map((id) => serviceLabel(data.services, id, edition));
  const seriesDomain: string[] = [];
  const seriesRange: string[] = [];
  for (const id of ids) {
    const label = serviceLabel(data.services, id, edition);
    seriesDomain.push(`${label} ${data.year - 1}`, `${label} ${data.year}`);
    seriesRange.push(INK.prior, data.services.find((s) => s.id === id)?.color ?? '#1f4e79');
  }
  const months = Array.from({ length: lastMonth }, (_, i) => figs.date(monthLabel(i + 1, edition)));
  const period = (r: { year: number; month: number }): string => `${r.year}-${String(r.month).padStart(2, '0')}`;
  const values = [...rows]
    .sort((a, b) => ids.indexOf(a.service) - ids.indexOf(b.service) || a.year - b.year || a.month - b.month)
    .map((r) => ({
      service: serviceLabel(data.services, r.service, edition),
      series: `${serviceLabel(data.services, r.service, edition)} ${r.year}`,
      year: String(r.year),
      month: monthLabel(r.month, edition),
      value: plot(r.valueCny, unit.divisor),
    }));
  // One scale for every panel, so that panels compare at a glance.
  const yAxis = valueAxis(figs, rows.map((r) => r.valueCny), {
    divisor: unit.divisor,
    metric: 'trade_value',
    unit: 'CNY',
    what: `y (${unit.label}), every panel`,
    maxTicks: 4,
  });
  // Two panels side by side while they hold at most six months; a full year gets full-width rows.
  const columns = lastMonth > 6 ? 1 : Math.min(2, Math.max(1, ids.length));
  const plotWidth = Math.floor((CHART_WIDTH - 20 - columns * VALUE_AXIS_ROOM - (columns - 1) * 24) / columns);
  const title = pick(edition, 'Monthly trade value against a year earlier', '月度贸易额及上年同期对比');
  const thisYear = figs.date(pick(edition, String(data.year), `${data.year}年`));
  const priorYear = figs.date(pick(edition, String(data.year - 1), `${data.year - 1}年`));
  const subtitle = hasPrior
    ? pick(
        edition,
        `${unit.label}, same scale in every panel; ${thisYear} in colour, ${priorYear} in grey`,
        `${unit.label}，各分图刻度相同；彩色为${thisYear}，灰色为${priorYear}`,
      )
    : pick(
        edition,
        `${unit.label}, same scale in every panel; ${thisYear} (no data for ${priorYear})`,
        `${unit.label}，各分图刻度相同；${thisYear}（${priorYear}无数据）`,
      );
  const body = {
    data: { values },
    columns,
    spacing: { column: 24, row: 16 },
    facet: { field: 'service', type: 'nominal', sort: labels, title: null },
    spec: {
      width: plotWidth,
      height: columns === 1 && ids.length > 1 ? 115 : 150,
      mark: { type: 'bar', width: { band: 0.92 } },
      encoding: {
        x: { field: 'month', type: 'ordinal', sort: months, title: null, axis: { labelAngle: 0 } },
        xOffset: { field: 'year', type: 'nominal', sort: [String(data.year - 1), String(data.year)] },
        y: {
          field: 'value',
          type: 'quantitative',
          title: unit.label,
          scale: { domain: yAxis.domain, nice: false },
          axis: yAxis.axis,
        },
        color: {
          field: 'series',
          type: 'nominal',
          legend: null,
          scale: { domain: seriesDomain, range: seriesRange },
        },
      },
    },
  };
  const span = figs.date(data.kind === 'ytd' ? spanTo(data.year, data.periodEnd, edition) : monthSpan(data.year, lastMonth, edition));
  // Alt text quotes the period's value and growth from the annual series (the bulletin's own
  // figures, same span as the headline) rather than re-deriving them from months.
  const perService = ids.map((id) => {
    const name = serviceLabel(data.services, id, edition);
    const cur = rows.filter((r) => r.service === id && r.year === data.year);
    const annualPeriod = data.annual.find((r) => r.service === id && r.year === data.year);
    const periodName = yearPeriod(data.year, annualPeriod?.partial ? data.periodEnd : null);
    const total = annualPeriod?.valueCny ?? digits(cur.reduce((s, r) => s.plus(r.valueCny), new Exact(0)));
    const top = [...cur].sort((a, b) => new Exact(b.valueCny).cmp(a.valueCny) || a.month - b.month)[0];
    const peak = top
      ? pick(
          edition,
          `; highest month ${figs.date(monthLabel(top.month, 'en'))} (${figs.yuan(id, 'trade_value', period(top), top.valueCny, 'alt text, highest month')})`,
          `；最高为${figs.date(monthLabel(top.month, 'zh'))}（${figs.yuan(id, 'trade_value', period(top), top.valueCny, 'alt text, highest month')}）`,
        )
      : '';
    const totalText = figs.yuan(id, 'trade_value', periodName, total, 'alt text');
    const growthText = figs.growth(id, 'trade_value_yoy_pct', periodName, annualPeriod?.yoyPct ?? null, 'alt text');
    return pick(
      edition,
      `${name}: ${totalText} in ${span} (${growthText} on the same period of ${priorYear})${peak}`,
      `${name}${span}为${totalText}（比上年同期${growthText}）${peak}`,
    );
  });
  const intro = pick(
    edition,
    `Bar charts of monthly trade value per service, ${span} against the same months of ${priorYear}, in ${unit.label}`,
    `柱状图：各班列月度贸易额，${span}与上年同期对比，单位${unit.label}`,
  );
  const spec = publish(
    { title, subtitle, footnote: footnote(data, edition, figs, partialMonthNote(data, edition, figs)), edition },
    body,
  );
  const alt = sentences(
    [intro, ...(values.length ? perService : [pick(edition, 'No data', '无数据')])],
    edition,
  );
  return { id: 'monthly-value', title, spec, alt, figures: figs.figures(), exemptions: figs.exemptions() };
};

/**
 * Chart `monthly-value`: each month's trade value of the bulletin year beside the same month a
 * year earlier, one small panel per service (prior year grey, bulletin year in the service colour).
 * Only months up to the period end are compared, so a year-to-date chart compares like with like.
 */
import type { ChartData, Edition } from '../model.js';
import {
  footnote,
  formatGrowth,
  formatYuan,
  moneyUnit,
  monthLabel,
  monthOf,
  monthSpan,
  pick,
  sentences,
  serviceLabel,
  servicesIn,
  type ChartBuilder,
  type ChartDefinition,
} from './chart-kit.js';
import { CHART_WIDTH, INK, publish, VALUE_AXIS_ROOM } from './theme.js';

/** A note when the period ends inside a month: that month's bar covers only part of it. */
function partialMonthNote(data: ChartData, edition: Edition): string[] {
  const [y, m, d] = data.periodEnd.split('-').map(Number);
  if (data.kind !== 'ytd' || !y || !m || !d || d === new Date(Date.UTC(y, m, 0)).getUTCDate()) return [];
  return [
    pick(
      edition,
      `${monthLabel(m, 'en')} ${y}: 1–${d} ${monthLabel(m, 'en')} only`,
      `${y}年${m}月仅含1—${d}日`,
    ),
  ];
}

/**
 * Builds the `monthly-value` chart.
 * @example const { spec, alt } = monthlyValue(data, 'zh');
 */
export const monthlyValue: ChartBuilder = (data: ChartData, edition: Edition): ChartDefinition => {
  const unit = moneyUnit(edition);
  const lastMonth = data.kind === 'ytd' ? monthOf(data.periodEnd) : 12;
  const rows = data.monthly.filter(
    (r) => (r.year === data.year || r.year === data.year - 1) && r.month >= 1 && r.month <= lastMonth,
  );
  const ids = servicesIn(data, rows);
  const labels = ids.map((id) => serviceLabel(data.services, id, edition));
  const seriesDomain: string[] = [];
  const seriesRange: string[] = [];
  for (const id of ids) {
    const label = serviceLabel(data.services, id, edition);
    seriesDomain.push(`${label} ${data.year - 1}`, `${label} ${data.year}`);
    seriesRange.push(INK.prior, data.services.find((s) => s.id === id)?.color ?? '#1f4e79');
  }
  const months = Array.from({ length: lastMonth }, (_, i) => monthLabel(i + 1, edition));
  const values = [...rows]
    .sort((a, b) => ids.indexOf(a.service) - ids.indexOf(b.service) || a.year - b.year || a.month - b.month)
    .map((r) => ({
      service: serviceLabel(data.services, r.service, edition),
      series: `${serviceLabel(data.services, r.service, edition)} ${r.year}`,
      year: String(r.year),
      month: monthLabel(r.month, edition),
      value: r.valueCny / unit.divisor,
    }));
  // Two panels side by side while they hold at most six months; a full year gets full-width rows.
  const columns = lastMonth > 6 ? 1 : Math.min(2, Math.max(1, ids.length));
  const plotWidth = Math.floor((CHART_WIDTH - 20 - columns * VALUE_AXIS_ROOM - (columns - 1) * 24) / columns);
  const title = pick(edition, 'Monthly trade value against a year earlier', '月度贸易额及上年同期对比');
  const subtitle = pick(
    edition,
    `billion yuan; ${data.year} in colour, ${data.year - 1} in grey`,
    `亿元；彩色为${data.year}年，灰色为${data.year - 1}年`,
  );
  const body = {
    data: { values },
    columns,
    spacing: { column: 24, row: 16 },
    facet: { field: 'service', type: 'nominal', sort: labels, title: null },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: plotWidth,
      height: columns === 1 && ids.length > 1 ? 115 : 150,
      mark: { type: 'bar', width: { band: 0.92 } },
      encoding: {
        x: { field: 'month', type: 'ordinal', sort: months, title: null, axis: { labelAngle: 0 } },
        xOffset: { field: 'year', type: 'nominal', sort: [String(data.year - 1), String(data.year)] },
        y: { field: 'value', type: 'quantitative', title: null, axis: { format: ',.2~f', tickCount: 5 } },
        color: {
          field: 'series',
          type: 'nominal',
          legend: null,
          scale: { domain: seriesDomain, range: seriesRange },
        },
      },
    },
  };
  const span = monthSpan(data.year, lastMonth, edition);
  // Alt text quotes the period's value and growth from the annual series (the bulletin's own
  // figures, same span as the headline) rather than re-deriving them from months.
  const perService = ids.map((id) => {
    const name = serviceLabel(data.services, id, edition);
    const cur = rows.filter((r) => r.service === id && r.year === data.year);
    const period = data.annual.find((r) => r.service === id && r.year === data.year);
    const total = period?.valueCny ?? cur.reduce((s, r) => s + r.valueCny, 0);
    const top = [...cur].sort((a, b) => b.valueCny - a.valueCny || a.month - b.month)[0];
    const peak = top
      ? pick(
          edition,
          `; highest month ${monthLabel(top.month, 'en')} (${formatYuan(top.valueCny, edition)})`,
          `；最高为${monthLabel(top.month, 'zh')}（${formatYuan(top.valueCny, edition)}）`,
        )
      : '';
    return pick(
      edition,
      `${name}: ${formatYuan(total, edition)} in ${span} (${formatGrowth(period?.yoyPct ?? null, true)} on the same period of ${data.year - 1})${peak}`,
      `${name}${span}为${formatYuan(total, edition)}（比上年同期${formatGrowth(period?.yoyPct ?? null)}）${peak}`,
    );
  });
  const intro = pick(
    edition,
    `Bar charts of monthly trade value per service, ${span} against the same months of ${data.year - 1}, in ${unit.label}`,
    `柱状图：各班列月度贸易额，${span}与上年同期对比，单位${unit.label}`,
  );
  const spec = publish(
    { title, subtitle, footnote: footnote(data, edition, partialMonthNote(data, edition)), edition },
    body,
  );
  const alt = sentences(
    [intro, ...(values.length ? perService : [pick(edition, 'No data', '无数据')])],
    edition,
  );
  return { id: 'monthly-value', title, spec, alt };
};

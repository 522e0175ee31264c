/**
 * Chart `annual-value`: trade value per year, bars grouped by service, each labelled with its
 * year-on-year change ("n.m." where not meaningful). A partial (year-to-date) year is labelled
 * with its months and drawn lighter with a dashed outline.
 */
import type { ChartData, Edition } from '../model.js';
import { Exact } from '../press/round.js';
import { yearPeriod } from '../status.js';
import {
  ChartFigures,
  footnote,
  isMonthEnd,
  plot,
  spanTo,
  valueAxis,
  moneyUnit,
  monthLabel,
  monthOf,
  monthSpan,
  pick,
  sentences,
  serviceColorScale,
  serviceLabel,
  servicesIn,
  type ChartBuilder,
  type ChartDefinition,
} from './chart-kit.js';
import { CHART_WIDTH, INK, publish, VALUE_AXIS_ROOM } from './theme.js';

type AnnualRow = ChartData['annual'][number];

function yearLabel(row: AnnualRow, data: ChartData, edition: Edition, figs: ChartFigures): string {
  if (!row.partial) return figs.date(pick(edition, String(row.year), `${row.year}年`));
  const last = row.year === data.year ? monthOf(data.periodEnd) : 12;
  if (row.year === data.year && !isMonthEnd(data.periodEnd)) {
    // An end inside a month: the partial month said as such ("2025 (to 15 Jun)", "2025年（截至6月15日）").
    const day = Number(data.periodEnd.slice(8, 10));
    return figs.date(edition === 'zh' ? `${row.year}年（截至${last}月${day}日）` : `${row.year} (to ${day} ${monthLabel(last, 'en')})`);
  }
  return figs.date(edition === 'zh' ? `${row.year}年1—${last}月` : `${row.year} (Jan–${monthLabel(last, 'en')})`);
}

/** The period a row of the annual series stands for (as figures.json names periods). */
const rowPeriod = (row: AnnualRow, data: ChartData): string =>
  yearPeriod(row.year, row.partial && row.year === data.year ? data.periodEnd : null);

function serviceSentence(rows: AnnualRow[], name: string, data: ChartData, edition: Edition, figs: ChartFigures): string {
  const yuan = (r: AnnualRow): string => figs.yuan(r.service, 'trade_value', rowPeriod(r, data), r.valueCny, 'alt text');
  const growth = (r: AnnualRow): string => figs.growth(r.service, 'trade_value_yoy_pct', rowPeriod(r, data), r.yoyPct, 'alt text');
  const yr = (y: number): string => figs.date(String(y));
  const full = rows.filter((r) => !r.partial).sort((a, b) => a.year - b.year);
  const part = rows.find((r) => r.partial);
  const parts: string[] = [];
  const first = full[0];
  const last = full[full.length - 1];
  if (first && last && first !== last) {
    const cmp = new Exact(last.valueCny).cmp(first.valueCny);
    const verb = cmp > 0 ? ['rose', '增至'] : cmp < 0 ? ['fell', '降至'] : ['was unchanged', '持平于'];
    parts.push(
      pick(
        edition,
        `${name} ${verb[0]} from ${yuan(first)} in ${yr(first.year)} to ${yuan(last)} in ${yr(last.year)} (${growth(last)} on ${yr(last.year - 1)})`,
        `${name}由${figs.date(`${first.year}年`)}的${yuan(first)}${verb[1]}${figs.date(`${last.year}年`)}的${yuan(last)}（比上年${growth(last)}）`,
      ),
    );
  } else if (last) {
    parts.push(
      pick(
        edition,
        `${name}: ${yuan(last)} in ${yr(last.year)} (${growth(last)})`,
        `${name}${figs.date(`${last.year}年`)}为${yuan(last)}（${growth(last)}）`,
      ),
    );
  }
  if (part) {
    const span = figs.date(part.year === data.year ? spanTo(part.year, data.periodEnd, edition) : monthSpan(part.year, 12, edition));
    parts.push(
      pick(
        edition,
        `${parts.length ? 'in' : `${name}: in`} ${span}, ${yuan(part)} (${growth(part)} on the same months a year earlier)`,
        `${parts.length ? '' : name}${span}为${yuan(part)}（比上年同期${growth(part)}）`,
      ),
    );
  }
  return parts.join(pick(edition, '; ', '；'));
}

/**
 * Builds the `annual-value` chart.
 * @example const { spec, alt } = annualValue(data, 'en');
 */
export const annualValue: ChartBuilder = (data: ChartData, edition: Edition): ChartDefinition => {
  const unit = moneyUnit(edition);
  const figs = new ChartFigures('annual-value', edition);
  const ids = servicesIn(data, data.annual);
  const labels = ids.map((id) => serviceLabel(data.services, id, edition));
  const rows = [...data.annual].sort(
    (a, b) => a.year - b.year || ids.indexOf(a.service) - ids.indexOf(b.service),
  );
  const values = rows.map((r) => ({
    service: serviceLabel(data.services, r.service, edition),
    year: yearLabel(r, data, edition, figs),
    value: plot(r.valueCny, unit.divisor),
    growth: figs.growth(r.service, 'trade_value_yoy_pct', rowPeriod(r, data), r.yoyPct, 'bar label, change on a year earlier'),
    partial: r.partial,
  }));
  const yAxis = valueAxis(figs, rows.map((r) => r.valueCny), {
    divisor: unit.divisor,
    metric: 'trade_value',
    unit: 'CNY',
    what: `y (${unit.label})`,
  });
  const years = [...new Set(values.map((v) => v.year))];
  const hasPartial = rows.some((r) => r.partial);
  const hasNm = rows.some((r) => r.yoyPct === null);
  const title = pick(edition, 'Annual trade value by service', '各班列年度贸易额');
  // The years drawn: "2023–2025", or one year alone ("2023", never "2023–2023").
  const firstYear = rows[0]?.year;
  const lastYear = rows[rows.length - 1]?.year;
  const span =
    firstYear === undefined || lastYear === undefined
      ? ''
      : figs.date(firstYear === lastYear ? String(firstYear) : `${firstYear}${edition === 'zh' ? '—' : '–'}${lastYear}`);
  // A growth label over a year after the service's launch year rests on a part-year base: say so
  // beside the number, as the text and the table do (no number or date in the note itself).
  const baseEffect = [...new Set(rows
    .filter((r) => r.yoyPct !== null && (data.services.find((x) => x.id === r.service)?.launched ?? '').slice(0, 4) === String(r.year - 1))
    .map((r) => serviceLabel(data.services, r.service, edition)))];
  const notes = [
    hasNm ? pick(edition, 'n.m.: not meaningful (no value a year earlier)', '“—”：上年无可比数值，同比增速不适用') : '',
    ...baseEffect.map((name) => pick(edition,
      `${name}: base effect (the service began during the comparison year, so its first change is on a small base)`,
      `${name}：基数效应（该线路于比较年度内开行，首个同比增速基数较小）`)),
    hasPartial
      ? pick(
          edition,
          'Partial year (lighter, dashed): compared with the same months a year earlier',
          '不完整年度（浅色虚线框）与上年同期比较',
        )
      : '',
  ];
  const body = {
    data: { values },
    width: CHART_WIDTH - VALUE_AXIS_ROOM - 20,
    height: 230,
    encoding: {
      x: {
        field: 'year',
        type: 'ordinal',
        sort: years,
        title: null,
        axis: { labelAngle: 0, labelFontWeight: 'bold' },
      },
      xOffset: { field: 'service', type: 'nominal', sort: labels },
      y: {
        field: 'value',
        type: 'quantitative',
        title: unit.label,
        scale: { domain: yAxis.domain, nice: false },
        axis: yAxis.axis,
      },
      color: {
        field: 'service',
        type: 'nominal',
        sort: labels,
        title: null,
        scale: serviceColorScale(data.services, edition),
      },
    },
    layer: [
      {
        mark: { type: 'bar', width: { band: 0.9 }, strokeWidth: 1 },
        encoding: {
          fillOpacity: { condition: { test: 'datum.partial', value: 0.45 }, value: 1 },
          stroke: { condition: { test: 'datum.partial', value: INK.muted }, value: null },
          strokeDash: { condition: { test: 'datum.partial', value: [3, 2] }, value: [1, 0] },
        },
      },
      {
        mark: { type: 'text', baseline: 'bottom', dy: -3, fontSize: 9, color: INK.text },
        encoding: { text: { field: 'growth' }, color: { value: INK.text } },
      },
    ],
  };
  const spec = publish(
    {
      title,
      subtitle: pick(
        edition,
        span ? `${unit.label}, ${span}; labels: change on a year earlier` : unit.label,
        span ? `${unit.label}，${span}年；标注为同比增速` : unit.label,
      ),
      footnote: footnote(data, edition, figs, notes),
      edition,
    },
    body,
  );
  const intro = pick(
    edition,
    `Bar chart of annual trade value by service, ${span}, in ${unit.label}`,
    `柱状图：各班列年度贸易额，${span}年，单位${unit.label}`,
  );
  const perService = ids.map((id) =>
    serviceSentence(
      data.annual.filter((r) => r.service === id),
      serviceLabel(data.services, id, edition),
      data,
      edition,
      figs,
    ),
  );
  const alt = values.length
    ? sentences([intro, ...perService], edition)
    : sentences([intro, pick(edition, 'No data', '无数据')], edition);
  return { id: 'annual-value', title, spec, alt, figures: figs.figures(), exemptions: figs.exemptions() };
};

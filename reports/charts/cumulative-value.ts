/**
 * Chart `cumulative-value`: trade value accumulated at each month end, one line (over a light
 * area) per service, with milestones from the reference data (launch within the series, first
 * return train) drawn as dashed rules with a short label.
 */
import type { ChartData, Edition } from '../model.js';
import {
  ChartFigures,
  footnote,
  longDate,
  monthAxis,
  plot,
  valueAxis,
  moneyUnit,
  pick,
  sentences,
  serviceColorScale,
  serviceLabel,
  servicesIn,
  type ChartBuilder,
  type ChartDefinition,
} from './chart-kit.js';
import { CHART_WIDTH, INK, publish, VALUE_AXIS_ROOM } from './theme.js';

const PLOT_HEIGHT = 230;

interface Milestone {
  date: string;
  label: string;
  /** Label's top, in px from the top of the plot: the latest milestone is on the top row. */
  ypx: number;
  /** Where its rule starts, just under the label. */
  ruleTop: number;
  /** Label to the left of the rule (`right`), or to its right near the start of the axis. */
  align: 'left' | 'right';
}

function milestones(data: ChartData, edition: Edition, figs: ChartFigures, first: string, last: string): Milestone[] {
  const out: Milestone[] = [];
  for (const s of data.services) {
    const name = edition === 'zh' ? s.shortNameZh : s.shortName;
    const launched = /^\d{4}-\d{2}-\d{2}$/u.test(s.launched) ? s.launched : null;
    const seriesStart = data.cumulative
      .filter((r) => r.service === s.id)
      .map((r) => r.date)
      .sort()[0];
    if (launched && seriesStart && launched >= first.slice(0, 8) + '01' && launched <= last) {
      out.push({
        date: launched,
        label: pick(
          edition,
          `${name} launched ${figs.date(longDate(launched, edition))}`,
          `${name}开行（${figs.date(longDate(launched, edition))}）`,
        ),
        ypx: 0,
        ruleTop: 0,
        align: 'right',
      });
    }
    if (s.firstReturn && s.firstReturn >= first.slice(0, 8) + '01' && s.firstReturn <= last) {
      out.push({
        date: s.firstReturn,
        label: pick(
          edition,
          `${name}: first return train, ${figs.date(longDate(s.firstReturn, edition))}`,
          `${name}首趟回程班列（${figs.date(longDate(s.firstReturn, edition))}）`,
        ),
        ypx: 0,
        ruleTop: 0,
        align: 'right',
      });
    }
  }
  out.sort((a, b) => b.date.localeCompare(a.date));
  const t = (d: string): number => Date.parse(`${d.slice(0, 10)}T00:00:00Z`);
  const span = Math.max(1, t(last) - t(first));
  out.forEach((m, i) => {
    m.ypx = 2 + i * 13;
    m.ruleTop = m.ypx;
    m.align = (t(m.date) - t(first)) / span < 0.35 ? 'left' : 'right';
  });
  return out;
}

/**
 * Builds the `cumulative-value` chart.
 * @example const { spec, alt } = cumulativeValue(data, 'en');
 */
export const cumulativeValue: ChartBuilder = (data: ChartData, edition: Edition): ChartDefinition => {
  const unit = moneyUnit(edition);
  const figs = new ChartFigures('cumulative-value', edition);
  const ids = servicesIn(data, data.cumulative);
  const labels = ids.map((id) => serviceLabel(data.services, id, edition));
  const rows = [...data.cumulative].sort(
    (a, b) => ids.indexOf(a.service) - ids.indexOf(b.service) || a.date.localeCompare(b.date),
  );
  const values = rows.map((r) => ({
    service: serviceLabel(data.services, r.service, edition),
    date: r.date,
    value: plot(r.cumulativeCny, unit.divisor),
  }));
  const dates = rows.map((r) => r.date).sort();
  const first = dates[0] ?? data.periodEnd;
  const last = dates[dates.length - 1] ?? data.periodEnd;
  const marks = milestones(data, edition, figs, first, last);
  const ends = ids.flatMap((id) => {
    const end = rows.filter((r) => r.service === id).pop();
    return end
      ? [
          {
            service: serviceLabel(data.services, id, edition),
            date: end.date,
            value: plot(end.cumulativeCny, unit.divisor),
            text: figs.inUnit(id, 'cumulative_value', `..${end.date}`, end.cumulativeCny, 'end of line label'),
          },
        ]
      : [];
  });
  const color = {
    field: 'service',
    type: 'nominal',
    sort: labels,
    title: null,
    scale: serviceColorScale(data.services, edition),
    legend: { symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolOpacity: 1 },
  };
  const x = {
    field: 'date',
    type: 'temporal',
    title: null,
    scale: { type: 'utc' },
    axis: { ...monthAxis(figs, first, last, edition), labelFlush: true },
  };
  const yAxis = valueAxis(figs, rows.map((r) => r.cumulativeCny), {
    divisor: unit.divisor,
    metric: 'cumulative_value',
    unit: 'CNY',
    what: `y (${unit.label})`,
  });
  const y = {
    field: 'value',
    type: 'quantitative',
    title: unit.label,
    stack: null,
    scale: { domain: yAxis.domain, nice: false },
    axis: yAxis.axis,
  };
  const body = {
    width: CHART_WIDTH - VALUE_AXIS_ROOM - 60,
    height: PLOT_HEIGHT,
    layer: [
      {
        data: { values },
        mark: { type: 'area', opacity: 0.12, interpolate: 'monotone' },
        encoding: {
          x,
          y,
          color,
        },
      },
      {
        data: { values },
        mark: { type: 'line', strokeWidth: 2, interpolate: 'monotone' },
        encoding: { x, y: { field: 'value', type: 'quantitative', scale: { domain: yAxis.domain, nice: false } }, color },
      },
      {
        data: { values: ends },
        mark: { type: 'text', align: 'left', dx: 5, fontSize: 9, fontWeight: 'bold' },
        encoding: { x, y: { field: 'value', type: 'quantitative', scale: { domain: yAxis.domain, nice: false } }, text: { field: 'text' }, color },
      },
      ...(marks.length
        ? [
            // Each rule starts under its own label; the latest milestone's label is on top, so no
            // label (set to the left of its rule) crosses an earlier milestone's rule.
            {
              data: { values: marks },
              mark: { type: 'rule', strokeDash: [3, 3], color: INK.muted },
              encoding: {
                x: { field: 'date', type: 'temporal' },
                y: { field: 'ruleTop', type: 'quantitative', scale: null },
                y2: { value: PLOT_HEIGHT },
              },
            },
            {
              data: { values: marks },
              mark: {
                type: 'text',
                align: { expr: 'datum.align' },
                baseline: 'top',
                dx: { expr: "datum.align === 'right' ? -4 : 4" },
                fontSize: 9,
                color: INK.muted,
              },
              encoding: {
                x: { field: 'date', type: 'temporal' },
                y: { field: 'ypx', type: 'quantitative', scale: null },
                text: { field: 'label' },
              },
            },
          ]
        : []),
    ],
  };
  const title = pick(edition, 'Cumulative trade value', '累计贸易额');
  // A series that ends inside a month (an as-of date) says so: its last point is not a month end.
  const [ly, lm, ld] = last.split('-').map(Number);
  const partial = ly !== undefined && lm !== undefined && ld !== undefined && new Date(Date.UTC(ly, lm, 0)).getUTCDate() !== ld;
  const subtitle = pick(
    edition,
    `${unit.label}, since each service's first departure in the data, at month ends${partial ? `; the last point is ${figs.date(longDate(last, edition))}` : ''}`,
    `${unit.label}，自各班列数据中首次发运起累计，按月末${partial ? `；最后一点为${figs.date(longDate(last, edition))}` : ''}`,
  );
  const perService = ids.map((id) => {
    const name = serviceLabel(data.services, id, edition);
    const series = rows.filter((r) => r.service === id);
    const start = series[0];
    const end = series[series.length - 1];
    if (!start || !end) return '';
    const ret = data.services.find((s) => s.id === id)?.firstReturn;
    const atReturn = ret ? series.find((r) => r.date.slice(0, 7) === ret.slice(0, 7)) : undefined;
    const yuan = (r: { cumulativeCny: string; date: string }): string =>
      figs.yuan(id, 'cumulative_value', `..${r.date}`, r.cumulativeCny, 'alt text');
    const day = (iso: string): string => figs.date(longDate(iso, edition));
    const mid = atReturn
      ? pick(
          edition,
          ` (${yuan(atReturn)} by ${day(atReturn.date)}, the month of its first return train)`,
          `（首趟回程班列当月末${day(atReturn.date)}累计${yuan(atReturn)}）`,
        )
      : '';
    return pick(
      edition,
      `${name}: ${yuan(end)} by ${day(end.date)}, counted from ${day(start.date.slice(0, 7))}${mid}`,
      `${name}自${day(start.date.slice(0, 7))}起至${day(end.date)}累计${yuan(end)}${mid}`,
    );
  });
  const events = marks.map((m) => m.label);
  const intro = pick(
    edition,
    `Line chart of cumulative trade value by service, in ${unit.label}`,
    `折线图：各班列累计贸易额，单位${unit.label}`,
  );
  const alt = sentences(
    [
      intro,
      ...(values.length ? perService : [pick(edition, 'No data', '无数据')]),
      events.length ? pick(edition, `Marked: ${events.join('; ')}`, `标注：${events.join('；')}`) : '',
    ],
    edition,
  );
  const spec = publish({ title, subtitle, footnote: footnote(data, edition, figs), edition }, body);
  return { id: 'cumulative-value', title, spec, alt, figures: figs.figures(), exemptions: figs.exemptions() };
};

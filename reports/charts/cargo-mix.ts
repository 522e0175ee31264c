/**
 * Chart `cargo-mix`: trade value of the bulletin period by cargo category, one panel of
 * horizontal bars per service (largest first), each labelled with its share of the service's
 * total. Shares are computed here from the plotted values, so labels and bars always agree.
 */
import type { ChartData, Edition } from '../model.js';
import { Exact } from '../press/round.js';
import {
  ChartFigures,
  footnote,
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
import { periodLabel, periodWords, sharePct } from './direction.js';
import { CHART_WIDTH, INK, publish } from './theme.js';

const LABEL_ROOM = 200;

/**
 * Builds the `cargo-mix` chart.
 * @example const { spec, alt } = cargoMix(data, 'en');
 */
export const cargoMix: ChartBuilder = (data: ChartData, edition: Edition): ChartDefinition => {
  const unit = moneyUnit(edition);
  const figs = new ChartFigures('cargo-mix', edition);
  const period = periodWords(data, edition, figs);
  const label = periodLabel(data);
  const ids = servicesIn(data, data.cargo);
  const labels = ids.map((id) => serviceLabel(data.services, id, edition));
  const totals = new Map(
    ids.map((id) => [id, data.cargo.filter((r) => r.service === id).reduce((s, r) => s.plus(r.valueCny), new Exact(0))]),
  );
  const rows = [...data.cargo].sort(
    (a, b) =>
      ids.indexOf(a.service) - ids.indexOf(b.service) ||
      new Exact(b.valueCny).cmp(a.valueCny) ||
      a.category.localeCompare(b.category),
  );
  const shareOf = (r: (typeof rows)[number], what: string): string => {
    const share = sharePct(r.valueCny, totals.get(r.service) ?? new Exact(0));
    return share === null ? '' : figs.share(r.service, 'cargo_share_pct', label, share, `${r.category}, ${what}`);
  };
  const values = rows.map((r, i) => ({
    service: serviceLabel(data.services, r.service, edition),
    category: edition === 'zh' ? r.categoryZh : r.category,
    rank: i,
    value: plot(r.valueCny, unit.divisor),
    share: shareOf(r, 'bar label'),
  }));
  // One value scale for every panel.
  const xAxis = valueAxis(figs, rows.map((r) => r.valueCny), {
    divisor: unit.divisor,
    metric: 'trade_value',
    unit: 'CNY',
    what: `x (${unit.label}), every panel`,
  });
  // One panel per service, stacked: each with its own categories in rank order (the y domain
  // given, not derived), all on one value scale (the x domain given). A facet of the bar and
  // label layers said the same, but Vega-Lite then sizes each panel from the union of the two
  // layers' category domains and warns that it assumes they are one field of one source
  // ("faceted independent scales", vega-lite#2736); here nothing is assumed.
  const width = CHART_WIDTH - LABEL_ROOM - 60;
  // No data: one empty panel, unnamed.
  const panels = (labels.length ? labels : [null]).map((label, k, all) => {
    const last = k === all.length - 1;
    const own = values.filter((v) => v.service === label);
    return {
      data: { values: own },
      // The panel's name where the facet's row header stood: above the plot, flush with it.
      ...(label === null ? {} : { title: { text: label, anchor: 'start', frame: 'group', fontSize: 11, fontWeight: 'bold', color: INK.text, offset: 17 } }),
      width,
      height: { step: 17 },
      encoding: {
        y: {
          field: 'category',
          type: 'nominal',
          sort: null,
          scale: { domain: own.map((v) => v.category) },
          title: null,
          axis: { labelLimit: LABEL_ROOM - 10 },
        },
        x: {
          field: 'value',
          type: 'quantitative',
          title: last ? unit.label : null,
          scale: { domain: xAxis.domain, nice: false },
          // Ticks and labels under the last panel only; the grid in every panel.
          axis: last ? { ...xAxis.axis, grid: true } : { ...xAxis.axis, grid: true, labels: false, ticks: false, domain: false },
        },
      },
      layer: [
        {
          mark: { type: 'bar', height: { band: 0.78 } },
          encoding: {
            color: {
              field: 'service',
              type: 'nominal',
              legend: null,
              scale: serviceColorScale(data.services, edition),
            },
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 4, fontSize: 9, color: INK.text },
          encoding: { text: { field: 'share' } },
        },
      ],
    };
  });
  const body = {
    vconcat: panels,
    spacing: 14,
    resolve: { scale: { x: 'shared', y: 'independent', color: 'shared' }, axis: { x: 'independent' } },
  };
  const title = pick(edition, 'Trade value by cargo category', '分货类贸易额');
  const subtitle = pick(
    edition,
    `${unit.label}, ${period}, same scale in every panel; labels: share of the service's total`,
    `${unit.label}，${period}，各分图刻度相同；标注为占该班列合计的比重`,
  );
  const perService = ids.map((id) => {
    const name = serviceLabel(data.services, id, edition);
    const top = rows.filter((r) => r.service === id).slice(0, 3);
    const list = top
      .map((r) =>
        pick(
          edition,
          `${r.category} ${figs.yuan(id, 'trade_value', label, r.valueCny, `${r.category}, alt text`)} (${shareOf(r, 'alt text')})`,
          `${r.categoryZh}${figs.yuan(id, 'trade_value', label, r.valueCny, `${r.category}, alt text`)}（${shareOf(r, 'alt text')}）`,
        ),
      )
      .join(pick(edition, ', ', '、'));
    return pick(edition, `${name}: largest categories ${list}`, `${name}占比最大的货类为${list}`);
  });
  const intro = pick(
    edition,
    `Bar charts of trade value by cargo category for each service, ${period}, in ${unit.label}`,
    `条形图：各班列分货类贸易额，${period}，单位${unit.label}`,
  );
  const alt = sentences(
    [intro, ...(values.length ? perService : [pick(edition, 'No data', '无数据')])],
    edition,
  );
  const spec = publish({ title, subtitle, footnote: footnote(data, edition, figs), edition }, body);
  return { id: 'cargo-mix', title, spec, alt, figures: figs.figures(), exemptions: figs.exemptions() };
};

/**
 * Chart `cargo-mix`: trade value of the bulletin period by cargo category, one panel of
 * horizontal bars per service (largest first), each labelled with its share of the service's
 * total. Shares are computed here from the plotted values, so labels and bars always agree.
 */
import type { ChartData, Edition } from '../model.js';
import {
  footnote,
  formatYuan,
  moneyUnit,
  pick,
  sentences,
  serviceColorScale,
  serviceLabel,
  servicesIn,
  type ChartBuilder,
  type ChartDefinition,
} from './chart-kit.js';
import { periodWords } from './direction.js';
import { CHART_WIDTH, INK, publish } from './theme.js';

const LABEL_ROOM = 200;

/**
 * Builds the `cargo-mix` chart.
 * @example const { spec, alt } = cargoMix(data, 'en');
 */
export const cargoMix: ChartBuilder = (data: ChartData, edition: Edition): ChartDefinition => {
  const unit = moneyUnit(edition);
  const ids = servicesIn(data, data.cargo);
  const labels = ids.map((id) => serviceLabel(data.services, id, edition));
  const totals = new Map(
    ids.map((id) => [id, data.cargo.filter((r) => r.service === id).reduce((s, r) => s + r.valueCny, 0)]),
  );
  const rows = [...data.cargo].sort(
    (a, b) =>
      ids.indexOf(a.service) - ids.indexOf(b.service) ||
      b.valueCny - a.valueCny ||
      a.category.localeCompare(b.category),
  );
  const shareOf = (r: (typeof rows)[number]): number => {
    const t = totals.get(r.service) ?? 0;
    return t > 0 ? (r.valueCny / t) * 100 : 0;
  };
  const values = rows.map((r, i) => ({
    service: serviceLabel(data.services, r.service, edition),
    category: edition === 'zh' ? r.categoryZh : r.category,
    rank: i,
    value: r.valueCny / unit.divisor,
    share: `${shareOf(r).toFixed(1)}%`,
  }));
  const body = {
    data: { values },
    facet: { row: { field: 'service', type: 'nominal', sort: labels, title: null } },
    resolve: { scale: { y: 'independent' } },
    spacing: { row: 14 },
    spec: {
      width: CHART_WIDTH - LABEL_ROOM - 60,
      height: { step: 17 },
      encoding: {
        y: {
          field: 'category',
          type: 'nominal',
          sort: { field: 'rank', op: 'min' },
          title: null,
          axis: { labelLimit: LABEL_ROOM - 10 },
        },
        x: {
          field: 'value',
          type: 'quantitative',
          title: null,
          axis: { format: ',.2~f', grid: true, tickCount: 5 },
        },
      },
      layer: [
        {
          mark: { type: 'bar', height: { band: 0.78 } },
          encoding: {
            color: {
              field: 'service',
              type: 'nominal',
              sort: labels,
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
    },
  };
  const period = periodWords(data, edition);
  const title = pick(edition, 'Trade value by cargo category', '分货类贸易额');
  const subtitle = pick(
    edition,
    `billion yuan, ${period}; labels: share of the service's total`,
    `亿元，${period}；标注为占该班列合计的比重`,
  );
  const perService = ids.map((id) => {
    const name = serviceLabel(data.services, id, edition);
    const top = rows.filter((r) => r.service === id).slice(0, 3);
    const list = top
      .map((r) =>
        pick(
          edition,
          `${r.category} ${formatYuan(r.valueCny, edition)} (${shareOf(r).toFixed(1)} %)`,
          `${r.categoryZh}${formatYuan(r.valueCny, edition)}（${shareOf(r).toFixed(1)}%）`,
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
  const spec = publish({ title, subtitle, footnote: footnote(data, edition), edition }, body);
  return { id: 'cargo-mix', title, spec, alt };
};

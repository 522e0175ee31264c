/**
 * Chart `direction`: outbound against inbound trade value of the bulletin period, per service,
 * as paired horizontal bars labelled with the value and the direction's share.
 */
import type { ChartData, Edition } from '../model.js';
import {
  footnote,
  formatYuan,
  moneyUnit,
  monthOf,
  monthSpan,
  pick,
  sentences,
  serviceLabel,
  servicesIn,
  type ChartBuilder,
  type ChartDefinition,
} from './chart-kit.js';
import { CHART_WIDTH, INK, PALETTE, publish } from './theme.js';

/** The period of the bulletin in words: `2025` or `January–June 2026`. */
export function periodWords(data: ChartData, edition: Edition): string {
  return data.kind === 'ytd'
    ? monthSpan(data.year, monthOf(data.periodEnd), edition)
    : pick(edition, String(data.year), `${data.year}年`);
}

/**
 * Builds the `direction` chart.
 * @example const { spec, alt } = direction(data, 'en');
 */
export const direction: ChartBuilder = (data: ChartData, edition: Edition): ChartDefinition => {
  const unit = moneyUnit(edition);
  const ids = servicesIn(data, data.direction);
  const labels = ids.map((id) => serviceLabel(data.services, id, edition));
  const dirs = [
    pick(edition, 'Outbound (from China)', '去程（出境）'),
    pick(edition, 'Inbound (to China)', '回程（入境）'),
  ];
  const dirLabel = (d: 'outbound' | 'inbound'): string => (d === 'outbound' ? dirs[0]! : dirs[1]!);
  const total = (id: string): number =>
    data.direction.filter((r) => r.service === id).reduce((s, r) => s + r.valueCny, 0);
  const rows = [...data.direction].sort(
    (a, b) =>
      ids.indexOf(a.service) - ids.indexOf(b.service) ||
      (a.direction === 'outbound' ? -1 : 1) - (b.direction === 'outbound' ? -1 : 1),
  );
  const values = rows.map((r) => {
    const t = total(r.service);
    const share = t > 0 ? (r.valueCny / t) * 100 : 0;
    return {
      service: serviceLabel(data.services, r.service, edition),
      direction: dirLabel(r.direction),
      value: r.valueCny / unit.divisor,
      label: edition === 'zh' ? `${(r.valueCny / unit.divisor).toFixed(2)}（${share.toFixed(1)}%）` : `${(r.valueCny / unit.divisor).toFixed(2)} (${share.toFixed(1)}%)`,
    };
  });
  const body = {
    data: { values },
    width: CHART_WIDTH - 215,
    height: { step: 20 },
    encoding: {
      y: {
        field: 'service',
        type: 'nominal',
        sort: labels,
        title: null,
        axis: { labelFontWeight: 'bold', labelLimit: 150 },
      },
      yOffset: { field: 'direction', type: 'nominal', sort: dirs },
      x: {
        field: 'value',
        type: 'quantitative',
        title: null,
        axis: { format: ',.2~f', grid: true, tickCount: 6 },
        scale: { nice: true },
      },
      color: {
        field: 'direction',
        type: 'nominal',
        sort: dirs,
        title: null,
        scale: { domain: dirs, range: [PALETTE[0], '#8fb3d1'] },
      },
    },
    layer: [
      { mark: { type: 'bar', height: { band: 0.9 } } },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 9 },
        encoding: { text: { field: 'label' }, color: { value: INK.text } },
      },
    ],
  };
  const period = periodWords(data, edition);
  const title = pick(edition, 'Outbound and inbound trade value', '去程与回程贸易额');
  const subtitle = pick(
    edition,
    `billion yuan, ${period}; labels: value (share of the service's total)`,
    `亿元，${period}；标注为金额（占该班列合计的比重）`,
  );
  const perService = ids.map((id) => {
    const name = serviceLabel(data.services, id, edition);
    const out = data.direction.find((r) => r.service === id && r.direction === 'outbound')?.valueCny ?? 0;
    const inn = data.direction.find((r) => r.service === id && r.direction === 'inbound')?.valueCny ?? 0;
    const t = out + inn;
    const pct = (v: number): string => (t > 0 ? `${((v / t) * 100).toFixed(1)}` : '0.0');
    return pick(
      edition,
      `${name}: outbound ${formatYuan(out, edition)} (${pct(out)} %), inbound ${formatYuan(inn, edition)} (${pct(inn)} %)`,
      `${name}去程${formatYuan(out, edition)}（${pct(out)}%），回程${formatYuan(inn, edition)}（${pct(inn)}%）`,
    );
  });
  const intro = pick(
    edition,
    `Bar chart of outbound and inbound trade value by service, ${period}, in ${unit.label}`,
    `条形图：各班列去程与回程贸易额，${period}，单位${unit.label}`,
  );
  const alt = sentences(
    [intro, ...(values.length ? perService : [pick(edition, 'No data', '无数据')])],
    edition,
  );
  const spec = publish({ title, subtitle, footnote: footnote(data, edition), edition }, body);
  return { id: 'direction', title, spec, alt };
};

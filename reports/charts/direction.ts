/**
 * Chart `direction`: outbound against inbound trade value of the bulletin period, per service,
 * as paired horizontal bars labelled with the value and the direction's share.
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
  pick,
  sentences,
  spanTo,
  serviceLabel,
  servicesIn,
  type ChartBuilder,
  type ChartDefinition,
} from './chart-kit.js';
import { CHART_WIDTH, INK, PALETTE, publish } from './theme.js';
import { digits } from '../../lib/exact-digits.js';

/** The period of the bulletin in words: `2025` or `January–June 2026`. */
export function periodWords(data: ChartData, edition: Edition, figs: ChartFigures): string {
  return figs.date(
    data.kind === 'ytd' ? spanTo(data.year, data.periodEnd, edition) : pick(edition, String(data.year), `${data.year}年`),
  );
}

/**
 * The bulletin period as figures.json names it (`2025`, `2026-01-01..2026-06-30`), the period the
 * text records the same facts under: what a chart's figures are recorded with, never the words
 * (a period "2025年" or "January–June 2026" has no end, so its figures were stamped final).
 */
export const periodLabel = (data: ChartData): string => yearPeriod(data.year, data.kind === 'ytd' ? data.periodEnd : null);

/** A share in percent of a total, exact (null when the total is zero). */
export const sharePct = (value: string, total: InstanceType<typeof Exact>): string | null =>
  total.isZero() ? null : digits(new Exact(value).div(total).times(100));

/**
 * Builds the `direction` chart.
 * @example const { spec, alt } = direction(data, 'en');
 */
export const direction: ChartBuilder = (data: ChartData, edition: Edition): ChartDefinition => {
  const unit = moneyUnit(edition);
  const figs = new ChartFigures('direction', edition);
  const period = periodWords(data, edition, figs);
  const label = periodLabel(data);
  const ids = servicesIn(data, data.direction);
  const labels = ids.map((id) => serviceLabel(data.services, id, edition));
  const dirs = [
    pick(edition, 'Outbound (from China)', '去程（出境）'),
    pick(edition, 'Inbound (to China)', '回程（入境）'),
  ];
  const dirLabel = (d: 'outbound' | 'inbound'): string => (d === 'outbound' ? dirs[0]! : dirs[1]!);
  const total = (id: string): InstanceType<typeof Exact> =>
    data.direction.filter((r) => r.service === id).reduce((s, r) => s.plus(r.valueCny), new Exact(0));
  const rows = [...data.direction].sort(
    (a, b) =>
      ids.indexOf(a.service) - ids.indexOf(b.service) ||
      (a.direction === 'outbound' ? -1 : 1) - (b.direction === 'outbound' ? -1 : 1),
  );
  const metric = (d: 'outbound' | 'inbound'): 'trade_value_outbound' | 'trade_value_inbound' =>
    d === 'outbound' ? 'trade_value_outbound' : 'trade_value_inbound';
  const shareText = (service: string, d: 'outbound' | 'inbound', value: string): string | null => {
    const share = sharePct(value, total(service));
    return share === null ? null : figs.share(service, 'direction_share_pct', label, share, `${d} share of the service total`);
  };
  // A direction that carried nothing has no bar to label with "0.00 (0.0%)": it says "none" / "无",
  // as the text says "there was no inbound trade". Only an exact zero: a small value prints its
  // rounding ("0.00 (0.0%)" for a share of 0.04 %), since it did carry something.
  const isNone = (v: string): boolean => new Exact(v).isZero();
  const values = rows.map((r) => {
    if (isNone(r.valueCny)) {
      return {
        service: serviceLabel(data.services, r.service, edition),
        direction: dirLabel(r.direction),
        value: 0,
        label: figs.none(r.service, metric(r.direction), label, `${r.direction} bar label`),
      };
    }
    const amount = figs.inUnit(r.service, metric(r.direction), label, r.valueCny, `${r.direction} bar label`);
    const share = shareText(r.service, r.direction, r.valueCny);
    return {
      service: serviceLabel(data.services, r.service, edition),
      direction: dirLabel(r.direction),
      value: plot(r.valueCny, unit.divisor),
      label: share === null ? amount : pick(edition, `${amount} (${share})`, `${amount}（${share}）`),
    };
  });
  const xAxis = valueAxis(figs, data.direction.map((r) => r.valueCny), {
    divisor: unit.divisor,
    metric: 'trade_value',
    unit: 'CNY',
    what: `x (${unit.label})`,
    maxTicks: 6,
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
        title: unit.label,
        axis: { ...xAxis.axis, grid: true },
        scale: { domain: xAxis.domain, nice: false },
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
  const title = pick(edition, 'Outbound and inbound trade value', '去程与回程贸易额');
  const subtitle = pick(
    edition,
    `${unit.label}, ${period}; labels: value (share of the service's total)`,
    `亿元，${period}；标注为金额（占该班列合计的比重）`,
  );
  const perService = ids.map((id) => {
    const name = serviceLabel(data.services, id, edition);
    const out = data.direction.find((r) => r.service === id && r.direction === 'outbound')?.valueCny ?? '0';
    const inn = data.direction.find((r) => r.service === id && r.direction === 'inbound')?.valueCny ?? '0';
    const part = (d: 'outbound' | 'inbound', v: string): string => {
      if (isNone(v)) {
        // "inbound none"; zh "回程无货值", the words of the text's direction sentence.
        const none = figs.none(id, metric(d), label, `${d}, alt text`);
        return pick(edition, none, `${none}货值`);
      }
      const amount = figs.yuan(id, metric(d), label, v, `${d}, alt text`);
      const share = shareText(id, d, v);
      return share === null ? amount : pick(edition, `${amount} (${share})`, `${amount}（${share}）`);
    };
    return pick(
      edition,
      `${name}: outbound ${part('outbound', out)}, inbound ${part('inbound', inn)}`,
      `${name}去程${part('outbound', out)}，回程${part('inbound', inn)}`,
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
  const spec = publish({ title, subtitle, footnote: footnote(data, edition, figs), edition }, body);
  return { id: 'direction', title, spec, alt, figures: figs.figures(), exemptions: figs.exemptions() };
};

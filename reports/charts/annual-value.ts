/**
 * Chart `annual-value`: trade value per year, bars grouped by service, each labelled with its
 * year-on-year change ("n.m." where not meaningful). A partial (year-to-date) year is labelled
 * with its months and drawn lighter with a dashed outline.
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
  serviceColorScale,
  serviceLabel,
  servicesIn,
  type ChartBuilder,
  type ChartDefinition,
} from './chart-kit.js';
import { CHART_WIDTH, INK, publish, VALUE_AXIS_ROOM } from './theme.js';

type AnnualRow = ChartData['annual'][number];

function yearLabel(row: AnnualRow, data: ChartData, edition: Edition): string {
  if (!row.partial) return pick(edition, String(row.year), `${row.year}年`);
  const last = row.year === data.year ? monthOf(data.periodEnd) : 12;
  return edition === 'zh' ? `${row.year}年1—${last}月` : `${row.year} (Jan–${monthLabel(last, 'en')})`;
}

function serviceSentence(rows: AnnualRow[], name: string, data: ChartData, edition: Edition): string {
  const full = rows.filter((r) => !r.partial).sort((a, b) => a.year - b.year);
  const part = rows.find((r) => r.partial);
  const parts: string[] = [];
  const first = full[0];
  const last = full[full.length - 1];
  if (first && last && first !== last) {
    const verb =
      last.valueCny > first.valueCny
        ? ['rose', '增至']
        : last.valueCny < first.valueCny
          ? ['fell', '降至']
          : ['was unchanged', '持平于'];
    parts.push(
      pick(
        edition,
        `${name} ${verb[0]} from ${formatYuan(first.valueCny, edition)} in ${first.year} to ${formatYuan(last.valueCny, edition)} in ${last.year} (${formatGrowth(last.yoyPct, true)} on ${last.year - 1})`,
        `${name}由${first.year}年的${formatYuan(first.valueCny, edition)}${verb[1]}${last.year}年的${formatYuan(last.valueCny, edition)}（比上年${formatGrowth(last.yoyPct)}）`,
      ),
    );
  } else if (last) {
    parts.push(
      pick(
        edition,
        `${name}: ${formatYuan(last.valueCny, edition)} in ${last.year} (${formatGrowth(last.yoyPct, true)})`,
        `${name}${last.year}年为${formatYuan(last.valueCny, edition)}（${formatGrowth(last.yoyPct)}）`,
      ),
    );
  }
  if (part) {
    const span = monthSpan(part.year, part.year === data.year ? monthOf(data.periodEnd) : 12, edition);
    parts.push(
      pick(
        edition,
        `${parts.length ? 'in' : `${name}: in`} ${span}, ${formatYuan(part.valueCny, edition)} (${formatGrowth(part.yoyPct, true)} on the same months a year earlier)`,
        `${parts.length ? '' : name}${span}为${formatYuan(part.valueCny, edition)}（比上年同期${formatGrowth(part.yoyPct)}）`,
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
  const ids = servicesIn(data, data.annual);
  const labels = ids.map((id) => serviceLabel(data.services, id, edition));
  const rows = [...data.annual].sort(
    (a, b) => a.year - b.year || ids.indexOf(a.service) - ids.indexOf(b.service),
  );
  const values = rows.map((r) => ({
    service: serviceLabel(data.services, r.service, edition),
    year: yearLabel(r, data, edition),
    value: r.valueCny / unit.divisor,
    // A Chinese table or chart marks 不适用 with a dash, not "n.m.".
    growth: r.yoyPct === null && edition === 'zh' ? '—' : formatGrowth(r.yoyPct),
    partial: r.partial,
  }));
  const years = [...new Set(values.map((v) => v.year))];
  const hasPartial = rows.some((r) => r.partial);
  const hasNm = rows.some((r) => r.yoyPct === null);
  const title = pick(edition, 'Annual trade value by service', '各班列年度贸易额');
  const span = years.length ? `${rows[0]?.year}${edition === 'zh' ? '—' : '–'}${rows[rows.length - 1]?.year}` : '';
  const notes = [
    hasNm ? pick(edition, 'n.m.: not meaningful (no value a year earlier)', '“—”：上年无可比数值，同比增速不适用') : '',
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
      y: { field: 'value', type: 'quantitative', title: null, axis: { format: ',.0f', tickCount: 6 } },
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
        `billion yuan, ${span}; labels: change on a year earlier`,
        `亿元，${span}年；标注为同比增速`,
      ),
      footnote: footnote(data, edition, notes),
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
    ),
  );
  const alt = values.length
    ? sentences([intro, ...perService], edition)
    : sentences([intro, pick(edition, 'No data', '无数据')], edition);
  return { id: 'annual-value', title, spec, alt };
};

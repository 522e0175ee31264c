/**
 * Chart `volume`: containers (TEU) and trains per month of the bulletin year, as two small
 * panels sharing the month axis: grouped bars for TEU, lines with points for trains.
 */
import type { ChartData, Edition } from '../model.js';
import {
  footnote,
  formatNumber,
  monthLabel,
  pick,
  sentences,
  serviceColorScale,
  serviceLabel,
  servicesIn,
  type ChartBuilder,
  type ChartDefinition,
} from './chart-kit.js';
import { periodWords } from './direction.js';
import { CHART_WIDTH, publish, VALUE_AXIS_ROOM } from './theme.js';

/**
 * Builds the `volume` chart.
 * @example const { spec, alt } = volume(data, 'en');
 */
export const volume: ChartBuilder = (data: ChartData, edition: Edition): ChartDefinition => {
  const ids = servicesIn(data, data.volume);
  const labels = ids.map((id) => serviceLabel(data.services, id, edition));
  const rows = [...data.volume].sort(
    (a, b) => a.month.localeCompare(b.month) || ids.indexOf(a.service) - ids.indexOf(b.service),
  );
  const monthNo = (m: string): number => Number(m.slice(5, 7));
  const months = [...new Set(rows.map((r) => r.month))].sort().map((m) => monthLabel(monthNo(m), edition));
  const values = rows.map((r) => ({
    service: serviceLabel(data.services, r.service, edition),
    month: monthLabel(monthNo(r.month), edition),
    teu: r.teu,
    trains: r.trains,
  }));
  const color = {
    field: 'service',
    type: 'nominal',
    sort: labels,
    title: null,
    scale: serviceColorScale(data.services, edition),
  };
  const x = { field: 'month', type: 'ordinal', sort: months, title: null, axis: { labelAngle: 0 } };
  const width = CHART_WIDTH - VALUE_AXIS_ROOM - 20;
  const panelTitle = (text: string): Record<string, unknown> => ({
    text,
    anchor: 'start',
    fontSize: 11,
    fontWeight: 'bold',
    subtitle: '',
    offset: 4,
  });
  const body = {
    data: { values },
    spacing: 14,
    vconcat: [
      {
        title: panelTitle(pick(edition, 'Containers (TEU)', '集装箱（标箱）')),
        width,
        height: 115,
        mark: { type: 'bar', width: { band: 0.9 } },
        encoding: {
          x,
          xOffset: { field: 'service', type: 'nominal', sort: labels },
          y: { field: 'teu', type: 'quantitative', title: null, axis: { format: ',.0f', tickCount: 4 } },
          color,
        },
      },
      {
        title: panelTitle(pick(edition, 'Trains', '开行列数')),
        width,
        height: 85,
        mark: { type: 'line', point: { size: 30, filled: true }, strokeWidth: 2 },
        encoding: {
          x,
          y: {
            field: 'trains',
            type: 'quantitative',
            title: null,
            scale: { zero: true },
            axis: { format: ',.0f', tickCount: 4 },
          },
          color,
        },
      },
    ],
  };
  const period = periodWords(data, edition);
  const title = pick(edition, 'Containers and trains per month', '月度集装箱运量与开行列数');
  const subtitle = pick(
    edition,
    `TEU (twenty-foot equivalent units) and trains, ${period}`,
    `标箱与列，${period}`,
  );
  const perService = ids.map((id) => {
    const name = serviceLabel(data.services, id, edition);
    const mine = rows.filter((r) => r.service === id);
    const teu = mine.reduce((s, r) => s + r.teu, 0);
    const trains = mine.reduce((s, r) => s + r.trains, 0);
    const peak = [...mine].sort((a, b) => b.teu - a.teu || a.month.localeCompare(b.month))[0];
    const peakText = peak
      ? pick(
          edition,
          `; busiest month ${monthLabel(monthNo(peak.month), 'en')} (${formatNumber(peak.teu)} TEU, ${formatNumber(peak.trains)} trains)`,
          `；最多为${monthLabel(monthNo(peak.month), 'zh')}（${formatNumber(peak.teu)}标箱、${formatNumber(peak.trains)}列）`,
        )
      : '';
    return pick(
      edition,
      `${name}: ${formatNumber(teu)} TEU on ${formatNumber(trains)} trains${peakText}`,
      `${name}共${formatNumber(teu)}标箱、${formatNumber(trains)}列${peakText}`,
    );
  });
  const intro = pick(
    edition,
    `Bar and line charts of containers (TEU) and trains per month by service, ${period}`,
    `柱状图和折线图：各班列月度集装箱运量与开行列数，${period}`,
  );
  const alt = sentences(
    [intro, ...(values.length ? perService : [pick(edition, 'No data', '无数据')])],
    edition,
  );
  const spec = publish({ title, subtitle, footnote: footnote(data, edition), edition }, body);
  return { id: 'volume', title, spec, alt };
};

/**
 * Chart `volume`: containers (TEU) and trains per month of the bulletin year, as two small
 * panels sharing the month axis: grouped bars for TEU, lines with points for trains.
 */
import type { ChartData, Edition } from '../model.js';
import { Exact } from '../press/round.js';
import {
  ChartFigures,
  footnote,
  partialMonthNote,
  plot,
  valueAxis,
  monthLabel,
  pick,
  sentences,
  serviceColorScale,
  serviceLabel,
  servicesIn,
  type ChartBuilder,
  type ChartDefinition,
} from './chart-kit.js';
import { periodLabel, periodWords } from './direction.js';
import { CHART_WIDTH, publish, VALUE_AXIS_ROOM } from './theme.js';
import { digits } from '../../lib/exact-digits.js';

/**
 * Builds the `volume` chart.
 * @example const { spec, alt } = volume(data, 'en');
 */
export const volume: ChartBuilder = (data: ChartData, edition: Edition): ChartDefinition => {
  const figs = new ChartFigures('volume', edition);
  const period = periodWords(data, edition, figs);
  const label = periodLabel(data);
  const ids = servicesIn(data, data.volume);
  const labels = ids.map((id) => serviceLabel(data.services, id, edition));
  const rows = [...data.volume].sort(
    (a, b) => a.month.localeCompare(b.month) || ids.indexOf(a.service) - ids.indexOf(b.service),
  );
  const monthNo = (m: string): number => Number(m.slice(5, 7));
  const months = [...new Set(rows.map((r) => r.month))].sort().map((m) => figs.date(monthLabel(monthNo(m), edition)));
  const values = rows.map((r) => ({
    service: serviceLabel(data.services, r.service, edition),
    month: monthLabel(monthNo(r.month), edition),
    teu: plot(r.teu),
    trains: r.trains,
  }));
  const teuAxis = valueAxis(figs, rows.map((r) => r.teu), { metric: 'teu', unit: 'TEU', what: 'y (TEU)', maxTicks: 4 });
  const trainAxis = valueAxis(figs, rows.map((r) => String(r.trains)), {
    metric: 'trains',
    unit: 'count',
    what: 'y (trains)',
    maxTicks: 4,
    integers: true,
  });
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
          y: {
            field: 'teu',
            type: 'quantitative',
            title: 'TEU',
            scale: { domain: teuAxis.domain, nice: false },
            axis: teuAxis.axis,
          },
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
            title: pick(edition, 'trains', '列'),
            scale: { domain: trainAxis.domain, nice: false },
            axis: trainAxis.axis,
          },
          color,
        },
      },
    ],
  };
  const title = pick(edition, 'Containers and trains per month', '月度集装箱运量与开行列数');
  const subtitle = pick(
    edition,
    `TEU (twenty-foot equivalent units) and trains, ${period}`,
    `标箱与列，${period}`,
  );
  const perService = ids.map((id) => {
    const name = serviceLabel(data.services, id, edition);
    const mine = rows.filter((r) => r.service === id);
    const teu = digits(mine.reduce((s, r) => s.plus(r.teu), new Exact(0)));
    const trains = mine.reduce((s, r) => s + r.trains, 0);
    const peak = [...mine].sort((a, b) => new Exact(b.teu).cmp(a.teu) || a.month.localeCompare(b.month))[0];
    // TEU in whole units, as the text, the cover and the table print them (a 45-foot container's
    // 2.25 TEU left "1,234.25 TEU" here beside "1,234 TEU" there).
    const places = 0;
    const trainsText = (n: number, p: string, what: string): string =>
      n === 1
        ? pick(edition, `${figs.count(id, 'trains', p, n, what)} train`, `${figs.count(id, 'trains', p, n, what)}列`)
        : pick(edition, `${figs.count(id, 'trains', p, n, what)} trains`, `${figs.count(id, 'trains', p, n, what)}列`);
    const peakText = peak
      ? pick(
          edition,
          `; busiest month ${figs.date(monthLabel(monthNo(peak.month), 'en'))} (${figs.teu(id, peak.month, peak.teu, 'alt text, busiest month', places)} TEU, ${trainsText(peak.trains, peak.month, 'alt text, busiest month')})`,
          `；最多为${figs.date(monthLabel(monthNo(peak.month), 'zh'))}（${figs.teu(id, peak.month, peak.teu, 'alt text, busiest month', places)}标箱、${trainsText(peak.trains, peak.month, 'alt text, busiest month')}）`,
        )
      : '';
    return pick(
      edition,
      `${name}: ${figs.teu(id, label, teu, 'alt text', places)} TEU on ${trainsText(trains, label, 'alt text')}${peakText}`,
      `${name}共${figs.teu(id, label, teu, 'alt text', places)}标箱、${trainsText(trains, label, 'alt text')}${peakText}`,
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
  const spec = publish({ title, subtitle, footnote: footnote(data, edition, figs, partialMonthNote(data, edition, figs, false)), edition }, body);
  return { id: 'volume', title, spec, alt, figures: figs.figures(), exemptions: figs.exemptions() };
};

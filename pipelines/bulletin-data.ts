/**
 * Gathers from the warehouse everything one bulletin needs (BulletinData): the metrics of
 * its period, the series behind its charts, the rates used and the publication rate.
 * Small results leave DuckDB here; the report builders downstream are pure. Every sum is read
 * from the run's day rollups (line_days, ship_days; see metrics.ts), not from the lines.
 */
import { Decimal } from 'decimal.js';
import { buildRollups, type ServiceMetrics, type Period } from './metrics.js';
import type { RatePolicy } from './normalize.js';
import type { Reference } from '../sources/reference.js';
import type { ChartData } from '../reports/model.js';
import type { Warehouse } from './warehouse.js';
import { transitStats } from './transit.js';

export type { BulletinService, BulletinData } from '../reports/data.js';
import type { BulletinData, BulletinService, Publisher } from '../reports/data.js';

const num = (s: string | null | undefined): number => (s == null ? 0 : Number(s));

/** Reads the series for the charts of a bulletin on `period`: as numbers for plotting, and exact. */
async function chartSeries(
  wh: Warehouse,
  period: Period,
  services: BulletinService[],
  ref: Reference,
  allMetrics: ServiceMetrics[],
): Promise<{ charts: ChartData; series: BulletinData['series'] }> {
  const ids = services.map((s) => s.info.id);
  const inList = ids.map((id) => `'${id.replace(/'/g, "''")}'`).join(', ') || "''";
  const between = `departure_date BETWEEN CAST('${period.start}' AS DATE) AND CAST('${period.end}' AS DATE)`;
  const monthly = await wh.all<{ service: string; year: number; month: number; v: string }>(
    `SELECT service, year(departure_date)::INTEGER AS year, month(departure_date)::INTEGER AS month, CAST(sum(cny) AS VARCHAR) AS v
     FROM line_days WHERE service IN (${inList}) AND ((${between}) OR departure_date BETWEEN CAST('${period.priorStart}' AS DATE) AND CAST('${period.priorEnd}' AS DATE))
     GROUP BY ALL ORDER BY ALL`,
  );
  const cumulative = await wh.all<{ service: string; date: string; v: string }>(
    // A month's point is dated at its end, or at the period end (the as-of date) inside it: nothing after as-of.
    `SELECT service, CAST(least(last_day(m), CAST('${period.end}' AS DATE)) AS VARCHAR) AS date,
            CAST(sum(v) OVER (PARTITION BY service ORDER BY m) AS VARCHAR) AS v
     FROM (SELECT service, date_trunc('month', departure_date) AS m, sum(cny) AS v FROM line_days
           WHERE service IN (${inList}) AND departure_date <= CAST('${period.end}' AS DATE) GROUP BY ALL)
     ORDER BY service, date`,
  );
  const cargo = await wh.all<{ service: string; category: string; category_zh: string; v: string }>(
    `SELECT service, category, any_value(category_zh) AS category_zh, CAST(sum(cny) AS VARCHAR) AS v
     FROM line_days WHERE service IN (${inList}) AND ${between} GROUP BY service, category ORDER BY service, sum(cny) DESC, category`,
  );
  const volume = await wh.all<{ service: string; month: string; teu: string; trains: number }>(
    `SELECT s.service, s.month, s.teu, coalesce(t.trains, 0)::INTEGER AS trains FROM
       (SELECT service, strftime(departure_date, '%Y-%m') AS month, CAST(sum(teu) AS VARCHAR) AS teu
        FROM ship_days WHERE service IN (${inList}) AND ${between} GROUP BY ALL) s
       LEFT JOIN (SELECT service, strftime(departure_date, '%Y-%m') AS month, count(*) AS trains
        FROM train_days WHERE service IN (${inList}) AND ${between} GROUP BY ALL) t USING (service, month)
     ORDER BY s.service, s.month`,
  );
  const stationById = new Map(ref.stations.map((s) => [s.id, s]));
  const years = [...new Set(allMetrics.filter((m) => m.period.year <= period.year).map((m) => m.period.year))].sort();
  const annual = allMetrics
    .filter((m) => ids.includes(m.service) && years.includes(m.period.year) && m.period.year <= period.year)
    .filter((m) => num(m.valueCny) > 0 || m.period.year === period.year);
  const series: BulletinData['series'] = {
    annual: annual.map((m) => ({ service: m.service, year: m.period.year, label: m.period.label, valueCny: m.valueCny, yoyPct: m.yoyPct })),
    monthly: monthly.map((r) => ({ service: r.service, year: r.year, month: r.month, valueCny: r.v })),
    cumulative: cumulative.map((r) => ({ service: r.service, date: r.date, valueCny: r.v })),
  };
  const charts: ChartData = {
    year: period.year,
    kind: period.kind,
    periodEnd: period.end,
    services: services.map((s) => s.info),
    annual: annual.map((m) => ({ service: m.service, year: m.period.year, valueCny: m.valueCny, yoyPct: m.yoyPct, partial: m.period.kind === 'ytd' })),
    monthly: monthly.map((r) => ({ service: r.service, year: r.year, month: r.month, valueCny: r.v })),
    cumulative: cumulative.map((r) => ({ service: r.service, date: r.date, cumulativeCny: r.v })),
    direction: services.flatMap((s) => [
      { service: s.info.id, direction: 'outbound' as const, valueCny: s.metrics.outboundCny },
      { service: s.info.id, direction: 'inbound' as const, valueCny: s.metrics.inboundCny },
    ]),
    cargo: cargo.map((r) => ({ service: r.service, category: r.category, categoryZh: r.category_zh, valueCny: r.v })),
    volume: volume.map((r) => ({ service: r.service, month: r.month, teu: r.teu, trains: r.trains })),
    routes: services.map((s) => ({
      service: s.info.id,
      stations: s.info.routeStations.map((id) => stationById.get(id)).filter((x): x is NonNullable<typeof x> => Boolean(x)),
      branches: (s.info.routeBranches ?? [])
        .map((b) => b.map((id) => stationById.get(id)).filter((x): x is NonNullable<typeof x> => Boolean(x)))
        .filter((b) => b.length > 1),
    })),
  };
  return { charts, series };
}

/**
 * Whether the data cover a service from its launch (reference `launched`): a launch given to the
 * month (`2013-11`) is covered by data starting in that month; a launch given to the day by data
 * starting on or before it.
 * @example dataCoversLaunch('2024-10-15', '2024-11-02') // false
 */
export function dataCoversLaunch(launched: string, dataStart: string): boolean {
  if (/^\d{4}-\d{2}$/.test(launched)) return dataStart.slice(0, 7) <= launched;
  return dataStart <= launched;
}

/**
 * Quarantined rows that belong to the bulletin's period: shipments by their departure date,
 * value lines by their shipment's departure date, fx rows by their date. A row whose date
 * cannot be read (or whose shipment is unknown) belongs to no period and is not counted here.
 */
async function quarantinedInPeriod(wh: Warehouse, period: Period): Promise<{ rows: number; files: number }> {
  const day = (col: string) => `try_cast(replace(trim(${col}), '/', '-') AS DATE)`;
  const [q] = await wh.all<{ rows: number; files: number }>(
    `WITH q AS (SELECT DISTINCT kind, file_id, line FROM issues),
     qv AS (SELECT q.file_id, q.line, trim(rv.shipment_id) AS shipment_id FROM q JOIN raw_values rv USING (file_id, line) WHERE q.kind = 'values'),
     -- Only the shipments that quarantined value lines name (a small set), not every raw shipment.
     ships AS (SELECT trim(shipment_id) AS shipment_id, min(${day('departure_date')}) AS d FROM raw_shipments
               WHERE trim(shipment_id) IN (SELECT shipment_id FROM qv) GROUP BY ALL),
     dated AS (
       SELECT q.file_id, q.line, ${day('rs.departure_date')} AS d FROM q JOIN raw_shipments rs USING (file_id, line) WHERE q.kind = 'shipments'
       UNION ALL
       SELECT qv.file_id, qv.line, s.d FROM qv LEFT JOIN ships s USING (shipment_id)
       UNION ALL
       SELECT q.file_id, q.line, ${day('rf.date')} AS d FROM q JOIN raw_fx rf USING (file_id, line) WHERE q.kind = 'fx')
     SELECT count(DISTINCT (file_id, line))::INTEGER AS rows, count(DISTINCT file_id)::INTEGER AS files FROM dated
     WHERE d BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)`,
    [period.start, period.end],
  );
  return q ?? { rows: 0, files: 0 };
}

/** Enough digits for a mean to 18 places of a sum of rates of up to 20 integer digits. */
const Exact = Decimal.clone({ precision: 60 });

/**
 * The yearly (and, under `monthly-average`, monthly) means of the daily CNY-per-USD rates up to
 * `through`: the same rows (fx_edges USD→CNY: the day's USD→CNY row, else its CNY→USD row
 * inverted) and the same mean, to 18 places half up, that the averaging policies convert at;
 * `rate` is that mean rounded half up to 4 decimals as the Federal Reserve publishes G.5A.
 */
export async function usdAverages(wh: Warehouse, policy: RatePolicy, through: string): Promise<{
  annualAverages: BulletinData['annualAverages'];
  monthlyAverages: BulletinData['monthlyAverages'];
}> {
  const rows = await wh.all<{ year: number; month: number; total: string; days: number }>(
    `SELECT year(date)::INTEGER AS year, month(date)::INTEGER AS month, CAST(sum(factor) AS VARCHAR) AS total, count(*)::INTEGER AS days
     FROM fx_edges WHERE frm = 'USD' AND tgt = 'CNY' AND date <= CAST(? AS DATE) GROUP BY ALL ORDER BY year, month`,
    [through],
  );
  const mean = (total: Decimal.Value, days: number) => {
    const m = new Exact(total).div(days);
    return { days, rate: m.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4), mean: m.toDecimalPlaces(18, Decimal.ROUND_HALF_UP).toFixed(18) };
  };
  const years = [...new Set(rows.map((r) => r.year))];
  const annualAverages = years.map((year) => {
    const ys = rows.filter((r) => r.year === year);
    return { year, ...mean(ys.reduce((a, r) => a.plus(r.total), new Exact(0)), ys.reduce((a, r) => a + r.days, 0)) };
  });
  const monthlyAverages = policy === 'monthly-average'
    ? rows.filter((r) => r.year === Number(through.slice(0, 4)))
        .map((r) => ({ month: `${r.year}-${String(r.month).padStart(2, '0')}`, ...mean(r.total, r.days) }))
    : undefined;
  return { annualAverages, monthlyAverages };
}

/** Cumulative CNY value of a service up to and including `date`. */
async function cumulativeAt(wh: Warehouse, service: string, date: string): Promise<string> {
  const [r] = await wh.all<{ v: string | null }>(
    `SELECT CAST(sum(cny) AS VARCHAR) AS v FROM line_days WHERE service = ? AND departure_date <= CAST(? AS DATE)`,
    [service, date],
  );
  return r?.v ?? '0';
}

/**
 * Assembles the data of one bulletin.
 * @example const data = await bulletinData(wh, { period, asOf, ref, metrics, publication, policy: 'daily', maxRateAgeDays: 7 });
 */
export async function bulletinData(
  wh: Warehouse,
  args: {
    period: Period;
    asOf: string;
    ref: Reference;
    metrics: ServiceMetrics[];
    publication: { rate: string; date: string; source: string };
    policy: RatePolicy;
    maxRateAgeDays: number;
    dataStarts: Map<string, string>;
    /** The issuing body (from the configuration's `publisher`). */
    publisher?: Publisher;
  },
): Promise<BulletinData> {
  const { period, ref } = args;
  // The day rollups of this run (built by computeMetrics; built here when called on its own).
  const rollups = await wh.all(`SELECT 1 FROM duckdb_tables() WHERE temporary AND table_name IN ('line_days', 'ship_days')`);
  if (rollups.length < 2) await buildRollups(wh);
  const services: BulletinService[] = [];
  for (const info of ref.services) {
    const metrics = args.metrics.find((m) => m.service === info.id && m.period.label === period.label);
    const dataStart = args.dataStarts.get(info.id) ?? null;
    if (!metrics || !dataStart || dataStart > period.end) continue;
    const coversLaunch = dataCoversLaunch(info.launched, dataStart);
    const milestones: BulletinService['milestones'] = [];
    // period.end is at most the as-of date: a first return after it is not mentioned.
    if (info.firstReturn && info.firstReturn <= period.end && info.firstReturn <= args.asOf && info.firstReturn >= dataStart) {
      milestones.push({ date: info.firstReturn, kind: 'first-return', cumulativeCny: await cumulativeAt(wh, info.id, info.firstReturn) });
    }
    services.push({ info, metrics, dataStart, coversLaunch, milestones });
  }
  const { annualAverages, monthlyAverages } = await usdAverages(wh, args.policy, args.asOf < period.end ? args.asOf : period.end);
  const rateUse = await wh.all<{ method: string; source: string; lines: number }>(
    `SELECT rate_method_cny AS method, coalesce(rate_source_cny, '—') AS source, sum(lines)::INTEGER AS lines FROM line_days
     WHERE departure_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) GROUP BY ALL ORDER BY sum(lines) DESC`,
    [period.start, period.end],
  );
  const q = await quarantinedInPeriod(wh, period);
  const cargo = await wh.all<{ service: string; category: string; categoryZh: string; valueCny: string }>(
    `SELECT service, category, any_value(category_zh) AS categoryZh, CAST(sum(cny) AS VARCHAR) AS valueCny
     FROM line_days WHERE departure_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
     GROUP BY service, category ORDER BY service, sum(cny) DESC, category`,
    [period.start, period.end],
  );
  const { charts, series } = await chartSeries(wh, period, services, ref, args.metrics);
  // The charts' footnote names the publisher, never the software.
  const pub = args.publisher;
  charts.sourceLine = {
    en: `Source: ${pub?.name ? `${pub.name}, from ` : ''}freight declarations of the services`,
    zh: `资料来源：${pub?.name ? `${pub.name_zh || pub.name}，依据` : ''}班列货物申报数据`,
  };
  const transit = await transitStats(wh, period);
  return {
    kind: period.kind, year: period.year, asOf: args.asOf, period, policy: args.policy, maxRateAgeDays: args.maxRateAgeDays,
    services, publication: args.publication, annualAverages, ...(monthlyAverages ? { monthlyAverages } : {}), rateUse, quarantined: q, cargo, series,
    transit, emissions: ref.emissions, charts, ...(args.publisher ? { publisher: args.publisher } : {}),
  };
}

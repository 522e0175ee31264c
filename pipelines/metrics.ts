/**
 * Stage 4, metrics: figures per service and period, from normalized_lines and shipments.
 *
 * Periods: every complete calendar year up to the as-of date (`annual`) and, when the as-of
 * year is still running, 1 January to the as-of date (`ytd`). Each is compared with the same
 * span one year earlier. Year-on-year growth is (V / V_prior − 1) × 100, unrounded (40 significant
 * digits); it is null ("n.m.") when the service was not running in the prior span or its prior
 * value is zero. Cumulative value runs from the service's first departure to the period end.
 *
 * Contract of the metrics table: (service, period, metric, unit, basis) unique; value is an
 * exact decimal string or null with status 'n.m.'.
 */
import { Decimal } from 'decimal.js';
import { oneYearEarlier, yearOf } from '../lib/dates.js';
import type { Warehouse } from './warehouse.js';

export type { Period, YoyStatus, ServiceMetrics } from '../reports/data.js';
import type { Period, YoyStatus, ServiceMetrics } from '../reports/data.js';
import { yearPeriod } from '../reports/status.js';

/**
 * The periods reported at `asOf`: complete years from `firstYear`, and the running year to date.
 * @example periodsAt('2026-06-30', 2025).map((p) => p.label) // ['2025', '2026-01-01..2026-06-30']
 */
export function periodsAt(asOf: string, firstYear: number): Period[] {
  const out: Period[] = [];
  const asOfYear = yearOf(asOf);
  const lastComplete = asOf.endsWith('-12-31') ? asOfYear : asOfYear - 1;
  for (let y = firstYear; y <= lastComplete; y++) {
    out.push({ kind: 'annual', year: y, start: `${y}-01-01`, end: `${y}-12-31`, priorStart: `${y - 1}-01-01`, priorEnd: `${y - 1}-12-31`, label: yearPeriod(y) });
  }
  if (lastComplete < asOfYear) {
    const start = `${asOfYear}-01-01`;
    out.push({ kind: 'ytd', year: asOfYear, start, end: asOf, priorStart: oneYearEarlier(start), priorEnd: oneYearEarlier(asOf), label: yearPeriod(asOfYear, asOf) });
  }
  return out;
}

/** Growth arithmetic: 40 significant digits, so the only rounding of a growth rate is the printed one. */
const Growth = Decimal.clone({ precision: 40 });

/**
 * `(value / prior − 1) × 100` at 40 significant digits, in plain notation: never rounded to a
 * fixed number of places (a growth of 1.14999999999994 % must print 1.1, not 1.2 after a
 * rounding to 10 places). The printed text rounds it once.
 * @example growthPct('101.15', '100') // '1.15'
 */
export function growthPct(value: string, prior: string): string {
  return new Growth(value).div(prior).minus(1).times(100).toFixed();
}

/** Year-on-year growth in percent (unrounded, see growthPct), with its status, given when the service started. */
export function yoy(value: string, prior: string, firstDeparture: string | null, period: Period): { pct: string | null; status: YoyStatus } {
  if (!firstDeparture || firstDeparture > period.priorEnd) return { pct: null, status: 'not-running' };
  if (new Decimal(prior).isZero()) return { pct: null, status: 'zero-prior' };
  return { pct: growthPct(value, prior), status: firstDeparture > period.priorStart ? 'started-in-prior' : 'ok' };
}

interface Totals {
  service: string;
  cny: string;
  usd: string;
  outbound: string;
  inbound: string;
}

/**
 * The day rollups every figure of a run is summed from (temp tables, rebuilt per run): value lines
 * by service, day, direction, cargo category and CNY rate method and source (line_days), and
 * shipments by service, day and train (ship_days). Their sizes follow days × categories × trains,
 * not the number of lines, so each period's figures cost a scan of a small table; the sums are
 * exact (DECIMAL sums of DECIMAL sums) and print the same as sums over the lines.
 * @example await buildRollups(wh); // then lineTotals / volumes / bulletinData
 */
export async function buildRollups(wh: Warehouse): Promise<void> {
  await wh.run(`
    CREATE OR REPLACE TEMP TABLE line_days AS
    SELECT service, departure_date, direction, category, category_zh, rate_method_cny, rate_source_cny,
           sum(amount_cny) AS cny, sum(amount_usd) AS usd, count(*) AS lines
    FROM normalized_lines GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE ship_days AS
    SELECT service, departure_date, train_id, count(*) AS shipments, sum(teu) AS teu FROM shipments GROUP BY ALL;
    -- A train counts once, in the period of its first departure (containers loaded along the
    -- route may depart days later, even in the next month or year).
    CREATE OR REPLACE TEMP TABLE train_days AS
    SELECT service, train_id, min(departure_date) AS departure_date FROM ship_days GROUP BY ALL;
  `);
}

async function lineTotals(wh: Warehouse, start: string, end: string): Promise<Map<string, Totals>> {
  const rows = await wh.all<Totals>(
    `SELECT service, CAST(sum(cny) AS VARCHAR) AS cny, CAST(sum(usd) AS VARCHAR) AS usd,
            CAST(coalesce(sum(cny) FILTER (WHERE direction = 'outbound'), 0) AS VARCHAR) AS outbound,
            CAST(coalesce(sum(cny) FILTER (WHERE direction = 'inbound'), 0) AS VARCHAR) AS inbound
     FROM line_days WHERE departure_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) GROUP BY service`,
    [start, end],
  );
  return new Map(rows.map((r) => [r.service, r]));
}

interface Volume {
  service: string;
  shipments: number;
  teu: string;
  trains: number;
}

async function volumes(wh: Warehouse, start: string, end: string): Promise<Map<string, Volume>> {
  const rows = await wh.all<Volume>(
    `SELECT s.service, s.shipments, s.teu, coalesce(t.trains, 0)::INTEGER AS trains FROM
       (SELECT service, sum(shipments)::INTEGER AS shipments, CAST(sum(teu) AS VARCHAR) AS teu FROM ship_days
        WHERE departure_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) GROUP BY service) s
       LEFT JOIN (SELECT service, count(*) AS trains FROM train_days
        WHERE departure_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) GROUP BY service) t USING (service)`,
    [start, end, start, end],
  );
  return new Map(rows.map((r) => [r.service, r]));
}

/** First departure per service among loaded shipments up to `asOf`. */
export async function firstDepartures(wh: Warehouse, asOf: string): Promise<Map<string, string>> {
  const rows = await wh.all<{ service: string; first: string }>(
    `SELECT service, CAST(min(departure_date) AS VARCHAR) AS first FROM shipments WHERE departure_date <= CAST(? AS DATE) GROUP BY service`,
    [asOf],
  );
  return new Map(rows.map((r) => [r.service, r.first]));
}

const zero = (s: string | undefined): string => s ?? '0';

/**
 * When a service started running: its launch date from the reference (`2013-11` counts from
 * the 1st of the month) or its first departure in the data, whichever is earlier.
 * @example serviceStart('2013-11', '2023-01-03') // '2013-11-01'
 */
export function serviceStart(launched: string, firstDeparture: string | null): string | null {
  const ref = /^\d{4}-\d{2}$/.test(launched) ? `${launched}-01` : /^\d{4}-\d{2}-\d{2}$/.test(launched) ? launched : null;
  if (ref && firstDeparture) return ref < firstDeparture ? ref : firstDeparture;
  return ref ?? firstDeparture;
}

/**
 * Computes the figures of every service in every period and stores them in `metrics`.
 * @example const m = await computeMetrics(wh, ['changan-xian-almaty'], periodsAt('2026-06-30', 2023), '2026-06-30');
 */
export async function computeMetrics(
  wh: Warehouse,
  services: { id: string; launched: string }[],
  periods: Period[],
  asOf: string,
): Promise<ServiceMetrics[]> {
  const firsts = await firstDepartures(wh, asOf);
  await buildRollups(wh);
  const out: ServiceMetrics[] = [];
  for (const period of periods) {
    // One connection: queries run one after another.
    const cur = await lineTotals(wh, period.start, period.end);
    const prior = await lineTotals(wh, period.priorStart, period.priorEnd);
    const cum = await lineTotals(wh, '0001-01-01', period.end);
    const vol = await volumes(wh, period.start, period.end);
    const pvol = await volumes(wh, period.priorStart, period.priorEnd);
    for (const { id: service, launched } of services) {
      const first = firsts.get(service) ?? null;
      const c = cur.get(service);
      const p = prior.get(service);
      const g = yoy(zero(c?.cny), zero(p?.cny), serviceStart(launched, first), period);
      out.push({
        service, period, firstDeparture: first,
        valueCny: zero(c?.cny), valueUsd: zero(c?.usd), priorCny: zero(p?.cny), priorUsd: zero(p?.usd),
        yoyPct: g.pct, yoyStatus: g.status,
        yoyUsdPct: g.pct === null ? null : yoy(zero(c?.usd), zero(p?.usd), serviceStart(launched, first), period).pct,
        cumulativeCny: zero(cum.get(service)?.cny), cumulativeUsd: zero(cum.get(service)?.usd),
        outboundCny: zero(c?.outbound), inboundCny: zero(c?.inbound),
        shipments: vol.get(service)?.shipments ?? 0, priorShipments: pvol.get(service)?.shipments ?? 0,
        teu: zero(vol.get(service)?.teu), priorTeu: zero(pvol.get(service)?.teu),
        trains: vol.get(service)?.trains ?? 0, priorTrains: pvol.get(service)?.trains ?? 0,
      });
    }
  }
  await storeMetrics(wh, out);
  return out;
}

async function storeMetrics(wh: Warehouse, metrics: ServiceMetrics[]): Promise<void> {
  await wh.run(`CREATE OR REPLACE TABLE metrics (service VARCHAR, period VARCHAR, period_kind VARCHAR, period_start DATE,
    period_end DATE, metric VARCHAR, unit VARCHAR, basis VARCHAR, value VARCHAR, status VARCHAR)`);
  const app = await wh.conn.createAppender('metrics');
  const add = (m: ServiceMetrics, metric: string, unit: string, basis: string, value: string | null, status = 'ok') => {
    for (const v of [m.service, m.period.label, m.period.kind]) app.appendVarchar(v);
    app.appendVarchar(m.period.start);
    app.appendVarchar(m.period.end);
    for (const v of [metric, unit, basis]) app.appendVarchar(v);
    if (value === null) app.appendNull();
    else app.appendVarchar(value);
    app.appendVarchar(status);
    app.endRow();
  };
  for (const m of metrics) {
    add(m, 'trade_value', 'CNY', 'sum of lines', m.valueCny);
    add(m, 'trade_value', 'USD', 'sum of lines at transaction-date rates', m.valueUsd);
    add(m, 'trade_value_prior', 'CNY', `same span one year earlier (${m.period.priorStart}..${m.period.priorEnd})`, m.priorCny);
    add(m, 'trade_value_yoy_pct', 'percent', 'CNY values', m.yoyPct, m.yoyPct === null ? 'n.m.' : m.yoyStatus);
    add(m, 'trade_value_usd_yoy_pct', 'percent', 'USD values at transaction-date rates', m.yoyUsdPct ?? null, m.yoyUsdPct == null ? 'n.m.' : m.yoyStatus);
    add(m, 'cumulative_value', 'CNY', `since first departure ${m.firstDeparture ?? 'n/a'}`, m.cumulativeCny);
    add(m, 'cumulative_value', 'USD', `since first departure ${m.firstDeparture ?? 'n/a'}`, m.cumulativeUsd);
    add(m, 'trade_value_outbound', 'CNY', 'sum of lines', m.outboundCny);
    add(m, 'trade_value_inbound', 'CNY', 'sum of lines', m.inboundCny);
    add(m, 'teu', 'TEU', 'sum of shipments', m.teu);
    add(m, 'trains', 'count', 'distinct train_id', String(m.trains));
    add(m, 'shipments', 'count', 'rows', String(m.shipments));
  }
  app.closeSync();
}


/**
 * Stage 3, normalize: value lines → CNY and USD, with the rate, its date, method and source
 * kept beside the original amount and currency (the one place where conversion happens).
 *
 * Rates (data contract, "Conversion"):
 * 1. Every fx row gives two directed edges on its date: base→quote (rate) and quote→base (1/rate).
 *    Where several sources give the same edge on a date, a direct row beats an inverted one,
 *    then the source earlier in `sourcePriority`, then the source name.
 * 2. A currency's factor to CNY or USD on a date: 1 for the currency itself; else the direct or
 *    inverted edge; else a cross through USD, EUR or CNY (in that order) on the same date.
 * 3. A line takes the factor of its shipment's departure date or, when that day has none, of
 *    the latest earlier date within 7 days (policy `daily`), or the mean of the daily factors
 *    of the departure month or year (policies `monthly-average`, `annual-average`).
 * 4. amount = round(value × factor, 4 decimals). A line with no factor is quarantined
 *    with reason `no exchange rate`.
 */
import { rowReason } from '../lib/messages.js';
import { sqlString, type Warehouse } from './warehouse.js';

/** How lines are converted. */
export type RatePolicy = 'daily' | 'monthly-average' | 'annual-average';

/** Options of the normalize stage. */
export interface NormalizeOptions {
  policy: RatePolicy;
  /** Source names in order of preference, for days where several sources give a rate. */
  sourcePriority: string[];
  /** Days back a rate may be taken from (7 in the contract). */
  maxRateAgeDays: number;
}

export const defaultNormalizeOptions: NormalizeOptions = { policy: 'daily', sourcePriority: [], maxRateAgeDays: 7 };

/** Builds fx_edges and fx_factors (currency, target, date → factor) from fx_rates. */
async function buildFactors(wh: Warehouse, options: NormalizeOptions): Promise<void> {
  const priority = options.sourcePriority.length
    ? `coalesce(list_position([${options.sourcePriority.map(sqlString).join(', ')}], source), 1000)`
    : '1000';
  await wh.run(`
    CREATE OR REPLACE TEMP TABLE fx_edges AS
    SELECT date, frm, tgt, factor, method, source FROM (
      SELECT *, row_number() OVER (PARTITION BY date, frm, tgt ORDER BY method_rank, ${priority}, source) AS rk FROM (
        SELECT date, base AS frm, quote AS tgt, rate AS factor, 'direct' AS method, 0 AS method_rank, source FROM fx_rates
        UNION ALL
        SELECT date, quote, base, CAST(1 / rate::DOUBLE AS DECIMAL(38, 18)), 'inverse', 1, source FROM fx_rates))
    WHERE rk = 1;

    CREATE OR REPLACE TABLE fx_factors AS
    WITH targets AS (SELECT unnest(['CNY', 'USD']) AS tgt),
    candidates AS (
      SELECT date, frm AS currency, tgt, factor, method, source, 0 AS rank FROM fx_edges WHERE tgt IN ('CNY', 'USD')
      UNION ALL
      SELECT a.date, a.frm, b.tgt, CAST(a.factor::DOUBLE * b.factor::DOUBLE AS DECIMAL(38, 18)),
             'cross via ' || a.tgt, a.source || ' / ' || b.source,
             CASE a.tgt WHEN 'USD' THEN 1 WHEN 'EUR' THEN 2 ELSE 3 END
      FROM fx_edges a JOIN fx_edges b ON a.date = b.date AND a.tgt = b.frm
      WHERE b.tgt IN ('CNY', 'USD') AND a.frm <> b.tgt AND a.tgt IN ('USD', 'EUR', 'CNY'))
    SELECT date, currency, tgt, factor, method, source FROM (
      SELECT *, row_number() OVER (PARTITION BY date, currency, tgt ORDER BY rank, source) AS rk FROM candidates)
    WHERE rk = 1;
  `);
}

/** SQL giving, per value line and target, the factor chosen under the policy. */
function factorJoin(target: 'CNY' | 'USD', options: NormalizeOptions): string {
  const t = sqlString(target);
  if (options.policy === 'daily') {
    return `
      SELECT l.line_key, f.factor, f.date AS rate_date, f.method, f.source
      FROM lines l ASOF JOIN (SELECT * FROM fx_factors WHERE tgt = ${t}) f
        ON f.currency = l.currency AND l.departure_date >= f.date
      WHERE l.departure_date - f.date <= ${options.maxRateAgeDays}`;
  }
  const unit = options.policy === 'monthly-average' ? 'month' : 'year';
  return `
    SELECT l.line_key, a.factor, a.period AS rate_date, '${options.policy} of ' || a.days || ' daily rates' AS method, a.source
    FROM lines l JOIN (
      SELECT currency, date_trunc('${unit}', date) AS period, CAST(avg(factor::DOUBLE) AS DECIMAL(38, 18)) AS factor,
             count(*) AS days, string_agg(DISTINCT source, ', ' ORDER BY source) AS source
      FROM fx_factors WHERE tgt = ${t} GROUP BY ALL) a
      ON a.currency = l.currency AND a.period = date_trunc('${unit}', l.departure_date)`;
}

/**
 * Rebuilds normalized_lines from value_lines, shipments and fx_rates; adds `no exchange rate`
 * issues for lines that cannot be converted.
 * @example await normalize(wh, defaultNormalizeOptions);
 */
export async function normalize(wh: Warehouse, options: NormalizeOptions = defaultNormalizeOptions): Promise<void> {
  await buildFactors(wh, options);
  await wh.run(`
    CREATE OR REPLACE TEMP TABLE lines AS
    SELECT row_number() OVER () AS line_key, v.*, s.service, s.departure_date, s.direction, s.train_id,
           s.origin_country, s.destination_country
    FROM value_lines v JOIN shipments s USING (shipment_id);

    CREATE OR REPLACE TEMP TABLE f_cny AS ${factorJoin('CNY', options)};
    CREATE OR REPLACE TEMP TABLE f_usd AS ${factorJoin('USD', options)};

    INSERT INTO issues SELECT 'values', l.file_id, l.line, 'currency', l.currency, 'noRate', ${sqlString(rowReason.noRate)},
      'no ' || CASE WHEN l.currency <> 'CNY' AND c.line_key IS NULL THEN 'CNY' ELSE 'USD' END || ' rate for ' || l.currency || ' on ' || l.departure_date
        || ${sqlString(options.policy === 'daily' ? ` or the ${options.maxRateAgeDays} days before` : ` (${options.policy})`)}
    FROM lines l
      LEFT JOIN f_cny c ON c.line_key = l.line_key
      LEFT JOIN f_usd u ON u.line_key = l.line_key
    WHERE (l.currency <> 'CNY' AND c.line_key IS NULL) OR (l.currency <> 'USD' AND u.line_key IS NULL);

    CREATE OR REPLACE TABLE normalized_lines AS
    SELECT l.line_id, l.file_id, l.line, l.shipment_id, l.train_id, l.service, l.departure_date, l.direction,
           l.origin_country, l.destination_country, l.hs_code, coalesce(h.category, 'Unclassified') AS category,
           coalesce(h.category_zh, '未分类') AS category_zh, l.description,
           l.value, l.currency,
           CASE WHEN l.currency = 'CNY' THEN 1 ELSE c.factor END AS factor_cny,
           CASE WHEN l.currency = 'CNY' THEN NULL ELSE c.rate_date END AS rate_date_cny,
           CASE WHEN l.currency = 'CNY' THEN 'identity' ELSE c.method END AS rate_method_cny,
           CASE WHEN l.currency = 'CNY' THEN NULL ELSE c.source END AS rate_source_cny,
           CASE WHEN l.currency = 'USD' THEN 1 ELSE u.factor END AS factor_usd,
           CASE WHEN l.currency = 'USD' THEN NULL ELSE u.rate_date END AS rate_date_usd,
           CASE WHEN l.currency = 'USD' THEN 'identity' ELSE u.method END AS rate_method_usd,
           CASE WHEN l.currency = 'USD' THEN NULL ELSE u.source END AS rate_source_usd,
           CAST(l.value * CAST(CASE WHEN l.currency = 'CNY' THEN 1 ELSE c.factor END AS DECIMAL(38, 18)) AS DECIMAL(38, 4)) AS amount_cny,
           CAST(l.value * CAST(CASE WHEN l.currency = 'USD' THEN 1 ELSE u.factor END AS DECIMAL(38, 18)) AS DECIMAL(38, 4)) AS amount_usd
    FROM lines l
      LEFT JOIN f_cny c ON c.line_key = l.line_key
      LEFT JOIN f_usd u ON u.line_key = l.line_key
      LEFT JOIN ref_hs h ON h.chapter = substr(l.hs_code, 1, 2)
    WHERE (l.currency = 'CNY' OR c.line_key IS NOT NULL) AND (l.currency = 'USD' OR u.line_key IS NOT NULL);
  `);
}

/**
 * The CNY-per-USD publication rate on `date` (or the latest earlier day within the window),
 * as an exact decimal string with its date and source; null when there is none.
 */
export async function publicationRate(
  wh: Warehouse,
  date: string,
  maxAgeDays = 7,
): Promise<{ rate: string; date: string; source: string; method: string } | null> {
  const rows = await wh.all<{ rate: string; date: string; source: string; method: string }>(
    `SELECT CAST(factor AS VARCHAR) AS rate, CAST(date AS VARCHAR) AS date, source, method FROM fx_factors
     WHERE currency = 'USD' AND tgt = 'CNY' AND date <= CAST(? AS DATE) AND date >= CAST(? AS DATE) - ${maxAgeDays}
     ORDER BY date DESC LIMIT 1`,
    [date, date],
  );
  return rows[0] ?? null;
}

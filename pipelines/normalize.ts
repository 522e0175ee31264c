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

export type { RatePolicy } from '../reports/data.js';
import type { RatePolicy } from '../reports/data.js';

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
    -- One row per day and currency pair (in either direction): the preferred source wins, and both
    -- directions come from that one row, so a day's USD→CNY and CNY→USD never disagree.
    CREATE OR REPLACE TEMP TABLE fx_pick AS
    SELECT date, base, quote, rate, source FROM (
      SELECT *, row_number() OVER (PARTITION BY date, least(base, quote), greatest(base, quote)
                                   ORDER BY ${priority}, source, file_name, line) AS rk FROM fx_rates)
    WHERE rk = 1;
    CREATE OR REPLACE TEMP TABLE fx_edges AS
    SELECT date, base AS frm, quote AS tgt, rate AS factor, 'direct' AS method, source FROM fx_pick
    UNION ALL
    SELECT date, quote, base, CAST(1 / rate::DOUBLE AS DECIMAL(38, 18)), 'inverse', source FROM fx_pick;

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
    -- No currency is worth more than 10^5 or less than 10^-9 yuan or dollars: such a factor comes from
    -- an fx row in the wrong direction. Dropped, the lines it would convert are quarantined
    -- (no exchange rate) instead of overflowing the amount or printing nonsense.
    WHERE rk = 1 AND factor BETWEEN 0.000000001 AND 100000;
  `);
}

/**
 * Builds fx_use: per currency, target and key date, the factor a line of that date takes under the
 * policy, with its rate date, method and source, and the factor as a double (for the estimate
 * in `amountSql`). Under `daily` the key is every calendar day a rate covers: its own date up to
 * the day before the next rate, at most `maxRateAgeDays` later (the same answer as an ASOF join
 * with the age limit, as a plain equi-join that stays fast inside the run transaction).
 */
async function buildUse(wh: Warehouse, options: NormalizeOptions): Promise<void> {
  if (options.policy === 'daily') {
    const span = options.maxRateAgeDays + 1;
    await wh.run(`
      CREATE OR REPLACE TABLE fx_use AS
      SELECT currency, tgt, CAST(date + k::INTEGER AS DATE) AS key_date, factor, factor::DOUBLE AS factor_dbl,
             date AS rate_date, method, source
      FROM (SELECT *, lead(date) OVER (PARTITION BY currency, tgt ORDER BY date) AS next_date FROM fx_factors),
        LATERAL (SELECT unnest(range(0, least(coalesce(next_date - date, ${span}), ${span}))) AS k)`);
    return;
  }
  const unit = options.policy === 'monthly-average' ? 'month' : 'year';
  await wh.run(`
    CREATE OR REPLACE TABLE fx_use AS
    SELECT currency, tgt, period AS key_date, factor, factor::DOUBLE AS factor_dbl, period AS rate_date,
           '${options.policy} of ' || days || ' daily rates' AS method, source
    -- The mean of the rate as published (CNY per USD), inverted afterwards for the other direction:
    -- 1 / mean(r), never mean(1 / r), so that both directions agree with the printed average.
    FROM (SELECT currency, tgt, date_trunc('${unit}', date) AS period,
                 CAST(CASE WHEN bool_and(method = 'inverse') THEN 1 / avg(1 / factor::DOUBLE) ELSE avg(factor::DOUBLE) END AS DECIMAL(38, 18)) AS factor,
                 count(*) AS days, string_agg(DISTINCT source, ', ' ORDER BY source) AS source
          FROM fx_factors GROUP BY ALL)`);
}

/** The key date a line (departing on `date`) looks its rate up by. */
function lineKey(options: NormalizeOptions, date: string): string {
  if (options.policy === 'daily') return date;
  return `date_trunc('${options.policy === 'monthly-average' ? 'month' : 'year'}', ${date})`;
}

/**
 * amount = round(value × factor, 4), half away from zero: exactly what
 * CAST(value × factor AS DECIMAL(38, 4)) gives, without its cost. That cast divides a 128-bit
 * integer by 10^20, which DuckDB does bit by bit (≈ 1–2 µs a line). Here a double estimate `e`
 * is rounded to 4 places (a0) and corrected by one unit where the exact remainder p − a0 (128-bit
 * subtraction and comparison: fast) says so. The estimate is within 0.0001 of the exact product
 * when |e| < 1e10; larger amounts (rare) take the exact cast. Columns p_x, e_x, a0_x come from
 * the layers below (see normalize).
 */
function amountSql(x: 'cny' | 'usd'): string {
  const [p, e, a0] = [`p_${x}`, `e_${x}`, `a0_${x}`];
  return `CASE WHEN ${e} IS NOT NULL AND abs(${e}) < 1e10 THEN ${a0} + CASE
      WHEN ${p} - ${a0} > 0.00005 OR (${p} - ${a0} = 0.00005 AND ${p} > 0) THEN 0.0001::DECIMAL(38, 4)
      WHEN ${p} - ${a0} < -0.00005 OR (${p} - ${a0} = -0.00005 AND ${p} < 0) THEN -0.0001::DECIMAL(38, 4)
      ELSE 0::DECIMAL(38, 4) END
    ELSE CAST(${p} AS DECIMAL(38, 4)) END`;
}

/**
 * Rebuilds normalized_lines from value_lines, shipments and fx_rates; adds `no exchange rate`
 * issues for lines that cannot be converted.
 *
 * normalized_lines is a view: the per-line facts and amounts are stored in normalized_lines_core,
 * and the columns that follow from a small table (the rate used, its date, method and source
 * from fx_use by currency and date; the cargo category from hs_categories by HS chapter) are
 * joined in when read. Storing them on every line cost more than any query that reads them.
 * @example await normalize(wh, defaultNormalizeOptions);
 */
export async function normalize(wh: Warehouse, options: NormalizeOptions = defaultNormalizeOptions, mode: 'rebuild' | 'append' = 'rebuild'): Promise<void> {
  // `append`: the value lines of a delta (see validateValues) join the lines already converted;
  // the rates, their use table and the categories are those the current lines were built with.
  if (mode === 'rebuild') {
    await buildFactors(wh, options);
    await buildUse(wh, options);
  }
  const [current] = await wh.all<{ schema: string }>('SELECT current_schema() AS schema');
  const schema = current!.schema;
  const joins = `
    FROM value_lines v JOIN shipments s USING (shipment_id)
      LEFT JOIN fx_use c ON c.tgt = 'CNY' AND c.currency = v.currency AND c.key_date = ${lineKey(options, 's.departure_date')}
      LEFT JOIN fx_use u ON u.tgt = 'USD' AND u.currency = v.currency AND u.key_date = ${lineKey(options, 's.departure_date')}`;
  await wh.run(`
    INSERT INTO issues SELECT 'values', v.file_id, v.line, 'currency', v.currency, 'noRate', ${sqlString(rowReason.noRate)},
      'no ' || CASE WHEN v.currency <> 'CNY' AND c.factor IS NULL THEN 'CNY' ELSE 'USD' END || ' rate for ' || v.currency || ' on ' || s.departure_date
        || ${sqlString(options.policy === 'daily' ? ` or the ${options.maxRateAgeDays} days before` : ` (${options.policy})`)}
    ${joins}
    WHERE (v.currency <> 'CNY' AND c.factor IS NULL) OR (v.currency <> 'USD' AND u.factor IS NULL);

    ${mode === 'rebuild' ? 'CREATE OR REPLACE TABLE hs_categories AS SELECT chapter, category, category_zh FROM ref_hs;' : ''}

    ${mode === 'rebuild' ? 'CREATE OR REPLACE TABLE normalized_lines_core AS' : 'INSERT INTO normalized_lines_core'}
    SELECT line_id, file_id, line, shipment_id, train_id, service, departure_date, direction,
           origin_country, destination_country, hs_code, description, value, currency,
           ${amountSql('cny')} AS amount_cny,
           ${amountSql('usd')} AS amount_usd
    FROM (
      SELECT *, CAST(e_cny AS DECIMAL(38, 4)) AS a0_cny, CAST(e_usd AS DECIMAL(38, 4)) AS a0_usd
      FROM (
        SELECT *,
               value * CAST(factor_cny AS DECIMAL(38, 18)) AS p_cny, value * CAST(factor_usd AS DECIMAL(38, 18)) AS p_usd,
               TRY_CAST(value AS DECIMAL(18, 6))::DOUBLE * dbl_cny AS e_cny, TRY_CAST(value AS DECIMAL(18, 6))::DOUBLE * dbl_usd AS e_usd
        FROM (
          SELECT v.line_id, v.file_id, v.line, v.shipment_id, s.train_id, s.service, s.departure_date, s.direction,
                 s.origin_country, s.destination_country, v.hs_code, v.description, v.value, v.currency,
                 CASE WHEN v.currency = 'CNY' THEN 1 ELSE c.factor END AS factor_cny,
                 CASE WHEN v.currency = 'USD' THEN 1 ELSE u.factor END AS factor_usd,
                 CASE WHEN v.currency = 'CNY' THEN 1.0::DOUBLE ELSE c.factor_dbl END AS dbl_cny,
                 CASE WHEN v.currency = 'USD' THEN 1.0::DOUBLE ELSE u.factor_dbl END AS dbl_usd
          ${joins}
          WHERE (v.currency = 'CNY' OR c.factor IS NOT NULL) AND (v.currency = 'USD' OR u.factor IS NOT NULL))));
  `);
  if (mode === 'append') return;
  await wh.run(`
    CREATE OR REPLACE VIEW ${schema}.normalized_lines AS
    SELECT n.line_id, n.file_id, n.line, n.shipment_id, n.train_id, n.service, n.departure_date, n.direction,
           n.origin_country, n.destination_country, n.hs_code, coalesce(h.category, 'Unclassified') AS category,
           coalesce(h.category_zh, '未分类') AS category_zh, n.description, n.value, n.currency,
           CASE WHEN n.currency = 'CNY' THEN 1 ELSE c.factor END AS factor_cny,
           CASE WHEN n.currency = 'CNY' THEN NULL ELSE c.rate_date END AS rate_date_cny,
           CASE WHEN n.currency = 'CNY' THEN 'identity' ELSE c.method END AS rate_method_cny,
           CASE WHEN n.currency = 'CNY' THEN NULL ELSE c.source END AS rate_source_cny,
           CASE WHEN n.currency = 'USD' THEN 1 ELSE u.factor END AS factor_usd,
           CASE WHEN n.currency = 'USD' THEN NULL ELSE u.rate_date END AS rate_date_usd,
           CASE WHEN n.currency = 'USD' THEN 'identity' ELSE u.method END AS rate_method_usd,
           CASE WHEN n.currency = 'USD' THEN NULL ELSE u.source END AS rate_source_usd,
           n.amount_cny, n.amount_usd
    FROM ${schema}.normalized_lines_core n
      LEFT JOIN ${schema}.fx_use c ON c.tgt = 'CNY' AND c.currency = n.currency AND c.key_date = ${lineKey(options, 'n.departure_date')}
      LEFT JOIN ${schema}.fx_use u ON u.tgt = 'USD' AND u.currency = n.currency AND u.key_date = ${lineKey(options, 'n.departure_date')}
      LEFT JOIN ${schema}.hs_categories h ON h.chapter = substr(n.hs_code, 1, 2);
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

/**
 * Stage 3, normalize: value lines → CNY and USD, with the rate, its date, method and source
 * kept beside the original amount and currency (the one place where conversion happens).
 *
 * Rates (data contract, "fx", "Conversion", "Averaging policies"; built in fx-rates.ts):
 * 1. Per day and directed pair one rate: a row in the direction needed beats one inverted from
 *    the other direction, then the source earlier in `sourcePriority`, then the source name.
 *    Rows of a pair and day more than 0.5 % apart are kept in fx_disagreements for the run report.
 * 2. A currency's factor to CNY or USD on day d (policy `daily`): of the pair's rate as of d (the
 *    rate of d or the latest earlier one within `maxRateAgeDays`) and the crosses through USD, EUR
 *    or CNY whose legs are each taken as of d on their own (a cross is dated by its older leg),
 *    the newest; on one date the pair first, then via USD, EUR, CNY.
 * 3. Policies `monthly-average`, `annual-average`: the mean of the pair's daily rates as quoted
 *    over the month or year, up to the as-of date; the other direction is 1 / mean; crosses from
 *    the averaged legs.
 * 4. amount = round(value × factor, 4 decimals). A line with no factor is quarantined
 *    with reason `no exchange rate`.
 */
import { Decimal } from 'decimal.js';
import { rowReason } from '../lib/messages.js';
import { sqlString, type Warehouse } from './warehouse.js';
import { buildAveragedUse, buildDailyRates } from './fx-rates.js';

export type { RatePolicy } from '../reports/data.js';
import type { RatePolicy } from '../reports/data.js';

/** Options of the normalize stage. */
export interface NormalizeOptions {
  policy: RatePolicy;
  /** Source names in order of preference, for days where several sources give a rate. */
  sourcePriority: string[];
  /** Days back a rate may be taken from (7 in the contract). */
  maxRateAgeDays: number;
  /**
   * Averaging policies: rates dated after this day stay out of the means (null: every rate).
   * Under `daily` it changes nothing (a line never takes a rate dated after its departure).
   */
  asOf?: string | null;
}

export const defaultNormalizeOptions: NormalizeOptions = { policy: 'daily', sourcePriority: [], maxRateAgeDays: 7, asOf: null };

/**
 * Builds fx_use: per currency, target and key date, the factor a line of that date takes under the
 * policy, with its rate date, method and source, and the factor as a double (for the estimate
 * in `amountSql`). Under `daily` the key is every calendar day a rate covers (fx_factors: the same
 * answer as an ASOF join with the age limit, as a plain equi-join that stays fast inside the run
 * transaction); under the averaging policies, the first day of the month or year.
 */
async function buildUse(wh: Warehouse, options: NormalizeOptions): Promise<void> {
  await buildDailyRates(wh, options);
  if (options.policy === 'daily') {
    await wh.run(`
      CREATE OR REPLACE TABLE fx_use AS
      SELECT currency, tgt, date AS key_date, factor, factor::DOUBLE AS factor_dbl, rate_date, method, source FROM fx_factors`);
    return;
  }
  await buildAveragedUse(wh, options.policy, options.asOf ?? null);
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
  if (mode === 'rebuild') await buildUse(wh, options);
  const [current] = await wh.all<{ schema: string }>('SELECT current_schema() AS schema');
  const schema = current!.schema;
  const joins = `
    FROM value_lines v JOIN shipments s USING (shipment_id)
      LEFT JOIN fx_use c ON c.tgt = 'CNY' AND c.currency = v.currency AND c.key_date = ${lineKey(options, 's.departure_date')}
      LEFT JOIN fx_use u ON u.tgt = 'USD' AND u.currency = v.currency AND u.key_date = ${lineKey(options, 's.departure_date')}`;
  // One pass over the big join: a line without a factor gets NULL amounts; those lines (few) then
  // become `no exchange rate` issues and are deleted. A second pass over the join for the issues
  // alone took 19 s of the stage at 10 M shipments.
  const noRate = 'amount_cny IS NULL OR amount_usd IS NULL';
  await wh.run(`
    ${mode === 'rebuild' ? 'CREATE OR REPLACE TABLE hs_categories AS SELECT chapter, category, category_zh FROM ref_hs;' : ''}

    ${mode === 'rebuild' ? 'CREATE OR REPLACE TABLE normalized_lines_core AS' : 'INSERT INTO normalized_lines_core'}
    SELECT line_id, file_id, line, shipment_id, train_id, service, departure_date, direction,
           origin_country, destination_country, hs_code, description, value, currency,
           CASE WHEN converts THEN ${amountSql('cny')} END AS amount_cny,
           CASE WHEN converts THEN ${amountSql('usd')} END AS amount_usd
    FROM (
      SELECT *, CAST(e_cny AS DECIMAL(38, 4)) AS a0_cny, CAST(e_usd AS DECIMAL(38, 4)) AS a0_usd
      FROM (
        SELECT *,
               -- Only a line with both factors is multiplied (an implausible factor can overflow DECIMAL(38)).
               CASE WHEN converts THEN value * CAST(factor_cny AS DECIMAL(38, 18)) END AS p_cny,
               CASE WHEN converts THEN value * CAST(factor_usd AS DECIMAL(38, 18)) END AS p_usd,
               TRY_CAST(value AS DECIMAL(18, 6))::DOUBLE * dbl_cny AS e_cny, TRY_CAST(value AS DECIMAL(18, 6))::DOUBLE * dbl_usd AS e_usd
        FROM (
          SELECT (v.currency = 'CNY' OR c.factor IS NOT NULL) AND (v.currency = 'USD' OR u.factor IS NOT NULL) AS converts, v.line_id, v.file_id, v.line, v.shipment_id, s.train_id, s.service, s.departure_date, s.direction,
                 s.origin_country, s.destination_country, v.hs_code, v.description, v.value, v.currency,
                 CASE WHEN v.currency = 'CNY' THEN 1 ELSE c.factor END AS factor_cny,
                 CASE WHEN v.currency = 'USD' THEN 1 ELSE u.factor END AS factor_usd,
                 CASE WHEN v.currency = 'CNY' THEN 1.0::DOUBLE ELSE c.factor_dbl END AS dbl_cny,
                 CASE WHEN v.currency = 'USD' THEN 1.0::DOUBLE ELSE u.factor_dbl END AS dbl_usd
          ${joins})));

    INSERT INTO issues SELECT 'values', n.file_id, n.line, 'currency', n.currency, 'noRate', ${sqlString(rowReason.noRate)},
      'no ' || CASE WHEN n.currency <> 'CNY' AND c.factor IS NULL THEN 'CNY' ELSE 'USD' END || ' rate for ' || n.currency || ' on ' || n.departure_date
        || ${sqlString(options.policy === 'daily' ? ` or the ${options.maxRateAgeDays} days before` : ` (${options.policy})`)}
    FROM normalized_lines_core n
      LEFT JOIN fx_use c ON c.tgt = 'CNY' AND c.currency = n.currency AND c.key_date = ${lineKey(options, 'n.departure_date')}
    WHERE ${noRate};

    DELETE FROM normalized_lines_core WHERE ${noRate};
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

/** The publication rate: CNY per USD as published (4 decimals), the rate printed and divided by. */
export interface PublicationRate {
  /** Rounded half up to 4 decimals, as central parity rates are published ("6.8088"). */
  rate: string;
  /** The rate before rounding (a cross or inverted rate has more places). */
  exact: string;
  /** The date of the rate (of its older leg for a cross). */
  date: string;
  source: string;
  method: string;
}

/**
 * The CNY-per-USD publication rate on `date` under the 7-day rule (fx_factors: the pair, or a
 * cross with each leg as of `date`), rounded to 4 decimals; null when there is none.
 * @example await publicationRate(wh, '2026-06-30'); // { rate: '6.8088', … }
 */
export async function publicationRate(wh: Warehouse, date: string, maxAgeDays = 7): Promise<PublicationRate | null> {
  const rows = await wh.all<{ exact: string; date: string; source: string; method: string }>(
    `SELECT CAST(factor AS VARCHAR) AS exact, CAST(rate_date AS VARCHAR) AS date, source, method FROM fx_factors
     WHERE currency = 'USD' AND tgt = 'CNY' AND date = CAST(? AS DATE) AND rate_date >= CAST(? AS DATE) - ${Math.trunc(maxAgeDays)}`,
    [date, date],
  );
  const r = rows[0];
  if (!r) return null;
  return { ...r, rate: new Decimal(r.exact).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4) };
}

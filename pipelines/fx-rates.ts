/**
 * The exchange rates a run converts at (data contract, "fx", "Conversion", "Averaging policies"),
 * built set-based in DuckDB from fx_rates:
 *
 * 1. fx_edges (date, frm, tgt): per day and directed pair, the one rate used. A row in the
 *    direction needed beats one inverted from the other direction; then the source earlier in
 *    `sourcePriority`; then the source name, file name and line (so the choice is deterministic
 *    without a priority). The two directions of a day may come from different rows.
 * 2. fx_disagreements: two rows of the same pair and day (different sources, or one source in
 *    both directions) more than 0.5 % apart, whichever was used; reported in every run.
 * 3. fx_factors (date = the key day, currency, tgt, factor, rate_date, method, source): what a
 *    currency converts to CNY and USD at on a day under the 7-day rule. Each edge covers its own
 *    date up to the day before the pair's next rate, at most `maxRateAgeDays` later ("as of d").
 *    A cross X→T via H is (H→T as of d) / (H→X as of d), each leg on its own; its rate date is
 *    its older leg's. The newest rate date wins; on a tie the pair itself, then a cross via USD,
 *    EUR, CNY. The publication rate and the `daily` policy read this table.
 * 4. Averaging policies: per pair, the mean of its daily rates as quoted over the days of the
 *    month or year up to the as-of date; the other direction is 1 / mean; crosses are formed
 *    from the averaged legs exactly as in 3.
 */
import { sqlString, type Warehouse } from './warehouse.js';
import type { RatePolicy } from '../reports/data.js';

/** What the rate tables are built from (a subset of NormalizeOptions). */
export interface RateOptions {
  policy: RatePolicy;
  sourcePriority: string[];
  maxRateAgeDays: number;
  /** Averaging policies: no rate dated after this day enters the mean of its month or year. */
  asOf?: string | null;
}

/** Hubs a cross rate may go through, in order of preference after the pair itself. */
const HUB_RANK = `CASE a.frm WHEN 'USD' THEN 1 WHEN 'EUR' THEN 2 ELSE 3 END`;

/**
 * No currency is worth more than 10^5 or less than 10^-9 yuan or dollars: such a factor comes from
 * an fx row in the wrong direction. Dropped, the lines it would convert are quarantined
 * (no exchange rate) instead of overflowing the amount or printing nonsense.
 */
const SANE = 'factor BETWEEN 0.000000001 AND 100000';

/**
 * The direction a pair is averaged in, "as quoted": CNY per unit of the other currency; without
 * CNY, units of the other currency per euro, else per U.S. dollar (the legs of the contract's
 * cross rate, USD→CNY / USD→KZT, and the ECB's EUR→USD); else alphabetical.
 */
const QUOTED = `(tgt = 'CNY' OR (frm <> 'CNY' AND (
  CASE frm WHEN 'EUR' THEN 1 WHEN 'USD' THEN 2 ELSE 3 END < CASE tgt WHEN 'EUR' THEN 1 WHEN 'USD' THEN 2 ELSE 3 END
  OR (CASE frm WHEN 'EUR' THEN 1 WHEN 'USD' THEN 2 ELSE 3 END = CASE tgt WHEN 'EUR' THEN 1 WHEN 'USD' THEN 2 ELSE 3 END AND frm < tgt))))`;

/** x / n for a DECIMAL(38, 18) sum x > 0 and a count n, exact and rounded half up to 18 places. */
function meanSql(x: string, n: string): string {
  const scaled = `replace(CAST(CAST(${x} AS DECIMAL(38, 18)) AS VARCHAR), '.', '')::HUGEINT`;
  const digits = `CAST((2 * ${scaled} + ${n}) // (2 * ${n}) AS VARCHAR)`;
  // lpad cuts a longer string to its length: pad only up to one digit before the point.
  const q = `lpad(${digits}, greatest(length(${digits}), 19)::INTEGER, '0')`;
  return `CAST(substr(${q}, 1, length(${q}) - 18) || '.' || right(${q}, 18) AS DECIMAL(38, 18))`;
}

/** Pair candidates and crosses from a table of edges (k, frm, tgt, factor, rate_date, method, source). */
function factorsFrom(edges: string, crossMethod: (hub: string) => string): string {
  return `
    SELECT k, frm AS currency, tgt, factor, rate_date, method, source, 0 AS rank FROM ${edges} WHERE tgt IN ('CNY', 'USD')
    UNION ALL
    -- X→T via H = (H→T) / (H→X): the contract's KZT→CNY = (USD→CNY) / (USD→KZT).
    SELECT a.k, a.tgt, b.tgt, CAST(b.factor::DOUBLE / a.factor::DOUBLE AS DECIMAL(38, 18)), least(a.rate_date, b.rate_date),
           ${crossMethod('a.frm')}, b.source || ' / ' || a.source, ${HUB_RANK}
    FROM ${edges} a JOIN ${edges} b ON a.k = b.k AND a.frm = b.frm
    WHERE a.frm IN ('USD', 'EUR', 'CNY') AND b.tgt IN ('CNY', 'USD') AND a.tgt <> b.tgt`;
}

/** Builds fx_edges, fx_disagreements and fx_factors (steps 1–3). */
export async function buildDailyRates(wh: Warehouse, options: RateOptions): Promise<void> {
  const priority = options.sourcePriority.length
    ? `coalesce(list_position([${options.sourcePriority.map(sqlString).join(', ')}], source), 1000)`
    : '1000';
  const span = options.maxRateAgeDays + 1;
  await wh.run(`
    CREATE OR REPLACE TABLE fx_edges AS
    SELECT date, frm, tgt, factor, method, source FROM (
      SELECT *, row_number() OVER (PARTITION BY date, frm, tgt ORDER BY inverted, ${priority}, source, file_name, line) AS rk FROM (
        SELECT date, base AS frm, quote AS tgt, rate AS factor, 'direct' AS method, source, 0 AS inverted, file_name, line FROM fx_rates
        UNION ALL
        SELECT date, quote, base, CAST(1 / rate::DOUBLE AS DECIMAL(38, 18)), 'inverse', source, 1, file_name, line FROM fx_rates))
    WHERE rk = 1;

    -- Two rows of a pair and day disagree when the larger rate exceeds the smaller by more than
    -- 0.5 %, in one direction: r > 1.005 s for rows the same way round; for rows in opposite
    -- directions when their product p = r × s is above 1.005 or below 1 / 1.005 (p has at most 36
    -- places, so p < 1 / 1.005 exactly when p <= 1 / 1.005 cut after 36 places). Exact decimals;
    -- a product far from 1 (which cannot fit DECIMAL(38, 36)) disagrees without the exact test.
    CREATE OR REPLACE TABLE fx_disagreements AS
    SELECT a.date, a.base AS base, a.quote AS quote, a.rate AS rate, a.source AS source, a.file_name AS file, a.line AS line,
           b.base AS other_base, b.quote AS other_quote, b.rate AS other_rate, b.source AS other_source,
           b.file_name AS other_file, b.line AS other_line, e.source AS used
    FROM fx_rates a JOIN fx_rates b ON a.date = b.date
      AND least(a.base, a.quote) = least(b.base, b.quote) AND greatest(a.base, a.quote) = greatest(b.base, b.quote)
      AND (a.source < b.source OR (a.source = b.source AND a.base < b.base))
      LEFT JOIN fx_edges e ON e.date = a.date AND e.frm = a.base AND e.tgt = a.quote
    WHERE CASE WHEN a.base = b.base THEN greatest(a.rate, b.rate) > 1.005 * least(a.rate, b.rate)
               WHEN a.rate::DOUBLE * b.rate::DOUBLE NOT BETWEEN 0.5 AND 2 THEN true
               ELSE a.rate * b.rate > 1.005 OR a.rate * b.rate <= 0.995024875621890547263681592039800995 END;

    CREATE OR REPLACE TEMP TABLE fx_edge_days AS
    SELECT CAST(date + k::INTEGER AS DATE) AS k, frm, tgt, factor, date AS rate_date, method, source
    FROM (SELECT *, lead(date) OVER (PARTITION BY frm, tgt ORDER BY date) AS next_date FROM fx_edges),
      LATERAL (SELECT unnest(range(0, least(coalesce(next_date - date, ${span}), ${span}))) AS k);

    CREATE OR REPLACE TABLE fx_factors AS
    SELECT k AS date, currency, tgt, factor, rate_date, method, source FROM (
      SELECT *, row_number() OVER (PARTITION BY k, currency, tgt ORDER BY rate_date DESC, rank, source) AS rk
      FROM (${factorsFrom('fx_edge_days', (hub) => `'cross via ' || ${hub}`)}))
    WHERE rk = 1 AND ${SANE};
    DROP TABLE fx_edge_days;
  `);
}

/**
 * Builds fx_use for an averaging policy (step 4): per currency, target and period (the first day
 * of the month or year), the factor, with rate_date = the period and the method named.
 */
export async function buildAveragedUse(wh: Warehouse, policy: Exclude<RatePolicy, 'daily'>, asOf: string | null): Promise<void> {
  const unit = policy === 'monthly-average' ? 'month' : 'year';
  // Rates after the as-of date stay out of the means of its period and earlier ones; lines of a
  // later period (departed after the as-of date, in no figure) still convert at their own period's.
  const cutoff = asOf
    ? `AND (date <= CAST(${sqlString(asOf)} AS DATE) OR date_trunc('${unit}', date) > date_trunc('${unit}', CAST(${sqlString(asOf)} AS DATE)))`
    : '';
  await wh.run(`
    CREATE OR REPLACE TEMP TABLE fx_means AS
    SELECT date_trunc('${unit}', date)::DATE AS k, frm, tgt, ${meanSql('sum(factor)', 'count(*)')} AS factor, count(*) AS days,
           string_agg(DISTINCT source, ', ' ORDER BY source) AS source
    FROM fx_edges WHERE ${QUOTED} ${cutoff} GROUP BY ALL;

    CREATE OR REPLACE TEMP TABLE fx_mean_edges AS
    SELECT k, frm, tgt, factor, k AS rate_date, '${policy} of ' || days || ' daily rates' AS method, source FROM fx_means
    UNION ALL
    SELECT k, tgt, frm, CAST(1 / factor::DOUBLE AS DECIMAL(38, 18)), k, '1 / ${policy} of ' || days || ' daily rates', source FROM fx_means;

    CREATE OR REPLACE TABLE fx_use AS
    SELECT currency, tgt, k AS key_date, factor, factor::DOUBLE AS factor_dbl, rate_date, method, source FROM (
      SELECT *, row_number() OVER (PARTITION BY k, currency, tgt ORDER BY rank, source) AS rk
      FROM (${factorsFrom('fx_mean_edges', (hub) => `'cross via ' || ${hub} || ' of ${policy} rates'`)}))
    WHERE rk = 1 AND ${SANE};
    DROP TABLE fx_means;
    DROP TABLE fx_mean_edges;
  `);
}

/** Two fx rows of the same pair and day more than 0.5 % apart (run report, `fx_disagreements`). */
export interface FxDisagreement {
  date: string;
  pair: string;
  rows: { source: string; base: string; quote: string; rate: string; file: string; line: number }[];
  /** The source whose row converts base→quote of the first row that day. */
  used: string | null;
}

/** The disagreements of the current rate tables (none before the first build). */
export async function fxDisagreements(wh: Warehouse): Promise<FxDisagreement[]> {
  const exists = await wh.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = 'fx_disagreements' AND schema_name = 'main'
    UNION ALL SELECT 1 FROM duckdb_views() WHERE view_name = 'fx_disagreements' AND schema_name = 'main'`);
  if (!exists.length) return [];
  const rows = await wh.all<{
    date: string; base: string; quote: string; rate: string; source: string; file: string; line: number;
    other_base: string; other_quote: string; other_rate: string; other_source: string; other_file: string; other_line: number; used: string | null;
  }>(`SELECT CAST(date AS VARCHAR) AS date, base, quote, CAST(rate AS VARCHAR) AS rate, source, file, line,
        other_base, other_quote, CAST(other_rate AS VARCHAR) AS other_rate, other_source, other_file, other_line, used
      FROM fx_disagreements ORDER BY date, least(base, quote), greatest(base, quote), source, base, other_source, other_base`);
  // Rates as written, without the 18 places of trailing zeros the column type adds.
  const trim = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  return rows.map((r) => ({
    date: r.date,
    pair: `${r.base}/${r.quote}`,
    rows: [
      { source: r.source, base: r.base, quote: r.quote, rate: trim(r.rate), file: r.file, line: r.line },
      { source: r.other_source, base: r.other_base, quote: r.other_quote, rate: trim(r.other_rate), file: r.other_file, line: r.other_line },
    ],
    used: r.used,
  }));
}

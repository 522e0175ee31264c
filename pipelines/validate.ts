/**
 * Stage 2, validate: raw rows of the current file versions → typed tables + issues.
 * Set-based, one pass per kind: every rule of every source is one SQL predicate, and all of
 * a row's predicates are folded into one bitmask while the row is parsed (`bad`; 0 = clean).
 * Only rows with a bit set are looked at again, to write their issues. Cross-row rules follow:
 * duplicates (the first row by file name and line wins), value lines joined to their shipment
 * (held when the shipment is not known yet).
 *
 * Where the time goes (1 M shipments, 2 M value lines): parsing and the rules are one scan;
 * uniqueness is one hash aggregate per kind on a 64-bit hash of the key, confirmed on the
 * exact key for the few candidates; exact decimals are parsed into 64-bit DECIMAL(18, 6)
 * first (≈ 100× faster than 128-bit DECIMAL(38, 6) in DuckDB), the wide parse only for
 * numbers the narrow one cannot hold.
 *
 * Contracts of the tables written here:
 * - issues: (file_id, line, col, code) unique per problem; a row may have several.
 * - shipments: (service, shipment_id) unique, not null; departure_date not null.
 * - value_lines (temp view): line_id unique; shipment exists in shipments (exactly one service).
 * - fx_rates: (date, base, quote, source) unique; rate > 0.
 * - p_<kind> (temp): every current raw row, parsed, with its `bad` bitmask.
 */
import { rowReason, type RowReasonCode } from '../lib/messages.js';
import { sourceSpecs } from '../sources/kinds.js';
import type { Kind, SourceSpec } from '../sources/schema.js';
import { sqlString, type Warehouse } from './warehouse.js';

/** Parsing macros: text, dates, decimals with thousands separators, currency codes. */
const MACROS = `
CREATE OR REPLACE TEMP MACRO tb_text(s) AS nullif(trim(s), '');
-- Four-digit years only: try_strptime's %Y reads '25-01-05' as the year 25.
CREATE OR REPLACE TEMP MACRO tb_date(s) AS CASE WHEN regexp_full_match(trim(s), '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}') THEN
  CAST(coalesce(try_strptime(trim(s), '%Y-%m-%d'), try_strptime(trim(s), '%Y/%m/%d')) AS DATE) END;
CREATE OR REPLACE TEMP MACRO tb_numtext(s) AS CASE
  WHEN regexp_full_match(trim(s), '[+-]?[0-9]+(\\.[0-9]+)?') THEN trim(s)
  WHEN regexp_full_match(trim(s), '[+-]?\\.[0-9]+') THEN regexp_replace(trim(s), '\\.', '0.')
  WHEN regexp_full_match(trim(s), '[+-]?[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]+)?') THEN replace(trim(s), ',', '') END;
CREATE OR REPLACE TEMP MACRO tb_toomanydec(s) AS coalesce(regexp_full_match(tb_numtext(s), '[+-]?[0-9]*\\.[0-9]{7,}'), false);
CREATE OR REPLACE TEMP MACRO tb_dec(s) AS CASE WHEN NOT tb_toomanydec(s) THEN
  coalesce(TRY_CAST(tb_numtext(s) AS DECIMAL(18, 6))::DECIMAL(38, 6), TRY_CAST(tb_numtext(s) AS DECIMAL(38, 6))) END;
CREATE OR REPLACE TEMP MACRO tb_rate(s) AS TRY_CAST(tb_numtext(s) AS DECIMAL(38, 18));
CREATE OR REPLACE TEMP MACRO tb_ccy(s) AS CASE WHEN upper(trim(s)) = 'RMB' THEN 'CNY' ELSE upper(trim(s)) END;
`;

const reasonSql = (code: RowReasonCode): string => sqlString(rowReason[code]);

/** Bit 0 is the field-count check; bit i + 1 is rule i of the kind. */
const MAX_RULES = 62;

/** The typed columns of a kind: the aliases of its `parsed` expressions (`expr AS p_name`). */
const typedColumns = (spec: SourceSpec): string[] => spec.parsed.map((e) => /\bAS\s+(\w+)\s*$/i.exec(e)?.[1] ?? e);

/**
 * Parses every current raw row of one kind once (or only those listed in `scope`, a table of
 * (file_id, line)), folding all its rules into the `bad` bitmask.
 */
async function parse(wh: Warehouse, spec: SourceSpec, scope: string | null = null): Promise<void> {
  if (spec.rules.length > MAX_RULES) throw new Error(`${spec.kind}: more than ${MAX_RULES} row rules; widen the bitmask`);
  const bits = [
    'CASE WHEN field_count IS NOT NULL THEN 1::BIGINT ELSE 0::BIGINT END',
    ...spec.rules.map((r, i) => `CASE WHEN ${r.when} THEN ${2 ** (i + 1)}::BIGINT ELSE 0::BIGINT END`),
  ];
  await wh.run(`
    CREATE OR REPLACE TEMP TABLE p_${spec.kind} AS
    SELECT file_id, line, ${typedColumns(spec).join(', ')}, ${bits.join(' | ')} AS bad
    FROM (SELECT r.*, ${spec.parsed.join(', ')} FROM ${spec.rawTable} r SEMI JOIN files f ON f.file_id = r.file_id
          ${scope ? `SEMI JOIN ${scope} s ON s.file_id = r.file_id AND s.line = r.line` : ''}) r`);
}

/** The issues of the rows whose bitmask is not 0 (raw values read back for those rows only). */
function issueInserts(spec: SourceSpec): string {
  const bad = `(SELECT p.bad, r.* FROM p_${spec.kind} p JOIN ${spec.rawTable} r USING (file_id, line) WHERE p.bad <> 0)`;
  const fieldCount = `SELECT file_id, line, '(row)', CAST(field_count AS VARCHAR) || ' fields', 'fieldCount', ${reasonSql('fieldCount')}, NULL
    FROM b WHERE bad & 1 <> 0`;
  const rules = spec.rules.map(
    (r, i) => `SELECT file_id, line, ${sqlString(r.column)}, ${r.column}, ${sqlString(r.code)}, ${reasonSql(r.code)}, NULL
      FROM b WHERE bad & ${2 ** (i + 1)}::BIGINT <> 0`,
  );
  return `INSERT INTO issues WITH b AS MATERIALIZED ${bad} SELECT ${sqlString(spec.kind)}, * FROM (${[fieldCount, ...rules].join('\nUNION ALL\n')})`;
}

/**
 * Duplicates among the clean rows of a kind: `dup_<kind>` gets (file_id, line, first_at) of every
 * row that repeats a key seen earlier by (file name, line). Keys are grouped by a 64-bit hash
 * first; only hash groups of two or more rows are compared on the exact key.
 */
function duplicates(kind: Kind, key: string[]): string {
  const k = key.join(', ');
  return `
    CREATE OR REPLACE TEMP TABLE dup_${kind} AS
    WITH candidates AS (
      SELECT p.file_id, p.line, ${k} FROM p_${kind} p
      SEMI JOIN (SELECT hash(${k}) AS h FROM p_${kind} WHERE bad = 0 GROUP BY h HAVING count(*) > 1) d ON d.h = hash(${k})
      WHERE p.bad = 0),
    ranked AS (
      SELECT c.file_id, c.line, f.name AS file_name,
             row_number() OVER (PARTITION BY ${k} ORDER BY f.name, c.line) AS dup_rank,
             first_value(f.name || ':' || c.line) OVER (PARTITION BY ${k} ORDER BY f.name, c.line) AS first_at
      FROM candidates c JOIN files f ON f.file_id = c.file_id)
    SELECT file_id, line, first_at FROM ranked WHERE dup_rank > 1`;
}

/** Creates the parsing macros (tb_text, tb_dec, …) on this connection. */
export async function defineMacros(wh: Warehouse): Promise<void> {
  await wh.run(MACROS);
}

/**
 * Rebuilds issues, shipments, value_lines and fx_rates from the raw tables.
 * @example await validate(wh); // then normalize(wh, …)
 */
export async function validate(wh: Warehouse): Promise<void> {
  await wh.run(MACROS);
  await wh.run(`CREATE OR REPLACE TABLE issues (kind VARCHAR, file_id INTEGER, line INTEGER, col VARCHAR, value VARCHAR,
    code VARCHAR, reason VARCHAR, detail VARCHAR)`);
  for (const k of ['fx', 'shipments'] as const) {
    await parse(wh, sourceSpecs[k]);
    await wh.run(issueInserts(sourceSpecs[k]));
  }
  await wh.run(`
    ${duplicates('shipments', ['p_service', 'p_shipment_id'])};
    INSERT INTO issues SELECT 'shipments', d.file_id, d.line, 'shipment_id', r.shipment_id, 'duplicateShipment', ${reasonSql('duplicateShipment')},
      'first at ' || d.first_at FROM dup_shipments d JOIN raw_shipments r USING (file_id, line);
    CREATE OR REPLACE TABLE shipments AS
    SELECT file_id, line, p_shipment_id AS shipment_id, p_train_id AS train_id, p_service AS service,
           p_departure_date AS departure_date, p_arrival_date AS arrival_date,
           p_origin_station AS origin_station, p_destination_station AS destination_station,
           p_origin_country AS origin_country, p_destination_country AS destination_country,
           -- (38, 6) → (18, 6) keeps the scale, so the rounding cast to (9, 4) runs on 64-bit integers.
           CAST(p_teu AS DECIMAL(18, 6)) AS teu, p_gross_weight_kg AS gross_weight_kg,
           CASE WHEN o.service IS NULL THEN 'inbound' ELSE 'outbound' END AS direction
    FROM p_shipments p
      SEMI JOIN ref_services s ON s.id = p.p_service
      ANTI JOIN dup_shipments d ON d.file_id = p.file_id AND d.line = p.line
      LEFT JOIN (SELECT DISTINCT id AS service, unnest(string_split(outbound_origins, ';')) AS country FROM ref_services) o
        ON o.service = p.p_service AND o.country = p.p_origin_country
    WHERE p.bad = 0;

    ${duplicates('fx', ['p_date', 'p_base', 'p_quote', 'p_source'])};
    INSERT INTO issues SELECT 'fx', d.file_id, d.line, 'rate', r.rate, 'duplicateRate', ${reasonSql('duplicateRate')}, 'first at ' || d.first_at
      FROM dup_fx d JOIN raw_fx r USING (file_id, line);
    CREATE OR REPLACE TABLE fx_rates AS
    SELECT p.file_id, p.line, f.name AS file_name, p_date AS date, p_base AS base, p_quote AS quote, p_rate AS rate, p_source AS source
    FROM p_fx p JOIN files f ON f.file_id = p.file_id ANTI JOIN dup_fx d ON d.file_id = p.file_id AND d.line = p.line
    WHERE p.bad = 0;

    -- Done with: their memory goes to the value lines' stages (at 1 M shipments DuckDB spilled to disk).
    DROP TABLE p_shipments; DROP TABLE dup_shipments; DROP TABLE p_fx; DROP TABLE dup_fx;
  `);
  await validateValues(wh);
}

/** After normalize: the value lines' scratch tables (value_lines and what it reads) are done with. */
export async function dropValuesScratch(wh: Warehouse): Promise<void> {
  await wh.run(`DROP VIEW IF EXISTS temp.main.value_lines; DROP TABLE IF EXISTS temp.main.p_values; DROP TABLE IF EXISTS temp.main.dup_values;
    DROP TABLE IF EXISTS temp.main.ship_keys; DROP TABLE IF EXISTS temp.main.q_ships`);
}

/**
 * The value lines' part of validate: row rules, duplicates, the join to their shipment; leaves
 * the temp view value_lines for normalize. With `scope` (a table of (file_id, line)), only those
 * rows are parsed: the delta of a run where only values files changed (see runner.ts). The scope
 * must hold every row that shares a line_id with a changed row, so that duplicates are decided
 * among all of them; issues of the scope's rows must have been deleted first.
 * @example await validateValues(wh, 'delta_rows');
 */
export async function validateValues(wh: Warehouse, scope: string | null = null): Promise<void> {
  await wh.run(MACROS);
  const spec = sourceSpecs.values;
  await parse(wh, spec, scope);
  await wh.run(issueInserts(spec));
  await wh.run(`
    ${duplicates('values', ['p_line_id'])};
    INSERT INTO issues SELECT 'values', d.file_id, d.line, 'line_id', r.line_id, 'duplicateLine', ${reasonSql('duplicateLine')}, 'first at ' || d.first_at
      FROM dup_values d JOIN raw_values r USING (file_id, line);
    CREATE OR REPLACE TEMP TABLE ship_keys AS
      SELECT shipment_id, count(*) AS services FROM shipments
      ${scope ? 'WHERE shipment_id IN (SELECT p_shipment_id FROM p_values)' : ''} GROUP BY shipment_id;
    -- A shipment id that is in a current file but was quarantined there: the line is not merely held.
    CREATE OR REPLACE TEMP TABLE q_ships AS
      SELECT DISTINCT tb_text(rs.shipment_id) AS shipment_id FROM raw_shipments rs JOIN files f ON f.file_id = rs.file_id
      WHERE tb_text(rs.shipment_id) IN (SELECT v.p_shipment_id FROM p_values v ANTI JOIN ship_keys k ON k.shipment_id = v.p_shipment_id);
    INSERT INTO issues SELECT 'values', v.file_id, v.line, 'shipment_id', r.shipment_id,
      CASE WHEN k.services IS NOT NULL THEN 'ambiguousShipment' WHEN qs.shipment_id IS NOT NULL THEN 'shipmentQuarantined' ELSE 'heldShipment' END,
      CASE WHEN k.services IS NOT NULL THEN ${reasonSql('ambiguousShipment')} WHEN qs.shipment_id IS NOT NULL THEN ${reasonSql('shipmentQuarantined')}
           ELSE ${reasonSql('heldShipment')} END, NULL
      FROM p_values v ANTI JOIN dup_values d ON d.file_id = v.file_id AND d.line = v.line
        LEFT JOIN ship_keys k ON k.shipment_id = v.p_shipment_id
        LEFT JOIN q_ships qs ON qs.shipment_id = v.p_shipment_id
        JOIN raw_values r ON r.file_id = v.file_id AND r.line = v.line
      WHERE v.bad = 0 AND (k.services IS NULL OR k.services > 1);
    -- Value lines are read once more by normalize, so they are a view, not a second copy.
    CREATE OR REPLACE TEMP VIEW value_lines AS
    SELECT v.file_id, v.line, f.name AS file_name, v.p_line_id AS line_id, v.p_shipment_id AS shipment_id, v.p_hs_code AS hs_code,
           v.p_description AS description, v.p_value AS value, v.p_currency AS currency
    FROM p_values v JOIN files f ON f.file_id = v.file_id
      ANTI JOIN dup_values d ON d.file_id = v.file_id AND d.line = v.line
      SEMI JOIN ship_keys k ON k.shipment_id = v.p_shipment_id AND k.services = 1
    WHERE v.bad = 0;
  `);
}

/**
 * Before the promotion of a values-only change: the line_ids of the rows of the changed file
 * versions (new ones and the ones they replace), whose duplicates must be decided again.
 */
export async function valuesDeltaKeys(wh: Warehouse, fileIds: number[]): Promise<void> {
  await wh.run(MACROS);
  await wh.run(`CREATE OR REPLACE TEMP TABLE delta_keys AS
    SELECT DISTINCT tb_text(line_id) AS k FROM raw_values WHERE file_id IN (${fileIds.map(Number).join(', ')}) AND tb_text(line_id) IS NOT NULL`);
}

/**
 * After the promotion, in the current generation: delta_rows gets the rows to validate again
 * (every row of the added versions, and every current row sharing a line_id with a changed row),
 * and what the previous run derived from them, or from the replaced versions, is deleted from
 * issues and normalized_lines_core. Returns the (year, service) partitions of the deleted lines.
 */
export async function valuesDeltaScope(wh: Warehouse, added: number[], replaced: number[]): Promise<string[]> {
  const list = (ids: number[]) => (ids.length ? ids.map(Number).join(', ') : 'NULL');
  await wh.run(`CREATE OR REPLACE TEMP TABLE delta_rows AS
    SELECT r.file_id, r.line FROM raw_values r SEMI JOIN files f ON f.file_id = r.file_id
    WHERE r.file_id IN (${list(added)}) OR tb_text(r.line_id) IN (SELECT k FROM delta_keys)`);
  const gone = (t: string) =>
    `(${t}.file_id IN (${list(replaced)}) OR EXISTS (SELECT 1 FROM delta_rows d WHERE d.file_id = ${t}.file_id AND d.line = ${t}.line))`;
  const touched = await wh.all<{ p: string }>(
    `SELECT DISTINCT year(departure_date) || '|' || service AS p FROM normalized_lines_core WHERE ${gone('normalized_lines_core')}`);
  await wh.run(`DELETE FROM normalized_lines_core WHERE ${gone('normalized_lines_core')}`);
  await wh.run(`DELETE FROM issues WHERE kind = 'values' AND ${gone('issues')}`);
  return touched.map((t) => t.p);
}

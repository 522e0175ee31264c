/**
 * Stage 2, validate: raw rows of the current file versions → typed tables + issues.
 * Set-based: every rule of every source is one SQL predicate; a row is loaded only when
 * it breaks none. Cross-row rules follow: duplicates (the first row by file name and line
 * wins), value lines joined to their shipment (held when the shipment is not known yet).
 *
 * Contracts of the tables written here:
 * - issues: (file_id, line, col, code) unique per problem; a row may have several.
 * - shipments: (service, shipment_id) unique, not null; departure_date not null.
 * - value_lines: line_id unique; shipment exists in shipments (exactly one service).
 * - fx_rates: (date, base, quote, source) unique; rate > 0.
 */
import { rowReason, type RowReasonCode } from '../lib/messages.js';
import { sourceSpecs, kinds } from '../sources/kinds.js';
import type { SourceSpec } from '../sources/schema.js';
import { sqlString, type Warehouse } from './warehouse.js';

/** Parsing macros: text, dates, decimals with thousands separators, currency codes. */
const MACROS = `
CREATE OR REPLACE TEMP MACRO tb_text(s) AS nullif(trim(s), '');
CREATE OR REPLACE TEMP MACRO tb_date(s) AS CAST(coalesce(try_strptime(trim(s), '%Y-%m-%d'), try_strptime(trim(s), '%Y/%m/%d')) AS DATE);
CREATE OR REPLACE TEMP MACRO tb_numtext(s) AS CASE
  WHEN regexp_full_match(trim(s), '[+-]?[0-9]+(\\.[0-9]+)?') THEN trim(s)
  WHEN regexp_full_match(trim(s), '[+-]?[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]+)?') THEN replace(trim(s), ',', '') END;
CREATE OR REPLACE TEMP MACRO tb_toomanydec(s) AS coalesce(regexp_full_match(tb_numtext(s), '[+-]?[0-9]*\\.[0-9]{7,}'), false);
CREATE OR REPLACE TEMP MACRO tb_dec(s) AS CASE WHEN NOT tb_toomanydec(s) THEN TRY_CAST(tb_numtext(s) AS DECIMAL(38, 6)) END;
CREATE OR REPLACE TEMP MACRO tb_rate(s) AS TRY_CAST(tb_numtext(s) AS DECIMAL(38, 18));
CREATE OR REPLACE TEMP MACRO tb_ccy(s) AS CASE WHEN upper(trim(s)) = 'RMB' THEN 'CNY' ELSE upper(trim(s)) END;
`;

const reasonSql = (code: RowReasonCode): string => sqlString(rowReason[code]);

/** The parsed view of one kind: raw rows of current versions, with file name and typed columns. */
async function parsedView(wh: Warehouse, spec: SourceSpec): Promise<void> {
  await wh.run(`
    CREATE OR REPLACE TEMP TABLE p_${spec.kind} AS
    SELECT r.*, f.name AS file_name, ${spec.parsed.join(', ')}
    FROM ${spec.rawTable} r JOIN files f ON f.file_id = r.file_id`);
}

/** All row rules of one kind as one INSERT into issues. */
function ruleInserts(spec: SourceSpec): string {
  const fieldCount = `SELECT file_id, line, '(row)' AS col, CAST(field_count AS VARCHAR) || ' fields' AS value, 'fieldCount' AS code,
    ${reasonSql('fieldCount')} AS reason, NULL AS detail FROM p_${spec.kind} WHERE field_count IS NOT NULL`;
  const rules = spec.rules.map(
    (r) => `SELECT file_id, line, ${sqlString(r.column)}, r.${r.column}, ${sqlString(r.code)}, ${reasonSql(r.code)}, NULL
      FROM p_${spec.kind} r WHERE ${r.when}`,
  );
  return `INSERT INTO issues SELECT ${sqlString(spec.kind)}, * FROM (${[fieldCount, ...rules].join('\nUNION ALL\n')})`;
}

/**
 * Rebuilds issues, shipments, value_lines and fx_rates from the raw tables.
 * @example await validate(wh); // then normalize(wh, …)
 */
export async function validate(wh: Warehouse): Promise<void> {
  await wh.run(MACROS);
  await wh.run(`CREATE OR REPLACE TABLE issues (kind VARCHAR, file_id INTEGER, line INTEGER, col VARCHAR, value VARCHAR,
    code VARCHAR, reason VARCHAR, detail VARCHAR)`);
  for (const k of kinds) {
    await parsedView(wh, sourceSpecs[k]);
    await wh.run(ruleInserts(sourceSpecs[k]));
  }
  // Rows free of row-level issues, ranked within their key by (file name, line).
  await wh.run(`
    CREATE OR REPLACE TEMP TABLE ok_shipments AS
    SELECT p.*, row_number() OVER (PARTITION BY p_service, p_shipment_id ORDER BY file_name, line) AS dup_rank,
           first_value(file_name || ':' || line) OVER (PARTITION BY p_service, p_shipment_id ORDER BY file_name, line) AS first_at
    FROM p_shipments p ANTI JOIN (SELECT DISTINCT file_id, line FROM issues WHERE kind = 'shipments') i USING (file_id, line);
    INSERT INTO issues SELECT 'shipments', file_id, line, 'shipment_id', shipment_id, 'duplicateShipment', ${reasonSql('duplicateShipment')},
      'first at ' || first_at FROM ok_shipments WHERE dup_rank > 1;
    CREATE OR REPLACE TABLE shipments AS
    SELECT file_id, line, p_shipment_id AS shipment_id, p_train_id AS train_id, p_service AS service,
           p_departure_date AS departure_date, p_arrival_date AS arrival_date,
           p_origin_station AS origin_station, p_destination_station AS destination_station,
           p_origin_country AS origin_country, p_destination_country AS destination_country,
           CAST(p_teu AS DECIMAL(9, 4)) AS teu, p_gross_weight_kg AS gross_weight_kg,
           CASE WHEN list_contains(string_split(s.outbound_origins, ';'), p_origin_country) THEN 'outbound' ELSE 'inbound' END AS direction
    FROM ok_shipments JOIN ref_services s ON s.id = p_service WHERE dup_rank = 1;

    CREATE OR REPLACE TEMP TABLE ok_fx AS
    SELECT p.*, row_number() OVER (PARTITION BY p_date, p_base, p_quote, p_source ORDER BY file_name, line) AS dup_rank,
           first_value(file_name || ':' || line) OVER (PARTITION BY p_date, p_base, p_quote, p_source ORDER BY file_name, line) AS first_at
    FROM p_fx p ANTI JOIN (SELECT DISTINCT file_id, line FROM issues WHERE kind = 'fx') i USING (file_id, line);
    INSERT INTO issues SELECT 'fx', file_id, line, 'rate', rate, 'duplicateRate', ${reasonSql('duplicateRate')}, 'first at ' || first_at
      FROM ok_fx WHERE dup_rank > 1;
    CREATE OR REPLACE TABLE fx_rates AS
    SELECT file_id, line, file_name, p_date AS date, p_base AS base, p_quote AS quote, p_rate AS rate, p_source AS source
    FROM ok_fx WHERE dup_rank = 1;

    CREATE OR REPLACE TEMP TABLE ok_values AS
    SELECT p.*, row_number() OVER (PARTITION BY p_line_id ORDER BY file_name, line) AS dup_rank,
           first_value(file_name || ':' || line) OVER (PARTITION BY p_line_id ORDER BY file_name, line) AS first_at
    FROM p_values p ANTI JOIN (SELECT DISTINCT file_id, line FROM issues WHERE kind = 'values') i USING (file_id, line);
    INSERT INTO issues SELECT 'values', file_id, line, 'line_id', line_id, 'duplicateLine', ${reasonSql('duplicateLine')}, 'first at ' || first_at
      FROM ok_values WHERE dup_rank > 1;
    CREATE OR REPLACE TEMP TABLE ship_keys AS
      SELECT shipment_id, count(*) AS services, any_value(service) AS service FROM shipments GROUP BY shipment_id;
    INSERT INTO issues SELECT 'values', v.file_id, v.line, 'shipment_id', v.shipment_id,
      CASE WHEN k.services IS NULL THEN 'heldShipment' ELSE 'ambiguousShipment' END,
      CASE WHEN k.services IS NULL THEN ${reasonSql('heldShipment')} ELSE ${reasonSql('ambiguousShipment')} END, NULL
      FROM ok_values v LEFT JOIN ship_keys k ON k.shipment_id = v.p_shipment_id
      WHERE v.dup_rank = 1 AND (k.services IS NULL OR k.services > 1);
    CREATE OR REPLACE TABLE value_lines AS
    SELECT v.file_id, v.line, v.file_name, v.p_line_id AS line_id, v.p_shipment_id AS shipment_id, v.p_hs_code AS hs_code,
           v.p_description AS description, v.p_value AS value, v.p_currency AS currency
    FROM ok_values v JOIN ship_keys k ON k.shipment_id = v.p_shipment_id AND k.services = 1
    WHERE v.dup_rank = 1;
  `);
}

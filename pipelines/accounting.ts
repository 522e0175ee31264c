/**
 * Per-file accounting: read = loaded + quarantined, for every current file, checked after
 * every run. A file whose counts do not reconcile stops the run: that is a bug, never data.
 */
import { StageError } from '../lib/errors.js';
import { QUOTE_LIMIT, safeText } from '../lib/safe-text.js';
import type { Warehouse } from './warehouse.js';

/** The counts of one file version. */
export interface FileCounts {
  name: string;
  file_id: number;
  kind: string;
  read: number;
  loaded: number;
  quarantined: number;
}

/** One quarantined problem, as reported to people and machines. */
export interface QuarantinedRow {
  file: string;
  line: number;
  column: string;
  /** 1-based position of the column in the file's header, when the column is in the file. */
  position: number | null;
  value: string | null;
  code: string;
  reason: string;
}

/** Counts per current file; throws StageError when a file does not reconcile. */
export async function fileCounts(wh: Warehouse): Promise<FileCounts[]> {
  const rows = await wh.all<FileCounts>(`
    WITH loaded AS (
      SELECT file_id, count(*) AS n FROM shipments GROUP BY file_id
      UNION ALL SELECT file_id, count(*) FROM normalized_lines GROUP BY file_id
      UNION ALL SELECT file_id, count(*) FROM fx_rates GROUP BY file_id),
    quarantined AS (SELECT file_id, count(DISTINCT line) AS n FROM issues GROUP BY file_id)
    SELECT f.name, f.file_id, v.kind, v.rows_read::INTEGER AS read,
           coalesce((SELECT sum(n) FROM loaded l WHERE l.file_id = f.file_id), 0)::INTEGER AS loaded,
           coalesce((SELECT n FROM quarantined q WHERE q.file_id = f.file_id), 0)::INTEGER AS quarantined
    FROM files f JOIN file_versions v USING (file_id) ORDER BY f.name`);
  const broken = rows.filter((r) => r.read !== r.loaded + r.quarantined);
  if (broken.length) {
    const list = broken.map((r) => `${r.name}: read ${r.read} ≠ loaded ${r.loaded} + quarantined ${r.quarantined}`).join('; ');
    throw new StageError('accounting', `rows do not reconcile (${list}); nothing was published`);
  }
  return rows;
}

/** Every quarantined problem, ordered by file and line (limit: how many to return). */
export async function quarantinedRows(wh: Warehouse, limit?: number): Promise<QuarantinedRow[]> {
  return wh.all<QuarantinedRow>(`
    SELECT f.name AS file, i.line, i.col AS column,
           CASE WHEN i.col = '(row)' THEN NULL ELSE
             nullif(list_position(from_json(v.header, '["VARCHAR"]'), i.col), 0)::INTEGER END AS position,
           -- A value is quoted up to QUOTE_LIMIT characters (a 50 MB cell must not fill the report).
           CASE WHEN length(i.value) > ${QUOTE_LIMIT} THEN left(i.value, ${QUOTE_LIMIT}) || '… (' || (length(i.value) - ${QUOTE_LIMIT}) || ' more characters)'
                ELSE i.value END AS value,
           i.code, i.reason || coalesce(' (' || left(i.detail, ${QUOTE_LIMIT * 2}) || ')', '') AS reason
    FROM issues i JOIN files f ON f.file_id = i.file_id JOIN file_versions v ON v.file_id = i.file_id
    ORDER BY f.name, i.line, i.col ${limit ? `LIMIT ${Math.floor(limit)}` : ''}`);
}

/** "values-2025-Q1.csv:14:5: value "-5" must be greater than 0" — the compiler-style line. */
export function formatQuarantined(q: QuarantinedRow): string {
  const where = `${q.file}:${q.line}${q.position ? `:${q.position}` : ''}`;
  const value = q.value === null ? '' : ` "${safeText(q.value, 60)}"`;
  return `${safeText(where, 400)}: ${q.column}${value} ${q.reason}`;
}

/**
 * What a bulletin's data takes from the releases: the status rule (final_after_days), the
 * bulletin's last release with what changed in the inputs since (to mark revised figures), and
 * the vintages of the headline series (annual trade value per service) over every release.
 */
import type { BulletinData, InputChange, ReleasedFigure, Vintage } from '../reports/data.js';
import type { Edition } from '../reports/model.js';
import { DEFAULT_FINAL_AFTER_DAYS } from '../reports/status.js';
import type { RunOptions } from './options.js';
import { bulletinName, syncReleases } from './release.js';
import type { Warehouse } from './warehouse.js';

/** The inputs whose versions differ between a release and the warehouse now, with the service-years their rows count in. */
async function inputChanges(wh: Warehouse, bulletin: string, release: string): Promise<InputChange[]> {
  const rows = await wh.all<{ name: string; kind: string | null; before: string | null; after: string | null; file_id: number | null }>(`
    WITH was AS (SELECT name, sha256, kind FROM release_inputs WHERE bulletin = ? AND release_id = ?),
         now AS (SELECT f.name, v.sha256, v.kind, v.file_id FROM files f JOIN file_versions v USING (file_id) WHERE v.status = 'current')
    SELECT coalesce(now.name, was.name) AS name, coalesce(now.kind, was.kind) AS kind, was.sha256 AS before, now.sha256 AS after, now.file_id
    FROM was FULL OUTER JOIN now ON was.name = now.name
    WHERE was.sha256 IS DISTINCT FROM now.sha256 ORDER BY 1`, [bulletin, release]);
  const out: InputChange[] = [];
  for (const r of rows) {
    let touches: string[] = [];
    if (r.file_id !== null && (r.kind === 'values' || r.kind === 'shipments')) {
      const table = r.kind === 'values' ? 'normalized_lines' : 'shipments';
      touches = (await wh.all<{ t: string }>(`SELECT DISTINCT service || '|' || year(departure_date) AS t FROM ${table} WHERE file_id = ? ORDER BY 1`, [r.file_id]).catch(() => [])).map((x) => x.t);
    }
    out.push({ name: r.name, kind: r.kind, action: r.before === null ? 'new' : r.after === null ? 'removed' : 'revised', before: r.before, after: r.after, touches });
  }
  return out;
}

/**
 * The release part of a bulletin's data.
 * @example Object.assign(data, await releaseData(wh, data, options));
 */
export async function releaseData(
  wh: Warehouse,
  data: BulletinData,
  options: Pick<RunOptions, 'finalAfterDays' | 'workspace'>,
): Promise<Pick<BulletinData, 'finalAfterDays' | 'release' | 'vintages'>> {
  const base = { finalAfterDays: options.finalAfterDays ?? DEFAULT_FINAL_AFTER_DAYS };
  await syncReleases(wh, options.workspace);
  const bulletin = bulletinName(data.year, data.kind);
  const [last] = await wh.all<{ id: string; as_of: string }>(
    `SELECT release_id AS id, CAST(as_of AS VARCHAR) AS as_of FROM releases WHERE bulletin = ? ORDER BY CAST(split_part(release_id, '-', 4) AS INTEGER) DESC LIMIT 1`, [bulletin]);
  const figures: Partial<Record<Edition, ReleasedFigure[]>> = {};
  let publicationRate: string | null = null;
  if (last) {
    const rows = await wh.all<ReleasedFigure & { edition: Edition; basis: string | null }>(
      `SELECT edition, service, metric, period, unit, basis, value, text FROM release_figures WHERE bulletin = ? AND release_id = ?`, [bulletin, last.id]);
    for (const r of rows) {
      const { edition, basis, ...f } = r;
      (figures[edition] ??= []).push({ ...f, ...(basis !== null ? { basis } : {}) });
      if (r.metric === 'publication_rate') publicationRate = r.value;
    }
  }
  // Vintages: the headline value (no basis) of each service's annual trade value, in every annual release.
  const v = await wh.all<{ service: string; year: number; id: string; date: string; value: string; seq: number }>(`
    SELECT f.service, CAST(f.period AS INTEGER) AS year, r.release_id AS id, CAST(r.as_of AS VARCHAR) AS date,
           min(f.value) AS value, CAST(split_part(r.release_id, '-', 4) AS INTEGER) AS seq
    FROM release_figures f JOIN releases r USING (bulletin, release_id)
    WHERE r.kind = 'annual' AND f.metric = 'trade_value' AND f.unit = 'CNY' AND f.basis IS NULL AND regexp_matches(f.period, '^\\d{4}$')
      AND f.period = CAST(r.year AS VARCHAR) AND f.value IS NOT NULL AND r.year <= ?
    GROUP BY f.service, f.period, r.release_id, r.as_of ORDER BY f.service, year, seq`, [data.year]);
  const vintages: Vintage[] = [];
  for (const row of v) {
    let s = vintages.find((x) => x.service === row.service && x.year === row.year);
    if (!s) vintages.push((s = { service: row.service, year: row.year, releases: [] }));
    s.releases.push({ id: row.id, date: row.date, value: row.value });
  }
  return {
    ...base,
    ...(last ? { release: { id: last.id, date: last.as_of, figures, publicationRate, changes: await inputChanges(wh, bulletin, last.id) } } : {}),
    ...(vintages.length ? { vintages } : {}),
  };
}

/**
 * Names, on each moved figure, the last release of its bulletin, or of the one its period belongs to (`2025` →
 * the annual 2025 bulletin, `2026-01-01..2026-06-30` → the ytd 2026 one): `release: <id>`.
 * @example report.figures_moved = await nameReleases(wh, workspace, report.figures_moved);
 */
export async function nameReleases<T extends { period: string; bulletin?: string }>(wh: Warehouse, workspace: string, moves: T[]): Promise<(T & { release?: string })[]> {
  if (!moves.length) return moves;
  await syncReleases(wh, workspace);
  const last = new Map((await wh.all<{ bulletin: string; id: string }>(
    `SELECT bulletin, arg_max(release_id, CAST(split_part(release_id, '-', 4) AS INTEGER)) AS id FROM releases GROUP BY bulletin`)).map((r) => [r.bulletin, r.id]));
  return moves.map((m) => {
    const annual = /^\d{4}$/.test(m.period) ? bulletinName(Number(m.period), 'annual') : null;
    const ytd = /^(\d{4})-01-01\.\.\d{4}-\d{2}-\d{2}$/.exec(m.period);
    // A printed figure names its bulletin (`trade-bulletin-2025-annual-en`); a metric, its period.
    const named = m.bulletin?.replace(/-(en|zh)$/, '');
    const id = last.get(named ?? annual ?? (ytd ? bulletinName(Number(ytd[1]), 'ytd') : ''));
    return id ? { ...m, release: id } : m;
  });
}

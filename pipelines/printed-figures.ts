/**
 * Printed figures between runs: every entry of every bulletin's figures.json (the publication
 * rate, annual average rates, headline dollars, the tables, the charts, the methods …), kept in
 * `bulletin_figures` per bulletin and compared with the next run's by their printed text.
 *
 * A figure is identified within its bulletin by (service, metric, period, unit, and its basis with
 * the numbers taken out, since the basis of a headline dollar figure names the rate); where a
 * bulletin prints one figure in several ways (a sentence and a table cell), its texts are
 * compared as one sorted list. A bulletin printed for the first time lists nothing (there is
 * nothing to compare with).
 *
 * Contract of bulletin_figures: (slug, key) unique; texts = the figure's printed texts joined
 * by ' | ', sorted. Written after the bulletins are in place, so that a run killed before that
 * lists the same moves again on the next run.
 */
import { listValue } from '@duckdb/node-api';
import { buildTradeBulletin } from '../reports/trade/view.js';
import type { Figure } from '../reports/figures.js';
import type { BulletinJob } from './publish.js';
import type { Warehouse } from './warehouse.js';

/** One printed figure that a run changed (before/after: the printed texts; null when it appears or goes). */
export interface PrintedMove {
  bulletin: string;
  service: string;
  period: string;
  metric: string;
  unit: string;
  basis: string | null;
  before: string | null;
  after: string | null;
}

interface Entry {
  slug: string;
  key: string;
  service: string;
  metric: string;
  period: string;
  unit: string;
  basis: string | null;
  texts: string;
}

const TABLE = `CREATE TABLE IF NOT EXISTS bulletin_figures (slug VARCHAR NOT NULL, key VARCHAR NOT NULL, service VARCHAR, metric VARCHAR,
  period VARCHAR, unit VARCHAR, basis VARCHAR, texts VARCHAR, PRIMARY KEY (slug, key))`;

/** The printed figures of each job's bulletin, one entry per figure identity. */
export function printedFigures(jobs: BulletinJob[]): Entry[] {
  const out: Entry[] = [];
  for (const job of jobs) {
    const { view, figures } = buildTradeBulletin(job.data, job.edition);
    const byKey = new Map<string, { f: Figure; texts: Set<string> }>();
    for (const f of figures) {
      const key = [f.service, f.metric, f.period, f.unit, basisKey(f.basis)].join('\u0000');
      const e = byKey.get(key) ?? { f, texts: new Set<string>() };
      e.texts.add(f.text);
      byKey.set(key, e);
    }
    for (const [key, { f, texts }] of byKey) {
      out.push({ slug: view.slug, key, service: f.service, metric: f.metric, period: f.period, unit: f.unit, basis: f.basis ?? null,
        texts: [...texts].sort().join(' | ') });
    }
  }
  return out;
}

/** The printed figures that differ from those recorded for the same bulletins (bulletins seen before only). */
export async function printedMoves(wh: Warehouse, entries: Entry[]): Promise<PrintedMove[]> {
  await wh.run(TABLE);
  const slugs = [...new Set(entries.map((e) => e.slug))];
  if (!slugs.length) return [];
  const before = await wh.all<Entry>(`SELECT * FROM bulletin_figures WHERE slug IN (SELECT unnest(?::VARCHAR[]))`, [listValue(slugs)]);
  const seen = new Set(before.map((b) => b.slug));
  const old = new Map(before.map((b) => [`${b.slug}\u0001${b.key}`, b]));
  const now = new Map(entries.map((e) => [`${e.slug}\u0001${e.key}`, e]));
  const moves: PrintedMove[] = [];
  for (const [k, e] of now) {
    if (!seen.has(e.slug)) continue;
    const b = old.get(k);
    if (b?.texts !== e.texts) moves.push(move(e, b?.texts ?? null, e.texts));
  }
  for (const [k, b] of old) if (!now.has(k)) moves.push(move(b, b.texts, null));
  return moves.sort((a, b) => (a.bulletin + a.service + a.period + a.metric + a.unit).localeCompare(b.bulletin + b.service + b.period + b.metric + b.unit));
}

/** Records the printed figures of these bulletins (replacing what was recorded for them). */
export async function storePrinted(wh: Warehouse, entries: Entry[]): Promise<void> {
  await wh.run(TABLE);
  const slugs = [...new Set(entries.map((e) => e.slug))];
  if (!slugs.length) return;
  await wh.transaction(async () => {
    await wh.run(`DELETE FROM bulletin_figures WHERE slug IN (SELECT unnest(?::VARCHAR[]))`, [listValue(slugs)]);
    const app = await wh.conn.createAppender('bulletin_figures');
    for (const e of entries) {
      for (const v of [e.slug, e.key, e.service, e.metric, e.period, e.unit]) app.appendVarchar(v);
      if (e.basis === null) app.appendNull();
      else app.appendVarchar(e.basis);
      app.appendVarchar(e.texts);
      app.endRow();
    }
    app.closeSync();
  });
}

/**
 * A basis without its numbers: a headline dollar figure's basis names the rate it divides by
 * ("CNY value ÷ 7.1 CNY per USD (2025-12-31, …)"), which is what moves, not which figure it is.
 */
const basisKey = (basis: string | undefined): string => (basis ?? '').replace(/\d[\d.,\-/]*/g, '#');

const move = (e: Entry, before: string | null, after: string | null): PrintedMove => ({
  bulletin: e.slug, service: e.service, period: e.period, metric: e.metric, unit: e.unit, basis: e.basis, before, after,
});

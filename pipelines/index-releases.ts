/**
 * The releases part of the editors' index: beside each bulletin's draft, its releases (newest
 * first), each with its date, what it froze, links to its files and to the release before it;
 * and whether the draft differs from its last release ("3 figures revised since the release of
 * 12 March 2026"). Read from the releases' manifest.json files; paths relative to bulletins/.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { longDate } from '../lib/dates.js';
import { escapeHtml as e } from '../reports/html-template.js';
import { releaseIds, releasesDir, type ReleaseManifest } from './release.js';

/** One release as the index shows it. */
export interface IndexRelease {
  bulletin: string;
  id: string;
  asOf: string;
  runId: number;
  editions: string[];
  files: { path: string; kind: string }[];
  previous: string | null;
}

/** A draft's standing against its last release (figures.json `last_release`). */
export interface DraftRelease {
  id: string;
  date: string;
  revised: number;
}

/** Every release of a bulletin (`trade-bulletin-2025-annual`), oldest first. */
export async function readReleases(workspace: string, bulletin: string): Promise<IndexRelease[]> {
  const out: IndexRelease[] = [];
  let previous: string | null = null;
  for (const id of await releaseIds(workspace, bulletin)) {
    const text = await readFile(join(releasesDir(workspace, bulletin), id, 'manifest.json'), 'utf8').catch(() => null);
    if (text === null) continue;
    const m = JSON.parse(text) as ReleaseManifest;
    out.push({ bulletin, id, asOf: m.as_of, runId: m.run_id, editions: m.editions, files: m.files.map((f) => ({ path: f.path, kind: f.kind })), previous });
    previous = id;
  }
  return out;
}

/** "PDF, HTML, figures.json, spreadsheet, 14 charts, 4 tables (CSV)": what a release froze. */
function froze(r: IndexRelease): string {
  const n = (test: (p: string) => boolean) => r.files.filter((f) => test(f.path)).length;
  const parts = [
    `${n((p) => p.endsWith('.pdf'))} PDF`, `${n((p) => p.endsWith('.html'))} HTML`, `${n((p) => p.endsWith('.figures.json'))} figures.json`,
    `${n((p) => p.endsWith('.xlsx'))} spreadsheet`, `${n((p) => p.startsWith('charts/'))} chart files`, `${n((p) => p.startsWith('tables/'))} CSV tables`,
  ];
  return `${parts.join(', ')} (${r.editions.join(', ')}; run ${r.runId})`;
}

/** The draft's line: how it stands against its last release. */
export function draftLine(last: DraftRelease | null | undefined): string {
  if (!last) return 'Draft: not released yet (trade-bulletin release --year YYYY freezes it).';
  const when = longDate(last.date);
  if (last.revised === 0) return `Draft: no figure revised since the release of ${when}.`;
  return `Draft: ${last.revised} figure${last.revised === 1 ? '' : 's'} revised since the release of ${when}.`;
}

/**
 * The releases column of one bulletin (newest first), with the draft's line above it.
 * @example releasesHtml(await readReleases(ws, 'trade-bulletin-2025-annual'), { id, date, revised: 3 })
 */
export function releasesHtml(releases: IndexRelease[], draft: DraftRelease | null | undefined): string {
  const href = (r: IndexRelease, p: string) => `../releases/${r.bulletin}/${r.id}/${p}`;
  const items = [...releases].reverse().map((r) => {
    const pdfs = r.files.filter((f) => f.path.endsWith('.pdf')).map((f) => `<a href="${e(href(r, f.path))}">${e(f.path.replace(/^.*-(en|zh)\.pdf$/, '$1').toUpperCase())} PDF</a>`);
    const sheets = r.files.filter((f) => f.path.endsWith('.xlsx')).map((f) => `<a href="${e(href(r, f.path))}">${e(f.path.replace(/^.*-(en|zh)\.xlsx$/, '$1').toUpperCase())} spreadsheet</a>`);
    const prev = r.previous ? `<a href="#${e(`${r.bulletin}-${r.previous}`)}">previous release</a>` : 'first release';
    return `<li id="${e(`${r.bulletin}-${r.id}`)}"><strong>${e(longDate(r.asOf))}</strong> <code>${e(r.id)}</code><br>
      Froze ${e(froze(r))}.<br>${[...pdfs, ...sheets, `<a href="${e(href(r, 'manifest.json'))}">manifest.json</a>`].join(' · ')} · ${prev}</li>`;
  });
  return `<aside class="releases" aria-label="Releases">
    <p class="draft">${e(draftLine(draft))}</p>
    <h4>Releases</h4>
    ${items.length ? `<ol class="release-list">${items.join('\n')}</ol>` : '<p>None yet.</p>'}
  </aside>`;
}

/**
 * The editors' index: `<workspace>/bulletins/index.html`, a static page listing every
 * bulletin in the workspace, newest first, one entry per bulletin with its editions side by
 * side (English and Chinese): the date its data are as of (the run's as-of, never the clock),
 * its status (as its figures carry it: provisional for a year to date, and for a complete year
 * until final_after_days days after its end, then final), and per edition a
 * cover thumbnail, key figures, page count, file size and links to the PDF, the HTML edition,
 * figures.json and the charts. Built from the files on disk, so it stays complete after
 * `run --year` rebuilds a single year. No script, no external resource; WCAG 2.2 AA (tested
 * with axe-core).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { escapeHtml } from '../reports/html-template.js';
import { longDate } from '../lib/dates.js';
import { count, fixedGrouped } from '../reports/press/round.js';
import { DEFAULT_FINAL_AFTER_DAYS, figureStatus, finalFrom } from '../reports/status.js';
import { writeOutput, type Output } from './publish.js';
import { readReleases, releasesHtml, type DraftRelease, type IndexRelease } from './index-releases.js';

/** One edition of a bulletin as the index lists it (paths relative to bulletins/). */
export interface IndexEntry {
  slug: string;
  title: string;
  year: number;
  kind: 'annual' | 'ytd';
  edition: 'en' | 'zh';
  asOf: string;
  /** Last day of the bulletin's period (ISO), when figures.json gives it. */
  periodEnd: string | null;
  /** Days after its year's end that the bulletin's figures stay provisional (figures.json `final_after_days`). */
  finalAfterDays: number;
  keyFigures: { label: string; value: string; detail: string }[];
  pdf: string;
  html: string | null;
  figures: string;
  cover: string;
  /** Pages of the PDF, or null when it cannot be read. */
  pages: number | null;
  /** Bytes of the PDF, or null when it is missing. */
  bytes: number | null;
  charts: { id: string; title: string; svg: string; png: string; spec: string }[];
  /** The bulletin's last release, as the draft's figures.json names it (absent before the first). */
  lastRelease?: DraftRelease;
}

interface FiguresDoc {
  bulletin: string; title: string; year: number; kind: 'annual' | 'ytd'; edition: 'en' | 'zh'; as_of: string; pdf: string; html?: string; cover?: string;
  period?: { end?: string }; final_after_days?: number;
  key_figures?: IndexEntry['keyFigures']; charts?: IndexEntry['charts']; last_release?: DraftRelease;
}

/** Pages and bytes of a PDF on disk (nulls when it is missing or unreadable: the index still lists it). */
async function pdfFacts(path: string): Promise<{ pages: number | null; bytes: number | null }> {
  const bytes = await stat(path).then((s) => s.size, () => null);
  if (bytes === null) return { pages: null, bytes };
  const pages = await readFile(path)
    .then((b) => PDFDocument.load(b, { updateMetadata: false }))
    .then((d) => d.getPageCount(), () => null);
  return { pages, bytes };
}

/** Reads the entries from `<bulletinsDir>/<year>/*.figures.json`. */
export async function readEntries(bulletinsDir: string): Promise<IndexEntry[]> {
  const entries: IndexEntry[] = [];
  // Year folders are links into the current bulletin set (see bulletin-sets.ts): stat follows them.
  const names = (await readdir(bulletinsDir).catch(() => [] as string[])).filter((n) => /^\d{4}$/.test(n));
  const years: { name: string }[] = [];
  for (const name of names) if ((await stat(join(bulletinsDir, name)).catch(() => null))?.isDirectory()) years.push({ name });
  for (const y of years) {
    for (const f of (await readdir(join(bulletinsDir, y.name))).filter((n) => n.endsWith('.figures.json')).sort()) {
      const doc = JSON.parse(await readFile(join(bulletinsDir, y.name, f), 'utf8')) as FiguresDoc;
      const rel = (p: string) => `${y.name}/${p}`;
      const facts = await pdfFacts(join(bulletinsDir, y.name, doc.pdf));
      entries.push({
        slug: doc.bulletin, title: doc.title, year: doc.year, kind: doc.kind, edition: doc.edition, asOf: doc.as_of,
        periodEnd: doc.period?.end ?? null, finalAfterDays: doc.final_after_days ?? DEFAULT_FINAL_AFTER_DAYS,
        keyFigures: doc.key_figures ?? [], pdf: rel(doc.pdf), html: doc.html ? rel(doc.html) : null, figures: rel(f),
        cover: rel(doc.cover ?? `${doc.bulletin}.cover.png`), ...facts,
        charts: (doc.charts ?? []).map((c) => ({ ...c, svg: rel(c.svg), png: rel(c.png), spec: rel(c.spec) })),
        ...(doc.last_release ? { lastRelease: doc.last_release } : {}),
      });
    }
  }
  const kindOrder = { ytd: 0, annual: 1 } as const;
  return entries.sort((a, b) => b.year - a.year || kindOrder[a.kind] - kindOrder[b.kind] || a.edition.localeCompare(b.edition));
}

const e = escapeHtml;
const KIND = { annual: 'Annual', ytd: 'Year to date' } as const;
const EDITION = { en: 'English', zh: '中文' } as const;
const LANG = { en: 'en', zh: 'zh-CN' } as const;

/** "845 KB", "1.2 MB": the size an editor reads (1 KB = 1,024 bytes). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${count(bytes)} bytes`;
  if (bytes < 1024 * 1024) return `${count(Math.round(bytes / 1024))} KB`;
  return `${fixedGrouped(String(bytes / (1024 * 1024)), 1)} MB`;
}

/**
 * A bulletin's status for editors, as its figures carry it (reports/status.ts): a year to date is
 * provisional; a complete year stays provisional until `finalAfterDays` days after its end (late
 * declarations and corrected files still arrive), and says from when it is final.
 */
export function bulletinStatus(x: Pick<IndexEntry, 'kind' | 'year' | 'asOf' | 'periodEnd' | 'finalAfterDays'>): string {
  if (x.kind === 'ytd') return `Provisional: year to date, data to ${longDate(x.periodEnd ?? x.asOf)}`;
  // A year is complete on its last day (an as-of of 31 December prints its annual bulletin, metrics.ts periodsAt).
  if (!(x.periodEnd && x.periodEnd <= x.asOf)) return 'Provisional';
  return figureStatus(String(x.year), x.asOf, x.finalAfterDays) === 'final'
    ? 'Final: complete year'
    : `Provisional: complete year, final from ${longDate(finalFrom(x.year, x.finalAfterDays))}`;
}

function edition(x: IndexEntry): string {
  const figures = x.keyFigures
    .map((k) => `<li><span class="v">${e(k.value)}</span> <span class="l">${e(k.label)}</span> <span class="d">${e(k.detail)}</span></li>`)
    .join('');
  const charts = x.charts
    .map((c) => `<li>${e(c.title)}: <a href="${e(c.svg)}">SVG</a> · <a href="${e(c.png)}">PNG</a> · <a href="${e(c.spec)}">Vega-Lite</a></li>`)
    .join('');
  const facts = [x.pages === null ? null : `${count(x.pages)} page${x.pages === 1 ? '' : 's'}`, x.bytes === null ? null : fileSize(x.bytes)].filter(Boolean).join(', ');
  const lang = LANG[x.edition];
  return `<section class="edition" id="${e(x.slug)}" aria-labelledby="${e(x.slug)}-h">
    <a class="thumb" href="${e(x.pdf)}"><img src="${e(x.cover)}" alt="${e(`Cover of ${x.title} (PDF)`)}" width="159" height="207"></a>
    <div class="body">
      <h4 id="${e(x.slug)}-h">${e(EDITION[x.edition])}: <span lang="${lang}">${e(x.title)}</span></h4>
      <p class="links"><a href="${e(x.pdf)}">PDF</a>${facts ? ` <span class="facts">(${e(facts)})</span>` : ''} · ${x.html ? `<a href="${e(x.html)}">HTML</a> · ` : ''}<a href="${e(x.figures)}">figures.json</a></p>
      <ul class="figures" lang="${lang}">${figures}</ul>
      <details><summary>Charts (${x.charts.length})</summary><ul class="charts" lang="${lang}">${charts}</ul></details>
    </div>
  </section>`;
}

/** One bulletin (a year and kind) with its editions, English first, and its releases beside them. */
function bulletin(editions: IndexEntry[], releases: Map<string, IndexRelease[]>): string {
  const first = editions[0]!;
  const id = `trade-bulletin-${first.year}-${first.kind}`;
  const asOf = [...new Set(editions.map((x) => x.asOf))].map((d) => longDate(d)).join(', ');
  return `<article class="bulletin" aria-labelledby="${id}-h">
  <h3 id="${id}-h">${first.year} · ${e(KIND[first.kind])}</h3>
  <dl class="meta">
    <div><dt>Data as of</dt><dd>${e(asOf)}</dd></div>
    <div><dt>Status</dt><dd>${e(bulletinStatus(first))}</dd></div>
    <div><dt>Editions</dt><dd>${editions.map((x) => e(EDITION[x.edition])).join(', ')}</dd></div>
  </dl>
  <div class="side"><div class="editions">${editions.map(edition).join('\n')}</div>
  ${releasesHtml(releases.get(id) ?? [], first.lastRelease)}</div>
</article>`;
}

/** What the runner knows of the run that writes the index (its as-of date and status). */
export interface IndexRun {
  asOf: string;
  status: string;
}

/**
 * The index page's HTML: no script, no external resource, every value escaped.
 * @example renderIndexHtml(await readEntries('workspace/bulletins'), { asOf: '2026-06-30', status: 'ok' })
 */
export function renderIndexHtml(entries: IndexEntry[], run?: IndexRun, releases: Map<string, IndexRelease[]> = new Map()): string {
  const years = [...new Set(entries.map((x) => x.year))];
  const groups = (y: number) => {
    const forYear = entries.filter((x) => x.year === y);
    return [...new Set(forYear.map((x) => x.kind))].map((k) => forYear.filter((x) => x.kind === k));
  };
  const body = years
    .map((y) => `<section aria-labelledby="y${y}"><h2 id="y${y}">${y}</h2>\n${groups(y).map((g) => bulletin(g, releases)).join('\n')}</section>`)
    .join('\n');
  const bulletins = new Set(entries.map((x) => `${x.year}-${x.kind}`)).size;
  const runLine = run ? `<p class="run">Last run: data as of ${e(longDate(run.asOf))} · status ${e(run.status)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Bulletins: Eurasian rail freight trade</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:'Noto Sans','Noto Sans CJK SC',sans-serif;margin:2rem auto;max-width:72rem;color:#1b2733;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{border-bottom:2px solid #1f3a5f;padding-bottom:.2rem;margin-top:2rem}
.bulletin{padding:1rem 0;border-bottom:1px solid #d9dee4}.bulletin h3{margin:0 0 .4rem;font-size:1.2rem}
.meta{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0 0 .75rem;font-size:.92rem}.meta div{display:flex;gap:.4rem}.meta dt{font-weight:700}.meta dd{margin:0}
.editions{display:grid;grid-template-columns:repeat(auto-fit,minmax(30rem,1fr));gap:1rem 2rem}
.edition{display:flex;gap:1rem}.body{flex:1}
.thumb img{border:1px solid #c8ced6;background:#fff}
h4{margin:0 0 .2rem;font-size:1rem;color:#1f3a5f}
.figures{list-style:none;padding:0;margin:.4rem 0;display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:.35rem 1rem}
.figures .v{font-weight:700;color:#1f3a5f}.figures .l,.figures .d{display:block;font-size:.85rem;color:#4a5560}
.side{display:grid;grid-template-columns:minmax(0,3fr) minmax(14rem,1fr);gap:1rem 2rem}.releases{font-size:.9rem;border-left:3px solid #1f3a5f;padding-left:1rem}.release-list{padding-left:1.2rem}.draft{font-weight:700}
a{color:#1a56a0;text-decoration:underline}.facts{color:#4a5560}.charts{font-size:.9rem}.run,.intro{color:#4a5560;margin:.25rem 0}
</style>
</head>
<body>
<header>
<h1>Bulletins</h1>
<p class="intro">${count(bulletins)} bulletin${bulletins === 1 ? '' : 's'} in ${count(entries.length)} edition files: each PDF with its HTML edition, the figures behind every printed number (figures.json) and its charts as SVG, PNG and Vega-Lite JSON.</p>
${runLine}
</header>
<main>
${body || '<p>No bulletins yet: run <code>trade-bulletin nightly</code>.</p>'}
</main>
</body>
</html>
`;
}

/** Writes `<workspace>/bulletins/index.html` (atomically) from what is on disk; `run` names the run writing it. */
export async function writeIndex(workspace: string, run?: IndexRun): Promise<Output> {
  const dir = join(workspace, 'bulletins');
  const entries = await readEntries(dir);
  const releases = new Map<string, IndexRelease[]>();
  for (const b of new Set(entries.map((x) => `trade-bulletin-${x.year}-${x.kind}`))) releases.set(b, await readReleases(workspace, b));
  return writeOutput(join(dir, 'index.html'), renderIndexHtml(entries, run, releases), 'html');
}

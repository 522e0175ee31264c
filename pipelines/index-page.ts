/**
 * The editors' index: `<workspace>/bulletins/index.html`, a static page listing every
 * bulletin in the workspace by year, kind and edition, with its key figures, a thumbnail of
 * its cover and links to the PDF, figures.json and the charts. Built from the figures.json
 * files on disk, so it stays complete after `run --year` rebuilds a single year.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { escapeHtml } from '../reports/html-template.js';
import { writeOutput, type Output } from './publish.js';

/** One bulletin as the index lists it (paths relative to bulletins/). */
export interface IndexEntry {
  slug: string;
  title: string;
  year: number;
  kind: 'annual' | 'ytd';
  edition: 'en' | 'zh';
  asOf: string;
  keyFigures: { label: string; value: string; detail: string }[];
  pdf: string;
  figures: string;
  cover: string;
  charts: { id: string; title: string; svg: string; png: string; spec: string }[];
}

interface FiguresDoc {
  bulletin: string; title: string; year: number; kind: 'annual' | 'ytd'; edition: 'en' | 'zh'; as_of: string; pdf: string; cover?: string;
  key_figures?: IndexEntry['keyFigures']; charts?: IndexEntry['charts'];
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
      entries.push({
        slug: doc.bulletin, title: doc.title, year: doc.year, kind: doc.kind, edition: doc.edition, asOf: doc.as_of,
        keyFigures: doc.key_figures ?? [], pdf: rel(doc.pdf), figures: rel(f), cover: rel(doc.cover ?? `${doc.bulletin}.cover.png`),
        charts: (doc.charts ?? []).map((c) => ({ ...c, svg: rel(c.svg), png: rel(c.png), spec: rel(c.spec) })),
      });
    }
  }
  const kindOrder = { ytd: 0, annual: 1 } as const;
  return entries.sort((a, b) => b.year - a.year || kindOrder[a.kind] - kindOrder[b.kind] || a.edition.localeCompare(b.edition));
}

const e = escapeHtml;
const KIND = { annual: 'Annual', ytd: 'Year to date' } as const;
const EDITION = { en: 'English', zh: '中文 (zh-CN)' } as const;

function card(x: IndexEntry): string {
  const figures = x.keyFigures
    .map((k) => `<li><span class="v">${e(k.value)}</span> <span class="l">${e(k.label)}</span> <span class="d">${e(k.detail)}</span></li>`)
    .join('');
  const charts = x.charts
    .map((c) => `<li>${e(c.title)}: <a href="${e(c.svg)}">SVG</a> · <a href="${e(c.png)}">PNG</a> · <a href="${e(c.spec)}">Vega-Lite</a></li>`)
    .join('');
  return `<article class="bulletin" id="${e(x.slug)}" lang="${x.edition === 'zh' ? 'zh-CN' : 'en'}">
  <a class="thumb" href="${e(x.pdf)}"><img src="${e(x.cover)}" alt="${e(`Cover of ${x.title}`)}" width="159" height="207"></a>
  <div class="body">
    <h3><a href="${e(x.pdf)}">${e(x.title)}</a></h3>
    <p class="meta">${e(KIND[x.kind])} · ${e(EDITION[x.edition])} · data as of ${e(x.asOf)}</p>
    <ul class="figures">${figures}</ul>
    <p class="links"><a href="${e(x.pdf)}">PDF</a> · <a href="${e(x.figures)}">figures.json</a></p>
    <details><summary>Charts (${x.charts.length})</summary><ul class="charts">${charts}</ul></details>
  </div>
</article>`;
}

/**
 * The index page's HTML: no script, no external resource, every value escaped.
 * @example renderIndexHtml(await readEntries('workspace/bulletins'))
 */
export function renderIndexHtml(entries: IndexEntry[]): string {
  const years = [...new Set(entries.map((x) => x.year))];
  const body = years
    .map((y) => `<section><h2>${y}</h2>\n${entries.filter((x) => x.year === y).map(card).join('\n')}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>trade-bulletin: bulletins</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:'Noto Sans','Noto Sans CJK SC',sans-serif;margin:2rem auto;max-width:64rem;color:#1b2733;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{border-bottom:2px solid #1f3a5f;padding-bottom:.2rem;margin-top:2rem}
.bulletin{display:flex;gap:1.25rem;padding:1rem 0;border-bottom:1px solid #d9dee4}.body{flex:1}
.thumb img{border:1px solid #c8ced6;box-shadow:0 1px 3px rgba(0,0,0,.15);background:#fff}
h3{margin:0 0 .2rem;font-size:1.1rem}h3 a{color:#1f3a5f;text-decoration:none}
.meta{margin:0 0 .5rem;color:#5a6570;font-size:.9rem}
.figures{list-style:none;padding:0;margin:0 0 .5rem;display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.35rem 1rem}
.figures .v{font-weight:700;color:#1f3a5f}.figures .l,.figures .d{display:block;font-size:.82rem;color:#5a6570}
.links a,.charts a{color:#1f5fa5}.charts{font-size:.88rem}
</style>
</head>
<body>
<h1>Bulletins</h1>
<p class="meta">${entries.length} bulletin${entries.length === 1 ? '' : 's'}: each PDF with the figures behind every printed number and its charts as SVG, PNG and Vega-Lite JSON.</p>
${body || '<p>No bulletins yet: run <code>trade-bulletin nightly</code>.</p>'}
</body>
</html>
`;
}

/** Writes `<workspace>/bulletins/index.html` (atomically) from what is on disk. */
export async function writeIndex(workspace: string): Promise<Output> {
  const dir = join(workspace, 'bulletins');
  return writeOutput(join(dir, 'index.html'), renderIndexHtml(await readEntries(dir)), 'html');
}

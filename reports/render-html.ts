/**
 * BulletinView + rendered charts → one self-contained HTML document, ready to print.
 *
 * The markup lives in templates/bulletin.html (with templates/bulletin.css inlined into it);
 * this module builds the repeated parts (key figures, sections, figures, tables) with the
 * escaping `html` tag and fills the template's slots. Every string from the view is escaped;
 * chart SVGs come from vega and pass `trustSvg`'s checks before they are inlined.
 */
import { readFileSync } from 'node:fs';
import { StageError } from '../lib/errors.js';
import { projectPath } from '../lib/paths.js';
import type { BulletinView, Edition, RenderedChart, TableView } from './model.js';
import { escapeHtml, fillSlots, html, trustCss, trustSvg, type TrustedHtml } from './html-template.js';
import { langText } from './lang-spans.js';
import { WORDS, editionLabel, numbered } from './layout-words.js';
import { colophon, coverFacts, inBrief, issuer } from './render-cover.js';

const TOTAL_ROW = /^(total|all services|合计|总计)$/iu;

let template: { page: string; css: string } | null = null;
function loadTemplate(): { page: string; css: string } {
  // Project files, read once per process (like the reference data).
  template ??= {
    page: readFileSync(projectPath('templates', 'bulletin.html'), 'utf8'),
    css: readFileSync(projectPath('templates', 'bulletin.css'), 'utf8'),
  };
  return template;
}

/**
 * The numbers the page itself prints beside the view's texts: figure and table numbers
 * ("Figure 1", "Table 2"; "图1", "表2"), the year in the edition line and the publisher's own
 * strings (a licence "CC BY 4.0", a telephone number): exempt from the agreement check as
 * references and a date.
 */
export function pageExemptions(view: BulletinView): { kind: 'date' | 'ref'; text: string }[] {
  const figures = view.sections.reduce((n, s) => n + s.chartIds.length, 0);
  const tables = view.sections.filter((s) => s.table).length + (view.methods.table ? 1 : 0);
  const ref = (text: string) => ({ kind: 'ref' as const, text });
  const p = view.publisher;
  return [
    ...Array.from({ length: figures }, (_, i) => ref(numbered(view.edition, 'figure', i + 1))),
    ...Array.from({ length: tables }, (_, i) => ref(numbered(view.edition, 'table', i + 1))),
    { kind: 'date', text: editionLabel(view) },
    ...(p ? [p.name, p.name_zh ?? '', p.contact, p.licence, p.url].filter((x) => x).map(ref) : []),
  ];
}

/** The SVG root tagged as an image with the alt text as its accessible name. */
function svgAsImage(chart: RenderedChart): TrustedHtml {
  const svg = trustSvg(chart.svg);
  const tagged = svg.html.replace(/^<svg\b([^>]*)>/u, (_m, attrs: string) => {
    const kept = attrs.replace(/\s(?:role|aria-label|aria-roledescription)="[^"]*"/gu, '');
    return `<svg${kept} role="img" aria-label="${escapeHtml(chart.alt)}">`;
  });
  return trustSvg(tagged);
}

/**
 * A chart as a figure. The figure is a group named by its caption, and the SVG inside it the
 * one image with alt text: the tagged PDF gets one Figure (with /Alt) beside its Caption, not
 * a Figure without alt text around another.
 */
function figure(chart: RenderedChart, n: number, edition: Edition): TrustedHtml {
  return html`<figure class="chart" id="figure-${chart.id}" role="group" aria-labelledby="figure-${chart.id}-caption">
    <figcaption id="figure-${chart.id}-caption">${numbered(edition, 'figure', n)}</figcaption>
    ${svgAsImage(chart)}
  </figure>`;
}

/**
 * A table as printed: caption with its number, a repeating header row, rows whose first cell
 * is a row header, right-aligned numbers, notes below.
 * @example tableHtml(view.sections[0].table, 1, 'en');
 */
export function tableHtml(table: TableView, n: number, edition: Edition): TrustedHtml {
  const cls = (i: number): string => (table.align[i] === 'right' ? 'r' : 'l');
  const t = (text: string): TrustedHtml => langText(text, edition);
  const head = table.head.map((h, i) => html`<th scope="col" class="${cls(i)}">${t(h)}</th>`);
  const rows = table.rows.map((row) => {
    const cells = row.map((c, i) =>
      i === 0 ? html`<th scope="row" class="${cls(i)}">${t(c)}</th>` : html`<td class="${cls(i)}">${t(c)}</td>`,
    );
    return html`<tr${TOTAL_ROW.test((row[0] ?? '').trim()) ? html` class="total"` : ''}>${cells}</tr>\n`;
  });
  const notes = table.notes.length
    ? html`<div class="table-notes">${table.notes.map((note) => html`<p>${t(note)}</p>`)}</div>`
    : '';
  return html`<div class="table-block">
    <table class="data">
      <caption>
        <span class="tab-no">${numbered(edition, 'table', n)}</span
        >${t(table.caption)}
      </caption>
      <thead>
        <tr>
          ${head}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
    ${notes}
  </div>`;
}

/**
 * Renders the bulletin's HTML. Throws a StageError when a section names a chart that was not
 * rendered.
 * @example const page = renderBulletinHtml(view, await renderCharts(chartData, view.edition));
 */
export function renderBulletinHtml(view: BulletinView, charts: RenderedChart[]): string {
  const words = WORDS[view.edition];
  const t = (text: string): TrustedHtml => langText(text, view.edition);
  const byId = new Map(charts.map((c) => [c.id, c]));
  let figureNo = 0;
  let tableNo = 0;
  const contents: { id: string; heading: string; items: string[] }[] = [{ id: 'highlights', heading: words.highlights, items: [] }];
  const sections = view.sections.map((s, i) => {
    const id = `section-${i + 1}`;
    const refs: string[] = [];
    const labels: string[] = [];
    const figures = s.chartIds.map((chartId) => {
      const chart = byId.get(chartId);
      if (!chart)
        throw new StageError(
          'render-html',
          `section "${s.heading}" names chart "${chartId}", which was not rendered`,
        );
      const n = ++figureNo;
      labels.push(numbered(view.edition, 'figure', n));
      refs.push(words.ref(numbered(view.edition, 'figure', n), chart.title));
      return figure(chart, n, view.edition);
    });
    let table: TrustedHtml | '' = '';
    if (s.table) {
      const n = ++tableNo;
      labels.push(numbered(view.edition, 'table', n));
      refs.push(words.ref(numbered(view.edition, 'table', n), s.table.caption));
      table = tableHtml(s.table, n, view.edition);
    }
    contents.push({ id, heading: s.heading, items: labels });
    // The text refers to every figure and table of its section, by number.
    const see = refs.length ? html` <p class="see">${t(words.see(refs))}</p> ` : '';
    return html`
      <section class="section" id="${id}">
        <h2>${t(s.heading)}</h2>
        ${s.paragraphs.map((p) => html` <p>${t(p)}</p> `)}${see}${figures}${table}
      </section>
    `;
  });
  const methodsTable = view.methods.table ? { n: ++tableNo, table: view.methods.table } : null;
  contents.push({ id: 'methods', heading: view.methods.heading, items: methodsTable ? [numbered(view.edition, 'table', methodsTable.n)] : [] });
  contents.push({ id: 'colophon', heading: words.about, items: [] });
  const methods = html`${view.methods.paragraphs.map((p) => html` <p>${t(p)}</p> `)}${
    methodsTable ? tableHtml(methodsTable.table, methodsTable.n, view.edition) : ''
  }`;
  const brief = inBrief(view);
  const { page, css } = loadTemplate();
  return fillSlots(
    page,
    {
      lang: view.lang,
      edition: view.edition,
      kind: view.kind,
      title: view.title,
      subtitle: view.subtitle,
      sourceLine: view.sourceLine,
      author: view.meta.author,
      subject: view.meta.subject,
      keywords: view.meta.keywords.join(', '),
      created: view.meta.creationDate,
      kicker: words.kicker,
      editionLabel: editionLabel(view),
      inBriefLabel: words.inBrief,
      contentsHeading: words.contents,
      highlightsHeading: words.highlights,
      methodsHeading: view.methods.heading,
      keyFigureCount: String(brief.count),
    },
    {
      css: trustCss(css),
      issuer: issuer(view),
      coverFacts: coverFacts(view),
      keyFigures: brief.html,
      contents: html`<ol>
        ${contents.map(
          (c) =>
            html`<li><a href="#${c.id}">${t(c.heading)}</a>${c.items.length ? html` <span class="contents-items">${c.items.join(view.edition === 'zh' ? '、' : ', ')}</span>` : ''}</li>`,
        )}
      </ol>`,
      headlines: html`${view.headlines.map((p) => html` <p>${t(p)}</p> `)}`,
      sections: html`${sections}`,
      methods,
      colophon: colophon(view),
    },
  );
}

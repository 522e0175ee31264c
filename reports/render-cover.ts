/**
 * The parts of a printed bulletin around its text: the cover (issuing body, title, release
 * date, edition, contact, licence, the "In brief" box of key figures), the colophon page and
 * the running footer. All text comes from the view, already formatted, and is escaped.
 */
import type { BulletinView } from './model.js';
import { html, type TrustedHtml } from './html-template.js';
import { langText } from './lang-spans.js';
import { WORDS, editionLabel } from './layout-words.js';

/** At most this many key figures in the "In brief" box. */
const IN_BRIEF_MAX = 5;

/** The issuing body's name in the view's edition, or null. */
export function issuerName(view: BulletinView): string | null {
  const p = view.publisher;
  if (!p) return null;
  return view.edition === 'zh' ? p.name_zh || p.name : p.name;
}

/** A key figure's value with its number set large and its unit small: `5.32` `billion yuan`. */
function figureValue(value: string): TrustedHtml {
  const m = /^([+−-]?[\d.,]+)\s*([^\d\s.,].*)$/u.exec(value.trim());
  return m
    ? html`<span class="kf-number">${m[1]}</span> <span class="kf-unit">${m[2]}</span>`
    : html`<span class="kf-number">${value}</span>`;
}

/** The "In brief" key figures (3–5 points, as the view formatted them). */
export function inBrief(view: BulletinView): { html: TrustedHtml; count: number } {
  const t = (text: string): TrustedHtml => langText(text, view.edition);
  const points = view.keyFigures.slice(0, IN_BRIEF_MAX);
  return {
    count: points.length,
    html: html`${points.map(
      (k) => html`
        <div class="key-figure">
          <p class="key-figure-value">${figureValue(k.value)}</p>
          <p class="key-figure-label">${t(k.label)}</p>
          <p class="key-figure-detail">${t(k.detail)}</p>
        </div>
      `,
    )}`,
  };
}

/** The issuing body at the top of the cover: logo (when configured) and name. */
export function issuer(view: BulletinView): TrustedHtml {
  const name = issuerName(view);
  if (!name) return html``;
  const logo = view.publisher?.logo;
  return html`<p class="cover-issuer">${logo ? html`<img class="cover-logo" src="${logo}" alt="${name}" />` : ''}<span
      class="cover-issuer-name"
      >${langText(name, view.edition)}</span
    ></p>`;
}

/** The cover's facts: issuing body, release date, edition, data as of, contact, licence. */
export function coverFacts(view: BulletinView): TrustedHtml {
  const w = WORDS[view.edition];
  const t = (text: string): TrustedHtml => langText(text, view.edition);
  const name = issuerName(view);
  const p = view.publisher;
  const rows: [string, string][] = [
    ...(name ? ([[w.issuedBy, name]] as [string, string][]) : []),
    [w.released, view.release],
    [w.edition, editionLabel(view)],
    ...(p ? ([[w.contact, p.contact], [w.licence, p.licence], [w.web, p.url]] as [string, string][]) : []),
  ];
  return html`<dl class="cover-facts">
    ${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${t(v)}</dd></div>`)}
  </dl>
  <p class="cover-asof">${t(view.asOfLine)}</p>`;
}

/** The colophon: who issues the bulletin, how to reach them, reuse and citation. */
export function colophon(view: BulletinView): TrustedHtml {
  const w = WORDS[view.edition];
  const t = (text: string): TrustedHtml => langText(text, view.edition);
  const name = issuerName(view);
  const p = view.publisher;
  const facts: [string, string][] = [
    ...(name && p ? ([[w.issuedBy, name], [w.web, p.url]] as [string, string][]) : []),
    [w.released, view.release],
    [w.edition, editionLabel(view)],
    ...(p ? ([[w.contact, p.contact], [w.licence, p.licence]] as [string, string][]) : []),
  ];
  return html`<section class="colophon" id="colophon">
    <h2>${w.about}</h2>
    <dl class="colophon-facts">
      ${facts.map(([k, v]) => html`<div><dt>${k}</dt><dd>${t(v)}</dd></div>`)}
    </dl>
    <p>${t(view.asOfLine)}</p>
    ${name ? html`<p>${t(w.reuse(name))}</p>` : ''}
    ${name && p ? html`<p>${t(w.citeAs(name, view.title, view.release, p.url))}</p>` : ''}
    <p>${t(w.figuresFile)}</p>
    <p class="colophon-source">${t(view.sourceLine)}</p>
  </section>`;
}

/**
 * The running footer's text (page numbers are added by the printer): the issuing body and
 * the licence, or the source line when no publisher is configured.
 * @example runningFooter(view); // 'Eurasian Rail Freight Statistics Office · CC BY 4.0'
 */
export function runningFooter(view: BulletinView): string {
  const name = issuerName(view);
  return name && view.publisher ? `${name} · ${view.publisher.licence}` : view.sourceLine;
}

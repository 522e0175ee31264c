/**
 * The agreement check, run before a bulletin is printed: every figure's printed text must
 * appear in the HTML, and every decimal number in the bulletin's text and tables must be the
 * printed text of a figure in figures.json. A disagreement stops the bulletin.
 */
import { Decimal } from 'decimal.js';
import { StageError } from '../lib/errors.js';
import type { Figure } from '../reports/figures.js';
import type { RenderedChart } from '../reports/model.js';

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Decimal numbers in a text ("5.32", "1,234.5", "19.1"), normalized without separators. */
export function decimalTokens(text: string): string[] {
  return [...text.matchAll(/(?<![\d.])\d{1,3}(?:,\d{3})*\.\d+|(?<![\d.,])\d+\.\d+/g)].map((m) => m[0].replace(/,/g, ''));
}

/**
 * Every way a figure may be printed after rounding: in billions, millions, 亿, 万 or units,
 * with 0 to 2 decimals (half-up). A chart's number agrees when it is one of these.
 */
export function renderings(figures: Figure[]): Set<string> {
  const out = new Set<string>();
  for (const f of figures) {
    if (f.value === null) continue;
    const v = new Decimal(f.value).abs();
    for (const scale of [1e9, 1e8, 1e6, 1e4, 1]) {
      for (const places of [1, 2]) out.add(v.div(scale).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places));
    }
  }
  return out;
}

/**
 * Throws StageError when the HTML and the figures disagree.
 * @example checkAgreement('trade-bulletin-2025-annual-en', html, charts, figures);
 */
export function checkAgreement(slug: string, html: string, charts: RenderedChart[], figures: Figure[]): void {
  const problems: string[] = [];
  const body = html
    .replace(/<head[\s\S]*?<\/head>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
    // Words tagged with their language (reports/lang-spans.ts) read as the text they wrap.
    .replace(/<span lang="[^"]+" role="generic">([^<]*)<\/span>/g, '$1');
  for (const f of figures) {
    if (f.basis?.startsWith('chart')) continue; // printed inside a chart, checked below
    if (!body.includes(escape(f.text)) && !body.includes(f.text)) problems.push(`figure ${f.service}/${f.metric}/${f.unit} "${f.text}" is not printed`);
  }
  const known = new Set(figures.flatMap((f) => decimalTokens(f.text)));
  // Text outside the methods page (whose definitions quote constants such as 2.25 TEU).
  const checked = body.split(/<section[^>]*class="[^"]*methods[^"]*"/)[0] ?? body;
  // The cover's facts are the publisher's own strings (a licence "CC BY 4.0"), not figures.
  const text = checked.replace(/<dl class="cover-facts">[\s\S]*?<\/dl>/g, ' ').replace(/<[^>]+>/g, ' ');
  for (const token of new Set(decimalTokens(text))) {
    if (!known.has(token)) problems.push(`the number ${token} in the text is not a figure in figures.json`);
  }
  const rendered = renderings(figures);
  for (const c of charts) {
    for (const token of new Set(decimalTokens(c.alt))) {
      if (!known.has(token) && !rendered.has(token)) problems.push(`chart "${c.id}": the number ${token} in its text agrees with no figure`);
    }
  }
  if (problems.length) throw new StageError('agreement', `${slug}: text and figures disagree: ${problems.slice(0, 10).join('; ')}`);
}

/**
 * Running header and footer of printed bulletins, as CSS page-margin boxes (`@page` rules with
 * `@top-left`, `@bottom-left`, `@bottom-right`): Chromium draws them in each page's margins from
 * the document itself, with the document's fonts, and counts `page` and `pages`. (Puppeteer's
 * header and footer templates are separate documents, each loading its own inlined fonts on
 * every page: about 0.6 s of each PDF.) Every text is a CSS string with the characters that
 * could end it, or the `<style>` element around it, escaped; nothing is loaded.
 */
import { textWidth } from '../reports/charts/text-width.js';

/** Running text of a printed bulletin. */
export interface RunningText {
  /** Running header (BulletinView.runningHeader). */
  header: string;
  /** Optional footer text at the left (e.g. the source line); page numbers are at the right. */
  footer?: string;
  /** Language of the page label: `Page N of M` or `第 N 页 / 共 M 页`. */
  lang: 'en' | 'zh-CN';
}

/**
 * `text` as a CSS string: quotes, backslashes, `<`, `>`, `&` and controls as hex escapes, so
 * it can end neither the string nor the `<style>` around it.
 * @example cssString('a "b" </style>'); // '"a \\22 b\\22  \\3C /style\\3E "'
 */
export function cssString(text: string): string {
  // A hex escape swallows one whitespace after it, whatever its length: the escape brings its own.
  const hex = (c: string): string => `\\${c.codePointAt(0)!.toString(16).toUpperCase()} `;
  return `"${[...text].map((c) => (c < ' ' || c === '\u007f' || '"\\<>&'.includes(c) ? hex(c) : c)).join('')}"`;
}

/** The look of the margins: small grey text in the bulletin's fonts, Latin first. */
const BOX = "font-family:'Noto Sans','Noto Sans SC';font-size:7.5pt;font-weight:400;font-style:normal;color:#555;";

/** 7.5 pt in CSS px, and CSS px per mm. */
const FONT_PX = 10;
const PX_PER_MM = 96 / 25.4;

/**
 * `text` cut with "…" to one line of `widthMm` at the margins' size, by the wide-side estimate
 * of reports/charts/text-width.ts: Chromium clips no margin box (text-overflow does nothing
 * there), and a longer text would run over the page label. Should the estimate fall short,
 * the box wraps (white-space is normal) rather than overlap.
 * @example fitLine('Source: a very long publisher name …', 125);
 */
export function fitLine(text: string, widthMm: number): string {
  const room = widthMm * PX_PER_MM;
  if (textWidth(text, FONT_PX) <= room) return text;
  const chars = [...text];
  while (chars.length && textWidth(`${chars.join('').trimEnd()}…`, FONT_PX) > room) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/** The page label around the page number and count. */
function label(lang: RunningText['lang']): [string, string, string] {
  return lang === 'zh-CN' ? ['第 ', ' 页 / 共 ', ' 页'] : ['Page ', ' of ', ''];
}

/**
 * The `@page` rules of the running header (over a hairline across the text column), the footer
 * text at the left and `Page N of M` (or `第 N 页 / 共 M 页`) at the right, on every page.
 * @example const css = marginBoxes({ header: 'Eurasian Rail Freight Trade 2025', footer: 'Source: …', lang: 'en' });
 */
export function marginBoxes(running: RunningText): string {
  const [before, of, after] = label(running.lang);
  return (
    '@page{' +
    `@top-left{content:${cssString(fitLine(running.header, 170))};${BOX}width:100%;vertical-align:bottom;margin-bottom:9mm;padding-bottom:1.5mm;border-bottom:0.4pt solid #999;}` +
    `@bottom-left{content:${cssString(fitLine(running.footer ?? '', 126))};${BOX}width:130mm;vertical-align:top;margin-top:8mm;}` +
    `@bottom-right{content:${cssString(before)} counter(page) ${cssString(of)} counter(pages) ${cssString(after)};${BOX}width:40mm;text-align:right;vertical-align:top;margin-top:8mm;white-space:nowrap;}` +
    '}'
  );
}

/** Every character the margins print (page numbers included): the fonts the document must carry. */
export function marginText(running: RunningText): string {
  return `${fitLine(running.header, 170)}${fitLine(running.footer ?? '', 126)}${label(running.lang).join('')}0123456789`;
}

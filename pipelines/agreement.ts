/**
 * The agreement check, run on the final HTML of a bulletin before it is printed: every number
 * the page shows (text nodes and table cells, the SVG text of the charts, `alt`, `aria-label`,
 * `title` attributes, `<title>` and `<desc>`, the methods page) must be, as a string, the number
 * printed in the `text` of a figure recorded for that bulletin (with its sign, thousands
 * separators and percent sign as printed), unless it stands inside one of the bulletin's exempt
 * texts (dates, figure and table numbers). No rescaling and no rounding: a label that differs by
 * one digit from every figure stops the bulletin. And every figure recorded must be printed.
 *
 * The HTML is read with a small tokenizer (tags, attributes, comments, raw-text elements,
 * character references) rather than with patterns over the markup, so a number in an SVG label
 * or an attribute is read like any other.
 */
import { StageError } from '../lib/errors.js';
import type { Exemption, Figure } from '../reports/figures.js';

/** A run of text as a reader meets it: a block of the page, an SVG label, an attribute value. */
export interface TextChunk {
  /** Where it was found, for messages: `p`, `svg text`, `aria-label` … */
  where: string;
  text: string;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ndash: '–', mdash: '—', minus: '−', thinsp: '\u2009' };

/** Decodes character references (`&amp;`, `&#8722;`, `&#x2212;`). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (m, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return NAMED[ref.toLowerCase()] ?? m;
  });
}

/** Elements whose content is not text to read. */
const RAW = new Set(['style', 'script', 'template']);
/** Inline elements: their text runs on with the text around them. */
const INLINE = new Set(['span', 'a', 'strong', 'em', 'b', 'i', 'sup', 'sub', 'small', 'abbr', 'cite', 'q', 'bdi', 'bdo', 'data', 'time', 'mark', 'u', 's', 'wbr']);
/** Attributes whose values are read out or shown. */
const READ_ATTRS = new Set(['alt', 'aria-label', 'aria-description', 'title', 'aria-valuetext', 'placeholder']);
const CJK = /[\u2E80-\uFFEF]/u;

/**
 * The text of an HTML page, in reading order, as chunks: each block element's text (inline
 * elements run together), each SVG `<text>` (its `<tspan>` lines joined as the line was broken:
 * by a space between Latin words, by nothing between CJK characters), and each value of an
 * attribute a reader is given (`alt`, `aria-label`, `title` …).
 */
export function htmlTexts(html: string): TextChunk[] {
  const out: TextChunk[] = [];
  const stack: string[] = [];
  let buf = '';
  let softBreak = false;
  const flush = (): void => {
    if (buf.trim()) out.push({ where: stack.includes('text') ? 'svg text' : (stack[stack.length - 1] ?? 'document'), text: buf.replace(/\s+/gu, ' ').trim() });
    buf = '';
    softBreak = false;
  };
  const append = (text: string): void => {
    if (softBreak && buf.trim() && text.trim()) {
      const prev = buf.trimEnd().slice(-1);
      const next = text.trimStart()[0] ?? '';
      buf = buf.trimEnd() + (CJK.test(prev) || CJK.test(next) ? '' : ' ');
      text = text.trimStart();
    }
    softBreak = false;
    buf += text;
  };
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      append(decodeEntities(html.slice(i)));
      break;
    }
    if (lt > i) append(decodeEntities(html.slice(i, lt)));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (html.startsWith('<![CDATA[', lt)) {
      const end = html.indexOf(']]>', lt + 9);
      append(html.slice(lt + 9, end < 0 ? n : end));
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (html[lt + 1] === '!' || html[lt + 1] === '?') {
      const end = html.indexOf('>', lt);
      i = end < 0 ? n : end + 1;
      continue;
    }
    const closing = html[lt + 1] === '/';
    const nameMatch = /^[A-Za-z][\w:-]*/u.exec(html.slice(lt + (closing ? 2 : 1), lt + 80));
    if (!nameMatch) {
      // A lone "<" is text.
      append('<');
      i = lt + 1;
      continue;
    }
    const name = nameMatch[0].toLowerCase();
    // Read the attributes up to the closing ">", honouring quotes.
    let j = lt + (closing ? 2 : 1) + nameMatch[0].length;
    const attrs: [string, string][] = [];
    let selfClosing = false;
    while (j < n && html[j] !== '>') {
      if (html[j] === '/' && html[j + 1] === '>') {
        selfClosing = true;
        j++;
        break;
      }
      const am = /^\s*([^\s=/>]+)(?:\s*=\s*("([^"]*)"|'([^']*)'|[^\s>]+))?/u.exec(html.slice(j));
      if (!am || am[0].length === 0) {
        j++;
        continue;
      }
      attrs.push([am[1]!.toLowerCase(), am[3] ?? am[4] ?? (am[2] && !am[2].startsWith('"') && !am[2].startsWith("'") ? am[2] : '')]);
      j += am[0].length;
    }
    i = j + 1;
    const inline = INLINE.has(name);
    if (closing) {
      if (name === 'tspan') softBreak = true;
      else if (!inline) flush();
      const at = stack.lastIndexOf(name);
      if (at >= 0) stack.length = at;
      continue;
    }
    for (const [k, v] of attrs) {
      if (READ_ATTRS.has(k) && v.trim()) out.push({ where: k, text: decodeEntities(v).replace(/\s+/gu, ' ').trim() });
    }
    if (RAW.has(name)) {
      const end = html.toLowerCase().indexOf(`</${name}`, i);
      i = end < 0 ? n : html.indexOf('>', end) + 1 || n;
      continue;
    }
    if (name === 'tspan') {
      if (buf.trim()) softBreak = true;
    } else if (!inline && name !== 'br') flush();
    else if (name === 'br') append(' ');
    if (!selfClosing && !['br', 'img', 'meta', 'link', 'input', 'hr', 'wbr', 'source', 'col'].includes(name)) stack.push(name);
  }
  flush();
  return out;
}

/**
 * The numbers in a text, each as printed: an optional sign (+, −, ±, -) where it is not part of
 * a word or a range, the digits with their thousands separators, decimals, and a percent sign
 * that follows at once. Digits that belong to a Latin identifier ("CO2", "H.10", "G.5A") are not
 * numbers.
 * @example numberTokens('up 1,234.5 (+19.1%) and −2.4 %') // ['1,234.5', '+19.1%', '−2.4']
 */
export function numberTokens(text: string): string[] {
  const out: string[] = [];
  const re = /(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?/gu;
  for (const m of text.matchAll(re)) {
    const at = m.index;
    const before = text.slice(0, at);
    // Part of a longer number ("1.5" after "0." cannot happen: the pattern is greedy), or of an identifier.
    if (/[\d]$/u.test(before) || /[A-Za-z]\.?$/u.test(before) || /\d\.$/u.test(before)) continue;
    let token = m[0];
    const sign = before.slice(-1);
    if ('+−±-'.includes(sign) && sign !== '' && !/[A-Za-z0-9)）]$/u.test(before.slice(0, -1))) token = sign + token;
    out.push(token);
  }
  return out;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/** Blanks every exempt text standing alone (not inside a longer number) out of `text`. */
export function removeExempt(text: string, exempt: string[]): string {
  let s = text;
  for (const e of [...new Set(exempt)].filter((x) => x.length > 0).sort((a, b) => b.length - a.length)) {
    // A line break inside a Chinese date reads as a space where lines are joined ("2025年6月 15日").
    const pattern = escapeRe(e).replace(/([\u2E80-\uFFEF])(?=.)/gu, '$1\\s?');
    s = s.replace(new RegExp(`(?<![\\d.,])${pattern}(?![\\d]|[.,]\\d)`, 'gu'), ' ');
  }
  return s;
}

/** What a bulletin recorded: its figures (text and charts) and its exempt texts. */
export interface RecordedNumbers {
  figures: Figure[];
  exemptions: (Exemption | string)[];
}

/**
 * The disagreements between a page and what its bulletin recorded (empty: they agree).
 * @example agreementProblems(html, { figures, exemptions })
 */
export function agreementProblems(html: string, recorded: RecordedNumbers): string[] {
  const problems: string[] = [];
  const chunks = htmlTexts(html);
  const exempt = recorded.exemptions.map((e) => (typeof e === 'string' ? e : e.text));
  const allowed = new Set(recorded.figures.flatMap((f) => numberTokens(f.text)));
  const seen = new Set<string>();
  for (const c of chunks) {
    for (const token of numberTokens(removeExempt(c.text, exempt))) {
      if (allowed.has(token)) continue;
      const key = `${c.where}\u0000${token}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(`the number ${token} (${c.where}: «${c.text.length > 120 ? `${c.text.slice(0, 117)}…` : c.text}») is no figure's text`);
    }
  }
  const all = chunks.map((c) => c.text).join('\n');
  for (const f of recorded.figures) {
    if (!all.includes(f.text)) problems.push(`figure ${f.service}/${f.metric}/${f.unit}${f.basis ? ` (${f.basis})` : ''} "${f.text}" is not printed`);
  }
  return problems;
}

/**
 * Throws StageError when the page and the figures disagree.
 * @example checkAgreement('trade-bulletin-2025-annual-en', html, { figures, exemptions });
 */
export function checkAgreement(slug: string, html: string, recorded: RecordedNumbers): void {
  const problems = agreementProblems(html, recorded);
  if (problems.length)
    throw new StageError('agreement', `${slug}: text and figures disagree (${problems.length}): ${problems.slice(0, 10).join('; ')}`);
}

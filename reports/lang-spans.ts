/**
 * Language of the words inside a sentence: in a Chinese edition, runs of Latin words (`TEU`,
 * `n.m.`, a source's English name) are English; in an English edition, runs of Chinese
 * characters are Chinese. Each run is wrapped in `<span lang="…" role="generic">`, so screen
 * readers and the tagged PDF switch voice for it.
 *
 * Why the explicit `role="generic"` (a span's implicit role): Chromium writes a structure
 * element, with its /Lang, only for nodes of its accessibility tree, and a plain span is not
 * one; an explicit role puts it there without changing what it means.
 */
import { html, type TrustedHtml } from './html-template.js';
import type { Edition } from './model.js';

/** A run of Latin words (at least two letters in all): `TEU`, `US Federal Reserve H.10`, `n.m.`. */
const LATIN = /[A-Za-z][A-Za-z0-9.'’&/-]*(?:[ \u00a0]+[A-Za-z0-9][A-Za-z0-9.'’&/-]*)*/gu;
/** A run of Chinese characters and Chinese punctuation. */
const HAN = /[\p{Script=Han}\u3000-\u303f\uff01-\uff5e]+/gu;

/**
 * `text` as HTML with each run of the other language wrapped in a span with its `lang`.
 * @example langText('汇率来源：US Federal Reserve H.10', 'zh'); // 汇率来源：<span lang="en" role="generic">US Federal Reserve H.10</span>
 */
export function langText(text: string, edition: Edition): TrustedHtml {
  const re = edition === 'zh' ? LATIN : HAN;
  const lang = edition === 'zh' ? 'en' : 'zh-CN';
  const parts: (string | TrustedHtml)[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const run = m[0].replace(/[.'’&/-]+$/u, (tail) => (edition === 'zh' && /\.$/u.test(tail) ? tail : ''));
    if (edition === 'zh' && (run.match(/[A-Za-z]/gu)?.length ?? 0) < 2) continue;
    const at = m.index ?? 0;
    parts.push(text.slice(last, at), html`<span lang="${lang}" role="generic">${run}</span>`);
    last = at + run.length;
  }
  parts.push(text.slice(last));
  return html`${parts}`;
}

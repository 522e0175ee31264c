/**
 * The fonts of printed bulletins, shipped with the package: Noto Sans and Noto Sans SC from
 * `@fontsource/noto-sans` and `@fontsource/noto-sans-sc` (TrueType outlines, which Chromium
 * embeds as CID TrueType; the CFF-outline CJK fonts of the system would become Type 3 fonts).
 *
 * 1. `fontFaces` reads each package's 400 and 700 stylesheets once: one `@font-face` per
 *    unicode-range subset (about 100 for Noto Sans SC per weight).
 * 2. `fontFaceCss(text)` keeps the subsets that hold a character of `text` and inlines their
 *    woff2 files as `data:` URLs, so the printer (which blocks every request) loads nothing.
 * 3. `uncovered(text)` lists characters no subset holds: printing them would fall back to a
 *    system font, so the printer refuses them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The families of printed text, in fallback order: Latin first, then Chinese. */
export const PRINT_FONT_FAMILIES = ['Noto Sans', 'Noto Sans SC'] as const;

/** Weights the bulletins use (regular text and bold headings). */
const WEIGHTS = ['400', '700'] as const;
const PACKAGES = ['@fontsource/noto-sans', '@fontsource/noto-sans-sc'] as const;

/** One `@font-face` of a fontsource stylesheet. */
export interface FontFace {
  family: string;
  weight: string;
  /** Absolute path of the woff2 file. */
  file: string;
  /** Code point ranges `[from, to]`, inclusive. */
  ranges: [number, number][];
}

function parseRanges(text: string): [number, number][] {
  return text.split(',').map((part) => {
    const [a = '', b] = part.trim().replace(/^U\+/iu, '').split('-');
    const from = parseInt(a, 16);
    return [from, b === undefined ? from : parseInt(b, 16)] as [number, number];
  });
}

/**
 * Parses a fontsource stylesheet into its faces (woff2 files, resolved against `dir`).
 * @example parseFontsourceCss("@font-face { font-family: 'Noto Sans'; font-weight: 400; src: url(./files/a.woff2) format('woff2'); unicode-range: U+0000-00FF; }", '/x');
 */
export function parseFontsourceCss(css: string, dir: string): FontFace[] {
  const faces: FontFace[] = [];
  for (const block of css.match(/@font-face\s*\{[^}]*\}/gu) ?? []) {
    const family = /font-family:\s*'([^']+)'/u.exec(block)?.[1];
    const weight = /font-weight:\s*(\d+)/u.exec(block)?.[1];
    const file = /url\(\.\/(files\/[^)]+\.woff2)\)/u.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/u.exec(block)?.[1];
    if (!family || !weight || !file || !range) throw new Error(`print-fonts: unreadable @font-face in ${dir}: ${block.slice(0, 120)}`);
    faces.push({ family, weight, file: join(dir, file), ranges: parseRanges(range) });
  }
  return faces;
}

let cache: FontFace[] | null = null;

/** Every face of the shipped fonts (read once per process). */
export function fontFaces(): FontFace[] {
  if (cache) return cache;
  const require = createRequire(import.meta.url);
  const faces: FontFace[] = [];
  for (const pkg of PACKAGES) {
    for (const weight of WEIGHTS) {
      const cssPath = require.resolve(`${pkg}/${weight}.css`);
      faces.push(...parseFontsourceCss(readFileSync(cssPath, 'utf8'), dirname(cssPath)));
    }
  }
  cache = faces;
  return faces;
}

const holds = (face: FontFace, cp: number): boolean => face.ranges.some(([a, b]) => cp >= a && cp <= b);

/** The code points of `text` (numeric character references decoded), without controls. */
function codePoints(text: string): Set<number> {
  const decoded = text.replace(/&#(x[0-9a-f]+|\d+);/giu, (_m, n: string) =>
    String.fromCodePoint(n[0] === 'x' || n[0] === 'X' ? parseInt(n.slice(1), 16) : Number(n)),
  );
  const out = new Set<number>();
  for (const ch of decoded) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp > 0x20 && cp !== 0x7f) out.add(cp);
  }
  return out;
}

/**
 * Characters of `text` that no shipped font holds (they would print in a system font).
 * @example uncovered('Trade 贸易 ☃'); // ['☃']
 */
export function uncovered(text: string): string[] {
  const faces = fontFaces();
  return [...codePoints(text)].filter((cp) => !faces.some((f) => holds(f, cp))).map((cp) => String.fromCodePoint(cp));
}

/**
 * `@font-face` rules, woff2 inlined as `data:` URLs, for the subsets that hold a character of `text`.
 * @example const css = fontFaceCss(html + running.header);
 */
export function fontFaceCss(text: string): string {
  const cps = [...codePoints(text)];
  return fontFaces()
    .filter((f) => cps.some((cp) => holds(f, cp)))
    .map((f) => {
      const data = readFileSync(f.file).toString('base64');
      const range = f.ranges.map(([a, b]) => (a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`)).join(',');
      return `@font-face{font-family:'${f.family}';font-style:normal;font-weight:${f.weight};font-display:block;src:url(data:font/woff2;base64,${data}) format('woff2');unicode-range:${range};}`;
    })
    .join('\n');
}

/**
 * The fonts of printed bulletins, shipped with the package: Noto Sans and Noto Sans SC from
 * `@fontsource/noto-sans` and `@fontsource/noto-sans-sc` (TrueType outlines, which Chromium
 * embeds as CID TrueType; the CFF-outline CJK fonts of the system would become Type 3 fonts).
 *
 * 1. `fontFaces` reads each package's 400 and 700 stylesheets once: one `@font-face` per
 *    unicode-range subset (about 100 for Noto Sans SC per weight).
 * 2. `faceFor(cp, weight, families)` is the face Chromium draws a character with: the first
 *    family that holds it, and in that family the last-declared face whose unicode-range and
 *    character map (read from the subset's WOFF, font-files.ts) hold it.
 * 3. `fontFaceCss(text)` keeps the faces that draw a character of `text` in either family order
 *    of the bulletins (Latin first; Chinese first for `:lang(zh)`) at either weight, and inlines
 *    their woff2 files as `data:` URLs, so the printer (which blocks every request) loads
 *    nothing. Chromium decodes every inlined face: one it would never use costs time.
 * 4. `uncovered(text)` lists characters no subset holds: printing them would fall back to a
 *    system font, so the printer refuses them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cmapCodePoints, woffTables } from './font-files.js';

/** The families of printed text, in fallback order: Latin first, then Chinese. */
export const PRINT_FONT_FAMILIES = ['Noto Sans', 'Noto Sans SC'] as const;

/** A family order of the bulletins' CSS: `--latin` (and charts, margins) or `--cjk` (`:lang(zh)`). */
export type FamilyOrder = readonly (typeof PRINT_FONT_FAMILIES)[number][];
const ORDERS: FamilyOrder[] = [PRINT_FONT_FAMILIES, [...PRINT_FONT_FAMILIES].reverse()];

/** A weight of the shipped faces. */
export type Weight = '400' | '700';

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

/** The WOFF (1.0) file beside a face's woff2: the same font, zlib-compressed (font-files.ts reads it). */
export const woffFile = (face: FontFace): string => face.file.replace(/\.woff2$/u, '.woff');

const charsOf = new Map<FontFace, Set<number>>();

/** The code points a face's font maps to a glyph (read once per process). */
function faceChars(face: FontFace): Set<number> {
  let chars = charsOf.get(face);
  if (!chars) {
    const cmap = woffTables(readFileSync(woffFile(face))).tables.find((t) => t.tag === 'cmap');
    if (!cmap) throw new Error(`print-fonts: ${face.file} has no cmap table`);
    chars = cmapCodePoints(cmap.data);
    charsOf.set(face, chars);
  }
  return chars;
}

const chosen = new Map<string, FontFace | null>();

/**
 * The face Chromium draws `cp` with at `weight` under the family order `families` (CSS font
 * matching of the `@font-face` rules `fontFaceCss` writes); null if no shipped face holds it.
 * @example faceFor(0x8d38, '700'); // a Noto Sans SC bold subset (贸)
 */
export function faceFor(cp: number, weight: Weight, families: FamilyOrder = PRINT_FONT_FAMILIES): FontFace | null {
  const key = `${families.join(',')}:${weight}:${cp}`;
  if (!chosen.has(key)) chosen.set(key, choose(cp, weight, families));
  return chosen.get(key) ?? null;
}

function choose(cp: number, weight: Weight, families: FamilyOrder): FontFace | null {
  const faces = fontFaces();
  for (const family of families) {
    // Faces of one family whose ranges overlap are tried last-declared first (CSS Fonts 4, 4.5).
    for (let i = faces.length - 1; i >= 0; i--) {
      const f = faces[i]!;
      if (f.family === family && f.weight === weight && holds(f, cp) && faceChars(f).has(cp)) return f;
    }
  }
  return null;
}

/** The faces that draw a character of `text` in either family order, at either weight. */
export function facesFor(text: string): FontFace[] {
  const used = new Set<FontFace>();
  for (const cp of codePoints(text))
    for (const order of ORDERS)
      for (const weight of WEIGHTS) {
        const f = faceFor(cp, weight, order);
        if (f) used.add(f);
      }
  return fontFaces().filter((f) => used.has(f));
}

const rules = new Map<FontFace, string>();

/** A face's `@font-face` rule, its woff2 inlined (made once per process). */
function rule(f: FontFace): string {
  let r = rules.get(f);
  if (!r) {
    const data = readFileSync(f.file).toString('base64');
    const range = f.ranges.map(([a, b]) => (a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`)).join(',');
    r = `@font-face{font-family:'${f.family}';font-style:normal;font-weight:${f.weight};font-display:block;src:url(data:font/woff2;base64,${data}) format('woff2');unicode-range:${range};}`;
    rules.set(f, r);
  }
  return r;
}

/**
 * `@font-face` rules, woff2 inlined as `data:` URLs, for the faces that draw a character of `text`.
 * @example const css = fontFaceCss(html + running.header);
 */
export function fontFaceCss(text: string): string {
  return facesFor(text).map(rule).join('\n');
}

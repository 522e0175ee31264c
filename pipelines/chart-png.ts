/**
 * Chart SVG → PNG in Node, with resvg and the shipped fonts (no browser): the PNG beside each
 * chart SVG, drawn with the glyphs Chromium draws in the PDF.
 *
 * 1. Each Noto Sans / Noto Sans SC subset that a chart needs is converted once per process
 *    from its WOFF (v1, zlib-compressed sfnt tables) to a TrueType file in the caller's font
 *    folder (resvg reads fonts from files, and cannot read woff2), renamed to a family of its
 *    own ("tb-face-N").
 * 2. Each character of the chart's text is given the face Chromium would draw it with: the
 *    first family of `PRINT_FONT_FAMILIES` that holds it at the text's weight, and within a
 *    family the last face whose unicode-range and character map hold it (CSS font matching of
 *    the `@font-face` rules that `fontFaceCss` writes). The text is split into one `<tspan>`
 *    per run of characters of one face, named by the face's own family.
 * 3. resvg renders that SVG with only those faces loaded (no system font). Naming each face
 *    is what keeps the weights right: resvg's own fallback between faces of one family takes
 *    the first face holding a character, whatever its weight (bold titles came out regular).
 *    A character no face holds is refused, as the printer refuses it in a page.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { renderAsync } from '@resvg/resvg-js';
import { StageError } from '../lib/errors.js';
import { fontFaces, PRINT_FONT_FAMILIES, type FontFace } from './print-fonts.js';

/** An sfnt table: its tag and bytes. */
interface Table {
  tag: string;
  data: Buffer;
}

/**
 * The sfnt tables of a WOFF (1.0) file: each table is stored zlib-compressed when that is
 * smaller, else as is (WOFF 1.0, section 5).
 * @example const tables = woffTables(readFileSync('noto-sans-latin-400-normal.woff'));
 */
export function woffTables(woff: Uint8Array): { flavor: number; tables: Table[] } {
  const b = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (b.length < 44 || b.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 file');
  const flavor = b.readUInt32BE(4);
  const count = b.readUInt16BE(12);
  const tables: Table[] = [];
  for (let i = 0; i < count; i++) {
    const at = 44 + i * 20;
    const tag = b.toString('latin1', at, at + 4);
    const offset = b.readUInt32BE(at + 4);
    const compLength = b.readUInt32BE(at + 8);
    const origLength = b.readUInt32BE(at + 12);
    const stored = b.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(stored) : Buffer.from(stored);
    if (data.length !== origLength) throw new Error(`WOFF table ${tag}: ${data.length} bytes, expected ${origLength}`);
    tables.push({ tag, data });
  }
  return { flavor, tables };
}

/** The sfnt checksum of a table: the sum of its big-endian 32-bit words, zero-padded. */
function checksum(data: Buffer): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) {
    const word = ((data[i] ?? 0) << 24) | ((data[i + 1] ?? 0) << 16) | ((data[i + 2] ?? 0) << 8) | (data[i + 3] ?? 0);
    sum = (sum + (word >>> 0)) >>> 0;
  }
  return sum;
}

/**
 * An sfnt (TrueType) file of `tables`, sorted by tag, each 4-byte aligned with its checksum.
 * @example writeFileSync('a.ttf', sfnt(0x00010000, woffTables(woff).tables));
 */
export function sfnt(flavor: number, tables: Table[]): Buffer {
  const sorted = [...tables].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const n = sorted.length;
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= n) entrySelector++;
  const searchRange = 2 ** entrySelector * 16;
  const size = 12 + 16 * n + sorted.reduce((s, t) => s + ((t.data.length + 3) & ~3), 0);
  const out = Buffer.alloc(size);
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(n, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(n * 16 - searchRange, 10);
  let pos = 12 + 16 * n;
  sorted.forEach((t, i) => {
    const rec = 12 + i * 16;
    out.write(t.tag, rec, 4, 'latin1');
    out.writeUInt32BE(checksum(t.data), rec + 4);
    out.writeUInt32BE(pos, rec + 8);
    out.writeUInt32BE(t.data.length, rec + 12);
    t.data.copy(out, pos);
    pos += (t.data.length + 3) & ~3;
  });
  return out;
}

/**
 * A `name` table naming the font `family` (Windows, Unicode BMP, en-US): family, subfamily,
 * full and PostScript names.
 */
export function nameTable(family: string, bold: boolean): Buffer {
  const ps = family.replace(/[^A-Za-z0-9-]/gu, '');
  const names: [number, string][] = [[1, family], [2, bold ? 'Bold' : 'Regular'], [4, `${family} ${bold ? 'Bold' : 'Regular'}`], [6, `${ps}-${bold ? 'Bold' : 'Regular'}`]];
  const strings = names.map(([, s]) => Buffer.from(s, 'utf16le').swap16());
  const head = Buffer.alloc(6 + 12 * names.length);
  head.writeUInt16BE(0, 0);
  head.writeUInt16BE(names.length, 2);
  head.writeUInt16BE(head.length, 4);
  let offset = 0;
  names.forEach(([id], i) => {
    const rec = 6 + 12 * i;
    head.writeUInt16BE(3, rec); // platform: Windows
    head.writeUInt16BE(1, rec + 2); // encoding: Unicode BMP
    head.writeUInt16BE(0x409, rec + 4); // language: en-US
    head.writeUInt16BE(id, rec + 6);
    head.writeUInt16BE(strings[i]!.length, rec + 8);
    head.writeUInt16BE(offset, rec + 10);
    offset += strings[i]!.length;
  });
  return Buffer.concat([head, ...strings]);
}

/**
 * The code points a font maps to a glyph (not .notdef), from its `cmap` table's Unicode
 * subtable (format 12 if present, else format 4).
 */
export function cmapCodePoints(cmap: Buffer): Set<number> {
  const count = cmap.readUInt16BE(2);
  const subtables: { platform: number; encoding: number; offset: number; format: number }[] = [];
  for (let i = 0; i < count; i++) {
    const rec = 4 + 8 * i;
    const offset = cmap.readUInt32BE(rec + 4);
    subtables.push({ platform: cmap.readUInt16BE(rec), encoding: cmap.readUInt16BE(rec + 2), offset, format: cmap.readUInt16BE(offset) });
  }
  const unicode = (s: { platform: number; encoding: number }): boolean => s.platform === 0 || (s.platform === 3 && (s.encoding === 1 || s.encoding === 10));
  const table = subtables.find((s) => unicode(s) && s.format === 12) ?? subtables.find((s) => unicode(s) && s.format === 4);
  if (!table) throw new Error('font has no Unicode cmap (format 4 or 12)');
  const out = new Set<number>();
  const at = table.offset;
  if (table.format === 12) {
    const groups = cmap.readUInt32BE(at + 12);
    for (let g = 0; g < groups; g++) {
      const rec = at + 16 + 12 * g;
      const [start, end, glyph] = [cmap.readUInt32BE(rec), cmap.readUInt32BE(rec + 4), cmap.readUInt32BE(rec + 8)];
      for (let cp = start; cp <= end; cp++) if (glyph + (cp - start) !== 0) out.add(cp);
    }
    return out;
  }
  const segX2 = cmap.readUInt16BE(at + 6);
  const ends = at + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  for (let s = 0; s < segX2; s += 2) {
    const [end, start] = [cmap.readUInt16BE(ends + s), cmap.readUInt16BE(starts + s)];
    const delta = cmap.readInt16BE(deltas + s);
    const rangeOffset = cmap.readUInt16BE(rangeOffsets + s);
    for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (cp + delta) & 0xffff;
      else {
        const g = cmap.readUInt16BE(rangeOffsets + s + rangeOffset + 2 * (cp - start));
        glyph = g === 0 ? 0 : (g + delta) & 0xffff;
      }
      if (glyph !== 0) out.add(cp);
    }
  }
  return out;
}

/** A shipped face made ready for resvg: its own family name, its TrueType bytes and characters. */
interface ReadyFace {
  family: string;
  ttf: Buffer;
  chars: Set<number>;
}

const ready = new Map<FontFace, ReadyFace>();

/** The face as a TrueType font named `tb-face-<index>` (converted once per process). */
function readyFace(face: FontFace): ReadyFace {
  let r = ready.get(face);
  if (!r) {
    const { flavor, tables } = woffTables(readFileSync(face.file.replace(/\.woff2$/u, '.woff')));
    const family = `tb-face-${fontFaces().indexOf(face)}`;
    const cmap = tables.find((t) => t.tag === 'cmap');
    if (!cmap) throw new Error(`${face.file}: no cmap table`);
    const named = [...tables.filter((t) => t.tag !== 'name'), { tag: 'name', data: nameTable(family, face.weight === '700') }];
    r = { family, ttf: sfnt(flavor, named), chars: cmapCodePoints(cmap.data) };
    ready.set(face, r);
  }
  return r;
}

/**
 * A shipped face as resvg reads it: TrueType bytes named `family` (for tests and tools).
 * @example writeFileSync('latin.ttf', faceFont(fontFaces()[7]!).ttf);
 */
export function faceFont(face: FontFace): { family: string; ttf: Buffer } {
  const { family, ttf } = readyFace(face);
  return { family, ttf };
}

/** The weight of the shipped faces that CSS font matching picks for a `font-weight` value. */
function shippedWeight(value: string | undefined): '400' | '700' {
  if (value === 'bold' || value === 'bolder') return '700';
  const n = Number(value);
  return Number.isFinite(n) && n > 500 ? '700' : '400';
}

/**
 * The face a character is drawn with at a weight: the first family holding it, and in that
 * family the last-declared face whose unicode-range and character map hold it (how Chromium
 * picks among the `@font-face` rules of `fontFaceCss`); null if no shipped face holds it.
 */
export function faceFor(cp: number, weight: '400' | '700'): FontFace | null {
  const key = `${weight}:${cp}`;
  if (!chosen.has(key)) chosen.set(key, choose(cp, weight));
  return chosen.get(key) ?? null;
}

const chosen = new Map<string, FontFace | null>();

function choose(cp: number, weight: '400' | '700'): FontFace | null {
  const faces = fontFaces();
  for (const family of PRINT_FONT_FAMILIES) {
    for (let i = faces.length - 1; i >= 0; i--) {
      const f = faces[i]!;
      if (f.family !== family || f.weight !== weight || !f.ranges.some(([a, b]) => cp >= a && cp <= b)) continue;
      if (readyFace(f).chars.has(cp)) return f;
    }
  }
  return null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m),
  );
const escape = (s: string): string => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');

/**
 * `svg` with every text run in a `<tspan>` naming the face that draws it, and the faces used.
 * Throws a StageError naming the characters no shipped face holds.
 * @example const { svg: named, faces } = assignFaces(chart.svg, 'annual-value.png');
 */
export function assignFaces(svg: string, what: string): { svg: string; faces: FontFace[] } {
  const used = new Set<FontFace>();
  const missing = new Set<string>();
  const out = svg.replace(/<text\b([^>]*)>([\s\S]*?)<\/text>/gu, (_m, attrs: string, body: string) => {
    const weight = shippedWeight(/\bfont-weight="([^"]*)"/u.exec(attrs)?.[1]);
    // Only character data is split; the tags between (vega's line <tspan>s) are kept as they are.
    const split = body.replace(/(<[^>]*>)|([^<]+)/gu, (_t, tag: string | undefined, chars: string) => {
      if (tag) return tag;
      const runs: { face: FontFace | null; text: string }[] = [];
      for (const ch of decode(chars)) {
        const cp = ch.codePointAt(0)!;
        const last = runs.at(-1);
        // Controls and spaces below U+0021 stay with the run they are in (as in `uncovered`).
        let face = cp > 0x20 && cp !== 0x7f ? faceFor(cp, weight) : (last?.face ?? faceFor(0x20, weight));
        if (cp > 0x20 && cp !== 0x7f && !face) {
          missing.add(ch);
          face = null;
        }
        if (last && last.face === face) last.text += ch;
        else runs.push({ face, text: ch });
      }
      return runs
        .map((r) => {
          if (!r.face) return escape(r.text);
          used.add(r.face);
          return `<tspan font-family="${readyFace(r.face).family}">${escape(r.text)}</tspan>`;
        })
        .join('');
    });
    return `<text${attrs}>${split}</text>`;
  });
  if (missing.size)
    throw new StageError(
      'print-pdf',
      `${what}: no shipped font (Noto Sans, Noto Sans SC) holds ${[...missing].map((c) => `"${c}" (U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})`).join(', ')}; replace the character in the reference data or text`,
    );
  return { svg: out, faces: [...used] };
}

/** Font files written to a folder, per folder: each face once. */
const written = new Map<string, Map<FontFace, Promise<string>>>();

async function fontFile(dir: string, face: FontFace): Promise<string> {
  let files = written.get(dir);
  if (!files) written.set(dir, (files = new Map()));
  let path = files.get(face);
  if (!path) {
    const { family, ttf } = readyFace(face);
    path = (async () => {
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${family}.ttf`);
      await writeFile(file, ttf);
      return file;
    })();
    files.set(face, path);
  }
  return path;
}

/**
 * The PNG of a chart SVG at `scale` (2: twice its size), drawn by resvg on a white background
 * with the shipped fonts, written as TrueType files into `fontDir` (a folder the caller removes).
 * @example await writeFileAtomic('annual-value.png', await chartPng(svg, 2, join(tmp, 'fonts'), 'annual-value.png'));
 */
export async function chartPng(svg: string, scale: number, fontDir: string, what: string): Promise<Buffer> {
  const { svg: named, faces } = assignFaces(svg, what);
  const fontFiles = await Promise.all(faces.map((f) => fontFile(fontDir, f)));
  const image = await renderAsync(named, {
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: readyFace(faceFor(0x41, '400')!).family },
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    logLevel: 'error',
  });
  return image.asPng();
}

/** Forgets the font files written to `dir` (after the caller removed the folder). */
export function forgetFontDir(dir: string): void {
  written.delete(dir);
}

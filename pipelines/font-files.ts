/**
 * The font files of the shipped fonts, read and written in Node: WOFF (1.0) to sfnt tables
 * (zlib, as the WOFF 1.0 specification stores them), an sfnt file from its tables, a `name`
 * table, and the code points of a `cmap` table. Used to know which characters each shipped
 * subset really holds (print-fonts.ts) and to give resvg TrueType files (chart-png.ts).
 */
import { inflateSync } from 'node:zlib';

/** An sfnt table: its tag and bytes. */
export interface Table {
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

import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cmapCodePoints, nameTable, sfnt, woffTables } from '../../pipelines/font-files.js';
import { fontFaces, woffFile } from '../../pipelines/print-fonts.js';

const face = (name: string) => fontFaces().find((f) => f.file.endsWith(`/${name}.woff2`))!;

describe('WOFF to TrueType', () => {
  it('inflates compressed tables, keeps stored ones, and writes the sfnt directory with checksums', () => {
    // A hand-made WOFF: table 'abcd' = 8 bytes stored zlib-compressed, table 'wxyz' = 3 bytes stored as is.
    const abcd = Buffer.from([0, 0, 0, 1, 0, 0, 0, 2]);
    const wxyz = Buffer.from([1, 2, 3]);
    const packed = deflateSync(Buffer.alloc(64)); // 64 zero bytes compress below 64
    const head = Buffer.alloc(44 + 40);
    head.write('wOFF', 0, 'latin1');
    head.writeUInt32BE(0x00010000, 4);
    head.writeUInt16BE(2, 12);
    const zeroes = Buffer.alloc(64);
    const tables = [
      { tag: 'abcd', stored: abcd, orig: abcd.length },
      { tag: 'zero', stored: packed, orig: zeroes.length },
    ];
    let at = head.length;
    tables.forEach((t, i) => {
      const rec = 44 + 20 * i;
      head.write(t.tag, rec, 'latin1');
      head.writeUInt32BE(at, rec + 4);
      head.writeUInt32BE(t.stored.length, rec + 8);
      head.writeUInt32BE(t.orig, rec + 12);
      at += (t.stored.length + 3) & ~3;
    });
    const woff = Buffer.concat([head, ...tables.map((t) => Buffer.concat([t.stored, Buffer.alloc(((t.stored.length + 3) & ~3) - t.stored.length)]))]);
    const read = woffTables(woff);
    expect(read.flavor).toBe(0x00010000);
    expect(read.tables.map((t) => [t.tag, [...t.data]])).toEqual([['abcd', [...abcd]], ['zero', [...zeroes]]]);

    const font = sfnt(read.flavor, [...read.tables, { tag: 'wxyz', data: wxyz }].reverse());
    // 3 tables: searchRange 2·16 = 32, entrySelector 1, rangeShift 3·16 − 32 = 16.
    expect([font.readUInt32BE(0), font.readUInt16BE(4), font.readUInt16BE(6), font.readUInt16BE(8), font.readUInt16BE(10)]).toEqual([0x00010000, 3, 32, 1, 16]);
    const dirEntry = (i: number) => ({ tag: font.toString('latin1', 12 + 16 * i, 16 + 16 * i), sum: font.readUInt32BE(16 + 16 * i), offset: font.readUInt32BE(20 + 16 * i), length: font.readUInt32BE(24 + 16 * i) });
    // Sorted by tag; 'abcd' sums 1 + 2 = 3; 'wxyz' is 0x01020300 (zero-padded); tables start after 12 + 3·16 = 60 bytes, 4-aligned.
    expect([0, 1, 2].map(dirEntry)).toEqual([
      { tag: 'abcd', sum: 3, offset: 60, length: 8 },
      { tag: 'wxyz', sum: 0x01020300, offset: 68, length: 3 },
      { tag: 'zero', sum: 0, offset: 72, length: 64 },
    ]);
    expect([...font.subarray(68, 72)]).toEqual([1, 2, 3, 0]);
    expect(font.length).toBe(136);
    expect(() => woffTables(Buffer.from('wOF2 and more than forty-four bytes of nothing at all'))).toThrow(/not a WOFF 1.0 file/u);
  });

  it('reads the character map of a shipped subset and writes a name table', () => {
    const latin = face('noto-sans-latin-400-normal');
    const { tables } = woffTables(readFileSync(woffFile(latin)));
    const chars = cmapCodePoints(tables.find((t) => t.tag === 'cmap')!.data);
    for (const ch of 'AZaz09,.%–—') expect(chars.has(ch.codePointAt(0)!), ch).toBe(true);
    expect(chars.has('贸'.codePointAt(0)!)).toBe(false);
    const name = nameTable('tb-face-7', true);
    // Format 0, 4 records, strings after 6 + 4·12 = 54 bytes; the family (name 1) first, in UTF-16BE.
    expect([name.readUInt16BE(0), name.readUInt16BE(2), name.readUInt16BE(4)]).toEqual([0, 4, 54]);
    expect(name.subarray(54, 54 + 18).swap16().toString('utf16le')).toBe('tb-face-7');
  });
});


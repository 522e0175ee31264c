import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { Gb18030Stats, declaredEncoding, decoderFor, globToRegExp } from '../../sources/encoding.js';
import encodeGb18030 from '../fixtures/gb18030.js';

const stats = (bytes: Buffer, step = bytes.length): Gb18030Stats => {
  const s = new Gb18030Stats();
  for (let i = 0; i < bytes.length; i += step) s.push(bytes.subarray(i, i + step));
  return s;
};

describe('GB18030 with confidence', () => {
  it('takes Chinese text (GB2312 area) as GB18030, whatever the chunking', () => {
    const gb = encodeGb18030('S1,西安国际港站,阿拉木图,电子产品\n');
    expect(stats(gb).confident()).toBe(true);
    expect(stats(gb, 1).confident()).toBe(true);
    expect([stats(gb).multibyte, stats(gb).gb2312]).toEqual([14, 14]);
  });

  it('does not take cp1250 or Latin-1 text that happens to decode as GB18030 (Ma砤szewicze)', () => {
    const pl = iconv.encode('S1,Małaszewicze,Kraków,Żółw\n', 'windows-1250');
    expect(new TextDecoder('gb18030').decode(pl)).toContain('Ma砤szewicze'); // what went wrong before
    // ł+a, ó+w (Kraków), ł+w (Żółw) are two-byte codes with an ASCII second byte; Żó (AF F3) is in GB2312's area: 1 of 4
    const s = stats(pl);
    expect([s.invalid, s.multibyte, s.gb2312, s.confident()]).toEqual([false, 4, 1, false]);
    const de = iconv.encode('Düsseldorf,Müller\n', 'latin1');
    expect(stats(de).confident()).toBe(false);
  });

  it('is not confident about pure ASCII, or bytes that are not GB18030 at all', () => {
    expect(stats(Buffer.from('a,b\n')).confident()).toBe(false);
    expect(stats(Buffer.from([0x61, 0xff, 0x61])).invalid).toBe(true);
    expect(stats(Buffer.from([0xb3, 0x2c])).invalid).toBe(true); // "ł," in cp1250
  });
});

describe('declared encodings', () => {
  it('matches a glob on the file name only, first rule wins, case-insensitive', () => {
    const rules = [
      { pattern: 'values-pl-*.csv', encoding: 'windows-1250' },
      { pattern: 'values-[ab]?.csv', encoding: 'ISO-8859-1' },
      { pattern: '*.csv', encoding: 'gb18030' },
    ];
    expect(declaredEncoding('Values-PL-2025.csv', rules)).toBe('windows-1250');
    expect(declaredEncoding('values-a1.csv', rules)).toBe('ISO-8859-1');
    expect(declaredEncoding('values-c1.csv', rules)).toBe('gb18030');
    expect(declaredEncoding('x.csv', [])).toBeNull();
    expect(globToRegExp('a.{b}(c)+[!x].csv').test('a.{b}(c)+y.csv')).toBe(true);
    expect(globToRegExp('a.csv').test('abcsv')).toBe(false);
    expect(globToRegExp('x[.csv').test('x[.csv')).toBe(true);
  });

  it('decodes with TextDecoder where it can, and with iconv-lite otherwise (cp437)', () => {
    expect(decoderFor('windows-1250').decode(Buffer.from([0x4d, 0x61, 0xb3, 0x61]), false)).toBe('Mała');
    expect(decoderFor('cp437').decode(Buffer.from([0x82]), false)).toBe('é');
    expect(() => decoderFor('utf-8').decode(Buffer.from([0xff]), false)).toThrow(TypeError);
  });
});

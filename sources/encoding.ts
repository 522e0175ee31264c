/**
 * Text encodings of inbox files: the decoders (TextDecoder where it knows the encoding,
 * iconv-lite otherwise), the encodings declared per file-name pattern in the configuration,
 * and the byte statistics behind the GB18030 detection (see `gb18030Confident`).
 */
import { createRequire } from 'node:module';

/** iconv-lite, loaded on first use: only legacy code pages need it, and loading it costs every run ~50 ms. */
let iconvModule: typeof import('iconv-lite') | null = null;
function iconvLite(): typeof import('iconv-lite') {
  iconvModule ??= createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite');
  return iconvModule;
}

/** An encoding declared for the files whose NAME matches `pattern` (`*`, `?`, `[abc]`; case-insensitive). */
export interface EncodingRule {
  pattern: string;
  encoding: string;
}

/** A decoder that throws on bytes that are not valid in its encoding (where the encoding can tell). */
export interface TextDecoding {
  decode(bytes: Uint8Array, stream: boolean): string;
}

/** True when `label` names an encoding this program can decode. */
export function isSupportedEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return iconvLite().encodingExists(label);
  }
}

/**
 * A fresh decoder for `label`. TextDecoder (fatal: invalid bytes throw a TypeError) where
 * it knows the label; iconv-lite otherwise, whose replacement characters are refused, since
 * the single-byte code pages it adds map every defined byte to a character.
 * @example decoderFor('windows-1250').decode(Buffer.from([0xb3]), false) // 'ł'
 */
export function decoderFor(label: string): TextDecoding {
  try {
    const td = new TextDecoder(label, { fatal: true });
    return { decode: (bytes, stream) => td.decode(bytes, { stream }) };
  } catch {
    const dec = iconvLite().getDecoder(label);
    const check = (s: string): string => {
      if (s.includes('\uFFFD')) throw new TypeError(`bytes not valid in ${label}`);
      return s;
    };
    return { decode: (bytes, stream) => check(dec.write(Buffer.from(bytes)) + (stream ? '' : (dec.end() ?? ''))) };
  }
}

/** Decodes a whole buffer leniently (for a header sample that may end mid-character). */
export function decodeSample(label: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return iconvLite().decode(Buffer.from(bytes), label);
  }
}

/** The declared encoding of a file name: the first rule whose pattern matches, or null. */
export function declaredEncoding(name: string, rules: readonly EncodingRule[] = []): string | null {
  for (const r of rules) if (globToRegExp(r.pattern).test(name)) return r.encoding;
  return null;
}

/**
 * A file-name glob as a regular expression, matched by this program (never by DuckDB or a
 * shell): `*` any run of characters, `?` one character, `[abc]`, `[a-z]`, `[!abc]` one of
 * (or none of) a set; everything else is itself. Case-insensitive, as inbox names are
 * matched (`.CSV` is a CSV file).
 * @example globToRegExp('values-pl-*.csv').test('Values-PL-2025.csv') // true
 */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        re += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else re += ch.replace(/[.+^${}()|\\/\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'is');
}

/**
 * Byte statistics of a file read as GB18030, gathered chunk by chunk.
 *
 * Why a statistic at all: Latin-1 and cp1250 text decodes as GB18030 without error whenever
 * an accented letter is followed by an ASCII letter (`ł` 0xB3 + `a` 0x61 is the valid code of
 * `砤`), so "it decodes" proves nothing. What tells them apart is where the two-byte codes
 * fall. Chinese text is written almost entirely in GB2312's area (both bytes 0xA1–0xFE: its
 * 6,763 characters cover over 99.9 % of modern usage), whereas an accented Latin letter
 * followed by an ASCII letter gives a second byte below 0x80, outside that area. A file is
 * taken as GB18030 only when at least 90 % of its multi-byte characters fall in GB2312's area.
 */
export class Gb18030Stats {
  /** Two- and four-byte characters seen. */
  multibyte = 0;
  /** Of which in GB2312's area (lead 0xA1–0xF7, trail 0xA1–0xFE). */
  gb2312 = 0;
  /** A byte sequence that is not GB18030 at all. */
  invalid = false;
  private pending: number[] = [];

  push(chunk: Uint8Array): void {
    if (this.invalid) return;
    const p = this.pending;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (p.length === 0) {
        if (b < 0x80) continue;
        if (b === 0x80 || b === 0xff) {
          this.invalid = true;
          return;
        }
        p.push(b);
        continue;
      }
      p.push(b);
      if (p.length === 2) {
        if ((b >= 0x40 && b <= 0x7e) || (b >= 0x80 && b <= 0xfe)) {
          this.multibyte++;
          if (p[0]! >= 0xa1 && p[0]! <= 0xf7 && b >= 0xa1) this.gb2312++;
          p.length = 0;
        } else if (b < 0x30 || b > 0x39) {
          this.invalid = true;
          return;
        }
      } else if (p.length === 3) {
        if (b < 0x81 || b > 0xfe) {
          this.invalid = true;
          return;
        }
      } else {
        if (b < 0x30 || b > 0x39) {
          this.invalid = true;
          return;
        }
        this.multibyte++;
        p.length = 0;
      }
    }
  }

  /** True when the bytes are GB18030 with confidence (see the class comment). */
  confident(): boolean {
    return !this.invalid && this.pending.length === 0 && this.multibyte > 0 && this.gb2312 >= 0.9 * this.multibyte;
  }
}

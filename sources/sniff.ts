/**
 * One streaming pass over an inbox file: its sha256, its encoding, and whether DuckDB's
 * bulk reader can take it with exact line numbers (UTF-8, no quote character, no blank line,
 * no lone CR, not LF and CRLF mixed: one record per physical line). Memory stays flat
 * whatever the file size.
 *
 * The encoding, in this order: a byte-order mark (UTF-8, UTF-16 LE/BE; UTF-32 is named and
 * refused); the encoding declared for the file's name in the configuration; UTF-16 without
 * a mark (an ASCII header leaves a zero byte in every other position); valid UTF-8; GB18030
 * with confidence (a second pass, only for files that are not UTF-8: see Gb18030Stats).
 * Anything else is `unknown`, and rejected with a message saying how to declare it.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAscii, isUtf8 } from 'node:buffer';
import { Gb18030Stats } from './encoding.js';

/** Why a file has no encoding to read it with. */
export type NoEncoding = 'binary' | 'unknown' | 'utf-32' | 'mixed' | 'declared-but-utf-8';

/** What a file is made of. */
export interface Sniff {
  sha256: string;
  size: number;
  /** The encoding label to decode it with (`utf-8`, `gb18030`, `utf-16le`, a declared one), or why there is none. */
  encoding: string;
  /** False when `encoding` is a reason (binary, unknown, …) rather than an encoding. */
  readable: boolean;
  /** The encoding the configuration declares for the file, if any (a byte-order mark overrides it). */
  declared: string | null;
  bom: boolean;
  /** UTF-8, no quote character, no blank line, no lone CR, one kind of line end: record n is on line n + 1. */
  simple: boolean;
  /**
   * Physical lines: line feeds, plus one for a last line without one. For a simple file, the
   * header and its records (the bulk reader checks its row count against it).
   */
  lines: number;
  /** The first bytes (for the header). */
  head: Buffer;
}

const CHUNK = 4 * 1024 * 1024;
export const HEAD_BYTES = 65536;

/** Reads `path` once (twice when it is not UTF-8) and describes it; `declared` is the configured encoding, if any. */
export async function sniffFile(path: string, declared: string | null = null): Promise<Sniff> {
  const fh = await open(path, 'r');
  const hash = createHash('sha256');
  let size = 0;
  let nul = false;
  let quote = false;
  let blank = false;
  let loneCr = false;
  let crlf = false;
  let bareLf = false;
  let lineFeeds = 0;
  let utf8 = true;
  let nonAscii = false;
  let carry = Buffer.alloc(0);
  let prevLast = 0x0a; // as if the file started after a newline: a leading blank line counts
  let prevPrevLast = 0;
  let head = Buffer.alloc(0);
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, bytesRead);
      hash.update(chunk);
      if (size === 0) head = Buffer.from(chunk.subarray(0, HEAD_BYTES));
      size += bytesRead;
      if (!nul && chunk.indexOf(0) !== -1) nul = true;
      if (!quote && chunk.indexOf(0x22) !== -1) quote = true;
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) {
        const p1 = i > 0 ? chunk[i - 1] : prevLast;
        const p2 = i > 1 ? chunk[i - 2] : i === 1 ? prevLast : prevPrevLast;
        if (p1 === 0x0a || (p1 === 0x0d && p2 === 0x0a)) blank = true;
        if (p1 === 0x0d) crlf = true;
        else bareLf = true;
        lineFeeds++;
      }
      if (!loneCr) {
        if (prevLast === 0x0d && chunk[0] !== 0x0a) loneCr = true;
        for (let i = chunk.indexOf(0x0d); i !== -1 && i + 1 < chunk.length; i = chunk.indexOf(0x0d, i + 1)) {
          if (chunk[i + 1] !== 0x0a) {
            loneCr = true;
            break;
          }
        }
      }
      if (utf8) {
        const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        const cut = completeUtf8Length(data);
        utf8 = isUtf8(data.subarray(0, cut));
        carry = Buffer.from(data.subarray(cut));
        if (utf8 && !nonAscii && !isAscii(data)) nonAscii = true;
      }
      prevPrevLast = bytesRead > 1 ? (chunk[bytesRead - 2] ?? 0) : prevLast;
      prevLast = chunk[bytesRead - 1] ?? 0;
    }
  } finally {
    await fh.close();
  }
  if (prevLast === 0x0d) loneCr = true; // a last line ended by a lone CR: the row reader's case
  if (carry.length) utf8 = false;
  const sha256 = hash.digest('hex');
  const bomEncoding = byteOrderMark(head);
  const result = (encoding: string, readable = true): Sniff => ({
    sha256, size, encoding, readable, declared, bom: bomEncoding !== null, head,
    lines: lineFeeds + (size > 0 && prevLast !== 0x0a ? 1 : 0),
    // DuckDB's strict reader refuses a file mixing LF and CRLF line ends (after reading most of it).
    simple: readable && encoding === 'utf-8' && !quote && !blank && !loneCr && !(crlf && bareLf),
  });
  if (bomEncoding === 'utf-32') return result('utf-32', false);
  if (bomEncoding) return result(bomEncoding);
  if (declared) {
    // Valid UTF-8 with non-ASCII characters read as a legacy code page would be stored garbled.
    if (utf8 && nonAscii && !/^utf-?8$/i.test(declared)) return result('declared-but-utf-8', false);
    if (nul && !/^utf-?16/i.test(declared)) return result('binary', false);
    return result(declared);
  }
  const utf16 = utf16WithoutMark(head);
  if (utf16) return result(utf16);
  if (nul) return result('binary', false);
  if (utf8) return result('utf-8');
  const { gb, mixed } = await secondPass(path);
  if (gb.confident()) return result(mixed ? 'mixed' : 'gb18030', !mixed);
  return result('unknown', false);
}

/** The encoding a byte-order mark announces, if any. */
function byteOrderMark(b: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32' | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe) return b[2] === 0 && b[3] === 0 ? 'utf-32' : 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return 'utf-32';
  return null;
}

/**
 * UTF-16 without a byte-order mark: an ASCII character is a zero byte beside a non-zero
 * one, so the header row leaves zeros in nearly every odd (LE) or even (BE) position, and
 * almost none in the other. Random binary data has zeros in both or in neither.
 */
function utf16WithoutMark(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs < 2) return null;
  let even = 0;
  let odd = 0;
  for (let k = 0; k < pairs; k++) {
    if (head[2 * k] === 0) even++;
    if (head[2 * k + 1] === 0) odd++;
  }
  if (odd >= 0.3 * pairs && even <= 0.05 * pairs) return 'utf-16le';
  if (even >= 0.3 * pairs && odd <= 0.05 * pairs) return 'utf-16be';
  return null;
}

/**
 * For a file that is not UTF-8: its GB18030 statistics, and whether it mixes encodings
 * (a line that is valid UTF-8 with three or more multi-byte characters: UTF-8 rows pasted
 * into a GB18030 export, which decoding as GB18030 would garble). A line of real GB18030
 * text with three or more Chinese characters is valid UTF-8 by chance far less than 1 time in 1,000.
 */
async function secondPass(path: string): Promise<{ gb: Gb18030Stats; mixed: boolean }> {
  const gb = new Gb18030Stats();
  let mixed = false;
  let line: Buffer = Buffer.alloc(0);
  const check = (l: Buffer): void => {
    if (mixed) return;
    let multibyte = 0;
    for (const b of l) if (b >= 0xc2 && b <= 0xf4) multibyte++;
    if (multibyte >= 3 && isUtf8(l)) mixed = true;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    gb.push(chunk);
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      check(line.length ? Buffer.concat([line, chunk.subarray(start, nl)]) : chunk.subarray(start, nl));
      line = Buffer.alloc(0);
      start = nl + 1;
    }
    // A line longer than 1 MB is judged on its first megabyte.
    if (line.length < 1024 * 1024) line = Buffer.concat([line, chunk.subarray(start)]);
  }
  check(line);
  return { gb, mixed };
}

/** Length of the prefix of `b` that ends on a UTF-8 character boundary. */
function completeUtf8Length(b: Buffer): number {
  const i = b.length;
  for (let back = 1; back <= 3 && i - back >= 0; back++) {
    const byte = b[i - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? i - back : i;
  }
  return i;
}

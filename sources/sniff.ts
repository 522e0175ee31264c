/**
 * One streaming pass over an inbox file: its sha256, its encoding, and whether DuckDB's
 * bulk reader can take it with exact line numbers (no quote character, no blank line, one
 * record per physical line). Memory stays flat whatever the file size.
 */
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';

/** What a file is made of. */
export interface Sniff {
  sha256: string;
  size: number;
  encoding: 'utf-8' | 'gb18030' | 'binary' | 'unknown';
  bom: boolean;
  /** No quote character, no blank line, no lone CR: record n is on line n + 1. */
  simple: boolean;
  /** Number of line breaks. */
  newlines: number;
  /** The first bytes (for the header). */
  head: Buffer;
}

const CHUNK = 4 * 1024 * 1024;

/** Reads `path` once and describes it. */
export async function sniffFile(path: string): Promise<Sniff> {
  const fh = await open(path, 'r');
  const hash = createHash('sha256');
  let size = 0;
  let newlines = 0;
  let nul = false;
  let quote = false;
  let blank = false;
  let loneCr = false;
  let utf8 = true;
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
      if (size === 0) head = Buffer.from(chunk.subarray(0, 65536));
      size += bytesRead;
      if (!nul && chunk.indexOf(0) !== -1) nul = true;
      if (!quote && chunk.indexOf(0x22) !== -1) quote = true;
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) {
        newlines++;
        const p1 = i > 0 ? chunk[i - 1] : prevLast;
        const p2 = i > 1 ? chunk[i - 2] : i === 1 ? prevLast : prevPrevLast;
        if (p1 === 0x0a || (p1 === 0x0d && p2 === 0x0a)) blank = true;
      }
      if (!loneCr) {
        for (let i = chunk.indexOf(0x0d); i !== -1; i = chunk.indexOf(0x0d, i + 1)) {
          if (i + 1 < chunk.length && chunk[i + 1] !== 0x0a) {
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
      }
      prevPrevLast = bytesRead > 1 ? (chunk[bytesRead - 2] ?? 0) : prevLast;
      prevLast = chunk[bytesRead - 1] ?? 0;
    }
  } finally {
    await fh.close();
  }
  if (carry.length) utf8 = false;
  const bom = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  const encoding = nul ? 'binary' : utf8 ? 'utf-8' : isGb18030(head) && !(await looksMixed(path)) ? 'gb18030' : 'unknown';
  return {
    sha256: hash.digest('hex'),
    size,
    encoding,
    bom,
    simple: encoding === 'utf-8' && !quote && !blank && !loneCr,
    newlines,
    head,
  };
}

/**
 * A file that is not valid UTF-8 but has lines that are (with several non-ASCII characters)
 * mixes encodings, e.g. UTF-8 rows pasted into a GB18030 export. Decoding it as GB18030 would
 * turn those lines into mojibake silently, so it is rejected instead. (A line of real GB18030
 * text with three or more Chinese characters is valid UTF-8 by chance far less than 1 time in 1,000.)
 */
async function looksMixed(path: string): Promise<boolean> {
  const data = await readFile(path);
  let start = 0;
  while (start < data.length) {
    let end = data.indexOf(0x0a, start);
    if (end === -1) end = data.length;
    const line = data.subarray(start, end);
    let multibyte = 0;
    for (const b of line) if (b >= 0xc2 && b <= 0xf4) multibyte++;
    if (multibyte >= 3 && isUtf8(line)) return true;
    start = end + 1;
  }
  return false;
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

/** True if the bytes decode as GB18030 without error (the tail may be cut mid-character). */
function isGb18030(head: Buffer): boolean {
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(head.subarray(0, completeGbLength(head)), { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Drops a possibly cut multi-byte character at the end of a GB18030 sample. */
function completeGbLength(b: Buffer): number {
  const nl = b.lastIndexOf(0x0a);
  return nl > 0 ? nl + 1 : b.length;
}

/**
 * Minimal CSV writing (RFC 4180 quoting) and the two encodings the sample writes: UTF-8
 * (optionally with a byte-order mark) and GB18030, as Chinese customs exports use.
 */

/**
 * A field, quoted when it holds a comma, a quote, a line break or edge spaces.
 * @example csvField('Parts, brakes'); // '"Parts, brakes"'
 */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record: fields joined by commas (no line end). */
export function csvRecord(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

let gbTable: Map<string, Uint8Array> | null = null;

/** Unicode character → two-byte GB18030 sequence, built once from the platform's decoder. */
function gb18030Table(): Map<string, Uint8Array> {
  if (gbTable) return gbTable;
  const bytes: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) bytes.push(lead, trail);
  }
  const text = new TextDecoder('gb18030').decode(new Uint8Array(bytes));
  const chars = [...text];
  if (chars.length * 2 !== bytes.length) throw new Error('gb18030: unexpected decoder output');
  const table = new Map<string, Uint8Array>();
  chars.forEach((ch, k) => {
    if (!table.has(ch)) table.set(ch, new Uint8Array([bytes[2 * k] ?? 0, bytes[2 * k + 1] ?? 0]));
  });
  gbTable = table;
  return table;
}

/**
 * Encodes text as GB18030: ASCII as is, other characters by their two-byte code (the sample
 * only needs common Hanzi, all in the two-byte range).
 * @example encodeGb18030('西安'); // bytes CE F7 B0 B2
 */
export function encodeGb18030(text: string): Uint8Array {
  const table = gb18030Table();
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const seq = table.get(ch);
    if (!seq) throw new Error(`gb18030: no two-byte code for ${JSON.stringify(ch)}`);
    out.push(...seq);
  }
  return new Uint8Array(out);
}

/** UTF-8 bytes, with a byte-order mark when asked. */
export function encodeUtf8(text: string, bom = false): Uint8Array {
  return new TextEncoder().encode(bom ? `\uFEFF${text}` : text);
}

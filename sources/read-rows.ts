/**
 * The strict, row-by-row reader for files DuckDB's bulk reader cannot number exactly:
 * quoted fields (which may hold line breaks), blank lines, lone CRs, and every encoding but
 * UTF-8 (GB18030, UTF-16, declared ones). It yields each record with the physical line it
 * starts on (see csv-tokenizer.ts); memory stays bounded by the longest record.
 */
import { createReadStream } from 'node:fs';
import { CsvStructureError, CsvTokenizer, type NumberedRecord } from './csv-tokenizer.js';
import { decoderFor } from './encoding.js';

export { CsvStructureError, type NumberedRecord } from './csv-tokenizer.js';

/**
 * Streams the records of a CSV file, header included, with their starting line numbers.
 * Throws CsvStructureError when the structure is broken or the bytes are not valid text in
 * `encoding` (`line` is then the line the reader had reached).
 * @example for await (const r of readRecords('inbox/values.csv', 'gb18030')) console.log(r.line, r.fields);
 */
export async function* readRecords(path: string, encoding: string): AsyncGenerator<NumberedRecord> {
  const decoder = decoderFor(encoding);
  const tokenizer = new CsvTokenizer();
  const out: NumberedRecord[] = [];
  const decode = (bytes: Uint8Array, stream: boolean): string => {
    try {
      return decoder.decode(bytes, stream);
    } catch (err) {
      if (err instanceof TypeError) throw new CsvStructureError('ENCODING', tokenizer.line, 1);
      throw err;
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    tokenizer.push(decode(chunk, true), out);
    for (const r of out) yield r;
    out.length = 0;
  }
  tokenizer.push(decode(new Uint8Array(0), false), out);
  tokenizer.end(out);
  for (const r of out) yield r;
}

/**
 * The first record of `text` (a file's first bytes, decoded; `whole` when that is the whole
 * file): the header row, or null when the text ends before the record does.
 */
export function firstRecord(text: string, whole: boolean): NumberedRecord | null {
  const tokenizer = new CsvTokenizer();
  const out: NumberedRecord[] = [];
  try {
    tokenizer.push(text, out);
    if (whole && out.length === 0) tokenizer.end(out);
  } catch (err) {
    // A broken quote after the header is the row reader's to report, with the whole file.
    if (!(err instanceof CsvStructureError) || out.length === 0) throw err;
  }
  return out[0] ?? null;
}

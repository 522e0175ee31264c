/**
 * The strict, row-by-row reader (csv-parse) for files DuckDB's bulk reader cannot number
 * exactly: quoted fields (which may hold line breaks), blank lines, GB18030. It yields each
 * record with the physical line it starts on.
 */
import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { parse, CsvError } from 'csv-parse';

/** One record with the line it starts on (1-based; the header is usually line 1). */
export interface NumberedRecord {
  line: number;
  fields: string[];
}

/** Thrown when the file's CSV structure is broken (e.g. a quote never closed). */
export class CsvStructureError extends Error {
  constructor(
    readonly line: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Decodes a byte stream from `encoding` into UTF-8 text. */
function decoder(encoding: string): Transform {
  const td = new TextDecoder(encoding, { fatal: true });
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      try {
        cb(null, td.decode(chunk, { stream: true }));
      } catch (err) {
        cb(err as Error);
      }
    },
    flush(cb) {
      try {
        cb(null, td.decode());
      } catch (err) {
        cb(err as Error);
      }
    },
  });
}

/**
 * Streams the records of a CSV file, header included, with their starting line numbers.
 * @example for await (const r of readRecords('inbox/values.csv', 'gb18030')) console.log(r.line, r.fields);
 */
export async function* readRecords(path: string, encoding: 'utf-8' | 'gb18030'): AsyncGenerator<NumberedRecord> {
  const parser = parse({ bom: true, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
  const source = createReadStream(path).pipe(decoder(encoding));
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  let prevLines = 0;
  let prevEmpty = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number; empty_lines: number } }>) {
      const line = prevLines + 1 + (item.info.empty_lines - prevEmpty);
      prevLines = item.info.lines;
      prevEmpty = item.info.empty_lines;
      yield { line, fields: item.record };
    }
  } catch (err) {
    if (err instanceof CsvError) {
      const line = err.code === 'CSV_QUOTE_NOT_CLOSED' ? prevLines + 1 : Number((err as { lines?: number }).lines ?? prevLines + 1);
      throw new CsvStructureError(line, err.code, err.message);
    }
    if (err instanceof TypeError && /encoded data|decode/i.test(err.message)) {
      throw new CsvStructureError(prevLines + 1, 'ENCODING', 'the bytes are not valid text in the detected encoding');
    }
    throw err;
  }
}

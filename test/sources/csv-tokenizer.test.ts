import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvStructureError, CsvTokenizer, type NumberedRecord } from '../../sources/csv-tokenizer.js';

/** Tokenizes `text` pushed in pieces of `step` characters (Infinity: one piece). */
function tokenize(text: string, step = Infinity, max?: number): NumberedRecord[] {
  const t = new CsvTokenizer(max);
  const out: NumberedRecord[] = [];
  if (step === Infinity) t.push(text, out);
  else for (let i = 0; i < text.length; i += step) t.push(text.slice(i, i + step), out);
  t.end(out);
  return out;
}

function structureError(text: string): CsvStructureError {
  try {
    tokenize(text);
  } catch (err) {
    if (err instanceof CsvStructureError) return err;
    throw err;
  }
  throw new Error('no error');
}

describe('physical line numbers', () => {
  it('counts CRLF inside quoted fields as one line end (issue 10 item 13: was 5 and 6)', () => {
    // line 1 header; line 2 V1; lines 3–4 V2 (quoted CRLF); line 5 V3; line 6 V4
    const text = 'id,d\r\nV1,a\r\nV2,"two\r\nlines"\r\nV3,b\r\nV4,c\r\n';
    expect(tokenize(text).map((r) => [r.line, ...r.fields])).toEqual([
      [1, 'id', 'd'],
      [2, 'V1', 'a'],
      [3, 'V2', 'two\r\nlines'],
      [5, 'V3', 'b'],
      [6, 'V4', 'c'],
    ]);
  });

  it('takes a CR before LF as the line end, also in a file of LF lines: "CNY\\r" is CNY', () => {
    const recs = tokenize('id,currency\nV1,CNY\r\nV2,USD\n');
    expect(recs.map((r) => [r.line, ...r.fields])).toEqual([
      [1, 'id', 'currency'],
      [2, 'V1', 'CNY'],
      [3, 'V2', 'USD'],
    ]);
  });

  it('takes a lone CR (old Mac exports) as a line end, as editors do', () => {
    expect(tokenize('id,v\rV1,1\rV2,2').map((r) => [r.line, ...r.fields])).toEqual([
      [1, 'id', 'v'],
      [2, 'V1', '1'],
      [3, 'V2', '2'],
    ]);
  });

  it('skips empty lines of every kind but still counts them', () => {
    expect(tokenize('id\n\r\n\rV1\n\nV2').map((r) => [r.line, ...r.fields])).toEqual([
      [1, 'id'],
      [4, 'V1'], // line 2 is "\r\n", line 3 a lone CR
      [6, 'V2'],
    ]);
  });

  it('gives the same records whatever the chunk boundaries (CR|LF split, "" split)', () => {
    const text = '\uFEFFid,d\r\nV1,"a ""b""\r\nc"\r\n\r\nV2,x\rV3,"y"\n';
    const whole = tokenize(text);
    expect(whole.map((r) => r.line)).toEqual([1, 2, 5, 6]); // V1 spans lines 2–3, line 4 is empty
    expect(whole[1]!.fields).toEqual(['V1', 'a "b"\r\nc']);
    fc.assert(fc.property(fc.integer({ min: 1, max: text.length }), (step) => {
      expect(tokenize(text, step)).toEqual(whole);
    }));
  });

  it('keeps a last field without a line end, and an empty last field after a comma', () => {
    expect(tokenize('a,b\n1,').map((r) => r.fields)).toEqual([['a', 'b'], ['1', '']]);
    expect(tokenize('a,b\n1,"x"').map((r) => r.fields)).toEqual([['a', 'b'], ['1', 'x']]);
  });

  it('keeps a quote inside an unquoted field as a character (nothing can merge)', () => {
    expect(tokenize('d,v\n12" screen,1\n2,3\n').map((r) => [r.line, ...r.fields])).toEqual([
      [1, 'd', 'v'],
      [2, '12" screen', '1'],
      [3, '2', '3'],
    ]);
  });
});

const pick = (e: CsvStructureError) => [e.problem, e.line, e.column];

describe('malformed quotes (issue 10 item 2)', () => {
  it('refuses a stray opening quote closed later by a quote followed by text, naming both places', () => {
    // The issue's case: a `"` opening a description runs over three more lines until the
    // opening quote of "Cable" on line 5 closes it, followed by C: lines 2–5 would merge.
    const text = 'id,sid,hs,d,v,c\nV1,S1,8517,"Phones,10,CNY\nV2,S1,8517,Parts,10,CNY\nV3,S1,8517,Fans,10,CNY\nV4,S1,8517,"Cable",10,CNY\n';
    const err = structureError(text);
    expect(err.problem).toBe('CLOSING_QUOTE');
    expect([err.line, err.column]).toEqual([2, 12]);
    expect(err.closedAt).toEqual({ line: 5, column: 12, next: 'C' });
  });

  it('refuses a closing quote followed by a space', () => {
    const err = structureError('a,b\n"x" ,1\n');
    expect([err.problem, err.line, err.column, err.closedAt?.next]).toEqual(['CLOSING_QUOTE', 2, 1, ' ']);
  });

  it('refuses a quote never closed, at the line and column it opens', () => {
    const err = structureError('a,b\r\n1,2\r\n3,"x\r\n4,5\r\n');
    expect([err.problem, err.line, err.column]).toEqual(['QUOTE_NOT_CLOSED', 3, 3]);
  });

  it('refuses a record longer than the limit instead of holding it in memory, pointing at an open quote', () => {
    const err = (text: string) => {
      try {
        tokenize(text, 7, 50);
      } catch (e) {
        return e as CsvStructureError;
      }
      throw new Error('no error');
    };
    expect(pick(err(`a,b\n1,"${'x\n'.repeat(100)}`))).toEqual(['QUOTED_TOO_LARGE', 2, 3]);
    expect(pick(err(`a,b\n\n1,${'x'.repeat(100)}`))).toEqual(['RECORD_TOO_LARGE', 3, 1]);
  });
});

describe('properties', () => {
  const piece = fc.constantFrom('a', 'b', ',', '\n', '\r\n', '\r', ' ', '西', '"', '""');
  const text = (pieces: string[]) => pieces.join('');

  it('without a quote, each non-empty physical line is exactly one record on its own line', () => {
    fc.assert(
      fc.property(fc.array(piece.filter((p) => !p.includes('"')), { maxLength: 60 }), (pieces) => {
        const s = text(pieces);
        const lines = s.split(/\r\n|\r|\n/);
        const expected = lines.flatMap((l, i) => (l === '' ? [] : [{ line: i + 1, fields: l.split(',') }]));
        expect(tokenize(s)).toEqual(expected);
      }),
    );
  });

  it('with quotes, either a structure error or records on increasing lines that cover every non-empty line', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), (pieces, step) => {
        const s = text(pieces);
        let recs: NumberedRecord[];
        try {
          recs = tokenize(s, step);
        } catch (err) {
          expect(err).toBeInstanceOf(CsvStructureError);
          return;
        }
        const lines = s.split(/\r\n|\r|\n/);
        for (let k = 1; k < recs.length; k++) expect(recs[k]!.line).toBeGreaterThan(recs[k - 1]!.line);
        // Every non-empty physical line starts a record or lies inside a quoted field of the record before it.
        for (const [i, l] of lines.entries()) {
          if (l === '' || recs.some((r) => r.line === i + 1)) continue;
          const before = recs.filter((r) => r.line < i + 1).at(-1);
          expect(before, `line ${i + 1} of ${JSON.stringify(s)}`).toBeDefined();
          expect(before!.fields.some((f) => /[\r\n]/.test(f))).toBe(true);
        }
      }),
    );
  });
});

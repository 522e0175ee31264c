/**
 * A streaming CSV tokenizer (RFC 4180, comma separator) that numbers physical lines as an
 * editor shows them: CRLF, LF and a lone CR (old Mac exports) each end one line, inside
 * quoted fields too. Text is pushed in chunks of any size; records come out with the line
 * they start on.
 *
 * Strict where leniency would lose rows: a quoted field must be followed by a separator or
 * a line end, and one that is never closed is an error, so a stray quote can never join
 * several lines into one record silently. Lenient where nothing is lost: a quote inside an
 * unquoted field (`12" screen`) is a literal character, and empty lines are skipped.
 */

/** One record with the physical line it starts on (1-based). */
export interface NumberedRecord {
  line: number;
  fields: string[];
}

/** Why a file's CSV structure is broken. */
export type CsvProblem = 'QUOTE_NOT_CLOSED' | 'CLOSING_QUOTE' | 'RECORD_TOO_LARGE' | 'QUOTED_TOO_LARGE' | 'ENCODING';

/** Thrown when a file's CSV structure is broken; `line`/`column` point at the cause (1-based). */
export class CsvStructureError extends Error {
  constructor(
    readonly problem: CsvProblem,
    readonly line: number,
    readonly column: number,
    /** For CLOSING_QUOTE: where the quoted field was closed and the character that followed. */
    readonly closedAt: { line: number; column: number; next: string } | null = null,
  ) {
    super(`${problem} at line ${line}, column ${column}`);
    this.name = 'CsvStructureError';
  }
}

/** A record longer than this many characters is refused: a 2 GB one-line file must not be held in memory. */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteSeen,
}

/**
 * Turns pushed text into records.
 * @example
 * const t = new CsvTokenizer(); const out: NumberedRecord[] = [];
 * t.push('a,b\r\n1,"x\r\ny"\r\n2,z', out); t.end(out);
 * out.map((r) => r.line) // [1, 2, 4]
 */
export class CsvTokenizer {
  private state = State.FieldStart;
  private field = '';
  private fields: string[] = [];
  /** Physical line of the next character. */
  line = 1;
  /** Characters already read on the current line. */
  private col = 0;
  /** Line where the current record began (0: no record begun). */
  private recordLine = 0;
  private size = 0;
  private pendingCr = false;
  private started = false;
  private openLine = 0;
  private openCol = 0;

  constructor(private readonly maxRecordChars = MAX_RECORD_CHARS) {}

  /** Tokenizes `text`, appending complete records to `out`. */
  push(text: string, out: NumberedRecord[]): void {
    const n = text.length;
    let i = 0;
    if (!this.started && n > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1; // a byte-order mark is not text
    }
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.pendingCr) {
        this.pendingCr = false;
        if (c === LF) {
          // The LF of a CRLF: the line end was already counted at the CR.
          if (this.state === State.Quoted) this.append('\n');
          i++;
          continue;
        }
      }
      switch (this.state) {
        case State.FieldStart:
          if (c === QUOTE) {
            this.begin();
            this.openLine = this.line;
            this.openCol = this.col + 1;
            this.state = State.Quoted;
            this.col++;
            i++;
          } else if (c === COMMA) {
            this.begin();
            this.fields.push('');
            this.col++;
            i++;
          } else if (c === CR || c === LF) {
            if (this.recordLine !== 0) {
              this.fields.push('');
              this.emit(out);
            } // else an empty line: skipped
            this.lineEnd(c);
            i++;
          } else {
            this.begin();
            this.state = State.Unquoted;
          }
          break;
        case State.Unquoted: {
          let j = i;
          while (j < n) {
            const d = text.charCodeAt(j);
            if (d === COMMA || d === CR || d === LF) break;
            j++;
          }
          if (j > i) this.append(text.slice(i, j));
          this.col += j - i;
          i = j;
          if (j === n) break;
          this.closeField(text.charCodeAt(j), out);
          i++;
          break;
        }
        case State.Quoted: {
          let j = i;
          while (j < n) {
            const d = text.charCodeAt(j);
            if (d === QUOTE || d === CR || d === LF) break;
            j++;
          }
          if (j > i) this.append(text.slice(i, j));
          this.col += j - i;
          i = j;
          if (j === n) break;
          const d = text.charCodeAt(j);
          if (d === QUOTE) {
            this.state = State.QuoteSeen;
            this.col++;
          } else {
            this.append(d === CR ? '\r' : '\n');
            this.lineEnd(d);
          }
          i++;
          break;
        }
        case State.QuoteSeen:
          if (c === QUOTE) {
            this.append('"');
            this.state = State.Quoted;
            this.col++;
          } else if (c === COMMA || c === CR || c === LF) {
            this.closeField(c, out);
          } else {
            throw new CsvStructureError('CLOSING_QUOTE', this.openLine, this.openCol, {
              line: this.line,
              column: this.col,
              next: String.fromCodePoint(text.codePointAt(i) ?? c),
            });
          }
          i++;
          break;
      }
    }
  }

  /** Ends the input: the last record may lack a line end; a quote still open is an error. */
  end(out: NumberedRecord[]): void {
    if (this.state === State.Quoted) throw new CsvStructureError('QUOTE_NOT_CLOSED', this.openLine, this.openCol);
    if (this.state !== State.FieldStart || this.recordLine !== 0) {
      this.fields.push(this.field);
      this.field = '';
      this.emit(out);
    }
    this.state = State.FieldStart;
  }

  private begin(): void {
    if (this.recordLine === 0) this.recordLine = this.line;
  }

  private append(s: string): void {
    this.field += s;
    this.size += s.length;
    if (this.size > this.maxRecordChars) {
      // Inside a quoted field, point at its opening quote: most likely the one never closed.
      const quoted = this.state === State.Quoted || this.state === State.QuoteSeen;
      throw new CsvStructureError(quoted ? 'QUOTED_TOO_LARGE' : 'RECORD_TOO_LARGE', quoted ? this.openLine : this.recordLine, quoted ? this.openCol : 1);
    }
  }

  /** A separator or line end after a field's content. */
  private closeField(c: number, out: NumberedRecord[]): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = State.FieldStart;
    if (c === COMMA) {
      this.col++;
      return;
    }
    this.emit(out);
    this.lineEnd(c);
  }

  private emit(out: NumberedRecord[]): void {
    out.push({ line: this.recordLine, fields: this.fields });
    this.fields = [];
    this.recordLine = 0;
    this.size = 0;
  }

  private lineEnd(c: number): void {
    this.line++;
    this.col = 0;
    this.pendingCr = c === CR;
  }
}

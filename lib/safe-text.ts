/**
 * Text from files (names, header cells, values) quoted in a message: cut to a length a
 * person can read, and with every control character written as an escape, so that file
 * content never moves a terminal's cursor, rewrites its title or colours it, and a newline
 * in a file name cannot forge a line of the summary.
 */

/** How many characters of an offending value a message quotes at most. */
export const QUOTE_LIMIT = 200;

// C0 and C1 controls, DEL, and the invisible format characters that reorder or hide text
// (bidirectional overrides and isolates, zero-width characters, line/paragraph separators).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/**
 * `text` made safe for a message: at most `limit` characters (then `…` and how many more),
 * control characters escaped (`\n`, `\x1b`, `\u202e`).
 * @example safeText('a\x1b[31mb') // 'a\\x1b[31mb'
 */
export function safeText(text: string, limit = QUOTE_LIMIT): string {
  const chars = Array.from(text.length > limit * 2 + 8 ? text.slice(0, limit * 2 + 8) : text);
  const cut = chars.length > limit || text.length > limit * 2 + 8;
  const kept = (cut ? chars.slice(0, limit) : chars).join('');
  const shown = kept.replace(UNSAFE, escape);
  return cut ? `${shown}… (${text.length - kept.length} more characters)` : shown;
}

function escape(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * A line for a terminal: every control and invisible format character escaped as in
 * safeText, nothing cut (lines the program builds are already bounded; values in them were
 * quoted with safeText). Line breaks inside `line` are escaped too: one call, one line.
 * @example terminalLine('run 3: a\nb.csv') // 'run 3: a\\nb.csv'
 */
export function terminalLine(line: string): string {
  return line.replace(UNSAFE, escape);
}

// Characters JSON.stringify leaves raw that a terminal interprets: C1 controls (CSI \x9b) and
// the invisible format characters above.
const JSON_RAW = /[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/**
 * JSON text made safe to show on a terminal and still the same JSON: the characters
 * JSON.stringify leaves raw that a terminal would act on are written as \u escapes.
 * @example JSON.parse(terminalJson(JSON.stringify('a\u009bb'))) // 'a\u009bb'
 */
export function terminalJson(json: string): string {
  return json.replace(JSON_RAW, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * One CSV cell that no spreadsheet runs as a formula (OWASP, "CSV injection"): text starting
 * with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` unless it is a number;
 * then quoted when it holds a comma, a quote or a line break.
 * @example csvCell('=HYPERLINK("x")') // '"\'=HYPERLINK(""x"")"'
 * @example csvCell('-5') // '-5'
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && !NUMBER.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

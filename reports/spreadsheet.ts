/**
 * The bulletin's tables as a spreadsheet and CSV files, laid out as the UK Analysis Function
 * advises for statistical releases: a cover sheet, a contents sheet, a notes sheet, then one
 * table per sheet with one header row, no merged cells, no blank rows or columns, numbers stored
 * as numbers (unrounded, in the unit the header names) and markers (`[p]`, `[r]`) in a column of
 * their own. This module builds the model (pure); pipelines/tables-file.ts writes it.
 */
import type { Figure } from './figures.js';
import type { BulletinView, TableView } from './model.js';
import { count } from './press/round.js';
import { DEFAULT_FINAL_AFTER_DAYS } from './status.js';

/** A cell: text, or a figure's unrounded value (an exact decimal string, stored as a number). */
export type SheetCell = { text: string } | { number: string };

/** One table of the bulletin as one sheet (and one CSV). */
export interface SheetTable {
  /** Sheet name and CSV stem: `Table_1`. */
  sheet: string;
  /** The table's number and caption, as printed. */
  title: string;
  head: string[];
  rows: SheetCell[][];
}

/** The workbook: cover, contents and notes, then the tables. */
export interface WorkbookModel {
  title: string;
  cover: [string, string][];
  notes: [string, string][];
  tables: SheetTable[];
}

const WORDS = {
  en: {
    cover: ['Title', 'Publisher', 'Release date', 'Contact', 'Source', 'Licence', 'Edition'],
    notProvided: 'not configured (publisher in trade-bulletin.config.json)',
    releaseDate: (date: string) => `${date} (data as of this date; a release's manifest.json names the release)`,
    edition: 'English',
    table: (n: number) => `Table ${n}`,
    marker: (h: string) => `${h}: marker`,
    notes: [
      ['[p]', (days: string) => `Provisional: a figure of the running year, or of a year until ${days} days after its end; it may still be revised.`],
      ['[r]', 'Revised: the value moved since the bulletin\'s last release (see the revisions table).'],
      ['[z]', 'Not applicable: the change is not meaningful (n.m. in the bulletin).'],
      ['[x]', 'Not available: e.g. a mean revision needs two releases.'],
      ['Numbers', 'Numbers are stored unrounded, as exact as figures.json holds them, in the unit the column header names (yuan, U.S. dollars, percent, TEU, counts, yuan per U.S. dollar); the bulletin prints them rounded (billions and millions with two decimals, percentages with one, half away from zero, once). Markers sit in a column of their own, after the column they mark.'],
    ] as [string, string | ((days: string) => string)][],
  },
  zh: {
    cover: ['标题', '发布机构', '发布日期', '联系方式', '资料来源', '许可', '版本'],
    notProvided: '未配置（trade-bulletin.config.json 中的 publisher）',
    releaseDate: (date: string) => `${date}（数据截止日期；发布版本见 manifest.json）`,
    edition: '中文',
    table: (n: number) => `表${n}`,
    marker: (h: string) => `${h}：标注`,
    notes: [
      ['[p]', (days: string) => `初步数：当年数据，以及上一年度结束后${days}天内的数据，可能修订。`],
      ['[r]', '已修订：与本公报上次发布相比数值有变动（见修订表）。'],
      ['[z]', '不适用：增速不具可比性。'],
      ['[x]', '无数据：如平均修订需至少两次发布。'],
      ['数值', '数值以未经取整的精确值存储，单位见列标题（元、美元、百分比、标箱、个数、元/美元）；公报中按亿元、万元保留两位小数，百分比保留一位小数，四舍五入，仅取整一次。标注单列，位于其所标注列之后。'],
    ] as [string, string | ((days: string) => string)][],
  },
};

/** The tables of a view, in the order the bulletin numbers them. */
export const viewTables = (view: BulletinView): TableView[] =>
  [...view.sections.map((s) => s.table), view.methods.table].filter((t): t is TableView => Boolean(t));

/** One printed table as a sheet: each column of figures stored as numbers, a marker column after each that carries markers. */
function sheetOf(table: TableView, n: number, edition: 'en' | 'zh'): SheetTable {
  const W = WORDS[edition];
  const width = table.head.length;
  const figureAt = (r: number, c: number): Figure | null => table.cells?.[r]?.[c]?.figure ?? null;
  const numeric = Array.from({ length: width }, (_, c) => table.rows.some((_r, r) => figureAt(r, c) !== null));
  const marked = Array.from({ length: width }, (_, c) => table.rows.some((_r, r) => Boolean(table.cells?.[r]?.[c]?.marker)));
  const heads = table.sheetHead ?? table.head;
  const head: string[] = [];
  for (let c = 0; c < width; c++) {
    head.push(heads[c] ?? table.head[c]!);
    if (marked[c]) head.push(W.marker(heads[c] ?? table.head[c]!));
  }
  const rows = table.rows.map((row, r) => {
    const out: SheetCell[] = [];
    for (let c = 0; c < width; c++) {
      const f = figureAt(r, c);
      if (numeric[c]) out.push(f ? (f.value === null ? { text: '[z]' } : { number: f.value }) : { text: row[c] && row[c] !== '—' ? row[c]! : '[x]' });
      else out.push({ text: row[c] ?? '' });
      if (marked[c]) out.push({ text: table.cells?.[r]?.[c]?.marker ?? '' });
    }
    return out;
  });
  return { sheet: `Table_${n}`, title: `${W.table(n)}: ${table.caption}`, head, rows };
}

/**
 * The workbook of one edition of a bulletin.
 * @example const model = workbookModel(view, { publisher: { name: 'Xi\'an Statistics Office' }, asOf: '2026-06-30' });
 */
export function workbookModel(
  view: BulletinView,
  meta: { asOf: string; publisher?: { name: string; name_zh?: string; contact?: string; licence?: string; url?: string } },
): WorkbookModel {
  const W = WORDS[view.edition];
  const p = meta.publisher;
  const name = p?.name ? (view.edition === 'zh' ? p.name_zh || p.name : p.name) : W.notProvided;
  const tables = viewTables(view).map((t, i) => sheetOf(t, i + 1, view.edition));
  // The [p] note gives the days as the bulletin's own notes print them ("until 90 days after its end").
  const days = count(view.finalAfterDays ?? DEFAULT_FINAL_AFTER_DAYS);
  const notes: [string, string][] = W.notes.map(([k, v]) => [k, typeof v === 'string' ? v : v(days)]);
  view.methods.paragraphs.forEach((para, i) => notes.push([`${view.methods.heading} ${i + 1}`, para]));
  viewTables(view).forEach((t, i) => t.notes.forEach((line) => notes.push([W.table(i + 1), line])));
  return {
    title: view.title,
    cover: [
      [W.cover[0]!, view.title],
      [W.cover[1]!, name],
      // The date as the bulletin's cover prints it ("5 January 2026", "2026年1月5日"), not the ISO form.
      [W.cover[2]!, W.releaseDate(view.release)],
      [W.cover[3]!, p?.contact || W.notProvided],
      [W.cover[4]!, view.sourceLine],
      [W.cover[5]!, p?.licence || W.notProvided],
      [W.cover[6]!, `${W.edition} · ${view.slug}`],
    ],
    notes,
    tables,
  };
}

/**
 * A CSV field made harmless for spreadsheets: a cell that starts with `=`, `+`, `-`, `@`, tab or
 * carriage return gets a `'` in front unless it is a number; then quoted as RFC 4180 needs.
 * @example csvField('=SUM(A1)') // "'=SUM(A1)"
 */
export function csvField(text: string, isNumber = false): string {
  const number = isNumber || /^[+-]?\d+(\.\d+)?$/.test(text);
  const safe = !number && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A sheet table as CSV: the header row and the rows, numbers as exact decimals. */
export function tableCsv(t: SheetTable): string {
  const line = (cells: SheetCell[]) => cells.map((c) => ('number' in c ? csvField(c.number, true) : csvField(c.text))).join(',');
  return [line(t.head.map((h) => ({ text: h }))), ...t.rows.map(line)].join('\r\n') + '\r\n';
}

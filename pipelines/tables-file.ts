/**
 * Writes a bulletin's tables: one `.xlsx` workbook (exceljs) and one CSV per table, from the
 * model of reports/spreadsheet.ts. Each file is written atomically.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { join } from 'node:path';
import type { BulletinView } from '../reports/model.js';
import { tableCsv, workbookModel, type SheetCell } from '../reports/spreadsheet.js';
import { writeOutput, type Output } from './publish.js';

type Publisher = Parameters<typeof workbookModel>[1]['publisher'];

/** Sets a row's cells and bolds it when it is a header. */
function addRow(ws: ExcelJS.Worksheet, cells: (string | number)[], bold = false): void {
  const row = ws.addRow(cells);
  if (bold) row.font = { bold: true };
}

const value = (c: SheetCell): string | number => ('number' in c ? Number(c.number) : c.text);

/**
 * The workbook's bytes.
 * @example const bytes = await workbookBytes(view, { asOf: '2026-06-30' });
 */
export async function workbookBytes(view: BulletinView, meta: { asOf: string; publisher?: Publisher }): Promise<Uint8Array> {
  const model = workbookModel(view, meta);
  const wb = new ExcelJS.Workbook();
  wb.creator = model.cover[1]![1];
  wb.title = model.title;
  wb.created = new Date(`${meta.asOf}T00:00:00Z`);
  wb.modified = wb.created;
  const wide = (ws: ExcelJS.Worksheet, widths: number[]) => widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));

  const cover = wb.addWorksheet('Cover_sheet');
  addRow(cover, [model.title], true);
  for (const [k, v] of model.cover.slice(1)) addRow(cover, [k, v]);
  wide(cover, [18, 100]);

  const contents = wb.addWorksheet('Contents');
  addRow(contents, [view.edition === 'zh' ? '目录' : 'Contents'], true);
  addRow(contents, view.edition === 'zh' ? ['工作表', '表名', '行数'] : ['Sheet name', 'Table title', 'Rows'], true);
  addRow(contents, ['Notes', view.edition === 'zh' ? '说明：定义、汇率折算、取整与标注' : 'Notes: definitions, conversion, rounding and markers', model.notes.length]);
  for (const t of model.tables) {
    addRow(contents, [t.sheet, t.title, t.rows.length]);
    contents.getCell(contents.rowCount, 1).value = { text: t.sheet, hyperlink: `#'${t.sheet}'!A1` };
  }
  wide(contents, [12, 90, 8]);

  const notes = wb.addWorksheet('Notes');
  addRow(notes, [view.edition === 'zh' ? '说明' : 'Notes'], true);
  addRow(notes, view.edition === 'zh' ? ['编号', '说明'] : ['Note', 'Note text'], true);
  for (const [k, v] of model.notes) addRow(notes, [k, v]);
  wide(notes, [22, 120]);

  for (const t of model.tables) {
    const ws = wb.addWorksheet(t.sheet);
    addRow(ws, [t.title], true);
    addRow(ws, t.head, true);
    for (const r of t.rows) addRow(ws, r.map(value));
    wide(ws, t.head.map((h, i) => (i === 0 ? 36 : Math.min(40, Math.max(12, h.length + 2)))));
  }
  return stampZip(new Uint8Array(await wb.xlsx.writeBuffer()), wb.created);
}

/**
 * The same workbook, every zip entry dated `date`: exceljs's zip records the time of writing,
 * so the same draft rebuilt would differ in bytes. Dated at the as-of date, a re-run of a year
 * reproduces its spreadsheet byte for byte, as it does its PDFs.
 */
async function stampZip(bytes: Uint8Array, date: Date): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  zip.forEach((_, entry) => {
    entry.date = date;
  });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/**
 * Writes `<dir>/<slug>.xlsx` and `<dir>/tables/<slug>/Table_N.csv`; returns their output records.
 * @example await writeTableFiles(dir, view, { asOf: '2026-06-30' });
 */
export async function writeTableFiles(dir: string, view: BulletinView, meta: { asOf: string; publisher?: Publisher }): Promise<Output[]> {
  const outputs: Output[] = [await writeOutput(join(dir, `${view.slug}.xlsx`), await workbookBytes(view, meta), 'table')];
  for (const t of workbookModel(view, meta).tables) {
    // A byte-order mark, so that spreadsheet programs read the Chinese edition as UTF-8.
    outputs.push(await writeOutput(join(dir, 'tables', view.slug, `${t.sheet}.csv`), `\uFEFF${tableCsv(t)}`, 'table'));
  }
  return outputs;
}

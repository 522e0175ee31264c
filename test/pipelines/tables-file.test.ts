/**
 * The spreadsheet and CSV files of a bulletin's tables: written with exceljs, read back with
 * exceljs; every stored number equals its figure's value in figures.json; cover, contents and
 * notes sheets; no merged cells; CSV text cells neutralised.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildTradeBulletin } from '../../reports/trade/view.js';
import { workbookBytes, writeTableFiles } from '../../pipelines/tables-file.js';
import { annual2025, asean, bulletinData, changan } from '../fixtures/bulletin-data.js';
import { tempDir } from '../helpers/pipeline.js';

let t: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => (t = await tempDir()));
afterEach(() => t.cleanup());

describe('the tables as .xlsx and CSV', () => {
  it('are the same bytes whenever they are written (zip entries dated at the as-of date, not the clock)', async () => {
    const data = bulletinData({ asOf: '2026-02-15' }, [changan(annual2025), asean(annual2025)]);
    const { view } = buildTradeBulletin(data, 'en');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2030-01-01T10:00:00Z'));
      const first = await workbookBytes(view, { asOf: data.asOf });
      vi.setSystemTime(new Date('2031-07-04T17:33:12Z'));
      const second = await workbookBytes(view, { asOf: data.asOf });
      expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('read back with exceljs, numbers equal the figures; one header row, markers in their own column', async () => {
    const data = bulletinData({ asOf: '2026-02-15' }, [changan(annual2025, { valueCny: '5319987654.3200', yoyPct: null, yoyStatus: 'zero-prior' }), asean(annual2025)]);
    const { view, figures } = buildTradeBulletin(data, 'en');
    const outputs = await writeTableFiles(t.dir, view, { asOf: data.asOf, publisher: { name: '=Evil Office', contact: 'stats@example.org' } });
    expect(outputs.map((o) => o.path.slice(t.dir.length + 1))).toEqual([
      'trade-bulletin-2025-annual-en.xlsx', 'tables/trade-bulletin-2025-annual-en/Table_1.csv', 'tables/trade-bulletin-2025-annual-en/Table_2.csv',
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(outputs[0]!.path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Cover_sheet', 'Contents', 'Notes', 'Table_1', 'Table_2']);
    expect(wb.getWorksheet('Cover_sheet')!.getRow(2).values).toEqual([undefined, 'Publisher', '=Evil Office']);
    expect(wb.getWorksheet('Cover_sheet')!.getCell('B2').type).toBe(ExcelJS.ValueType.String);
    const sheet = wb.getWorksheet('Table_1')!;
    const head = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(head.slice(0, 3)).toEqual(['Service', 'Trade value (yuan)', 'Trade value (yuan): marker']);
    const byHead = (row: number, h: string) => sheet.getRow(row).getCell(head.indexOf(h) + 1).value;
    const fig = (metric: string, unit: string, service = 'changan-xian-almaty') =>
      figures.find((f) => f.service === service && f.metric === metric && f.unit === unit && f.basis?.includes('table') !== false && f.period === '2025')!;
    // Row 3 is Chang'an: the unrounded yuan value as a number, its marker beside it.
    expect(byHead(3, 'Trade value (yuan)')).toBe(5319987654.32);
    expect(byHead(3, 'Trade value (yuan)')).toBe(Number(fig('trade_value', 'CNY').value));
    expect(byHead(3, 'Trade value (yuan): marker')).toBe('[p]');
    expect(byHead(3, 'Trade value (U.S. dollars, at the publication rate)')).toBe(Number(fig('trade_value', 'USD').value));
    expect(byHead(3, 'Change on a year earlier (percent)')).toBe('[z]');
    expect(byHead(4, 'Change on a year earlier (percent)')).toBe(11.1);
    // Every number in every table sheet is the value of a figure of figures.json.
    const values = new Set(figures.map((f) => (f.value === null ? null : Number(f.value))));
    let numbers = 0;
    for (const ws of wb.worksheets.filter((w) => w.name.startsWith('Table_'))) {
      ws.eachRow((row) => row.eachCell((c) => {
        if (typeof c.value === 'number') {
          numbers++;
          expect(values.has(c.value)).toBe(true);
        }
      }));
      // No merged cells, no blank row inside the table.
      expect(Object.keys((ws as unknown as { _merges: object })._merges)).toEqual([]);
      expect(ws.rowCount).toBe(ws.actualRowCount);
    }
    expect(numbers).toBe(2 * 7 - 1 + 2); // two service rows of 7 figures, one n.m.; one rate row of 2
    // The CSV holds the same table, exact decimals, and neutralised text.
    const csv = parse((await readFile(join(t.dir, 'tables/trade-bulletin-2025-annual-en/Table_1.csv'), 'utf8')).replace(/^\uFEFF/, '')) as string[][];
    expect(csv[0]).toEqual(head);
    expect(csv).toHaveLength(3);
    expect(csv[1]!.slice(0, 4)).toEqual(['Chang\'an Xi\'an–Almaty', '5319987654.3200', '[p]', fig('trade_value', 'USD').value]);
  });
});

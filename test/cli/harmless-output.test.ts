/**
 * Output made harmless, and a run stopped by the quarantine ceiling that still leaves what to
 * investigate (issue 10): quarantine.csv never holds a cell a spreadsheet runs as a formula;
 * no control character of a file name or cell reaches the terminal, and a newline in a file name
 * forges no line; a 50 MB one-line file puts no more than a few hundred characters into the
 * message, the JSON or the run record; above the ceiling the quarantine report and the --json
 * report are written before exit 2, and the message names the report.
 */
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanInbox } from '../fixtures/dialects.js';
import { fixtureReference, tempDir, writeFiles } from '../helpers/pipeline.js';

const root = join(import.meta.dirname, '..', '..');
const cli = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'trade-bulletin.js'), ...args], { encoding: 'utf8', cwd: root, maxBuffer: 64 * 2 ** 20 });
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;
const EVIL_NAME = 'values\x1b[31m\nrun 9: ok.csv';

let t: { dir: string; cleanup: () => Promise<void> };
let inbox: string;
beforeAll(async () => {
  t = await tempDir('tb-harmless-');
  inbox = join(t.dir, 'inbox');
  await writeFiles(inbox, {
    ...cleanInbox(),
    [EVIL_NAME]:
      'line_id,shipment_id,hs_code,description,value,currency\n' +
      'E1,S1,,x,"=HYPERLINK(""http://x"",""y"")",CNY\n' + // value not a number
      'E2,S1,,x,10,@SUM(A1)\n' + // not a currency
      "E3,S1,+cmd|' /C calc'!A0,x,10,CNY\n" + // not an HS code
      'E4,S1,,x,-2+3,CNY\n' + // not a number
      'E5,S1,,x,-5,CNY\n' + // a number, not positive: no prefix
      'E6,S1,,x,"\tTAB",CNY\n',
  });
  await writeFile(join(inbox, 'one-line.csv'), 'a'.repeat(50 * 2 ** 20));
  await writeFile(join(inbox, 'long-cell.csv'), 'line_id,shipment_id,value,currency\nL9,S1,' + '9'.repeat(2 ** 20) + 'x,CNY\n');
});
afterAll(() => t.cleanup());

describe('output made harmless', () => {
  it('above the ceiling: the quarantine report and the --json report are written, exit 2, no formula cell, no control character', async () => {
    const ws = join(t.dir, 'ws');
    const r = cli(['nightly', '--inbox', inbox, '--workspace', ws, '--reference-dir', fixtureReference, '--as-of', '2025-12-31', '--skip-bulletins', '--json']);
    expect(r.status).toBe(2);
    const report = JSON.parse(r.stdout) as { status: string; quarantine_report: string; totals: { quarantined: number }; files: { name: string; read: number; loaded: number; quarantined: number; reason: string | null }[] };
    expect(report.status).toBe('ceiling');
    expect(report.quarantine_report).toBe(join(ws, 'reports', 'quarantine.csv'));
    // 6 rows of the evil file and 1 of long-cell.csv quarantined, of 13 read.
    expect(report.totals.quarantined).toBe(7);
    expect(r.stderr).toContain(`every quarantined row is in ${join(ws, 'reports', 'quarantine.csv')}`);

    // Spreadsheet-safe: no cell starts with = + - @ tab or CR unless it is a number.
    const csv = await readFile(report.quarantine_report, 'utf8');
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(7);
    for (const row of rows) for (const cell of Object.values(row)) if (/^[=+\-@\t\r]/.test(cell)) expect(cell).toMatch(/^[+-]?\d+(\.\d+)?$/);
    const values = Object.fromEntries(rows.filter((x) => x.file!.endsWith('ok.csv')).map((x) => [x.line, x.value]));
    expect(values).toEqual({ '2': `'=HYPERLINK("http://x","y")`, '3': "'@SUM(A1)", '4': "'+cmd|' /C calc'!A0", '5': "'-2+3", '6': '-5', '7': "'\tTAB" });

    // The terminal: nothing raw, and the file name's newline forges no line of the summary.
    expect(r.stderr).not.toMatch(CONTROL);
    expect(r.stderr.split('\n').some((l) => l.startsWith('run 9'))).toBe(false);
    expect(r.stderr).toContain('values\\x1b[31m\\nrun 9: ok.csv');

    // A 50 MB line and a 1 MB cell: a few hundred characters at most, in the message, the JSON and the run record.
    const oneLine = report.files.find((f) => f.name === 'one-line.csv')!;
    expect(oneLine.reason!.length).toBeLessThan(400);
    expect(r.stdout.length).toBeLessThan(20_000);
    expect(r.stderr.length).toBeLessThan(10_000);
    const longCell = rows.find((x) => x.file === 'long-cell.csv')!;
    expect(longCell.value).toBe(`${'9'.repeat(200)}… (${2 ** 20 + 1 - 200} more characters)`);
    const show = cli(['runs', 'show', '1', '--workspace', ws, '--json']);
    expect(show.status).toBe(0);
    expect(show.stdout.length).toBeLessThan(20_000);
    expect(JSON.parse(show.stdout)).toMatchObject({ run: { status: 'failed', exit_code: 2 } });
  });
});

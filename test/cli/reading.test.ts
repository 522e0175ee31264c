/**
 * The command line on hostile files (issue 10, reading): `validate` exits 2 with
 * compiler-style file:line:column messages, never "no problems found" for a file it cannot
 * read, and no control character of a file reaches the terminal.
 */
import { spawnSync } from 'node:child_process';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanInbox } from '../fixtures/dialects.js';
import { fixtureReference, tempDir, writeFiles } from '../helpers/pipeline.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'trade-bulletin.js');
const cli = (args: string[], cwd = root) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd });
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

let t: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  t = await tempDir('tb-cli-reading-');
  await writeFiles(t.dir, {
    'stray.csv': 'line_id,shipment_id,description,value,currency\nQ1,S1,"Phones,10,CNY\nQ2,S1,Fans,10,CNY\nQ3,S1,"Cable",10,CNY\n',
    'ship-pl-1.csv': iconv.encode(
      'shipment_id,train_id,service,departure_date,origin_station,destination_station,origin_country,destination_country,teu\n' +
        "P1,T9,changan-xian-almaty,2025-03-03,Xi'an,Małaszewicze,CN,PL,2\n",
      'windows-1250',
    ),
    'escape.csv': 'line_id,\x1b]0;pwned\x07\x1b[2Jred,value\n1,2,3\n',
  });
});
afterAll(() => t.cleanup());

describe('validate on hostile files', () => {
  it('exits 2 with file:line:column messages, and escapes control characters', () => {
    const r = cli(['validate', '--reference-dir', fixtureReference, ...['stray.csv', 'ship-pl-1.csv', 'escape.csv'].map((f) => join(t.dir, f))]);
    expect(r.status).toBe(2);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^stray\.csv:2:7: rejected whole: a quoted field starting here is closed at line 4, column 7 and followed by "C" instead of a comma or a line end/);
    expect(lines[1]).toMatch(/^ship-pl-1\.csv: rejected whole: it is neither UTF-8 nor GB18030 .*"encodings": \[\{"pattern": "ship-pl-1\.csv", "encoding": "windows-1250"\}\]/);
    expect(lines[2]).toMatch(/^escape\.csv:1: rejected whole: unknown header \(line_id, \\x1b\]0;pwned\\x07\\x1b\[2Jred, value\)/);
    expect(r.stderr).toMatch(/3 problems found/);
    expect(r.stdout + r.stderr).not.toMatch(CONTROL);
  });

  it('reads a file in the encoding declared with --encoding, or in the config file', async () => {
    const file = join(t.dir, 'ship-pl-1.csv');
    const flag = cli(['validate', '--reference-dir', fixtureReference, '--encoding', 'ship-pl-*.csv=windows-1250', '--json', file]);
    expect(flag.status).toBe(0);
    expect(JSON.parse(flag.stdout)).toMatchObject({ ok: true, files: [{ name: 'ship-pl-1.csv', kind: 'shipments', read: 1, loaded: 1, rejected: null }] });
    const dir = join(t.dir, 'configured');
    await writeFiles(dir, { 'trade-bulletin.config.json': JSON.stringify({ encodings: [{ pattern: 'ship-pl-*.csv', encoding: 'windows-1250' }] }) });
    const config = cli(['validate', '--reference-dir', fixtureReference, file], dir);
    expect(config.status).toBe(0);
    expect(config.stderr).toMatch(/ship-pl-1\.csv: shipments, read 1, would load 1, would quarantine 0/);
  });

  it('names a bad encoding declaration, in the config file and on the command line', async () => {
    const dir = join(t.dir, 'badenc');
    await writeFiles(dir, { 'trade-bulletin.config.json': JSON.stringify({ encodings: [{ pattern: '*.csv', encoding: 'klingon' }] }) });
    const r = cli(['config'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('"encodings" entry 1: "encoding" must be an encoding TextDecoder or iconv-lite knows');
    const folder = cli(['config', '--encoding', 'inbox/*.csv=windows-1250']);
    expect(folder.status).toBe(2);
    expect(folder.stderr).toContain('"pattern" is matched against the file name only; drop the folder (got "inbox/*.csv")');
    const f = cli(['config', '--encoding', 'nonsense']);
    expect(f.status).toBe(2);
    expect(f.stderr).toMatch(/--encoding "nonsense": write PATTERN=ENCODING/);
  });
});

describe('nightly on an inbox with a dangling link', () => {
  it('reports the link on standard error and in --json, loads the rest, exits 2', async () => {
    const inbox = join(t.dir, 'link-inbox');
    await writeFiles(inbox, cleanInbox());
    await symlink(join(t.dir, 'gone.csv'), join(inbox, 'values-link.csv'));
    const r = cli(['nightly', '--inbox', inbox, '--workspace', join(t.dir, 'link-ws'), '--as-of', '2025-12-31', '--reference-dir', fixtureReference, '--skip-bulletins', '--json']);
    expect(r.status).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.totals).toEqual({ read: 9, loaded: 9, quarantined: 0 });
    expect(report.files.find((f: { name: string }) => f.name === 'values-link.csv')).toMatchObject({ action: 'rejected', reason: expect.stringMatching(/symbolic link to a file that does not exist/) });
    expect(r.stderr).toMatch(/warning: values-link\.csv: not read: it is a symbolic link to a file that does not exist\. Fix or remove the link\./);
  });
});

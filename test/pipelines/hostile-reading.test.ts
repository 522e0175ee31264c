/**
 * Hostile input at the reading layer (issue 10 items 2, 3, 4, 5, 13 and safe messages):
 * each file is written into a temporary inbox beside the clean twin, and the nightly run
 * must load it exactly, or reject it whole with a reason, with read = loaded + quarantined
 * per file (the runner's accounting check throws otherwise).
 */
import { mkdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../lib/logger.js';
import { listInbox, stageInbox } from '../../pipelines/ingest.js';
import { openWarehouse } from '../../pipelines/warehouse.js';
import type { RunOptions } from '../../pipelines/options.js';
import { cleanInbox } from '../fixtures/dialects.js';
import { nightly, tempDir, writeFiles } from '../helpers/pipeline.js';

let t: { dir: string; cleanup: () => Promise<void> };
let n = 0;
beforeAll(async () => {
  t = await tempDir('tb-hostile-');
});
afterAll(() => t.cleanup());

const VALUES = 'line_id,shipment_id,hs_code,description,value,currency';
const SHIPMENTS = 'shipment_id,train_id,service,departure_date,origin_station,destination_station,origin_country,destination_country,teu';

/** A fresh inbox (the clean twin plus `extra`), run once; `setup` may add links. */
async function run(extra: Record<string, string | Buffer>, options: Partial<RunOptions> = {}, setup?: (inbox: string) => Promise<void>) {
  const root = join(t.dir, `case-${++n}`);
  const inbox = join(root, 'inbox');
  await writeFiles(inbox, { ...cleanInbox(), ...extra });
  await setup?.(inbox);
  const ws = join(root, 'ws');
  const report = await nightly(inbox, ws, options);
  const file = (name: string) => {
    const f = report.files.find((x) => x.name === name);
    if (!f) throw new Error(`${name} not in the report (${report.files.map((x) => x.name).join(' | ')})`);
    return f;
  };
  for (const f of report.files) expect(f.read, f.name).toBe(f.loaded + f.quarantined);
  return { report, file, root, inbox, ws };
}

/** Queries the workspace's warehouse after a run. */
async function query<T>(ws: string, sql: string): Promise<T[]> {
  const wh = await openWarehouse(join(ws, 'warehouse.duckdb'), { readOnly: true });
  try {
    return await wh.all<T>(sql);
  } finally {
    wh.close();
  }
}

describe('malformed quotes (item 2)', () => {
  it('rejects whole a file where a stray quote would merge four lines, naming where it opens and closes', async () => {
    const text = `${VALUES}\nQ1,S1,8517,Phones,10,CNY\nQ2,S1,8517,"Phones 5,10,CNY\nQ3,S1,8517,Parts,10,CNY\nQ4,S1,8517,Fans,10,CNY\nQ5,S1,8517,"Cable",10,CNY\nQ6,S1,8517,Fans,10,CNY\n`;
    const { report, file } = await run({ 'stray.csv': text });
    expect(file('stray.csv')).toMatchObject({ action: 'rejected', read: 0, loaded: 0, quarantined: 0 });
    expect(file('stray.csv').reason).toBe(
      'stray.csv:3:12: rejected whole: a quoted field starting here is closed at line 6, column 12 and followed by "C" instead of a comma or a line end, ' +
        'so the lines between cannot be told apart. Fix the quote (a quote inside a quoted field is written twice: "") and put the file back.',
    );
    expect(report.totals).toMatchObject({ read: 9, loaded: 9, quarantined: 0 });
  });

  it('reads a quote inside an unquoted field as a character, one row per line', async () => {
    const { file } = await run({ 'inch.csv': `${VALUES}\nI1,S1,8528,"TV, 55""",10,CNY\nI2,S1,8528,12" screen,10,CNY\n` });
    expect(file('inch.csv')).toMatchObject({ action: 'new', read: 2, loaded: 2, quarantined: 0 });
  });
});

describe('names are names (item 3)', () => {
  const names = ['values-extra-?.csv', 'v*.csv', 'values [x] {a,b}.csv', "it's \"quoted\".csv", 'line\nbreak.csv', '西安 Ma\u0142a.csv', 'back\\slash.csv'];

  it('reports a name that is not UTF-8 (Latin-1 bytes) instead of losing the file', async () => {
    const { file } = await run({}, {}, async (inbox) => {
      await writeFile(Buffer.concat([Buffer.from(join(inbox, 'values-Ma')), Buffer.from([0xb3]), Buffer.from('a.csv')]), `${VALUES}\nB1,S1,,,1,CNY\n`);
    });
    expect(file('values-Ma\uFFFDa.csv')).toMatchObject({ action: 'rejected', reason: expect.stringMatching(/^values-Ma\uFFFDa\.csv: not read: its name is not valid UTF-8 text/) });
  });

  it('reads each file by its exact name, never the decoy a pattern would match', async () => {
    const extra: Record<string, string> = { 'values-extra-b.csv': `${VALUES}\nD1,S1,,,1,CNY\nD2,S1,,,1,CNY\nD3,S1,,,1,CNY\n` };
    names.forEach((name, i) => (extra[name] = `${VALUES}\nN${i},S1,,,${i + 1},CNY\n`));
    // Same size and modification time for all: DuckDB, handed /proc/self/fd/N (N reused), must not serve a cached file.
    const { file, ws } = await run(extra, {}, async (inbox) => {
      for (const name of names) await utimes(join(inbox, name), 1_700_000_000, 1_700_000_000);
    });
    expect(file('values-extra-b.csv')).toMatchObject({ action: 'new', read: 3, loaded: 3, quarantined: 0 });
    for (const name of names) expect(file(name), name).toMatchObject({ action: 'new', read: 1, loaded: 1, quarantined: 0 });
    const rows = await query<{ name: string; reader: string; line_id: string }>(ws,
      `SELECT f.name, v.reader, r.line_id FROM files f JOIN file_versions v USING (file_id) JOIN raw_values r USING (file_id) ORDER BY r.line_id`);
    // Plain files: DuckDB's bulk reader read them, each its own row only.
    for (const [i, name] of names.entries()) expect(rows.filter((r) => r.name === name), name).toEqual([{ name, reader: 'duckdb', line_id: `N${i}` }]);
  });
});

describe('symbolic links (item 4)', () => {
  it('reads a link to a file, reports dangling, folder, loop and device links, and never quotes a file outside the inbox', async () => {
    const { file, report } = await run({}, {}, async (inbox) => {
      const outside = join(inbox, '..', 'elsewhere');
      await mkdir(join(outside, 'folder'), { recursive: true });
      await writeFile(join(outside, 'values-linked.csv'), `${VALUES}\nL1,S1,,,5,CNY\nL2,S1,,,6,CNY\n`);
      await writeFile(join(outside, 'secret'), 'root:x:0:0:SECRET-CONTENT:/root:/bin/bash\n');
      await symlink(join(outside, 'values-linked.csv'), join(inbox, 'linked.csv'));
      await symlink(join(outside, 'missing.csv'), join(inbox, 'dangling.csv'));
      await symlink(join(outside, 'folder'), join(inbox, 'folder.csv'));
      await symlink('loop.csv', join(inbox, 'loop.csv'));
      await symlink('/dev/zero', join(inbox, 'zero.csv'));
      await symlink(join(outside, 'secret'), join(inbox, 'passwd.csv'));
      await writeFile(join(outside, 'secret-long'), `id,${'SECRET-CONTENT'.repeat(100)}\n`);
      await symlink(join(outside, 'secret-long'), join(inbox, 'long.csv'));
      await writeFile(join(outside, 'secret-quote'), 'id,"SECRET"-CONTENT\n');
      await symlink(join(outside, 'secret-quote'), join(inbox, 'quote.csv'));
    });
    expect(file('linked.csv')).toMatchObject({ action: 'new', kind: 'values', read: 2, loaded: 2, quarantined: 0 });
    expect(file('dangling.csv')).toMatchObject({ action: 'rejected', reason: expect.stringMatching(/^dangling\.csv: not read: it is a symbolic link to a file that does not exist/) });
    expect(file('folder.csv')).toMatchObject({ action: 'rejected', reason: expect.stringMatching(/^folder\.csv: not read: it is a symbolic link to a folder/) });
    expect(file('loop.csv')).toMatchObject({ action: 'rejected', reason: expect.stringMatching(/^loop\.csv: not read: it is a symbolic link that loops/) });
    expect(file('zero.csv')).toMatchObject({ action: 'rejected', reason: expect.stringMatching(/^zero\.csv: not read: it is a symbolic link to a FIFO, socket or device/) });
    expect(file('passwd.csv')).toMatchObject({ action: 'rejected', reason: expect.stringMatching(/^passwd\.csv:1: rejected whole: unknown header\. The file is a link to a file outside the inbox/) });
    expect(file('long.csv').reason).toMatch(/^long\.csv:1:2: rejected whole: header cell 2 is longer than 1000 characters \("…"\)/);
    expect(file('quote.csv').reason).toMatch(/^quote\.csv:1:4: rejected whole: a quoted field starting here is closed at line 1, column 11 and followed by "…"/);
    expect(JSON.stringify(report)).not.toMatch(/SECRET|root:x/);
  });

  it('quotes the header of a link inside the inbox as of any file', async () => {
    const { file } = await run({}, {}, async (inbox) => {
      await mkdir(join(inbox, 'sub'));
      await writeFile(join(inbox, 'sub', 'odd'), 'line_id,amount\n1,2\n');
      await symlink(join('sub', 'odd'), join(inbox, 'odd.csv'));
    });
    expect(file('odd.csv').reason).toMatch(/^odd\.csv:1: rejected whole: unknown header \(line_id, amount\)/);
  });
});

describe('files that change under the reader', () => {
  it('reports a file that vanished after it was listed, and reads the rest', async () => {
    const dir = join(t.dir, 'vanish');
    await writeFiles(dir, cleanInbox());
    const inbox = await listInbox(dir);
    await rm(join(dir, 'fx.csv'));
    const wh = await openWarehouse(':memory:');
    try {
      const outcomes = await stageInbox(wh, inbox, 1, memoryLogger());
      expect(outcomes.map((o) => [o.name, o.action, o.reason])).toEqual([
        ['fx.csv', 'rejected', 'fx.csv: not read: it cannot be opened (ENOENT): it vanished while being read or this user may not read it. Check that it is in place and readable.'],
        ['shipments.csv', 'new', null],
        ['values.csv', 'new', null],
      ]);
    } finally {
      wh.close();
    }
  });
});

describe('the inbox itself', () => {
  it('says so when the inbox is a file, not a folder (bad input, exit 2)', async () => {
    const file = join(t.dir, 'not-a-folder.csv');
    await writeFile(file, 'x');
    await expect(nightly(file, join(t.dir, 'nf-ws'))).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/is a file, not a folder; pass --inbox DIR/) });
  });
});

describe('encodings (item 5)', () => {
  const polish = `${SHIPMENTS}\nP1,T9,changan-xian-almaty,2025-03-03,Xi'an,Małaszewicze,CN,PL,2\n`;
  const german = `${SHIPMENTS}\nG1,T9,changan-xian-almaty,2025-03-03,Xi'an,Düsseldorf Süd,CN,DE,2\n`;

  it('rejects undeclared cp1250 and Latin-1 files (which decode as GB18030) with how to declare them', async () => {
    const { file } = await run({ 'ship-pl-1.csv': iconv.encode(polish, 'windows-1250'), 'ship-de.csv': iconv.encode(german, 'latin1') });
    for (const name of ['ship-pl-1.csv', 'ship-de.csv']) {
      expect(file(name).action).toBe('rejected');
      expect(file(name).reason).toMatch(new RegExp(`^${name.replace('.', '\\.')}: rejected whole: it is neither UTF-8 nor GB18030 text that can be recognised with confidence`));
      expect(file(name).reason).toContain(`Declare its encoding in trade-bulletin.config.json, e.g. "encodings": [{"pattern": "${name}", "encoding": "windows-1250"}]`);
    }
  });

  it('reads a declared cp1250 file into correct text, and a new declaration re-reads an unchanged rejected file', async () => {
    const first = await run({ 'ship-pl-1.csv': iconv.encode(polish, 'windows-1250') });
    expect(first.file('ship-pl-1.csv').action).toBe('rejected');
    const encodings = [{ pattern: 'ship-pl-*.csv', encoding: 'windows-1250' }];
    const second = await nightly(first.inbox, first.ws, { encodings });
    expect(second.files.find((f) => f.name === 'ship-pl-1.csv')).toMatchObject({ action: 'new', read: 1, loaded: 1, quarantined: 0 });
    expect(await query(first.ws, `SELECT destination_station AS s FROM shipments WHERE shipment_id = 'P1'`)).toEqual([{ s: 'Małaszewicze' }]);
    const encoding = await query<{ e: string }>(first.ws, `SELECT encoding AS e FROM file_versions WHERE name = 'ship-pl-1.csv' AND status = 'current'`);
    expect(encoding).toEqual([{ e: 'windows-1250 [declared windows-1250]' }]);
  });

  it('refuses a declaration that would garble a UTF-8 file', async () => {
    const { file } = await run({ 'ship-pl-2.csv': polish }, { encodings: [{ pattern: 'ship-pl-*.csv', encoding: 'windows-1250' }] });
    expect(file('ship-pl-2.csv').reason).toMatch(/^ship-pl-2\.csv: rejected whole: the configuration declares it windows-1250, but it is valid UTF-8 with non-ASCII characters/);
  });

  it('reads UTF-16 LE and BE, with and without a byte-order mark, and names UTF-32', async () => {
    const text = `${SHIPMENTS}\r\nU1,T9,changan-xian-almaty,2025-03-03,西安国际港站,阿拉木图,CN,KZ,2\r\n`;
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    const files = {
      'u16le-bom.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
      'u16be-bom.csv': Buffer.concat([Buffer.from([0xfe, 0xff]), be]),
      'u16le.csv': le,
      'u16be.csv': be,
      'u32.csv': Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('a\0\0\0')]),
    };
    const { file, ws } = await run(files);
    // The same shipment four times: the first file by name loads it, the others quarantine it as a duplicate.
    for (const name of ['u16be-bom.csv', 'u16be.csv', 'u16le-bom.csv', 'u16le.csv']) expect(file(name), name).toMatchObject({ action: 'new', kind: 'shipments', read: 1 });
    expect(file('u16be-bom.csv').loaded).toBe(1);
    expect(file('u32.csv').reason).toMatch(/^u32\.csv: rejected whole: it is UTF-32 text/);
    const enc = await query(ws, `SELECT name, encoding FROM file_versions WHERE name LIKE 'u16%' ORDER BY name`);
    expect(enc).toEqual([
      { name: 'u16be-bom.csv', encoding: 'utf-16be (BOM)' },
      { name: 'u16be.csv', encoding: 'utf-16be' },
      { name: 'u16le-bom.csv', encoding: 'utf-16le (BOM)' },
      { name: 'u16le.csv', encoding: 'utf-16le' },
    ]);
    expect(await query(ws, `SELECT origin_station AS s FROM shipments WHERE shipment_id = 'U1'`)).toEqual([{ s: '西安国际港站' }]);
  });
});

describe('line numbers (item 13)', () => {
  it('numbers physical lines in a CRLF file with quoted line breaks', async () => {
    const text = `${VALUES}\r\nW1,S1,8517,"two\r\nlines",10,CNY\r\nW2,S1,8517,Bad,-3,CNY\r\nW3,S1,8517,"x",abc,CNY\r\n`;
    const { report, file } = await run({ 'crlf.csv': text });
    expect(file('crlf.csv')).toMatchObject({ read: 3, loaded: 1, quarantined: 2 });
    expect(report.quarantined_rows.map((q) => [q.file, q.line, q.column, q.code])).toEqual([
      ['crlf.csv', 4, 'value', 'notPositive'],
      ['crlf.csv', 5, 'value', 'notNumber'],
    ]);
  });

  it('takes a CR before LF as a line end in either reader: "CNY\\r" is CNY', async () => {
    const crlf = `${VALUES}\r\nC1,S1,,,10,CNY\r\nC2,S1,,,-1,CNY\r\n`; // CRLF throughout, no quote: DuckDB's bulk reader
    const mixed = `${VALUES}\nC3,S1,,,10,CNY\r\nC4,S1,,,-1,CNY\n`; // LF and CRLF mixed: the row reader (DuckDB refuses them)
    const quoted = `${VALUES}\nC5,S1,,"a",10,CNY\r\nC6,S1,,,-1,CNY\r\n`; // a quote: the row reader
    const { report, file, ws } = await run({ 'cr-crlf.csv': crlf, 'cr-mixed.csv': mixed, 'cr-quoted.csv': quoted });
    for (const name of ['cr-crlf.csv', 'cr-mixed.csv', 'cr-quoted.csv']) expect(file(name), name).toMatchObject({ read: 2, loaded: 1, quarantined: 1 });
    expect(report.quarantined_rows.map((q) => [q.file, q.line, q.code])).toEqual([
      ['cr-crlf.csv', 3, 'notPositive'],
      ['cr-mixed.csv', 3, 'notPositive'],
      ['cr-quoted.csv', 3, 'notPositive'],
    ]);
    expect(await query(ws, `SELECT name, reader FROM file_versions WHERE name LIKE 'cr-%' ORDER BY name`)).toEqual([
      { name: 'cr-crlf.csv', reader: 'duckdb' },
      { name: 'cr-mixed.csv', reader: 'row-reader' },
      { name: 'cr-quoted.csv', reader: 'row-reader' },
    ]);
  });

  it('takes a lone CR (old Mac) as a line end', async () => {
    const { report, file } = await run({ 'mac.csv': `${VALUES}\rM1,S1,,,10,CNY\rM2,S1,,,-1,CNY\r` });
    expect(file('mac.csv')).toMatchObject({ read: 2, loaded: 1, quarantined: 1 });
    expect(report.quarantined_rows.map((q) => [q.file, q.line, q.code])).toEqual([['mac.csv', 3, 'notPositive']]);
  });
});

describe('safe messages (item 6)', () => {
  it('quotes at most about 200 characters of a huge header cell, and refuses a header with no line end in 64 KB', async () => {
    const longHeader = `line_id,${'h'.repeat(60_000)},value\n1,2,3\n`;
    const oneLine = 'a,'.repeat(1_500_000); // 3 MB, no line end
    const manyNames = `line_id,${Array.from({ length: 3000 }, (_, i) => `column_${i}`).join(',')}\n`; // 35 KB of short unknown names
    const { report, file } = await run({ 'long-header.csv': longHeader, 'one-line.csv': oneLine, 'many-names.csv': manyNames });
    expect(file('many-names.csv').reason).toMatch(/^many-names\.csv:1: rejected whole: unknown header \(line_id, column_0, column_1, .{150,200}… \(\d+ more characters\)\)\. The closest kind/);
    const long = file('long-header.csv').reason!;
    expect(long).toMatch(/^long-header\.csv:1:2: rejected whole: header cell 2 is longer than 1000 characters \("h{200}… \(59800 more characters\)"\); it is not a column name/);
    expect(long.length).toBeLessThan(500);
    expect(file('one-line.csv').reason).toBe(
      'one-line.csv:1: rejected whole: the header row does not end within the file\'s first 65536 bytes (a quote never closed, or not a CSV file). Replace it with the CSV export.',
    );
    expect(JSON.stringify(report).length).toBeLessThan(20_000);
  });

  it('escapes terminal escape sequences and line breaks from headers and file names', async () => {
    const evil = 'evil\x1b[2J\nname.csv';
    const { file } = await run({ 'escape.csv': 'line_id,\x1b]0;pwned\x07\x1b[31mred,value\n1,2,3\n', [evil]: '' });
    expect(file('escape.csv').reason).toContain('unknown header (line_id, \\x1b]0;pwned\\x07\\x1b[31mred, value)');
    expect(file(evil).reason).toBe('evil\\x1b[2J\\nname.csv: rejected whole: the file is empty (no header row). Re-export it with its header.');
    for (const name of ['escape.csv', evil]) expect([...file(name).reason!].filter((c) => c < ' ' || c === '\x7f')).toEqual([]);
  });

  it('rejects a row longer than 8 MiB characters instead of holding it, in either reader', async () => {
    const huge = 'x'.repeat(8 * 1024 * 1024 + 10);
    const { file } = await run({ 'huge-plain.csv': `${VALUES}\nH1,S1,,${huge},1,CNY\n`, 'huge-quoted.csv': `${VALUES}\nH2,S1,,"${huge}`, });
    expect(file('huge-plain.csv').reason).toBe('huge-plain.csv:2: rejected whole: the row starting here is longer than 8388608 characters (a quote never closed, or not a CSV file). Fix the file and put it back.');
    expect(file('huge-quoted.csv').reason).toMatch(/^huge-quoted\.csv:2:8: rejected whole: the quoted field starting here runs past 8388608 characters; its closing quote is most likely missing/);
  });
});

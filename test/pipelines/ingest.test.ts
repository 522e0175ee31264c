import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileCounts } from '../../pipelines/accounting.js';
import { cleanInbox, messyInbox } from '../fixtures/dialects.js';
import encodeGb18030 from '../fixtures/gb18030.js';
import { loadFolder, tempDir, writeFiles } from '../helpers/pipeline.js';

async function figures(inbox: Record<string, string | Buffer>) {
  const t = await tempDir();
  try {
    await writeFiles(t.dir, inbox);
    const wh = await loadFolder(t.dir);
    const lines = await wh.all(`SELECT line_id, service, CAST(departure_date AS VARCHAR) AS d, CAST(amount_cny AS VARCHAR) AS cny,
      CAST(amount_usd AS VARCHAR) AS usd FROM normalized_lines ORDER BY line_id`);
    const stations = await wh.all(`SELECT shipment_id, origin_station, destination_station, origin_country, CAST(teu AS VARCHAR) AS teu,
      CAST(gross_weight_kg AS VARCHAR) AS kg FROM shipments ORDER BY shipment_id`);
    const counts = await fileCounts(wh);
    const issues = await wh.all(`SELECT * FROM issues`);
    const files = await wh.all<{ name: string; encoding: string; reader: string; extra_columns: string }>(
      `SELECT name, encoding, reader, extra_columns FROM file_versions ORDER BY name`);
    wh.close();
    return { lines, stations, counts, issues, files };
  } finally {
    await t.cleanup();
  }
}

describe('every dialect the contract accepts', () => {
  it('gives the same figures as its clean twin (hand-worked)', async () => {
    const clean = await figures(cleanInbox());
    const messy = await figures(messyInbox());
    // V1 1,234,567.50 CNY; V2 1,000 USD × 7.2 = 7,200; V3 500 EUR × (1.05 × 7.2) = 3,780; V4 2,000,000 CNY
    expect(clean.lines).toEqual([
      { line_id: 'V1', service: 'changan-xian-almaty', d: '2025-03-03', cny: '1234567.5000', usd: '171467.7083' },
      { line_id: 'V2', service: 'changan-xian-almaty', d: '2025-03-03', cny: '7200.0000', usd: '1000.0000' },
      { line_id: 'V3', service: 'changan-xian-almaty', d: '2025-03-03', cny: '3780.0000', usd: '525.0000' },
      { line_id: 'V4', service: 'asean-express', d: '2025-03-04', cny: '2000000.0000', usd: '277777.7778' },
    ]);
    expect(messy.lines).toEqual(clean.lines);
    expect(messy.stations).toEqual(clean.stations);
    expect(messy.issues).toEqual([]);
    expect(messy.counts.map((c) => [c.name, c.read, c.loaded, c.quarantined])).toEqual([
      ['fx.csv', 2, 2, 0],
      ['shipments.csv', 3, 3, 0],
      ['values.csv', 4, 4, 0],
    ]);
  });

  it('keeps Chinese station names intact from GB18030 and keeps extra columns aside', async () => {
    const messy = await figures(messyInbox());
    expect(messy.stations[0]).toMatchObject({ origin_station: '西安国际港站', destination_station: '阿拉木图', origin_country: 'CN', kg: '20000.000000' });
    const byName = Object.fromEntries(messy.files.map((f) => [f.name, f]));
    expect(byName['shipments.csv']).toMatchObject({ encoding: 'gb18030', reader: 'row-reader' });
    expect(byName['values.csv']!.encoding).toBe('utf-8 (BOM)');
    expect(JSON.parse(byName['values.csv']!.extra_columns)).toEqual(['remarks']);
  });

  it('reads plain files with DuckDB’s bulk reader and numbers their lines exactly', async () => {
    const files = cleanInbox();
    files['values.csv'] += 'V5,S1,8517,Bad,-3,CNY\n';
    const r = await figures(files);
    expect(r.files.find((f) => f.name === 'values.csv')!.reader).toBe('duckdb');
    expect(r.issues).toEqual([expect.objectContaining({ kind: 'values', line: 6, col: 'value', value: '-3', code: 'notPositive' })]);
  });
});

describe('plain files read together (one bulk read for the files of one layout)', () => {
  const header = 'line_id,shipment_id,hs_code,description,value,currency\n';
  // Lines a–c of values files: two plain files of one layout, one whose columns come in
  // another order, one with a row of the wrong width (the group's read fails: each file is then
  // read by itself, and only that one by the row reader), one without a last line feed.
  const files = (): Record<string, string | Buffer> => ({
    ...cleanInbox(),
    'values.csv': header + 'V1,S1,8517,Phones,1234567.50,CNY\nV2,S1,8708,Auto parts,1000,USD\n',
    'values-a.csv': header + 'A1,S1,8517,Phones,5,CNY\nA2,S1,8517,Phones,-1,CNY\nA3,S1,8517,Phones,7,CNY\n',
    'values-b.csv': header + 'B1,S2,8517,Phones,0,CNY\nB2,S2,8517,Phones,9,CNY\n',
    'values-c.csv': 'currency,value,line_id,shipment_id\nCNY,3,C1,S3\nCNY,-4,C2,S3\n',
    'values-d.csv': header + 'D1,S3,8517,Phones,2,CNY\nD2,S3,8517,Phones,2,CNY,extra\nD3,S3,8517,Phones,-2,CNY\n',
    'values-e.csv': header + 'E1,S3,8517,Phones,-6,CNY',
  });

  it('numbers every file’s lines from 2, whichever files are read in the same statement', async () => {
    const t = await tempDir();
    try {
      await writeFiles(t.dir, files());
      const wh = await loadFolder(t.dir);
      const issues = await wh.all<{ name: string; line: number; code: string }>(
        `SELECT f.name, i.line, i.code FROM issues i JOIN file_versions f USING (file_id) ORDER BY f.name, i.line`);
      const versions = await wh.all<{ name: string; reader: string; rows_read: number }>(
        `SELECT name, reader, rows_read FROM file_versions WHERE name LIKE 'values%' ORDER BY name`);
      const raw = await wh.all<{ name: string; line: number; line_id: string }>(
        `SELECT f.name, r.line, r.line_id FROM raw_values r JOIN file_versions f USING (file_id) WHERE f.name <> 'values.csv' ORDER BY f.name, r.line`);
      wh.close();
      expect(issues).toEqual([
        { name: 'values-a.csv', line: 3, code: 'notPositive' },
        { name: 'values-b.csv', line: 2, code: 'notPositive' },
        { name: 'values-c.csv', line: 3, code: 'notPositive' },
        { name: 'values-d.csv', line: 3, code: 'fieldCount' },
        { name: 'values-d.csv', line: 4, code: 'notPositive' },
        { name: 'values-e.csv', line: 2, code: 'notPositive' },
      ]);
      expect(versions).toEqual([
        { name: 'values-a.csv', reader: 'duckdb', rows_read: 3 },
        { name: 'values-b.csv', reader: 'duckdb', rows_read: 2 },
        { name: 'values-c.csv', reader: 'duckdb', rows_read: 2 },
        { name: 'values-d.csv', reader: 'row-reader', rows_read: 3 },
        { name: 'values-e.csv', reader: 'duckdb', rows_read: 1 },
        { name: 'values.csv', reader: 'duckdb', rows_read: 2 },
      ]);
      expect(raw.map((r) => `${r.name}:${r.line}:${r.line_id}`)).toEqual([
        'values-a.csv:2:A1', 'values-a.csv:3:A2', 'values-a.csv:4:A3', 'values-b.csv:2:B1', 'values-b.csv:3:B2',
        'values-c.csv:2:C1', 'values-c.csv:3:C2', 'values-d.csv:2:D1', 'values-d.csv:3:D2', 'values-d.csv:4:D3', 'values-e.csv:2:E1',
      ]);
    } finally {
      await t.cleanup();
    }
  });

  it('reads CRLF, LF and byte-order-marked files in one group, no CR kept', async () => {
    const t = await tempDir();
    try {
      const crlf = (text: string) => text.replace(/\n/g, '\r\n');
      await writeFiles(t.dir, {
        ...cleanInbox(),
        'values-a.csv': crlf(header + 'A1,S1,8517,Phones,5,CNY\nA2,S1,8517,Phones,-6,USD\n'),
        'values-b.csv': header + 'B1,S1,8517,Phones,5,CNY\nB2,S1,8517,Phones,6,USD\n',
        'values-c.csv': '\uFEFF' + header + 'C1,S1,8517,Phones,-5,EUR\n',
      });
      const wh = await loadFolder(t.dir);
      const rows = await wh.all<{ name: string; reader: string; line: number; currency: string }>(
        `SELECT v.name, v.reader, r.line, r.currency FROM raw_values r JOIN file_versions v USING (file_id) WHERE v.name <> 'values.csv' ORDER BY v.name, r.line`);
      const issues = await wh.all<{ name: string; line: number }>(
        `SELECT f.name, i.line FROM issues i JOIN file_versions f USING (file_id) ORDER BY f.name`);
      wh.close();
      expect(rows.map((r) => `${r.name}:${r.reader}:${r.line}:${r.currency}`)).toEqual([
        'values-a.csv:duckdb:2:CNY', 'values-a.csv:duckdb:3:USD', 'values-b.csv:duckdb:2:CNY', 'values-b.csv:duckdb:3:USD', 'values-c.csv:duckdb:2:EUR',
      ]);
      expect(issues).toEqual([{ name: 'values-a.csv', line: 3 }, { name: 'values-c.csv', line: 2 }]);
    } finally {
      await t.cleanup();
    }
  });

  it('stops at a stop signal instead of reading a failed group’s files one by one', async () => {
    const t = await tempDir();
    try {
      await writeFiles(t.dir, files());
      const { openWarehouse } = await import('../../pipelines/warehouse.js');
      const { listInbox, stageInbox } = await import('../../pipelines/ingest.js');
      const { Interrupted } = await import('../../lib/interrupt.js');
      const wh = await openWarehouse(':memory:');
      const stop = new AbortController();
      // SIGTERM lands while DuckDB reads the group (here the group fails on its own: values-d.csv).
      const logger = { info() {}, warn() {}, error() {}, debug() {}, progress: (m: string) => (/together/.test(m) ? stop.abort('SIGTERM') : undefined) };
      const err = await stageInbox(wh, await listInbox(t.dir), 1, logger, { stop: stop.signal }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Interrupted);
      expect(await wh.all('SELECT name FROM file_versions')).toEqual([]);
      expect(await wh.all('SELECT file_id FROM raw_values')).toEqual([]);
      wh.close();
    } finally {
      await t.cleanup();
    }
  });

  it('reads more files of one layout than one statement takes, each line numbered', async () => {
    const t = await tempDir();
    try {
      const many: Record<string, string | Buffer> = { ...cleanInbox() };
      for (let k = 0; k < 70; k++) many[`values-${String(k).padStart(2, '0')}.csv`] = header + `L${k}-1,S1,8517,P,${k + 1},CNY\n` + `L${k}-2,S1,8517,P,${k % 7 === 0 ? -k - 1 : k + 2},CNY\n`;
      await writeFiles(t.dir, many);
      const wh = await loadFolder(t.dir);
      const issues = await wh.all<{ name: string; line: number }>(
        `SELECT f.name, i.line FROM issues i JOIN file_versions f USING (file_id) WHERE i.code = 'notPositive' ORDER BY f.name`);
      const [readers] = await wh.all<{ n: number; bulk: number }>(
        `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE reader = 'duckdb')::INTEGER AS bulk FROM file_versions WHERE name LIKE 'values-%'`);
      wh.close();
      expect(readers).toEqual({ n: 70, bulk: 70 });
      expect(issues).toEqual(Array.from({ length: 10 }, (_, j) => ({ name: `values-${String(7 * j).padStart(2, '0')}.csv`, line: 3 })));
    } finally {
      await t.cleanup();
    }
  });

  it('numbers a group’s lines per file, and keeps nothing of a group whose rows do not come out as the sniff counted them', async () => {
    const t = await tempDir();
    try {
      await writeFiles(t.dir, {
        'a.csv': header + 'A1,S1,8517,Phones,5,CNY\nA2,S1,8517,Phones,6,CNY\n',
        'b.csv': header,
        'c.csv': header + 'C1,S1,8517,Phones,5,CNY\nC2,S1,8517,Phones,6,CNY\nC3,S1,8517,Phones,7,CNY',
      });
      const { openWarehouse } = await import('../../pipelines/warehouse.js');
      const { bulkLoadGroup, readHead } = await import('../../pipelines/stage-file.js');
      const { sniffFile } = await import('../../sources/sniff.js');
      const { listInbox } = await import('../../pipelines/inbox.js');
      const wh = await openWarehouse(':memory:');
      const inbox = await listInbox(t.dir);
      const members = await Promise.all(inbox.map(async (file, k) => {
        const sniff = await sniffFile(file.path);
        return { file, fileId: 100 + k, head: readHead(file, sniff), rows: sniff.lines - 1 };
      }));
      expect(members.map((m) => m.rows)).toEqual([2, 0, 3]);
      // Counted one row short for the first file: the second's lines would be off by one.
      expect(await bulkLoadGroup(wh, [{ ...members[0]!, rows: 1 }, members[1]!, members[2]!])).toBe(false);
      expect(await wh.all('SELECT * FROM raw_values')).toEqual([]);
      expect(await bulkLoadGroup(wh, [members[0]!, { ...members[1]!, rows: 1 }, members[2]!])).toBe(false);
      expect(await wh.all('SELECT * FROM raw_values')).toEqual([]);
      // A file gone since it was hashed: false, nothing kept (each file read alone then says which).
      expect(await bulkLoadGroup(wh, [members[0]!, { ...members[2]!, file: { ...members[2]!.file, path: join(t.dir, 'gone.csv') } }])).toBe(false);
      expect(await wh.all('SELECT * FROM raw_values')).toEqual([]);
      expect(await bulkLoadGroup(wh, members)).toBe(true);
      expect(await wh.all('SELECT file_id, line, line_id FROM raw_values ORDER BY file_id, line')).toEqual([
        { file_id: 100, line: 2, line_id: 'A1' }, { file_id: 100, line: 3, line_id: 'A2' },
        { file_id: 102, line: 2, line_id: 'C1' }, { file_id: 102, line: 3, line_id: 'C2' }, { file_id: 102, line: 4, line_id: 'C3' },
      ]);
      wh.close();
    } finally {
      await t.cleanup();
    }
  });
});

describe('hostile files', () => {
  const valid = cleanInbox();

  async function outcome(name: string, content: string | Buffer) {
    const t = await tempDir();
    try {
      await writeFiles(t.dir, { ...valid, [name]: content });
      const { nightly } = await import('../helpers/pipeline.js');
      const report = await nightly(t.dir, join(t.dir, 'ws'));
      return { report, file: report.files.find((f) => f.name === name)! };
    } finally {
      await t.cleanup();
    }
  }

  it('rejects an empty file whole, with the reason, and loads the rest', async () => {
    const { report, file } = await outcome('empty.csv', '');
    expect(file.action).toBe('rejected');
    expect(file.reason).toMatch(/empty\.csv: rejected whole: the file is empty/);
    expect(report.totals).toMatchObject({ read: 9, loaded: 9, quarantined: 0 });
  });

  it('accepts a header-only file as zero rows', async () => {
    const { file } = await outcome('more-values.csv', 'line_id,shipment_id,value,currency\n');
    expect(file).toMatchObject({ action: 'new', kind: 'values', read: 0, loaded: 0, quarantined: 0 });
  });

  it('reads a 1 MB single field', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const { file } = await outcome('big.csv', `line_id,shipment_id,description,value,currency\nB1,S1,"${big}",10,CNY\n`);
    expect(file).toMatchObject({ action: 'new', read: 1, loaded: 1, quarantined: 0 });
  });

  it('rejects random bytes as binary', async () => {
    const bytes = randomBytes(4096);
    bytes[10] = 0;
    const { file } = await outcome('random.csv', bytes);
    expect(file.action).toBe('rejected');
    expect(file.reason).toMatch(/binary/);
  });

  it('rejects bytes that are neither UTF-8 nor GB18030', async () => {
    const { file } = await outcome('latin.csv', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xff, 0xff, 0x0a]));
    expect(file.reason).toMatch(/neither UTF-8 nor GB18030/);
  });

  it('rejects a file mixing UTF-8 and GB18030 rather than garbling it', async () => {
    const header = 'shipment_id,train_id,service,departure_date,origin_station,destination_station,origin_country,destination_country,teu\n';
    const gbRow = encodeGb18030('M1,T9,changan-xian-almaty,2025-03-03,西安国际港站,阿拉木图,CN,KZ,2\n');
    const utfRow = Buffer.from('M2,T9,changan-xian-almaty,2025-03-03,西安国际港站,阿拉木图,CN,KZ,2\n', 'utf8');
    const { file } = await outcome('mixed.csv', Buffer.concat([Buffer.from(header), gbRow, utfRow]));
    expect(file.action).toBe('rejected');
    expect(file.reason).toMatch(/neither UTF-8 nor GB18030/);
  });

  it('rejects an unterminated quote, naming the line, and loads nothing of it', async () => {
    const { report, file } = await outcome('broken.csv', 'line_id,shipment_id,value,currency\nQ1,S1,10,CNY\nQ2,S1,"10,CNY\nQ3,S1,5,CNY\n');
    expect(file.action).toBe('rejected');
    expect(file.reason).toMatch(/broken\.csv:3:7: rejected whole: a quoted field starting here is never closed/);
    expect(report.totals.read).toBe(9);
  });

  it('rejects an unknown header, saying which kind is closest and what it lacks', async () => {
    const { file } = await outcome('odd.csv', 'line_id,shipment,amount\n1,2,3\n');
    expect(file.reason).toMatch(/odd\.csv:1: rejected whole: unknown header \(line_id, shipment, amount\)\. The closest kind is "values", which also needs: currency/);
  });

  it('quarantines a row with too many fields', async () => {
    const { file, report } = await outcome('extra.csv', 'line_id,shipment_id,value,currency\nE1,S1,1,234.50,CNY\n');
    expect(file).toMatchObject({ read: 1, loaded: 0, quarantined: 1 });
    expect(report.quarantined_rows[0]).toMatchObject({ file: 'extra.csv', line: 2, column: '(row)', code: 'fieldCount' });
  });
});

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

import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportParquet, folderDigest } from '../../pipelines/export.js';
import { computeMetrics, periodsAt } from '../../pipelines/metrics.js';
import type { Output } from '../../pipelines/publish.js';
import type { Warehouse } from '../../pipelines/warehouse.js';
import { loadReference } from '../../sources/reference.js';
import { fixtureInbox, fixtureReference, loadFolder, tempDir } from '../helpers/pipeline.js';

/** Runs a query on a fresh in-memory DuckDB, as another program reading the export would. */
async function readBack<T>(sql: string): Promise<T[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as unknown as T[];
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

describe('Parquet export of the basic fixture', () => {
  let wh: Warehouse;
  let t: { dir: string; cleanup: () => Promise<void> };
  let outputs: Output[];
  const lines = (ws: string) => `read_parquet('${join(ws, 'export', 'normalized_lines')}/**/*.parquet', hive_partitioning = true)`;
  const metrics = (ws: string) => `read_parquet('${join(ws, 'export', 'metrics')}/**/*.parquet', hive_partitioning = true)`;

  beforeAll(async () => {
    wh = await loadFolder(fixtureInbox('inbox-basic'));
    const ref = await loadReference(fixtureReference);
    await computeMetrics(wh, ref.services, periodsAt('2025-12-31', 2024), '2025-12-31');
    t = await tempDir('tb-export-');
    outputs = await exportParquet(wh, t.dir);
  });
  afterAll(async () => {
    wh.close();
    await t.cleanup();
  });

  it('partitions by year and service in the hive layout', () => {
    expect(readdirSync(join(t.dir, 'export')).sort()).toEqual(['metrics', 'normalized_lines']);
    expect(readdirSync(join(t.dir, 'export', 'normalized_lines')).sort()).toEqual(['_partitions.json', 'year=2024', 'year=2025']);
    expect(readdirSync(join(t.dir, 'export', 'normalized_lines', 'year=2025'))).toEqual(['service=changan-xian-almaty']);
    expect(readdirSync(join(t.dir, 'export', 'metrics')).sort()).toEqual(['_partitions.json', 'year=2024', 'year=2025']);
  });

  it('holds every normalized line once, with the same exact sums per year and service as the warehouse', async () => {
    const q = (from: string) => `SELECT CAST(year AS INTEGER) AS year, service, count(*)::INTEGER AS n,
      CAST(sum(amount_cny) AS VARCHAR) AS cny, CAST(sum(amount_usd) AS VARCHAR) AS usd, CAST(sum(value) AS VARCHAR) AS value
      FROM ${from} GROUP BY ALL ORDER BY ALL`;
    const exported = await readBack<{ year: number; n: number }>(q(lines(t.dir)));
    const warehouse = await wh.all(q('(SELECT *, year(departure_date) AS year FROM normalized_lines)'));
    expect(exported).toEqual(warehouse);
    // Loaded: L1–L4 (2024) and L5 (2025); L6, L7 have no rate within 7 days, L8 is held, the
    // second L1 is a duplicate and L9 is invalid.
    expect(exported.map((r) => [r.year, r.n])).toEqual([[2024, 4], [2025, 1]]);
    const [ids] = await readBack<{ n: number; d: number }>(`SELECT count(*)::INTEGER AS n, count(DISTINCT line_id)::INTEGER AS d FROM ${lines(t.dir)}`);
    expect(ids).toEqual({ n: 5, d: 5 });
  });

  it('keeps money as exact decimals and every column of the table', async () => {
    const types = await readBack<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM ${lines(t.dir)}`);
    const byName = Object.fromEntries(types.map((c) => [c.column_name, c.column_type]));
    expect(byName).toMatchObject({ amount_cny: 'DECIMAL(38,4)', amount_usd: 'DECIMAL(38,4)', value: 'DECIMAL(38,6)', factor_cny: 'DECIMAL(38,18)', departure_date: 'DATE' });
    const columns = (await wh.all<{ column_name: string }>(`DESCRIBE SELECT * FROM normalized_lines`)).map((c) => c.column_name);
    expect(Object.keys(byName).sort()).toEqual([...columns, 'year'].sort());
  });

  it('holds the metrics, value for value', async () => {
    const q = (from: string) => `SELECT service, period, metric, unit, basis, value, status FROM ${from} ORDER BY ALL`;
    const exported = await readBack(q(metrics(t.dir)));
    expect(exported).toEqual(await wh.all(q('metrics')));
    expect(exported.length).toBeGreaterThan(0);
  });

  it('reports each folder as an output, and replaces the whole folder on the next export', async () => {
    expect(outputs.map((o) => [o.path, o.kind])).toEqual([
      [join(t.dir, 'export', 'normalized_lines'), 'export'],
      [join(t.dir, 'export', 'metrics'), 'export'],
    ]);
    for (const o of outputs) expect(o.sha256).toBe(await folderDigest(o.path));
    writeFileSync(join(t.dir, 'export', 'normalized_lines', 'stale.parquet'), 'left over');
    const again = await exportParquet(wh, t.dir);
    expect(existsSync(join(t.dir, 'export', 'normalized_lines', 'stale.parquet'))).toBe(false);
    expect(readdirSync(t.dir).filter((n) => n.startsWith('.export-'))).toEqual([]);
    expect(again[0]!.sha256).toBe(await folderDigest(join(t.dir, 'export', 'normalized_lines')));
    const [n] = await readBack<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${lines(t.dir)}`);
    expect(n!.n).toBe(5);
  });

  it('rewrites only the partitions whose rows changed, and keeps the others by linking their files', async () => {
    const file = (year: number) => {
      const dir = join(t.dir, 'export', 'normalized_lines', `year=${year}`, 'service=changan-xian-almaty');
      return statSync(join(dir, readdirSync(dir)[0]!));
    };
    const before = { y2024: file(2024).ino, y2025: file(2025).ino };
    // A revision of L5 (2025): 2,000 EUR becomes 2,001 EUR.
    await wh.run(`UPDATE normalized_lines_core SET value = 2001, amount_cny = 15007.5000 WHERE line_id = 'L5'`);
    await exportParquet(wh, t.dir);
    expect(file(2024).ino).toBe(before.y2024);
    expect(file(2025).ino).not.toBe(before.y2025);
    const [l5] = await readBack<{ v: string; c: string }>(`SELECT CAST(value AS VARCHAR) AS v, CAST(amount_cny AS VARCHAR) AS c FROM ${lines(t.dir)} WHERE line_id = 'L5'`);
    expect(l5).toEqual({ v: '2001.000000', c: '15007.5000' });
    const [all] = await readBack<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${lines(t.dir)}`);
    expect(all!.n).toBe(5);
  });

  it('records the same partition digests after a delta’s export (touched partitions only) as a full export', async () => {
    await wh.run(`UPDATE normalized_lines_core SET value = 2002, amount_cny = 15015.0000 WHERE line_id = 'L5'`);
    await exportParquet(wh, t.dir, ['2025|changan-xian-almaty']);
    const full = await tempDir();
    try {
      await exportParquet(wh, full.dir);
      const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'export', 'normalized_lines', '_partitions.json'), 'utf8')) as unknown[];
      expect(manifest(t.dir)).toEqual(manifest(full.dir));
      expect(manifest(t.dir)).toHaveLength(2);
    } finally {
      await full.cleanup();
    }
  });
});

/**
 * A run where only values files changed updates the derived tables by a delta (only the lines
 * sharing a line_id with a changed row are derived again). Whatever the change, the warehouse
 * must end up exactly as a full rebuild from the same inbox leaves it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../pipelines/warehouse.js';
import { nightly, tempDir, writeFiles } from '../helpers/pipeline.js';

const SHIPMENTS = `shipment_id,train_id,service,departure_date,arrival_date,origin_station,destination_station,origin_country,destination_country,teu,gross_weight_kg
S1,X1-20240102,changan-xian-almaty,2024-01-02,2024-01-09,Xi'an,Almaty,CN,KZ,2,20000
S2,X2-20240105,changan-xian-almaty,2024-01-05,2024-01-12,Almaty,Xi'an,KZ,CN,1,9000
S3,X3-20250103,changan-xian-almaty,2025-01-03,,Xi'an,Almaty,CN,KZ,2,
`;
const FX = `date,base,quote,rate,source
2024-01-02,USD,CNY,7.1000,Test
2024-01-05,USD,CNY,7.2000,Test
2025-01-03,USD,CNY,7.3000,Test
2025-01-03,EUR,USD,1.0300,Test
`;
const HEAD = 'line_id,shipment_id,hs_code,description,value,currency\n';

/** Everything a run derives, as text, in a stable order. */
async function state(workspace: string): Promise<Record<string, unknown>> {
  const wh = await openWarehouse(join(workspace, 'warehouse.duckdb'), { readOnly: true });
  try {
    const rows = async (sql: string) => (await wh.all(sql)).map((r) => JSON.stringify(r)).sort();
    return {
      lines: await rows(`SELECT f.name AS file, n.line, n.* EXCLUDE (file_id, line) FROM normalized_lines n JOIN files f USING (file_id)`),
      issues: await rows(`SELECT f.name AS file, i.* EXCLUDE (file_id) FROM issues i JOIN files f USING (file_id)`),
      metrics: await rows(`SELECT service, period, metric, unit, basis, value, status FROM metrics`),
    };
  } finally {
    wh.close();
  }
}

describe('values-only changes applied as a delta', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let step = 0;
  const inbox = () => join(t.dir, 'inbox');

  beforeAll(async () => {
    t = await tempDir('tb-delta-');
    await writeFiles(inbox(), {
      'shipments.csv': SHIPMENTS,
      'fx.csv': FX,
      'values-a.csv': HEAD + 'L1,S1,8517,Phones,1000.00,CNY\nL2,S1,8708,Auto parts,100,USD\n',
      'values-b.csv': HEAD + 'L3,S2,1204,Flaxseed,500,USD\nL4,S3,8703,Cars,2000,EUR\n',
      'values-c.csv': HEAD + 'L5,S3,8517,Phones,300,USD\n',
      // Bulk, so that each change above stays under the share of rows past which a rebuild is cheaper.
      'values-z.csv': HEAD + Array.from({ length: 60 }, (_, i) => `Z${i},S${1 + (i % 3)},8517,Phones,${i + 1}.25,${['CNY', 'USD', 'EUR'][i % 3]}\n`).join(''),
    });
    const first = await nightly(inbox(), join(t.dir, 'ws'));
    expect(first.derived).toBe('rebuild');
  });
  afterAll(() => t.cleanup());

  /** Applies `files` to the inbox, runs the delta workspace, and compares it with a fresh full run. */
  async function change(files: Record<string, string>): Promise<string | undefined> {
    await writeFiles(inbox(), files);
    const report = await nightly(inbox(), join(t.dir, 'ws'));
    const fresh = join(t.dir, `fresh-${++step}`);
    expect((await nightly(inbox(), fresh)).derived).toBe('rebuild');
    expect(await state(join(t.dir, 'ws'))).toEqual(await state(fresh));
    return report.derived;
  }

  it('revises one value', async () => {
    expect(await change({ 'values-b.csv': HEAD + 'L3,S2,1204,Flaxseed,501,USD\nL4,S3,8703,Cars,2000,EUR\n' })).toBe('delta');
  });

  it('adds a line_id that repeats one in an earlier file and one in a later file', async () => {
    // L1 stays with values-a (first by file name); L5 moves from values-c to values-b.
    expect(await change({ 'values-b.csv': HEAD + 'L3,S2,1204,Flaxseed,501,USD\nL4,S3,8703,Cars,2000,EUR\nL1,S2,8517,Again,7,CNY\nL5,S3,8517,Moved,9,USD\n' }))
      .toBe('delta');
  });

  it('removes the first of two duplicates, so that the other one loads', async () => {
    expect(await change({ 'values-b.csv': HEAD + 'L3,S2,1204,Flaxseed,501,USD\nL4,S3,8703,Cars,2000,EUR\nL1,S2,8517,Again,7,CNY\n' })).toBe('delta');
  });

  it('adds a file with a held line, a bad row, a line without a rate and a row with an extra field', async () => {
    expect(await change({ 'values-d.csv': HEAD + 'L6,S9,8517,Held,10,CNY\nL7,S1,12AB,Bad,-5,ABC\nL8,S3,8517,No rate,10,KZT\nL9,S1,8517,Extra,10,CNY,x\n' }))
      .toBe('delta');
  });

  it('rebuilds whole when a shipments file changes', async () => {
    expect(await change({ 'shipments.csv': SHIPMENTS + 'S9,X9-20250103,changan-xian-almaty,2025-01-03,,Xi\'an,Almaty,CN,KZ,1,\n' })).toBe('rebuild');
  });

  it('applies a delta again after the rebuild', async () => {
    expect(await change({ 'values-d.csv': HEAD + 'L6,S9,8517,Held no more,10,CNY\n' })).toBe('delta');
  });
});

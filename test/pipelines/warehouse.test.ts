import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWarehouse } from '../../pipelines/warehouse.js';
import { tempDir } from '../helpers/pipeline.js';

describe('the warehouse file', () => {
  it('stores strings without FSST (its symbol tables cost a third of the write time), keeping dictionary compression', async () => {
    const t = await tempDir();
    try {
      const wh = await openWarehouse(join(t.dir, 'warehouse.duckdb'));
      // Ids that FSST compresses well and a dictionary does not (all distinct), and a column of few values.
      await wh.run(`CREATE TABLE t AS SELECT 'CA25-' || lpad(i::VARCHAR, 7, '0') || '-shipment-line' AS id,
        CASE WHEN i % 2 = 0 THEN 'changan-xian-almaty' ELSE 'asean-express' END AS service FROM range(300000) r(i)`);
      await wh.run('CHECKPOINT');
      const methods = await wh.all<{ column_name: string; compression: string }>(
        `SELECT DISTINCT column_name, compression FROM pragma_storage_info('t') WHERE segment_type = 'VARCHAR' ORDER BY ALL`);
      wh.close();
      expect(methods.filter((m) => m.compression === 'FSST')).toEqual([]);
      expect(methods).toContainEqual({ column_name: 'service', compression: 'Dictionary' });
    } finally {
      await t.cleanup();
    }
  });
});

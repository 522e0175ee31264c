/** Edge cases found in review: each once wrong, each with its hand-worked expectation. */
import { utimes, stat, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { matchHeader } from '../../sources/schema.js';
import { valuesSpec } from '../../sources/values.js';
import { openWarehouse } from '../../pipelines/warehouse.js';
import { cleanInbox } from '../fixtures/dialects.js';
import { loadFolder, nightly, tempDir, writeFiles } from '../helpers/pipeline.js';

const SHIP = 'shipment_id,train_id,service,departure_date,origin_station,destination_station,origin_country,destination_country,teu\n';

let t: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  t = await tempDir();
});
afterEach(() => t.cleanup());

async function lines(files: Record<string, string>) {
  await writeFiles(t.dir, files);
  const wh = await loadFolder(t.dir);
  const out = {
    lines: await wh.all<{ line_id: string; c: string; u: string }>(`SELECT line_id, CAST(amount_cny AS VARCHAR) AS c, CAST(amount_usd AS VARCHAR) AS u FROM normalized_lines ORDER BY line_id`),
    issues: await wh.all<{ line: number; col: string; code: string }>(`SELECT line, col, code FROM issues ORDER BY line, col`),
  };
  wh.close();
  return out;
}

describe('edge cases', () => {
  it('maps the exact column name before an alias for it', () => {
    const m = matchHeader(['line_id', 'shipment_id', 'amount', 'value', 'currency'], valuesSpec);
    expect(m.mapping).toEqual(['line_id', 'shipment_id', null, 'value', 'currency']);
    expect(m.extras).toEqual(['amount']);
  });

  it('quarantines a number too large to read instead of loading it as empty', async () => {
    const r = await lines({
      'fx.csv': 'date,base,quote,rate\n2025-03-03,USD,CNY,7.2\n',
      'ships.csv': SHIP + "S1,T1,changan-xian-almaty,2025-03-03,Xi'an,Almaty,CN,KZ,2\n",
      'values.csv': 'line_id,shipment_id,value,currency\nL1,S1,123456789012345678901234567890123,CNY\nL2,S1,.5,CNY\n',
    });
    expect(r.issues).toEqual([{ line: 2, col: 'value', code: 'numberTooLarge' }]);
    expect(r.lines).toEqual([{ line_id: 'L2', c: '0.5000', u: '0.0694' }]); // .5 reads as 0.5; 0.5 / 7.2 = 0.06944…
  });

  it('takes each direction from the row quoted that way (data contract: direct beats inverted), whatever the sources', async () => {
    const r = await lines({
      'fx.csv': 'date,base,quote,rate,source\n2025-03-03,USD,CNY,7.1,A\n2025-03-03,CNY,USD,0.15,B\n',
      'ships.csv': SHIP + "S1,T1,changan-xian-almaty,2025-03-03,Xi'an,Almaty,CN,KZ,2\n",
      'values.csv': 'line_id,shipment_id,value,currency\nL1,S1,1000,USD\nL2,S1,1000,CNY\n',
    });
    // USD→CNY from A's USD,CNY row: 1,000 USD = 7,100 CNY. CNY→USD from B's CNY,USD row (not A's
    // inverted): 1,000 CNY × 0.15 = 150 USD. (The two rows disagree by 7.1 × 0.15 = 1.065: reported,
    // see test/pipelines/fx-rates.test.ts.)
    expect(r.lines).toEqual([
      { line_id: 'L1', c: '7100.0000', u: '1000.0000' },
      { line_id: 'L2', c: '1000.0000', u: '150.0000' },
    ]);
  });

  it('quarantines lines whose rate is implausible (an fx row in the wrong direction) instead of failing the run', async () => {
    const r = await lines({
      'fx.csv': 'date,base,quote,rate\n2025-03-03,USD,CNY,7.2\n2025-03-03,VND,USD,25000\n',
      'ships.csv': SHIP + "S1,T1,changan-xian-almaty,2025-03-03,Xi'an,Almaty,CN,KZ,2\n",
      'values.csv': 'line_id,shipment_id,value,currency\nL1,S1,10000000000,VND\nL2,S1,10,CNY\n',
    });
    expect(r.issues).toEqual([{ line: 2, col: 'currency', code: 'noRate' }]);
    expect(r.lines.map((l) => l.line_id)).toEqual(['L2']);
  });

  it('says a line waits for a quarantined shipment, not for one still to come', async () => {
    const r = await lines({
      'fx.csv': 'date,base,quote,rate\n2025-03-03,USD,CNY,7.2\n',
      'ships.csv': SHIP + "S1,T1,changan-xian-almaty,2025-03-03,Xi'an,Almaty,CN,KZ,0\n",
      'values.csv': 'line_id,shipment_id,value,currency\nL1,S1,10,CNY\nL2,S9,10,CNY\n',
    });
    expect(r.issues).toEqual([
      { line: 2, col: 'shipment_id', code: 'shipmentQuarantined' },
      { line: 2, col: 'teu', code: 'teuRange' },
      { line: 3, col: 'shipment_id', code: 'heldShipment' },
    ]);
  });
});

describe('runs over time', () => {
  it('notice a revision whose size and modification time were restored (cp -p, rsync -t)', async () => {
    const inbox = join(t.dir, 'inbox');
    await writeFiles(inbox, cleanInbox());
    await nightly(inbox, join(t.dir, 'ws'));
    const path = join(inbox, 'values.csv');
    const before = await stat(path);
    const text = cleanInbox()['values.csv'] as string;
    await writeFile(path, text.replace('V2,S1,8708,Auto parts,1000,USD', 'V2,S1,8708,Auto parts,9000,USD'));
    await utimes(path, before.atime, before.mtime);
    const r = await nightly(inbox, join(t.dir, 'ws'));
    expect(r.files.find((f) => f.name === 'values.csv')!.action).toBe('revised');
  });

  it('report a file gone from the inbox, whose rows stay loaded', async () => {
    const inbox = join(t.dir, 'inbox');
    await writeFiles(inbox, cleanInbox());
    await nightly(inbox, join(t.dir, 'ws'));
    await rm(join(inbox, 'values.csv'));
    const r = await nightly(inbox, join(t.dir, 'ws'));
    expect(r.files.find((f) => f.name === 'values.csv')).toMatchObject({ action: 'missing', read: 4, loaded: 4 });
    expect(r.totals).toEqual({ read: 9, loaded: 9, quarantined: 0 });
  });

  it('count a train once, in the month of its first departure', async () => {
    const inbox = join(t.dir, 'inbox');
    await writeFiles(inbox, {
      'fx.csv': 'date,base,quote,rate\n2024-12-30,USD,CNY,7.2\n2025-01-02,USD,CNY,7.3\n',
      'ships.csv': SHIP + "A,X1,asean-express,2024-12-30,Hanoi,Chongqing,VN,CN,2\nB,X1,asean-express,2025-01-02,Chongqing,Duisburg,CN,DE,2\nC,X2,asean-express,2025-01-02,Hanoi,Duisburg,VN,DE,2\n",
      'values.csv': 'line_id,shipment_id,value,currency\nA1,A,10,CNY\nB1,B,10,CNY\nC1,C,10,CNY\n',
    });
    await nightly(inbox, join(t.dir, 'ws'), { asOf: '2025-12-31' });
    const wh = await openWarehouse(join(t.dir, 'ws', 'warehouse.duckdb'), { readOnly: true });
    const m = await wh.all<{ period: string; metric: string; value: string }>(
      `SELECT period, metric, value FROM metrics WHERE service = 'asean-express' AND metric IN ('trains', 'shipments') ORDER BY ALL`);
    wh.close();
    // X1 first departs in 2024: one train in 2024, one (X2) in 2025; shipments count where they depart.
    expect(m).toEqual([
      { period: '2024', metric: 'shipments', value: '1' },
      { period: '2024', metric: 'trains', value: '1' },
      { period: '2025', metric: 'shipments', value: '2' },
      { period: '2025', metric: 'trains', value: '1' },
    ]);
  });
});

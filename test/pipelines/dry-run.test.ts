/**
 * --dry-run (issue 10): works on a workspace that never ran, counts the new version of a
 * revised file, names the bulletins of new periods, and writes nothing.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanInbox } from '../fixtures/dialects.js';
import { nightly, tempDir, writeFiles } from '../helpers/pipeline.js';

const PUB = 'date,base,quote,rate,source\n2025-12-31,USD,CNY,7.1000,T\n';
let t: { dir: string; cleanup: () => Promise<void> };
let inbox: string;
let ws: string;
beforeAll(async () => {
  t = await tempDir('tb-dry-');
  inbox = join(t.dir, 'inbox');
  ws = join(t.dir, 'ws');
  await writeFiles(inbox, { ...cleanInbox(), 'fx-pub.csv': PUB });
});
afterAll(() => t.cleanup());

const pdf = (year: number, kind = 'annual') => join(ws, 'bulletins', String(year), `trade-bulletin-${year}-${kind}-en.pdf`);

describe('dry run', () => {
  it('on a workspace that never ran: the counts, the bulletins it would print, and nothing written', async () => {
    const r = await nightly(inbox, ws, { dryRun: true, skipBulletins: false });
    expect(r.status).toBe('dry-run');
    expect(r.files.map((f) => [f.name, f.action, f.read, f.loaded, f.quarantined])).toEqual([
      ['fx-pub.csv', 'new', 1, 1, 0], ['fx.csv', 'new', 2, 2, 0], ['shipments.csv', 'new', 3, 3, 0], ['values.csv', 'new', 4, 4, 0],
    ]);
    expect(r.would_rewrite).toEqual([pdf(2025)]);
    expect(existsSync(ws)).toBe(false);
  });

  it('counts the new version of a revised file and names the bulletin of a new period', async () => {
    await nightly(inbox, ws, { skipBulletins: false });
    // A revision of values.csv (one more line) and a new file of 2024 shipments: a new period.
    await writeFile(join(inbox, 'values.csv'), `${cleanInbox()['values.csv'] as string}V5,S3,8703,NEV,1000,CNY\n`);
    await writeFiles(inbox, {
      'fx-2024.csv': 'date,base,quote,rate\n2024-05-06,USD,CNY,7.1\n',
      'ships-2024.csv': "shipment_id,train_id,service,departure_date,origin_station,destination_station,origin_country,destination_country,teu\nP1,T9,changan-xian-almaty,2024-05-06,Xi'an,Almaty,CN,KZ,2\n",
      'values-2024.csv': 'line_id,shipment_id,value,currency\nP1-1,P1,5000,CNY\n',
    });
    const r = await nightly(inbox, ws, { dryRun: true, skipBulletins: false });
    expect(r.files.find((f) => f.name === 'values.csv')).toMatchObject({ action: 'revised', read: 5, loaded: 5, quarantined: 0 });
    expect(r.files.find((f) => f.name === 'values-2024.csv')).toMatchObject({ action: 'new', read: 1, loaded: 1 });
    // 2024 is new; 2025 prints 2024 in its charts and comparisons: both.
    expect([...r.would_rewrite!].sort()).toEqual([pdf(2024), pdf(2025)]);
    expect(r.figures_moved).toContainEqual(expect.objectContaining({ service: 'asean-express', period: '2025', metric: 'trade_value', unit: 'CNY', before: '2000000.0000', after: '2001000.0000' }));
    expect(existsSync(pdf(2024))).toBe(false);
  });
});

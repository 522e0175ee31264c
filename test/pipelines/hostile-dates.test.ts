/**
 * Dates from hostile inputs (issue 10, item 1): four-digit years only, no departure before
 * its service's launch, no period before the earliest launch, and no input that makes a later
 * run fail once the file is fixed or retracted.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../lib/errors.js';
import { openWarehouse } from '../../pipelines/warehouse.js';
import { launchDay, earliestLaunch } from '../../sources/reference.js';
import { cleanInbox } from '../fixtures/dialects.js';
import { loadFolder, nightly, tempDir, writeFiles } from '../helpers/pipeline.js';

const SHIP = 'shipment_id,train_id,service,departure_date,arrival_date,origin_station,destination_station,origin_country,destination_country,teu\n';
const row = (id: string, service: string, dep: string, arr = '') => `${id},T-${id},${service},${dep},${arr},Xi'an,Almaty,CN,KZ,2\n`;

let t: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  t = await tempDir('tb-dates-');
});
afterEach(() => t.cleanup());

/** The warehouse's figures and problems, for comparing two workspaces. */
async function dump(workspace: string) {
  const wh = await openWarehouse(join(workspace, 'warehouse.duckdb'));
  try {
    return {
      metrics: await wh.all(`SELECT service, period, metric, unit, value FROM metrics ORDER BY ALL`),
      issues: await wh.all(`SELECT kind, line, col, code FROM issues ORDER BY ALL`),
      lines: await wh.all(`SELECT line_id, CAST(amount_cny AS VARCHAR) AS c FROM normalized_lines ORDER BY ALL`),
    };
  } finally {
    wh.close();
  }
}

describe('dates', () => {
  it('reads a launch month as its first day, and finds the earliest launch', () => {
    expect(launchDay('2013-11')).toBe('2013-11-01');
    expect(launchDay('2024-10-15')).toBe('2024-10-15');
    expect(earliestLaunch([{ launched: '2024-10-15' }, { launched: '2013-11' }])).toBe('2013-11-01');
  });

  it('quarantines two-digit years and departures before the service launched, with their reasons', async () => {
    await writeFiles(t.dir, {
      'fx.csv': 'date,base,quote,rate\n2025-03-03,USD,CNY,7.2\n25-03-04,USD,CNY,7.3\n',
      'ships.csv': SHIP +
        row('S1', 'changan-xian-almaty', '25-01-05') + // line 2: year 25, not 2025
        row('S2', 'changan-xian-almaty', '1925-01-05') + // line 3: a century before the 2013-11 launch
        row('S3', 'changan-xian-almaty', '2013-10-31') + // line 4: the day before the launch month
        row('S4', 'changan-xian-almaty', '2013-11-01') + // line 5: launch month, first day: fine
        row('S5', 'asean-express', '2024-10-14') + // line 6: a day before 2024-10-15
        row('S6', 'asean-express', '2024/10/15') + // line 7: launch day, slashes: fine
        row('S7', 'asean-express', '2025-03-03', '0025-03-09') + // line 8: arrival before departure
        row('S8', 'asean-express', '+2025-03-03') + // line 9: not YYYY-MM-DD
        row('S9', 'asean-express', '12025-03-03'), // line 10: five digits
    });
    const wh = await loadFolder(t.dir);
    const issues = await wh.all<{ kind: string; line: number; col: string; code: string; reason: string }>(
      `SELECT kind, line, col, code, reason FROM issues ORDER BY kind, line, col, code`);
    const ships = await wh.all<{ shipment_id: string; d: string }>(`SELECT shipment_id, CAST(departure_date AS VARCHAR) AS d FROM shipments ORDER BY 1`);
    wh.close();
    expect(issues.map(({ reason: _r, ...i }) => i)).toEqual([
      { kind: 'fx', line: 3, col: 'date', code: 'notDate' },
      { kind: 'shipments', line: 2, col: 'departure_date', code: 'notDate' },
      { kind: 'shipments', line: 3, col: 'departure_date', code: 'beforeLaunch' },
      { kind: 'shipments', line: 4, col: 'departure_date', code: 'beforeLaunch' },
      { kind: 'shipments', line: 6, col: 'departure_date', code: 'beforeLaunch' },
      { kind: 'shipments', line: 8, col: 'arrival_date', code: 'arrivalBeforeDeparture' },
      { kind: 'shipments', line: 9, col: 'departure_date', code: 'notDate' },
      { kind: 'shipments', line: 10, col: 'departure_date', code: 'notDate' },
    ]);
    expect(issues.find((i) => i.code === 'beforeLaunch')!.reason).toMatch(/before the service's launch date/);
    expect(issues.find((i) => i.code === 'notDate')!.reason).toMatch(/four-digit year/);
    expect(ships).toEqual([{ shipment_id: 'S4', d: '2013-11-01' }, { shipment_id: 'S6', d: '2024-10-15' }]);
  });

  it('computes no period before the earliest launch, and none after the as-of date', async () => {
    const inbox = join(t.dir, 'inbox');
    await writeFiles(inbox, {
      ...cleanInbox(),
      'late.csv': SHIP + row('L1', 'changan-xian-almaty', '2999-12-31') + row('L2', 'changan-xian-almaty', '9999-12-31'),
      'late-values.csv': 'line_id,shipment_id,value,currency\nLV1,L2,5,USD\n',
      // Rates at the ends of the four-digit years: each covers its 7 days, no run breaks on them.
      'fx-edges.csv': 'date,base,quote,rate\n0001-01-01,USD,CNY,7.1\n9999-12-31,USD,CNY,7.1\n',
    });
    const r = await nightly(inbox, join(t.dir, 'ws'));
    expect(r.status).toBe('ok');
    // A departure after the as-of date is loaded (it may be a scheduled train) but counts in no figure.
    expect(r.files.find((f) => f.name === 'late.csv')).toMatchObject({ read: 2, loaded: 2, quarantined: 0 });
    expect(r.files.find((f) => f.name === 'late-values.csv')).toMatchObject({ read: 1, loaded: 1, quarantined: 0 });
    expect(r.files.find((f) => f.name === 'fx-edges.csv')).toMatchObject({ read: 2, loaded: 2, quarantined: 0 });
    const d = await dump(join(t.dir, 'ws'));
    expect([...new Set(d.metrics.map((m) => (m as { period: string }).period))]).toEqual(['2025']);
  });

  it('a poisoned file stops the run with exit 2, and once fixed the next run equals a clean workspace', async () => {
    const inbox = join(t.dir, 'inbox');
    await writeFiles(inbox, cleanInbox());
    // Every departure of this file written with a two-digit year: 3 of 11 rows, above a 5 % ceiling.
    const poison = SHIP + row('P1', 'changan-xian-almaty', '25-01-05') + row('P2', 'changan-xian-almaty', '25-01-06') + row('P3', 'changan-xian-almaty', '1925-01-07');
    await writeFile(join(inbox, 'poison.csv'), poison);
    const ws = join(t.dir, 'ws');
    const err = await nightly(inbox, ws, { quarantineCeiling: 0.05 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError); // exit 2, not a failed run
    // The file fixed in place: the next run is clean.
    await writeFile(join(inbox, 'poison.csv'), poison.replace('25-01-05', '2025-01-05').replace('25-01-06', '2025-01-06').replace('1925-01-07', '2025-01-07'));
    const fixed = await nightly(inbox, ws, { quarantineCeiling: 0.05 });
    expect(fixed.status).toBe('ok');
    expect(fixed.files.find((f) => f.name === 'poison.csv')).toMatchObject({ action: 'revised', read: 3, loaded: 3, quarantined: 0 });
    const clean = join(t.dir, 'clean-ws');
    await nightly(inbox, clean, { quarantineCeiling: 0.05 });
    expect(await dump(ws)).toEqual(await dump(clean));
  });
});

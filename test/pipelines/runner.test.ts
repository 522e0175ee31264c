import { spawn } from 'node:child_process';
import { appendFile, readFile, writeFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../pipelines/warehouse.js';
import { cleanInbox } from '../fixtures/dialects.js';
import { fixtureReference, nightly, tempDir, writeFiles } from '../helpers/pipeline.js';

let t: { dir: string; cleanup: () => Promise<void> };
let inbox: string;
let ws: string;
beforeEach(async () => {
  t = await tempDir();
  inbox = join(t.dir, 'inbox');
  ws = join(t.dir, 'ws');
  await writeFiles(inbox, cleanInbox());
});
afterEach(() => t.cleanup());

/** The warehouse's derived contents, for comparing two states. */
async function dump(workspace: string) {
  const wh = await openWarehouse(join(workspace, 'warehouse.duckdb'));
  try {
    return {
      lines: await wh.all(`SELECT line_id, CAST(amount_cny AS VARCHAR) AS c, CAST(amount_usd AS VARCHAR) AS u FROM normalized_lines ORDER BY line_id`),
      metrics: await wh.all(`SELECT service, period, metric, unit, value FROM metrics ORDER BY ALL`),
      issues: await wh.all(`SELECT kind, line, col, code FROM issues ORDER BY ALL`),
      raw: await wh.all(`SELECT (SELECT count(*) FROM raw_values)::INTEGER AS v, (SELECT count(*) FROM raw_shipments)::INTEGER AS s, (SELECT count(*) FROM raw_fx)::INTEGER AS f`),
    };
  } finally {
    wh.close();
  }
}

describe('nightly runs', () => {
  it('are idempotent: the same inbox twice changes nothing', async () => {
    const first = await nightly(inbox, ws);
    expect(first.status).toBe('ok');
    const before = await dump(ws);
    const second = await nightly(inbox, ws);
    expect(second.status).toBe('nothing-new');
    expect(second.files.every((f) => f.action === 'unchanged')).toBe(true);
    // A touched file with the same content is recognised by its sha256 and skipped too.
    await utimes(join(inbox, 'values.csv'), new Date(), new Date('2030-01-01'));
    const third = await nightly(inbox, ws);
    expect(third.files.find((f) => f.name === 'values.csv')!.action).toBe('unchanged');
    expect(await dump(ws)).toEqual(before);
  });

  it('replace a revised file’s rows and report which figures moved', async () => {
    await nightly(inbox, ws);
    const v2 = (await readFile(join(inbox, 'values.csv'), 'utf8')).replace('V2,S1,8708,Auto parts,1000,USD', 'V2,S1,8708,Auto parts,2000,USD');
    await writeFile(join(inbox, 'values.csv'), v2);
    const r = await nightly(inbox, ws);
    expect(r.files.find((f) => f.name === 'values.csv')).toMatchObject({ action: 'revised', read: 4, loaded: 4, quarantined: 0 });
    // 2025 Chang'an: 1,245,547.50 → + 1,000 USD × 7.2 = 1,252,747.50
    expect(r.figures_moved).toContainEqual(expect.objectContaining({
      service: 'changan-xian-almaty', period: '2025', metric: 'trade_value', unit: 'CNY', before: '1245547.5000', after: '1252747.5000',
    }));
    const d = await dump(ws);
    expect(d.raw).toEqual([{ v: 4, s: 3, f: 2 }]); // the old version's rows are gone, not added to
  });

  it('keep the previous version loaded when a revision cannot be read', async () => {
    await nightly(inbox, ws);
    const before = await dump(ws);
    await writeFile(join(inbox, 'values.csv'), 'line_id,shipment_id,value,currency\nX,S1,"unterminated,CNY\n');
    const r = await nightly(inbox, ws);
    expect(r.files.find((f) => f.name === 'values.csv')).toMatchObject({ action: 'rejected', read: 4, loaded: 4 });
    expect(await dump(ws)).toEqual(before);
  });

  it('hold a value line until its shipment arrives, then join it', async () => {
    await appendFile(join(inbox, 'values.csv'), 'V9,S9,8517,Late,500,CNY\n');
    const first = await nightly(inbox, ws);
    expect(first.quarantined_rows).toEqual([expect.objectContaining({ file: 'values.csv', line: 6, code: 'heldShipment' })]);
    await writeFiles(inbox, {
      'shipments-late.csv': 'shipment_id,train_id,service,departure_date,origin_station,destination_station,origin_country,destination_country,teu\nS9,T3,changan-xian-almaty,2025-03-03,Xi\'an,Almaty,CN,KZ,2\n',
    });
    const second = await nightly(inbox, ws);
    expect(second.quarantined_rows).toEqual([]);
    expect(second.files.find((f) => f.name === 'values.csv')).toMatchObject({ action: 'unchanged', read: 5, loaded: 5, quarantined: 0 });
  });

  it('publish nothing above the quarantine ceiling', async () => {
    await appendFile(join(inbox, 'values.csv'), 'V8,S1,8517,Bad,-1,CNY\n');
    await expect(nightly(inbox, ws, { quarantineCeiling: 0.05 })).rejects.toThrow(/quarantined 10\.0 % of rows, above the ceiling of 5\.0 %/);
  });

  it('say what a dry run would change and change nothing', async () => {
    await nightly(inbox, ws);
    const before = await dump(ws);
    await appendFile(join(inbox, 'values.csv'), 'V8,S1,8517,More,100,CNY\n');
    const r = await nightly(inbox, ws, { dryRun: true, skipBulletins: false });
    expect(r.status).toBe('dry-run');
    expect(r.would_rewrite!.map((p) => p.split('/').pop())).toEqual(['trade-bulletin-2025-annual-en.pdf']);
    expect(r.figures_moved).toContainEqual(expect.objectContaining({ service: 'changan-xian-almaty', period: '2025', metric: 'trade_value', unit: 'CNY' }));
    expect(await dump(ws)).toEqual(before);
  });
});

describe('concurrency and kills', () => {
  const bin = join(import.meta.dirname, '..', '..', 'bin', 'trade-bulletin.js');
  const run = (args: string[]) => spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exit = (p: ReturnType<typeof run>) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
      let stderr = '';
      p.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      p.on('close', (code, signal) => resolve({ code, signal, stderr }));
    });
  const args = () => ['nightly', '--inbox', inbox, '--workspace', ws, '--as-of', '2025-12-31', '--reference-dir', fixtureReference, '--skip-bulletins', '--quarantine-ceiling', '1'];

  it('a second run while one holds the workspace exits at once, touching nothing', async () => {
    // Holding the warehouse open read-write is holding the workspace (DuckDB's fcntl lock).
    const held = await openWarehouse(join(ws, 'warehouse.duckdb'));
    try {
      const r = await exit(run(args()));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`another trade-bulletin run (pid ${process.pid}) holds the workspace ${ws}`);
    } finally {
      held.close();
    }
  });

  it('a run killed with SIGKILL at any moment leaves the previous state, and the next run finishes right', async () => {
    // A bigger inbox so that ingest takes a while: 30,000 value lines (bulk) + 10,000 quoted (row-by-row).
    const lines = ['line_id,shipment_id,hs_code,description,value,currency'];
    for (let i = 0; i < 30_000; i++) lines.push(`B${i},S${(i % 3) + 1},8517,Bulk,${(i % 97) + 1}.25,CNY`);
    const quoted = ['line_id,shipment_id,hs_code,description,value,currency'];
    for (let i = 0; i < 10_000; i++) quoted.push(`Q${i},S1,8708,"Parts, auto",${(i % 13) + 1},USD`);
    await writeFiles(inbox, { 'values-bulk.csv': lines.join('\n') + '\n', 'values-quoted.csv': quoted.join('\n') + '\n' });
    const reference = join(t.dir, 'reference-ws');
    await nightly(inbox, reference);
    const expected = await dump(reference);
    let killed = 0;
    for (const delay of [120, 300, 600, 1000]) {
      const p = run(args());
      setTimeout(() => p.kill('SIGKILL'), delay);
      const r = await exit(p);
      expect(r.signal === 'SIGKILL' || r.code === 0).toBe(true);
      if (r.signal === 'SIGKILL') killed++;
    }
    expect(killed).toBeGreaterThan(0);
    const final = await exit(run(args()));
    expect(final.code).toBe(0);
    expect(await dump(ws)).toEqual(expected);
  });
});

/**
 * SIGINT and SIGTERM in the data stages: the run stops (the DuckDB query in flight is
 * interrupted, its transaction rolled back), exits 130/143 with a message naming the signal,
 * is recorded as interrupted, and the next run finishes as if nothing had happened.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanInbox } from '../fixtures/dialects.js';
import { fixtureReference, nightly as nightlyInProcess, tempDir, writeFiles } from '../helpers/pipeline.js';
import { ended, signal, startCli, waitFor } from '../helpers/processes.js';
import { openWarehouse } from '../../pipelines/warehouse.js';

let t: { dir: string; cleanup: () => Promise<void> };
let inbox: string;
beforeEach(async () => {
  t = await tempDir();
  inbox = join(t.dir, 'inbox');
  await writeFiles(inbox, cleanInbox());
  // Quoted rows go through the row-by-row reader: a few seconds of ingest and validation.
  const lines = ['line_id,shipment_id,hs_code,description,value,currency'];
  for (let i = 0; i < 20_000; i++) lines.push(`B${i},S${(i % 3) + 1},8517,"Bulk, quoted",${(i % 97) + 1}.25,CNY`);
  await writeFiles(inbox, { 'values-bulk.csv': lines.join('\n') + '\n' });
});
afterEach(() => t.cleanup());

const args = (ws: string) => ['nightly', '--inbox', inbox, '--workspace', ws, '--as-of', '2025-12-31', '--reference-dir', fixtureReference, '--skip-bulletins', '--quarantine-ceiling', '1', '--verbose'];

async function metrics(ws: string) {
  const wh = await openWarehouse(join(ws, 'warehouse.duckdb'), { readOnly: true });
  try {
    return await wh.all(`SELECT service, period, metric, unit, value FROM metrics ORDER BY ALL`);
  } finally {
    wh.close();
  }
}

describe('a signal in the data stages', () => {
  for (const [sig, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`${sig}: exit ${code}, recorded as interrupted with the signal named; the next run completes`, async () => {
      const ws = join(t.dir, 'ws');
      const p = startCli(args(ws));
      const done = ended(p);
      let stderr = '';
      p.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      // Its run record exists once ingest has begun staging files.
      expect(await waitFor(() => /ingest: \d+ ms/.test(stderr) || p.exitCode !== null, 60_000)).toBe(true);
      signal(p.pid!, sig);
      const r = await done;
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr).toMatch(new RegExp(`interrupted by ${sig} (in the data stages|while writing the exports)`));
      expect(r.stderr).not.toMatch(/\bat (async )?\w+ \(file:/); // no stack trace
      const runs = JSON.parse((await ended(startCli(['runs', '--workspace', ws, '--json']))).stdout) as { status: string; exit_code: number; message: string }[];
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ status: 'interrupted', exit_code: code });
      expect(runs[0]!.message).toContain(`interrupted by ${sig}`);

      const rerun = await ended(startCli(args(ws)));
      expect(rerun.code, rerun.stderr).toBe(0);
      const clean = join(t.dir, 'clean');
      await nightlyInProcess(inbox, clean);
      expect(await metrics(ws)).toEqual(await metrics(clean));
    });
  }
});

/**
 * The workspace lock is DuckDB's fcntl lock on the warehouse: the kernel drops it when its
 * holder dies, so a killed run, a zombie or a recycled pid blocks nothing, while a live run
 * holding the warehouse turns every other run away with a message naming it.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWarehouse, WorkspaceBusy } from '../../pipelines/warehouse.js';
import { cleanInbox } from '../fixtures/dialects.js';
import { fixtureReference, tempDir, writeFiles } from '../helpers/pipeline.js';
import { ended, processState, signal, startCli, waitFor } from '../helpers/processes.js';

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

const nightly = () => ['nightly', '--inbox', inbox, '--workspace', ws, '--as-of', '2025-12-31', '--reference-dir', fixtureReference, '--skip-bulletins', '--quarantine-ceiling', '1'];
const root = join(import.meta.dirname, '..', '..');

/** Whether process `pid` has the file `path` open. */
function hasOpen(pid: number, path: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === path;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

describe('the workspace lock', () => {
  it('refuses a second read-write open in the same process, and allows it once closed', async () => {
    const db = join(ws, 'warehouse.duckdb');
    const first = await openWarehouse(db);
    const second = await openWarehouse(db).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(WorkspaceBusy);
    expect((second as WorkspaceBusy).pid).toBe(process.pid);
    expect((second as Error).message).toContain(`holds the workspace ${ws}`);
    first.close();
    (await openWarehouse(db)).close();
  });

  it('is released by the kernel: a rerun straight after a SIGKILL proceeds, and the killed run is listed as interrupted', async () => {
    // Enough rows that the run is still busy when it is seen holding the warehouse.
    const lines = ['line_id,shipment_id,hs_code,description,value,currency'];
    for (let i = 0; i < 20_000; i++) lines.push(`B${i},S${(i % 3) + 1},8517,"Bulk, quoted",${(i % 97) + 1}.25,CNY`);
    await writeFiles(inbox, { 'values-bulk.csv': lines.join('\n') + '\n' });
    const db = join(ws, 'warehouse.duckdb');
    const p = startCli([...nightly(), '--verbose']);
    const done = ended(p);
    let stderr = '';
    p.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    // Killed after its ingest stage (its run record exists), while it holds the warehouse.
    expect(await waitFor(() => /ingest: \d+ ms/.test(stderr) && hasOpen(p.pid!, db), 60_000)).toBe(true);
    signal(p.pid!, 'SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    const rerun = await ended(startCli(nightly())); // no sleep
    expect(rerun.stderr).not.toMatch(/holds the workspace/);
    expect(rerun.code).toBe(0);
    const runs = await ended(startCli(['runs', '--workspace', ws, '--json']));
    const list = JSON.parse(runs.stdout) as { run_id: number; status: string; message: string | null }[];
    expect(list.map((r) => [r.run_id, r.status])).toEqual([[2, 'ok'], [1, 'interrupted']]);
    expect(list[1]!.message).toMatch(/killed before it could record its end/);
  });

  it('is not held by a zombie, nor by the pid an old lock file names', async () => {
    const db = join(ws, 'warehouse.duckdb');
    await mkdir(ws, { recursive: true });
    // A node that opens the warehouse, writes an old-style pid lock file naming itself, and
    // kills itself; its parent (sleep, exec'd by sh) never reaps it, so it stays a zombie.
    const holder = `import { DuckDBInstance } from '@duckdb/node-api'; import { writeFileSync } from 'node:fs';
      await DuckDBInstance.create(process.env.DB); writeFileSync(process.env.LOCK, process.pid + ' 0123456789abcdef\\n');
      process.stdout.write(process.pid + '\\n'); process.kill(process.pid, 'SIGKILL');`;
    const sh = spawn('sh', ['-c', `"${process.execPath}" --input-type=module -e "$HOLDER" & exec sleep 120`], {
      cwd: root, env: { ...process.env, HOLDER: holder, DB: db, LOCK: join(ws, '.trade-bulletin.lock') }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let out = '';
      sh.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      expect(await waitFor(() => /^\d+\n/.test(out) && processState(Number(out)) === 'Z', 60_000)).toBe(true);
      const r = await ended(startCli(nightly()));
      expect(r.stderr).not.toMatch(/holds the workspace/);
      expect(r.code).toBe(0);

      // A lock file naming a live process (this one: a recycled pid) blocks nothing either.
      await writeFile(join(ws, '.trade-bulletin.lock'), `${process.pid} 0123456789abcdef\n`);
      expect((await ended(startCli(nightly()))).code).toBe(0);
    } finally {
      signal(sh.pid!, 'SIGKILL');
    }
  });

  it('turns a second run away at once with exit 2, naming the holder, and `runs` says a run is in progress', async () => {
    const held = await openWarehouse(join(ws, 'warehouse.duckdb'));
    try {
      const r = await ended(startCli(nightly()));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`another trade-bulletin run (pid ${process.pid}) holds the workspace ${ws}`);
      const runs = await ended(startCli(['runs', '--workspace', ws]));
      expect(runs.code).toBe(2);
      expect(runs.stderr).toContain(`a run (pid ${process.pid}) is using the warehouse right now`);
    } finally {
      held.close();
    }
  });
});

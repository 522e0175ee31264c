/**
 * Temporary files of atomic writes: a write that fails removes its own; those a killed process
 * left are removed by the next run (which holds the workspace), and nothing else is.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTemporaryName, sweepTemporaryFiles, temporaryName, writeFileAtomic } from '../../lib/atomic-write.js';
import { cleanInbox } from '../fixtures/dialects.js';
import { nightly, tempDir, writeFiles } from '../helpers/pipeline.js';

let t: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  t = await tempDir();
});
afterEach(() => t.cleanup());

describe('writeFileAtomic', () => {
  it('writes the whole file under its name and leaves no temporary file', async () => {
    const path = join(t.dir, 'out', 'figures.json');
    await writeFileAtomic(path, '{"a":1}\n');
    await writeFileAtomic(path, '{"a":2}\n');
    expect(await readFile(path, 'utf8')).toBe('{"a":2}\n');
    expect(readdirSync(join(t.dir, 'out'))).toEqual(['figures.json']);
  });

  it('removes its temporary file when the rename fails (the target is a folder)', async () => {
    const path = join(t.dir, 'taken');
    await mkdir(join(path, 'inside'), { recursive: true });
    await expect(writeFileAtomic(path, 'data')).rejects.toThrow();
    expect(readdirSync(t.dir)).toEqual(['taken']);
  });

  it('removes its temporary file when writing the data fails', async () => {
    // Data of the wrong type fails after the temporary file was created (as a full disk would).
    await expect(writeFileAtomic(join(t.dir, 'x.pdf'), 42 as unknown as string)).rejects.toThrow();
    expect(readdirSync(t.dir)).toEqual([]);
  });
});

describe('sweepTemporaryFiles', () => {
  it('removes exactly the names temporaryName makes, in every folder', async () => {
    const keep = ['notes.tmp', '.hidden.tmp', '.x.pdf.12345.tmp', 'figures.json', '.x.pdf.0123456789ag.tmp'];
    const tmps = [temporaryName(join(t.dir, 'a.pdf')), temporaryName(join(t.dir, 'deep', 'er', 'b.figures.json'))];
    for (const name of keep) await writeFiles(t.dir, { [name]: 'keep' });
    // DuckDB's spill folder is `<warehouse>.tmp`: a folder, kept.
    await mkdir(join(t.dir, 'warehouse.duckdb.tmp'), { recursive: true });
    for (const p of tmps) {
      await mkdir(join(p, '..'), { recursive: true });
      await writeFile(p, 'partial');
    }
    expect(tmps.every((p) => isTemporaryName(p.split('/').pop()!))).toBe(true);
    expect(await sweepTemporaryFiles(t.dir)).toBe(2);
    for (const p of tmps) expect(existsSync(p)).toBe(false);
    for (const name of keep) expect(existsSync(join(t.dir, name))).toBe(true);
    expect(existsSync(join(t.dir, 'warehouse.duckdb.tmp'))).toBe(true);
  });

  it('is called by the next run: what a killed write left in the workspace is gone after it', async () => {
    const inbox = join(t.dir, 'inbox');
    const ws = join(t.dir, 'ws');
    await writeFiles(inbox, cleanInbox());
    await nightly(inbox, ws);
    const left = [temporaryName(join(ws, 'reports', 'quarantine.csv')), temporaryName(join(ws, 'bulletins', '2025', 'x.pdf')), join(ws, '.tmp', 'chromium-abc123', 'Default')];
    for (const p of left) {
      await mkdir(join(p, '..'), { recursive: true });
      await writeFile(p, 'partial');
    }
    const report = await nightly(inbox, ws);
    expect(report.status).toBe('nothing-new');
    for (const p of left) expect(existsSync(p)).toBe(false);
    expect(existsSync(join(ws, 'reports', 'quarantine.csv'))).toBe(true);
  });
});

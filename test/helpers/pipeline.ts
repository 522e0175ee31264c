/** Test helpers: run the data stages on a folder in an in-memory warehouse, and temp folders. */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryLogger } from '../../lib/logger.js';
import { listInbox, promoteStaged, stageInbox } from '../../pipelines/ingest.js';
import { normalize, type NormalizeOptions, defaultNormalizeOptions } from '../../pipelines/normalize.js';
import { validate } from '../../pipelines/validate.js';
import { openWarehouse, type Warehouse } from '../../pipelines/warehouse.js';
import { fileCounts } from '../../pipelines/accounting.js';
import { loadReference } from '../../sources/reference.js';
import { loadReferenceTables } from '../../pipelines/reference-tables.js';

export const fixtureReference = join(import.meta.dirname, '..', 'fixtures', 'reference');
export const fixtureInbox = (name: string): string => join(import.meta.dirname, '..', 'fixtures', name);

/** Loads an inbox folder into a fresh in-memory warehouse (stages 1–3). */
export async function loadFolder(inbox: string, options: Partial<NormalizeOptions> = {}, referenceDir = fixtureReference): Promise<Warehouse> {
  const wh = await openWarehouse(':memory:');
  await loadReferenceTables(wh, await loadReference(referenceDir));
  const outcomes = await stageInbox(wh, await listInbox(inbox), 1, memoryLogger());
  await wh.transaction(async () => {
    await promoteStaged(wh, outcomes, 1);
    await validate(wh);
    await normalize(wh, { ...defaultNormalizeOptions, ...options });
  });
  await fileCounts(wh); // throws when read ≠ loaded + quarantined
  return wh;
}

/** A temporary folder, removed by the returned cleanup. */
export async function tempDir(prefix = 'tb-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes files (name → content) into a folder. */
export async function writeFiles(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
}

import { runPipeline, type RunReport } from '../../pipelines/runner.js';
import type { RunOptions } from '../../pipelines/options.js';

/** Runs `nightly` in-process on a workspace (no bulletins unless asked). */
export async function nightly(inbox: string, workspace: string, extra: Partial<RunOptions> = {}): Promise<RunReport> {
  const options: RunOptions = {
    command: 'nightly', inbox, workspace, asOf: '2025-12-31', year: null, editions: ['en'], policy: 'daily', maxRateAgeDays: 7,
    sourcePriority: [], quarantineCeiling: 1, referenceDir: fixtureReference, strict: false, dryRun: false, skipBulletins: true, ...extra,
  };
  return runPipeline(options, { logger: memoryLogger(), now: () => new Date('2026-01-01T00:00:00Z') });
}

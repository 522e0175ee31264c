/**
 * Atomic file output: write to a temporary name beside the target, fsync, then rename into
 * place, so that a run killed at any moment leaves either the old file or the new one.
 * A write that fails (disk full, a read-only folder) removes its own temporary file; one left
 * by a killed process is removed by the next run (`sweepTemporaryFiles`), which holds the
 * workspace, so no live writer owns it.
 */
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** The temporary name of a write to `path`: `.<name>.<12 hex>.tmp` beside it. */
export const temporaryName = (path: string): string => join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);

/** Whether a file name is one that `temporaryName` makes. */
export const isTemporaryName = (name: string): boolean => /^\..+\.[0-9a-f]{12}\.tmp$/su.test(name);

/**
 * Writes `data` to `path` atomically.
 * @example await writeFileAtomic('out/figures.json', JSON.stringify(figures));
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = temporaryName(path);
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/**
 * Removes the temporary files of interrupted atomic writes under `dir` (every folder, symbolic
 * links not followed); returns how many. Call it only while holding the workspace.
 */
export async function sweepTemporaryFiles(dir: string, skip: readonly string[] = []): Promise<number> {
  let removed = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const path = join(dir, e.name);
    if (skip.includes(path)) continue; // e.g. <workspace>/releases: released files are never touched
    if (e.isDirectory()) removed += await sweepTemporaryFiles(path, skip);
    else if (e.isFile() && isTemporaryName(e.name)) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}

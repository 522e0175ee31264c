/**
 * The workspace lock: one run at a time. The lock file is created complete (our pid written
 * to a temporary file, then hard-linked into place, which fails if the lock exists), so no
 * other run can ever read it half-written. A lock whose process no longer exists (a killed
 * run) is taken over; a lock is only ever removed by the run that holds it.
 */
import { link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError } from '../lib/errors.js';
import { message } from '../lib/messages.js';

/** A held lock; release it in a `finally`. */
export interface Lock {
  path: string;
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid holding the lock at `path`, or null when there is no lock or its holder is gone. */
export async function lockHolder(path: string): Promise<number | null> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return null;
  const pid = Number(text.trim().split(/\s+/)[0]);
  if (pid > 0) return alive(pid) ? pid : null;
  // Unreadable content cannot come from this code; treat it as held unless it is old.
  const age = Date.now() - (await stat(path).then((s) => s.mtimeMs, () => 0));
  return age < 60_000 ? 0 : null;
}

/**
 * Takes the lock of `workspace`, or throws (exit 2) when another live run holds it.
 * @example const lock = await takeLock('workspace'); try { … } finally { await lock.release(); }
 */
export async function takeLock(workspace: string): Promise<Lock> {
  await mkdir(workspace, { recursive: true });
  const path = join(workspace, '.trade-bulletin.lock');
  const token = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, token);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(tmp, path);
        return {
          path,
          release: async () => {
            // Only remove the lock if it is still ours.
            if ((await readFile(path, 'utf8').catch(() => '')) === token) await rm(path, { force: true });
          },
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = await lockHolder(path);
        if (holder !== null) throw new InputError(message.lockHeld(path, holder));
        await rm(path, { force: true }); // stale: its process is gone
      }
    }
    throw new InputError(message.lockHeld(path, 0));
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * The workspace lock: one run at a time. Taken with an exclusive create; a lock left by a
 * process that no longer exists (a killed run) is taken over.
 */
import { open, readFile, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
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

/**
 * Takes the lock of `workspace`, or throws (exit 2) when another live run holds it.
 * @example const lock = await takeLock('workspace'); try { … } finally { await lock.release(); }
 */
export async function takeLock(workspace: string): Promise<Lock> {
  await mkdir(workspace, { recursive: true });
  const path = join(workspace, '.trade-bulletin.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      return { path, release: () => rm(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (pid > 0 && pid !== process.pid && alive(pid)) throw new InputError(message.lockHeld(path, pid));
      await rm(path, { force: true }); // stale: its process is gone
    }
  }
  throw new InputError(message.lockHeld(path, 0));
}

/**
 * The inbox listing: every `*.csv` entry, each either a file to read or a reason it cannot
 * be read. A symbolic link to a regular file is read like a file; one that dangles, loops,
 * or points to a folder, FIFO or device is listed with its reason, never skipped silently.
 * A link may point outside the inbox: it is read (a farm of links to an export folder is a
 * normal set-up), but messages never quote such a file's content (it may be /etc/passwd).
 */
import type { Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { InputError } from '../lib/errors.js';
import { message } from '../lib/messages.js';
import { safeText } from '../lib/safe-text.js';

/** A file found in the inbox. */
export interface InboxFile {
  name: string;
  path: string;
  size: number;
  mtimeMs: number;
  /** Status-change time: set by every write, and not restorable by `touch -r`, `cp -p` or `rsync -t`. */
  ctimeMs: number;
  /** Why the entry cannot be read at all (a dangling link, a folder, …); it is reported as rejected. */
  problem?: string;
  /** A link whose file lies outside the inbox: read, but its content is never quoted in a message. */
  outside?: boolean;
}

/** Lists the inbox's CSV entries, sorted by name (the order in which duplicates are decided). */
export async function listInbox(dir: string): Promise<InboxFile[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new InputError(`inbox folder ${safeText(dir)} does not exist; pass --inbox DIR`);
    if (err.code === 'ENOTDIR') throw new InputError(`inbox ${safeText(dir)} is a file, not a folder; pass --inbox DIR`);
    throw err;
  });
  const realInbox = await realpath(dir);
  const files: InboxFile[] = [];
  for (const e of entries) {
    if (!/\.csv$/i.test(e.name)) continue;
    files.push(await inboxEntry(join(dir, e.name), e.name, realInbox));
  }
  return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * One entry: a regular file (or a link to one) to read, or the reason it cannot be read.
 * `realInbox` is the inbox's real path (links leading outside it are marked), or null for
 * files named on the command line.
 */
export async function inboxEntry(path: string, name: string, realInbox: string | null): Promise<InboxFile> {
  const problem = (text: string): InboxFile => ({ name, path, size: 0, mtimeMs: 0, ctimeMs: 0, problem: text });
  let st: Stats;
  let link: boolean;
  try {
    link = (await lstat(path)).isSymbolicLink();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    // A name that is not UTF-8 reaches us with U+FFFD in it, and no file has that name.
    if (code === 'ENOENT' && name.includes('\uFFFD')) return problem(message.badFileName(name));
    return problem(message.unreadable(name, code));
  }
  try {
    st = await stat(path); // follows a link
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') return problem(message.danglingLink(name));
    if (code === 'ELOOP') return problem(message.linkLoop(name));
    return problem(message.unreadable(name, code));
  }
  if (st.isDirectory()) return problem(message.notRegularFile(name, link ? 'a symbolic link to a folder' : 'a folder'));
  if (!st.isFile()) return problem(message.notRegularFile(name, `${link ? 'a symbolic link to ' : ''}a FIFO, socket or device`));
  const real = link && realInbox !== null ? await realpath(path).catch(() => null) : null;
  if (link && realInbox !== null && real === null) return problem(message.danglingLink(name)); // removed since the stat
  const outside = real !== null && !real.startsWith(realInbox + sep);
  return { name, path, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ...(outside ? { outside } : {}) };
}

/**
 * Bulletin sets: every file of every bulletin switches in one step, so that at every moment
 * the files on disk are all the old ones or all the new ones (never a PDF of one run beside
 * the figures.json of another).
 *
 *   <workspace>/bulletins/
 *     current -> .sets/<id>          the current set: ONE symbolic link, switched by rename()
 *     2025    -> current/2025        fixed links: the contract's paths bulletins/<year>/<slug>.pdf
 *     2024    -> current/2024
 *     index.html                     written after the switch, from what the switch put in place
 *     .sets/<id>/<year>/<slug>.pdf, .html, .figures.json, .cover.png, charts/<slug>/…
 *
 * A run that prints anything starts a new set: the current set hard-linked (cheap; no file is
 * ever written in place, so a link never sees a change), minus the files of the bulletins it
 * reprints, which it writes there. When every bulletin is written, a new `current` link is made
 * under a temporary name and renamed over the old one: rename() is atomic, so readers (and a
 * kill) see the old set or the new one. Sets no link points to are removed by the next run
 * that prints, so a set stays in place for a whole run after it stopped being current. To
 * copy the current set, resolve the link once (`currentSetDir`, or
 * `cp -r "$(readlink -f <workspace>/bulletins/current)" DEST`) and copy that folder, which
 * never changes; `bulletinFiles` lists one bulletin's files.
 */
import { randomBytes } from 'node:crypto';
import { link, lstat, mkdir, readdir, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';

/** The folder of the sets, relative to `<workspace>/bulletins`. */
const SETS = '.sets';
/** The link naming the current set, relative to `<workspace>/bulletins`. */
export const CURRENT = 'current';

const isYear = (name: string): boolean => /^\d{4}$/.test(name);

/** The folder holding the current set's files, or null before the first printing run. */
export async function currentSetDir(workspace: string): Promise<string | null> {
  const target = await readlink(join(workspace, 'bulletins', CURRENT)).catch(() => null);
  return target === null ? null : join(workspace, 'bulletins', target);
}

/** Hard-links every file under `from` into `to` (same relative paths), except where `skip(rel)`. */
async function linkTree(from: string, to: string, skip: (rel: string) => boolean, prefix = ''): Promise<void> {
  for (const e of await readdir(join(from, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (skip(rel)) continue;
    if (e.isDirectory()) await linkTree(from, to, skip, rel);
    else if (e.isFile()) {
      await mkdir(join(to, prefix), { recursive: true });
      await link(join(from, rel), join(to, rel));
    }
  }
}

/** A set being written: files go under `dir`; `switch()` makes it current. */
export interface NewSet {
  /** The set's folder (its year folders inside). */
  dir: string;
  /** Makes this set the current one (one rename), then links any new year folder. */
  switch(): Promise<void>;
  /** Removes the set (a run that failed before switching). */
  discard(): Promise<void>;
}

/**
 * Starts a new set holding the current set's files minus those of `reprint` (slugs by year),
 * after removing every set no link points to (left by earlier runs or a killed one). Call only
 * while holding the workspace.
 */
export async function beginSet(workspace: string, reprint: { year: number; slug: string }[]): Promise<NewSet> {
  const bulletins = join(workspace, 'bulletins');
  const sets = join(bulletins, SETS);
  await mkdir(sets, { recursive: true });
  const current = await currentSetDir(workspace);
  await sweepSets(workspace, current);
  const id = randomBytes(8).toString('hex');
  const dir = join(sets, id);
  await mkdir(dir);
  const drop = new Set(reprint.map((r) => `${r.year}/${r.slug}`));
  const skip = (rel: string): boolean => {
    const [year, name, sub] = rel.split('/');
    if (!year || !isYear(year)) return true; // only year folders belong to a set
    if (name === undefined) return false;
    if (name === 'charts' || name === 'tables') return sub !== undefined && drop.has(`${year}/${sub}`);
    // <slug>.pdf, <slug>.figures.json, <slug>.cover.png …: the slug is the name up to its first dot.
    return drop.has(`${year}/${name.split('.')[0]}`);
  };
  if (current) await linkTree(current, dir, skip);
  else {
    // A workspace from before sets: its year folders are real folders; start from their files.
    for (const year of (await readdir(bulletins, { withFileTypes: true })).filter((e) => e.isDirectory() && isYear(e.name))) {
      await linkTree(bulletins, dir, (rel) => skip(rel), year.name);
    }
  }
  return {
    dir,
    switch: () => switchTo(workspace, id),
    discard: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Points `current` at set `id` in one rename, then makes every year folder a link through it. */
async function switchTo(workspace: string, id: string): Promise<void> {
  const bulletins = join(workspace, 'bulletins');
  const tmp = join(bulletins, `.${CURRENT}.${randomBytes(6).toString('hex')}.tmp`);
  await symlink(join(SETS, id), tmp);
  try {
    await rename(tmp, join(bulletins, CURRENT));
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  for (const year of (await readdir(join(bulletins, SETS, id))).filter(isYear)) {
    const path = join(bulletins, year);
    const st = await lstat(path).catch(() => null);
    if (st?.isSymbolicLink()) continue;
    if (st) {
      // A real folder from before sets (its files are in the new set): moved aside, swept later.
      await rename(path, join(bulletins, SETS, `legacy-${year}-${randomBytes(4).toString('hex')}`));
    }
    await symlink(join(CURRENT, year), path);
  }
}

/** Removes every set except `keep` (and anything else unknown in `.sets`). */
async function sweepSets(workspace: string, keep: string | null): Promise<void> {
  const sets = join(workspace, 'bulletins', SETS);
  for (const name of await readdir(sets).catch(() => [] as string[])) {
    const dir = join(sets, name);
    if (keep !== null && dir === keep) continue;
    await rm(dir, { recursive: true, force: true });
  }
  // A `current` link made but not renamed into place by a killed run.
  for (const name of await readdir(join(workspace, 'bulletins')).catch(() => [] as string[])) {
    if (name.startsWith(`.${CURRENT}.`) && name.endsWith('.tmp')) await rm(join(workspace, 'bulletins', name), { force: true });
  }
}

/**
 * The files of one bulletin in the current set, as absolute paths through the stable links
 * (`<workspace>/bulletins/<year>/…`): its PDF, HTML, figures.json, cover and charts.
 * @example await bulletinFiles('workspace', 2025, 'trade-bulletin-2025-annual-en')
 */
export async function bulletinFiles(workspace: string, year: number, slug: string): Promise<string[]> {
  const dir = join(workspace, 'bulletins', String(year));
  const own = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.split('.')[0] === slug && !n.startsWith('.'));
  const charts = join(dir, 'charts', slug);
  const chartFiles = (await stat(charts).catch(() => null)) ? (await readdir(charts)).map((n) => join(charts, n)) : [];
  const tables = join(dir, 'tables', slug);
  const tableFiles = (await stat(tables).catch(() => null)) ? (await readdir(tables)).map((n) => join(tables, n)) : [];
  return [...own.map((n) => join(dir, n)), ...chartFiles, ...tableFiles].sort();
}

/**
 * Releases: `trade-bulletin release --year YYYY [--kind annual|ytd]` freezes the current draft of
 * a bulletin, every edition, as `<workspace>/releases/<bulletin>/<release-id>/`: the draft's PDF,
 * HTML, figures.json, cover, charts, spreadsheet and CSVs, byte for byte, and `manifest.json`
 * (every file with its sha256, the input file versions with theirs, the as-of date, the run id,
 * the program version).
 *
 *   1. find the draft: the last good run that recorded the bulletin's files; each file on disk
 *      must still have the sha256 that run recorded
 *   2. refuse a draft out of date with the inbox (a file new, revised or gone since that run)
 *   3. copy into `.tmp-<id>-<random>/` beside the release, verify each copy, write the manifest,
 *      make everything read-only, then rename() into place: a killed release leaves no release
 *      or a complete one (a `.tmp-*` folder is swept by the next release)
 *   4. record the release and its figures in the warehouse (`syncReleases`, which also adopts a
 *      release renamed into place by a release killed before it recorded it)
 *
 * Released files are never rewritten or deleted: no run, sweep or `forget` writes under
 * `<workspace>/releases/`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, copyFile, mkdir, open, readdir, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { InputError } from '../lib/errors.js';
import { projectPath } from '../lib/paths.js';
import type { Logger } from '../lib/logger.js';
import { listInbox } from './inbox.js';
import type { Warehouse } from './warehouse.js';

/** A release's manifest.json. */
export interface ReleaseManifest {
  release: string;
  bulletin: string;
  year: number;
  kind: 'annual' | 'ytd';
  editions: string[];
  as_of: string;
  run_id: number;
  program: { name: string; version: string };
  inputs: { name: string; sha256: string; kind: string | null; read: number; loaded: number; quarantined: number }[];
  files: { path: string; sha256: string; bytes: number; kind: string }[];
}

/** The folder of a bulletin's releases. */
export const releasesDir = (workspace: string, bulletin?: string): string => (bulletin ? join(workspace, 'releases', bulletin) : join(workspace, 'releases'));

/** The bulletin (both editions) of a year and kind: `trade-bulletin-2025-annual`. */
export const bulletinName = (year: number, kind: 'annual' | 'ytd'): string => `trade-bulletin-${year}-${kind}`;

/** sha256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** The files of `bulletin` among a run's outputs, relative to the bulletin's folder, or null when it printed none. */
function draftFiles(outputs: { path: string; sha256: string; bytes: number; kind: string }[], bulletin: string) {
  const edition = (name: string) => name.startsWith(`${bulletin}-`) && /^(en|zh)$/.test(name.slice(bulletin.length + 1).split('.')[0]!);
  const pdfs = outputs.filter((o) => o.kind === 'pdf' && edition(o.path.split('/').pop()!));
  if (!pdfs.length) return null;
  const base = dirname(pdfs[0]!.path);
  const files = outputs.flatMap((o) => {
    const rel = relative(base, o.path).split(sep).join('/');
    if (rel.startsWith('..')) return [];
    const parts = rel.split('/');
    const mine = parts.length === 1 ? edition(parts[0]!) : (parts[0] === 'charts' || parts[0] === 'tables') && edition(parts[1]!);
    return mine ? [{ ...o, rel }] : [];
  });
  const editions = [...new Set(pdfs.map((p) => p.path.split('/').pop()!.slice(bulletin.length + 1, bulletin.length + 3)))].sort();
  return { base, files, editions };
}

/** The last good run that printed `bulletin`, with its files. */
async function findDraft(wh: Warehouse, bulletin: string) {
  const runs = await wh.all<{ run_id: number; as_of: string }>(
    `SELECT run_id, CAST(as_of AS VARCHAR) AS as_of FROM runs WHERE status = 'ok' AND run_id IN (SELECT run_id FROM run_outputs WHERE kind = 'pdf') ORDER BY run_id DESC`);
  for (const r of runs) {
    const outputs = await wh.all<{ path: string; sha256: string; bytes: number; kind: string }>(
      `SELECT path, sha256, bytes::BIGINT::DOUBLE AS bytes, coalesce(kind, '') AS kind FROM run_outputs WHERE run_id = ?`, [r.run_id]);
    const found = draftFiles(outputs, bulletin);
    if (found) return { runId: r.run_id, asOf: r.as_of, ...found };
  }
  return null;
}

/** Whether a year has an annual draft (the default kind), else ytd. */
async function defaultKind(wh: Warehouse, year: number): Promise<'annual' | 'ytd'> {
  return (await findDraft(wh, bulletinName(year, 'annual'))) ? 'annual' : 'ytd';
}

/** Inbox files new, revised or gone since the draft's run: what makes the draft out of date. */
async function staleInputs(wh: Warehouse, runId: number, inbox: string): Promise<string[]> {
  const had = new Map((await wh.all<{ name: string; sha256: string | null; action: string }>(
    `SELECT name, sha256, action FROM run_files WHERE run_id = ?`, [runId])).filter((f) => f.action !== 'missing').map((f) => [f.name, f.sha256]));
  const now = new Map<string, string | null>();
  for (const f of await listInbox(inbox)) now.set(f.name, f.problem ? null : await sha256File(f.path).catch(() => null));
  const out: string[] = [];
  for (const [name, sha] of now) {
    if (!had.has(name)) out.push(`${name} (new)`);
    else if (sha !== null && had.get(name) !== sha) out.push(`${name} (revised)`);
  }
  for (const name of had.keys()) if (!now.has(name)) out.push(`${name} (gone)`);
  return out.sort();
}

/** Makes every file under `dir` (and the folders) read-only. */
async function freeze(dir: string): Promise<void> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await freeze(p);
    else await chmod(p, 0o444);
  }
  await chmod(dir, 0o555);
}

/** Removes a folder made read-only by `freeze` (a killed release's temporary folder). */
async function thaw(dir: string): Promise<void> {
  await chmod(dir, 0o755).catch(() => undefined);
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) if (e.isDirectory()) await thaw(join(dir, e.name));
}

/** Copies and fsyncs one file, then checks the copy's sha256. */
async function copyVerified(from: string, to: string, sha256: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  await copyFile(from, to);
  const fh = await open(to, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  if ((await sha256File(to)) !== sha256) throw new InputError(`release: the copy of ${from} differs from the draft; nothing was released`);
}

/** The program's name and version (package.json). */
async function program(): Promise<{ name: string; version: string }> {
  const pkg = JSON.parse(await readFile(projectPath('package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

/** The release ids of a bulletin on disk (complete releases only), oldest first. */
export async function releaseIds(workspace: string, bulletin: string): Promise<string[]> {
  const names = await readdir(releasesDir(workspace, bulletin)).catch(() => [] as string[]);
  // `<as-of>-<sequence>-<hash>`: in the order released (the sequence), whatever the as-of dates.
  const seq = (id: string): number => Number(id.split('-')[3] ?? 0);
  return names.filter((n) => !n.startsWith('.')).sort((a, b) => seq(a) - seq(b) || (a < b ? -1 : 1));
}

/**
 * Freezes the current draft of a bulletin as a release.
 * @example const { release, path } = await releaseBulletin(wh, { workspace, inbox, year: 2025, kind: 'annual' }, logger);
 */
export async function releaseBulletin(
  wh: Warehouse,
  o: { workspace: string; inbox: string; year: number; kind?: 'annual' | 'ytd' },
  logger: Logger,
  /** Called after each step (`copied 1` … `copied N`, `manifest`, `frozen`, `renamed`): the kill test stops the process there. */
  step: (name: string) => void = () => undefined,
): Promise<{ release: string; path: string; manifest: ReleaseManifest }> {
  const kind = o.kind ?? (await defaultKind(wh, o.year));
  const bulletin = bulletinName(o.year, kind);
  // 1. The draft.
  const draft = await findDraft(wh, bulletin);
  if (!draft) throw new InputError(`release: there is no draft of ${bulletin} to release; run \`trade-bulletin nightly --as-of YYYY-MM-DD\` (or run --year ${o.year}) first`);
  for (const f of draft.files) {
    const sha = await sha256File(await realpath(f.path)).catch(() => null);
    if (sha !== f.sha256) throw new InputError(`release: ${f.path} is not the file run ${draft.runId} wrote (changed or missing); run \`trade-bulletin nightly\` to rebuild the draft, then release`);
  }
  // 2. Up to date with the inbox.
  const stale = await staleInputs(wh, draft.runId, o.inbox);
  if (stale.length) {
    throw new InputError(`release: the draft of ${bulletin} (run ${draft.runId}, as of ${draft.asOf}) is out of date with the inbox: ${stale.slice(0, 10).join(', ')}${stale.length > 10 ? ` and ${stale.length - 10} more` : ''}; run \`trade-bulletin nightly\` first, then release`);
  }
  // 3. Copy into a temporary folder, then rename into place.
  const dir = releasesDir(o.workspace, bulletin);
  await mkdir(dir, { recursive: true });
  for (const n of (await readdir(dir)).filter((x) => x.startsWith('.tmp-'))) {
    logger.warn(`removing ${n}, left by an interrupted release`);
    await thaw(join(dir, n));
    await rm(join(dir, n), { recursive: true, force: true });
  }
  const files = draft.files.map((f) => ({ path: f.rel, sha256: f.sha256, bytes: f.bytes, kind: f.kind })).sort((a, b) => (a.path < b.path ? -1 : 1));
  const digest = createHash('sha256').update(JSON.stringify(files)).digest('hex');
  const earlier = await releaseIds(o.workspace, bulletin);
  const last = earlier.at(-1);
  if (last) {
    const prev = JSON.parse(await readFile(join(dir, last, 'manifest.json'), 'utf8')) as ReleaseManifest;
    if (JSON.stringify(prev.files) === JSON.stringify(files)) throw new InputError(`release: the draft of ${bulletin} is the release ${last} already; nothing to release`);
  }
  const id = `${draft.asOf}-${String(earlier.length + 1).padStart(3, '0')}-${digest.slice(0, 8)}`;
  const inputs = await wh.all<ReleaseManifest['inputs'][number]>(
    `SELECT name, sha256, kind, rows_read AS read, loaded, quarantined FROM run_files WHERE run_id = ? AND action NOT IN ('rejected', 'missing') ORDER BY name`, [draft.runId]);
  const manifest: ReleaseManifest = {
    release: id, bulletin, year: o.year, kind, editions: draft.editions, as_of: draft.asOf, run_id: draft.runId, program: await program(), inputs, files,
  };
  const tmp = join(dir, `.tmp-${id}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp);
  try {
    let copied = 0;
    for (const f of draft.files) {
      await copyVerified(await realpath(f.path), join(tmp, f.rel), f.sha256);
      step(`copied ${++copied}`);
    }
    const fh = await open(join(tmp, 'manifest.json'), 'w');
    try {
      await fh.writeFile(JSON.stringify(manifest, null, 2) + '\n');
      await fh.sync();
    } finally {
      await fh.close();
    }
    step('manifest');
    await freeze(tmp);
    step('frozen');
    await rename(tmp, join(dir, id));
    step('renamed');
  } catch (err) {
    await thaw(tmp);
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  // 4. Record it.
  await syncReleases(wh, o.workspace);
  return { release: id, path: join(dir, id), manifest };
}

/** Checks a release on disk against its manifest: every file there with its sha256, nothing else. */
export async function verifyRelease(path: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(path, 'manifest.json'), 'utf8')) as ReleaseManifest;
  const problems: string[] = [];
  for (const f of manifest.files) {
    const sha = await sha256File(join(path, f.path)).catch(() => null);
    if (sha !== f.sha256) problems.push(`${f.path}: ${sha === null ? 'missing' : 'sha256 differs'}`);
  }
  const listed = new Set([...manifest.files.map((f) => f.path), 'manifest.json']);
  const walk = async (rel: string): Promise<void> => {
    for (const e of await readdir(join(path, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else if (!listed.has(r)) problems.push(`${r}: not in the manifest`);
    }
  };
  await walk('');
  return problems;
}

const RELEASE_SCHEMA = `
CREATE TABLE IF NOT EXISTS releases (
  bulletin VARCHAR NOT NULL, release_id VARCHAR NOT NULL, year INTEGER NOT NULL, kind VARCHAR NOT NULL, as_of DATE NOT NULL,
  run_id INTEGER, manifest_sha256 VARCHAR NOT NULL, PRIMARY KEY (bulletin, release_id));
CREATE TABLE IF NOT EXISTS release_inputs (bulletin VARCHAR NOT NULL, release_id VARCHAR NOT NULL, name VARCHAR NOT NULL, sha256 VARCHAR, kind VARCHAR);
CREATE TABLE IF NOT EXISTS release_figures (
  bulletin VARCHAR NOT NULL, release_id VARCHAR NOT NULL, edition VARCHAR NOT NULL, service VARCHAR, metric VARCHAR, period VARCHAR,
  unit VARCHAR, basis VARCHAR, value VARCHAR, text VARCHAR);
`;

/**
 * Brings the warehouse's record of releases (`releases`, `release_inputs`, `release_figures`, the
 * figures every release printed: the vintages) up to what is on disk, one transaction per release.
 */
export async function syncReleases(wh: Warehouse, workspace: string): Promise<number> {
  await wh.run(RELEASE_SCHEMA);
  const known = new Set((await wh.all<{ k: string }>(`SELECT bulletin || '/' || release_id AS k FROM releases`)).map((r) => r.k));
  let added = 0;
  for (const bulletin of (await readdir(releasesDir(workspace)).catch(() => [] as string[])).filter((n) => !n.startsWith('.')).sort()) {
    for (const id of await releaseIds(workspace, bulletin)) {
      if (known.has(`${bulletin}/${id}`)) continue;
      const path = join(releasesDir(workspace, bulletin), id);
      const text = await readFile(join(path, 'manifest.json'), 'utf8').catch(() => null);
      if (text === null) continue;
      const m = JSON.parse(text) as ReleaseManifest;
      await wh.transaction(async () => {
        await wh.run(`INSERT INTO releases VALUES (?, ?, ?, ?, CAST(? AS DATE), ?, ?)`, [bulletin, id, m.year, m.kind, m.as_of, m.run_id, createHash('sha256').update(text).digest('hex')]);
        for (const i of m.inputs) await wh.run(`INSERT INTO release_inputs VALUES (?, ?, ?, ?, ?)`, [bulletin, id, i.name, i.sha256, i.kind]);
        for (const f of m.files.filter((x) => x.kind === 'figures')) {
          const doc = JSON.parse(await readFile(join(path, f.path), 'utf8')) as { edition: string; figures: { service: string; metric: string; period: string; unit: string; basis?: string; value: string | null; text: string }[] };
          const rows = doc.figures.map((x) => [bulletin, id, doc.edition, x.service, x.metric, x.period, x.unit, x.basis ?? null, x.value, x.text]);
          for (let i = 0; i < rows.length; i += 200) {
            const chunk = rows.slice(i, i + 200);
            await wh.run(`INSERT INTO release_figures VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, chunk.flat());
          }
        }
      });
      added++;
    }
  }
  return added;
}

/** One release as `releases` lists it. */
export interface ReleaseRow {
  bulletin: string;
  release: string;
  year: number;
  kind: string;
  as_of: string;
  run_id: number | null;
  editions: string[];
  files: number;
  path: string;
  /** The release before it of the same bulletin. */
  previous: string | null;
  /** Problems found verifying it against its manifest (none: it is intact). */
  problems: string[];
}

/** Every release on disk, by bulletin then oldest first, each verified against its manifest. */
export async function listReleases(workspace: string): Promise<ReleaseRow[]> {
  const out: ReleaseRow[] = [];
  for (const bulletin of (await readdir(releasesDir(workspace)).catch(() => [] as string[])).filter((n) => !n.startsWith('.')).sort()) {
    let previous: string | null = null;
    for (const id of await releaseIds(workspace, bulletin)) {
      const path = join(releasesDir(workspace, bulletin), id);
      if (!(await stat(join(path, 'manifest.json')).catch(() => null))) continue;
      const m = JSON.parse(await readFile(join(path, 'manifest.json'), 'utf8')) as ReleaseManifest;
      out.push({ bulletin, release: id, year: m.year, kind: m.kind, as_of: m.as_of, run_id: m.run_id, editions: m.editions, files: m.files.length, path, previous, problems: await verifyRelease(path) });
      previous = id;
    }
  }
  return out;
}

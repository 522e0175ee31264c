/**
 * Seeded fuzz (issue 10): mutations of a small inbox — truncation, duplicated lines, swapped
 * bytes, inserted quotes, CRs, NULs, control and CJK characters. Every run ends done or with
 * bad input (exit 0 or 2; never a failed run, never a stack trace), read = loaded + quarantined
 * holds per file, and a clean run afterwards on the clean inbox gives exactly the clean result.
 * A failure names its seed: FUZZ_SEED=<seed> reruns that case alone.
 */
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../lib/errors.js';
import { openWarehouse } from '../../pipelines/warehouse.js';
import { cleanInbox } from '../fixtures/dialects.js';
import { fixtureReference, loadFolder, nightly, tempDir, writeFiles } from '../helpers/pipeline.js';

/** mulberry32: a small seeded generator, so that a failing case reproduces from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MUTATIONS = ['truncate', 'duplicateLine', 'swapBytes', 'quote', 'cr', 'nul', 'control', 'cjk', 'deleteByte'] as const;

/** One mutation of `bytes`, chosen and placed by `rand`. */
function mutate(bytes: Buffer, rand: () => number): { bytes: Buffer; what: string } {
  const kind = MUTATIONS[Math.floor(rand() * MUTATIONS.length)]!;
  const at = Math.floor(rand() * (bytes.length + 1));
  const insert = (b: Buffer) => Buffer.concat([bytes.subarray(0, at), b, bytes.subarray(at)]);
  switch (kind) {
    case 'truncate':
      return { bytes: bytes.subarray(0, at), what: `truncate at ${at}` };
    case 'duplicateLine': {
      const lines = bytes.toString('latin1').split('\n');
      const i = Math.floor(rand() * lines.length);
      lines.splice(i, 0, lines[i]!);
      return { bytes: Buffer.from(lines.join('\n'), 'latin1'), what: `duplicate line ${i + 1}` };
    }
    case 'swapBytes': {
      const b = Buffer.from(bytes);
      if (at + 1 < b.length) [b[at], b[at + 1]] = [b[at + 1]!, b[at]!];
      return { bytes: b, what: `swap bytes ${at}, ${at + 1}` };
    }
    case 'quote':
      return { bytes: insert(Buffer.from('"')), what: `quote at ${at}` };
    case 'cr':
      return { bytes: insert(Buffer.from('\r')), what: `CR at ${at}` };
    case 'nul':
      return { bytes: insert(Buffer.from([0])), what: `NUL at ${at}` };
    case 'control': {
      const c = 1 + Math.floor(rand() * 31);
      return { bytes: insert(Buffer.from([c === 10 ? 27 : c])), what: `control ${c} at ${at}` };
    }
    case 'cjk':
      return { bytes: insert(Buffer.from('中欧班列', 'utf8').subarray(0, 1 + Math.floor(rand() * 12))), what: `CJK bytes at ${at}` };
    case 'deleteByte':
      return { bytes: Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]), what: `delete byte ${at}` };
  }
}

/** The clean inbox with 1–3 mutations of one of its files. */
function mutatedInbox(seed: number): { files: Record<string, Buffer>; what: string } {
  const rand = rng(seed);
  const files: Record<string, Buffer> = Object.fromEntries(Object.entries(cleanInbox()).map(([k, v]) => [k, Buffer.from(v)]));
  const name = Object.keys(files)[Math.floor(rand() * Object.keys(files).length)]!;
  const what: string[] = [];
  const n = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < n; i++) {
    const m = mutate(files[name]!, rand);
    files[name] = m.bytes;
    what.push(m.what);
  }
  return { files, what: `seed ${seed}: ${name}: ${what.join('; ')}` };
}

const only = process.env.FUZZ_SEED ? [Number(process.env.FUZZ_SEED)] : null;
const seeds = (from: number, count: number) => only ?? Array.from({ length: count }, (_, i) => from + i);

async function dump(workspace: string) {
  const wh = await openWarehouse(join(workspace, 'warehouse.duckdb'));
  try {
    return {
      metrics: await wh.all(`SELECT service, period, metric, unit, value FROM metrics ORDER BY ALL`),
      lines: await wh.all(`SELECT line_id, CAST(amount_cny AS VARCHAR) AS c, CAST(amount_usd AS VARCHAR) AS u FROM normalized_lines ORDER BY ALL`),
      issues: await wh.all(`SELECT kind, line, col, code FROM issues ORDER BY ALL`),
      raw: await wh.all(`SELECT (SELECT count(*) FROM raw_values)::INTEGER AS v, (SELECT count(*) FROM raw_shipments)::INTEGER AS s, (SELECT count(*) FROM raw_fx)::INTEGER AS f`),
    };
  } finally {
    wh.close();
  }
}

let t: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  t = await tempDir('tb-fuzz-');
});
afterAll(() => t.cleanup());

describe('fuzz', () => {
  it('loads 30 mutated inboxes: each file is loaded with read = loaded + quarantined, or rejected whole', async () => {
    const tally = { rejected: 0, quarantined: 0 };
    for (const seed of seeds(1000, 30)) {
      const { files, what } = mutatedInbox(seed);
      const dir = join(t.dir, `m${seed}`);
      await writeFiles(dir, files);
      // loadFolder throws StageError when a file does not reconcile; a rejected file is an outcome, not an error.
      const wh = await loadFolder(dir).catch((e: unknown) => {
        throw new Error(`${what}: ${(e as Error).message}`, { cause: e });
      });
      const [c] = await wh.all<{ rejected: number; quarantined: number }>(`SELECT
        (SELECT count(*) FROM file_versions WHERE status = 'rejected')::INTEGER AS rejected, (SELECT count(*) FROM issues)::INTEGER AS quarantined`);
      tally.rejected += c!.rejected ? 1 : 0;
      tally.quarantined += c!.quarantined ? 1 : 0;
      wh.close();
      await rm(dir, { recursive: true, force: true });
    }
    // The mutations reach both outcomes (a fuzz that never breaks anything tests nothing).
    if (!only) expect(tally.rejected > 0 && tally.quarantined > 0, JSON.stringify(tally)).toBe(true);
  });

  it('runs nightly on one workspace through 6 mutations, then the clean inbox gives exactly the clean result', async () => {
    const clean = join(t.dir, 'clean');
    await writeFiles(join(clean, 'inbox'), cleanInbox());
    await nightly(join(clean, 'inbox'), join(clean, 'ws'));
    const expected = await dump(join(clean, 'ws'));

    const inbox = join(t.dir, 'seq-inbox');
    const ws = join(t.dir, 'seq-ws');
    for (const seed of seeds(2000, 6)) {
      const { files, what } = mutatedInbox(seed);
      await rm(inbox, { recursive: true, force: true });
      await writeFiles(inbox, files);
      const r = await nightly(inbox, ws).catch((e: unknown) => {
        if (e instanceof InputError) return null; // exit 2
        throw new Error(`${what}: ${(e as Error).message}`, { cause: e });
      });
      for (const f of r?.files ?? []) {
        if (f.action !== 'rejected') expect(f.read, `${what}: ${f.name}`).toBe(f.loaded + f.quarantined);
      }
    }
    await rm(inbox, { recursive: true, force: true });
    await writeFiles(inbox, cleanInbox());
    const r = await nightly(inbox, ws);
    expect(r.status).toBe('ok');
    expect(await dump(ws)).toEqual(expected);
  });

  it('through the command line: exit 0 or 2, never a stack trace', async () => {
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'trade-bulletin.js');
    for (const seed of seeds(3000, 3)) {
      const { files, what } = mutatedInbox(seed);
      const inbox = join(t.dir, `cli-${seed}`);
      await writeFiles(inbox, files);
      const r = spawnSync(process.execPath, [bin, 'nightly', '--inbox', inbox, '--workspace', join(t.dir, `cli-ws-${seed}`), '--as-of', '2025-12-31',
        '--reference-dir', fixtureReference, '--skip-bulletins', '--json'], { encoding: 'utf8' });
      expect([0, 2], `${what}: exit ${r.status}: ${r.stderr}`).toContain(r.status);
      expect(r.stderr, what).not.toMatch(/^\s+at /m);
      if (r.status === 0) {
        const report = JSON.parse(r.stdout) as { files: { action: string; read: number; loaded: number; quarantined: number }[] };
        for (const f of report.files) if (f.action !== 'rejected') expect(f.read, what).toBe(f.loaded + f.quarantined);
      }
    }
  });
});

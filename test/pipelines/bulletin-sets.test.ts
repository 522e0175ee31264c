/**
 * Bulletin sets without Chromium: a new set carries the current set's files except those of
 * the bulletins reprinted, nothing changes on disk until the switch, the switch is one link,
 * and a workspace from before sets (real year folders) moves over without losing a file.
 */
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { beginSet, bulletinFiles, currentSetDir } from '../../pipelines/bulletin-sets.js';
import { tempDir } from '../helpers/pipeline.js';

let t: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  t = await tempDir();
});
afterEach(() => t.cleanup());

const A = 'trade-bulletin-2024-annual-en';
const B = 'trade-bulletin-2025-ytd-en';

/** Writes one bulletin's files (PDF, figures.json, a chart) with `tag` as their content. */
async function bulletin(dir: string, slug: string, tag: string): Promise<void> {
  await mkdir(join(dir, 'charts', slug), { recursive: true });
  for (const f of [`${slug}.pdf`, `${slug}.figures.json`, `charts/${slug}/volume.svg`]) await writeFile(join(dir, f), `${tag} ${f}`);
}
const read = (ws: string, rel: string) => readFileSync(join(ws, 'bulletins', rel), 'utf8');

describe('bulletin sets', () => {
  it('switch a reprinted bulletin in one step and keep the others as they were', async () => {
    const ws = t.dir;
    const first = await beginSet(ws, []);
    await bulletin(join(first.dir, '2024'), A, 'old');
    await bulletin(join(first.dir, '2025'), B, 'old');
    expect(existsSync(join(ws, 'bulletins', '2024'))).toBe(false);
    await first.switch();
    expect(read(ws, `2024/${A}.pdf`)).toBe(`old ${A}.pdf`);
    expect(lstatSync(join(ws, 'bulletins', '2024')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(ws, 'bulletins', '2024'))).toBe('current/2024');

    // Reprint B: the new set has A's files (the same inodes) and none of B's until B is written.
    const second = await beginSet(ws, [{ year: 2025, slug: B }]);
    expect(readdirSync(second.dir)).toEqual(['2024']);
    expect(statSync(join(second.dir, '2024', `${A}.pdf`)).ino).toBe(statSync(join(ws, 'bulletins', '2024', `${A}.pdf`)).ino);
    await bulletin(join(second.dir, '2025'), B, 'new');
    // Until the switch, readers see the old set whole.
    expect(read(ws, `2025/${B}.pdf`)).toBe(`old ${B}.pdf`);
    expect(read(ws, `2025/charts/${B}/volume.svg`)).toBe(`old charts/${B}/volume.svg`);
    await second.switch();
    expect(read(ws, `2025/${B}.pdf`)).toBe(`new ${B}.pdf`);
    expect(read(ws, `2025/${B}.figures.json`)).toBe(`new ${B}.figures.json`);
    expect(read(ws, `2025/charts/${B}/volume.svg`)).toBe(`new charts/${B}/volume.svg`);
    expect(read(ws, `2024/${A}.pdf`)).toBe(`old ${A}.pdf`);
    expect(await currentSetDir(ws)).toBe(second.dir);
    expect(await bulletinFiles(ws, 2025, B)).toEqual([
      join(ws, 'bulletins', '2025', 'charts', B, 'volume.svg'), join(ws, 'bulletins', '2025', `${B}.figures.json`), join(ws, 'bulletins', '2025', `${B}.pdf`),
    ]);

    // The next set sweeps the one replaced (and a discarded one); the current one stays.
    const third = await beginSet(ws, []);
    expect(existsSync(first.dir)).toBe(false);
    await third.discard();
    await beginSet(ws, []);
    expect(existsSync(third.dir)).toBe(false);
    expect(existsSync(second.dir)).toBe(true);
  });

  it('take over a workspace from before sets: real year folders become links, no file lost', async () => {
    const ws = t.dir;
    await bulletin(join(ws, 'bulletins', '2024'), A, 'legacy');
    await bulletin(join(ws, 'bulletins', '2025'), B, 'legacy');
    const set = await beginSet(ws, [{ year: 2025, slug: B }]);
    await bulletin(join(set.dir, '2025'), B, 'new');
    await set.switch();
    for (const year of ['2024', '2025']) expect(lstatSync(join(ws, 'bulletins', year)).isSymbolicLink()).toBe(true);
    expect(read(ws, `2024/${A}.pdf`)).toBe(`legacy ${A}.pdf`);
    expect(read(ws, `2024/charts/${A}/volume.svg`)).toBe(`legacy charts/${A}/volume.svg`);
    expect(read(ws, `2025/${B}.pdf`)).toBe(`new ${B}.pdf`);
  });
});

/**
 * A run stopped while it prints: Chromium never outlives it (SIGKILL of the whole process group
 * or of node alone), and SIGTERM/SIGINT end it as interrupted (exit 143/130, recorded so, the
 * message naming the signal), never as a failed run with "Protocol error … Session closed".
 * Each run is identified by its own workspace: Chromium's profile is `<workspace>/.tmp/chromium-*`,
 * so processes of other tests or programs on this machine are never counted.
 */
import { join } from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureInbox, fixtureReference, tempDir } from '../helpers/pipeline.js';
import { alive, cmdline, descendants, ended, executable, exited, processesWith, signal, startCli, waitFor } from '../helpers/processes.js';

let t: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  t = await tempDir('tb-stopped-');
});
afterAll(async () => {
  for (const p of processesWith(t.dir)) signal(p.pid, 'SIGKILL'); // never leave one behind, even when a test fails
  await t.cleanup();
});

/** One small bulletin (2024 year to date, English): the run reaches printing within seconds. */
const args = (ws: string) => ['nightly', '--inbox', fixtureInbox('inbox-basic'), '--workspace', ws, '--as-of', '2024-01-10',
  '--reference-dir', fixtureReference, '--quarantine-ceiling', '1', '--editions', 'en'];

/** Chromium processes started for workspace `ws` (its profile folder is under it). */
const browsers = (ws: string) => processesWith(`--user-data-dir=${join(ws, '.tmp', 'chromium-')}`);

/** Those and every descendant of them: helpers such as the renderer need not name the profile (the headless shell's do not). */
const chromium = (ws: string): number[] => {
  const roots = browsers(ws).map((b) => b.pid);
  return [...roots, ...descendants(roots)];
};

describe('Chromium never outlives the run', () => {
  for (const target of ['the process group', 'node alone'] as const) {
    it(`SIGKILL of ${target} while printing leaves no browser process`, async () => {
      const ws = join(t.dir, target === 'node alone' ? 'ws-node' : 'ws-group');
      const p = startCli(args(ws));
      const done = exited(p);
      // Printing has started: the browser and its renderer are up.
      expect(await waitFor(() => chromium(ws).some((pid) => cmdline(pid).includes('--type=renderer')), 90_000)).toBe(true);
      const pids = chromium(ws);
      expect(pids.map((pid) => [executable(pid), cmdline(pid)].join(' ')).filter((c) => !/chrom/i.test(c))).toEqual([]);
      signal(target === 'node alone' ? p.pid! : -p.pid!, 'SIGKILL');
      expect((await done).signal).toBe('SIGKILL');
      // Chromium reads the end of its pipe and exits; its helpers follow it.
      expect(await waitFor(() => pids.every((pid) => !alive(pid)), 20_000)).toBe(true);
      expect(browsers(ws)).toEqual([]);
    });
  }
});

describe('SIGTERM and SIGINT while printing', () => {
  for (const [sig, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`${sig} ends the run as interrupted: exit ${code}, recorded with the signal named, no browser left`, async () => {
      const ws = join(t.dir, `ws-${sig}`);
      const p = startCli(args(ws));
      const done = ended(p);
      expect(await waitFor(() => browsers(ws).length >= 1, 90_000)).toBe(true);
      signal(p.pid!, sig);
      const r = await done;
      expect(r.code).toBe(code);
      expect(r.stderr).toContain(`interrupted by ${sig} while printing the bulletins`);
      expect(r.stderr).not.toMatch(/Protocol error|Session closed|Target closed/);
      expect(await waitFor(() => browsers(ws).length === 0, 20_000)).toBe(true);
      // Nothing half-switched: no bulletin set became current, Chromium's profile is gone.
      expect(existsSync(join(ws, 'bulletins', 'current'))).toBe(false);
      expect(readdirSync(join(ws, '.tmp'))).toEqual([]);
      const runs = await ended(startCli(['runs', '--workspace', ws, '--json']));
      const [run] = JSON.parse(runs.stdout) as { status: string; exit_code: number; message: string }[];
      expect(run).toMatchObject({ status: 'interrupted', exit_code: code });
      expect(run!.message).toContain(`interrupted by ${sig}`);
    });
  }
});

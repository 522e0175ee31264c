/**
 * The README as a newcomer reads it: every command line in its `sh` blocks runs as written
 * from the project root after `npm start`, every npm script it names exists, and it links
 * only documents inside the repository.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The lines of every fenced block in the given language, without comments or blank lines. */
export function fencedLines(markdown: string, language: string): string[] {
  const blocks = [...markdown.matchAll(/^```([\w-]*)\n([\s\S]*?)^```/gm)].filter((m) => m[1] === language);
  return blocks.flatMap((m) => m[2]!.split('\n')).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

const commands = fencedLines(readme, 'sh').filter((l) => l.startsWith('node bin/trade-bulletin.js'));

describe('README', () => {
  it('has a quick start with npm start and npm test, and links only files inside the repository', () => {
    const quick = readme.slice(readme.indexOf('## Quick start'));
    expect(fencedLines(quick, 'sh').slice(0, 2).map((l) => l.split('#')[0]!.trim())).toEqual(['npm start', 'npm test']);
    const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!);
    for (const link of links) {
      expect(link, link).not.toMatch(/^(\.\.\/|\/|[a-z]+:)/);
      expect(existsSync(join(root, link.split('#')[0]!)), link).toBe(true);
    }
    expect(readme).not.toContain('../shared');
  });

  it('names only npm scripts and test files that exist', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    const npmLines = fencedLines(readme, 'sh').filter((l) => l.startsWith('npm ') || l.startsWith('npx '));
    expect(npmLines.length).toBeGreaterThan(2);
    for (const line of npmLines) {
      const run = /^npm (?:run(?: -s)? )?(\S+)/.exec(line);
      if (line.startsWith('npm ') && run) expect(['start', 'test', 'ci', 'install'].concat(scripts), line).toContain(run[1]);
      const file = /^npx vitest run (\S+)/.exec(line);
      if (file) expect(existsSync(join(root, file[1]!)), line).toBe(true);
    }
  });

  describe('command lines, run as written from a copy of the project root', () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'tb-readme-'));
      // The project as a fresh clone has it after `npm start` (dist built), minus any workspace.
      for (const entry of ['bin', 'dist', 'node_modules', 'sources', 'templates', 'package.json', 'trade-bulletin.config.json'])
        await symlink(join(root, entry), join(dir, entry));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('lists the commands it runs', () => {
      expect(commands.length).toBeGreaterThanOrEqual(5);
      expect(commands[0]).toMatch(/ nightly /);
    });

    it.each(commands)('%s', (line) => {
      const r = spawnSync('bash', ['-c', line], { cwd: dir, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, timeout: 240_000 });
      expect(r.stderr, line).not.toMatch(/\n\s+at /);
      expect(r.status, `${line}\n${r.stderr}`).toBe(0);
    }, 300_000);
  });
});

/** Where the project's own files are (reference data, templates), from source or from dist/. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`trade-bulletin: cannot find the project root above ${start}`);
    dir = up;
  }
}

/** The project root: the folder holding package.json and templates/. */
export const projectRoot: string = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the project root. */
export const projectPath = (...parts: string[]): string => join(projectRoot, ...parts);

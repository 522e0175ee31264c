#!/usr/bin/env node
// The command's entry: runs the compiled CLI (npm run build writes dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('trade-bulletin: not built yet. Run `npm run build` (npm start does it for you).\n');
  process.exit(1);
}
const { cli } = await import(entry);
await cli(process.argv.slice(2));

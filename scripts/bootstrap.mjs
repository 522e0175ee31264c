#!/usr/bin/env node
// First step of `npm start`, `npm test` and `npm run bench`: make sure the npm packages are
// installed (plain Node, since nothing else may be there yet), then hand over to the zx
// system check, which installs or names the Debian packages the project needs.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');

function run(cmd, args, { fatal = true } = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 && fatal) {
    process.stderr.write(`setup: \`${cmd} ${args.join(' ')}\` failed (exit ${r.status}).\n`);
    process.exit(1);
  }
  return r.status === 0;
}

const stale = !existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs);
if (stale) {
  process.stderr.write('setup: installing npm packages (npm ci)…\n');
  // npm ci installs exactly the lock file; if this registry cannot satisfy it (a platform
  // package missing), fall back to npm install, which keeps the locked versions it can.
  if (!run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { fatal: false })) {
    process.stderr.write('setup: npm ci failed; trying npm install…\n');
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']);
  }
}
run(process.execPath, [join(root, 'scripts', 'setup-system.mjs')]);

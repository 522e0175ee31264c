#!/usr/bin/env node
// System check (zx): the Debian packages trade-bulletin needs at run time and in tests.
// As root it installs what is missing with apt-get; otherwise it prints the exact command.
import { $, which } from 'zx';
import { existsSync } from 'node:fs';

$.verbose = false;
$.quiet = true;

/** What the project needs from Debian, and how to tell each is there. */
const needs = [
  { pkg: 'chromium', why: 'prints the bulletins to PDF', present: async () => Boolean(process.env.TRADE_BULLETIN_CHROMIUM && existsSync(process.env.TRADE_BULLETIN_CHROMIUM)) || Boolean(await which('chromium', { nothrow: true })) },
  { pkg: 'chromium-headless-shell', why: 'the same Chromium without a browser UI: prints the same PDFs with ≈0.3 GB less memory (pipelines/chromium-path.ts)', present: () => Boolean(process.env.TRADE_BULLETIN_CHROMIUM) || existsSync('/usr/bin/chromium-headless-shell') },
  { pkg: 'fonts-noto-cjk', why: 'Chinese text in the zh-CN edition', present: () => fontPresent('Noto Sans CJK SC') },
  { pkg: 'fonts-noto-core', why: 'the Latin text face of the bulletins', present: () => fontPresent('Noto Sans') },
  { pkg: 'poppler-utils', why: 'pdftotext/pdffonts/pdftoppm used by the tests and the index thumbnails', present: async () => Boolean(await which('pdftotext', { nothrow: true })) },
];

async function fontPresent(family) {
  const r = await $({ nothrow: true })`fc-list ${':family=' + family} family`;
  return r.exitCode === 0 && r.stdout.trim().length > 0;
}

const missing = [];
for (const n of needs) if (!(await n.present())) missing.push(n);
if (missing.length === 0) process.exit(0);

const names = missing.map((m) => m.pkg);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  process.stderr.write(
    'setup: these Debian packages are missing:\n' +
      missing.map((m) => `  - ${m.pkg}: ${m.why}`).join('\n') +
      `\nInstall them as root, then run the command again:\n  sudo apt-get update && sudo apt-get install -y ${names.join(' ')}\n`,
  );
  process.exit(1);
}
process.stderr.write(`setup: installing ${names.join(', ')} from Debian (apt-get)…\n`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const update = await $({ env, nothrow: true })`apt-get update`;
const install = await $({ env, nothrow: true })`apt-get install -y --no-install-recommends ${names}`;
if (update.exitCode !== 0 || install.exitCode !== 0) {
  process.stderr.write(`setup: apt-get failed:\n${update.stderr}${install.stderr}\nInstall by hand: apt-get install -y ${names.join(' ')}\n`);
  process.exit(1);
}
const still = [];
for (const n of missing) if (!(await n.present())) still.push(n.pkg);
if (still.length) {
  process.stderr.write(`setup: still missing after apt-get: ${still.join(', ')}\n`);
  process.exit(1);
}
process.stderr.write('setup: system packages ready.\n');

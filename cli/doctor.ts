/** `trade-bulletin doctor`: checks what a run needs and says how to fix what is missing. */
import { existsSync } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { $ } from 'zx';
import { openWarehouse } from '../pipelines/warehouse.js';

/** One check's verdict. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

/**
 * Runs every check.
 * @example const checks = await doctor({ workspace: 'workspace', chromium: '/usr/bin/chromium' });
 */
export async function doctor(o: { workspace: string; chromium: string }): Promise<Check[]> {
  const out: Check[] = [];
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  out.push({ name: 'node', ok: major > 20 || (major === 20 && minor >= 18), detail: `Node ${process.versions.node}`, fix: 'install Node 20.18 or later' });
  const chromium = existsSync(o.chromium);
  let version = '';
  if (chromium) version = (await $({ nothrow: true, quiet: true })`${o.chromium} --version`).stdout.trim();
  out.push({ name: 'chromium', ok: chromium, detail: chromium ? `${o.chromium} (${version || 'version unknown'})` : `not found at ${o.chromium}`,
    fix: 'as root: apt-get update && apt-get install -y chromium-headless-shell (or set TRADE_BULLETIN_CHROMIUM)' });
  for (const pkg of ['@fontsource/noto-sans', '@fontsource/noto-sans-sc']) {
    // The printed fonts ship with the package (pipelines/print-fonts.ts); system fonts are not used.
    let ok = true;
    try {
      createRequire(import.meta.url).resolve(`${pkg}/400.css`);
    } catch {
      ok = false;
    }
    out.push({ name: `font ${pkg}`, ok, detail: ok ? 'installed' : 'missing', fix: 'npm ci (the fonts are dependencies of the package)' });
  }
  const pdftotext = (await $({ nothrow: true, quiet: true })`which pdftotext`).exitCode === 0;
  out.push({ name: 'poppler-utils', ok: pdftotext, detail: pdftotext ? 'pdftotext, pdffonts, pdftoppm found' : 'missing (needed by the tests only)', fix: 'as root: apt-get install -y poppler-utils' });
  const ws = existsSync(o.workspace);
  let writable = false;
  if (ws) writable = await access(o.workspace, constants.W_OK).then(() => true, () => false);
  out.push({ name: 'workspace', ok: !ws || writable, detail: ws ? `${o.workspace} (${writable ? 'writable' : 'NOT writable'})` : `${o.workspace} (will be created by the first run)`, fix: `make ${o.workspace} writable for this user` });
  const db = join(o.workspace, 'warehouse.duckdb');
  if (existsSync(db)) {
    try {
      const wh = await openWarehouse(db);
      const [r] = await wh.all<{ runs: number; files: number }>('SELECT (SELECT count(*) FROM runs)::INTEGER AS runs, (SELECT count(*) FROM files)::INTEGER AS files');
      wh.close();
      out.push({ name: 'warehouse', ok: true, detail: `${db}: ${r?.runs ?? 0} runs, ${r?.files ?? 0} files` });
    } catch (err) {
      out.push({ name: 'warehouse', ok: false, detail: `${db}: ${(err as Error).message.split('\n')[0]}`, fix: 'if another run holds it, wait; if it is damaged, move it aside and run nightly again to rebuild from the inbox' });
    }
  } else out.push({ name: 'warehouse', ok: true, detail: 'not created yet (the first run creates it)' });
  return out;
}

/**
 * `npm run bench -- [--shipments N] [--out FILE] [--keep]`: speed and memory of the nightly.
 *
 * 1. Generate a contract-shaped inbox of N shipments (≈ 2N value lines) in a temp folder.
 * 2. Run the real CLI three times, each as a child process, measuring wall time, peak RSS of
 *    the whole process tree (Chromium included) and the per-stage timings of its JSON report:
 *      a. full nightly into an empty workspace;
 *      b. nightly with nothing new;
 *      c. nightly after one values file was revised (its report must list moved figures).
 * 3. Print a table and write the figures as JSON (default bench-results/bench-<N>.json).
 *
 * Exit status: 0 when every case ran and passed its check, 1 otherwise. Times are printed,
 * never asserted.
 */
import { cpus, totalmem, tmpdir } from 'node:os';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateInbox, reviseValuesFile } from './bench-inbox.js';
import { measure } from './bench-measure.js';

interface Report {
  status: string;
  files: { name: string; action: string; read: number }[];
  totals: { read: number; loaded: number; quarantined: number };
  figures_moved: unknown[];
  bulletins: string[];
  timings?: Record<string, number>;
}

interface CaseResult {
  case: string;
  wall_ms: number;
  peak_rss_mb: number;
  peak_pss_mb: number;
  exit_code: number | null;
  status: string | null;
  rows_read: number;
  rows_per_s: number;
  rows_in_warehouse: number;
  bulletins: number;
  figures_moved: number;
  timings: Record<string, number>;
  check: { ok: boolean; what: string };
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'bin', 'trade-bulletin.js');
const AS_OF = '2025-12-31';

async function runCase(name: string, inbox: string, workspace: string, check: (r: Report | null) => { ok: boolean; what: string }): Promise<CaseResult> {
  process.stderr.write(`bench: ${name}…\n`);
  const m = await measure(process.execPath, [cli, 'nightly', '--inbox', inbox, '--workspace', workspace, '--as-of', AS_OF, '--json', '--quiet'], { cwd: root });
  let report: Report | null = null;
  try {
    report = JSON.parse(m.stdout) as Report;
  } catch {
    process.stderr.write(`bench: ${name}: no JSON report (exit ${m.exitCode})\n${m.stderr.slice(-2000)}\n`);
  }
  const rowsRead = report ? report.files.filter((f) => f.action === 'new' || f.action === 'revised').reduce((a, f) => a + f.read, 0) : 0;
  const c = m.exitCode === 0 ? check(report) : { ok: false, what: `exit ${m.exitCode}: ${m.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  return {
    case: name,
    wall_ms: Math.round(m.wallMs),
    peak_rss_mb: Math.round(m.peakRssBytes / 2 ** 20),
    peak_pss_mb: Math.round(m.peakPssBytes / 2 ** 20),
    exit_code: m.exitCode,
    status: report?.status ?? null,
    rows_read: rowsRead,
    rows_per_s: Math.round(rowsRead / (m.wallMs / 1000)),
    rows_in_warehouse: report?.totals.loaded ?? 0,
    bulletins: report?.bulletins.length ?? 0,
    figures_moved: report?.figures_moved.length ?? 0,
    timings: report?.timings ?? {},
    check: c,
  };
}

const fmt = (n: number): string => n.toLocaleString('en-US');

function table(results: CaseResult[]): string {
  const stages = [...new Set(results.flatMap((r) => Object.keys(r.timings)))];
  const head = ['case', 'wall s', 'peak RSS MiB', 'peak PSS MiB', 'rows read', 'rows/s', 'status', 'check'];
  const rows = results.map((r) => [r.case, (r.wall_ms / 1000).toFixed(2), fmt(r.peak_rss_mb), fmt(r.peak_pss_mb), fmt(r.rows_read), fmt(r.rows_per_s),
    r.status ?? '—', r.check.ok ? 'ok' : `FAILED: ${r.check.what}`]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i >= 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const out = [line(head), ...rows.map(line), '', 'per stage (ms):'];
  const sw = Math.max(5, ...stages.map((s) => s.length));
  out.push(['stage'.padEnd(sw), ...results.map((r) => r.case.padStart(12))].join('  '));
  for (const s of stages) out.push([s.padEnd(sw), ...results.map((r) => (r.timings[s] === undefined ? '—' : fmt(r.timings[s]!)).padStart(12))].join('  '));
  return out.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { shipments: { type: 'string' }, out: { type: 'string' }, keep: { type: 'boolean' }, 'tmp-dir': { type: 'string' } },
    strict: true,
  });
  const n = Number((values.shipments ?? '100000').replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1000) throw new Error(`--shipments "${values.shipments}" must be a whole number of at least 1000`);
  const outFile = resolve(values.out ?? join(root, 'bench-results', `bench-${n}.json`));
  const dir = await mkdtemp(join(values['tmp-dir'] ?? tmpdir(), `trade-bulletin-bench-${n}-`));
  const inbox = join(dir, 'inbox');
  const workspace = join(dir, 'workspace');
  try {
    process.stderr.write(`bench: generating ${fmt(n)} shipments in ${inbox}…\n`);
    const t0 = performance.now();
    const gen = await generateInbox(inbox, n);
    const genMs = performance.now() - t0;
    process.stderr.write(`bench: ${gen.files} files, ${(gen.bytes / 1e6).toFixed(1)} MB, ${fmt(gen.shipments)} shipments, ${fmt(gen.valueLines)} value lines, ${fmt(gen.fxRows)} fx rows in ${(genMs / 1000).toFixed(1)} s\n`);

    const results: CaseResult[] = [];
    results.push(await runCase('full', inbox, workspace, (r) =>
      r?.status === 'ok' && r.bulletins.length === 6 ? { ok: true, what: '' } : { ok: false, what: `status ${r?.status}, ${r?.bulletins.length} bulletins (expected ok, 6)` }));
    results.push(await runCase('nothing-new', inbox, workspace, (r) =>
      r?.status === 'nothing-new' ? { ok: true, what: '' } : { ok: false, what: `status ${r?.status} (expected nothing-new)` }));
    const line = await reviseValuesFile(gen.revisionFile);
    process.stderr.write(`bench: revised ${gen.revisionFile}, line ${line}\n`);
    results.push(await runCase('revised', inbox, workspace, (r) =>
      r?.status === 'ok' && r.figures_moved.length > 0 ? { ok: true, what: '' } : { ok: false, what: `status ${r?.status}, ${r?.figures_moved.length} figures moved (expected ok, > 0)` }));

    const doc = {
      bench: 'trade-bulletin nightly',
      shipments: n,
      as_of: AS_OF,
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? null, memory_gib: Math.round(totalmem() / 2 ** 30), node: process.version },
      inbox: { files: gen.files, bytes: gen.bytes, shipments: gen.shipments, value_lines: gen.valueLines, fx_rows: gen.fxRows,
        bad_lines: gen.badLines, generate_ms: Math.round(genMs), revised_file: gen.revisionFile.slice(inbox.length + 1), revised_line: line },
      cases: results,
    };
    await mkdir(dirname(outFile), { recursive: true });
    await writeFile(outFile, JSON.stringify(doc, null, 2) + '\n');
    console.log(`trade-bulletin bench: ${fmt(n)} shipments, ${fmt(gen.valueLines)} value lines, ${(gen.bytes / 1e6).toFixed(0)} MB of CSV, ${cpus().length} cores`);
    console.log(table(results));
    console.log(`\nfigures: ${outFile}${values.keep ? `\nkept: ${dir}` : ''}`);
    return results.every((r) => r.check.ok) ? 0 : 1;
  } finally {
    if (!values.keep) await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);

/**
 * `npm run bench -- [--sizes 1,3,10] [--shipments N] [--out DIR] [--keep] [--tmp-dir DIR]`:
 * speed and memory of the nightly against its two peers (issue 13), in the same run.
 *
 * For each size (millions of shipments; default 1; `--shipments N` for an exact count):
 * 1. Generate a contract-shaped inbox (≈ 2 value lines a shipment) and the peers' view of it.
 * 2. Run, each as a child process measured for wall time and the peak RSS of its process tree
 *    (Chromium included): the tuned DuckDB peer, the pandas + matplotlib peer, then the real CLI
 *    three times: a full nightly into an empty workspace, a nightly with nothing new, and one
 *    after one values file was revised (its report must list moved figures).
 * 3. Print per-stage timings (the CLI's --json report), the same-run ratios against each target
 *    of issue 13 with PASS/MISS, and, over several sizes, how the cost grows; write the figures
 *    as JSON (default bench-results/bench-<N>.json).
 *
 * Exit status: 0 when every case ran and passed its check, 1 otherwise. Targets are printed,
 * never asserted: times drift from run to run on a shared machine.
 */
import { cpus, totalmem, tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateInbox, reviseValuesFile } from './bench-inbox.js';
import { measure } from './bench-measure.js';
import { writePeerInbox } from './bench-peer-inbox.js';
import { ratioTable, type SizeResult } from './bench-targets.js';

interface Report {
  status: string;
  files: { name: string; action: string; read: number }[];
  totals: { read: number; loaded: number; quarantined: number };
  figures_moved: unknown[];
  bulletins: string[];
  timings?: Record<string, number>;
}

export interface CaseResult {
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
const peers = join(root, 'scripts', 'bench-peers');
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

/** A peer run: wall time and peak RSS, or why it could not run. */
async function runPeer(name: string, command: string | null, args: string[]): Promise<CaseResult> {
  const base = { case: name, status: null, rows_read: 0, rows_per_s: 0, rows_in_warehouse: 0, bulletins: 0, figures_moved: 0, timings: {} };
  if (command === null) return { ...base, wall_ms: 0, peak_rss_mb: 0, peak_pss_mb: 0, exit_code: null, check: { ok: false, what: 'not available' } };
  process.stderr.write(`bench: ${name}…\n`);
  const m = await measure(command, args, { cwd: root });
  const ok = m.exitCode === 0;
  return {
    ...base, wall_ms: Math.round(m.wallMs), peak_rss_mb: Math.round(m.peakRssBytes / 2 ** 20), peak_pss_mb: Math.round(m.peakPssBytes / 2 ** 20),
    exit_code: m.exitCode, check: ok ? { ok, what: '' } : { ok, what: `exit ${m.exitCode}: ${m.stderr.trim().split('\n').slice(-2).join(' | ')}` },
  };
}

/** The Python that has pandas and matplotlib, or null (with the install hint printed). */
function python(): string | null {
  const py = process.env.TRADE_BULLETIN_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
  const r = spawnSync(py, ['-c', 'import pandas, matplotlib'], { stdio: 'ignore' });
  if (r.status === 0) return py;
  process.stderr.write(`bench: ${py} lacks pandas or matplotlib: the pandas peer is left out.\n` +
    '  Install them (Debian): apt-get install -y python3-pandas python3-matplotlib, or set TRADE_BULLETIN_PYTHON.\n');
  return null;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

function table(results: CaseResult[]): string {
  const stages = [...new Set(results.flatMap((r) => Object.keys(r.timings)))];
  const head = ['case', 'wall s', 'peak RSS MiB', 'peak PSS MiB', 'rows read', 'rows/s', 'status', 'check'];
  const rows = results.map((r) => [r.case, (r.wall_ms / 1000).toFixed(2), fmt(r.peak_rss_mb), fmt(r.peak_pss_mb), fmt(r.rows_read), fmt(r.rows_per_s),
    r.status ?? '—', r.check.ok ? 'ok' : `FAILED: ${r.check.what}`]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i >= 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const nightly = results.filter((r) => Object.keys(r.timings).length);
  const out = [line(head), ...rows.map(line), '', 'per stage (ms):'];
  const sw = Math.max(5, ...stages.map((s) => s.length));
  out.push(['stage'.padEnd(sw), ...nightly.map((r) => r.case.padStart(12))].join('  '));
  for (const s of stages) out.push([s.padEnd(sw), ...nightly.map((r) => (r.timings[s] === undefined ? '—' : fmt(r.timings[s]!)).padStart(12))].join('  '));
  return out.join('\n');
}

/** One size's measurements: the inbox and every case. */
interface BenchSize extends SizeResult {
  dir: string;
  cases: CaseResult[];
}

async function benchSize(n: number, py: string | null, tmp: string, keep: boolean): Promise<BenchSize> {
  const dir = await mkdtemp(join(tmp, `trade-bulletin-bench-${n}-`));
  const inbox = join(dir, 'inbox');
  const peerInbox = join(dir, 'peer-inbox');
  const workspace = join(dir, 'workspace');
  try {
    process.stderr.write(`bench: generating ${fmt(n)} shipments in ${inbox}…\n`);
    const t0 = performance.now();
    const gen = await generateInbox(inbox, n);
    await writePeerInbox(inbox, peerInbox);
    const genMs = performance.now() - t0;
    process.stderr.write(`bench: ${gen.files} files, ${(gen.bytes / 1e6).toFixed(1)} MB, ${fmt(gen.shipments)} shipments, ${fmt(gen.valueLines)} value lines, ${fmt(gen.fxRows)} fx rows in ${(genMs / 1000).toFixed(1)} s\n`);

    const results: CaseResult[] = [];
    results.push(await runPeer('peer-duckdb', process.execPath, [join(peers, 'peer_duckdb_tuned.mjs'), peerInbox]));
    results.push(await runPeer('peer-pandas', py, [join(peers, 'peer_pandas.py'), peerInbox]));
    results.push(await runCase('full', inbox, workspace, (r) =>
      r?.status === 'ok' && r.bulletins.length === 6 ? { ok: true, what: '' } : { ok: false, what: `status ${r?.status}, ${r?.bulletins.length} bulletins (expected ok, 6)` }));
    results.push(await runCase('nothing-new', inbox, workspace, (r) =>
      r?.status === 'nothing-new' ? { ok: true, what: '' } : { ok: false, what: `status ${r?.status} (expected nothing-new)` }));
    const line = await reviseValuesFile(gen.revisionFile);
    process.stderr.write(`bench: revised ${gen.revisionFile}, line ${line}\n`);
    results.push(await runCase('revised', inbox, workspace, (r) =>
      r?.status === 'ok' && r.figures_moved.length > 0 ? { ok: true, what: '' } : { ok: false, what: `status ${r?.status}, ${r?.figures_moved.length} figures moved (expected ok, > 0)` }));
    return {
      dir,
      shipments: n,
      inbox: { files: gen.files, bytes: gen.bytes, shipments: gen.shipments, value_lines: gen.valueLines, fx_rows: gen.fxRows,
        bad_lines: gen.badLines, generate_ms: Math.round(genMs), revised_file: gen.revisionFile.slice(inbox.length + 1), revised_line: line },
      cases: results,
    };
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { sizes: { type: 'string' }, shipments: { type: 'string' }, out: { type: 'string' }, keep: { type: 'boolean' }, 'tmp-dir': { type: 'string' } },
    strict: true,
  });
  const sizes = values.shipments !== undefined
    ? [Number(values.shipments.replace(/[_,]/g, ''))]
    : (values.sizes ?? '1').split(',').map((s) => Math.round(Number(s) * 1e6));
  for (const n of sizes) if (!Number.isInteger(n) || n < 1000) throw new Error(`size ${n} must be a whole number of at least 1000 shipments (--sizes takes millions)`);
  const outDir = resolve(values.out ?? join(root, 'bench-results'));
  const py = python();
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? null, memory_gib: Math.round(totalmem() / 2 ** 30), node: process.version };
  const all: BenchSize[] = [];
  for (const n of sizes) {
    const r = await benchSize(n, py, values['tmp-dir'] ?? tmpdir(), Boolean(values.keep));
    all.push(r);
    await mkdir(outDir, { recursive: true });
    const outFile = join(outDir, `bench-${n}.json`);
    await writeFile(outFile, JSON.stringify({ bench: 'trade-bulletin nightly', as_of: AS_OF, machine, ...r }, null, 2) + '\n');
    console.log(`\ntrade-bulletin bench: ${fmt(n)} shipments, ${fmt(r.inbox.value_lines)} value lines, ${(r.inbox.bytes / 1e6).toFixed(0)} MB of CSV, ${machine.cpus} cores`);
    console.log(table(r.cases));
    console.log(`figures: ${outFile}${values.keep ? `\nkept: ${r.dir}` : ''}`);
  }
  console.log(`\n${ratioTable(all)}`);
  return all.every((s) => s.cases.every((c) => c.check.ok || c.check.what === 'not available')) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);

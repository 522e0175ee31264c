/** The short human summary of a run, for standard error. */
import { relative } from 'node:path';
import { formatQuarantined } from '../pipelines/accounting.js';
import type { RunReport } from '../pipelines/runner.js';
import { message } from '../lib/messages.js';
import { terminalLine } from '../lib/safe-text.js';

const n = (x: number): string => x.toLocaleString('en-US');

/** Lines summarizing a run report. */
export function summaryLines(r: RunReport, cwd: string, verbose = false): string[] {
  const out: string[] = [];
  const rel = (p: string) => relative(cwd, p) || p;
  out.push(`run ${r.run_id}: ${r.command}, as of ${r.as_of}: ${r.status}`);
  const width = Math.max(10, ...r.files.map((f) => f.name.length));
  const shown = verbose ? r.files : r.files.filter((f) => f.action !== 'unchanged' || f.quarantined > 0);
  for (const f of shown) {
    const counts = f.action === 'rejected' && !f.read ? `rejected: ${f.reason ?? ''}` : `read ${n(f.read)}, loaded ${n(f.loaded)}, quarantined ${n(f.quarantined)}`;
    out.push(`  ${f.name.padEnd(width)}  ${(f.kind ?? '?').padEnd(9)} ${f.action.padEnd(9)} ${counts}`);
    if (f.action === 'rejected' && f.read) out.push(`  ${''.padEnd(width)}  new version rejected, the previous one stays loaded: ${f.reason ?? ''}`);
  }
  const hidden = r.files.length - shown.length;
  if (hidden > 0) out.push(`  (${hidden} unchanged file${hidden === 1 ? '' : 's'} with nothing quarantined not listed; --verbose lists them)`);
  out.push(`  total: ${r.files.length} files, read ${n(r.totals.read)} rows, loaded ${n(r.totals.loaded)}, quarantined ${n(r.totals.quarantined)}`);
  if (r.quarantined_rows.length) {
    const limit = verbose ? r.quarantined_rows.length : 10;
    out.push(`  quarantined rows${r.quarantined_rows.length > limit ? ` (first ${limit})` : ''}:`);
    for (const q of r.quarantined_rows.slice(0, limit)) out.push(`    ${formatQuarantined(q)}`);
    if (r.quarantine_report) out.push(`  every quarantined row: ${rel(r.quarantine_report)}`);
  }
  if (r.figures_moved.length) {
    out.push(`  figures moved (${r.figures_moved.length}):`);
    for (const m of r.figures_moved.slice(0, verbose ? undefined : 10)) {
      out.push('bulletin' in m
        ? `    ${m.bulletin}: ${m.service} ${m.period} ${m.metric} (${m.unit}) printed ${m.before ?? '—'} → ${m.after ?? '—'}`
        : `    ${m.service} ${m.period} ${m.metric} ${m.unit}: ${m.before ?? '—'} → ${m.after ?? '—'}`);
    }
  }
  const fx = r.fx_disagreements ?? [];
  if (fx[0]) out.push(`  warning: ${message.fxDisagreement(fx.length, fx[0])}`);
  if (r.status === 'nothing-new') out.push('  nothing new since the last run: bulletins are up to date');
  if (r.status === 'dry-run') {
    out.push('  dry run: nothing was written');
    if (r.would_rewrite?.length) {
      out.push(`  would rewrite (${r.would_rewrite.length}):`);
      for (const b of r.would_rewrite) out.push(`    ${rel(b)}`);
    } else out.push('  no bulletin would change');
  }
  if (r.bulletins.length) {
    out.push(`  bulletins (${r.bulletins.length}):`);
    for (const b of r.bulletins) out.push(`    ${rel(b)}`);
  }
  const index = r.outputs.find((o) => o.path.endsWith('/bulletins/index.html'));
  if (index) out.push(`  index of every bulletin: ${rel(index.path)}`);
  // One entry, one line: a newline or an escape sequence in a file name is shown escaped.
  return out.map(terminalLine);
}

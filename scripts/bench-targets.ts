/**
 * The targets of issue 13 as same-run ratios: each is computed from one size's measured cases
 * (the peers and the three nightly runs) and printed with PASS or MISS. Pure: no I/O.
 *
 * - data stages (the full nightly's wall time less its `bulletins` stage) ≤ 3× the DuckDB peer
 * - the full nightly ≤ 1.0× the pandas peer (the longer goal: 0.5×)
 * - printing ≤ 0.5 s of wall time per PDF (the `bulletins` stage over the PDFs written)
 * - nothing new ≤ 0.12×, one values file revised ≤ 0.3× the pandas peer
 * - peak RSS of the full nightly's process tree ≤ 1 GiB at up to 1 M shipments, ≤ 3 GiB above;
 *   at 10 M and more, the full nightly ≤ 60 s
 * - over several sizes: cost growing linearly (the exponent of wall time against size ≤ 1.1)
 */

/** One measured case, as scripts/bench.ts records it. */
export interface MeasuredCase {
  case: string;
  wall_ms: number;
  peak_rss_mb: number;
  bulletins: number;
  timings: Record<string, number>;
  check: { ok: boolean; what: string };
}

/** All cases of one size. */
export interface SizeResult {
  shipments: number;
  inbox: { bytes: number; value_lines: number } & Record<string, unknown>;
  cases: MeasuredCase[];
}

/** One line of the target table. */
export interface TargetRow {
  size: number;
  target: string;
  measured: string;
  /** null when a case it needs did not run (a peer not installed, a failed run). */
  pass: boolean | null;
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const x = (r: number): string => `${r.toFixed(2)}×`;

/**
 * The target rows of one size.
 * @example targetRows({ shipments: 1e6, inbox, cases }); // [{ target: 'data stages ≤ 3× DuckDB peer', … }, …]
 */
export function targetRows(r: SizeResult): TargetRow[] {
  const get = (name: string): MeasuredCase | null => {
    const c = r.cases.find((k) => k.case === name);
    return c && c.check.ok ? c : null;
  };
  const duck = get('peer-duckdb');
  const pandas = get('peer-pandas');
  const full = get('full');
  const none = get('nothing-new');
  const revised = get('revised');
  const rows: TargetRow[] = [];
  const ratio = (target: string, num: number | null, den: number | null, max: number, detail: (a: number, b: number) => string): void => {
    if (num === null || den === null || den <= 0) rows.push({ size: r.shipments, target, measured: 'not measured', pass: null });
    else rows.push({ size: r.shipments, target, measured: `${x(num / den)} (${detail(num, den)})`, pass: num / den <= max });
  };
  const printing = full ? (full.timings.bulletins ?? 0) : null;
  const data = full && printing !== null ? full.wall_ms - printing : null;
  ratio('data stages ≤ 3× DuckDB peer', data, duck?.wall_ms ?? null, 3, (a, b) => `${s(a)} / ${s(b)}`);
  ratio('nightly ≤ 1.0× pandas peer', full?.wall_ms ?? null, pandas?.wall_ms ?? null, 1, (a, b) => `${s(a)} / ${s(b)}`);
  ratio('nightly ≤ 0.5× pandas peer (longer goal)', full?.wall_ms ?? null, pandas?.wall_ms ?? null, 0.5, (a, b) => `${s(a)} / ${s(b)}`);
  if (full && printing !== null && full.bulletins > 0) {
    const per = printing / full.bulletins;
    rows.push({ size: r.shipments, target: 'printing ≤ 0.5 s per PDF', measured: `${s(per)} (${s(printing)} / ${full.bulletins} PDFs)`, pass: per <= 500 });
  } else rows.push({ size: r.shipments, target: 'printing ≤ 0.5 s per PDF', measured: 'not measured', pass: null });
  ratio('nothing new ≤ 0.12× pandas peer', none?.wall_ms ?? null, pandas?.wall_ms ?? null, 0.12, (a, b) => `${s(a)} / ${s(b)}`);
  ratio('one values file revised ≤ 0.3× pandas peer', revised?.wall_ms ?? null, pandas?.wall_ms ?? null, 0.3, (a, b) => `${s(a)} / ${s(b)}`);
  const limit = r.shipments <= 1_000_000 ? 1024 : 3072;
  rows.push(full
    ? { size: r.shipments, target: `peak RSS ≤ ${limit / 1024} GiB (process tree)`, measured: `${full.peak_rss_mb.toLocaleString('en-US')} MiB`, pass: full.peak_rss_mb <= limit }
    : { size: r.shipments, target: `peak RSS ≤ ${limit / 1024} GiB (process tree)`, measured: 'not measured', pass: null });
  if (r.shipments >= 10_000_000) {
    rows.push(full
      ? { size: r.shipments, target: 'nightly ≤ 60 s', measured: s(full.wall_ms), pass: full.wall_ms <= 60_000 }
      : { size: r.shipments, target: 'nightly ≤ 60 s', measured: 'not measured', pass: null });
  }
  return rows;
}

/**
 * How the full nightly's wall time grows with size: the exponent b of t ∝ n^b between the
 * smallest and the largest size (1 is linear), or null with fewer than two sizes.
 * @example growthExponent([{ shipments: 1e6, ms: 10_000 }, { shipments: 1e7, ms: 100_000 }]); // 1
 */
export function growthExponent(points: { shipments: number; ms: number }[]): number | null {
  const p = points.filter((q) => q.ms > 0).sort((a, b) => a.shipments - b.shipments);
  if (p.length < 2 || p[0]!.shipments === p.at(-1)!.shipments) return null;
  return Math.log(p.at(-1)!.ms / p[0]!.ms) / Math.log(p.at(-1)!.shipments / p[0]!.shipments);
}

/** The printed table: every target of every size, then the growth over sizes. */
export function ratioTable(sizes: SizeResult[]): string {
  const rows = sizes.flatMap(targetRows);
  const cells = rows.map((r) => [`${(r.size / 1e6).toLocaleString('en-US')} M`, r.target, r.measured, r.pass === null ? '—' : r.pass ? 'PASS' : 'MISS']);
  const points = sizes.flatMap((z) => {
    const full = z.cases.find((c) => c.case === 'full' && c.check.ok);
    return full ? [{ shipments: z.shipments, ms: full.wall_ms }] : [];
  });
  const b = growthExponent(points);
  if (b !== null) {
    const per = points.map((p) => `${(p.shipments / 1e6).toLocaleString('en-US')} M: ${s(p.ms / (p.shipments / 1e6))}`).join(', ');
    cells.push(['all', 'cost growing linearly (exponent ≤ 1.1)', `${b.toFixed(2)} (nightly per 1 M shipments: ${per})`, b <= 1.1 ? 'PASS' : 'MISS']);
  }
  const head = ['size', 'target (issue 13)', 'measured, same run', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return ['targets, same-run ratios:', line(head), ...cells.map(line)].join('\n');
}

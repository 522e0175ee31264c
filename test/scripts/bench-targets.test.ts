import { describe, expect, it } from 'vitest';
import { growthExponent, ratioTable, targetRows, type MeasuredCase, type SizeResult } from '../../scripts/bench-targets.js';

const c = (name: string, wall: number, extra: Partial<MeasuredCase> = {}): MeasuredCase => ({
  case: name, wall_ms: wall, peak_rss_mb: 0, bulletins: 0, timings: {}, check: { ok: true, what: '' }, ...extra,
});

function size(shipments: number, cases: MeasuredCase[]): SizeResult {
  return { shipments, inbox: { bytes: 0, value_lines: 0 }, cases };
}

describe('bench targets (issue 13)', () => {
  // Hand-worked: pandas 6 s, DuckDB 1 s; nightly 9 s of which printing 3 s for 6 PDFs.
  const one = size(1_000_000, [
    c('peer-duckdb', 1000), c('peer-pandas', 6000),
    c('full', 9000, { bulletins: 6, timings: { ingest: 2000, bulletins: 3000 }, peak_rss_mb: 1100 }),
    c('nothing-new', 600), c('revised', 2000),
  ]);

  it('computes each ratio from the same run, PASS or MISS', () => {
    const rows = targetRows(one);
    const byTarget = new Map(rows.map((r) => [r.target, r]));
    // data = 9 − 3 = 6 s over 1 s: 6× > 3×
    expect(byTarget.get('data stages ≤ 3× DuckDB peer')).toMatchObject({ measured: '6.00× (6.00 s / 1.00 s)', pass: false });
    // 9 / 6 = 1.5×
    expect(byTarget.get('nightly ≤ 1.0× pandas peer')).toMatchObject({ measured: '1.50× (9.00 s / 6.00 s)', pass: false });
    // 3 s / 6 PDFs = 0.5 s: on the limit passes
    expect(byTarget.get('printing ≤ 0.5 s per PDF')).toMatchObject({ measured: '0.50 s (3.00 s / 6 PDFs)', pass: true });
    // 0.6 / 6 = 0.10 ≤ 0.12; 2 / 6 = 0.33 > 0.3
    expect(byTarget.get('nothing new ≤ 0.12× pandas peer')?.pass).toBe(true);
    expect(byTarget.get('one values file revised ≤ 0.3× pandas peer')).toMatchObject({ measured: '0.33× (2.00 s / 6.00 s)', pass: false });
    expect(byTarget.get('peak RSS ≤ 1 GiB (process tree)')).toMatchObject({ measured: '1,100 MiB', pass: false });
    expect(byTarget.has('nightly ≤ 60 s')).toBe(false);
  });

  it('leaves a target unjudged when the case it needs did not run', () => {
    const rows = targetRows(size(1_000_000, [c('peer-duckdb', 1000), { ...c('peer-pandas', 0), check: { ok: false, what: 'not available' } },
      c('full', 9000, { bulletins: 6, timings: { bulletins: 3000 } }), c('nothing-new', 600), c('revised', 2000)]));
    expect(rows.find((r) => r.target === 'nightly ≤ 1.0× pandas peer')).toMatchObject({ measured: 'not measured', pass: null });
    expect(rows.find((r) => r.target === 'data stages ≤ 3× DuckDB peer')?.pass).toBe(false);
  });

  it('judges 10 M against 3 GiB and 60 s', () => {
    const rows = targetRows(size(10_000_000, [c('full', 59_000, { peak_rss_mb: 3000, bulletins: 6, timings: { bulletins: 3000 } })]));
    expect(rows.find((r) => r.target === 'nightly ≤ 60 s')?.pass).toBe(true);
    expect(rows.find((r) => r.target === 'peak RSS ≤ 3 GiB (process tree)')?.pass).toBe(true);
  });

  it('measures growth as the exponent of time against size', () => {
    expect(growthExponent([{ shipments: 1e6, ms: 10_000 }, { shipments: 1e7, ms: 100_000 }])).toBeCloseTo(1, 10);
    // 10× the data in 40× the time: exponent log(40)/log(10) = 1.60
    expect(growthExponent([{ shipments: 1e7, ms: 400_000 }, { shipments: 1e6, ms: 10_000 }])).toBeCloseTo(1.602, 3);
    expect(growthExponent([{ shipments: 1e6, ms: 10_000 }])).toBeNull();
    const table = ratioTable([one, size(10_000_000, [c('full', 90_000, { bulletins: 6, timings: { bulletins: 3000 } })])]);
    // 9 s → 90 s for 10×: linear
    expect(table).toMatch(/cost growing linearly \(exponent ≤ 1\.1\)\s+1\.00 \(nightly per 1 M shipments: 1 M: 9\.00 s, 10 M: 9\.00 s\)\s+PASS/);
  });
});

/** Reading chart SVGs in tests: the tick labels of each axis, and the repeats a reader would see. */

/** The tick labels of each axis of a chart SVG (vega's `role-axis-label` groups), in drawing order. */
export function axisLabelRuns(svg: string): string[][] {
  const runs: string[][] = [];
  for (const g of svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>([\s\S]*?)<\/g>/gu)) {
    runs.push([...(g[1] ?? '').matchAll(/<text[^>]*>([^<]*)<\/text>/gu)].map((m) => m[1]!));
  }
  return runs;
}

/** Adjacent equal tick labels in charts ("4, 4, 3, 3"): must be none. */
export function repeatedTicks(charts: { id: string; svg: string }[]): string[] {
  const out: string[] = [];
  for (const c of charts) {
    for (const run of axisLabelRuns(c.svg)) {
      for (let i = 1; i < run.length; i++) if (run[i] === run[i - 1]) out.push(`${c.id}: "${run[i]}" twice in ${JSON.stringify(run)}`);
    }
  }
  return out;
}

/** Value axes whose labels mix numbers of decimals ("0.35, 0.3, 0.25"): must be none. */
export function mixedDecimals(charts: { id: string; svg: string }[]): string[] {
  const out: string[] = [];
  for (const c of charts) {
    for (const run of axisLabelRuns(c.svg)) {
      if (!run.every((l) => /^[\d,]+(\.\d+)?$/u.test(l))) continue;
      const places = new Set(run.map((l) => l.split('.')[1]?.length ?? 0));
      if (places.size > 1) out.push(`${c.id}: ${JSON.stringify(run)}`);
    }
  }
  return out;
}

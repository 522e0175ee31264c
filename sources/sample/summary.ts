/**
 * The generator's report on standard output: calibrated totals, fx means, files and sizes.
 */
import { Dec } from './fx-convert.js';
import type { SampleSummary } from './generate.js';

/** `5319988000.0012` → `5,319,988,000.00`. */
function money(value: Dec): string {
  const [int = '', frac = ''] = value.toFixed(2).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/**
 * Lines of the report; the CLI prints them.
 * @example summaryLines(summary, 'sources/sample/inbox', 20251231)[0];
 */
export function summaryLines(summary: SampleSummary, out: string, seed: number): string[] {
  const { changan, changan2025H1, asean } = summary.totals;
  const c = (y: string): Dec => changan[y] ?? new Dec(0);
  const pct = (a: Dec, b: Dec): string => a.div(b).sub(1).mul(100).toFixed(3);
  return [
    `sample inbox: ${out} (seed ${seed})`,
    `  ${summary.files.length} files, ${summary.totalBytes.toLocaleString('en-US')} bytes; ${summary.shipments} shipments, ${summary.lines} goods lines`,
    `  USD→CNY calibration shifts: ${Object.entries(summary.fx.shift)
      .map(([y, s]) => `${y} ${s.toFixed(4)}`)
      .join(', ')}`,
    "Chang'an Xi'an–Almaty, CNY (all valid lines, both directions):",
    `  2023 ${money(c('2023'))}  (2024/2023 ${pct(c('2024'), c('2023'))} %)`,
    `  2024 ${money(c('2024'))}`,
    `  2025 ${money(c('2025'))}  (2025/2024 ${pct(c('2025'), c('2024'))} %; /6.8088 = ${money(c('2025').div('6.8088'))} USD)`,
    `  2025 H1 ${money(changan2025H1)}; 2026 H1 ${money(c('2026'))} (${pct(c('2026'), changan2025H1)} %)`,
    'ASEAN Express, cumulative CNY:',
    `  2024-10-15 … 2025-06-21 ${money(asean.toFirstReturn)}`,
    `  2024-10-15 … 2025-12-31 ${money(asean.to2025End)}`,
    `  2026-01-01 … 2026-06-30 ${money(asean.h1of2026)}`,
  ];
}

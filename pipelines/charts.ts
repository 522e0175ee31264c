/**
 * Stage `charts`: ChartData → Vega-Lite specs → Vega → SVG strings, in Node, with no browser.
 *
 * 1. Build each chart's Vega-Lite spec and alt text (reports/charts, pure).
 * 2. Compile to Vega and render headless (`renderer: 'none'`) to an SVG string.
 * 3. Make the SVG safe to inline many times in one HTML page (chart-scoped ids).
 *
 * Output is deterministic: the same data give the same SVG strings. Vega numbers its clip paths
 * and gradients with process-wide counters, so they are reset before each chart; text widths
 * are estimated by a fixed, font-aware rule instead of a canvas.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { join } from 'node:path';
import { writeFileAtomic } from '../lib/atomic-write.js';
import { StageError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { ChartData, Edition, RenderedChart } from '../reports/model.js';
import { chartBuilders } from '../reports/charts/index.js';
import { textWidth } from '../reports/charts/text-width.js';

/** vega's text measure, replaced by the shared estimate (vega's own guesses 0.8 em a character). */
function estimateTextWidth(item: { fontSize?: number; fontWeight?: string | number }, text: unknown): number {
  const size = typeof item.fontSize === 'number' ? item.fontSize : 11;
  const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
  return textWidth(text === null || text === undefined ? '' : String(text), size, bold);
}

/** The parts of vega-scenegraph used here that vega's typings leave out. */
const scenegraph = vega as unknown as {
  textMetrics: { width: typeof estimateTextWidth };
  resetSVGDefIds(): void;
};

let metricsInstalled = false;
function installTextMetrics(): void {
  if (metricsInstalled) return;
  // vega treats `textMetrics.width` as replaceable (vl-convert does the same).
  scenegraph.textMetrics.width = estimateTextWidth;
  metricsInstalled = true;
}

/** Prefixes vega's `clipN` / `gradient_N` ids with the chart id so several SVGs can share a page. */
function scopeIds(svg: string, chartId: string): string {
  return svg.replace(/\b(id="|url\(#|href="#)((?:clip|gradient_|p_)\d+)/gu, `$1${chartId}-$2`);
}

/** Vega and Vega-Lite log through this: their notes are for developers, so they go to debug. */
function vegaLogger(chartId: string, logger?: Logger): vega.LoggerInterface {
  return vega.logger(vega.Warn, 'warn', (_method, level, args) => {
    logger?.debug(
      `charts: ${chartId}: ${level} ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`,
    );
  });
}

/**
 * Renders one Vega-Lite spec to an SVG string (ids scoped to `chartId`).
 * @example const svg = await renderSvg(spec, 'annual-value');
 */
export async function renderSvg(spec: TopLevelSpec, chartId: string, logger?: Logger): Promise<string> {
  installTextMetrics();
  const log = vegaLogger(chartId, logger);
  const vg = compile(spec, { logger: log }).spec;
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logger: log });
  try {
    scenegraph.resetSVGDefIds();
    const svg = await view.toSVG();
    return scopeIds(svg, chartId);
  } finally {
    view.finalize();
  }
}

/**
 * Builds and renders every chart of a bulletin, in the order of `chartBuilders`.
 * @example const charts = await renderCharts(chartData, 'zh', { logger });
 */
export async function renderCharts(
  data: ChartData,
  edition: Edition,
  effects: { logger?: Logger } = {},
): Promise<RenderedChart[]> {
  const out: RenderedChart[] = [];
  for (const build of chartBuilders) {
    const def = build(data, edition);
    try {
      const svg = await renderSvg(def.spec, def.id, effects.logger);
      out.push({ id: def.id, title: def.title, alt: def.alt, svg, spec: def.spec, figures: def.figures, exemptions: def.exemptions });
    } catch (err) {
      throw new StageError('charts', `chart "${def.id}" (${edition}) failed to render: ${String(err)}`, {
        cause: err,
      });
    }
  }
  return out;
}

/**
 * A spec as indented JSON (diff-friendly for golden files) with arrays of numbers, and arrays of
 * those (map coordinates), kept on one line.
 * @example specJson({ a: [[1, 2], [3, 4]] }); // '{\n  "a": [[1,2],[3,4]]\n}\n'
 */
export function specJson(spec: unknown): string {
  let json = JSON.stringify(spec, null, 2);
  const numbers = /\[\s*(-?\d[\d.eE+-]*(?:,\s*-?\d[\d.eE+-]*)*)\s*\]/gu;
  json = json.replace(numbers, (_m, inner: string) => `[${inner.replace(/\s+/gu, '')}]`);
  // Arrays of one-line arrays (rings, polygons), innermost first.
  const nested = /\[\s*(\[[^\n]*?\](?:,\s*\[[^\n]*?\])*)\s*\]/gu;
  for (let i = 0; i < 3; i++)
    json = json.replace(nested, (_m, inner: string) => `[${inner.replace(/\],\s+\[/gu, '],[')}]`);
  // The patterns could in principle touch a string value that looks like an array: then keep it plain.
  const same = JSON.stringify(JSON.parse(json)) === JSON.stringify(spec);
  return (same ? json : JSON.stringify(spec, null, 2)) + '\n';
}

/**
 * Writes `<id>.svg` and `<id>.vl.json` for each chart into `dir`, atomically; returns the paths.
 * @example const paths = await writeChartFiles('workspace/bulletins/2025/charts-en', charts);
 */
export async function writeChartFiles(dir: string, charts: RenderedChart[]): Promise<string[]> {
  const paths: string[] = [];
  for (const c of charts) {
    const svgPath = join(dir, `${c.id}.svg`);
    const specPath = join(dir, `${c.id}.vl.json`);
    await writeFileAtomic(
      svgPath,
      c.svg.startsWith('<?xml') ? c.svg : `<?xml version="1.0" encoding="UTF-8"?>\n${c.svg}\n`,
    );
    await writeFileAtomic(specPath, specJson(c.spec));
    paths.push(svgPath, specPath);
  }
  return paths;
}

/**
 * Stage 5, bulletins: for each period and edition, BulletinData → view and figures →
 * charts (SVG, PNG, Vega-Lite JSON) → HTML → PDF, with figures.json beside the PDF.
 * The bulletins a run reprints are written into a new bulletin set, switched in one rename
 * when all are written (see bulletin-sets.ts): a bulletin's files are all old or all new.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../lib/atomic-write.js';
import type { Logger } from '../lib/logger.js';
import { buildTradeBulletin } from '../reports/trade/view.js';
import { pageExemptions, renderBulletinHtml } from '../reports/render-html.js';
import { runningFooter } from '../reports/render-cover.js';
import type { BulletinView, Edition, RenderedChart } from '../reports/model.js';
import type { Exemption, Figure } from '../reports/figures.js';
import type { BulletinData } from './bulletin-data.js';
import { renderCharts, writeChartFiles } from './charts.js';
import type { Printer } from './print-pdf.js';
import { checkAgreement } from './agreement.js';
import { chromiumBuildFiles, chromiumExecutable } from './chromium-path.js';
import type { Warehouse } from './warehouse.js';
import { listFiles, outputsIntact } from './export.js';
import { writeTableFiles } from './tables-file.js';
import { DEFAULT_FINAL_AFTER_DAYS } from '../reports/status.js';
import { stampFigures } from '../reports/revisions.js';
import { beginSet } from './bulletin-sets.js';
import { bulletinSlug } from '../reports/trade/view.js';
import { Interrupted, stopSignal } from '../lib/interrupt.js';

/** A file a run wrote. */
export interface Output {
  path: string;
  kind: 'pdf' | 'figures' | 'html' | 'chart' | 'report' | 'export' | 'table';
  sha256: string;
  bytes: number;
}

/** Writes a file atomically and returns its output record. */
export const writeOutput = writeFileOutput;

async function writeFileOutput(path: string, data: string | Uint8Array, kind: Output['kind']): Promise<Output> {
  await writeFileAtomic(path, data);
  const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  return { path, kind, sha256: createHash('sha256').update(data).digest('hex'), bytes };
}

/** The output record of a file already written. */
async function recordFile(path: string, kind: Output['kind']): Promise<Output> {
  const data = await readFile(path);
  return { path, kind, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.byteLength };
}

let chartQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs `fn` after every earlier call has settled. Vega numbers clip paths and gradients with
 * process-wide counters (reset per chart, see charts.ts): two bulletins rendering charts at
 * once would interleave them and the SVG bytes would depend on timing.
 */
function oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const run = chartQueue.then(fn, fn);
  chartQueue = run.catch(() => undefined);
  return run;
}

/**
 * One bulletin's page before printing: its view, charts (SVG), HTML, and what it recorded
 * (the text's figures, then each chart's labels, ticks and alt text, as printed; the exempt
 * dates and references). No browser: tests render bulletins with this.
 * @example const page = await renderBulletinPage(data, 'en'); checkAgreement(page.view.slug, page.html, page);
 */
export async function renderBulletinPage(
  data: BulletinData,
  edition: Edition,
  effects: { logger?: Logger } = {},
): Promise<{ view: BulletinView; charts: RenderedChart[]; html: string; figures: Figure[]; exemptions: Exemption[] }> {
  const built = buildTradeBulletin(data, edition);
  const { view } = built;
  effects.logger?.progress(`rendering ${view.slug}: charts`);
  const charts = await oneAtATime(() => renderCharts(data.charts, edition, { logger: effects.logger }));
  const html = renderBulletinHtml(view, charts);
  // figures.json: the text's figures, then each chart's (labels, ticks, alt text), stamped with status and revisions.
  const figures = [...built.figures, ...charts.flatMap((c) => c.figures).map(stampFigures(data, edition))];
  const exemptions = [...built.exemptions, ...charts.flatMap((c) => c.exemptions), ...pageExemptions(view)];
  return { view, charts, html, figures, exemptions };
}

/**
 * Renders one bulletin in one edition into `<setDir>/<year>/` (default `<workspace>/bulletins`);
 * the outputs it returns name the files by their stable paths, `<workspace>/bulletins/<year>/…`.
 * @example const outputs = await publishBulletin(data, 'en', { workspace, printer, logger });
 */
export async function publishBulletin(
  data: BulletinData,
  edition: Edition,
  effects: { workspace: string; printer: Printer; logger: Logger; setDir?: string },
): Promise<Output[]> {
  const { view, charts, html, figures, exemptions } = await renderBulletinPage(data, edition, { logger: effects.logger });
  const dir = join(effects.setDir ?? join(effects.workspace, 'bulletins'), String(data.year));
  const stable = join(effects.workspace, 'bulletins', String(data.year));
  const recordOf = async (path: string, kind: Output['kind']): Promise<Output> => ({ ...(await recordFile(path, kind)), path: join(stable, relative(dir, path)) });
  const writeOutput = async (path: string, content: string, kind: Output['kind']): Promise<Output> => ({ ...(await writeFileOutput(path, content, kind)), path: join(stable, relative(dir, path)) });
  try {
    checkAgreement(view.slug, html, { figures, exemptions });
  } catch (err) {
    // Keep what failed for the editor to inspect; nothing is published (the set is not switched).
    await writeFileAtomic(join(effects.workspace, 'reports', 'rejected', `${view.slug}.rejected.html`), html);
    throw err;
  }
  const outputs: Output[] = [];
  let tableFiles: Output[] = [];
  const chartDir = join(dir, 'charts', view.slug);
  for (const path of await writeChartFiles(chartDir, charts)) outputs.push(await recordOf(path, 'chart'));
  // The chart PNGs are drawn in a worker thread (resvg, chart-png.ts) while Chromium prints the PDF; every
  // drawing has settled before this returns or throws (no write outlives the bulletin).
  const pngs = charts.map((c) => join(chartDir, `${c.id}.png`));
  const drawing = Promise.allSettled(charts.map((c, i) => effects.printer.chartPng(c.svg, pngs[i]!, 2)));
  const drawn = async (): Promise<void> => {
    for (const r of await drawing) if (r.status === 'rejected') throw r.reason;
  };
  let pdf: Awaited<ReturnType<Printer['printPdf']>>;
  const cover = join(dir, `${view.slug}.cover.png`);
  const later: Output[] = [];
  try {
    later.push(await writeOutput(join(dir, `${view.slug}.html`), html, 'html'));
    tableFiles = (await writeTableFiles(dir, view, { asOf: data.asOf, ...(data.publisher ? { publisher: data.publisher } : {}) }))
      .map((o) => ({ ...o, path: join(stable, relative(dir, o.path)) }));
    later.push(...tableFiles);
    effects.logger.progress(`rendering ${view.slug}: PDF`);
    pdf = await effects.printer.printPdf(html, join(dir, `${view.slug}.pdf`), view.meta, { header: view.runningHeader, lang: view.lang, footer: runningFooter(view) }, { pngPath: cover });
  } finally {
    await drawing;
  }
  await drawn();
  for (const png of pngs) outputs.push(await recordOf(png, 'chart'));
  outputs.push(...later);
  outputs.push(await recordOf(cover, 'chart'));
  outputs.push(await recordOf(pdf.path, 'pdf'));
  const doc = {
    bulletin: view.slug,
    title: view.title,
    year: data.year,
    kind: data.kind,
    edition,
    as_of: data.asOf,
    period: { label: data.period.label, start: data.period.start, end: data.period.end, prior_start: data.period.priorStart, prior_end: data.period.priorEnd },
    conversion: {
      policy: data.policy,
      max_rate_age_days: data.maxRateAgeDays,
      publication_rate: { cny_per_usd: data.publication.rate, date: data.publication.date, source: data.publication.source },
      headline_dollars: 'unrounded CNY total divided by the publication rate; only the result is rounded',
    },
    rounding: 'billions and millions with two decimals, percentages with one, half-up',
    pdf: `${view.slug}.pdf`,
    html: `${view.slug}.html`,
    cover: `${view.slug}.cover.png`,
    key_figures: view.keyFigures,
    spreadsheet: `${view.slug}.xlsx`,
    csv: tableFiles.slice(1).map((o) => `tables/${view.slug}/${basename(o.path)}`),
    ...(data.release ? { last_release: { id: data.release.id, date: data.release.date, revised: Number(figures.find((f) => f.metric === 'revised_figures')?.value ?? 0) } } : {}),
    final_after_days: data.finalAfterDays ?? DEFAULT_FINAL_AFTER_DAYS,
    charts: charts.map((c) => ({ id: c.id, title: c.title, alt: c.alt, svg: `charts/${view.slug}/${c.id}.svg`, png: `charts/${view.slug}/${c.id}.png`, spec: `charts/${view.slug}/${c.id}.vl.json` })),
    figures,
  };
  outputs.push(await writeOutput(join(dir, `${view.slug}.figures.json`), JSON.stringify(doc, null, 2) + '\n', 'figures'));
  return outputs;
}

/** One bulletin to publish: its data and edition. */
export interface BulletinJob {
  data: BulletinData;
  edition: Edition;
}

/**
 * Publishes bulletins, skipping those whose inputs did not change: a bulletin's key is the
 * sha256 of its BulletinData, edition and the rendering code (see renderFingerprint); when the
 * key is in `bulletin_cache` and every file it wrote is still there with the same sha256, its
 * outputs are kept as they are (rendering is deterministic, so they are what it would write).
 * The others are rendered `concurrency` at a time on one Chromium, opened only when needed.
 * Outputs come back in job order.
 * @example const outputs = await publishBulletins(wh, jobs, { workspace, logger, openPrinter: () => openPrinter({ logger }) });
 */
export async function publishBulletins(
  wh: Warehouse,
  jobs: BulletinJob[],
  effects: { workspace: string; logger: Logger; openPrinter: () => Promise<Printer>; concurrency?: number; stop?: AbortSignal },
): Promise<Output[]> {
  const { keys, results } = await cachedBulletins(wh, jobs);
  const todo = results.flatMap((r, i) => (r ? [] : [i]));
  for (const i of results.keys()) if (results[i]) effects.logger.debug(`bulletin ${keys[i]!.slice(0, 12)} unchanged: kept`);
  if (todo.length) {
    const slugOf = (j: BulletinJob): string => bulletinSlug(j.data.year, j.data.kind, j.edition);
    const set = await beginSet(effects.workspace, todo.map((i) => ({ year: jobs[i]!.data.year, slug: slugOf(jobs[i]!) })));
    const stopped = (): void => {
      const signal = stopSignal(effects.stop);
      if (signal) throw new Interrupted(signal, 'while printing the bulletins');
    };
    try {
      stopped();
      // Chromium starts while the first bulletins' charts are rendered (≈0.6 s, in its own
      // processes); each use of the printer waits for it. A failed start fails the first use.
      const launching = effects.openPrinter();
      launching.catch(() => undefined); // handled where it is awaited
      const printer: Printer = {
        printPdf: async (...args) => (await launching).printPdf(...args),
        chartPng: async (...args) => (await launching).chartPng(...args),
        close: () => launching.then((p) => p.close(), () => undefined),
      };
      // A stop closes Chromium at once: the pages in flight fail, and that failure is the stop.
      const closeOnStop = (): void => void printer.close().catch(() => undefined);
      effects.stop?.addEventListener('abort', closeOnStop);
      try {
        // Vega renders charts on this thread while Chromium prints the previous job in its own processes.
        let next = 0;
        const worker = async (): Promise<void> => {
          while (next < todo.length) {
            stopped();
            const i = todo[next++]!;
            try {
              results[i] = await publishBulletin(jobs[i]!.data, jobs[i]!.edition, { workspace: effects.workspace, printer, logger: effects.logger, setDir: set.dir });
            } catch (err) {
              next = todo.length; // the other worker starts nothing new
              throw err;
            }
          }
        };
        // Every worker has stopped before the set is switched or discarded.
        const settled = await Promise.allSettled(Array.from({ length: Math.min(effects.concurrency ?? 2, todo.length) }, worker));
        for (const r of settled) if (r.status === 'rejected') throw r.reason;
      } finally {
        effects.stop?.removeEventListener('abort', closeOnStop);
        await printer.close();
      }
      stopped();
      // Every file of every reprinted bulletin is written (and fsynced): switch them in at once.
      await set.switch();
    } catch (err) {
      await set.discard().catch(() => undefined);
      stopped();
      throw err;
    }
    for (const i of todo) {
      const pdf = results[i]!.find((o) => o.kind === 'pdf');
      const slug = pdf ? basename(pdf.path, '.pdf') : keys[i]!;
      await wh.run('DELETE FROM bulletin_cache WHERE slug = ? OR key = ?', [slug, keys[i]!]);
      await wh.run('INSERT INTO bulletin_cache VALUES (?, ?, ?)', [keys[i]!, slug, JSON.stringify(results[i])]);
    }
  }
  return results.flatMap((r) => r ?? []);
}

/** Each job's cache key, and the outputs it wrote when they are all still in place (null: to render). */
async function cachedBulletins(wh: Warehouse, jobs: BulletinJob[]): Promise<{ keys: string[]; results: (Output[] | null)[] }> {
  const code = await renderFingerprint();
  const keys = jobs.map((j) => createHash('sha256').update(code).update(j.edition).update(JSON.stringify(j.data)).digest('hex'));
  const results: (Output[] | null)[] = [];
  for (const key of keys) {
    const [hit] = await wh.all<{ outputs: string }>('SELECT outputs FROM bulletin_cache WHERE key = ?', [key]);
    const outputs = hit ? (JSON.parse(hit.outputs) as Output[]) : null;
    results.push(outputs && (await outputsIntact(outputs)) ? outputs : null);
  }
  return { keys, results };
}

/**
 * --dry-run: the PDFs publishBulletins would write for these jobs (new periods included), by the
 * same cache check, without rendering anything.
 */
export async function wouldRewrite(wh: Warehouse, jobs: BulletinJob[], workspace: string): Promise<string[]> {
  const { results } = await cachedBulletins(wh, jobs);
  return jobs.flatMap((j, i) => (results[i] ? [] : [join(workspace, 'bulletins', String(j.data.year), `${bulletinSlug(j.data.year, j.data.kind, j.edition)}.pdf`)]));
}

let fingerprint: Promise<string> | null = null;

/**
 * What decides a bulletin's bytes besides its data and edition: the report builders, chart and
 * PDF code, HTML templates, the versions of Vega, Vega-Lite, Puppeteer, resvg and the fonts, and the Chromium
 * binary. Computed once per process; a change to any of them invalidates every cached bulletin.
 */
export function renderFingerprint(): Promise<string> {
  fingerprint ??= (async () => {
    const base = fileURLToPath(new URL('..', import.meta.url)); // dist/ when compiled, the project root under tsx/vitest
    const root = /[\\/]dist[\\/]?$/.test(base) ? join(base, '..') : base;
    const h = createHash('sha256');
    const add = async (dir: string, only?: RegExp): Promise<void> => {
      for (const rel of await listFiles(dir).catch(() => [] as string[])) {
        if (only && !only.test(rel)) continue;
        h.update(rel).update(await readFile(join(dir, rel)));
      }
    };
    await add(join(base, 'reports'));
    await add(join(base, 'pipelines'), /^(publish|charts|chart-png|chromium-path|font-files|print-pdf|print-fonts|print-templates|pdf-info|agreement|tables-file)\.(js|ts)$/);
    await add(join(root, 'templates'));
    for (const pkg of ['vega', 'vega-lite', 'puppeteer-core', '@resvg/resvg-js', '@fontsource/noto-sans', '@fontsource/noto-sans-sc']) {
      h.update(await readFile(join(root, 'node_modules', pkg, 'package.json')).catch(() => Buffer.from(pkg)));
    }
    for (const file of chromiumBuildFiles(chromiumExecutable())) {
      const st = await stat(file).catch(() => null);
      h.update(`${file}\u0000${st?.size ?? 0}\u0000${st?.mtimeMs ?? 0}\n`);
    }
    return h.digest('hex');
  })();
  return fingerprint;
}

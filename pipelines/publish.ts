/**
 * Stage 5, bulletins: for each period and edition, BulletinData → view and figures →
 * charts (SVG, PNG, Vega-Lite JSON) → HTML → PDF, with figures.json beside the PDF.
 * Every file is written under a temporary name and renamed into place.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../lib/atomic-write.js';
import type { Logger } from '../lib/logger.js';
import { buildTradeBulletin } from '../reports/trade/view.js';
import { renderBulletinHtml } from '../reports/render-html.js';
import type { Edition } from '../reports/model.js';
import type { BulletinData } from './bulletin-data.js';
import { renderCharts, writeChartFiles } from './charts.js';
import type { Printer } from './print-pdf.js';
import { checkAgreement } from './agreement.js';

/** A file a run wrote. */
export interface Output {
  path: string;
  kind: 'pdf' | 'figures' | 'html' | 'chart' | 'report';
  sha256: string;
  bytes: number;
}

/** Writes a file atomically and returns its output record. */
export async function writeOutput(path: string, data: string | Uint8Array, kind: Output['kind']): Promise<Output> {
  await writeFileAtomic(path, data);
  const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  return { path, kind, sha256: createHash('sha256').update(data).digest('hex'), bytes };
}

/** The output record of a file already written. */
async function recordOf(path: string, kind: Output['kind']): Promise<Output> {
  const data = await readFile(path);
  return { path, kind, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.byteLength };
}

/**
 * Renders one bulletin in one edition into `<workspace>/bulletins/<year>/`.
 * @example const outputs = await publishBulletin(data, 'en', { workspace, printer, logger });
 */
export async function publishBulletin(
  data: BulletinData,
  edition: Edition,
  effects: { workspace: string; printer: Printer; logger: Logger },
): Promise<Output[]> {
  const { view, figures } = buildTradeBulletin(data, edition);
  const dir = join(effects.workspace, 'bulletins', String(data.year));
  effects.logger.progress(`rendering ${view.slug}: charts`);
  const charts = await renderCharts(data.charts, edition, { logger: effects.logger });
  const html = renderBulletinHtml(view, charts);
  try {
    checkAgreement(view.slug, html, charts, figures);
  } catch (err) {
    // Keep what failed for the editor to inspect; nothing is published under the real name.
    await writeFileAtomic(join(dir, `${view.slug}.rejected.html`), html);
    throw err;
  }
  const outputs: Output[] = [];
  const chartDir = join(dir, 'charts', view.slug);
  for (const path of await writeChartFiles(chartDir, charts)) outputs.push(await recordOf(path, 'chart'));
  for (const c of charts) {
    const png = join(chartDir, `${c.id}.png`);
    await effects.printer.screenshotSvg(c.svg, png, 2);
    outputs.push(await recordOf(png, 'chart'));
  }
  outputs.push(await writeOutput(join(dir, `${view.slug}.html`), html, 'html'));
  effects.logger.progress(`rendering ${view.slug}: PDF`);
  const pdf = await effects.printer.printPdf(html, join(dir, `${view.slug}.pdf`), view.meta, { header: view.runningHeader, lang: view.lang, footer: view.sourceLine });
  const cover = join(dir, `${view.slug}.cover.png`);
  await effects.printer.screenshotCover(html, cover);
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
    charts: charts.map((c) => ({ id: c.id, title: c.title, alt: c.alt, svg: `charts/${view.slug}/${c.id}.svg`, png: `charts/${view.slug}/${c.id}.png`, spec: `charts/${view.slug}/${c.id}.vl.json` })),
    figures,
  };
  outputs.push(await writeOutput(join(dir, `${view.slug}.figures.json`), JSON.stringify(doc, null, 2) + '\n', 'figures'));
  return outputs;
}

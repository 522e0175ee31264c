import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../../pipelines/print-pdf.js';
import { chromiumExecutable } from '../../pipelines/chromium-path.js';
import { bulletinStatus, fileSize, writeIndex } from '../../pipelines/index-page.js';
import { tempDir, writeFiles } from '../helpers/pipeline.js';

let PDF: Buffer;
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function doc(year: number, kind: 'annual' | 'ytd', edition: 'en' | 'zh', title: string, value: string) {
  const slug = `trade-bulletin-${year}-${kind}-${edition}`;
  return {
    [`${year}/${slug}.figures.json`]: JSON.stringify({
      bulletin: slug, title, year, kind, edition, as_of: '2026-06-30', pdf: `${slug}.pdf`, html: `${slug}.html`, cover: `${slug}.cover.png`,
      period: { end: kind === 'ytd' ? '2026-06-30' : `${year}-12-31` },
      key_figures: [{ label: 'Trade value, Chang\'an Xi\'an–Almaty', value, detail: 'an increase of 19.1 percent' }],
      charts: [{ id: 'annual-value', title: 'Annual trade value by service', svg: `charts/${slug}/annual-value.svg`, png: `charts/${slug}/annual-value.png`, spec: `charts/${slug}/annual-value.vl.json` }],
      figures: [],
    }),
    [`${year}/${slug}.pdf`]: PDF,
    [`${year}/${slug}.html`]: `<!doctype html><title>${slug}</title>`,
    [`${year}/${slug}.cover.png`]: PNG,
    [`${year}/charts/${slug}/annual-value.svg`]: '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
    [`${year}/charts/${slug}/annual-value.png`]: PNG,
    [`${year}/charts/${slug}/annual-value.vl.json`]: '{}',
  };
}

let t: { dir: string; cleanup: () => Promise<void> };
let browser: Browser;
beforeAll(async () => {
  // A real 3-page PDF (pdf-lib), so the index can count its pages.
  const { PDFDocument } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  for (let i = 0; i < 3; i++) pdf.addPage([595, 842]);
  PDF = Buffer.from(await pdf.save({ useObjectStreams: false }));
  t = await tempDir('tb-index-');
  const bulletins = join(t.dir, 'bulletins');
  await writeFiles(bulletins, {}); // creates the folder
  for (const [path, content] of Object.entries({
    ...doc(2025, 'annual', 'en', 'Eurasian Rail Freight Trade 2025', '5.32 billion yuan'),
    ...doc(2025, 'annual', 'zh', '2025年亚欧铁路货运贸易统计公报', '53.20亿元'),
    ...doc(2026, 'ytd', 'en', 'Trade <script>alert(1)</script> January–June 2026', '2.86 billion yuan'),
  })) {
    const full = join(bulletins, path);
    await writeFiles(join(full, '..'), { [full.split('/').pop()!]: content });
  }
  await writeIndex(t.dir, { asOf: '2026-06-30', status: 'ok' });
  browser = await puppeteer.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_FLAGS, headless: true, pipe: true });
});
afterAll(async () => {
  await browser?.close();
  await t.cleanup();
});

describe('the editors’ index page, opened in Chromium', () => {
  it('lists each bulletin once, newest first, with its editions together, run date and status', async () => {
    const page = await browser.newPage();
    await page.goto(`file://${join(t.dir, 'bulletins', 'index.html')}`);
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toMatch(/^Bulletins\n+2 bulletins in 3 edition files/);
    expect(text).toContain('Last run: data as of 30 June 2026 · status ok');
    // 2025 annual: one entry holding both editions; 2026 year to date: one entry, English only.
    expect(await page.$$eval('article.bulletin', (a) => a.map((x) => x.querySelector('h3')!.textContent))).toEqual(['2026 · Year to date', '2025 · Annual']);
    expect(await page.$$eval('article.bulletin', (a) => a.map((x) => x.querySelectorAll('section.edition').length))).toEqual([1, 2]);
    expect(text).toContain('Status\nProvisional: year to date, data to 30 June 2026');
    expect(text).toContain('Status\nFinal: complete year');
    expect(text).toContain('Editions\nEnglish, 中文');
    expect(text).toContain('5.32 billion yuan');
    expect(text).toContain('53.20亿元');
    // Page count and size read from the PDF on disk.
    // pdf-lib writes about 1,100 bytes for three empty pages: "1 KB".
    expect(text).toMatch(/PDF \(3 pages, 1 KB\) · HTML · figures\.json/);
    // The Chinese edition is marked as Chinese.
    expect(await page.$eval('#trade-bulletin-2025-annual-zh h4 span', (x) => x.getAttribute('lang'))).toBe('zh-CN');
    // Data is text, never markup: the title's <script> shows as text and did not run.
    expect(text).toContain('Trade <script>alert(1)</script> January–June 2026');
    expect(await page.$$eval('script', (s) => s.length)).toBe(0);
    await page.close();
  });

  it('shows each cover thumbnail and links only to files that exist', async () => {
    const page = await browser.newPage();
    await page.goto(`file://${join(t.dir, 'bulletins', 'index.html')}`);
    const images = await page.$$eval('img', (imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
    expect(images).toEqual([1, 1, 1]);
    const links = await page.$$eval('a', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(links.length).toBe(3 * 7); // cover, PDF, HTML, figures.json, and SVG/PNG/Vega-Lite of one chart
    for (const href of links) expect(existsSync(decodeURI(new URL(href).pathname)), href).toBe(true);
    expect(links.filter((h) => h.endsWith('.html'))).toHaveLength(3);
    await page.close();
  });

  it('has no axe-core violation at WCAG 2.2 AA', async () => {
    const page = await browser.newPage();
    await page.goto(`file://${join(t.dir, 'bulletins', 'index.html')}`);
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const result = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[]; passes: unknown[] }> } }).axe;
      const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] } });
      return { violations: r.violations.map((v) => `${v.id} (${v.nodes.length})`), passes: r.passes.length };
    });
    expect(result.violations).toEqual([]);
    // The rules did run (colour contrast, names, language…): a page axe could not read would pass nothing.
    expect(result.passes).toBeGreaterThan(10);
    await page.close();
  });

  it('the axe check can fail: an image without alt text and grey-on-grey text are violations', async () => {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html lang="en"><head><title>x</title></head><body><main><img src="x.png"><p style="color:#ccc;background:#ddd">faint</p></main></body></html>');
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const ids = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<{ violations: { id: string }[] }> } }).axe;
      return (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] } })).violations.map((v) => v.id);
    });
    expect(ids).toEqual(expect.arrayContaining(['image-alt', 'color-contrast']));
    await page.close();
  });
});

describe('index facts', () => {
  it('word file sizes and statuses', () => {
    expect(fileSize(980)).toBe('980 bytes');
    expect(fileSize(865_000)).toBe('845 KB'); // 865,000 / 1,024 = 844.7
    expect(fileSize(1_258_291)).toBe('1.2 MB'); // 1,258,291 / 1,048,576 = 1.19999
    const y2025 = { kind: 'annual', year: 2025, periodEnd: '2025-12-31', finalAfterDays: 90 } as const;
    expect(bulletinStatus({ ...y2025, asOf: '2026-06-30' })).toBe('Final: complete year');
    expect(bulletinStatus({ kind: 'ytd', year: 2026, asOf: '2026-06-30', periodEnd: '2026-06-30', finalAfterDays: 90 })).toBe('Provisional: year to date, data to 30 June 2026');
  });

  it('says a complete year is provisional as long as its figures are, and from when it is final', () => {
    // 2025-12-31 + 90 days = 2026-03-31: the figures' own status (reports/status.ts) turns final that day.
    const y2025 = { kind: 'annual', year: 2025, periodEnd: '2025-12-31', finalAfterDays: 90 } as const;
    expect(bulletinStatus({ ...y2025, asOf: '2026-01-05' })).toBe('Provisional: complete year, final from 31 March 2026');
    // As of 31 December the year is complete (its annual bulletin is printed): said so, with the day it turns final, not a bare "Provisional".
    expect(bulletinStatus({ ...y2025, asOf: '2025-12-31' })).toBe('Provisional: complete year, final from 31 March 2026');
    expect(bulletinStatus({ ...y2025, asOf: '2026-03-30' })).toBe('Provisional: complete year, final from 31 March 2026');
    expect(bulletinStatus({ ...y2025, asOf: '2026-03-31' })).toBe('Final: complete year');
    // final_after_days: 0 (configured): final from the day after the year.
    expect(bulletinStatus({ ...y2025, finalAfterDays: 0, asOf: '2026-01-05' })).toBe('Final: complete year');
    expect(bulletinStatus({ ...y2025, finalAfterDays: 10, asOf: '2026-01-05' })).toBe('Provisional: complete year, final from 10 January 2026');
  });
});

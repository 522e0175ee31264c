import { existsSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../../pipelines/print-pdf.js';
import { writeIndex } from '../../pipelines/index-page.js';
import { tempDir, writeFiles } from '../helpers/pipeline.js';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function doc(year: number, kind: 'annual' | 'ytd', edition: 'en' | 'zh', title: string, value: string) {
  const slug = `trade-bulletin-${year}-${kind}-${edition}`;
  return {
    [`${year}/${slug}.figures.json`]: JSON.stringify({
      bulletin: slug, title, year, kind, edition, as_of: '2026-06-30', pdf: `${slug}.pdf`, cover: `${slug}.cover.png`,
      key_figures: [{ label: 'Trade value, Chang\'an Xi\'an–Almaty', value, detail: 'an increase of 19.1 percent' }],
      charts: [{ id: 'annual-value', title: 'Annual trade value by service', svg: `charts/${slug}/annual-value.svg`, png: `charts/${slug}/annual-value.png`, spec: `charts/${slug}/annual-value.vl.json` }],
      figures: [],
    }),
    [`${year}/${slug}.pdf`]: '%PDF-1.4',
    [`${year}/${slug}.cover.png`]: PNG,
    [`${year}/charts/${slug}/annual-value.svg`]: '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
    [`${year}/charts/${slug}/annual-value.png`]: PNG,
    [`${year}/charts/${slug}/annual-value.vl.json`]: '{}',
  };
}

let t: { dir: string; cleanup: () => Promise<void> };
let browser: Browser;
beforeAll(async () => {
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
  await writeIndex(t.dir);
  browser = await puppeteer.launch({ executablePath: process.env.TRADE_BULLETIN_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS, headless: true });
});
afterAll(async () => {
  await browser?.close();
  await t.cleanup();
});

describe('the editors’ index page, opened in Chromium', () => {
  it('lists every bulletin by year (newest first), kind and edition with its key figures', async () => {
    const page = await browser.newPage();
    await page.goto(`file://${join(t.dir, 'bulletins', 'index.html')}`);
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toMatch(/^Bulletins\n+3 bulletins/);
    expect(text.indexOf('2026')).toBeLessThan(text.indexOf('2025'));
    expect(text).toContain('Year to date · English · data as of 2026-06-30');
    expect(text).toContain('5.32 billion yuan');
    expect(text).toContain('53.20亿元');
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
    expect(links.length).toBe(3 * 7); // cover, title, PDF, figures.json, and SVG/PNG/Vega-Lite of one chart
    for (const href of links) expect(existsSync(decodeURI(new URL(href).pathname)), href).toBe(true);
    await page.close();
  });
});

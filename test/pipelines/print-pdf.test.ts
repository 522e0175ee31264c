import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { differingPixels, readPng } from '../helpers/png.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCharts } from '../../pipelines/charts.js';
import puppeteer from 'puppeteer-core';
import { decodePDFRawStream, PDFDocument, PDFName, type PDFRawStream } from 'pdf-lib';
import { CHROMIUM_FLAGS, openPrinter, withFonts, type Printer } from '../../pipelines/print-pdf.js';
import { chromiumExecutable } from '../../pipelines/chromium-path.js';
import { memoryLogger } from '../../lib/logger.js';
import type { BulletinView, ChartData, RenderedChart } from '../../reports/model.js';
import { renderBulletinHtml } from '../../reports/render-html.js';
import { chartDataFixture, services } from '../fixtures/chart-data.js';
import { bulletinViewFixture } from '../fixtures/bulletin-view.js';
import { flatten, readAccessibility } from '../helpers/pdf-struct.js';
import { cmdline, descendants, processesWith } from '../helpers/processes.js';

const poppler = (cmd: string, ...args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8' });
/**
 * Per page: text-showing operators inside `/Artifact` sequences, and outside every marked
 * sequence (neither tagged nor artifact). Skia writes text as hex strings, so a plain scan of
 * the operators is exact.
 */
async function textMarking(path: string): Promise<{ artifact: number; unmarked: number }[]> {
  const doc = await PDFDocument.load(await readFile(path));
  return doc.getPages().map((page) => {
    const stream = doc.context.lookup(page.node.get(PDFName.of('Contents'))) as PDFRawStream;
    const content = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
    const open: boolean[] = [];
    const r = { artifact: 0, unmarked: 0 };
    for (const [t] of content.matchAll(/\/Artifact\b[^\n]*?BDC|\bBDC\b|\bBMC\b|\bEMC\b|\bT[jJ]\b/gu)) {
      if (t.startsWith('/Artifact')) open.push(true);
      else if (t === 'BDC' || t === 'BMC') open.push(false);
      else if (t === 'EMC') open.pop();
      else if (open.length === 0) r.unmarked++;
      else if (open.includes(true)) r.artifact++;
    }
    return r;
  });
}
/** Name and type of every font of a PDF (`pdffonts` rows: name, type…, encoding, emb, sub, uni, object, generation). */
const fontRows = (path: string): { name: string; type: string; emb: string }[] =>
  poppler('pdffonts', path)
    .trim()
    .split('\n')
    .slice(2)
    .map((line) => {
      const cols = line.trim().split(/\s+/u);
      return { name: cols[0] ?? '', type: cols.slice(1, -6).join(' '), emb: cols.at(-5) ?? '' };
    });
/** Every font embedded, CID TrueType from the shipped Noto Sans / Noto Sans SC: no Type 3, no system font. */
const expectShippedFonts = (path: string): void => {
  const rows = fontRows(path);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    expect(r.type).toBe('CID TrueType');
    expect(r.emb).toBe('yes');
    expect(r.name).toMatch(/^[A-Z]{6}\+NotoSans(?:SCThin)?-(?:Regular|Bold)$/u);
  }
};
/**
 * The machine-checkable parts of PDF/UA-1: XMP identification with title and language, title
 * displayed, marked and tagged, bookmarks, every Figure with alt text and none inside another,
 * header cells with a scope; returns the structure elements for more checks.
 */
async function expectPdfUa(path: string, title: string, lang: string) {
  const a = await readAccessibility(await readFile(path));
  expect(a.lang).toBe(lang);
  expect(a.displayDocTitle).toBe(true);
  expect(a.marked).toBe(true);
  expect(a.hasOutline).toBe(true);
  expect(a.xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
  expect(a.xmp).toContain(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${title.replace(/&/gu, '&amp;')}</rdf:li></rdf:Alt></dc:title>`);
  expect(a.xmp).toContain(`<dc:language><rdf:Bag><rdf:li>${lang}</rdf:li></rdf:Bag></dc:language>`);
  const nodes = flatten(a.root!);
  const figures = nodes.filter((n) => n.node.type === 'Figure');
  expect(figures.length).toBeGreaterThanOrEqual(7);
  for (const f of figures) {
    expect(f.node.alt ?? '').not.toBe('');
    expect(flatten(f.node).slice(1).some((d) => d.node.type === 'Figure')).toBe(false);
  }
  const th = nodes.filter((n) => n.node.type === 'TH');
  expect(th.length).toBeGreaterThan(0);
  for (const h of th) expect(['Column', 'Row']).toContain(h.node.scope);
  return nodes.map((n) => n.node);
}
const logger = memoryLogger();
let printer: Printer;
let dir: string;
const chartsByEdition: Record<string, RenderedChart[]> = {};

async function print(view: BulletinView, name: string, data: ChartData = chartDataFixture()) {
  const charts = name.startsWith('hostile')
    ? await renderCharts(data, view.edition)
    : chartsByEdition[view.edition]!;
  const path = join(dir, `${name}.pdf`);
  const result = await printer.printPdf(renderBulletinHtml(view, charts), path, view.meta, {
    header: view.runningHeader,
    footer: view.sourceLine,
    lang: view.lang,
  });
  return { ...result, text: poppler('pdftotext', '-layout', path, '-') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tb-print-'));
  printer = await openPrinter({ logger });
  chartsByEdition.en = await renderCharts(chartDataFixture(), 'en');
  chartsByEdition.zh = await renderCharts(chartDataFixture(), 'zh');
});

afterAll(async () => {
  await printer?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('printPdf', () => {
  it('prints the English bulletin: pages, text, running header, page numbers, fonts, metadata', async () => {
    const r = await print(bulletinViewFixture('en'), 'en');
    expect(r.pages).toBeGreaterThanOrEqual(6);
    expect(r.pages).toBeLessThanOrEqual(10);
    expect(r.blocked).toEqual([]);
    const text = r.text.replace(/\s+/gu, ' ');
    expect(text).toContain(
      '5.32 billion yuan (about 781.34 million U.S. dollars) in 2025, an increase of 19.1 percent',
    );
    expect(text).toContain('Annual trade value by service');
    expect(text).toContain('Eurasian Freight-Rail Trade Bulletin · January–June 2026');
    expect(text).toContain(`Page 1 of ${r.pages}`);
    expect(text).toContain('Methods and notes');
    expectShippedFonts(r.path);
    const info = poppler('pdfinfo', r.path);
    expect(info).toMatch(/^Tagged:\s+yes$/mu);
    expect(info).toMatch(/^Title:\s+Eurasian Freight-Rail Trade Bulletin, January–June 2026$/mu);
    expect(info).toMatch(/^Creator:\s+trade-bulletin$/mu);
    expect(info).toMatch(/^Keywords:\s+China-Europe Railway Express, Chang'an/mu);
    expect(info).toMatch(/^CreationDate:\s+Tue Jun 30 00:00:00 2026 UTC$/mu);
    expect(info).toMatch(/^ModDate:\s+Tue Jun 30 00:00:00 2026 UTC$/mu);
    expect((await readFile(r.path)).toString('latin1')).toContain('/Lang (en)');
    await expectPdfUa(r.path, 'Eurasian Freight-Rail Trade Bulletin, January–June 2026', 'en');
  });

  it('prints byte-identical PDFs from the same inputs, whatever the clock and whatever the page printed before', async () => {
    const a = await print(bulletinViewFixture('en'), 'same-a');
    await new Promise((resolve) => setTimeout(resolve, 1100)); // Chromium stamps dates to the second.
    // Another bulletin in between: the page that prints b has loaded two documents more than a's.
    await print(bulletinViewFixture('zh'), 'same-between');
    const b = await print(bulletinViewFixture('en'), 'same-b');
    expect(Buffer.compare(await readFile(a.path), await readFile(b.path))).toBe(0);
  });

  it('prints margin text in characters the bulletin uses nowhere else, once a page', async () => {
    const view = bulletinViewFixture('en');
    const html = renderBulletinHtml(view, chartsByEdition.en!);
    expect(html).not.toMatch(/[贸易额〇]/u);
    const path = join(dir, 'margin-fonts.pdf');
    const r = await printer.printPdf(html, path, view.meta, { header: 'Header 贸易额 ÆØÅ', footer: 'Footer 〇', lang: 'en' });
    const text = poppler('pdftotext', '-layout', path, '-');
    // Each page draws the header and the footer once (the line that loads their fonts prints nowhere).
    expect(text.split('Header 贸易额 ÆØÅ').length - 1).toBe(r.pages);
    expect(text.split('Footer 〇').length - 1).toBe(r.pages);
    expectShippedFonts(path);
  });

  it('prints the Chinese edition with Chinese text and page labels', async () => {
    const r = await print(bulletinViewFixture('zh'), 'zh');
    expect(r.text).toContain('亿元');
    expect(r.text).toContain('欧亚班列贸易统计公报');
    // pdftotext drops the spaces around CJK characters: "第 1 页 / 共 8 页" comes out as "第1页/共8页".
    expect(r.text.replace(/\s+/gu, '')).toContain(`第1页/共${r.pages}页`);
    expectShippedFonts(r.path);
    expect(poppler('pdfinfo', r.path)).toMatch(/^Title:\s+欧亚班列贸易统计公报（2026年1–6月）$/mu);
    expect((await readFile(r.path)).toString('latin1')).toContain('/Lang (zh-CN)');
    const nodes = await expectPdfUa(r.path, '欧亚班列贸易统计公报（2026年1–6月）', 'zh-CN');
    // English words in the Chinese text are tagged as English.
    expect(nodes.filter((n) => n.lang === 'en').length).toBeGreaterThan(0);
  });

  it('prints a hostile service name as text', async () => {
    const xss = '<script>alert(1)</script>';
    const view = bulletinViewFixture('en');
    view.keyFigures[0]!.label = xss;
    view.sections[0]!.table!.rows[0]![0] = xss;
    const data = chartDataFixture({
      services: services.map((s, i) => (i === 0 ? { ...s, shortName: xss } : s)),
    });
    const r = await print(view, 'hostile', data);
    expect(r.text.split(xss).length - 1).toBeGreaterThanOrEqual(3); // cover, table, chart legends
  });

  it('prints the running header and footer as text, whatever characters they hold, on one line each', async () => {
    const view = bulletinViewFixture('en');
    const path = join(dir, 'margins.pdf');
    const header = 'Trade "A" \\ B </style><b>bold?</b> & C';
    const footer = `Source: ${'long name '.repeat(40)}END-OF-FOOTER`;
    const r = await printer.printPdf(renderBulletinHtml(view, chartsByEdition.en!), path, view.meta, { header, footer, lang: 'en' });
    const page2 = poppler('pdftotext', '-f', '2', '-l', '2', '-layout', path, '-');
    expect(page2).toContain('Trade "A" \\ B </style><b>bold?</b> & C');
    // The footer is cut with an ellipsis before the page label: one line, the label whole.
    expect(page2).not.toContain('END-OF-FOOTER');
    expect(page2).toMatch(/Source: (long name )+(l|lo|lon|long|long n|long na|long nam|long name)?…/u);
    expect(page2).toMatch(/Page 2 of \d+\s*$/u);
    expect(r.pages).toBe((await print(bulletinViewFixture('en'), 'margins-plain')).pages);
    // Header and footer are pagination artifacts on every page: no text is left neither tagged
    // nor artifact, and the structure tree (what a screen reader reads) holds neither.
    const marking = await textMarking(path);
    expect(marking).toHaveLength(r.pages);
    for (const m of marking) {
      expect(m.unmarked).toBe(0);
      expect(m.artifact).toBeGreaterThan(0);
    }
    const struct = poppler('pdfinfo', '-struct-text', path);
    expect(struct).toContain('Eurasian');
    expect(struct).not.toContain('bold?');
    expect(struct).not.toMatch(/Page \d+ of/u);
  });

  it('sends a figure that does not fit to the next page and fills this one with the text after it (bulletin CSS)', async () => {
    // 259 mm of text column (A4 less 20 + 18 mm margins): 150 mm of text, then a figure of
    // 170 × 420/600 = 119 mm plus its caption, which cannot fit in the 109 mm left.
    const css = await readFile(join(import.meta.dirname, '..', '..', 'templates', 'bulletin.css'), 'utf8');
    const page =
      `<!doctype html><html lang="en"><head><style>${css}</style></head><body>` +
      '<div style="height:150mm"><p>BEFORE-FIGURE</p></div>' +
      '<figure class="chart"><figcaption>FIGURE-TALL</figcaption>' +
      '<svg viewBox="0 0 600 420" width="600" height="420" role="img" aria-label="tall"><rect width="600" height="420" fill="#ccc"/></svg></figure>' +
      '<p>AFTER-FIGURE</p><section class="colophon"><p>COLOPHON</p></section></body></html>';
    const path = join(dir, 'float.pdf');
    const r = await printer.printPdf(page, path, { ...bulletinViewFixture('en').meta }, { header: 'h', lang: 'en' });
    expect(r.pages).toBe(2);
    const onPage = (n: number): string => poppler('pdftotext', '-f', String(n), '-l', String(n), path, '-');
    // In flow, AFTER-FIGURE went to page 2 under the figure, leaving 109 mm of page 1 empty.
    expect(onPage(1)).toContain('BEFORE-FIGURE');
    expect(onPage(1)).toContain('AFTER-FIGURE');
    expect(onPage(1)).not.toContain('FIGURE-TALL');
    expect(onPage(2)).toContain('FIGURE-TALL');
    // The end matter waits for the figure: it never comes before it.
    expect(onPage(2)).toContain('COLOPHON');
  });

  it('blocks every network request and reports it', async () => {
    const path = join(dir, 'net.pdf');
    const page =
      '<!doctype html><html lang="en"><body><p>x</p><img src="http://example.invalid/a.png"></body></html>';
    const meta = { ...bulletinViewFixture('en').meta };
    const r = await printer.printPdf(page, path, meta, { header: 'h', lang: 'en' });
    expect(r.blocked).toEqual(['http://example.invalid/a.png']);
    expect(logger.lines.some((l) => l.includes('blocked a request') && l.includes('example.invalid'))).toBe(
      true,
    );
  });
});

describe('cover thumbnail', () => {
  it('is taken from the printed page: the cover block of an A4 page in print media, as a page of its own shows it', async () => {
    const view = bulletinViewFixture('zh');
    const html = renderBulletinHtml(view, chartsByEdition.zh!);
    const png = join(dir, 'cover.png');
    await printer.printPdf(html, join(dir, 'cover.pdf'), view.meta, { header: view.runningHeader, lang: view.lang }, { pngPath: png });
    // The reference: a fresh page of the same HTML, body margins as the PDF's, print media, 0.4 scale.
    const browser = await puppeteer.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_FLAGS, pipe: true, userDataDir: join(dir, 'cover-profile') });
    try {
      const page = await browser.newPage();
      await page.setJavaScriptEnabled(false);
      await page.setViewport({ width: 794, height: 1123, deviceScaleFactor: 0.4 });
      await page.emulateMediaType('print');
      await page.setContent(withFonts(html.replace('</head>', '<style>body{margin:20mm 20mm 0 20mm !important}</style></head>'), 'cover'), { waitUntil: 'load' });
      const box = (await (await page.$('header.cover'))!.boundingBox())!;
      const reference = readPng(Buffer.from(await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: 794, height: Math.ceil(box.y + box.height + 8) } })));
      const cover = readPng(await readFile(png));
      expect([cover.width, cover.height]).toEqual([reference.width, reference.height]);
      expect(cover.width).toBe(318); // 794 px × 0.4
      expect(cover.height).toBeGreaterThan(150);
      expect(differingPixels(cover, reference, 16)).toBe(0);
    } finally {
      await browser.close();
    }
  });
});

describe('chartPng', () => {
  it('writes a PNG at twice the SVG size, with fonts in the profile folder it removes on close', async () => {
    const chart = chartsByEdition.zh![0]!;
    const root = join(dir, 'profiles');
    const own = await openPrinter({ logger, profileRoot: root });
    const png = join(dir, 'annual-value.png');
    try {
      await own.chartPng(chart.svg, png, 2);
      const [profile] = await readdir(root);
      expect((await readdir(join(root, profile!, 'trade-bulletin-fonts'))).filter((f) => f.endsWith('.ttf')).length).toBeGreaterThan(2);
    } finally {
      await own.close();
    }
    expect(await readdir(root)).toEqual([]);
    const image = readPng(await readFile(png));
    expect([image.width, image.height]).toEqual([2 * Number(/width="(\d+)"/u.exec(chart.svg)?.[1]), 2 * Number(/height="(\d+)"/u.exec(chart.svg)?.[1])]);
  });
});

describe('openPrinter', () => {
  it('refuses work once closed (a stop closes it while bulletins are under way), at once', async () => {
    const own = await openPrinter({ logger });
    await own.close();
    const view = bulletinViewFixture('en');
    await expect(own.printPdf('<html><body>x</body></html>', join(dir, 'closed.pdf'), view.meta, { header: 'h', lang: 'en' })).rejects.toThrow(/closed\.pdf failed: the printer is closed/u);
    await expect(own.chartPng(chartsByEdition.en![0]!.svg, join(dir, 'closed.png'))).rejects.toThrow(/closed\.png failed: the printer is closed/u);
  });

  it('runs Chromium as few processes: one renderer for the pages printing side by side, no zygote, no GPU process', async () => {
    const root = join(dir, 'procs');
    const own = await openPrinter({ logger, profileRoot: root });
    try {
      const view = bulletinViewFixture('en');
      const html = renderBulletinHtml(view, chartsByEdition.en!);
      const running = { header: view.runningHeader, lang: view.lang };
      // Two pages at once, as publishBulletins prints, then a third on a reused page.
      await Promise.all([own.printPdf(html, join(dir, 'p1.pdf'), view.meta, running), own.printPdf(html, join(dir, 'p2.pdf'), view.meta, running)]);
      await own.printPdf(html, join(dir, 'p3.pdf'), view.meta, running);
      const browsers = processesWith(`--user-data-dir=${join(root, 'chromium-')}`).map((p) => p.pid);
      expect(browsers.length).toBeGreaterThan(0);
      // The full browser names the profile on its helpers too; the headless shell only on itself.
      const lines = [...browsers, ...descendants(browsers)].map(cmdline);
      const type = (c: string): string => /--type=(\S+)/u.exec(c)?.[1] ?? 'browser';
      // The full browser may keep a WebUI renderer of its own (--top-chrome-webui); pages share one.
      expect(lines.filter((c) => type(c) === 'renderer' && !c.includes('--top-chrome-webui'))).toHaveLength(1);
      expect(lines.map(type).filter((t) => t === 'zygote' || t === 'gpu-process')).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('says how to install Chromium when it is missing', async () => {
    await expect(openPrinter({ executablePath: '/nonexistent/chromium' })).rejects.toThrow(
      /apt-get install chromium/u,
    );
  });
});

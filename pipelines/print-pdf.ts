/**
 * Stage `print-pdf`: bulletin HTML → PDF and cover PNG, with one headless Chromium per run; chart
 * SVG → PNG in Node (chart-png.ts, resvg), with the fonts in the printer's temporary folder.
 *
 * 1. `openPrinter` launches Chromium once (offline flags, fresh profile in a temp folder), talking
 *    to it over a pipe (`pipe: true`): when this process dies, however it dies, Chromium reads
 *    the end of the pipe and exits, so no browser outlives the run. Puppeteer's own signal
 *    handlers are off: the CLI decides what SIGINT/SIGTERM do (see cli/interrupt.ts).
 * 2. Each job gets a fresh page with JavaScript disabled and every network request blocked:
 *    a bulletin is self-contained and must load nothing.
 * 3. `withFonts` inlines the shipped fonts (pipelines/print-fonts.ts) that the page's text needs
 *    and refuses a character none of them holds: no printed text falls back to a system font.
 * 4. `printPdf` prints A4 with running header and "Page N of M" footer (CSS margin boxes of the
 *    page, print-templates.ts), tagged, with an outline, then `finishPdf` replaces the
 *    clock-stamped metadata so equal inputs give equal bytes; the cover thumbnail is taken from
 *    the same page afterwards.
 * 5. Files are written to a temporary name and renamed into place.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { writeFileAtomic } from '../lib/atomic-write.js';
import { StageError } from '../lib/errors.js';
import { message } from '../lib/messages.js';
import type { Logger } from '../lib/logger.js';
import type { BulletinView } from '../reports/model.js';
import { finishPdf, pdfDate, pdfPageCount, skiaProducer } from './pdf-info.js';
import { marginBoxes, marginText, type RunningText } from './print-templates.js';
import { fontFaceCss, uncovered } from './print-fonts.js';
import { chartPng as svgPng, forgetFontDir } from './chart-png.js';

export type { RunningText } from './print-templates.js';

/** Document metadata of a PDF (as in BulletinView.meta); `creationDate` is an ISO date, never the clock. */
export type PdfMeta = BulletinView['meta'];

/** Options of `openPrinter`. */
export interface PrinterOptions {
  /** Chromium executable; default: env `TRADE_BULLETIN_CHROMIUM`, else `/usr/bin/chromium`. */
  executablePath?: string;
  /** Where blocked requests are reported (warnings). */
  logger?: Logger;
  /** Time limit of each page operation, in ms (default 60 000). */
  timeoutMs?: number;
  /** Folder for Chromium's throwaway profile (`chromium-XXXXXX` inside it); default the system temp folder. */
  profileRoot?: string;
}

/** What `printPdf` wrote. */
export interface PrintedPdf {
  path: string;
  pages: number;
  bytes: number;
  /** URLs the page tried to load (all blocked); empty for a well-formed bulletin. */
  blocked: string[];
}

/** Where `printPdf` writes the cover thumbnail, and its scale (default 0.4: 318 px wide). */
export interface CoverPng {
  pngPath: string;
  scale?: number;
}

/** One Chromium, reused for every PDF and PNG of a run. Call `close()` in a `finally`. */
export interface Printer {
  /**
   * Prints `html` to a PDF; with `cover`, then writes a thumbnail of its cover (the first A4
   * page, print media, as printed) from the same loaded page.
   */
  printPdf(html: string, outPath: string, meta: PdfMeta, running: RunningText, cover?: CoverPng): Promise<PrintedPdf>;
  /**
   * A chart SVG's PNG at `scale`, drawn in Node by resvg with the shipped fonts (chart-png.ts),
   * not by Chromium: a few dozen ms a chart instead of a page load and a capture.
   */
  chartPng(svg: string, pngPath: string, scale?: number): Promise<void>;
  close(): Promise<void>;
}

/** Flags without which Chromium reaches for the network at start and stalls offline. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--headless=new',
  '--font-render-hinting=none',
  // Bulletins print two at a time on one Chromium: a page that is not in front must still paint,
  // or its screenshot waits for a frame that never comes ("Page.captureScreenshot timed out").
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/** Page margins: a 170 mm text column on A4, room for the running header and footer. */
const MARGIN = { top: '20mm', bottom: '18mm', left: '20mm', right: '20mm' };

function chromiumPath(options: PrinterOptions): string {
  const path = options.executablePath ?? process.env.TRADE_BULLETIN_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new StageError('print-pdf', message.noChromium(path));
  }
  return path;
}

async function offlinePage(browser: Browser, timeoutMs: number, blocked: string[]): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(timeoutMs);
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    // The inlined fonts and the publisher's logo are data: URLs (nothing leaves the process); everything else is refused.
    if (/^data:(?:font\/woff2|image\/svg\+xml|image\/png);base64,/u.test(req.url())) {
      void req.continue().catch(() => undefined);
      return;
    }
    blocked.push(req.url());
    void req.abort('blockedbyclient').catch(() => undefined);
  });
  return page;
}

/**
 * `html` with the shipped fonts its text needs inlined before `</head>`; throws a StageError
 * naming any character no shipped font holds.
 * @example await page.setContent(withFonts(html, 'out/b.pdf'));
 */
export function withFonts(html: string, what: string, extraText = ''): string {
  const missing = uncovered(html + extraText);
  if (missing.length)
    throw new StageError(
      'print-pdf',
      `${what}: no shipped font (Noto Sans, Noto Sans SC) holds ${missing.map((c) => `"${c}" (U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})`).join(', ')}; replace the character in the reference data or text`,
    );
  const style = `<style>${fontFaceCss(html + extraText)}</style>`;
  const at = html.indexOf('</head>');
  return at >= 0 ? `${html.slice(0, at)}${style}${html.slice(at)}` : `${style}${html}`;
}

/**
 * Launches Chromium and returns the printer.
 * @example
 * const printer = await openPrinter({ logger });
 * try { await printer.printPdf(html, 'out/b.pdf', view.meta, { header: view.runningHeader, lang: view.lang }); }
 * finally { await printer.close(); }
 */
export async function openPrinter(options: PrinterOptions = {}): Promise<Printer> {
  const executablePath = chromiumPath(options);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const root = options.profileRoot ?? tmpdir();
  await mkdir(root, { recursive: true });
  const userDataDir = await mkdtemp(join(root, options.profileRoot ? 'chromium-' : 'trade-bulletin-chromium-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      userDataDir,
      args: CHROMIUM_FLAGS,
      timeout: timeoutMs,
      pipe: true,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new StageError('print-pdf', `cannot start Chromium at ${executablePath}: ${String(err)}`, {
      cause: err,
    });
  }
  const report = (what: string, blocked: string[]): void => {
    for (const url of blocked)
      options.logger?.warn(`print-pdf: blocked a request from ${what} to ${url.slice(0, 200)}`);
  };

  async function printPdf(
    html: string,
    outPath: string,
    meta: PdfMeta,
    running: RunningText,
    cover?: CoverPng,
  ): Promise<PrintedPdf> {
    const blocked: string[] = [];
    const page = await offlinePage(browser, timeoutMs, blocked);
    let current = outPath;
    try {
      // The running header, footer and page numbers are margin boxes of the page itself, drawn with its fonts.
      const boxes = `<style>${marginBoxes(running)}</style>`;
      const at = html.indexOf('</head>');
      const withBoxes = at >= 0 ? `${html.slice(0, at)}${boxes}${html.slice(at)}` : `${boxes}${html}`;
      await page.setContent(withFonts(withBoxes, outPath, marginText(running)), { waitUntil: 'load' });
      const raw = await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: false,
        preferCSSPageSize: false,
        margin: MARGIN,
        tagged: true,
        outline: true,
        timeout: timeoutMs,
      });
      const skia = skiaProducer(raw);
      const pdf = finishPdf(raw, {
        title: meta.title,
        subject: meta.subject,
        author: meta.author,
        keywords: meta.keywords,
        creator: 'trade-bulletin',
        producer: skia ? `trade-bulletin with ${skia}` : 'trade-bulletin',
        date: pdfDate(meta.creationDate),
        lang: meta.language,
      });
      await writeFileAtomic(outPath, pdf);
      if (cover) {
        current = cover.pngPath;
        await coverPng(page, cover);
      }
      report(outPath, blocked);
      return { path: outPath, pages: pdfPageCount(pdf), bytes: pdf.length, blocked };
    } catch (err) {
      throw err instanceof StageError
        ? err
        : new StageError('print-pdf', `${current === outPath ? 'printing' : 'rendering'} ${current} failed: ${String(err)}`, { cause: err });
    } finally {
      await page.close();
    }
  }

  /**
   * Screenshots one at a time per browser, each of a page brought to the front first: under
   * --headless=new a page in the background commits no frame, and Page.captureScreenshot on it
   * waits until the protocol timeout (puppeteer/puppeteer#12712; seen here with two bulletins
   * printing at once). PDFs need no frame and still print side by side.
   */
  let captures: Promise<unknown> = Promise.resolve();
  function capture(page: Page, clip: { x: number; y: number; width: number; height: number }): Promise<Uint8Array> {
    const shot = captures.then(async () => {
      await page.bringToFront();
      return page.screenshot({ type: 'png', clip, omitBackground: false });
    });
    captures = shot.catch(() => undefined);
    return shot;
  }

  /**
   * The cover thumbnail from the page the PDF was printed from (no second load): an A4 page at
   * 96 dpi in print media, with the PDF's margins as the body's, clipped below the cover block.
   */
  async function coverPng(page: Page, cover: CoverPng): Promise<void> {
    const height = 1123;
    await page.setViewport({ width: 794, height, deviceScaleFactor: cover.scale ?? 0.4 });
    await page.emulateMediaType('print');
    // A style element added through DevTools: the page's own scripts stay disabled.
    await page.addStyleTag({ content: `body{margin:${MARGIN.top} ${MARGIN.right} 0 ${MARGIN.left} !important}` });
    // The cover is the header.cover block (one printed page); measured through the DOM handle (no page script runs).
    const block = await page.$('header.cover');
    const box = block ? await block.boundingBox() : null;
    const clip = { x: 0, y: 0, width: 794, height: Math.min(height, Math.ceil((box ? box.y + box.height : height) + 8)) };
    await writeFileAtomic(cover.pngPath, await capture(page, clip));
  }

  let closing: Promise<void> | null = null;
  // The chart fonts live in the profile folder, removed by close() once no chart is being drawn.
  const fontDir = join(userDataDir, 'trade-bulletin-fonts');
  const drawing = new Set<Promise<void>>();
  function chartPng(svg: string, pngPath: string, scale = 2): Promise<void> {
    if (closing) return Promise.reject(new StageError('print-pdf', `rendering ${pngPath} failed: the printer is closed`));
    const draw = (async () => {
      try {
        await writeFileAtomic(pngPath, await svgPng(svg, scale, fontDir, pngPath));
      } catch (err) {
        throw err instanceof StageError ? err : new StageError('print-pdf', `rendering ${pngPath} failed: ${String(err)}`, { cause: err });
      }
    })();
    drawing.add(draw);
    void draw.catch(() => undefined).finally(() => drawing.delete(draw));
    return draw;
  }

  /** Closes Chromium and removes its profile; a second call waits for the first. */
  function close(): Promise<void> {
    closing ??= (async () => {
      try {
        await browser.close();
      } finally {
        await Promise.allSettled([...drawing]);
        await rm(userDataDir, { recursive: true, force: true });
        forgetFontDir(fontDir);
      }
    })();
    return closing;
  }

  return { printPdf, chartPng, close };
}

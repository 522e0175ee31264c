/**
 * Stage `print-pdf`: bulletin HTML → PDF and cover PNG, with one headless Chromium per run; chart
 * SVG → PNG in Node (chart-png.ts, resvg), with the fonts in the printer's temporary folder.
 *
 * 1. `openPrinter` launches Chromium once (offline flags, fresh profile in a temp folder), talking
 *    to it over a pipe (`pipe: true`): when this process dies, however it dies, Chromium reads
 *    the end of the pipe and exits, so no browser outlives the run. Puppeteer's own signal
 *    handlers are off: the CLI decides what SIGINT/SIGTERM do (see cli/interrupt.ts).
 * 2. Each job gets a page with JavaScript disabled and every network request blocked (a bulletin
 *    is self-contained and must load nothing), in print media at A4 width; a page prints one
 *    bulletin after another (a new page is a new renderer process).
 * 3. `withFonts` inlines the shipped fonts (pipelines/print-fonts.ts) that the page's text needs
 *    and refuses a character none of them holds: no printed text falls back to a system font.
 * 4. `printPdf` loads the bulletin once: takes the cover thumbnail from that layout, then prints
 *    A4 with running header and "Page N of M" footer (CSS margin boxes, print-templates.ts),
 *    tagged, with an outline; `finishPdf` replaces the clock-stamped metadata and renumbers the
 *    renderer's node ids, so equal inputs give equal bytes on any page.
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
import { escapeHtml } from '../reports/html-template.js';
import type { Logger } from '../lib/logger.js';
import type { BulletinView } from '../reports/model.js';
import { finishPdf, pdfDate, pdfPageCount, skiaProducer } from './pdf-info.js';
import { marginBoxes, marginText, type RunningText } from './print-templates.js';
import { fontFaceCss, uncovered } from './print-fonts.js';
import { chartPng as svgPng, forgetFontDir } from './chart-png.js';
import { chromiumExecutable } from './chromium-path.js';

export type { RunningText } from './print-templates.js';

/** Document metadata of a PDF (as in BulletinView.meta); `creationDate` is an ISO date, never the clock. */
export type PdfMeta = BulletinView['meta'];

/** Options of `openPrinter`. */
export interface PrinterOptions {
  /** Chromium executable; default: `chromiumExecutable()` (env `TRADE_BULLETIN_CHROMIUM`, else the headless shell when installed, else `/usr/bin/chromium`). */
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
  // Fewer processes: each maps its own share of Chromium's binary and holds its own heaps, 45–250 MB
  // of resident memory apiece (a dozen of them held ≈1.4 GB while the 1 M-shipment nightly
  // printed). One renderer for every page (the pages load nothing from any site and run no
  // script), no spare renderer kept warm, no omnibox popup (a WebUI renderer of its own), GPU and
  // network service inside the browser process, no zygotes (the renderer is started directly).
  // Not --single-process: it crashed on a page whose image failed to load.
  '--renderer-process-limit=1',
  '--disable-features=SpareRendererForSitePerProcess,WebUIOmniboxPopup,WebUIOmniboxAimPopup',
  '--in-process-gpu',
  '--enable-features=NetworkServiceInProcess2',
  '--no-zygote',
];

/** Page margins: a 170 mm text column on A4, room for the running header and footer. */
const MARGIN = { top: '20mm', bottom: '18mm', left: '20mm', right: '20mm' };

/** An A4 sheet in CSS px (96 dpi): the printer's pages, and the cover thumbnail before scaling. */
const A4_PX = { width: 794, height: 1123 };

/** Scale of the cover thumbnail: 794 px × 0.4 = 318 px wide. */
const COVER_SCALE = 0.4;

/**
 * What the printer adds to a bulletin's page. In the page's own layout (print media, 794 px
 * wide) the body gets the PDF's margins, so the cover thumbnail shows the first page as printed,
 * and a hidden line holds the margins' text, so their fonts are loaded before printing (Chromium
 * prints margin boxes without waiting for a font they alone use). The PDF is laid out on a
 * 642 px column (170 mm): neither applies there.
 */
function pageAdditions(running: RunningText): { head: string; body: string } {
  const coverLayout = '@media print and (min-width: 700px)';
  const pdfLayout = '@media print and (max-width: 699px)';
  return {
    head:
      `<style>${marginBoxes(running)}` +
      `${coverLayout}{body{margin:${MARGIN.top} ${MARGIN.right} 0 ${MARGIN.left} !important}}` +
      ".tb-margin-text{position:absolute;top:0;left:0;visibility:hidden;white-space:nowrap;font-family:'Noto Sans','Noto Sans SC';font-weight:400;font-style:normal}" +
      `${pdfLayout}{.tb-margin-text{display:none !important}}</style>`,
    body: `<div class="tb-margin-text" aria-hidden="true">${escapeHtml(marginText(running))}</div>`,
  };
}

function chromiumPath(options: PrinterOptions): string {
  const path = options.executablePath ?? chromiumExecutable();
  if (!existsSync(path)) {
    throw new StageError('print-pdf', message.noChromium(path));
  }
  return path;
}

/** A page of the printer and where the requests it blocks are reported (the job it is printing). */
interface PrintPage {
  page: Page;
  job: { blocked: string[] };
}

/**
 * A page that loads nothing, in print media at the size of an A4 sheet (794 px at 96 dpi, drawn
 * at `scale` for the cover thumbnail): the layout it makes for a bulletin is the cover's, and
 * the PDF is laid out for its own pages. Set once: a page prints one bulletin after another.
 */
async function printPage(browser: Browser, timeoutMs: number, scale: number): Promise<PrintPage> {
  const page = await browser.newPage();
  const p: PrintPage = { page, job: { blocked: [] } };
  page.setDefaultTimeout(timeoutMs);
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    // The inlined fonts and the publisher's logo are data: URLs (nothing leaves the process); everything else is refused.
    if (/^data:(?:font\/woff2|image\/svg\+xml|image\/png);base64,/u.test(req.url())) {
      void req.continue().catch(() => undefined);
      return;
    }
    p.job.blocked.push(req.url());
    void req.abort('blockedbyclient').catch(() => undefined);
  });
  await page.setViewport({ width: A4_PX.width, height: A4_PX.height, deviceScaleFactor: scale });
  await page.emulateMediaType('print');
  return p;
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
      message.noShippedFont(what, missing),
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

  // Pages kept between bulletins: a new page is a new renderer process (≈0.2 s of CPU). A page
  // whose job failed is closed, not kept.
  const idle: PrintPage[] = [];

  async function printPdf(
    html: string,
    outPath: string,
    meta: PdfMeta,
    running: RunningText,
    cover?: CoverPng,
  ): Promise<PrintedPdf> {
    // A stop closes the printer while bulletins are under way: the next one fails at once.
    if (closing) throw new StageError('print-pdf', `printing ${outPath} failed: the printer is closed`);
    const scale = cover?.scale ?? COVER_SCALE;
    const reused = idle.findIndex((p) => p.page.viewport()?.deviceScaleFactor === scale);
    const p = reused >= 0 ? idle.splice(reused, 1)[0]! : await printPage(browser, timeoutMs, scale);
    const blocked: string[] = [];
    p.job = { blocked };
    const { page } = p;
    let current = outPath;
    let ok = false;
    try {
      // The running header, footer and page numbers are margin boxes of the page itself, drawn with its fonts.
      const add = pageAdditions(running);
      const head = html.indexOf('</head>');
      let doc = head >= 0 ? `${html.slice(0, head)}${add.head}${html.slice(head)}` : `${add.head}${html}`;
      const body = doc.lastIndexOf('</body>');
      doc = body >= 0 ? `${doc.slice(0, body)}${add.body}${doc.slice(body)}` : `${doc}${add.body}`;
      await page.setContent(withFonts(doc, outPath, marginText(running)), { waitUntil: 'load' });
      if (cover) {
        // The page is laid out as the cover thumbnail shows it: no second load for it.
        current = cover.pngPath;
        await coverPng(page, cover.pngPath);
        current = outPath;
      }
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
      report(outPath, blocked);
      ok = true;
      return { path: outPath, pages: pdfPageCount(pdf), bytes: pdf.length, blocked };
    } catch (err) {
      throw err instanceof StageError
        ? err
        : new StageError('print-pdf', `${current === outPath ? 'printing' : 'rendering'} ${current} failed: ${String(err)}`, { cause: err });
    } finally {
      if (ok && !closing) idle.push(p);
      else await page.close().catch(() => undefined);
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

  /** The cover thumbnail: the page as laid out, clipped below the cover block (header.cover). */
  async function coverPng(page: Page, pngPath: string): Promise<void> {
    // Measured through the DOM handle (no page script runs).
    const block = await page.$('header.cover');
    const box = block ? await block.boundingBox() : null;
    const clip = { x: 0, y: 0, width: A4_PX.width, height: Math.min(A4_PX.height, Math.ceil((box ? box.y + box.height : A4_PX.height) + 8)) };
    await writeFileAtomic(pngPath, await capture(page, clip));
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

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { renderAsync } from '@resvg/resvg-js';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignFaces, chartPng, faceFont } from '../../pipelines/chart-png.js';
import { renderCharts } from '../../pipelines/charts.js';
import { faceFor, fontFaces } from '../../pipelines/print-fonts.js';
import { CHROMIUM_FLAGS } from '../../pipelines/print-pdf.js';
import { chromiumExecutable } from '../../pipelines/chromium-path.js';
import type { RenderedChart } from '../../reports/model.js';
import { chartDataFixture } from '../fixtures/chart-data.js';
import { differingPixels, readPng, type Pixels } from '../helpers/png.js';

let dir: string;
const charts: Record<string, RenderedChart[]> = {};
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tb-chart-png-'));
  charts.en = await renderCharts(chartDataFixture(), 'en');
  charts.zh = await renderCharts(chartDataFixture(), 'zh');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const face = (name: string) => fontFaces().find((f) => f.file.endsWith(`/${name}.woff2`))!;

describe('the face of each character', () => {
  it("splits each text into runs of one face, keeping vega's line tspans and escapes", () => {
    const svg = '<svg><text font-weight="bold" font-family="Noto Sans, Noto Sans SC, sans-serif"><tspan>A &amp; 贸易</tspan><tspan x="0" dy="12">B</tspan></text></svg>';
    const out = assignFaces(svg, 'x.png').svg;
    const runs = [...out.matchAll(/<tspan font-family="(tb-face-\d+)">([^<]*)<\/tspan>/gu)].map((m) => [m[1]!, m[2]!]);
    expect(runs.map(([, t]) => t)).toEqual(out.includes('>贸易<') ? ['A &amp; ', '贸易', 'B'] : ['A &amp; ', '贸', '易', 'B']);
    // Each run in the bold face of its characters (the space and & with the Latin letters).
    for (const [family, text] of runs) for (const ch of text!.replace('&amp;', '&')) expect(faceFont(faceFor(ch.codePointAt(0)!, '700')!).family, ch).toBe(family);
    // Without the runs' tspans, the SVG is what it was.
    expect(out.replace(/<tspan font-family="tb-face-\d+">([^<]*)<\/tspan>/gu, '$1')).toBe(svg);
  });

  it('refuses a character no shipped font holds, naming it', () => {
    expect(() => assignFaces('<svg><text>Ur 𒀀</text></svg>', 'charts/x.png')).toThrow(/charts\/x\.png: no shipped font .* "𒀀" \(U\+12000\)/u);
  });
});

/** The most pixels of one `size`×`size` tile that differ by more than `tolerance` in a colour channel. */
function worstTile(a: Pixels, b: Pixels, size: number, tolerance: number): number {
  let worst = 0;
  for (let ty = 0; ty < a.height; ty += size)
    for (let tx = 0; tx < a.width; tx += size) {
      let n = 0;
      for (let y = ty; y < Math.min(ty + size, a.height); y++)
        for (let x = tx; x < Math.min(tx + size, a.width); x++) {
          const p = (y * a.width + x) * 4;
          if ([0, 1, 2].some((k) => Math.abs(a.rgba[p + k]! - b.rgba[p + k]!) > tolerance)) n++;
        }
      worst = Math.max(worst, n);
    }
  return worst;
}

describe('chart PNGs drawn by resvg', () => {
  const single = (ch: string, weight: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><text x="4" y="30" font-family="Noto Sans, Noto Sans SC, sans-serif" font-size="24px" font-weight="${weight}">${ch.replace('&', '&amp;').replace('<', '&lt;')}</text></svg>`;

  it('draws every character of the charts with its glyph, not the .notdef box, regular and bold apart', async () => {
    const text = [...charts.en!, ...charts.zh!].map((c) => [...c.svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/gu)].map((m) => m[1]!.replace(/<[^>]*>/gu, '')).join('')).join('');
    const chars = [...new Set(text.replace(/&amp;/gu, '&').replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&quot;/gu, '"').replace(/&#39;/gu, "'"))].filter((c) => c.codePointAt(0)! > 0x20);
    expect(chars.length).toBeGreaterThan(100);
    expect(chars).toContain('贸');
    // The .notdef boxes of both families (a character drawn with a face that lacks it), and no ink.
    const lacking = async (ch: string, f: string) => {
      const font = faceFont(face(f));
      const file = join(dir, `${font.family}.ttf`);
      await writeFile(file, font.ttf);
      const svg = single(ch, '400').replace(/font-family="[^"]*"/u, `font-family="${font.family}"`);
      return (await renderAsync(svg, { font: { loadSystemFonts: false, fontFiles: [file], defaultFontFamily: font.family }, background: '#ffffff' })).asPng();
    };
    const notdef = [await lacking('贸', 'noto-sans-latin-400-normal'), await lacking('A', fontFaces().find((f) => f.family === 'Noto Sans SC' && !f.ranges.some(([a]) => a === 0))!.file.replace(/^.*\/|\.woff2$/gu, ''))];
    const blank = await chartPng(single(' ', '400'), 1, join(dir, 'fonts'), 'blank');
    expect(notdef[0]!.equals(blank)).toBe(false);
    expect(notdef[1]!.equals(blank)).toBe(false);
    for (const ch of chars) {
      const regular = await chartPng(single(ch, 'normal'), 1, join(dir, 'fonts'), ch);
      const bold = await chartPng(single(ch, 'bold'), 1, join(dir, 'fonts'), ch);
      for (const png of [regular, bold]) {
        expect(png.equals(blank), `${ch} drew nothing`).toBe(false);
        expect(notdef.some((box) => box.equals(png)), `${ch} drew the .notdef box`).toBe(false);
      }
      if (!/^[\s.,:;'’·-]$/u.test(ch)) expect(regular.equals(bold), `${ch} bold as regular`).toBe(false);
    }
  });

  it('draws the same bytes every time, at scale × the SVG size', async () => {
    const chart = charts.zh![0]!;
    const a = await chartPng(chart.svg, 2, join(dir, 'fonts'), 'a');
    const b = await chartPng(chart.svg, 2, join(dir, 'fonts'), 'b');
    expect(a.equals(b)).toBe(true);
    expect([a.readUInt32BE(16), a.readUInt32BE(20)]).toEqual([2 * Number(/width="(\d+)"/u.exec(chart.svg)?.[1]), 2 * Number(/height="(\d+)"/u.exec(chart.svg)?.[1])]);
  });

  it("reports resvg's refusal of an SVG, and draws the next one", async () => {
    await expect(chartPng('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><g></svg>', 1, join(dir, 'fonts'), 'bad.png')).rejects.toThrow(/^resvg: /u);
    const ok = await chartPng(charts.en![0]!.svg, 1, join(dir, 'fonts'), 'ok.png');
    expect(ok.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('leaves no gc() exposed to this process once the worker has taken its own (the flag is set only for that moment)', async () => {
    await chartPng(charts.en![0]!.svg, 1, join(dir, 'fonts'), 'gc.png');
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined');
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });

  describe('beside Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await puppeteer.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_FLAGS, pipe: true, userDataDir: join(dir, 'profile') });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('draws each chart as Chromium does with the shipped fonts, but for anti-aliasing', async () => {
      const { withFonts } = await import('../../pipelines/print-pdf.js');
      const page = await browser.newPage();
      await page.setJavaScriptEnabled(false);
      for (const c of [...charts.en!, ...charts.zh!]) {
        const [w, h] = [Number(/width="(\d+)"/u.exec(c.svg)?.[1]), Number(/height="(\d+)"/u.exec(c.svg)?.[1])];
        await page.setViewport({ width: w, height: h, deviceScaleFactor: 2 });
        await page.setContent(withFonts(`<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#fff}svg{display:block;text-spacing-trim:space-all}</style></head><body>${c.svg}</body></html>`, c.id), { waitUntil: 'load' });
        const chromium = readPng(Buffer.from(await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: w, height: h } })));
        const resvg = readPng(await chartPng(c.svg, 2, join(dir, 'fonts'), c.id));
        // Measured: 0.12–0.26 % of the pixels differ by more than 64 levels, at most 113 of a
        // 32×32 tile: edges of glyphs and lines. A label left out differs by 145–271 in its tile.
        // (Chromium's tighter adjacent CJK punctuation, "）。", is turned off here: resvg has none.
        // A wrong face or weight is caught character by character above.)
        expect(differingPixels(chromium, resvg, 64) / (chromium.width * chromium.height), c.id).toBeLessThan(0.005);
        expect(worstTile(chromium, resvg, 32, 64), c.id).toBeLessThan(160);
      }
      await page.close();
    }, 60_000);
  });
});

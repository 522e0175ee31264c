/**
 * Chart SVG → PNG in Node, with resvg and the shipped fonts (no browser): the PNG beside each
 * chart SVG, drawn with the glyphs Chromium draws in the PDF.
 *
 * 1. Each Noto Sans / Noto Sans SC subset that a chart needs is converted once per process
 *    from its WOFF (v1, zlib-compressed sfnt tables, font-files.ts) to a TrueType file in the
 *    caller's font folder (resvg reads fonts from files, and cannot read woff2), renamed to a
 *    family of its own ("tb-face-N").
 * 2. Each character of the chart's text is given the face Chromium would draw it with at the
 *    text's weight (`faceFor` of print-fonts.ts: the charts' family order, Latin first). The
 *    text is split into one `<tspan>` per run of characters of one face, named by the face's
 *    own family.
 * 3. resvg renders that SVG, in a worker thread, with only those faces loaded (no system font). Naming each face
 *    is what keeps the weights right: resvg's own fallback between faces of one family takes
 *    the first face holding a character, whatever its weight (bold titles came out regular).
 *    A character no face holds is refused, as the printer refuses it in a page.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { StageError } from '../lib/errors.js';
import { message } from '../lib/messages.js';
import { faceFor, fontFaces, woffFile, type FontFace } from './print-fonts.js';
import { nameTable, sfnt, woffTables } from './font-files.js';

/** A shipped face made ready for resvg: its own family name and its TrueType bytes. */
interface ReadyFace {
  family: string;
  ttf: Buffer;
}

const ready = new Map<FontFace, ReadyFace>();

/** The face as a TrueType font named `tb-face-<index>` (converted once per process). */
function readyFace(face: FontFace): ReadyFace {
  let r = ready.get(face);
  if (!r) {
    const { flavor, tables } = woffTables(readFileSync(woffFile(face)));
    const family = `tb-face-${fontFaces().indexOf(face)}`;
    const named = [...tables.filter((t) => t.tag !== 'name'), { tag: 'name', data: nameTable(family, face.weight === '700') }];
    r = { family, ttf: sfnt(flavor, named) };
    ready.set(face, r);
  }
  return r;
}

/**
 * A shipped face as resvg reads it: TrueType bytes named `family` (for tests and tools).
 * @example writeFileSync('latin.ttf', faceFont(fontFaces()[7]!).ttf);
 */
export function faceFont(face: FontFace): { family: string; ttf: Buffer } {
  const { family, ttf } = readyFace(face);
  return { family, ttf };
}

/** The weight of the shipped faces that CSS font matching picks for a `font-weight` value. */
function shippedWeight(value: string | undefined): '400' | '700' {
  if (value === 'bold' || value === 'bolder') return '700';
  const n = Number(value);
  return Number.isFinite(n) && n > 500 ? '700' : '400';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m),
  );
const escape = (s: string): string => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');

/**
 * `svg` with every text run in a `<tspan>` naming the face that draws it, and the faces used.
 * Throws a StageError naming the characters no shipped face holds.
 * @example const { svg: named, faces } = assignFaces(chart.svg, 'annual-value.png');
 */
export function assignFaces(svg: string, what: string): { svg: string; faces: FontFace[] } {
  const used = new Set<FontFace>();
  const missing = new Set<string>();
  const out = svg.replace(/<text\b([^>]*)>([\s\S]*?)<\/text>/gu, (_m, attrs: string, body: string) => {
    const weight = shippedWeight(/\bfont-weight="([^"]*)"/u.exec(attrs)?.[1]);
    // Only character data is split; the tags between (vega's line <tspan>s) are kept as they are.
    const split = body.replace(/(<[^>]*>)|([^<]+)/gu, (_t, tag: string | undefined, chars: string) => {
      if (tag) return tag;
      const runs: { face: FontFace | null; text: string }[] = [];
      for (const ch of decode(chars)) {
        const cp = ch.codePointAt(0)!;
        const last = runs.at(-1);
        // Controls and spaces below U+0021 stay with the run they are in (as in `uncovered`).
        let face = cp > 0x20 && cp !== 0x7f ? faceFor(cp, weight) : (last?.face ?? faceFor(0x20, weight));
        if (cp > 0x20 && cp !== 0x7f && !face) {
          missing.add(ch);
          face = null;
        }
        if (last && last.face === face) last.text += ch;
        else runs.push({ face, text: ch });
      }
      return runs
        .map((r) => {
          if (!r.face) return escape(r.text);
          used.add(r.face);
          return `<tspan font-family="${readyFace(r.face).family}">${escape(r.text)}</tspan>`;
        })
        .join('');
    });
    return `<text${attrs}>${split}</text>`;
  });
  if (missing.size)
    throw new StageError(
      'print-pdf',
      message.noShippedFont(what, missing),
    );
  return { svg: out, faces: [...used] };
}

/** Font files written to a folder, per folder: each face once. */
const written = new Map<string, Map<FontFace, Promise<string>>>();

async function fontFile(dir: string, face: FontFace): Promise<string> {
  let files = written.get(dir);
  if (!files) written.set(dir, (files = new Map()));
  let path = files.get(face);
  if (!path) {
    const { family, ttf } = readyFace(face);
    path = (async () => {
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${family}.ttf`);
      await writeFile(file, ttf);
      return file;
    })();
    files.set(face, path);
  }
  return path;
}

/**
 * resvg in a worker thread: parsing, drawing and PNG encoding (≈60 ms a chart, the encoding
 * synchronous in resvg-js) stay off the thread that drives Chromium and renders the next
 * bulletin's charts. One worker per process, started on first use; it holds the process open
 * only while a chart is being drawn.
 *
 * Each chart's parsed tree, fonts and pixmap (megabytes, in resvg's own memory) are freed only
 * when V8 collects their small JS handles, and V8 sees nothing of that memory: left to itself it
 * kept ≈200 MB of them over a nightly's 42 charts. The worker collects after each chart (a few
 * ms on its small heap). `gc` is taken from a context created with --expose-gc, the flag set
 * only for that moment.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Resvg } = require(workerData.resvg);
const v8 = require('node:v8');
v8.setFlagsFromString('--expose-gc');
const collect = require('node:vm').runInNewContext('gc');
v8.setFlagsFromString('--no-expose-gc');
parentPort.on('message', ({ id, svg, options }) => {
  try {
    const png = new Resvg(svg, options).render().asPng();
    parentPort.postMessage({ id, png });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message || err) });
  }
  collect();
});`;

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, { resolve: (png: Buffer) => void; reject: (err: Error) => void }>();

function draw(svg: string, options: ResvgRenderOptions): Promise<Buffer> {
  if (!worker) {
    const w = new Worker(WORKER, { eval: true, workerData: { resvg: createRequire(import.meta.url).resolve('@resvg/resvg-js') } });
    w.on('message', ({ id, png, error }: { id: number; png?: Uint8Array; error?: string }) => {
      const job = pending.get(id);
      pending.delete(id);
      if (pending.size === 0) w.unref();
      if (png) job?.resolve(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
      else job?.reject(new Error(`resvg: ${error}`));
    });
    w.on('error', (err) => {
      for (const job of pending.values()) job.reject(err);
      pending.clear();
      worker = null;
    });
    w.on('exit', () => {
      if (worker === w) worker = null;
    });
    worker = w;
  }
  const id = nextId++;
  const w = worker;
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, svg, options });
  });
}

/**
 * The PNG of a chart SVG at `scale` (2: twice its size), drawn by resvg on a white background
 * with the shipped fonts, written as TrueType files into `fontDir` (a folder the caller removes).
 * @example await writeFileAtomic('annual-value.png', await chartPng(svg, 2, join(tmp, 'fonts'), 'annual-value.png'));
 */
export async function chartPng(svg: string, scale: number, fontDir: string, what: string): Promise<Buffer> {
  const { svg: named, faces } = assignFaces(svg, what);
  const fontFiles = await Promise.all(faces.map((f) => fontFile(fontDir, f)));
  return draw(named, {
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: readyFace(faceFor(0x41, '400')!).family },
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    logLevel: 'error',
  });
}

/** Forgets the font files written to `dir` (after the caller removed the folder). */
export function forgetFontDir(dir: string): void {
  written.delete(dir);
}

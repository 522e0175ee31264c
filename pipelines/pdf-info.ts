/**
 * Byte-level finishing of the PDFs Chromium (Skia) writes: replace the document information
 * dictionary (Skia stamps the clock into CreationDate/ModDate, and its own Creator), make sure
 * the catalog carries the document language and displays the title, add the XMP metadata
 * stream that identifies the file as PDF/UA-1 (`pdfuaid:part` 1, with `dc:title`,
 * `dc:language` and the rest of the information dictionary), number the structure elements'
 * ids from 1, mark the running header and footer as pagination artifacts, and add a trailer
 * /ID derived from the content. The result is byte-identical for identical input, whatever the
 * clock says and whatever the renderer printed before.
 *
 * Skia writes one classic cross-reference table (no xref streams, no incremental updates, no
 * object streams), so an object can be replaced in place by shifting every later offset by the
 * change in length. Anything else is refused rather than guessed at, and the rewritten table
 * is checked: every entry must point at its own `N G obj`.
 */
import { createHash } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';

/** What goes into the document information dictionary. */
export interface PdfInfo {
  title: string;
  subject: string;
  author: string;
  keywords: string[];
  creator: string;
  producer: string;
  /** A PDF date, `D:20260630000000Z`. */
  date: string;
  /** BCP 47 language of the document (`en`, `zh-CN`). */
  lang: string;
}

const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');

/**
 * A PDF text string: a literal string for printable ASCII, UTF-16BE hex with a BOM otherwise.
 * @example pdfString('Trade (2025)'); // '(Trade \\(2025\\))'
 */
export function pdfString(s: string): string {
  if (/^[\x20-\x7E]*$/u.test(s)) return `(${s.replace(/[\\()]/gu, (c) => `\\${c}`)})`;
  const utf16 = Buffer.from(s, 'utf16le').swap16();
  return `<FEFF${utf16.toString('hex').toUpperCase()}>`;
}

/**
 * A PDF date from an ISO date or date-time (UTC when no offset is given).
 * @example pdfDate('2026-06-30'); // 'D:20260630000000Z'
 */
export function pdfDate(iso: string): string {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/u.exec(iso);
  if (!m) throw new Error(`pdf-info: "${iso}" is not an ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)`);
  const [, y, mo, d, h = '00', mi = '00', s = '00', tz = 'Z'] = m;
  const zone = tz === 'Z' ? 'Z' : `${tz.slice(0, 3)}'${tz.slice(4, 6)}'`;
  return `D:${y}${mo}${d}${h}${mi}${s}${zone}`;
}

interface Xref {
  /** Byte offset of the `xref` keyword. */
  at: number;
  first: number;
  entries: { offset: number; gen: number; used: boolean }[];
  trailer: string;
}

function readXref(pdf: string): Xref {
  const sx = /startxref\s+(\d+)\s+%%EOF\s*$/u.exec(pdf);
  if (!sx) throw new Error('pdf-info: no startxref at the end of the file');
  const at = Number(sx[1]);
  const m = /^xref\s+(\d+)\s+(\d+)\s+/u.exec(pdf.slice(at, at + 64));
  if (!m) throw new Error('pdf-info: not a classic cross-reference table (xref stream?)');
  const first = Number(m[1]);
  const count = Number(m[2]);
  const start = at + m[0].length;
  const entries = [];
  for (let i = 0; i < count; i++) {
    const e = /^(\d{10}) (\d{5}) ([nf])/u.exec(pdf.slice(start + i * 20, start + i * 20 + 18));
    if (!e) throw new Error(`pdf-info: bad xref entry ${first + i}`);
    entries.push({ offset: Number(e[1]), gen: Number(e[2]), used: e[3] === 'n' });
  }
  const tail = pdf.slice(start + count * 20);
  const t = /^\s*trailer\s*(<<[\s\S]*?>>)\s*startxref/u.exec(tail);
  if (!t?.[1]) throw new Error('pdf-info: no trailer after the xref table');
  if (/\/Prev\b|\/XRefStm\b|\/Encrypt\b/u.test(t[1]))
    throw new Error('pdf-info: incremental, hybrid or encrypted PDF');
  return { at, first, entries, trailer: t[1] };
}

const ref = (dict: string, key: string): number => {
  const m = new RegExp(`/${key}\\s+(\\d+)\\s+\\d+\\s+R`, 'u').exec(dict);
  if (!m) throw new Error(`pdf-info: trailer has no /${key}`);
  return Number(m[1]);
};

/** Body (between `N G obj` and `endobj`) of object `num`. */
function objectBody(pdf: string, x: Xref, num: number): { start: number; end: number; body: string } {
  const e = x.entries[num - x.first];
  if (!e?.used) throw new Error(`pdf-info: object ${num} is not in use`);
  const head = new RegExp(`^${num} ${e.gen} obj\\s*`, 'u').exec(pdf.slice(e.offset, e.offset + 32));
  const end = pdf.indexOf('endobj', e.offset);
  if (!head || end < 0) throw new Error(`pdf-info: object ${num} not found at its offset`);
  const start = e.offset + head[0].length;
  return { start, end, body: pdf.slice(start, end) };
}

function infoDict(info: PdfInfo): string {
  const d = pdfString(info.date);
  return [
    `<</Title ${pdfString(info.title)}`,
    `/Subject ${pdfString(info.subject)}`,
    `/Author ${pdfString(info.author)}`,
    `/Keywords ${pdfString(info.keywords.join(', '))}`,
    `/Creator ${pdfString(info.creator)}`,
    `/Producer ${pdfString(info.producer)}`,
    `/CreationDate ${d}`,
    `/ModDate ${d}>>\n`,
  ].join('\n');
}

const xml = (s: string): string => s.replace(/[&<>"]/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** `D:20260630000000Z` → `2026-06-30T00:00:00Z` (XMP dates are ISO 8601). */
function isoFromPdfDate(d: string): string {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|([+-]\d{2})'(\d{2})')$/u.exec(d);
  if (!m) throw new Error(`pdf-info: "${d}" is not a PDF date`);
  const [, y, mo, day, h, mi, s, z, zh, zm] = m;
  return `${y}-${mo}-${day}T${h}:${mi}:${s}${z === 'Z' ? 'Z' : `${zh}:${zm}`}`;
}

/**
 * The XMP packet: PDF/UA-1 identification and the information dictionary's values, in UTF-8.
 * @example xmpPacket(info).includes('<pdfuaid:part>1</pdfuaid:part>'); // true
 */
export function xmpPacket(info: PdfInfo): string {
  const date = isoFromPdfDate(info.date);
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
    '<pdfuaid:part>1</pdfuaid:part>',
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(info.title)}</rdf:li></rdf:Alt></dc:title>`,
    `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(info.subject)}</rdf:li></rdf:Alt></dc:description>`,
    `<dc:creator><rdf:Seq><rdf:li>${xml(info.author)}</rdf:li></rdf:Seq></dc:creator>`,
    `<dc:language><rdf:Bag><rdf:li>${xml(info.lang)}</rdf:li></rdf:Bag></dc:language>`,
    `<pdf:Keywords>${xml(info.keywords.join(', '))}</pdf:Keywords>`,
    `<pdf:Producer>${xml(info.producer)}</pdf:Producer>`,
    `<xmp:CreatorTool>${xml(info.creator)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="r"?>',
  ].join('\n');
}

/** Drops a catalog entry whose value is a name, string, reference or one-level dictionary. */
const dropEntry = (dict: string, key: string): string =>
  dict.replace(new RegExp(`/${key}\\s*(?:\\((?:\\\\.|[^\\\\)])*\\)|<[0-9A-Fa-f\\s]*>(?!>)|<<[^<>]*>>|\\d+\\s+\\d+\\s+R)`, 'u'), '');

function withCatalogEntries(catalog: string, lang: string, metadataNum: number): string {
  let body = catalog;
  for (const key of ['Lang', 'Metadata', 'ViewerPreferences']) body = dropEntry(body, key);
  const close = body.lastIndexOf('>>');
  if (close < 0) throw new Error('pdf-info: catalog is not a dictionary');
  const entries = [
    `/ViewerPreferences <</Type /ViewerPreferences\n/DisplayDocTitle true>>`,
    `/Metadata ${metadataNum} 0 R`,
    `/Lang ${pdfString(lang)}`,
  ];
  return `${body.slice(0, close).trimEnd()}\n${entries.join('\n')}${body.slice(close)}`;
}

/**
 * The producer Skia wrote (`Skia/PDF m156`), to credit it in the new Producer.
 * @example skiaProducer(pdfBytes); // 'Skia/PDF m156'
 */
export function skiaProducer(pdf: Uint8Array): string | null {
  return /\/Producer \(([^)]*)\)/u.exec(latin1(pdf.subarray(0, 4096)))?.[1] ?? null;
}

/**
 * Number of pages, from the root of the page tree.
 * @example pdfPageCount(pdfBytes); // 9
 */
export function pdfPageCount(pdf: Uint8Array): number {
  const s = latin1(pdf);
  const x = readXref(s);
  const pages = /\/Pages\s+(\d+)\s+\d+\s+R/u.exec(objectBody(s, x, ref(x.trailer, 'Root')).body);
  const count = pages ? /\/Count\s+(\d+)/u.exec(objectBody(s, x, Number(pages[1])).body) : null;
  if (!count) throw new Error('pdf-info: no page count in the page tree');
  return Number(count[1]);
}

/**
 * The PDF with the structure elements' ids (`(node00007605)`: the renderer's DOM node numbers,
 * which grow with every page it has loaded before) numbered from 1 in the same order, outside
 * streams. Same width, so no offset moves; the same order, so the /IDTree stays sorted.
 * @example renumberNodeIds('/ID (node00007605) … /Names [(node00007605) 9 0 R]'); // '/ID (node00000001) … /Names [(node00000001) 9 0 R]'
 */
export function renumberNodeIds(src: string): string {
  const token = /stream\r?\n[\s\S]*?\nendstream|\(node(\d{8})\)/gu;
  const ids = new Set<number>();
  for (const m of src.matchAll(token)) if (m[1]) ids.add(Number(m[1]));
  const rank = new Map([...ids].sort((a, b) => a - b).map((id, i) => [id, i + 1]));
  return src.replace(token, (whole, id: string | undefined) => (id ? `(node${String(rank.get(Number(id))).padStart(8, '0')})` : whole));
}

/** Operators that paint (text, paths, images, shadings). */
const PAINTS = new Set(['Tj', 'TJ', "'", '"', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'S', 's', 'Do', 'sh']);

/**
 * The operators of a content stream with their byte positions, skipping operands (strings with
 * nested parentheses and escapes, hex strings, dictionaries, arrays, names, numbers) and comments.
 * An inline image (`BI`) is refused: Skia writes none, and its data cannot be skipped safely.
 */
function* contentOperators(s: string): Generator<{ op: string; start: number; end: number }> {
  // By character code (the stream is read as latin1): the scan runs over every byte of every page.
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (SPACE[c]) i++;
    else if (c === PERCENT) while (i < n && s.charCodeAt(i) !== LF && s.charCodeAt(i) !== CR) i++;
    else if (c === OPEN) {
      let depth = 0;
      for (; i < n; i++) {
        const d = s.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === OPEN) depth++;
        else if (d === CLOSE && --depth === 0) break;
      }
      i++;
    } else if ((c === LT || c === GT) && s.charCodeAt(i + 1) === c) i += 2;
    else if (c === LT) {
      const close = s.indexOf('>', i);
      i = close < 0 ? n : close + 1;
    } else if (c === GT || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE) i++;
    else {
      let j = i + (c === SLASH ? 1 : 0);
      while (j < n && !SPACE[s.charCodeAt(j)] && !DELIMITER[s.charCodeAt(j)]) j++;
      // A stray delimiter (")" outside a string) is stepped over: the scan always moves on.
      if (j === i) j++;
      // Names and numbers are operands (no operator starts with a digit, sign or point).
      if (c !== SLASH && !NUMBER_START[c]) {
        const token = s.slice(i, j);
        if (token !== 'true' && token !== 'false' && token !== 'null') {
          if (token === 'BI') throw new Error('pdf-info: inline image in a content stream');
          yield { op: token, start: i, end: j };
        }
      }
      i = j;
    }
  }
}

const codes = (chars: string): Uint8Array => {
  const table = new Uint8Array(65536);
  for (const ch of chars) table[ch.charCodeAt(0)] = 1;
  return table;
};
const SPACE = codes(' \n\r\t\f\0');
const DELIMITER = codes('()<>[]{}/%');
const NUMBER_START = codes('0123456789+-.');
const [PERCENT, LF, CR, OPEN, CLOSE, BACKSLASH, LT, GT, LBRACKET, RBRACKET, LBRACE, RBRACE, SLASH] =
  [...'%\n\r()\\<>[]{}/'].map((ch) => ch.charCodeAt(0));

/**
 * A page's content with its running header and footer marked as pagination artifacts. Chromium
 * paints the page-margin boxes (@top-left, @bottom-left, @bottom-right) first, in a graphics
 * group of their own, outside every tagged (marked) sequence: neither tagged nor an artifact,
 * so a screen reader would read them on every page and PDF/UA counts them as untagged content.
 * Every top-level `q … Q` group that paints and holds no marked content at all is wrapped in
 * `/Artifact <</Type /Pagination>> BDC … EMC`; nothing tagged is touched and nothing is drawn
 * differently (marked content does not paint).
 * @example markPaginationArtifacts('q BT (Page 1) Tj ET Q'); // '/Artifact <</Type /Pagination>> BDC\nq BT (Page 1) Tj ET Q\nEMC'
 */
export function markPaginationArtifacts(content: string): string {
  const groups: { start: number; end: number }[] = [];
  let marked = 0;
  let depth = 0;
  let group: { start: number; paints: boolean; marked: boolean } | null = null;
  for (const t of contentOperators(content)) {
    if (t.op === 'BDC' || t.op === 'BMC') {
      marked++;
      if (group) group.marked = true;
    } else if (t.op === 'EMC') marked--;
    else if (t.op === 'q') {
      if (depth === 0 && marked === 0) group = { start: t.start, paints: false, marked: false };
      depth++;
    } else if (t.op === 'Q') {
      depth--;
      if (depth === 0 && group) {
        if (group.paints && !group.marked) groups.push({ start: group.start, end: t.end });
        group = null;
      }
    } else if (group && PAINTS.has(t.op)) group.paints = true;
  }
  let out = '';
  let pos = 0;
  for (const g of groups) {
    out += `${content.slice(pos, g.start)}/Artifact <</Type /Pagination>> BDC\n${content.slice(g.start, g.end)}\nEMC`;
    pos = g.end;
  }
  return out + content.slice(pos);
}

/**
 * The edits that mark every page's running header and footer as artifacts: each page's content
 * stream (one FlateDecode stream with a direct /Length, as Skia writes it) inflated, marked and
 * deflated again in place of the old one. A page without /Contents has nothing to mark.
 */
function pageContentEdits(pdf: string, x: Xref): { start: number; end: number; text: string }[] {
  const edits: { start: number; end: number; text: string }[] = [];
  const seen = new Set<number>();
  x.entries.forEach((e, i) => {
    if (!e.used) return;
    const num = x.first + i;
    const head = pdf.slice(e.offset, e.offset + 2048);
    if (!new RegExp(`^${num} ${e.gen} obj\\s*<<\\s*/Type /Page\\b(?!s)`, 'u').test(head)) return;
    const body = objectBody(pdf, x, num).body;
    if (/\/Contents\s*\[/u.test(body)) throw new Error(`pdf-info: page ${num} has an array of content streams`);
    const contents = /\/Contents\s+(\d+)\s+0\s+R/u.exec(body);
    if (!contents || seen.has(Number(contents[1]))) return;
    seen.add(Number(contents[1]));
    edits.push(markedStream(pdf, x, Number(contents[1])));
  });
  return edits;
}

/** One content stream object rewritten with its pagination marked (see `markPaginationArtifacts`). */
function markedStream(pdf: string, x: Xref, num: number): { start: number; end: number; text: string } {
  const e = x.entries[num - x.first];
  if (!e?.used) throw new Error(`pdf-info: content stream ${num} is not in use`);
  const head = new RegExp(`^${num} ${e.gen} obj\\s*(<<[^<>]*>>)\\s*stream\\r?\\n`, 'u').exec(pdf.slice(e.offset, e.offset + 256));
  if (!head?.[1]) throw new Error(`pdf-info: object ${num} is not a content stream`);
  const dict = head[1];
  const length = /\/Length\s+(\d+)\s*(?:\/|>>)/u.exec(dict);
  if (!length || !/^<<\/Filter \/FlateDecode\s+\/Length \d+>>$/u.test(dict))
    throw new Error(`pdf-info: content stream ${num} is not one FlateDecode stream with a direct length (${dict})`);
  const dataAt = e.offset + head[0].length;
  const dataEnd = dataAt + Number(length[1]);
  const after = /^\r?\n?endstream\s*endobj/u.exec(pdf.slice(dataEnd, dataEnd + 32));
  if (!after) throw new Error(`pdf-info: content stream ${num} does not end where its /Length says`);
  const content = inflateSync(bytes(pdf.slice(dataAt, dataEnd))).toString('latin1');
  const data = deflateSync(bytes(markPaginationArtifacts(content))).toString('latin1');
  const start = e.offset + new RegExp(`^${num} ${e.gen} obj\\s*`, 'u').exec(pdf.slice(e.offset, e.offset + 64))![0].length;
  const end = dataEnd + after[0].length - 'endobj'.length;
  return { start, end, text: `<</Filter /FlateDecode\n/Length ${data.length}>> stream\n${data}\nendstream\n` };
}

/**
 * Returns the PDF with its information dictionary replaced, the catalog's /Lang, /Metadata
 * (a new XMP stream object) and /ViewerPreferences set, each page's running header and footer
 * marked as pagination artifacts, and a content-derived trailer /ID; xref offsets and startxref
 * are rewritten and verified.
 * @example const out = finishPdf(await page.pdf(), { title, subject, author, keywords, creator: 'trade-bulletin', producer, date: pdfDate('2026-06-30'), lang: 'en' });
 */
export function finishPdf(pdf: Uint8Array, info: PdfInfo): Uint8Array {
  const src = renumberNodeIds(latin1(pdf));
  const x = readXref(src);
  const infoNum = ref(x.trailer, 'Info');
  const rootNum = ref(x.trailer, 'Root');
  const size = Number(/\/Size\s+(\d+)/u.exec(x.trailer)?.[1]);
  if (x.first !== 0 || size !== x.entries.length) throw new Error('pdf-info: the xref table is not one section covering /Size objects');
  const metadataNum = size;
  const catalog = objectBody(src, x, rootNum);
  const edits = [
    { ...objectBody(src, x, infoNum), text: infoDict(info) },
    { ...catalog, text: withCatalogEntries(catalog.body, info.lang, metadataNum) },
    ...pageContentEdits(src, x),
  ];
  edits.sort((a, b) => a.start - b.start);
  // Rebuild the body up to the xref, remembering how far each original offset moves.
  let out = '';
  let pos = 0;
  const shifts: { from: number; delta: number }[] = [];
  for (const e of edits) {
    out += src.slice(pos, e.start) + e.text;
    pos = e.end;
    shifts.push({ from: e.end, delta: out.length - e.end });
  }
  out += src.slice(pos, x.at);
  const moved = (off: number): number => off + (shifts.filter((s) => off >= s.from).pop()?.delta ?? 0);
  // The XMP stream: a new object after the last one, uncompressed UTF-8 as PDF/UA asks.
  const xmp = Buffer.from(xmpPacket(info), 'utf8');
  const metadataAt = out.length;
  out += `${metadataNum} 0 obj\n<</Type /Metadata\n/Subtype /XML\n/Length ${xmp.length}>> stream\n${xmp.toString('latin1')}\nendstream\nendobj\n`;
  const xrefAt = out.length;
  const table = [
    ...x.entries.map(
      (e) =>
        `${String(e.used ? moved(e.offset) : e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} ${e.used ? 'n' : 'f'} \n`,
    ),
    `${String(metadataAt).padStart(10, '0')} 00000 n \n`,
  ];
  const id = createHash('md5').update(out, 'latin1').digest('hex').toUpperCase();
  const trailer = x.trailer
    .replace(/\/ID\s*\[[^\]]*\]/u, '')
    .replace(/\/Size\s+\d+/u, `/Size ${size + 1}`)
    .replace(/>>\s*$/u, `\n/ID [<${id}> <${id}>]>>`);
  out += `xref\n0 ${table.length}\n${table.join('')}trailer\n${trailer}\nstartxref\n${xrefAt}\n%%EOF\n`;
  verify(out, x.first);
  return bytes(out);
}

function verify(pdf: string, first: number): void {
  const x = readXref(pdf);
  x.entries.forEach((e, i) => {
    const num = first + i;
    if (e.used && !pdf.startsWith(`${num} ${e.gen} obj`, e.offset))
      throw new Error(`pdf-info: xref entry ${num} is off after rewriting`);
  });
}

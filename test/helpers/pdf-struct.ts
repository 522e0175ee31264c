/**
 * Test helper: reads what PDF/UA checks by machine from a PDF with pdf-lib — the catalog
 * (language, viewer preferences, mark info, outline), the XMP metadata stream and the
 * structure tree (type, alt text, language of every structure element).
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFString, type PDFObject } from 'pdf-lib';

/** One structure element. */
export interface StructNode {
  type: string;
  alt: string | null;
  lang: string | null;
  /** Scope of a TH (`Column`, `Row`), from its attribute dictionaries. */
  scope: string | null;
  children: StructNode[];
}

/** What the catalog and the metadata say. */
export interface PdfAccessibility {
  lang: string | null;
  displayDocTitle: boolean;
  marked: boolean;
  hasOutline: boolean;
  xmp: string | null;
  root: StructNode | null;
}

const text = (o: PDFObject | undefined): string | null =>
  o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : o instanceof PDFName ? o.decodeText() : null;

/**
 * Reads the accessibility-relevant parts of a PDF.
 * @example const a = await readAccessibility(await readFile('b.pdf')); a.root?.children
 */
export async function readAccessibility(bytes: Uint8Array): Promise<PdfAccessibility> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const ctx = doc.context;
  const resolve = (o: PDFObject | undefined): PDFObject | undefined => (o instanceof PDFRef ? ctx.lookup(o) : o);
  const catalog = doc.catalog;
  const prefs = resolve(catalog.get(PDFName.of('ViewerPreferences')));
  const mark = resolve(catalog.get(PDFName.of('MarkInfo')));
  const meta = resolve(catalog.get(PDFName.of('Metadata')));
  const xmp = meta instanceof PDFRawStream ? Buffer.from(meta.contents).toString('utf8') : null;

  const scopeOf = (d: PDFDict): string | null => {
    const a = resolve(d.get(PDFName.of('A')));
    const list = a instanceof PDFArray ? a.asArray().map(resolve) : [a];
    for (const x of list) if (x instanceof PDFDict) {
      const s = text(resolve(x.get(PDFName.of('Scope'))));
      if (s) return s;
    }
    return null;
  };
  const walk = (o: PDFObject | undefined, depth: number): StructNode[] => {
    const v = resolve(o);
    if (depth > 200) return [];
    if (v instanceof PDFArray) return v.asArray().flatMap((x) => walk(x, depth + 1));
    if (!(v instanceof PDFDict)) return []; // marked-content ids (numbers)
    const type = text(resolve(v.get(PDFName.of('S'))));
    if (!type) return []; // MCR / OBJR dictionaries
    return [
      {
        type,
        alt: text(resolve(v.get(PDFName.of('Alt')))),
        lang: text(resolve(v.get(PDFName.of('Lang')))),
        scope: scopeOf(v),
        children: walk(v.get(PDFName.of('K')), depth + 1),
      },
    ];
  };
  const tree = resolve(catalog.get(PDFName.of('StructTreeRoot')));
  const root = tree instanceof PDFDict ? { type: 'StructTreeRoot', alt: null, lang: null, scope: null, children: walk(tree.get(PDFName.of('K')), 0) } : null;
  return {
    lang: text(resolve(catalog.get(PDFName.of('Lang')))),
    displayDocTitle: prefs instanceof PDFDict && String(resolve(prefs.get(PDFName.of('DisplayDocTitle')))) === 'true',
    marked: mark instanceof PDFDict && String(resolve(mark.get(PDFName.of('Marked')))) === 'true',
    hasOutline: resolve(catalog.get(PDFName.of('Outlines'))) instanceof PDFDict,
    xmp,
    root,
  };
}

/** Every node of the tree, depth first, with its parent's type. */
export function flatten(node: StructNode, parent: string | null = null): { node: StructNode; parent: string | null }[] {
  return [{ node, parent }, ...node.children.flatMap((c) => flatten(c, node.type))];
}

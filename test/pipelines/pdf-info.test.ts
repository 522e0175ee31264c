import { describe, expect, it } from 'vitest';
import { deflateSync, inflateSync } from 'node:zlib';
import { finishPdf, markPaginationArtifacts, pdfDate, pdfPageCount, pdfString, renumberNodeIds } from '../../pipelines/pdf-info.js';
import { readAccessibility } from '../helpers/pdf-struct.js';

/** A minimal PDF laid out like Skia's: Info first, one classic xref table; with `content`, the page's content stream. */
function skiaLikePdf(content?: string): Uint8Array {
  const data = content === undefined ? '' : deflateSync(Buffer.from(content, 'latin1')).toString('latin1');
  const objs = [
    "1 0 obj\n<</Title (Old)\n/CreationDate (D:20261122093846+00'00')>>\nendobj\n",
    '2 0 obj\n<</Type /Pages\n/Count 1\n/Kids [3 0 R]>>\nendobj\n',
    `3 0 obj\n<</Type /Page\n/Parent 2 0 R\n/MediaBox [0 0 595 842]${content === undefined ? '' : '\n/Contents 5 0 R'}>>\nendobj\n`,
    '4 0 obj\n<</Type /Catalog\n/Pages 2 0 R\n/Lang (en)>>\nendobj\n',
    ...(content === undefined ? [] : [`5 0 obj\n<</Filter /FlateDecode\n/Length ${data.length}>> stream\n${data}\nendstream\nendobj\n`]),
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const o of objs) {
    offsets.push(body.length);
    body += o;
  }
  const xref = body.length;
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<</Size ${objs.length + 1}\n/Root 4 0 R\n/Info 1 0 R>>\nstartxref\n${xref}\n%%EOF`;
  return Buffer.from(body, 'latin1');
}

const info = {
  title: 'Bulletin (2026)',
  subject: 'Trade',
  author: 'trade-bulletin',
  keywords: ['rail', '铁路'],
  creator: 'trade-bulletin',
  producer: 'trade-bulletin',
  date: pdfDate('2026-06-30'),
  lang: 'zh-CN',
};

describe('pdf-info', () => {
  it('encodes strings and dates', () => {
    expect(pdfString('a (b) \\')).toBe('(a \\(b\\) \\\\)');
    expect(pdfString('亿元')).toBe('<FEFF4EBF5143>');
    expect(pdfDate('2026-06-30')).toBe('D:20260630000000Z');
    expect(pdfDate('2026-06-30T12:34:56+08:00')).toBe("D:20260630123456+08'00'");
    expect(() => pdfDate('30/06/2026')).toThrow(/ISO date/u);
  });

  it('replaces Info, sets /Lang, adds an /ID and keeps every xref offset right', () => {
    const out = Buffer.from(finishPdf(skiaLikePdf(), info)).toString('latin1');
    expect(out).toContain('/Title (Bulletin \\(2026\\))');
    expect(out).toContain('/CreationDate (D:20260630000000Z)');
    expect(out).not.toContain('2026112209');
    expect(out).toContain('/Lang (zh-CN)');
    expect(out).not.toContain('/Lang (en)');
    expect(out).toMatch(/\/ID \[<[0-9A-F]{32}> <[0-9A-F]{32}>\]/u);
    const xrefAt = Number(/startxref\n(\d+)\n%%EOF\n$/u.exec(out)?.[1]);
    expect(out.startsWith('xref', xrefAt)).toBe(true);
    const entries = out.slice(xrefAt).split('\n').slice(3, 7);
    entries.forEach((e, i) => expect(out.startsWith(`${i + 1} 0 obj`, Number(e.slice(0, 10)))).toBe(true));
    expect(pdfPageCount(Buffer.from(out, 'latin1'))).toBe(1);
  });

  it('adds the PDF/UA-1 XMP stream and displays the title; pdf-lib reads catalog and metadata back', async () => {
    const a = await readAccessibility(finishPdf(skiaLikePdf(), { ...info, title: 'Trade & <rail> 贸易' }));
    expect(a.lang).toBe('zh-CN');
    expect(a.displayDocTitle).toBe(true);
    const xmp = a.xmp ?? '';
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(xmp).toContain('xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"');
    expect(xmp).toContain('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Trade &amp; &lt;rail&gt; 贸易</rdf:li></rdf:Alt></dc:title>');
    expect(xmp).toContain('<dc:language><rdf:Bag><rdf:li>zh-CN</rdf:li></rdf:Bag></dc:language>');
    expect(xmp).toContain('<xmp:CreateDate>2026-06-30T00:00:00Z</xmp:CreateDate>');
    // A second pass replaces the catalog entries instead of repeating them.
    const twice = Buffer.from(finishPdf(finishPdf(skiaLikePdf(), info), info)).toString('latin1');
    expect(twice.match(/\/ViewerPreferences <</gu)?.length).toBe(1);
    expect(twice.match(/\/Metadata \d+ 0 R/gu)?.length).toBe(1);
  });

  it('is deterministic and refuses what it does not understand', () => {
    expect(
      Buffer.compare(
        Buffer.from(finishPdf(skiaLikePdf(), info)),
        Buffer.from(finishPdf(skiaLikePdf(), info)),
      ),
    ).toBe(0);
    const withPrev = Buffer.from(
      Buffer.from(skiaLikePdf()).toString('latin1').replace('/Info 1 0 R>>', '/Info 1 0 R\n/Prev 9>>'),
      'latin1',
    );
    expect(() => finishPdf(withPrev, info)).toThrow(/incremental/u);
    expect(() => finishPdf(Buffer.from('%PDF-1.7\nnot a pdf'), info)).toThrow(/startxref/u);
  });

  it('marks a page group that paints outside every tagged sequence as a pagination artifact, and only that', () => {
    // As Chromium writes a page: the margin boxes (running header, page number) in a group of
    // their own, untagged; then the body, clipped, with its tagged sequences.
    const margins = 'q\n3.125 0 0 3.125 0 0 cm\n75 40 645 1 re\nf\nBT\n/F4 10 Tf\n<0028> Tj\nET\nBT\n(Page \\(1\\) of Q) Tj\nET\nQ';
    const body = 'q\n234 234 2013 3062 re\nW* n\n/P <</MCID 0 >>BDC\nBT\n(q \\) EMC Q) Tj\nET\nEMC\nQ';
    const page = `.24 0 0 -.24 0 841.92 cm\n${margins}\n${body}\n`;
    const out = markPaginationArtifacts(page);
    expect(out).toBe(`.24 0 0 -.24 0 841.92 cm\n/Artifact <</Type /Pagination>> BDC\n${margins}\nEMC\n${body}\n`);
    // A second pass finds the header inside marked content: nothing changes.
    expect(markPaginationArtifacts(out)).toBe(out);
    // A group that paints nothing (a bare clip) and a body with tags are left as they are.
    expect(markPaginationArtifacts(`q 0 0 1 1 re W n Q\n${body}`)).toBe(`q 0 0 1 1 re W n Q\n${body}`);
    expect(() => markPaginationArtifacts('q BI /W 1 /H 1 ID x EI Q')).toThrow(/inline image/u);
    // A stray ")" is stepped over (the scan never stalls).
    expect(markPaginationArtifacts('q ) BT (x) Tj ET Q')).toBe('/Artifact <</Type /Pagination>> BDC\nq ) BT (x) Tj ET Q\nEMC');
  });

  it("finishPdf marks the header in the page's content stream and keeps the file's offsets right", () => {
    const content = '.24 0 0 -.24 0 841.92 cm\nq\nBT\n(Header) Tj\nET\nQ\nq\n/P <</MCID 0 >>BDC\nBT\n(Body) Tj\nET\nEMC\nQ\n';
    const out = Buffer.from(finishPdf(skiaLikePdf(content), info)).toString('latin1');
    const m = /5 0 obj\n<<\/Filter \/FlateDecode\n\/Length (\d+)>> stream\n/u.exec(out)!;
    const data = out.slice(m.index + m[0].length, m.index + m[0].length + Number(m[1]));
    expect(out.slice(m.index + m[0].length + Number(m[1])).startsWith('\nendstream\nendobj')).toBe(true);
    expect(inflateSync(Buffer.from(data, 'latin1')).toString('latin1')).toBe(
      '.24 0 0 -.24 0 841.92 cm\n/Artifact <</Type /Pagination>> BDC\nq\nBT\n(Header) Tj\nET\nQ\nEMC\nq\n/P <</MCID 0 >>BDC\nBT\n(Body) Tj\nET\nEMC\nQ\n',
    );
    expect(pdfPageCount(Buffer.from(out, 'latin1'))).toBe(1);
    // A stream it cannot read is refused, not guessed at.
    const odd = Buffer.from(Buffer.from(skiaLikePdf(content)).toString('latin1').replace('/Filter /FlateDecode\n', '/Filter /LZWDecode  \n'), 'latin1');
    expect(() => finishPdf(odd, info)).toThrow(/not one FlateDecode stream/u);
  });

  it("numbers the structure elements' node ids from 1 in their order, outside streams, at the same width", () => {
    const src = [
      '5 0 obj\n<</S /TH\n/ID (node00007611)>>\nendobj\n',
      '6 0 obj\n<</S /TD\n/Headers [(node00007611) (node00007605)]\n/ID (node00008563)>>\nendobj\n',
      '7 0 obj\n<</Length 20>> stream\n(node00009999) xyz\nendstream\nendobj\n',
      '8 0 obj\n<</Limits [(node00007605) (node00008563)]\n/Names [(node00007605) 9 0 R (node00007611) 5 0 R (node00008563) 6 0 R]>>\nendobj\n',
    ].join('');
    const out = renumberNodeIds(src);
    // 7605 → 1, 7611 → 2, 8563 → 3; the stream's bytes are left alone; the length is unchanged.
    expect(out).toBe(src.replace(/node00007605/gu, 'node00000001').replace(/node00007611/gu, 'node00000002').replace(/node00008563/gu, 'node00000003'));
    expect(out).toContain('(node00009999) xyz');
    expect(out.length).toBe(src.length);
    // Two renderings that differ only by where the renderer's counter stood come out the same.
    expect(renumberNodeIds(src.replace(/node0000(\d{4})(?!\) xyz)/gu, (_m, n: string) => `node0001${n}`))).toBe(out);
  });
});

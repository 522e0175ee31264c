import { describe, expect, it } from 'vitest';
import { faceFor, facesFor, fontFaceCss, fontFaces, parseFontsourceCss, uncovered } from '../../pipelines/print-fonts.js';

const face = (name: string) => fontFaces().find((f) => f.file.endsWith(`/${name}.woff2`))!;

describe('shipped print fonts', () => {
  it('reads every face of Noto Sans and Noto Sans SC, regular and bold, as TrueType-outline woff2', async () => {
    const { readFileSync } = await import('node:fs');
    const faces = fontFaces();
    const families = new Set(faces.map((f) => `${f.family} ${f.weight}`));
    expect([...families].sort()).toEqual(['Noto Sans 400', 'Noto Sans 700', 'Noto Sans SC 400', 'Noto Sans SC 700']);
    // woff2 header: 'wOF2', then the sfnt flavour: 0x00010000 is TrueType outlines ('OTTO' would be CFF → Type 3 in the PDF).
    for (const f of faces) {
      const head = readFileSync(f.file).subarray(0, 8);
      expect(head.subarray(0, 4).toString('latin1')).toBe('wOF2');
      expect(head.readUInt32BE(4)).toBe(0x00010000);
    }
  });

  it('parses a fontsource rule: family, weight, woff2 file, ranges', () => {
    const css = "@font-face {\n  font-family: 'Noto Sans';\n  font-weight: 700;\n  src: url(./files/a-700.woff2) format('woff2'), url(./files/a-700.woff) format('woff');\n  unicode-range: U+0000-00FF,U+2013;\n}";
    expect(parseFontsourceCss(css, '/pkg')).toEqual([{ family: 'Noto Sans', weight: '700', file: '/pkg/files/a-700.woff2', ranges: [[0, 0xff], [0x2013, 0x2013]] }]);
  });

  it('covers the bulletins\' characters and names those it cannot print', () => {
    expect(uncovered('Trade value – 5.32 billion yuan · “n.m.” −3% 贸易额（亿元）：中欧班列，2025年1—6月。')).toEqual([]);
    expect(uncovered('cuneiform 𒀀 and &#x1F600; here')).toEqual(['𒀀', '😀']);
  });

  it('inlines only the faces that draw the text, in either family order and weight, as data URLs', () => {
    const name = (f: { file: string }) => f.file.replace(/^.*\/|-normal\.woff2$/gu, '');
    // Latin letters: Noto Sans's Latin subset (Latin first), Noto Sans SC's (Chinese first, :lang(zh)).
    // Noto Sans SC's subset 119 lists U+0000-00FF in its unicode-range too, but its latin subset,
    // declared after it, is the one Chromium picks: 119 is not inlined.
    expect(facesFor('Trade').map(name)).toEqual(['noto-sans-latin-400', 'noto-sans-latin-700', 'noto-sans-sc-latin-400', 'noto-sans-sc-latin-700']);
    const latin = fontFaceCss('Trade');
    expect(latin.match(/@font-face/gu)?.length).toBe(4);
    expect(latin).toContain("font-family:'Noto Sans';");
    expect(latin).not.toMatch(/url\((?!data:font\/woff2;base64,)/u);
    const zh = fontFaceCss('贸易额');
    expect(zh).toContain("font-family:'Noto Sans SC';");
    expect(zh).not.toContain("font-family:'Noto Sans';");
    expect(facesFor('贸易额').map(name)).toEqual(['noto-sans-sc-112-400', 'noto-sans-sc-114-400', 'noto-sans-sc-116-400', 'noto-sans-sc-112-700', 'noto-sans-sc-114-700', 'noto-sans-sc-116-700']);
  });

  it('draws each character with the face Chromium uses: the first family holding it, at the weight of the text', () => {
    expect(faceFor(0x41, '400')).toBe(face('noto-sans-latin-400-normal'));
    expect(faceFor(0x41, '700')).toBe(face('noto-sans-latin-700-normal'));
    expect(faceFor(0x142, '700')).toBe(face('noto-sans-latin-ext-700-normal')); // ł
    expect(faceFor(0x2014, '400')).toBe(face('noto-sans-latin-400-normal')); // — is in both families: Noto Sans first
    const mao = faceFor('贸'.codePointAt(0)!, '700')!;
    expect([mao.family, mao.weight]).toEqual(['Noto Sans SC', '700']);
    expect(faceFor(0x12000, '400')).toBeNull(); // cuneiform: no shipped face
    // Chinese first (:lang(zh)): Latin letters from Noto Sans SC's own Latin subset.
    expect(faceFor(0x41, '400', ['Noto Sans SC', 'Noto Sans'])).toBe(face('noto-sans-sc-latin-400-normal'));
  });
});

import { describe, expect, it } from 'vitest';
import { fontFaceCss, fontFaces, parseFontsourceCss, uncovered } from '../../pipelines/print-fonts.js';

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

  it('inlines only the subsets the text needs, as data URLs', () => {
    const latin = fontFaceCss('Trade');
    const count = latin.match(/@font-face/gu)?.length ?? 0;
    expect(count).toBeGreaterThanOrEqual(2); // the Latin subsets, 400 and 700 (Noto Sans SC has Latin letters too)
    expect(count).toBeLessThan(fontFaces().length / 10);
    expect(latin).toContain("font-family:'Noto Sans';");
    expect(latin).not.toMatch(/url\((?!data:font\/woff2;base64,)/u);
    const zh = fontFaceCss('贸易额');
    expect(zh).toContain("font-family:'Noto Sans SC';");
    expect(zh).not.toContain("font-family:'Noto Sans';");
  });
});

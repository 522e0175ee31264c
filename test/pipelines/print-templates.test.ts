import { describe, expect, it } from 'vitest';
import { cssString, fitLine, marginBoxes, marginText } from '../../pipelines/print-templates.js';

describe('running header and footer', () => {
  it('quotes text as a CSS string that can end neither itself nor the <style> around it', () => {
    expect(cssString('Trade 贸易 · 2025')).toBe('"Trade 贸易 · 2025"');
    // Each escape ends with the one space it swallows: the text's own spaces stay.
    expect(cssString('a "b" \\ </style> & c\n')).toBe('"a \\22 b\\22  \\5C  \\3C /style\\3E  \\26  c\\A "');
  });

  it('draws the header over a rule, the footer at the left and the page label at the right', () => {
    const css = marginBoxes({ header: 'Bulletin 2025', footer: 'Source: office', lang: 'en' });
    expect(css).toMatch(/^@page\{@top-left\{content:"Bulletin 2025";[^}]*border-bottom:0\.4pt solid #999;\}/u);
    expect(css).toContain('@bottom-left{content:"Source: office";');
    expect(css).toContain('@bottom-right{content:"Page " counter(page) " of " counter(pages) "";');
    expect(marginBoxes({ header: 'h', lang: 'zh-CN' })).toContain('content:"第 " counter(page) " 页 / 共 " counter(pages) " 页";');
    expect(marginBoxes({ header: 'h', lang: 'en' })).toContain('@bottom-left{content:"";');
  });

  it('cuts a text too long for its line with an ellipsis, by the wide-side width estimate', () => {
    // 40 mm at 10 px (7.5 pt) is 151.2 px; "Source: office" is about 7.2 em, 74 px: it fits.
    expect(fitLine('Source: office', 40)).toBe('Source: office');
    // 30 "a" are 30 × 0.57 em × 10 px × 1.03 = 176.1 px; with "…" (0.57 em), 25 "a" take 152.7 px, 24 take 146.8.
    expect(fitLine('a'.repeat(30), 40)).toBe(`${'a'.repeat(24)}…`);
    // No trailing space before the ellipsis; a CJK character counts 1 em.
    expect(fitLine(`${'贸'.repeat(14)} ${'贸'.repeat(5)}`, 40)).toBe(`${'贸'.repeat(14)}…`);
  });

  it('names every character the margins print, page numbers included', () => {
    expect(marginText({ header: 'H', footer: 'F', lang: 'zh-CN' })).toBe('HF第  页 / 共  页0123456789');
  });
});

import { describe, expect, it } from 'vitest';
import { csvCell, safeText, terminalJson, terminalLine } from '../../lib/safe-text.js';

describe('safeText', () => {
  it('escapes terminal escape sequences, line breaks and bidi overrides', () => {
    expect(safeText('a\x1b]0;pwned\x07b\x1b[2J\r\nc\u202ed\x9b')).toBe('a\\x1b]0;pwned\\x07b\\x1b[2J\\r\\nc\\u202ed\\x9b');
  });

  it('keeps ordinary text, Chinese and Polish letters as they are', () => {
    expect(safeText('西安国际港站, Małaszewicze')).toBe('西安国际港站, Małaszewicze');
  });

  it('quotes at most 200 characters and says how many more there were', () => {
    const s = safeText('x'.repeat(1_000_000));
    expect(s).toBe(`${'x'.repeat(200)}… (999800 more characters)`);
    expect(safeText('y'.repeat(200))).toBe('y'.repeat(200));
    expect(safeText('z'.repeat(201))).toBe(`${'z'.repeat(200)}… (1 more characters)`);
  });

  it('does not split a character outside the BMP when cutting', () => {
    const s = safeText('😀'.repeat(300));
    expect(s.startsWith('😀'.repeat(200) + '…')).toBe(true);
  });
});

describe('csvCell (OWASP CSV injection)', () => {
  it('prefixes text a spreadsheet would run as a formula, not numbers', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    for (const n of ['-5', '+1.5', '-0.25', '1e5', '-.5', 42]) expect(csvCell(n)).toBe(String(n));
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
  });
});

describe('terminal output', () => {
  it('terminalLine escapes every control character, line breaks included', () => {
    expect(terminalLine('a\x1b[31m\nrun 9: ok\u009b')).toBe('a\\x1b[31m\\nrun 9: ok\\x9b');
  });

  it('terminalJson keeps the JSON the same while no raw C1 or bidi character is left', () => {
    const value = { name: 'a\u009bb\u202ec\x1b' };
    const json = terminalJson(JSON.stringify(value));
    expect(JSON.parse(json)).toEqual(value);
    // eslint-disable-next-line no-control-regex
    expect(json).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
  });
});

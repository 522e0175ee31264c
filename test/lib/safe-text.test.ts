import { describe, expect, it } from 'vitest';
import { safeText } from '../../lib/safe-text.js';

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

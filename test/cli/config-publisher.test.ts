import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../cli/config.js';

const ok = { name: 'Eurasian Rail Freight Statistics Office', name_zh: '欧亚铁路货运统计办公室', contact: 'statistics@example.org', licence: 'CC BY 4.0', url: 'https://example.org' };

describe('config: publisher', () => {
  it('accepts a complete publisher and refuses a missing field, an unknown key, a bad url or logo', () => {
    expect(validateConfig({ publisher: ok }, 'c.json').publisher).toEqual(ok);
    expect(() => validateConfig({ publisher: { ...ok, contact: '' } }, 'c.json')).toThrow(/"publisher" needs "contact"/u);
    expect(() => validateConfig({ publisher: { ...ok, phone: '1' } }, 'c.json')).toThrow(/unknown keys phone/u);
    expect(() => validateConfig({ publisher: { ...ok, url: 'example.org' } }, 'c.json')).toThrow(/"url" must be a web address/u);
    expect(() => validateConfig({ publisher: { ...ok, logo: 'logo.gif' } }, 'c.json')).toThrow(/"logo" must be an \.svg or \.png/u);
  });
});

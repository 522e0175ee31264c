import { describe, expect, it } from 'vitest';
import { chromiumExecutable, FULL_CHROMIUM, HEADLESS_SHELL } from '../../pipelines/chromium-path.js';

describe('chromiumExecutable', () => {
  it('takes TRADE_BULLETIN_CHROMIUM when it is set, whatever is installed', () => {
    expect(chromiumExecutable({ TRADE_BULLETIN_CHROMIUM: '/opt/c/chrome' }, () => true)).toBe('/opt/c/chrome');
  });

  it('takes the headless shell when it is installed, else the full browser', () => {
    expect(chromiumExecutable({}, (p) => p === HEADLESS_SHELL)).toBe('/usr/bin/chromium-headless-shell');
    expect(chromiumExecutable({}, () => false)).toBe('/usr/bin/chromium');
    expect(FULL_CHROMIUM).toBe('/usr/bin/chromium');
  });

  it('ignores an empty TRADE_BULLETIN_CHROMIUM', () => {
    expect(chromiumExecutable({ TRADE_BULLETIN_CHROMIUM: '' }, () => false)).toBe('/usr/bin/chromium');
  });
});

import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chromiumBuildFiles, chromiumExecutable, FULL_CHROMIUM, HEADLESS_SHELL } from '../../pipelines/chromium-path.js';

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

describe('chromiumBuildFiles (the bulletins’ cache key)', () => {
  it('names the binary in /usr/lib/chromium beside the wrapper script an upgrade leaves unchanged', () => {
    expect(chromiumBuildFiles('/usr/bin/chromium-headless-shell')).toEqual(['/usr/bin/chromium-headless-shell', '/usr/lib/chromium/chromium-headless-shell']);
  });

  it.runIf(existsSync('/usr/lib/chromium'))('covers a real Chromium binary on this machine, not only a script of a few bytes', () => {
    const sizes = chromiumBuildFiles(chromiumExecutable()).map((f) => (existsSync(f) ? statSync(f).size : 0));
    expect(Math.max(...sizes)).toBeGreaterThan(50 * 2 ** 20);
  });
});

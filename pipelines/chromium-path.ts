/**
 * Which Chromium prints the bulletins: `TRADE_BULLETIN_CHROMIUM` when it is set; else Debian's
 * headless shell (package chromium-headless-shell) when it is installed; else `/usr/bin/chromium`.
 *
 * The headless shell is the same Chromium build without the browser's user interface: at 1 M
 * shipments it held ≈0.3 GB less resident memory while printing (no omnibox, storage service or
 * print compositor processes, a smaller browser process) and printed the same PDF bytes. Its
 * cover thumbnails differ from the full browser's in the anti-aliasing of a few per cent of
 * their pixels. The choice is part of every bulletin's cache key (publish.ts renderFingerprint).
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Debian's headless shell (package chromium-headless-shell). */
export const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

/** The full browser (package chromium). */
export const FULL_CHROMIUM = '/usr/bin/chromium';

/**
 * The Chromium executable to start.
 * @example chromiumExecutable(); // '/usr/bin/chromium-headless-shell' where that package is installed
 */
export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): string {
  const chosen = env.TRADE_BULLETIN_CHROMIUM;
  if (chosen) return chosen;
  return exists(HEADLESS_SHELL) ? HEADLESS_SHELL : FULL_CHROMIUM;
}

/**
 * The files whose size and modification time identify the Chromium build that `executable`
 * starts (for the bulletins' cache key): the executable, and the binary of that name in
 * /usr/lib/chromium, since Debian's /usr/bin/chromium* are wrapper scripts an upgrade leaves as they are.
 * @example chromiumBuildFiles('/usr/bin/chromium'); // ['/usr/bin/chromium', '/usr/lib/chromium/chromium']
 */
export function chromiumBuildFiles(executable: string): string[] {
  return [executable, join('/usr/lib/chromium', basename(executable))];
}

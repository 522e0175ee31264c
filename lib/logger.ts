/**
 * The logger every stage receives in its `effects`: human progress goes to standard error,
 * never to standard output (which belongs to `--json`).
 */
import { terminalLine } from './safe-text.js';

export type Level = 'quiet' | 'normal' | 'verbose';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  /** A progress line for a long step; shown only on a terminal (rewritten in place) or with --verbose. */
  progress(message: string): void;
}

/** A logger writing to a stream (standard error by default). */
export function createLogger(
  options: { level?: Level; stream?: NodeJS.WritableStream & { isTTY?: boolean } } = {},
): Logger {
  const level = options.level ?? 'normal';
  const stream = options.stream ?? process.stderr;
  const tty = Boolean(stream.isTTY);
  let progressShown = false;
  const clear = (): void => {
    if (progressShown) {
      stream.write('\r\x1b[K');
      progressShown = false;
    }
  };
  const line = (text: string): void => {
    clear();
    stream.write(text.split('\n').map(terminalLine).join('\n') + '\n');
  };
  return {
    info: (m) => level !== 'quiet' && line(m),
    warn: (m) => line(`warning: ${m}`),
    error: (m) => line(`error: ${m}`),
    debug: (m) => level === 'verbose' && line(m),
    progress: (m) => {
      if (level === 'quiet') return;
      if (tty) {
        stream.write('\r\x1b[K' + terminalLine(m));
        progressShown = true;
      } else if (level === 'verbose') line(m);
    },
  };
}

/** A logger that records lines in memory, for tests. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    debug: () => undefined,
    progress: () => undefined,
  };
}

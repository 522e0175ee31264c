/**
 * Progress of a long step for people at a terminal: rows, rows per second and elapsed time,
 * rewritten in place at most a few times a second. Off a terminal the logger shows progress
 * only with --verbose, one line per step, so cron mail stays short.
 */
import type { Logger } from './logger.js';

/** A meter for one step. */
export interface Meter {
  /** Reports `rows` processed so far (throttled). */
  tick(rows: number): void;
  /** Reports the step done and returns its summary line. */
  done(rows: number): string;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Starts a meter for `label`; `clock` is injectable for tests.
 * @example const m = meter(logger, 'reading values.csv'); m.tick(50_000); logger.debug(m.done(80_000));
 */
export function meter(logger: Logger, label: string, clock: () => number = () => performance.now()): Meter {
  const start = clock();
  let last = 0;
  const line = (rows: number, now: number): string => {
    const elapsed = now - start;
    const rate = elapsed > 0 ? (rows * 1000) / elapsed : 0;
    return `${label}: ${fmt(rows)} rows, ${fmt(rate)} rows/s, ${secs(elapsed)}`;
  };
  logger.progress(`${label}…`);
  return {
    tick(rows) {
      const now = clock();
      if (now - last < 200) return;
      last = now;
      logger.progress(line(rows, now));
    },
    done(rows) {
      const text = line(rows, clock());
      logger.progress(text);
      return text;
    },
  };
}

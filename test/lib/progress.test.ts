import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger.js';
import { meter } from '../../lib/progress.js';

function capture(isTTY: boolean, level: 'normal' | 'verbose' = 'normal') {
  const stream = Object.assign(new PassThrough(), { isTTY });
  let out = '';
  stream.on('data', (d: Buffer) => (out += d.toString()));
  return { logger: createLogger({ stream, level }), text: () => out };
}

describe('progress', () => {
  it('rewrites one line in place on a terminal, with rows, rows/s and elapsed time', () => {
    const c = capture(true);
    let now = 0;
    const m = meter(c.logger, 'reading values.csv', () => now);
    now = 500;
    m.tick(50_000);
    now = 1000;
    expect(m.done(120_000)).toBe('reading values.csv: 120,000 rows, 120,000 rows/s, 1.0 s');
    expect(c.text()).toBe(
      '\r\x1b[Kreading values.csv…\r\x1b[Kreading values.csv: 50,000 rows, 100,000 rows/s, 0.5 s\r\x1b[Kreading values.csv: 120,000 rows, 120,000 rows/s, 1.0 s',
    );
  });

  it('stays silent off a terminal, and prints plain lines with --verbose', () => {
    const quiet = capture(false);
    meter(quiet.logger, 'x', () => 0).done(1);
    expect(quiet.text()).toBe('');
    const verbose = capture(false, 'verbose');
    let now = 0;
    const m = meter(verbose.logger, 'x', () => now);
    now = 2000;
    m.done(10);
    expect(verbose.text()).toBe('x…\nx: 10 rows, 5 rows/s, 2.0 s\n');
  });
});

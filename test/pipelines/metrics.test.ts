import { describe, expect, it } from 'vitest';
import { growthPct, periodsAt, serviceStart, yoy, type Period } from '../../pipelines/metrics.js';

const year = (y: number): Period => periodsAt(`${y}-12-31`, y).find((p) => p.year === y)!;

describe('periods', () => {
  it('reports complete years and the running year to date', () => {
    const p = periodsAt('2026-06-30', 2024);
    expect(p.map((x) => x.label)).toEqual(['2024', '2025', '2026-01-01..2026-06-30']);
    expect(p[2]).toMatchObject({ kind: 'ytd', priorStart: '2025-01-01', priorEnd: '2025-06-30' });
    expect(periodsAt('2025-12-31', 2025).map((x) => x.kind)).toEqual(['annual']);
  });

  it('compares 29 February with 28 February a year before', () => {
    const [p] = periodsAt('2024-02-29', 2024);
    expect(p).toMatchObject({ kind: 'ytd', end: '2024-02-29', priorEnd: '2023-02-28' });
  });
});

describe('year-on-year growth', () => {
  it('is (V / V_prior − 1) × 100, unrounded (40 significant digits, Python decimal prec=40 ROUND_HALF_UP)', () => {
    // 15000 / 9633.6 = 1.557050323866467…
    expect(yoy('15000.0000', '9633.6000', '2013-11-01', year(2025))).toEqual({ pct: '55.7050323866467364225211758844045839562', status: 'ok' });
    // The published Chang'an figure: 5,319,988,000.00 on 4,466,824,517.21 = +19.1000000000647 %.
    expect(yoy('5319988000.00', '4466824517.21', '2013-11-01', year(2025))).toEqual({ pct: '19.1000000000646992060884699327715768679', status: 'ok' });
  });

  it('is never rounded before print: 1.14999999999994 % stays below the tie, an exact +1.15 % stays a tie', () => {
    // 101.14999999999994 / 100 − 1 = 0.0114999999999994: a rounding to 10 places would make it 1.1500000000.
    expect(growthPct('101.14999999999994', '100')).toBe('1.14999999999994');
    expect(growthPct('101.15', '100')).toBe('1.15');
    // 4 / 3 − 1 at 40 significant digits, then × 100: not 10 places.
    expect(growthPct('4', '3')).toBe('33.3333333333333333333333333333333333333'); // Python: 33.33333333333333333333333333333333333330
  });

  it('is n.m. when the service was not running or the prior value is zero', () => {
    expect(yoy('100', '0', '2024-10-15', year(2024))).toEqual({ pct: null, status: 'not-running' });
    expect(yoy('100', '0', '2013-11-01', year(2024))).toEqual({ pct: null, status: 'zero-prior' });
    expect(yoy('100', '50', null, year(2024))).toEqual({ pct: null, status: 'not-running' });
  });

  it('marks a service that started during the prior span (base effect)', () => {
    expect(yoy('300', '50', '2024-10-15', year(2025))).toEqual({ pct: '500', status: 'started-in-prior' });
  });

  it('dates a service from its launch or its first departure, whichever is earlier', () => {
    expect(serviceStart('2013-11', '2023-01-03')).toBe('2013-11-01');
    expect(serviceStart('2024-10-15', '2024-10-15')).toBe('2024-10-15');
    expect(serviceStart('', '2024-10-20')).toBe('2024-10-20');
  });
});

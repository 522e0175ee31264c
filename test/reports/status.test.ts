import { describe, expect, it } from 'vitest';
import { figureStatus, finalFrom, periodEnd, yearPeriod } from '../../reports/status.js';

describe('periods and their status', () => {
  it('labels a whole year and a year to date as figures.json does, and reads the end back', () => {
    expect(yearPeriod(2025)).toBe('2025');
    expect(yearPeriod(2026, '2026-06-30')).toBe('2026-01-01..2026-06-30');
    expect(periodEnd(yearPeriod(2025))).toBe('2025-12-31');
    expect(periodEnd(yearPeriod(2026, '2026-06-30'))).toBe('2026-06-30');
  });

  it('turns a year final on the day finalFrom names, not before', () => {
    // 2025-12-31 + 90 days = 2026-03-31.
    expect(finalFrom(2025, 90)).toBe('2026-03-31');
    expect(figureStatus(yearPeriod(2025), '2026-03-30', 90)).toBe('provisional');
    expect(figureStatus(yearPeriod(2025), '2026-03-31', 90)).toBe('final');
    expect(figureStatus(yearPeriod(2026, '2026-06-30'), '2026-06-30', 90)).toBe('provisional');
  });
});

import { describe, expect, it } from 'vitest';
import { countriesIn } from '../../reports/charts/base-map.js';
import type { MultiPolygon } from 'geojson';

describe('base map', () => {
  it('hands each chart its own copy of the countries cut for a box (cut once a run)', () => {
    const box: [[number, number], [number, number]] = [[10, 30], [120, 60]];
    const first = countriesIn(box);
    expect(first.length).toBeGreaterThan(10);
    const snapshot = JSON.stringify(first);
    // A chart that marks or changes its data (Vega adds ids) does not change the next chart's.
    (first[0]!.geometry as MultiPolygon).coordinates.length = 0;
    first[0]!.properties!.id = 'changed';
    const second = countriesIn(box);
    expect(second).not.toBe(first);
    expect(JSON.stringify(second)).toBe(snapshot);
    // Another box is cut on its own: fewer countries for a box around Europe alone.
    expect(countriesIn([[0, 45], [20, 55]]).length).toBeLessThan(second.length);
  });
});

/**
 * The route map from the real reference data: the frame holds every station of the routes drawn
 * (Budapest too, since the text names Hungary), no station label is crossed by a route line, and
 * the Chinese labels keep their city (河内安园站).
 */
import * as vega from 'vega';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapBox, routeMap } from '../../reports/charts/route-map.js';
import { textWidth } from '../../reports/charts/text-width.js';
import type { ChartData, Edition, StationInfo } from '../../reports/model.js';
import { loadReference, type Reference } from '../../sources/reference.js';
import { chartDataFixture } from '../fixtures/chart-data.js';

let ref: Reference;
beforeAll(async () => {
  ref = await loadReference();
});

/** The routes as the pipeline builds them from services.csv (main line and branches). */
function routes(ids: string[]): ChartData['routes'] {
  const st = new Map(ref.stations.map((s) => [s.id, s]));
  return ref.services.filter((s) => ids.includes(s.id)).map((s) => ({
    service: s.id,
    stations: s.routeStations.map((i) => st.get(i)!),
    branches: (s.routeBranches ?? []).map((b) => b.map((i) => st.get(i)!)),
  }));
}

interface Label { name: string; lon: number; lat: number; lx: number; ly: number; align: string; baseline: string }
interface Layer { mark: { type: string } | string; data: { values?: unknown[] } }
interface View { width: number; height: number; projection: { rotate: [number, number, number]; parallels: [number, number]; scale: number; translate: [number, number] }; layer: Layer[] }

function drawn(data: ChartData, edition: Edition) {
  const view = (routeMap(data, edition).spec as unknown as { vconcat: View[] }).vconcat[0]!;
  const p = view.projection;
  interface Proj {
    (xy: [number, number]): [number, number];
    rotate(r: number[]): Proj;
    parallels(x: number[]): Proj;
    scale(s: number): Proj;
    translate(t: number[]): Proj;
  }
  const make = (vega.projection as unknown as (t: string) => () => Proj)('conicConformal');
  const project = make().rotate(p.rotate).parallels(p.parallels).scale(p.scale).translate(p.translate);
  const markOf = (l: Layer) => (typeof l.mark === 'string' ? l.mark : l.mark.type);
  const labels = view.layer.find((l) => markOf(l) === 'text')!.data.values as Label[];
  const line = view.layer.find((l) => markOf(l) === 'line')!.data.values as { segment: string; order: number; lon: number; lat: number }[];
  const segments: [number, number][][] = [...new Set(line.map((v) => v.segment))].map((seg) =>
    line.filter((v) => v.segment === seg).sort((a, b) => a.order - b.order).map((v) => project([v.lon, v.lat])));
  return { view, project, labels, segments };
}

/** Whether segment a–b meets the box (Liang–Barsky clipping). */
function segmentMeetsBox(a: [number, number], b: [number, number], x0: number, y0: number, x1: number, y1: number): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  for (const [p, q] of [[-dx, a[0] - x0], [dx, x1 - a[0]], [-dy, a[1] - y0], [dy, y1 - a[1]]] as [number, number][]) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
    if (t0 > t1) return false;
  }
  return true;
}

function labelBox(l: Label, size = 9.5): [number, number, number, number] {
  const w = textWidth(l.name, size, true);
  const h = size * 1.25;
  const x0 = l.align === 'left' ? l.lx : l.align === 'right' ? l.lx - w : l.lx - w / 2;
  const y0 = l.baseline === 'top' ? l.ly : l.baseline === 'bottom' ? l.ly - h : l.ly - h / 2;
  return [x0, y0, x0 + w, y0 + h];
}

describe('route map', () => {
  it('frames every station drawn, Budapest included, and not the whole of Africa', () => {
    const d = chartDataFixture({ services: ref.services, routes: routes(['changan-xian-almaty', 'asean-express']) });
    const { view, project, labels } = drawn(d, 'en');
    expect(labels.map((l) => l.name).sort()).toEqual(
      ['Alashankou', 'Almaty', 'Budapest', 'Chongqing Tuanjie Village', 'Duisburg', 'Hanoi An Yen', 'Khorgos', 'Małaszewicze', "Xi'an (Chanba)"],
    );
    for (const l of labels) {
      const [x, y] = project([l.lon, l.lat]);
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(view.width);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(view.height);
      const [x0, y0, x1, y1] = labelBox(l);
      expect(x0 >= 0 && y0 >= 0 && x1 <= view.width && y1 <= view.height).toBe(true);
    }
    // Addis Ababa (9.0 N, 38.7 E) and Khartoum (15.6 N, 32.5 E) lie below the frame: not half of Africa.
    for (const city of [[38.7, 9.0], [32.5, 15.6]] as [number, number][]) {
      const [, y] = project(city);
      expect(y).toBeGreaterThan(view.height);
    }
  });

  it('keeps every station label clear of every route line, in both editions and for one route alone', () => {
    for (const ids of [['changan-xian-almaty', 'asean-express'], ['changan-xian-almaty']]) {
      for (const edition of ['en', 'zh'] as const) {
        const { labels, segments } = drawn(chartDataFixture({ services: ref.services, routes: routes(ids) }), edition);
        for (const l of labels) {
          const [x0, y0, x1, y1] = labelBox(l);
          const crossing = segments.some((pts) => pts.slice(1).some((b, i) => segmentMeetsBox(pts[i]!, b, x0, y0, x1, y1)));
          expect({ label: l.name, crossing }).toEqual({ label: l.name, crossing: false });
        }
      }
    }
  });

  it('the check can fail: a label laid across a line is caught', () => {
    expect(segmentMeetsBox([0, 5], [100, 5], 40, 0, 60, 10)).toBe(true);
    expect(segmentMeetsBox([0, 15], [100, 15], 40, 0, 60, 10)).toBe(false);
  });

  it('labels Chinese stations with their city, as the English labels do', () => {
    const d = chartDataFixture({ services: ref.services, routes: routes(['asean-express']) });
    const names = drawn(d, 'zh').labels.map((l) => l.name);
    expect(names).toEqual(expect.arrayContaining(['河内安园站', '重庆团结村站', '布达佩斯']));
    expect(names).not.toContain('安园站');
    expect(routeMap(d, 'zh').alt).toContain('支线马拉舍维奇（PL）—布达佩斯（HU）');
  });

  it('boxes the stations with a margin of 7° and 3°, at least 40° by 20°', () => {
    const at = (lon: number, lat: number) => ({ lon, lat }) as StationInfo;
    // Duisburg 6.741 E 51.443 N and Hanoi 105.917 E 21.082 N: [-0.259, 18.082] to [112.917, 54.443].
    const [[w, s], [e, n]] = mapBox([at(6.741, 51.443), at(105.917, 21.082)]);
    expect([w, s, e, n].map((v) => v.toFixed(3))).toEqual(['-0.259', '18.082', '112.917', '54.443']);
    // Almaty 76.95 E and Xi'an 109.09 E: 32.14° + 14° = 46.14° wide; 43.34 − 34.36 = 8.98° + 6° < 20° → 20° about the middle.
    const [[w2, s2], [e2, n2]] = mapBox([at(76.95, 43.34), at(109.09, 34.36)]);
    expect([w2, e2].map((v) => v.toFixed(2))).toEqual(['69.95', '116.09']);
    expect((n2 - s2).toFixed(2)).toBe('20.00');
  });
});

/**
 * The base map of route maps: Natural Earth country boundaries from the `world-atlas` package
 * (1:50m), converted to GeoJSON with topojson-client, kept only where they touch the map's
 * extent, cut to a box well beyond it, and simplified to 0.06° (under half a pixel at column
 * width) so the data inlined in the spec and the SVG stay small. Nothing is fetched at run time.
 */
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';

/** A lon/lat box: `[[west, south], [east, north]]`. */
export type LonLatBox = [[number, number], [number, number]];

let world: FeatureCollection | null = null;

function loadWorld(): FeatureCollection {
  if (world) return world;
  // A JSON asset of a dependency, read once; typed by topojson-specification.
  const topo = createRequire(import.meta.url)('world-atlas/countries-50m.json') as Topology<{
    countries: GeometryCollection;
  }>;
  world = feature(topo, topo.objects.countries) as FeatureCollection;
  return world;
}

const round = (v: number): number => Math.round(v * 100) / 100;

/** Sutherland–Hodgman: a ring clipped to a lon/lat box (enough for filled country shapes). */
function clipRing(ring: Position[], box: LonLatBox): Position[] {
  const edges: [(p: Position) => boolean, (a: Position, b: Position) => Position][] = [
    [(p) => (p[0] ?? 0) >= box[0][0], (a, b) => cut(a, b, 0, box[0][0])],
    [(p) => (p[0] ?? 0) <= box[1][0], (a, b) => cut(a, b, 0, box[1][0])],
    [(p) => (p[1] ?? 0) >= box[0][1], (a, b) => cut(a, b, 1, box[0][1])],
    [(p) => (p[1] ?? 0) <= box[1][1], (a, b) => cut(a, b, 1, box[1][1])],
  ];
  let out = ring;
  for (const [inside, meet] of edges) {
    const input = out;
    out = [];
    input.forEach((cur, i) => {
      const prev = input[(i + input.length - 1) % input.length] ?? cur;
      if (inside(cur)) {
        if (!inside(prev)) out.push(meet(prev, cur));
        out.push(cur);
      } else if (inside(prev)) out.push(meet(prev, cur));
    });
  }
  return out;
}

function cut(a: Position, b: Position, axis: 0 | 1, at: number): Position {
  const [a0 = 0, a1 = 0] = a;
  const [b0 = 0, b1 = 0] = b;
  const t = axis === 0 ? (at - a0) / (b0 - a0 || 1) : (at - a1) / (b1 - a1 || 1);
  return axis === 0 ? [at, a1 + t * (b1 - a1)] : [a0 + t * (b0 - a0), at];
}

/** Douglas–Peucker in degrees: drops points closer than `tol` to the line through their neighbours. */
function simplify(points: Position[], tol: number): Position[] {
  if (points.length < 3) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [i, j] = stack.pop()!;
    const [x1 = 0, y1 = 0] = points[i]!;
    const [x2 = 0, y2 = 0] = points[j]!;
    const len = Math.hypot(x2 - x1, y2 - y1);
    let far = -1;
    let dmax = tol;
    for (let k = i + 1; k < j; k++) {
      const [x = 0, y = 0] = points[k]!;
      const d =
        len === 0 ? Math.hypot(x - x1, y - y1) : Math.abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / len;
      if (d > dmax) [far, dmax] = [k, d];
    }
    if (far > 0) {
      keep[far] = 1;
      stack.push([i, far], [far, j]);
    }
  }
  return points.filter((_, k) => keep[k] === 1);
}

/** Twice the signed planar area of a ring (its sign is the ring's winding). */
function area2(ring: Position[]): number {
  let a = 0;
  ring.forEach((p, i) => {
    const q = ring[(i + 1) % ring.length] ?? p;
    a += (p[0] ?? 0) * (q[1] ?? 0) - (q[0] ?? 0) * (p[1] ?? 0);
  });
  return a;
}

/**
 * A ring clipped, simplified and rounded; empty when it became too small or changed winding,
 * since d3-geo reads a ring of the wrong winding as "the whole globe except this".
 */
function simplifyRing(ring: Position[], box: LonLatBox): Position[] {
  const out: Position[] = [];
  for (const p of simplify(clipRing(ring, box), 0.06)) {
    const q: Position = [round(p[0] ?? 0), round(p[1] ?? 0)];
    const prev = out[out.length - 1];
    if (!prev || prev[0] !== q[0] || prev[1] !== q[1]) out.push(q);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push(first);
  const before = area2(ring);
  const after = area2(out);
  if (out.length < 4 || Math.abs(after) < 0.02 || Math.sign(after) !== Math.sign(before)) return [];
  return out;
}

function polygons(g: Geometry): Position[][][] {
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return [];
}

/** Whether a polygon's bounding box meets the box (a large country can hold the box with no vertex inside it). */
function touches(poly: Position[][], box: LonLatBox): boolean {
  const outer = poly[0] ?? [];
  if (outer.length === 0) return false;
  const lons = outer.map((p) => p[0] ?? 0);
  const lats = outer.map((p) => p[1] ?? 0);
  return Math.min(...lons) <= box[1][0] && Math.max(...lons) >= box[0][0] && Math.min(...lats) <= box[1][1] && Math.max(...lats) >= box[0][1];
}

/**
 * Country polygons touching `box` (padded by the caller), simplified, as plain GeoJSON features
 * with only an `id` property, in the atlas's order (deterministic).
 * @example const countries = countriesIn([[-10, -5], [135, 72]]);
 */
export function countriesIn(box: LonLatBox): Feature[] {
  // Every bulletin of a run maps the same stations: cut and simplify once, hand out copies
  // (Vega marks the data objects it is given).
  const key = JSON.stringify(box);
  let cut = cutFor.get(key);
  if (!cut) {
    cut = cutCountries(box);
    cutFor.set(key, cut);
  }
  return structuredClone(cut);
}

const cutFor = new Map<string, Feature[]>();

function cutCountries(box: LonLatBox): Feature[] {
  const out: Feature[] = [];
  // Shapes are cut well outside the frame, so that clipping at the frame hides every cut edge.
  const clip: LonLatBox = [
    [box[0][0] - 15, box[0][1] - 10],
    [box[1][0] + 30, box[1][1] + 15],
  ];
  for (const f of loadWorld().features) {
    if (!f.geometry) continue;
    const kept = polygons(f.geometry)
      .filter((poly) => touches(poly, box))
      .map((poly) => poly.map((ring) => simplifyRing(ring, clip)))
      // A polygon whose outer ring vanished goes whole: its holes would turn inside out.
      .filter((rings) => (rings[0]?.length ?? 0) > 0)
      .map((rings) => rings.filter((ring) => ring.length > 0));
    if (kept.length === 0) continue;
    out.push({
      type: 'Feature',
      properties: { id: String(f.id ?? '') },
      geometry: { type: 'MultiPolygon', coordinates: kept },
    });
  }
  return out;
}

/**
 * Points along the edges of a lon/lat box, for fitting a projection to it (a conic's edges curve).
 * @example fitSizeTo([[0, 5], [120, 60]]);
 */
export function boxOutline(box: LonLatBox): Feature {
  const [[w, s], [e, n]] = box;
  const pts: Position[] = [];
  for (let i = 0; i <= 12; i++) {
    const lon = w + ((e - w) * i) / 12;
    pts.push([lon, s], [lon, n]);
  }
  for (let i = 0; i <= 6; i++) {
    const lat = s + ((n - s) * i) / 6;
    pts.push([w, lat], [e, lat]);
  }
  return { type: 'Feature', properties: {}, geometry: { type: 'MultiPoint', coordinates: pts } };
}

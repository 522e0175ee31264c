/**
 * Greedy placement of point labels on a map: each label takes the first of eight positions around
 * its point (right, left, above, below, then the diagonals) whose box stays inside the frame and
 * overlaps no point, no label placed before it and no route line; failing that, the least bad one.
 * Deterministic: same points, same placement.
 * Labels are measured as bold, with the estimate vega itself uses for layout.
 */
import { textWidth } from './text-width.js';

/** A label to place: its text and its point in pixels. */
export interface LabelPoint {
  text: string;
  x: number;
  y: number;
}

/** A placed label: anchor in pixels and the text alignment at that anchor. */
export interface PlacedLabel {
  lx: number;
  ly: number;
  align: 'left' | 'center' | 'right';
  baseline: 'top' | 'middle' | 'bottom';
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

const GAP = 6;
const CANDIDATES: {
  dx: number;
  dy: number;
  align: PlacedLabel['align'];
  baseline: PlacedLabel['baseline'];
}[] = [
  { dx: GAP, dy: 0, align: 'left', baseline: 'middle' },
  { dx: -GAP, dy: 0, align: 'right', baseline: 'middle' },
  { dx: 0, dy: -GAP, align: 'center', baseline: 'bottom' },
  { dx: 0, dy: GAP, align: 'center', baseline: 'top' },
  { dx: GAP - 2, dy: -GAP + 2, align: 'left', baseline: 'bottom' },
  { dx: GAP - 2, dy: GAP - 2, align: 'left', baseline: 'top' },
  { dx: -GAP + 2, dy: -GAP + 2, align: 'right', baseline: 'bottom' },
  { dx: -GAP + 2, dy: GAP - 2, align: 'right', baseline: 'top' },
  // Farther out, for crowded clusters: above and below with a clear gap, then the far diagonals.
  { dx: 0, dy: -2.5 * GAP, align: 'center', baseline: 'bottom' },
  { dx: 0, dy: 2.5 * GAP, align: 'center', baseline: 'top' },
  { dx: GAP, dy: -2.5 * GAP, align: 'left', baseline: 'bottom' },
  { dx: -GAP, dy: -2.5 * GAP, align: 'right', baseline: 'bottom' },
  { dx: GAP, dy: 2.5 * GAP, align: 'left', baseline: 'top' },
  { dx: -GAP, dy: 2.5 * GAP, align: 'right', baseline: 'top' },
];

/** What a label crossed by a route line costs: worse than a far spot, better than hiding a station. */
const LINE_CROSSED = 600;

/** Distance from a point to a box (0 inside it). */
function distance(b: Box, p: LabelPoint): number {
  const dx = Math.max(b.x0 - p.x, 0, p.x - b.x1);
  const dy = Math.max(b.y0 - p.y, 0, p.y - b.y1);
  return Math.hypot(dx, dy);
}

/** Room kept around a label, so neighbours do not touch (glyphs overshoot the nominal box). */
const PAD = 2;

function boxOf(c: (typeof CANDIDATES)[number], p: LabelPoint, w: number, h: number): Box {
  const x = p.x + c.dx;
  const y = p.y + c.dy;
  const x0 = c.align === 'left' ? x : c.align === 'right' ? x - w : x - w / 2;
  const y0 = c.baseline === 'top' ? y : c.baseline === 'bottom' ? y - h : y - h / 2;
  return { x0: x0 - PAD, y0: y0 - PAD, x1: x0 + w + PAD, y1: y0 + h + PAD };
}

/**
 * Points every few pixels along straight segments, to keep labels off the lines they sample.
 * @example samplePolyline([[0, 0], [10, 0]], 5); // [[0,0],[5,0],[10,0]]
 */
export function samplePolyline(points: [number, number][], step = 4): [number, number][] {
  const out: [number, number][] = [];
  points.forEach((p, i) => {
    const q = points[i + 1];
    if (!q) return void out.push(p);
    const n = Math.max(1, Math.ceil(Math.hypot(q[0] - p[0], q[1] - p[1]) / step));
    for (let k = 0; k < n; k++) out.push([p[0] + ((q[0] - p[0]) * k) / n, p[1] + ((q[1] - p[1]) * k) / n]);
  });
  return out;
}

/**
 * Places every label; where no spot is clear, the one that stays in the frame, covers the fewest
 * points and labels, is crossed by no route line, sits nearer its own point than any other, then
 * crosses the fewest route samples wins. A first pass places labels west to east;
 * later passes move each label again with all the others in place, which untangles clusters.
 * `avoid` are further points (e.g. samples of route lines) that labels should not cover.
 * @example placeLabels([{ text: 'Almaty', x: 300, y: 210 }], 620, 400, 9.5);
 */
export function placeLabels(
  points: LabelPoint[],
  width: number,
  height: number,
  fontSize: number,
  avoid: [number, number][] = [],
): PlacedLabel[] {
  const h = fontSize * 1.25;
  const dots: Box[] = points.map((p) => ({ x0: p.x - 4, y0: p.y - 4, x1: p.x + 4, y1: p.y + 4 }));
  const lines: Box[] = avoid.map(([x, y]) => ({ x0: x - 1.5, y0: y - 1.5, x1: x + 1.5, y1: y + 1.5 }));
  const widths = points.map((p) => textWidth(p.text, fontSize, true));
  const chosen: (number | null)[] = points.map(() => null);
  const boxes = (i: number): Box | null => {
    const c = chosen[i];
    const p = points[i];
    return c === null || c === undefined || !p ? null : boxOf(CANDIDATES[c]!, p, widths[i] ?? 0, h);
  };
  // Leaving the frame is worst, then covering a point or another label, then a route sample;
  // the first spot with the lowest score wins, so a clear spot keeps the preferred order.
  const score = (i: number, c: (typeof CANDIDATES)[number]): number => {
    const b = boxOf(c, points[i]!, widths[i] ?? 0, h);
    const outside = b.x0 < 0 || b.y0 < 0 || b.x1 > width || b.y1 > height ? 1e6 : 0;
    const others = [...dots.filter((_, j) => j !== i), ...points.map((_, j) => (j === i ? null : boxes(j)))];
    const covered = others.filter((t) => t && overlaps(b, t)).length;
    // A label nearer to another station than to its own reads as that station's name.
    const own = distance(b, points[i]!);
    const ambiguous = points.filter((q, j) => j !== i && distance(b, q) <= own + 1).length;
    const crossed = lines.filter((t) => overlaps(b, t)).length;
    return outside + covered * 1000 + (crossed > 0 ? LINE_CROSSED : 0) + ambiguous * 500 + crossed;
  };
  const order = points.map((_, i) => i).sort((a, b) => (points[a]?.x ?? 0) - (points[b]?.x ?? 0) || a - b);
  for (let pass = 0; pass < 4; pass++) {
    for (const i of order) {
      const scores = CANDIDATES.map((c) => score(i, c));
      chosen[i] = scores.indexOf(Math.min(...scores));
    }
  }
  return points.map((p, i) => {
    const c = CANDIDATES[chosen[i] ?? 0]!;
    return { lx: p.x + c.dx, ly: p.y + c.dy, align: c.align, baseline: c.baseline };
  });
}

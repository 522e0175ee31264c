/**
 * Chart `route-map`: the services' routes (straight lines between stations, in route order, in
 * the service colours, branches such as Małaszewicze–Budapest included) and their stations over
 * country boundaries, on a Lambert conformal conic projection fitted to the stations drawn (with
 * a margin, and at least 40° by 20°), so the frame holds every station and little else. The
 * projection is computed here, so station labels can be placed clear of points, labels and lines.
 */
import * as vega from 'vega';
import type { Feature } from 'geojson';
import type { ChartData, Edition, StationInfo } from '../model.js';
import { boxOutline, countriesIn, type LonLatBox } from './base-map.js';
import {
  ChartFigures,
  footnote,
  pick,
  sentences,
  serviceColorScale,
  serviceLabel,
  type ChartBuilder,
  type ChartDefinition,
} from './chart-kit.js';
import { CHART_WIDTH, INK, publish } from './theme.js';
import { placeLabels, samplePolyline } from './label-placement.js';

interface GeoProjection {
  (p: [number, number]): [number, number] | null;
  rotate(r: [number, number, number]): GeoProjection;
  parallels(p: [number, number]): GeoProjection;
  fitWidth(width: number, object: Feature): GeoProjection;
  scale(): number;
  translate(): [number, number];
  translate(t: [number, number]): GeoProjection;
}

const ROTATE: [number, number, number] = [-60, 0, 0];
const PARALLELS: [number, number] = [25, 55];
const MAP_WIDTH = CHART_WIDTH - 20;

/** Margins around the stations, in degrees: room for the labels and a little land around them. */
const PAD_LON = 7;
const PAD_LAT = 3;
const MIN_LON_SPAN = 40;
const MIN_LAT_SPAN = 20;

/**
 * The stations' box with a margin, widened about its centre to at least 40° by 20° (so one
 * short route still shows its region); with no station, Europe to East Asia.
 * @example mapBox([duisburg, hanoi]) // [[-0.3, 17.1], [112.9, 55.4]]
 */
export function mapBox(stations: StationInfo[]): LonLatBox {
  if (stations.length === 0) return [[0, 5], [120, 60]];
  const lons = stations.map((s) => s.lon);
  const lats = stations.map((s) => s.lat);
  const span = (lo: number, hi: number, pad: number, min: number): [number, number] => {
    const [a, b] = [lo - pad, hi + pad];
    const grow = Math.max(0, min - (b - a)) / 2;
    return [a - grow, b + grow];
  };
  const [w, e] = span(Math.min(...lons), Math.max(...lons), PAD_LON, MIN_LON_SPAN);
  const [s, n] = span(Math.min(...lats), Math.max(...lats), PAD_LAT, MIN_LAT_SPAN);
  return [
    [w, s],
    [e, n],
  ];
}

/** Every polyline of a route: the main line, then each branch. */
const polylines = (r: ChartData['routes'][number]): StationInfo[][] => [r.stations, ...(r.branches ?? [])];

/** Room above and below the stations, in pixels: a label and a little land. */
const MARGIN_Y = 40;

/**
 * The projection fitted to the box's width; the frame's height runs from the highest to the
 * lowest station with a margin (not to the box's curved lower edge, which would take in half of
 * Africa), so the frame holds the routes and little else.
 */
function fittedProjection(box: LonLatBox, stations: StationInfo[]): { project: GeoProjection; height: number } {
  const factory = (vega.projection as unknown as (type: string) => () => GeoProjection)('conicConformal');
  const outline = boxOutline(box);
  const project = factory().rotate(ROTATE).parallels(PARALLELS).fitWidth(MAP_WIDTH, outline);
  const coords = outline.geometry.type === 'MultiPoint' ? outline.geometry.coordinates : [];
  const boxYs = coords.map((c) => project([c[0] ?? 0, c[1] ?? 0])?.[1] ?? 0);
  const ys = stations.length ? stations.map((s) => project([s.lon, s.lat])?.[1] ?? 0) : boxYs;
  // At least 45 % of the width tall, so that one short route still shows its region.
  const grow = Math.max(0, 0.45 * MAP_WIDTH - (Math.max(...ys) - Math.min(...ys) + 2 * MARGIN_Y)) / 2;
  const top = Math.max(Math.min(...boxYs), Math.min(...ys) - MARGIN_Y - grow);
  const bottom = Math.min(Math.max(...boxYs), Math.max(...ys) + MARGIN_Y + grow);
  const [tx, ty] = project.translate();
  project.translate([tx, ty - top]);
  return { project, height: Math.ceil(bottom - top) };
}

/**
 * Builds the `route-map` chart.
 * @example const { spec, alt } = routeMap(data, 'zh');
 */
export const routeMap: ChartBuilder = (data: ChartData, edition: Edition): ChartDefinition => {
  const name = (s: StationInfo): string => (edition === 'zh' ? s.nameZh : s.name);
  // The map prints the shorter map name where the reference gives one; the alt text the full name.
  const label = (s: StationInfo): string => (edition === 'zh' ? s.mapNameZh || s.nameZh : s.mapName || s.name);
  const all = data.routes.flatMap((r) => polylines(r).flat());
  const unique = [...new Map(all.map((s) => [s.id, s])).values()];
  const box = mapBox(unique);
  const { project, height } = fittedProjection(box, unique);
  const ids = data.services.map((s) => s.id).filter((id) => data.routes.some((r) => r.service === id));
  const labels = ids.map((id) => serviceLabel(data.services, id, edition));
  const lines = data.routes.flatMap((r) =>
    polylines(r).flatMap((line, k) =>
      line.map((s, i) => ({
        service: serviceLabel(data.services, r.service, edition),
        segment: `${r.service}#${k}`,
        order: i,
        lon: s.lon,
        lat: s.lat,
      })),
    ),
  );
  const points = unique.map((s) => ({
    id: s.id,
    name: label(s),
    lon: s.lon,
    lat: s.lat,
    xy: project([s.lon, s.lat]) ?? [0, 0],
  }));
  const routePixels = data.routes.flatMap((r) =>
    polylines(r).flatMap((line) => samplePolyline(line.map((s) => project([s.lon, s.lat]) ?? [0, 0]), 2)),
  );
  const placed = placeLabels(
    points.map((p) => ({ text: p.name, x: p.xy[0], y: p.xy[1] })),
    MAP_WIDTH,
    height,
    9.5,
    routePixels,
  );
  const stationValues = points.map((p, i) => ({ name: p.name, lon: p.lon, lat: p.lat, ...placed[i] }));
  const pos = {
    longitude: { field: 'lon', type: 'quantitative' },
    latitude: { field: 'lat', type: 'quantitative' },
  };
  const body = {
    width: MAP_WIDTH,
    height,
    // The sea is the frame's fill: a conic's sphere outline runs off to infinity.
    view: { fill: '#eaf0f5', stroke: INK.rule, strokeWidth: 0.5 },
    projection: {
      type: 'conicConformal',
      rotate: ROTATE,
      parallels: PARALLELS,
      scale: project.scale(),
      translate: project.translate(),
    },
    layer: [
      {
        data: { values: countriesIn(box) },
        mark: { type: 'geoshape', fill: '#f4f2ec', stroke: '#aaa59b', strokeWidth: 0.4, clip: true },
      },
      {
        data: { values: lines },
        mark: { type: 'line', strokeWidth: 2.4, strokeCap: 'round', strokeJoin: 'round', clip: true },
        encoding: {
          ...pos,
          order: { field: 'order' },
          detail: { field: 'segment', type: 'nominal' },
          color: {
            field: 'service',
            type: 'nominal',
            sort: labels,
            title: null,
            scale: serviceColorScale(data.services, edition),
            legend: {
              orient: 'bottom-left',
              direction: 'vertical',
              fillColor: '#ffffff',
              padding: 6,
              symbolType: 'stroke',
              symbolStrokeWidth: 2.4,
            },
          },
        },
      },
      {
        data: { values: stationValues },
        mark: { type: 'circle', size: 36, fill: '#ffffff', stroke: INK.text, strokeWidth: 1.2, opacity: 1 },
        encoding: pos,
      },
      // Plain labels: stroked "halo" text would be printed by Chromium as Type 3 outlines.
      {
        data: { values: stationValues },
        mark: {
          type: 'text',
          fontSize: 9.5,
          fontWeight: 'bold',
          fill: INK.text,
          align: { expr: 'datum.align' },
          baseline: { expr: 'datum.baseline' },
        },
        encoding: {
          x: { field: 'lx', type: 'quantitative', scale: null },
          y: { field: 'ly', type: 'quantitative', scale: null },
          text: { field: 'name' },
        },
      },
    ],
  };
  const title = pick(edition, 'Routes and stations of the services', '各班列线路与站点');
  const subtitle = pick(
    edition,
    'stations in route order; lines are schematic, not the track',
    '按线路顺序连接站点；线路为示意，非实际轨道走向',
  );
  const figs = new ChartFigures('route-map', edition);
  // "1:50m" names the source dataset's scale: a reference, not a figure.
  const atlas = figs.ref('Natural Earth 1:50m');
  const notes = [pick(edition, `Boundaries: ${atlas} (world-atlas)`, `国界：${atlas}（world-atlas）`)];
  const intro = pick(
    edition,
    "Map of the services' routes over the country boundaries of Europe and Asia",
    '地图：各班列在欧亚大陆上的线路',
  );
  const perRoute = data.routes.map((r) => {
    const stopsOf = (line: StationInfo[]) => line.map((s) => `${name(s)} (${s.country})`).join(' – ');
    const zhStops = (t: string) => t.replace(/ \(([A-Z]{2})\)/gu, '（$1）').replace(/ – /gu, '—');
    const stops = stopsOf(r.stations);
    const branches = (r.branches ?? []).map(stopsOf);
    return pick(
      edition,
      `${serviceLabel(data.services, r.service, edition)}: ${stops}${branches.map((b) => `; branch ${b}`).join('')}`,
      `${serviceLabel(data.services, r.service, edition)}：${zhStops(stops)}${branches.map((b) => `；支线${zhStops(b)}`).join('')}`,
    );
  });
  const alt = sentences(
    [intro, ...(perRoute.length ? perRoute : [pick(edition, 'No routes', '无线路数据')])],
    edition,
  );
  const spec = publish({ title, subtitle, footnote: footnote(data, edition, figs, notes), edition }, body);
  return { id: 'route-map', title, spec, alt, figures: figs.figures(), exemptions: figs.exemptions() };
};

/**
 * Reference data shipped with the project (sources/reference/*.csv, editable without code):
 * services, stations, HS chapters, countries, currencies, emission factors.
 * Loaded into ref_* tables for the SQL stages and read as typed objects for the reports.
 */
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError } from '../lib/errors.js';
import { projectPath } from '../lib/paths.js';

/** One service of the reference data (sources/reference/services.csv). */
export interface ServiceInfo {
  id: string;
  name: string;
  nameZh: string;
  shortName: string;
  shortNameZh: string;
  /** As in the reference: `2013-11` or `2024-10-15`. */
  launched: string;
  /** First return train (e.g. `2025-06-21`), or null. */
  firstReturn: string | null;
  route: string;
  routeZh: string;
  /** Chart colour, `#rrggbb`. */
  color: string;
}

/** One station of the reference data, for route maps. */
export interface StationInfo {
  id: string;
  name: string;
  nameZh: string;
  /** Shorter label for maps where the name is long ("Xi'an (Chanba)"); the name when empty. */
  mapName?: string;
  mapNameZh?: string;
  country: string;
  lat: number;
  lon: number;
}

/** The default reference folder. */
export const defaultReferenceDir = projectPath('sources', 'reference');

export const FILES = {
  services: 'services.csv',
  stations: 'stations.csv',
  hs: 'hs-chapters.csv',
  countries: 'countries.csv',
  currencies: 'currencies.csv',
  emissions: 'emission-factors.csv',
} as const;

/** A service as the pipeline needs it (reports get ServiceInfo). */
export interface ServiceRef extends ServiceInfo {
  /** Subject of the headline sentence ("Trade between Xi'an and Kazakhstan via the Chang'an trains"). */
  headlineSubject: string;
  headlineSubjectZh: string;
  outboundOrigins: string[];
  routeStations: string[];
  /**
   * Branches off the main line, for maps: each a list of station ids starting at a station of
   * the main line (`malaszewicze;budapest`), so that every terminal the text names is drawn.
   */
  routeBranches?: string[][];
  /** Typical sea-freight days on a comparable route (indicative), for the transit comparison. */
  seaTransitDays: string | null;
  seaTransitNote: string;
}

/** The reference data as typed objects. */
export interface Reference {
  dir: string;
  /** sha256 over all reference files: part of every run's input fingerprint. */
  fingerprint: string;
  services: ServiceRef[];
  stations: StationInfo[];
  categories: { chapter: string; category: string; categoryZh: string }[];
  /**
   * Emission factors; the rail row's `claimSource` names who makes the published claim the
   * bulletin prints (rail CO2 about 1/7 of road, 1/15 of air), in each edition.
   */
  emissions: { mode: string; gramsPerTonneKm: string; source: string; note: string; claimSource?: string; claimSourceZh?: string }[];
}

type Rec = Record<string, string>;

async function readCsv(dir: string, file: string): Promise<{ text: string; rows: Rec[] }> {
  const path = join(dir, file);
  const text = await readFile(path, 'utf8').catch(() => {
    throw new InputError(`reference file ${path} is missing; restore it from the repository`, path);
  });
  try {
    return { text, rows: parse(text, { columns: (h: string[]) => h.map((c) => c.trim()), skip_empty_lines: true, bom: true, trim: true }) };
  } catch (err) {
    throw new InputError(`reference file ${path} cannot be parsed: ${(err as Error).message}`, path);
  }
}

function need(row: Rec, key: string, file: string, line: number): string {
  const v = row[key];
  if (v === undefined || v === '') throw new InputError(`${file}:${line}: column "${key}" is required`, file, line);
  return v;
}

/**
 * The first day a service runs, from its `launched` (`2013-11` → `2013-11-01`, `2024-10-15` as is).
 * @example launchDay('2013-11') // '2013-11-01'
 */
export function launchDay(launched: string): string {
  return /^\d{4}-\d{2}$/.test(launched) ? `${launched}-01` : launched;
}

/** The earliest launch day of the reference's services (no period is computed before its year). */
export function earliestLaunch(services: readonly { launched: string }[]): string | null {
  const days = services.map((s) => launchDay(s.launched)).sort();
  return days[0] ?? null;
}

/** A `launched` cell: `YYYY-MM` or `YYYY-MM-DD`, a real month or day (every departure is checked against it). */
function launchedField(v: string, line: number): string {
  const day = /^\d{4}-\d{2}$/.test(v) ? `${v}-01` : v;
  const d = /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T00:00:00Z`) : null;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day) {
    throw new InputError(`${FILES.services}:${line}: column "launched" must be YYYY-MM or YYYY-MM-DD (got "${v.slice(0, 40)}")`, FILES.services, line);
  }
  return v;
}

/**
 * Reads the reference folder.
 * @example const ref = await loadReference(defaultReferenceDir); ref.services.map((s) => s.id)
 */
export async function loadReference(dir: string = defaultReferenceDir): Promise<Reference> {
  const hash = createHash('sha256');
  const read = async (f: string) => {
    const r = await readCsv(dir, f);
    hash.update(f).update(r.text);
    return r.rows;
  };
  const services = (await read(FILES.services)).map((r, i): ServiceRef => ({
    id: need(r, 'id', FILES.services, i + 2),
    name: need(r, 'name', FILES.services, i + 2),
    nameZh: r['name_zh'] || need(r, 'name', FILES.services, i + 2),
    shortName: r['short_name'] || need(r, 'name', FILES.services, i + 2),
    shortNameZh: r['short_name_zh'] || r['name_zh'] || need(r, 'name', FILES.services, i + 2),
    launched: launchedField(need(r, 'launched', FILES.services, i + 2), i + 2),
    firstReturn: r['first_return'] || null,
    route: r['route'] ?? '',
    routeZh: r['route_zh'] || r['route'] || '',
    color: r['color'] || '#1f4e79',
    headlineSubject: r['headline_subject'] ?? '',
    headlineSubjectZh: r['headline_subject_zh'] ?? '',
    outboundOrigins: (r['outbound_origin_countries'] ?? '').split(';').map((s) => s.trim().toUpperCase()).filter(Boolean),
    routeStations: (r['route_stations'] ?? '').split(';').map((s) => s.trim()).filter(Boolean),
    routeBranches: (r['route_branches'] ?? '').split('|').map((b) => b.split(';').map((s) => s.trim()).filter(Boolean)).filter((b) => b.length > 1),
    seaTransitDays: r['sea_transit_days'] || null,
    seaTransitNote: r['sea_transit_note'] ?? '',
  }));
  const stations = (await read(FILES.stations)).map((r, i): StationInfo & { aliases: string[] } => ({
    id: need(r, 'id', FILES.stations, i + 2),
    name: need(r, 'name', FILES.stations, i + 2),
    nameZh: r['name_zh'] || need(r, 'name', FILES.stations, i + 2),
    ...(r['map_name'] ? { mapName: r['map_name'] } : {}),
    ...(r['map_name_zh'] ? { mapNameZh: r['map_name_zh'] } : {}),
    country: need(r, 'country', FILES.stations, i + 2),
    lat: Number(need(r, 'lat', FILES.stations, i + 2)),
    lon: Number(need(r, 'lon', FILES.stations, i + 2)),
    aliases: (r['aliases'] ?? '').split(';').map((s) => s.trim()).filter(Boolean),
  }));
  const categories = (await read(FILES.hs)).map((r, i) => ({
    chapter: need(r, 'chapter', FILES.hs, i + 2).padStart(2, '0'),
    category: need(r, 'category', FILES.hs, i + 2),
    categoryZh: r['category_zh'] || need(r, 'category', FILES.hs, i + 2),
  }));
  const emissions = (await read(FILES.emissions)).map((r) => ({
    mode: r['mode'] ?? '',
    gramsPerTonneKm: r['g_co2_per_tonne_km'] ?? '',
    source: r['source'] ?? '',
    note: r['note'] ?? '',
    claimSource: r['claim_source'] ?? '',
    claimSourceZh: r['claim_source_zh'] ?? '',
  }));
  await read(FILES.countries);
  await read(FILES.currencies);
  return { dir, fingerprint: hash.digest('hex'), services, stations, categories, emissions };
}

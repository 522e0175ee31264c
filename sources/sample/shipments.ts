/**
 * Containers of the sample trains: one shipment per container, with 1–3 goods lines each.
 * Line amounts are drafted in yuan (a float `raw`); `calibrate.ts` later scales them to the
 * published totals and writes them in the line's invoice currency.
 */
import { FLOWS, type CargoItem } from './cargo.js';
import { dayOf, partsOf, type Day } from './dates.js';
import { createRng } from './rng.js';
import { STATIONS, type SampleStation, type ServiceKey } from './stations.js';
import type { Train } from './trains.js';

/** One container on one train. */
export interface Shipment {
  service: ServiceKey;
  shipmentId: string;
  trainId: string;
  departure: Day;
  arrival: Day | null;
  origin: SampleStation;
  destination: SampleStation;
  teu: number;
  weightKg: number | null;
  direction: 'out' | 'in';
}

/** A goods line before calibration: its yuan amount is a float draft. */
export interface LineDraft {
  lineId: string;
  shipment: Shipment;
  hs: string;
  description: string;
  currency: string;
  raw: number;
}

/** Last departure and arrival the inbox may show (the sample's as-of date). */
const AS_OF = dayOf('2026-06-30');
/** Mean yuan value per container by service on 2025-01-01, drifting 8 % a year. */
const BASE_VALUE: Record<ServiceKey, number> = { changan: 1_900_000, asean: 1_300_000 };
const HEAVY = new Set(['grain', 'oilseed', 'metals']);

/** The service-year prefix of ids: `CA25`, `AE24`. */
function idPrefix(service: ServiceKey, day: Day): string {
  return `${service === 'changan' ? 'CA' : 'AE'}${String(partsOf(day).year).slice(2)}`;
}

/**
 * Builds the shipments and draft goods lines of all trains.
 * @example const { shipments, lines } = buildShipments(buildTrains(seed), seed);
 */
export function buildShipments(
  trains: readonly Train[],
  seed: number,
): { shipments: Shipment[]; lines: LineDraft[] } {
  const shipments: Shipment[] = [];
  const drafts: Omit<LineDraft, 'lineId'>[] = [];
  for (const train of trains) {
    const rng = createRng(seed, `containers:${train.trainId}`);
    for (let k = 0; k < train.containers; k++) {
      // Containers loaded at Chongqing leave three days after the train's first station.
      const atChongqing = rng.chance(train.chongqingShare) && train.day + 3 <= AS_OF;
      const origin = atChongqing ? STATIONS.chongqing : train.origin;
      const flowKey = atChongqing ? 'asean-out-CN' : train.flow;
      const flow = FLOWS[flowKey];
      if (!flow) throw new Error(`buildShipments: unknown flow ${flowKey}`);
      const destination = rng.weighted(train.terminals);
      const departure = train.day + (atChongqing ? 3 : 0);
      // Return trains reach Hanoi four days after Chongqing.
      const arrivalDay = train.day + train.transit + (destination === STATIONS.hanoi ? 4 : 0);
      const arrival = arrivalDay > AS_OF || rng.chance(0.02) ? null : arrivalDay;
      const teu = rng.weighted([
        [2, 85],
        [1, 12],
        [2.25, 3],
      ] as const);
      const cargo = rng.weighted(flow.classes);
      const heavy = HEAVY.has(cargo.id);
      const maxKg = teu === 1 ? 24_000 : 28_500;
      const weightKg = rng.chance(0.02)
        ? null
        : rng.int(heavy ? maxKg - 6_000 : 6_000 * teu, heavy ? maxKg : maxKg - 2_000);
      const shipment: Shipment = {
        service: train.service,
        shipmentId: '',
        trainId: train.trainId,
        departure,
        arrival,
        origin,
        destination,
        teu,
        weightKg,
        direction: train.direction,
      };
      shipments.push(shipment);
      // Container value: drifting service mean × class value × log-normal spread.
      const years = (departure - dayOf('2025-01-01')) / 365.25;
      const value =
        BASE_VALUE[train.service] * (1 + 0.08 * years) * cargo.value * Math.exp(0.45 * rng.normal() - 0.1);
      const currency = rng.weighted(flow.currencies);
      const count = rng.weighted([
        [1, 55],
        [2, 33],
        [3, 12],
      ] as const);
      const shares = Array.from({ length: count }, () => 0.3 + rng.next());
      const sum = shares.reduce((a, b) => a + b, 0);
      const items: CargoItem[] = [...cargo.items];
      shares.forEach((share) => {
        const item = items.splice(rng.int(0, items.length - 1), 1)[0] ?? cargo.items[0];
        if (!item) throw new Error(`buildShipments: class ${cargo.id} has no items`);
        drafts.push({
          shipment,
          hs: item.hs,
          description: item.description,
          currency,
          raw: (value * share) / sum,
        });
      });
    }
  }
  // Ids in departure order per service and year: CA25-00001, …
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  shipments.sort(
    (a, b) => cmp(a.service, b.service) || a.departure - b.departure || cmp(a.trainId, b.trainId),
  );
  const counters = new Map<string, number>();
  for (const s of shipments) {
    const prefix = idPrefix(s.service, s.departure);
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    s.shipmentId = `${prefix}-${String(n).padStart(5, '0')}`;
  }
  const perShipment = new Map<Shipment, number>();
  const lines = drafts.map((d) => {
    const n = (perShipment.get(d.shipment) ?? 0) + 1;
    perShipment.set(d.shipment, n);
    return { ...d, lineId: `${d.shipment.shipmentId}-${n}` };
  });
  lines.sort((a, b) => cmp(a.lineId, b.lineId));
  return { shipments, lines };
}

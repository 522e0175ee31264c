/**
 * The sample's train timetable. Chang'an Xi'an–Almaty: 64, 70, 76 trains in 2023–2025 and 40
 * in the first half of 2026, about 70 % outbound. ASEAN Express: first train 2024-10-15 from
 * Hanoi An Yen, feeders from Vientiane (November 2024) and Bangkok (March 2025), return
 * trains from Duisburg from exactly 2025-06-21 and from Budapest from October 2025.
 */
import { dayOf, isoOf, partsOf, type Day } from './dates.js';
import { createRng, type Rng } from './rng.js';
import { STATIONS, type SampleStation, type ServiceKey } from './stations.js';

/** One train run. Containers loaded at Chongqing on an ASEAN train leave three days later. */
export interface Train {
  service: ServiceKey;
  trainId: string;
  day: Day;
  direction: 'out' | 'in';
  origin: SampleStation;
  /** Cargo flow key of the containers loaded at `origin` (see `FLOWS`). */
  flow: string;
  containers: number;
  /** Days from `day` to arrival at the terminal. */
  transit: number;
  /** Destination stations and their weights. */
  terminals: readonly (readonly [SampleStation, number])[];
  /** Share of containers loaded at Chongqing Tuanjie Village (ASEAN outbound only). */
  chongqingShare: number;
}

/**
 * `n` days between `from` and `to` at evenly spaced quantiles of `weight`, jittered; with
 * `pinFirst` the first one is exactly `from`.
 */
function placeDays(
  from: Day,
  to: Day,
  n: number,
  rng: Rng,
  weight: (d: Day) => number,
  pinFirst = false,
): Day[] {
  const cum: number[] = [];
  let total = 0;
  for (let d = from; d <= to; d++) cum.push((total += weight(d)));
  const out: Day[] = [];
  for (let k = 0; k < n; k++) {
    const q = ((k + 0.5 + 0.7 * (rng.next() - 0.5)) / n) * total;
    const offset = cum.findIndex((v) => v >= q);
    out.push(pinFirst && k === 0 ? from : from + Math.max(0, offset));
  }
  return out.sort((a, b) => a - b);
}

/** Fewer trains around the Spring Festival (20 January to 20 February). */
function springFestivalDip(d: Day): number {
  const { month, date } = partsOf(d);
  return (month === 1 && date >= 20) || (month === 2 && date <= 20) ? 0.5 : 1;
}

const trainId = (num: string, day: Day): string => `${num}-${isoOf(day).replaceAll('-', '')}`;

/** Chang'an trains of 2023-01-03 … 2026-06-30. */
function changanTrains(seed: number): Train[] {
  const rng = createRng(seed, 'trains:changan');
  const years: [string, string, number][] = [
    ['2023-01-03', '2023-12-31', 64],
    ['2024-01-01', '2024-12-31', 70],
    ['2025-01-01', '2025-12-31', 76],
    ['2026-01-01', '2026-06-30', 40],
  ];
  const trains: Train[] = [];
  const used = new Set<string>();
  for (const [from, to, n] of years) {
    const days = placeDays(dayOf(from), dayOf(to), n, rng, springFestivalDip);
    const outbound = days.map((_, k) => k < Math.round(0.7 * n));
    for (let k = outbound.length - 1; k > 0; k--) {
      const j = rng.int(0, k);
      [outbound[k], outbound[j]] = [outbound[j] ?? false, outbound[k] ?? false];
    }
    days.forEach((planned, k) => {
      const out = outbound[k] ?? true;
      const numbers = out ? ['X8157', 'X8159', 'X8161', 'X8163'] : ['X8158', 'X8160', 'X8162'];
      // Two trains of one direction on a day take different numbers; a third waits a day.
      let day = planned;
      let num = rng.pick(numbers);
      for (let m = 0; used.has(trainId(num, day)); m++) {
        num = numbers[m % numbers.length] ?? num;
        day = planned + Math.floor(m / numbers.length);
      }
      used.add(trainId(num, day));
      trains.push({
        service: 'changan',
        trainId: trainId(num, day),
        day,
        direction: out ? 'out' : 'in',
        origin: out ? STATIONS.xian : STATIONS.almaty,
        flow: out ? 'changan-out' : 'changan-in',
        containers: rng.int(30, 45),
        transit: rng.int(10, 14),
        terminals: [[out ? STATIONS.almaty : STATIONS.xian, 1]],
        chongqingShare: 0,
      });
    });
  }
  return trains;
}

/** One origin of the ASEAN Express and its phases (from, to, trains per week). */
interface AseanLine {
  origin: SampleStation;
  direction: 'out' | 'in';
  number: string;
  flow: string;
  phases: [string, string, number][];
  pinFirst: boolean;
  chongqingShare: number;
  terminals: readonly (readonly [SampleStation, number])[];
  /** Containers per train, inclusive range. */
  containers: readonly [number, number];
}

const EUROPE = [
  [STATIONS.duisburg, 65],
  [STATIONS.budapest, 35],
] as const;
const HOME = [
  [STATIONS.chongqing, 65],
  [STATIONS.hanoi, 35],
] as const;

// The value published for the ASEAN Express implies a plateau in the second half of 2025
// (1.92 billion yuan in its first eight months, 1.55 billion in the next six), so westbound
// frequency eases while the return trains start; it picks up again in 2026.
// prettier-ignore
const ASEAN_LINES: AseanLine[] = [
  { origin: STATIONS.hanoi, direction: 'out', number: 'X9301', flow: 'asean-out-VN', pinFirst: true,
    chongqingShare: 0.35, terminals: EUROPE, containers: [24, 40],
    phases: [['2024-10-15', '2025-06-30', 0.9], ['2025-07-01', '2025-12-31', 0.55], ['2026-01-01', '2026-06-30', 0.7]] },
  { origin: STATIONS.vientiane, direction: 'out', number: 'X9311', flow: 'asean-out-LA', pinFirst: false,
    chongqingShare: 0.3, terminals: EUROPE, containers: [24, 40],
    phases: [['2024-11-04', '2025-06-30', 0.3], ['2025-07-01', '2025-12-31', 0.28], ['2026-01-01', '2026-06-30', 0.35]] },
  { origin: STATIONS.bangkok, direction: 'out', number: 'X9321', flow: 'asean-out-TH', pinFirst: false,
    chongqingShare: 0.25, terminals: EUROPE, containers: [24, 40],
    phases: [['2025-03-03', '2025-06-30', 0.25], ['2025-07-01', '2025-12-31', 0.25], ['2026-01-01', '2026-06-30', 0.3]] },
  // Return trains run lighter: westbound demand is stronger than eastbound.
  { origin: STATIONS.duisburg, direction: 'in', number: 'X9302', flow: 'asean-in', pinFirst: true,
    chongqingShare: 0, terminals: HOME, containers: [20, 34],
    phases: [['2025-06-21', '2025-12-31', 0.25], ['2026-01-01', '2026-06-30', 0.35]] },
  { origin: STATIONS.budapest, direction: 'in', number: 'X9304', flow: 'asean-in', pinFirst: false,
    chongqingShare: 0, terminals: HOME, containers: [20, 34],
    phases: [['2025-10-06', '2025-12-31', 0.12], ['2026-01-01', '2026-06-30', 0.2]] },
];

/** ASEAN Express trains of 2024-10-15 … 2026-06-30. */
function aseanTrains(seed: number): Train[] {
  const rng = createRng(seed, 'trains:asean');
  const trains: Train[] = [];
  for (const line of ASEAN_LINES) {
    line.phases.forEach(([from, to, perWeek], p) => {
      const n = Math.round((perWeek * (dayOf(to) - dayOf(from) + 1)) / 7);
      const days = placeDays(dayOf(from), dayOf(to), n, rng, () => 1, line.pinFirst && p === 0);
      let last = -1;
      for (const planned of days) {
        const day = Math.max(planned, last + 1);
        last = day;
        trains.push({
          service: 'asean',
          trainId: trainId(line.number, day),
          day,
          direction: line.direction,
          origin: line.origin,
          flow: line.flow,
          containers: rng.int(...line.containers),
          transit: line.direction === 'out' ? rng.int(20, 24) : rng.int(16, 19),
          terminals: line.terminals,
          chongqingShare: line.chongqingShare,
        });
      }
    });
  }
  return trains;
}

/**
 * Every train of the sample, ordered by service, day and train id.
 * @example buildTrains(20251231).filter((t) => t.service === 'asean')[0]?.trainId; // 'X9301-20241015'
 */
export function buildTrains(seed: number): Train[] {
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const order = (a: Train, b: Train): number =>
    cmp(a.service, b.service) || a.day - b.day || cmp(a.trainId, b.trainId);
  return [...changanTrains(seed), ...aseanTrains(seed)].sort(order);
}

/**
 * The charts of a bulletin, in the order they are rendered. Each builder is pure:
 * `(data, edition) → { id, title, spec, alt }`.
 *
 * @example
 * const ids = chartBuilders.map((build) => build(data, 'en').id);
 */
import { annualValue } from './annual-value.js';
import { cargoMix } from './cargo-mix.js';
import type { ChartBuilder } from './chart-kit.js';
import { cumulativeValue } from './cumulative-value.js';
import { direction } from './direction.js';
import { monthlyValue } from './monthly-value.js';
import { routeMap } from './route-map.js';
import { volume } from './volume.js';

export type { ChartBuilder, ChartDefinition } from './chart-kit.js';

/** Every chart builder, in bulletin order. */
export const chartBuilders: readonly ChartBuilder[] = [
  annualValue,
  monthlyValue,
  cumulativeValue,
  direction,
  cargoMix,
  volume,
  routeMap,
];

/** Chart ids in bulletin order (the keys BulletinView sections use in `chartIds`). */
export const chartIds = [
  'annual-value',
  'monthly-value',
  'cumulative-value',
  'direction',
  'cargo-mix',
  'volume',
  'route-map',
] as const;

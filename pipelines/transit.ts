/**
 * Transit time per service: days from departure to arrival of the shipments that departed in
 * a period and have an arrival date, as an exact mean and a median.
 */
import { Decimal } from 'decimal.js';
import type { Period } from './metrics.js';
import type { Warehouse } from './warehouse.js';

export type { TransitStats } from '../reports/data.js';
import type { TransitStats } from '../reports/data.js';

/**
 * Reads the transit statistics of every service in `period`.
 * @example const t = await transitStats(wh, period); // [{ service: 'asean-express', meanDays: '19.8…', … }]
 */
export async function transitStats(wh: Warehouse, period: Period): Promise<TransitStats[]> {
  const rows = await wh.all<{ service: string; shipments: number; total: string; median: string }>(
    `SELECT service, count(*)::INTEGER AS shipments, CAST(sum(arrival_date - departure_date) AS VARCHAR) AS total,
            CAST(quantile_disc(arrival_date - departure_date, 0.5) AS VARCHAR) AS median
     FROM shipments
     WHERE arrival_date IS NOT NULL AND departure_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
     GROUP BY service ORDER BY service`,
    [period.start, period.end],
  );
  return rows.map((r) => ({
    service: r.service,
    shipments: r.shipments,
    meanDays: new Decimal(r.total).div(r.shipments).toDecimalPlaces(10, Decimal.ROUND_HALF_EVEN).toFixed(10),
    medianDays: r.median,
  }));
}

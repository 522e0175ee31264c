/**
 * What a bulletin's data takes from the releases: the status rule (final_after_days), the
 * bulletin's last release with what changed in the inputs since (to mark revised figures), and
 * the vintages of its headline series.
 */
import type { BulletinData } from '../reports/data.js';
import { DEFAULT_FINAL_AFTER_DAYS } from '../reports/status.js';
import type { RunOptions } from './options.js';
import type { Warehouse } from './warehouse.js';

/**
 * The release part of a bulletin's data.
 * @example Object.assign(data, await releaseData(wh, data, options));
 */
export async function releaseData(
  _wh: Warehouse,
  _data: BulletinData,
  options: Pick<RunOptions, 'finalAfterDays'>,
): Promise<Pick<BulletinData, 'finalAfterDays' | 'release' | 'vintages'>> {
  return { finalAfterDays: options.finalAfterDays ?? DEFAULT_FINAL_AFTER_DAYS };
}

/**
 * The sample inbox generator: deterministic (a seeded PRNG, no clock), independent of the
 * pipeline (it imports nothing from pipelines/ or reports/), calibrated to the published
 * figures under the conversion rule of the data contract.
 *
 *   npx tsx sources/sample/generate.ts [--out sources/sample/inbox] [--seed 20251231]
 *
 * 1. fx rows: business days 2023-01-02 … 2026-06-30, USD→CNY calibrated exactly
 * 2. trains, containers (shipments) and draft goods lines
 * 3. calibration of the line amounts to the published totals
 * 4. files: fx, shipments and values per service and quarter (some in messy dialects),
 *    plus two files of deliberately bad rows
 */
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../../lib/atomic-write.js';
import { buildBadRows, type BadRow } from './bad-rows.js';
import { calibrate, type SampleTotals, type ValueLine } from './calibrate.js';
import { csvRecord, encodeUtf8 } from './csv.js';
import { dayOf, quarterOf } from './dates.js';
import { RateBook } from './fx-convert.js';
import type { CalibrationReport } from './fx-path.js';
import { buildFx, FX_LAST, type FxRow } from './fx-rows.js';
import { renderShipments, renderValues, type InboxFile } from './inbox-files.js';
import { MESSY_VALUES_FILE, renderMessyValues } from './messy-values.js';
import { buildShipments, type Shipment } from './shipments.js';
import { summaryLines } from './summary.js';
import { buildTrains } from './trains.js';

/** Seed of the committed sample inbox. */
export const DEFAULT_SEED = 20251231;
/** Folder of the committed sample inbox, relative to the project root. */
export const DEFAULT_OUT = 'sources/sample/inbox';

/** Options of `generateSample`. */
export interface GenerateOptions {
  /** Output folder; created if missing. Earlier generated files in it are removed first. */
  out: string;
  seed?: number;
}

/** What a generation wrote and the totals the pipeline must reproduce. */
export interface SampleSummary {
  files: { name: string; bytes: number }[];
  totalBytes: number;
  totals: SampleTotals;
  fx: CalibrationReport;
  badRows: BadRow[];
  shipments: number;
  lines: number;
}

/** Files this generator writes (and may therefore remove before writing). */
const GENERATED = /^(fx|shipments|values)-[\w-]+\.csv$/;

/** Groups items into files by name. */
function groupBy<T>(items: readonly T[], name: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = name(item);
    const list = out.get(key) ?? [];
    list.push(item);
    out.set(key, list);
  }
  return out;
}

/** An fx file: `date,base,quote,rate,source`. */
function renderFx(name: string, rows: readonly FxRow[]): InboxFile {
  const lines = [
    'date,base,quote,rate,source',
    ...rows.map((r) => csvRecord([r.date, r.base, r.quote, r.rate, r.source])),
  ];
  return { name, bytes: encodeUtf8(lines.join('\n') + '\n') };
}

/**
 * Generates the sample inbox into `out`.
 * @example const summary = await generateSample({ out: 'sources/sample/inbox' });
 */
export async function generateSample(options: GenerateOptions): Promise<SampleSummary> {
  const seed = options.seed ?? DEFAULT_SEED;
  // 1. Rates
  const fx = buildFx(seed);
  // 2. Trains, shipments, draft lines
  const trains = buildTrains(seed);
  const { shipments, lines: drafts } = buildShipments(trains, seed);
  const late = shipments.find((s) => s.departure > dayOf(FX_LAST));
  if (late) throw new Error(`generateSample: ${late.shipmentId} departs after ${FX_LAST}`);
  // 3. Calibration
  const { lines, totals } = calibrate(drafts, new RateBook(fx.rows));
  // 4. Files
  const fileOf = (kind: string, s: Shipment): string => `${kind}-${s.service}-${quarterOf(s.departure)}.csv`;
  const files: InboxFile[] = [...fx.files].map(([name, rows]) => renderFx(name, rows));
  for (const [name, group] of groupBy(shipments, (s) => fileOf('shipments', s)))
    files.push(renderShipments(name, group));
  for (const [name, group] of groupBy<ValueLine>(lines, (l) => fileOf('values', l.shipment))) {
    files.push(name === MESSY_VALUES_FILE ? renderMessyValues(group, seed) : renderValues(name, group));
  }
  const bad = buildBadRows(shipments, lines);
  files.push(...bad.files);
  files.sort((a, b) => (a.name < b.name ? -1 : 1));

  const out = resolve(options.out);
  const existing = await readdir(out).catch(() => [] as string[]);
  await Promise.all(existing.filter((n) => GENERATED.test(n)).map((n) => rm(join(out, n))));
  for (const f of files) await writeFileAtomic(join(out, f.name), f.bytes);
  return {
    files: files.map((f) => ({ name: f.name, bytes: f.bytes.byteLength })),
    totalBytes: files.reduce((a, f) => a + f.bytes.byteLength, 0),
    totals,
    fx: fx.report,
    badRows: bad.table,
    shipments: shipments.length,
    lines: lines.length,
  };
}

/** Command line: parse `--out` and `--seed`, generate, print the calibrated totals. */
async function main(argv: readonly string[]): Promise<void> {
  let out = DEFAULT_OUT;
  let seed = DEFAULT_SEED;
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    const value = argv[k + 1];
    if ((arg === '--out' || arg === '--seed') && value !== undefined) {
      if (arg === '--out') out = value;
      else seed = Number(value);
      k++;
    } else {
      throw new Error(`usage: generate.ts [--out DIR] [--seed N] (unexpected ${arg ?? ''})`);
    }
  }
  if (!Number.isSafeInteger(seed)) throw new Error('--seed must be an integer');
  const summary = await generateSample({ out, seed });
  for (const line of summaryLines(summary, out, seed)) console.log(line);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  });
}

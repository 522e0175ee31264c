/**
 * Stage 2, the derived tables (issues, shipments, fx_rates, normalized_lines, …): how a run
 * brings them up to date with the files it ingested. Two ways (see warehouse.ts, generations):
 *
 * - rebuild: validate and normalize every current row into the next generation, outside the
 *   run transaction (heavy, and invisible until switched); then, inside it, the staged files are
 *   promoted and the main views switched to that generation, together.
 * - delta: when only a few values files are new or revised (at most DELTA_MAX_SHARE of the value
 *   rows) and the current generation was built with the same reference data and conversion
 *   options, inside the run transaction: promote, then re-derive only the lines that share a
 *   line_id with a changed row.
 *
 * `prepareDerived` does the part outside the transaction, `applyDerived` the part inside it,
 * `retireDerived` the clean-up after the commit.
 */
import { createHash } from 'node:crypto';
import type { Reference } from '../sources/reference.js';
import { promoteStaged, writeNextFiles, type FileOutcome } from './ingest.js';
import { normalize, type NormalizeOptions } from './normalize.js';
import type { RunOptions } from './options.js';
import { dropValuesScratch, validate, validateValues, valuesDeltaKeys, valuesDeltaScope } from './validate.js';
import {
  buildGeneration, currentGeneration, dropStaleGeneration, inGeneration, sqlString, switchGeneration,
  type Generation, type Warehouse,
} from './warehouse.js';

/** Above this share of the value rows changed, a full rebuild is cheaper than a delta. */
const DELTA_MAX_SHARE = 0.2;

/** How this run derives its tables: the generation it ends on, and the delta's file versions (null: rebuild). */
export interface DerivedPlan {
  gen: Generation;
  delta: { added: number[]; replaced: number[] } | null;
  normalizeOptions: NormalizeOptions;
}

/**
 * Outside the run transaction: decides between delta and rebuild, and for a rebuild builds the
 * next generation (validate, normalize). `mark(stage)` records each stage's time.
 */
export async function prepareDerived(
  wh: Warehouse, outcomes: FileOutcome[], ref: Reference, options: RunOptions, mark: (stage: string) => void,
): Promise<DerivedPlan> {
  // The as-of date bounds the averaging policies' means; under `daily` it changes no rate (and
  // stays out of the build key, so that the delta path survives a new as-of date).
  const normalizeOptions: NormalizeOptions = {
    policy: options.policy, sourcePriority: options.sourcePriority, maxRateAgeDays: options.maxRateAgeDays,
    asOf: options.policy === 'daily' ? null : options.asOf,
  };
  const buildKey = createHash('sha256').update(ref.fingerprint).update(JSON.stringify(normalizeOptions)).digest('hex');
  const delta = options.forget === undefined ? await valuesDelta(wh, outcomes, buildKey) : null;
  if (delta) return { gen: delta.gen, delta: { added: delta.added, replaced: delta.replaced }, normalizeOptions };
  const gen = await buildGeneration(wh, (table) => writeNextFiles(wh, outcomes, table), async () => {
    await validate(wh);
    mark('validate');
    await normalize(wh, normalizeOptions);
    await dropValuesScratch(wh);
    await wh.run(`CREATE OR REPLACE TABLE build_info AS SELECT ${sqlString(buildKey)} AS fingerprint`);
    mark('normalize');
  });
  return { gen, delta: null, normalizeOptions };
}

/**
 * Inside the run transaction: promotes the staged files and switches to the new generation, or
 * applies the delta. Returns the `year|service` partitions a delta touched (null: all, a rebuild).
 */
export async function applyDerived(
  wh: Warehouse, plan: DerivedPlan, outcomes: FileOutcome[], runId: number, mark: (stage: string) => void,
): Promise<string[] | null> {
  const { delta } = plan;
  if (!delta) {
    await promoteStaged(wh, outcomes, runId);
    await switchGeneration(wh, plan.gen);
    mark('promote');
    return null;
  }
  await valuesDeltaKeys(wh, [...delta.added, ...delta.replaced]);
  await promoteStaged(wh, outcomes, runId);
  return inGeneration(wh, plan.gen, async () => {
    const deleted = await valuesDeltaScope(wh, delta.added, delta.replaced);
    mark('promote');
    await validateValues(wh, 'delta_rows');
    mark('validate');
    await normalize(wh, plan.normalizeOptions, 'append');
    const inserted = await wh.all<{ p: string }>(`SELECT DISTINCT year(departure_date) || '|' || service AS p
      FROM normalized_lines_core n SEMI JOIN delta_rows d ON d.file_id = n.file_id AND d.line = n.line`);
    mark('normalize');
    return [...new Set([...deleted, ...inserted.map((r) => r.p)])];
  });
}

/** After the commit: frees the generation a rebuild switched away from. */
export async function retireDerived(wh: Warehouse, plan: DerivedPlan): Promise<void> {
  if (!plan.delta) await dropStaleGeneration(wh, plan.gen);
}

/**
 * Whether this run's change can be applied as a delta to the current generation: one exists and
 * was built with the same reference data and conversion options, only values files are new or
 * revised, and they hold at most DELTA_MAX_SHARE of the value rows (replaced versions included).
 */
async function valuesDelta(wh: Warehouse, outcomes: FileOutcome[], buildKey: string): Promise<{ gen: Generation; added: number[]; replaced: number[] } | null> {
  const changed = outcomes.filter((o) => o.action === 'new' || o.action === 'revised');
  if (!changed.length || changed.some((o) => o.kind !== 'values')) return null;
  const gen = await currentGeneration(wh);
  if (!gen) return null;
  const [built] = await wh.all<{ fingerprint: string }>(`SELECT fingerprint FROM ${gen}.build_info`).catch(() => []);
  if (built?.fingerprint !== buildKey) return null;
  const added = changed.map((o) => o.fileId!);
  const replaced = changed.flatMap((o) => (o.replacesFileId === null ? [] : [o.replacesFileId]));
  const [size] = await wh.all<{ changed: number; total: number }>(
    `SELECT coalesce(sum(rows_read) FILTER (WHERE file_id IN (${[...added, ...replaced].join(', ')})), 0)::DOUBLE AS changed,
            coalesce(sum(rows_read) FILTER (WHERE status = 'current' AND kind = 'values'), 0)::DOUBLE AS total
     FROM file_versions`);
  if (!size || size.changed > DELTA_MAX_SHARE * size.total) return null;
  return { gen, added, replaced };
}

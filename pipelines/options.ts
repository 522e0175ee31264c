/** The options of a run, as the runner receives them (already validated by the CLI/config). */
import type { Edition } from '../reports/model.js';
import type { Publisher } from '../reports/data.js';
import type { RatePolicy } from './normalize.js';
import type { EncodingRule } from '../sources/encoding.js';

export interface RunOptions {
  command: 'nightly' | 'run' | 'forget';
  /** `forget NAME`: the file name whose rows (every version) this run retracts. */
  forget?: string;
  inbox: string;
  workspace: string;
  /** The as-of date (ISO): nothing after it is reported. */
  asOf: string;
  /** `run --year`: only this year's bulletins. */
  year: number | null;
  editions: Edition[];
  policy: RatePolicy;
  maxRateAgeDays: number;
  sourcePriority: string[];
  /** Share of rows (0–1) above which the run publishes nothing and exits 2. */
  quarantineCeiling: number;
  referenceDir: string;
  /** Exit 2 when any inbox file is rejected. */
  strict: boolean;
  /** Say what would change, write nothing. */
  dryRun: boolean;
  /** Encodings declared per file-name pattern (config "encodings", --encoding); the first match wins. */
  encodings?: EncodingRule[];
  /** The issuing body printed on the bulletins (config "publisher"; its logo already a data: URL). */
  publisher?: Publisher;
  /** Days after a year's end during which its figures stay provisional (config final_after_days; 90 when absent). */
  finalAfterDays?: number;
  /** Load and compute, but print no bulletins (ingest-only runs, tests). */
  skipBulletins?: boolean;
}

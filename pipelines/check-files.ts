/**
 * `validate FILE...`: the ingest and validation stages on an in-memory warehouse, so that
 * nothing is written. Cross-file rules apply among the files given: a value line's shipment
 * is only looked for when a shipments file is given, rates only when an fx file is given.
 */
import { basename, dirname } from 'node:path';
import { memoryLogger } from '../lib/logger.js';
import { loadReference } from '../sources/reference.js';
import { loadReferenceTables } from './reference-tables.js';
import { quarantinedRows, fileCounts, type QuarantinedRow } from './accounting.js';
import { promoteStaged, stageInbox, type InboxFile } from './ingest.js';
import { inboxEntry } from './inbox.js';
import type { EncodingRule } from '../sources/encoding.js';
import { normalize } from './normalize.js';
import { validate } from './validate.js';
import { openWarehouse } from './warehouse.js';

/** The result of checking files. */
export interface CheckResult {
  files: { name: string; path: string; kind: string | null; read: number; loaded: number; quarantined: number; rejected: string | null }[];
  problems: QuarantinedRow[];
}

/**
 * Checks files without writing anything.
 * @example const r = await checkFiles(['inbox/values.csv']); r.problems.length
 */
export async function checkFiles(paths: string[], referenceDir?: string, encodings: readonly EncodingRule[] = []): Promise<CheckResult> {
  const wh = await openWarehouse(':memory:');
  try {
    const ref = await loadReference(referenceDir);
    await loadReferenceTables(wh, ref);
    const inbox: InboxFile[] = [];
    for (const p of paths) {
      const name = paths.filter((q) => basename(q) === basename(p)).length > 1 ? `${basename(dirname(p))}/${basename(p)}` : basename(p);
      inbox.push(await inboxEntry(p, name, null));
    }
    const outcomes = await stageInbox(wh, inbox, 0, memoryLogger(), { encodings });
    await promoteStaged(wh, outcomes, 0);
    await validate(wh);
    const kinds = new Set(outcomes.map((o) => o.kind));
    if (kinds.has('fx') && kinds.has('shipments')) await normalize(wh);
    else await wh.run('CREATE OR REPLACE TABLE normalized_lines AS SELECT file_id FROM value_lines');
    if (!kinds.has('shipments')) {
      // Without shipments, a line's shipment cannot be known: count such lines as read and fine.
      await wh.run(`DELETE FROM issues WHERE code = 'heldShipment'`);
      await wh.run(`INSERT INTO normalized_lines SELECT v.file_id FROM p_values v
        ANTI JOIN (SELECT DISTINCT file_id, line FROM issues WHERE kind = 'values') i USING (file_id, line)
        ANTI JOIN value_lines l USING (file_id, line)`);
    }
    const counts = await fileCounts(wh);
    const problems = await quarantinedRows(wh);
    return {
      files: outcomes.map((o, i) => {
        const c = counts.find((x) => x.name === o.name);
        return { name: o.name, path: inbox[i]!.path, kind: o.kind, read: c?.read ?? 0, loaded: c?.loaded ?? 0, quarantined: c?.quarantined ?? 0, rejected: o.action === 'rejected' ? o.reason : null };
      }),
      problems,
    };
  } finally {
    wh.close();
  }
}

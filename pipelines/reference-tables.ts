/** The reference data as ref_* tables for the SQL stages (sources/ stays free of the warehouse). */
import { join } from 'node:path';
import { FILES, launchDay, type Reference } from '../sources/reference.js';
import { sqlString, type Warehouse } from './warehouse.js';

/** Creates the ref_* tables the SQL stages join against. */
export async function loadReferenceTables(wh: Warehouse, ref: Reference): Promise<void> {
  const csv = (f: string) => sqlString(join(ref.dir, f));
  await wh.run(`
    CREATE OR REPLACE TEMP TABLE ref_countries AS SELECT upper(trim(code)) AS code FROM read_csv(${csv(FILES.countries)}, header = true, all_varchar = true);
    CREATE OR REPLACE TEMP TABLE ref_currencies AS SELECT upper(trim(code)) AS code FROM read_csv(${csv(FILES.currencies)}, header = true, all_varchar = true);
    CREATE OR REPLACE TEMP TABLE ref_hs AS SELECT lpad(trim(chapter), 2, '0') AS chapter, category, coalesce(category_zh, category) AS category_zh
      FROM read_csv(${csv(FILES.hs)}, header = true, all_varchar = true);
  `);
  // launch_date: the first day a departure may have (`2013-11` counts from the 1st of the month).
  await wh.run('CREATE OR REPLACE TEMP TABLE ref_services (id VARCHAR, outbound_origins VARCHAR, launch_date DATE)');
  for (const s of ref.services) {
    await wh.run('INSERT INTO ref_services VALUES (?, ?, CAST(? AS DATE))', [s.id, s.outboundOrigins.join(';'), launchDay(s.launched)]);
  }
}

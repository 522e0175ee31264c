/**
 * `figures_moved` covers every printed figure (issue 10): a revised publication-day rate moves
 * the printed rate and every headline dollar figure; a revised past rate moves the annual
 * average rate. Listed by a dry run before, and by the run that prints them.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrintedMove } from '../../pipelines/printed-figures.js';
import type { RunReport } from '../../pipelines/runner.js';
import { cleanInbox } from '../fixtures/dialects.js';
import { nightly, tempDir, writeFiles } from '../helpers/pipeline.js';

let t: { dir: string; cleanup: () => Promise<void> };
let inbox: string;
let ws: string;
const printed = (r: RunReport) => r.figures_moved.filter((m): m is PrintedMove => 'bulletin' in m);
const pick = (m: PrintedMove) => ({ service: m.service, metric: m.metric, before: m.before, after: m.after });

beforeAll(async () => {
  t = await tempDir('tb-moved-');
  inbox = join(t.dir, 'inbox');
  ws = join(t.dir, 'ws');
  // The clean inbox's rates (USD→CNY 7.2 on 2025-03-03) and a publication-day rate.
  await writeFiles(inbox, { ...cleanInbox(), 'fx-pub.csv': 'date,base,quote,rate,source\n2025-12-31,USD,CNY,7.1000,T\n' });
  const first = await nightly(inbox, ws, { skipBulletins: false });
  expect(first.bulletins).toHaveLength(1);
  expect(printed(first)).toEqual([]); // a bulletin printed for the first time: nothing to compare with
});
afterAll(() => t.cleanup());

describe('figures_moved', () => {
  it('lists the printed rate and every headline dollar figure when the publication-day rate is revised', async () => {
    await writeFile(join(inbox, 'fx-pub.csv'), 'date,base,quote,rate,source\n2025-12-31,USD,CNY,7.2000,T\n');
    // Headline dollars = CNY total ÷ publication rate. Chang'an 2025: 1,234,567.50 + 1,000 USD × 7.2
    // + 500 EUR × 1.05 × 7.2 = 1,245,547.50 CNY; ÷ 7.1 = 175,429.22 → "175,429"; ÷ 7.2 = 172,992.71 → "172,993".
    // ASEAN: 2,000,000 CNY ÷ 7.1 = 281,690.14 → "281,690"; ÷ 7.2 = 277,777.78 → "277,778".
    // Annual average 2025: mean(7.2, 7.1) = 7.15 → mean(7.2, 7.2) = 7.2.
    const expected = [
      { service: 'all', metric: 'annual_average_rate', before: '7.1500', after: '7.2000' },
      { service: 'all', metric: 'publication_rate', before: '7.1000', after: '7.2000' },
      // The headline sentence and the key-figures table's dollar column: two figures each.
      { service: 'asean-express', metric: 'trade_value', before: '281,690', after: '277,778' },
      { service: 'asean-express', metric: 'trade_value', before: '281,690 U.S. dollars', after: '277,778 U.S. dollars' },
      { service: 'changan-xian-almaty', metric: 'trade_value', before: '175,429', after: '172,993' },
      { service: 'changan-xian-almaty', metric: 'trade_value', before: '175,429 U.S. dollars', after: '172,993 U.S. dollars' },
    ];
    const dry = await nightly(inbox, ws, { skipBulletins: false, dryRun: true });
    const sort = (xs: ReturnType<typeof pick>[]) => [...xs].sort((a, b) => (a.service + a.metric + a.before).localeCompare(b.service + b.metric + b.before));
    expect(sort(printed(dry).map(pick))).toEqual(expected);
    expect(dry.would_rewrite).toEqual([join(ws, 'bulletins', '2025', 'trade-bulletin-2025-annual-en.pdf')]);
    const run = await nightly(inbox, ws, { skipBulletins: false });
    expect(sort(printed(run).map(pick))).toEqual(expected);
    expect(printed(run).every((m) => m.bulletin === 'trade-bulletin-2025-annual-en')).toBe(true);
    // Recorded: the same inbox again moves nothing.
    const again = await nightly(inbox, ws, { skipBulletins: false, dryRun: true });
    expect(again.figures_moved).toEqual([]);
    expect(again.would_rewrite).toEqual([]);
  });

  it('lists the annual average rate when a past rate is revised', async () => {
    const fx = cleanInbox()['fx.csv'] as string;
    await writeFile(join(inbox, 'fx.csv'), fx.replace('2025-03-03,USD,CNY,7.2000', '2025-03-03,USD,CNY,7.3000'));
    const dry = await nightly(inbox, ws, { skipBulletins: false, dryRun: true });
    // mean(7.3, 7.2) = 7.25 (was mean(7.2, 7.2) = 7.2).
    expect(printed(dry).map(pick)).toContainEqual({ service: 'all', metric: 'annual_average_rate', before: '7.2000', after: '7.2500' });
    expect(printed(dry).some((m) => m.metric === 'publication_rate')).toBe(false);
  });
});

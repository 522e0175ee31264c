/** The index page's releases: beside each draft, its releases with date, what they froze, links, the previous one; the draft's line. */
import { describe, expect, it } from 'vitest';
import { draftLine, releasesHtml, type IndexRelease } from '../../pipelines/index-releases.js';
import { renderIndexHtml, type IndexEntry } from '../../pipelines/index-page.js';

const release = (id: string, asOf: string, previous: string | null): IndexRelease => ({
  bulletin: 'trade-bulletin-2025-annual', id, asOf, runId: 3, editions: ['en', 'zh'], previous,
  files: [
    { path: 'trade-bulletin-2025-annual-en.pdf', kind: 'pdf' }, { path: 'trade-bulletin-2025-annual-zh.pdf', kind: 'pdf' },
    { path: 'trade-bulletin-2025-annual-en.xlsx', kind: 'table' }, { path: 'charts/trade-bulletin-2025-annual-en/a.svg', kind: 'chart' },
    { path: 'tables/trade-bulletin-2025-annual-en/Table_1.csv', kind: 'table' },
  ],
});

describe('releases on the index page', () => {
  it('says how a draft stands against its last release', () => {
    expect(draftLine(undefined)).toBe('Draft: not released yet (trade-bulletin release --year YYYY freezes it).');
    expect(draftLine({ id: 'x', date: '2026-03-12', revised: 3 })).toBe('Draft: 3 figures revised since the release of 12 March 2026.');
    expect(draftLine({ id: 'x', date: '2026-03-12', revised: 1 })).toBe('Draft: 1 figure revised since the release of 12 March 2026.');
    expect(draftLine({ id: 'x', date: '2026-03-12', revised: 0 })).toBe('Draft: no figure revised since the release of 12 March 2026.');
  });

  it('lists releases newest first, each with its date, what it froze, its files and the previous release', () => {
    const html = releasesHtml([release('2026-03-12-001-aaaaaaaa', '2026-03-12', null), release('2026-06-30-002-bbbbbbbb', '2026-06-30', '2026-03-12-001-aaaaaaaa')], { id: 'b', date: '2026-06-30', revised: 2 });
    expect(html).toContain('Draft: 2 figures revised since the release of 30 June 2026.');
    expect(html.indexOf('30 June 2026</strong>')).toBeLessThan(html.indexOf('12 March 2026</strong>'));
    expect(html).toContain('Froze 2 PDF, 0 HTML, 0 figures.json, 1 spreadsheet, 1 chart files, 1 CSV tables (en, zh; run 3).');
    expect(html).toContain('<a href="../releases/trade-bulletin-2025-annual/2026-06-30-002-bbbbbbbb/trade-bulletin-2025-annual-zh.pdf">ZH PDF</a>');
    expect(html).toContain('<a href="#trade-bulletin-2025-annual-2026-03-12-001-aaaaaaaa">previous release</a>');
    expect(html).toContain('first release');
  });

  it('sits beside the draft editions of its bulletin on the page', () => {
    const entry: IndexEntry = {
      slug: 'trade-bulletin-2025-annual-en', title: 'T', year: 2025, kind: 'annual', edition: 'en', asOf: '2026-06-30', periodEnd: '2025-12-31', finalAfterDays: 90, keyFigures: [],
      pdf: '2025/a.pdf', html: null, figures: '2025/a.figures.json', cover: '2025/a.png', pages: 1, bytes: 10, charts: [], lastRelease: { id: 'r', date: '2026-03-12', revised: 3 },
    };
    const page = renderIndexHtml([entry], undefined, new Map([['trade-bulletin-2025-annual', [release('2026-03-12-001-aaaaaaaa', '2026-03-12', null)]]]));
    expect(page).toMatch(/<div class="side"><div class="editions">[\s\S]*<aside class="releases"[\s\S]*3 figures revised since the release of 12 March 2026[\s\S]*2026-03-12-001-aaaaaaaa/);
  });
});

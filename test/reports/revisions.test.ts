/**
 * Status, markers, revised figures and the revisions history of the trade bulletin (pure), and the
 * spreadsheet model of its tables. Expected values worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import type { ReleaseInfo, ReleasedFigure } from '../../reports/data.js';
import type { BulletinView } from '../../reports/model.js';
import { figureStatus, periodEnd } from '../../reports/status.js';
import { csvField, tableCsv, viewTables, workbookModel } from '../../reports/spreadsheet.js';
import { buildTradeBulletin } from '../../reports/trade/view.js';
import { annual2025, asean, bulletinData, changan } from '../fixtures/bulletin-data.js';

const NUMBER = /\d+(?:,\d{3})*(?:\.\d+)?%?/g;
/** Numbers printed in the tables and sections that no figure's text holds: must be none. */
function stray(build: { view: BulletinView; figures: { text: string }[] }): string[] {
  const allowed = new Set(build.figures.flatMap((f) => f.text.match(NUMBER) ?? []));
  const texts = build.view.sections.flatMap((s) => [...s.paragraphs, ...(s.table ? [...s.table.rows.flat(), ...s.table.notes] : [])]);
  // Dates (2025, 30 June 2026) and release ids are exempt; strip them first.
  return texts.map((t) => t.replace(/\d{4}-\d{2}-\d{2}(?:-\d{3}-[0-9a-f]{8})?|\d{1,2} \w+ \d{4}|\d{4}年\d{1,2}月(?:\d{1,2}日)?|\b(?:19|20)\d{2}\b|[0-9a-f]{8}/g, ' '))
    .flatMap((t) => (t.match(NUMBER) ?? []).filter((n) => !allowed.has(n)).map((n) => `${n} in «${t}»`));
}

describe('figure status', () => {
  it('is provisional in the running year and until final_after_days after the year ends', () => {
    expect(periodEnd('2026-01-01..2026-06-30')).toBe('2026-06-30');
    expect(periodEnd('2024-02')).toBe('2024-02-29');
    expect(periodEnd('constant')).toBeNull();
    expect(figureStatus('2026-01-01..2026-06-30', '2026-06-30')).toBe('provisional');
    // 2025-12-31 + 90 days = 2026-03-31: provisional the day before, final on it.
    expect(figureStatus('2025', '2026-03-30')).toBe('provisional');
    expect(figureStatus('2025', '2026-03-31')).toBe('final');
    expect(figureStatus('2025-06', '2026-03-31', 120)).toBe('provisional'); // final from 2026-04-30
    expect(figureStatus('2025', '2025-12-31', 0)).toBe('provisional'); // the running year
    expect(figureStatus('2025', '2026-01-01', 0)).toBe('final');
    expect(figureStatus('constant', '2025-01-01')).toBe('final');
  });

  it('marks [p] beside provisional figures in the tables, explained in the notes; figures.json says so', () => {
    const late = buildTradeBulletin(bulletinData({ asOf: '2026-06-30' }), 'en');
    expect(late.figures.every((f) => f.period === '2026-06-30' ? f.status === 'provisional' : f.status === 'final' || f.period === 'constant')).toBe(true);
    expect(late.view.sections[0]!.table!.rows[0]![1]).toBe('1.00');
    const early = buildTradeBulletin(bulletinData({ asOf: '2026-02-15' }), 'en');
    const table = early.view.sections[0]!.table!;
    expect(table.rows[0]!.slice(1)).toEqual(['1.00 [p]', '142.86 [p]', '+11.1% [p]', '5.00 [p]', '200 [p]', '10 [p]', '100 [p]']);
    expect(table.notes.at(-1)).toBe('[p] provisional: figures of the running year, and of a year until 90 days after its end, may still be revised by corrected input files.');
    expect(early.figures.find((f) => f.metric === 'trade_value' && !f.basis)!.status).toBe('provisional');
    const zh = buildTradeBulletin(bulletinData({ asOf: '2026-02-15', finalAfterDays: 60 }), 'zh');
    expect(zh.view.sections[0]!.table!.rows[0]![1]).toBe('10.00 [p]');
    expect(zh.view.sections[0]!.table!.notes.at(-1)).toContain('60天');
    expect(stray(early)).toEqual([]);
  });
});

describe('the spreadsheet model', () => {
  it('stores every figure of a table as its unrounded value, markers in a column of their own', () => {
    const b = buildTradeBulletin(bulletinData({ asOf: '2026-02-15' }), 'en');
    const m = workbookModel(b.view, { asOf: '2026-02-15', publisher: { name: 'Xi\'an Statistics Office', contact: 'stats@example.org' } });
    expect(m.cover.map(([k]) => k)).toEqual(['Title', 'Publisher', 'Release date', 'Contact', 'Source', 'Licence', 'Edition']);
    expect(m.cover[1]![1]).toBe('Xi\'an Statistics Office');
    const t1 = m.tables[0]!;
    expect(t1.head).toEqual(['Service', 'Trade value (yuan)', 'Trade value (yuan): marker', 'Trade value (U.S. dollars, at the publication rate)',
      'Trade value (U.S. dollars, at the publication rate): marker', 'Change on a year earlier (percent)', 'Change on a year earlier (percent): marker',
      'Cumulative value (yuan)', 'Cumulative value (yuan): marker', 'TEU', 'TEU: marker', 'Trains', 'Trains: marker', 'Shipments', 'Shipments: marker']);
    // 1,000,000,000 yuan ÷ 7 = 142,857,142.8571428571 (10 places, half even).
    expect(t1.rows[0]!.slice(0, 5)).toEqual([{ text: 'Chang\'an Xi\'an–Almaty' }, { number: '1000000000' }, { text: '[p]' }, { number: '142857142.8571428571' }, { text: '[p]' }]);
    expect(t1.rows.every((r) => r.length === t1.head.length)).toBe(true);
    // The rates table and nothing blank.
    expect(m.tables.map((t) => t.sheet)).toEqual(['Table_1', 'Table_2']);
    expect(m.tables.flatMap((t) => t.rows.flat()).some((c) => 'text' in c && c.text === '')).toBe(false);
    expect(m.notes.map(([k]) => k).slice(0, 4)).toEqual(['[p]', '[r]', '[z]', '[x]']);
    const csv = tableCsv(t1).split('\r\n');
    expect(csv[1]).toBe('Chang\'an Xi\'an–Almaty,1000000000,[p],142857142.8571428571,[p],11.1,[p],5000000000,[p],200,[p],10,[p],100,[p]');
    expect(viewTables(b.view)).toHaveLength(2);
  });

  it('says what the bulletin says: the release date in the edition\'s long form, the [p] rule with its days', () => {
    // The PDF cover prints "Released 15 February 2026" and its table notes "until 90 days after its end".
    const en = buildTradeBulletin(bulletinData({ asOf: '2026-02-15' }), 'en');
    const m = workbookModel(en.view, { asOf: '2026-02-15' });
    expect(m.cover[2]).toEqual(['Release date', '15 February 2026 (data as of this date; a release\'s manifest.json names the release)']);
    expect(m.notes[0]).toEqual(['[p]', 'Provisional: a figure of the running year, or of a year until 90 days after its end; it may still be revised.']);
    expect(en.view.sections[0]!.table!.notes.at(-1)).toContain('until 90 days after its end');
    const zh = buildTradeBulletin(bulletinData({ asOf: '2026-02-15', finalAfterDays: 60 }), 'zh');
    const mz = workbookModel(zh.view, { asOf: '2026-02-15' });
    expect(mz.cover[2]).toEqual(['发布日期', '2026年2月15日（数据截止日期；发布版本见 manifest.json）']);
    expect(mz.notes[0]).toEqual(['[p]', '初步数：当年数据，以及上一年度结束后60天内的数据，可能修订。']);
    expect(zh.view.sections[0]!.table!.notes.at(-1)).toContain('60天');
  });

  it('writes n.m. as [z] and neutralises CSV text cells that a spreadsheet would run', () => {
    const b = buildTradeBulletin(bulletinData({}, [changan(annual2025, { yoyPct: null, yoyStatus: 'zero-prior' })]), 'en');
    const t1 = workbookModel(b.view, { asOf: '2026-06-30' }).tables[0]!;
    expect(t1.rows[0]![3]).toEqual({ text: '[z]' });
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+1 555')).toBe("'+1 555");
    expect(csvField('-3.5')).toBe('-3.5');
    expect(csvField('-3.5', true)).toBe('-3.5');
    expect(csvField('@SUM')).toBe("'@SUM");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe('"\'\rx"');
    expect(csvField('plain')).toBe('plain');
  });
});

/** The figures of a build as a release's figures.json holds them. */
const released = (figures: { service: string; metric: string; period: string; unit: string; basis?: string; value: string | null; text: string }[]): ReleasedFigure[] =>
  figures.map(({ service, metric, period, unit, basis, value, text }) => ({ service, metric, period, unit, ...(basis ? { basis } : {}), value, text }));

describe('revised figures', () => {
  const before = bulletinData();
  const release = (edition: 'en' | 'zh', changes: ReleaseInfo['changes'] = []): ReleaseInfo => ({
    id: '2026-06-30-001-1a2b3c4d', date: '2026-06-30', publicationRate: '7.0000', changes,
    figures: { [edition]: released(buildTradeBulletin(before, edition).figures) },
  });
  const values = { name: 'values-2025.csv', kind: 'values', action: 'revised' as const, before: 'aaaaaaaa11', after: 'bbbbbbbb22', touches: ['changan-xian-almaty|2025'] };
  const other = { name: 'values-asean.csv', kind: 'values', action: 'revised' as const, before: 'cccccccc33', after: 'dddddddd44', touches: ['asean-express|2025'] };

  it('nothing moved: no [r], a sentence saying so, no table', () => {
    const b = buildTradeBulletin({ ...before, release: release('en') }, 'en');
    expect(b.figures.some((f) => f.revised)).toBe(false);
    const s = b.view.sections.find((x) => x.heading.startsWith('Revisions since'))!;
    expect(s.heading).toBe('Revisions since the release of 30 June 2026');
    expect(s.paragraphs).toEqual(['No figure has been revised since the release of 30 June 2026 (2026-06-30-001-1a2b3c4d).']);
    expect(s.table).toBeUndefined();
  });

  it('a corrected value: exactly the moved figures carry revised and [r]; the table gives released, current, change and the file', () => {
    // Chang'an 2025 moves from 1,000,000,000 to 1,000,007,200 yuan (+1,000 USD × 7.2); its cumulative value too.
    const now = bulletinData({ release: release('en', [values, other]) }, [
      changan(annual2025, { valueCny: '1000007200', cumulativeCny: '5000007200' }), asean(annual2025),
    ]);
    const b = buildTradeBulletin(now, 'en');
    const moved = b.figures.filter((f) => f.revised);
    expect(new Set(moved.map((f) => `${f.service}/${f.metric}/${f.unit}`))).toEqual(new Set([
      'changan-xian-almaty/trade_value/CNY', 'changan-xian-almaty/trade_value/USD', 'changan-xian-almaty/cumulative_value/CNY',
    ]));
    expect(moved.find((f) => f.metric === 'trade_value' && f.unit === 'CNY' && !f.basis)!.revised).toEqual({
      release: '2026-06-30-001-1a2b3c4d', previous_value: '1000000000', previous_text: '1.00 billion yuan',
    });
    const t = b.view.sections[0]!.table!;
    expect(t.rows[0]!.slice(1, 5)).toEqual(['1.00 [r]', '142.86 [r]', '+11.1%', '5.00 [r]']);
    expect(t.rows[1]![1]).toBe('1.00');
    expect(t.notes.at(-1)).toBe('[r] revised since the release of 30 June 2026: see the revisions table.');
    const s = b.view.sections.find((x) => x.heading === 'Revisions since the release of 30 June 2026')!;
    expect(s.paragraphs[0]).toBe('3 figures have been revised since the release of 30 June 2026 (2026-06-30-001-1a2b3c4d); [r] marks them in the tables.');
    expect(s.table!.rows).toEqual([
      ['Chang\'an Xi\'an–Almaty: trade value (yuan), 2025', '1.00 billion yuan', '1.00 billion yuan', '+7,200 yuan', 'values-2025.csv (aaaaaaaa → bbbbbbbb)'],
      // 1,000,007,200 ÷ 7 − 1,000,000,000 ÷ 7 = 1,028.5714285714 dollars
      ['Chang\'an Xi\'an–Almaty: trade value (U.S. dollars), 2025', '142.86 million U.S. dollars', '142.86 million U.S. dollars', '+1,029 U.S. dollars', 'values-2025.csv (aaaaaaaa → bbbbbbbb)'],
      // The period in words, as every date the bulletin prints (figures.json keeps 2023-01-03..2025-12-31).
      ['Chang\'an Xi\'an–Almaty: cumulative value (yuan), 3 January 2023 to 31 December 2025', '5.00 billion yuan', '5.00 billion yuan', '+7,200 yuan', 'values-2025.csv (aaaaaaaa → bbbbbbbb)'],
    ]);
    expect(stray(b)).toEqual([]);
    // The spreadsheet stores released, current and change as numbers.
    const sheet = workbookModel(b.view, { asOf: now.asOf }).tables.find((x) => x.title.includes('Figures revised'))!;
    expect(sheet.rows[0]!.slice(1, 4)).toEqual([{ number: '1000000000' }, { number: '1000007200' }, { number: '7200' }]);
  });

  it('in Chinese too', () => {
    const now = bulletinData({ release: release('zh', [values]) }, [changan(annual2025, { valueCny: '1000007200' }), asean(annual2025)]);
    const b = buildTradeBulletin(now, 'zh');
    const s = b.view.sections.find((x) => x.heading === '自2026年6月30日发布以来的修订')!;
    expect(s.table!.rows[0]!.slice(1, 4)).toEqual(['10.00亿元', '10.00亿元', '+7,200元']);
    expect(stray(b)).toEqual([]);
  });

  it('names each moved figure\'s period in the edition\'s words, never the ISO label', () => {
    const zhNow = bulletinData({ release: release('zh', [values]) }, [changan(annual2025, { valueCny: '1000007200', cumulativeCny: '5000007200' }), asean(annual2025)]);
    const zh = buildTradeBulletin(zhNow, 'zh').view.sections.find((x) => x.heading.startsWith('自2026年6月30日'))!.table!;
    expect(zh.rows.map((r) => r[0])).toEqual([
      '长安号西安—阿拉木图：贸易额（人民币），2025年',
      '长安号西安—阿拉木图：贸易额（美元），2025年',
      '长安号西安—阿拉木图：累计货值（人民币），2023年1月3日至2025年12月31日',
    ]);
    // A year-to-date bulletin: its span as its text words it.
    const ytd = { kind: 'ytd' as const, year: 2026, start: '2026-01-01', end: '2026-06-30', priorStart: '2025-01-01', priorEnd: '2025-06-30', label: '2026-01-01..2026-06-30' };
    const beforeYtd = bulletinData({ kind: 'ytd', year: 2026, period: ytd }, [changan(ytd), asean(ytd)]);
    const rel = (edition: 'en' | 'zh'): ReleaseInfo => ({
      id: '2026-06-30-001-1a2b3c4d', date: '2026-06-30', publicationRate: '7.0000', changes: [values],
      figures: { [edition]: released(buildTradeBulletin(beforeYtd, edition).figures) },
    });
    const moved = (edition: 'en' | 'zh') => buildTradeBulletin(bulletinData({ kind: 'ytd', year: 2026, period: ytd, release: rel(edition) }, [changan(ytd, { trains: 11 }), asean(ytd)]), edition)
      .view.sections.find((x) => x.table?.head.length === 5)!.table!.rows.map((r) => r[0]);
    expect(moved('en')).toEqual(['Chang\'an Xi\'an–Almaty: trains, 1 January to 30 June 2026']);
    expect(moved('zh')).toEqual(['长安号西安—阿拉木图：列数，2026年1—6月']);
  });

  it('names a moved cargo share\'s category and, where its text is a bare number, its unit', () => {
    // Machinery 600 of 1,000 yuan = 60.0 % → 601 of 1,000 = 60.1 %; Metals 40.0 % → 39.9 %: two rows that read apart.
    const cargo = (a: string, b: string) => [
      { service: 'changan-xian-almaty', category: 'Machinery', categoryZh: '机械', valueCny: a },
      { service: 'changan-xian-almaty', category: 'Metals', categoryZh: '金属', valueCny: b },
    ];
    const was = bulletinData({ cargo: cargo('600', '400') });
    const rel = (edition: 'en' | 'zh'): ReleaseInfo => ({
      id: '2026-06-30-001-1a2b3c4d', date: '2026-06-30', publicationRate: '7.0000', changes: [values],
      figures: { [edition]: released(buildTradeBulletin(was, edition).figures) },
    });
    const rows = (edition: 'en' | 'zh') => buildTradeBulletin(bulletinData({ cargo: cargo('601', '399'), release: rel(edition) }), edition)
      .view.sections.find((x) => x.table?.head.length === 5)!.table!.rows.map((r) => r.slice(0, 4));
    expect(rows('en')).toEqual([
      ['Chang\'an Xi\'an–Almaty: cargo share, Machinery (percent), 2025', '60.0', '60.1', '+0.1 percentage points'],
      ['Chang\'an Xi\'an–Almaty: cargo share, Metals (percent), 2025', '40.0', '39.9', '−0.1 percentage points'],
    ]);
    expect(rows('zh')).toEqual([
      ['长安号西安—阿拉木图：货类占比：机械，2025年', '60.0%', '60.1%', '+0.1个百分点'],
      ['长安号西安—阿拉木图：货类占比：金属，2025年', '40.0%', '39.9%', '−0.1个百分点'],
    ]);
  });
});

describe('the revisions history of the headline series', () => {
  it('as first published, as now, and from two releases on the mean and mean absolute revision', () => {
    const vintages = [
      // 900,000,000 → 900,100,000 → 899,900,000: steps +100,000 and −200,000; mean −50,000; mean absolute 150,000.
      { service: 'changan-xian-almaty', year: 2024, releases: [
        { id: '2025-03-31-001-aaaaaaaa', date: '2025-03-31', value: '900000000' },
        { id: '2025-06-30-002-bbbbbbbb', date: '2025-06-30', value: '900100000' },
        { id: '2025-09-30-003-cccccccc', date: '2025-09-30', value: '899900000' }] },
      { service: 'changan-xian-almaty', year: 2025, releases: [{ id: '2026-06-30-001-dddddddd', date: '2026-06-30', value: '999000000' }] },
    ];
    const b = buildTradeBulletin(bulletinData({ vintages }), 'en');
    const s = b.view.sections.find((x) => x.heading === 'Revisions history')!;
    expect(s.table!.rows).toEqual([
      ['Chang\'an Xi\'an–Almaty, 2024', '31 March 2025', '900.00 million yuan', '900.00 million yuan', 'none', '3', '−50,000 yuan', '150,000 yuan'],
      ['Chang\'an Xi\'an–Almaty, 2025', '30 June 2026', '999.00 million yuan', '1.00 billion yuan', '+1.00 million yuan', '1', '—', '—'],
    ]);
    expect(b.figures.find((f) => f.metric === 'mean_abs_revision')!.value).toBe('150000');
    expect(stray(b)).toEqual([]);
    const sheet = workbookModel(b.view, { asOf: '2026-06-30' }).tables.find((x) => x.title.includes('Revisions history'))!;
    expect(sheet.rows[1]!.slice(6)).toEqual([{ text: '[x]' }, { text: '[x]' }]);
  });
});

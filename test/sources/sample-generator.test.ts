/**
 * The sample inbox generator: deterministic, and calibrated to the published figures.
 * Expected numbers come from the data contract (annual means of the Fed's G.5A, the
 * 2026-06-30 publication rate, the service dates) and from the calibration windows.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample, type SampleSummary } from '../../sources/sample/generate.js';

let dirA = '';
let dirB = '';
let summary: SampleSummary;

type Row = Record<string, string>;

/** Rows of a CSV file of the inbox (UTF-8 with optional BOM, or GB18030). */
async function rows(dir: string, name: string): Promise<Row[]> {
  const bytes = await readFile(join(dir, name));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return parse(text, {
    bom: true,
    skip_empty_lines: true,
    columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
  }) as Row[];
}

async function filesLike(dir: string, pattern: RegExp): Promise<string[]> {
  return (await readdir(dir)).filter((n) => pattern.test(n)).sort();
}

beforeAll(async () => {
  dirA = await mkdtemp(join(tmpdir(), 'sample-a-'));
  dirB = await mkdtemp(join(tmpdir(), 'sample-b-'));
  summary = await generateSample({ out: dirA, seed: 20251231 });
  await generateSample({ out: dirB, seed: 20251231 });
});

afterAll(async () => {
  await rm(dirA, { recursive: true, force: true });
  await rm(dirB, { recursive: true, force: true });
});

describe('generateSample', () => {
  it('writes byte-identical files on every run', async () => {
    const names = await readdir(dirA);
    expect(names.sort()).toEqual((await readdir(dirB)).sort());
    expect(names.length).toBeGreaterThan(40);
    for (const name of names) {
      const [a, b] = await Promise.all([readFile(join(dirA, name)), readFile(join(dirB, name))]);
      expect(a.equals(b), name).toBe(true);
    }
  });

  it('stays under about 4 MB', () => {
    expect(summary.totalBytes).toBeLessThan(4_200_000);
  });

  it('hits the published annual mean USD→CNY rates exactly', async () => {
    const sums = new Map<string, { sum: number; n: number }>();
    for (const file of await filesLike(dirA, /^fx-\d{4}\.csv$/)) {
      for (const r of await rows(dirA, file)) {
        if (r.base !== 'USD' || r.quote !== 'CNY') continue;
        expect(r.rate).toMatch(/^\d\.\d{4}$/);
        const year = (r.date ?? '').slice(0, 4);
        const s = sums.get(year) ?? { sum: 0, n: 0 };
        s.sum += Number((r.rate ?? '').replace('.', ''));
        s.n += 1;
        sums.set(year, s);
      }
    }
    const targets: Record<string, number> = { '2023': 70809, '2024': 71957, '2025': 71875 };
    for (const [year, target] of Object.entries(targets)) {
      const s = sums.get(year);
      expect(s, year).toBeDefined();
      if (!s) continue;
      expect(Math.floor((2 * s.sum + s.n) / (2 * s.n)), year).toBe(target); // mean, rounded half up
      expect(s.sum, year).toBe(target * s.n);
    }
  });

  it('publishes 6.8088 CNY per USD on Tuesday 2026-06-30, the last day', async () => {
    const fx = await rows(dirA, 'fx-2026.csv');
    const last = fx.filter((r) => r.base === 'USD' && r.quote === 'CNY').at(-1);
    expect(last).toMatchObject({ date: '2026-06-30', rate: '6.8088' });
  });

  it('starts the ASEAN Express on 2024-10-15 and runs no train from Europe before 2025-06-21', async () => {
    const ships: Row[] = [];
    for (const file of await filesLike(dirA, /^shipments-asean-/)) ships.push(...(await rows(dirA, file)));
    const departures = ships.map((s) => s.departure_date ?? '').sort();
    expect(departures[0]).toBe('2024-10-15');
    expect(ships.find((s) => s.departure_date === '2024-10-15')?.origin_country).toBe('VN');
    const fromEurope = ships
      .filter((s) => ['DE', 'HU', 'PL'].includes(s.origin_country ?? ''))
      .map((s) => s.departure_date ?? '');
    expect(fromEurope.sort()[0]).toBe('2025-06-21');
  });

  it('calibrates the totals into the published windows', () => {
    const { changan, asean } = summary.totals;
    const c2025 = changan['2025']?.toNumber() ?? 0;
    const c2024 = changan['2024']?.toNumber() ?? 0;
    expect(c2025).toBeGreaterThanOrEqual(5_319_980_000);
    expect(c2025).toBeLessThanOrEqual(5_319_996_000);
    expect(Math.abs(c2024 * 1.191 - c2025) / c2025).toBeLessThan(0.0001);
    expect(asean.toFirstReturn.toNumber()).toBeGreaterThan(1_905_000_000);
    expect(asean.toFirstReturn.toNumber()).toBeLessThan(1_940_000_000);
    expect(asean.to2025End.toNumber()).toBeGreaterThan(3_455_000_000);
    expect(asean.to2025End.toNumber()).toBeLessThan(3_485_000_000);
  });

  it('names only stations known to the reference data (name, Chinese name or alias)', async () => {
    const ref = await rows(join(import.meta.dirname, '../../sources/reference'), 'stations.csv');
    const known = new Set(
      ref.flatMap((s) => [s.name ?? '', s.name_zh ?? '', ...(s.aliases ?? '').split(';')]),
    );
    for (const file of await filesLike(dirA, /^shipments-(changan|asean)-/)) {
      for (const s of await rows(dirA, file)) {
        expect(known.has(s.origin_station ?? ''), `${file}: ${s.origin_station}`).toBe(true);
        expect(known.has(s.destination_station ?? ''), `${file}: ${s.destination_station}`).toBe(true);
      }
    }
  });
});

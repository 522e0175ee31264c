import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCharts, renderSvg, specJson, writeChartFiles } from '../../pipelines/charts.js';
import { cargoMix } from '../../reports/charts/cargo-mix.js';
import { chartIds } from '../../reports/charts/index.js';
import { memoryLogger } from '../../lib/logger.js';
import { chartDataFixture, emptyChartData, services } from '../fixtures/chart-data.js';

const xmlText = (s: string): string =>
  s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');

describe('renderCharts', () => {
  it('compiles every chart to an SVG that shows its title, in both editions', async () => {
    for (const edition of ['en', 'zh'] as const) {
      const charts = await renderCharts(chartDataFixture(), edition);
      expect(charts.map((c) => c.id)).toEqual([...chartIds]);
      for (const c of charts) {
        expect(c.svg).toMatch(/^<svg\b[^>]*\bviewBox="0 0 \d+ \d+"/u);
        expect(c.svg).toContain(`>${xmlText(c.title)}</text>`);
        expect(c.alt.length).toBeGreaterThan(60);
        // Fits the A4 text column (≈ 640 px), so nothing is cut or much shrunk.
        expect(Number(/width="(\d+)"/u.exec(c.svg)?.[1])).toBeLessThanOrEqual(660);
      }
      if (edition === 'zh') expect(charts[0]!.svg).toContain('亿元');
    }
  });

  it('cargo-mix compiles without a Vega-Lite warning, one panel per service with its categories largest first', async () => {
    const fixture = chartDataFixture();
    const oneService = chartDataFixture({ cargo: fixture.cargo.filter((c) => c.service === 'asean-express') });
    for (const data of [fixture, oneService, emptyChartData()]) {
      for (const edition of ['en', 'zh'] as const) {
        // Vega and Vega-Lite warnings go to the debug log (pipelines/charts.ts vegaLogger).
        const lines: string[] = [];
        const svg = await renderSvg(cargoMix(data, edition).spec, 'cargo-mix', { ...memoryLogger(), debug: (m: string) => lines.push(m) });
        expect(lines, `${edition}, ${data.cargo.length} rows`).toEqual([]);
        expect(svg).toMatch(/^<svg\b/u);
      }
    }
    // Chang'an first (reference order), its categories by value: Auto parts 0.74 … Agricultural 0.20;
    // then the ASEAN Express panel: Electronic 0.68 … Precision instruments 0.17.
    const svg = await renderSvg(cargoMix(fixture, 'en').spec, 'cargo-mix');
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/gu)].map((m) => m[1]);
    const at = (t: string): number => texts.indexOf(t);
    const order = ["Chang'an Xi'an–Almaty", 'Auto parts', 'New-energy vehicles', 'Equipment parts', 'ASEAN Express', 'Precision instruments', 'Cold-chain food'];
    expect(order.map(at).every((i) => i >= 0)).toBe(true);
    // Each panel draws its axis labels (in domain order), then its title.
    expect(at('Auto parts')).toBeLessThan(at('New-energy vehicles'));
    expect(at('New-energy vehicles')).toBeLessThan(at('Equipment parts'));
    expect(at('Equipment parts')).toBeLessThan(at("Chang'an Xi'an–Almaty"));
    expect(at("Chang'an Xi'an–Almaty")).toBeLessThan(at('Cold-chain food'));
    expect(at('Cold-chain food')).toBeLessThan(at('Precision instruments'));
    expect(at('Precision instruments')).toBeLessThan(at('ASEAN Express'));
  });

  it('is deterministic: same data, same SVG strings', async () => {
    const a = await renderCharts(chartDataFixture(), 'en');
    const b = await renderCharts(chartDataFixture(), 'en');
    expect(b.map((c) => c.svg)).toEqual(a.map((c) => c.svg));
  });

  it('scopes clip-path ids per chart so SVGs can share one page', async () => {
    const charts = await renderCharts(chartDataFixture(), 'en');
    const ids = charts.flatMap((c) => [...c.svg.matchAll(/\sid="([^"]+)"/gu)].map((m) => m[1]));
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of charts) {
      for (const m of c.svg.matchAll(/url\(#([^)]+)\)/gu)) expect(m[1]!.startsWith(`${c.id}-`)).toBe(true);
    }
  });

  it('escapes text from the data (vega writes it as SVG text)', async () => {
    const xss = '<script>alert(1)</script>';
    const base = chartDataFixture();
    const hostile = services.map((s, i) => (i === 0 ? { ...s, shortName: xss } : s));
    const routes = base.routes.map((r) => ({
      ...r,
      stations: r.stations.map((st, i) => (i === 0 ? { ...st, name: `${xss} & co` } : st)),
    }));
    const charts = await renderCharts(chartDataFixture({ services: hostile, routes }), 'en');
    for (const c of charts) {
      expect(c.svg).not.toContain('<script');
      expect(c.svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    expect(charts.find((c) => c.id === 'route-map')?.svg).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</text>',
    );
  });

  it('renders empty data without failing, and keeps vega warnings off the console', async () => {
    const logger = memoryLogger();
    const empty = emptyChartData();
    const charts = await renderCharts(empty, 'en', { logger });
    expect(charts).toHaveLength(chartIds.length);
  });
});

describe('specJson', () => {
  it('keeps coordinate arrays on one line and string values untouched', () => {
    expect(
      specJson({
        a: [
          [1, 2],
          [3.5, -4],
        ],
        b: 'x',
      }),
    ).toBe('{\n  "a": [[1,2],[3.5,-4]],\n  "b": "x"\n}\n');
    const tricky = { name: '[1, 2]', v: [1, 2] };
    expect(JSON.parse(specJson(tricky))).toEqual(tricky);
  });
});

describe('writeChartFiles', () => {
  it('writes <id>.svg and <id>.vl.json for each chart, and nothing else', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tb-charts-'));
    try {
      const charts = await renderCharts(chartDataFixture(), 'en');
      const paths = await writeChartFiles(dir, charts);
      expect(paths).toHaveLength(charts.length * 2);
      expect((await readdir(dir)).sort()).toEqual(
        chartIds.flatMap((id) => [`${id}.svg`, `${id}.vl.json`]).sort(),
      );
      const svg = await readFile(join(dir, 'annual-value.svg'), 'utf8');
      expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
      const spec = JSON.parse(await readFile(join(dir, 'annual-value.vl.json'), 'utf8')) as {
        vconcat: unknown[];
      };
      expect(spec.vconcat).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

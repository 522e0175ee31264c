import { beforeAll, describe, expect, it } from 'vitest';
import { renderCharts } from '../../pipelines/charts.js';
import { escapeHtml, fillSlots, html, trustSvg } from '../../reports/html-template.js';
import type { RenderedChart } from '../../reports/model.js';
import { renderBulletinHtml } from '../../reports/render-html.js';
import { chartDataFixture } from '../fixtures/chart-data.js';
import { bulletinViewFixture, hostileTable } from '../fixtures/bulletin-view.js';

const XSS = '<script>alert(1)</script>';
let chartsEn: RenderedChart[];
let chartsZh: RenderedChart[];

beforeAll(async () => {
  chartsEn = await renderCharts(chartDataFixture(), 'en');
  chartsZh = await renderCharts(chartDataFixture(), 'zh');
});

describe('renderBulletinHtml', () => {
  it('prints a complete, self-contained bulletin', () => {
    const view = bulletinViewFixture('en');
    const page = renderBulletinHtml(view, chartsEn);
    expect(page).toMatch(/^<!doctype html>/u);
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<title>Eurasian Freight-Rail Trade Bulletin</title>');
    expect(page).toContain('<meta name="author" content="trade-bulletin" />');
    expect(page).toContain(
      '<meta name="keywords" content="China-Europe Railway Express, Chang&#39;an, ASEAN Express',
    );
    expect(page).toContain('<meta name="description" content="Trade value, containers and trains');
    // Cover, highlights, 5 sections, methods; 7 figures; 3 tables with repeating heads.
    expect(page.match(/<figure class="chart"/gu)).toHaveLength(7);
    expect(page.match(/<svg[^>]* role="img" aria-label="[^"]+"/gu)).toHaveLength(7);
    expect(page.match(/<figcaption id="figure-[\w-]+-caption">Figure \d<\/figcaption>/gu)).toHaveLength(7);
    // One image per figure: the figure is a group named by its caption, the SVG carries the alt text.
    expect(page.match(/<figure class="chart" id="figure-([\w-]+)" role="group" aria-labelledby="figure-\1-caption">/gu)).toHaveLength(7);
    expect(page.match(/<thead>/gu)).toHaveLength(3);
    expect(page).toContain('<tr class="total">');
    expect(page).toContain('5.32</span> <span class="kf-unit">billion yuan</span>');
    expect(page).toContain('<h2>Methods and notes</h2>');
    expect(page).toContain(
      'aria-label="Bar chart of annual trade value by service, 2023–2026, in billion yuan.',
    );
    // Nothing runs, nothing is loaded.
    expect(page).not.toMatch(/<script|(?:src|href)="(?!#|data:image\/)|url\((?!#)|@import|\son\w+=/iu);
    expect(page).not.toMatch(/\{\{/u);
  });

  it('keeps chart element ids unique within the page', () => {
    const page = renderBulletinHtml(bulletinViewFixture('en'), chartsEn);
    const ids = [...page.matchAll(/\sid="([^"]+)"/gu)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('prints the Chinese edition with lang zh-CN and Chinese labels', () => {
    const page = renderBulletinHtml(bulletinViewFixture('zh'), chartsZh);
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toMatch(/<figcaption id="figure-[\w-]+-caption">图1<\/figcaption>/u);
    expect(page).toContain('亿元');
    expect(page).toContain('<h2>要点</h2>');
  });

  it('tags the words of the other language with their lang', () => {
    const zh = bulletinViewFixture('zh');
    zh.headlines.push('汇率来源：US Federal Reserve H.10；n.m.表示无意义；2025年。');
    const page = renderBulletinHtml(zh, chartsZh);
    expect(page).toContain('汇率来源：<span lang="en" role="generic">US Federal Reserve H.10</span>；<span lang="en" role="generic">n.m.</span>表示无意义；2025年。');
    const en = bulletinViewFixture('en');
    en.headlines.push('Alashankou (阿拉山口) station, 5 TEU.');
    expect(renderBulletinHtml(en, chartsEn)).toContain('Alashankou (<span lang="zh-CN" role="generic">阿拉山口</span>) station, 5 TEU.');
  });

  it('escapes every value from the view', () => {
    const view = bulletinViewFixture('en');
    view.title = XSS;
    view.subtitle = `"><img src=x onerror=alert(1)>`;
    view.keyFigures[0]!.label = XSS;
    view.headlines.push(`Tom & Jerry ${XSS}`);
    view.sections[0]!.heading = XSS;
    view.sections[1]!.table = hostileTable;
    view.meta.keywords = [`"><script>`];
    const page = renderBulletinHtml(view, chartsEn);
    expect(page).not.toMatch(/<script|<img|<b>|<i>/iu);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('Tom &amp; Jerry');
    expect(page).toContain('1 &lt; 2');
  });

  it('refuses a section that names a chart that was not rendered', () => {
    expect(() => renderBulletinHtml(bulletinViewFixture('en'), chartsEn.slice(1))).toThrow(/annual-value/u);
  });
});

describe('html-template', () => {
  it('escapes interpolations and keeps trusted fragments', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${'&'}</p>`.html).toBe('<p><b>&lt;i&gt;</b>&amp;</p>');
    expect(escapeHtml(`'"`)).toBe('&#39;&quot;');
  });

  it('fills slots strictly', () => {
    expect(fillSlots('<h1>{{t}}</h1>{{{raw:b}}}', { t: '<x>' }, { b: html`<p>ok</p>` })).toBe(
      '<h1>&lt;x&gt;</h1><p>ok</p>',
    );
    expect(() => fillSlots('{{a}}', {})).toThrow(/no value for slot/u);
    expect(() => fillSlots('{{a}}', { a: '1', b: '2' })).toThrow(/without a slot: b/u);
    const fake = { html: '<script>' } as unknown as ReturnType<typeof html>;
    expect(() => fillSlots('{{{raw:a}}}', {}, { a: fake })).toThrow(/trusted/u);
  });

  it('trusts only plain SVG', () => {
    expect(trustSvg('<svg xmlns="http://www.w3.org/2000/svg"><text>a</text></svg>').html).toBe(
      '<svg><text>a</text></svg>',
    );
    expect(() => trustSvg('<svg><script>alert(1)</script></svg>')).toThrow();
    expect(() => trustSvg('<svg onload="alert(1)"></svg>')).toThrow();
    expect(() => trustSvg('<svg><image href="http://x/y.png"/></svg>')).toThrow();
    expect(() => trustSvg('<div></div>')).toThrow();
  });
});

/**
 * The publication theme of every chart: one Vega-Lite config (fonts, sober print colours, title,
 * axis and legend styles) and `publish`, which wraps a chart body with its title, subtitle and
 * source footnote. Charts are sized for an A4 text column (170 mm ≈ 640 CSS px) so that the SVG
 * drops into the bulletin at 100 % without cutting; the template also scales it down if needed.
 */
import type { Config, TopLevelSpec } from 'vega-lite';
import type { Edition } from '../model.js';

/** Font stack of charts: the bulletin's shipped fonts (the printer inlines them; see pipelines/print-fonts.ts). */
export const CHART_FONT = 'Noto Sans, Noto Sans SC, sans-serif';

/** Total chart width in CSS px: an A4 text column of about 170 mm. */
export const CHART_WIDTH = 640;

/** Room kept left of a plot for a value axis (labels and ticks), in px. */
export const VALUE_AXIS_ROOM = 56;

/** Print colours: ink, muted text, rules. */
export const INK = { text: '#1a1a1a', muted: '#595959', rule: '#8c8c8c', grid: '#e1e1e1', prior: '#b4b4b4' };

/** A sober categorical palette for anything that is not a service (cargo categories, directions). */
export const PALETTE = ['#1f4e79', '#b5523b', '#5b8a3c', '#d19a2e', '#6a5a8e', '#3f8a99', '#8c8c8c'];

/**
 * The theme as a Vega-Lite config.
 * @example const spec = { ...body, config: publicationConfig('en') };
 */
export function publicationConfig(edition: Edition): Config {
  const labelFontSize = 10;
  return {
    // No generated ARIA descriptions on marks and guides: they would read out unrounded floats
    // ("亿元: 39.8823617608"). The chart's accessible name is its alt text, written from the
    // figures (see render-html's svgAsImage).
    aria: false,
    font: CHART_FONT,
    background: '#ffffff',
    padding: { left: 4, right: 8, top: 4, bottom: 4 },
    view: { stroke: null },
    title: {
      // No "Title text …" ARIA description either (the chart's alt text names it).
      aria: false,
      anchor: 'start',
      // Panel titles (wrapped facets) sit on their plot; the chart's own title and footnote
      // are set flush with the whole graphic in `publish`.
      frame: 'group',
      fontSize: 14,
      fontWeight: 'bold',
      color: INK.text,
      subtitleFontSize: 11,
      subtitleColor: INK.muted,
      subtitlePadding: 3,
      offset: 12,
    },
    axis: {
      labelFontSize,
      labelColor: INK.text,
      titleFontSize: 10,
      titleFontWeight: 'normal',
      titleColor: INK.muted,
      domainColor: INK.rule,
      tickColor: INK.rule,
      gridColor: INK.grid,
      labelLimit: 200,
    },
    axisY: { domain: false, ticks: false, labelPadding: 4 },
    axisX: { grid: false },
    legend: {
      orient: 'top',
      direction: 'horizontal',
      labelFontSize,
      labelColor: INK.text,
      titleFontSize: 10,
      titleFontWeight: 'normal',
      titleColor: INK.muted,
      symbolSize: 90,
      labelLimit: 260,
      columnPadding: 14,
      offset: 8,
    },
    header: {
      labelFontSize: 11,
      labelFontWeight: 'bold',
      labelColor: INK.text,
      labelAnchor: 'start',
      labelOrient: 'top',
      labelAngle: 0,
      labelAlign: 'left',
      labelPadding: 6,
      title: null,
    },
    range: { category: PALETTE },
    text: { fontSize: 9, color: INK.text },
    locale:
      edition === 'zh'
        ? { number: { decimal: '.', thousands: ',', grouping: [3], currency: ['¥', ''] } }
        : undefined,
  };
}

/** CJK punctuation that may not begin a line (kinsoku). */
const NO_LINE_START = /^[，。、；：！？）》」』”’%]$/u;

/**
 * Wraps a footnote into lines that fit the chart width (rough count: a CJK character is as wide as
 * two Latin ones at the footnote's 9 px). Latin wraps at spaces, CJK between characters, but never
 * before closing punctuation nor inside a number with its unit (`2026年`, `30日`).
 * @example wrapFootnote('Source: … Data to 30 June 2026.'); // ['Source: … Data to 30 June 2026.']
 */
export function wrapFootnote(text: string, maxWidthPx = CHART_WIDTH - 80, fontSize = 9): string[] {
  const units = (s: string): number =>
    [...s].reduce((n, ch) => n + (/[\u2E80-\uFFEF]/u.test(ch) ? 1 : 0.56), 0);
  const max = maxWidthPx / fontSize;
  const lines: string[] = [];
  let line = '';
  // A Chinese date ("2026年6月30日", "2026年1—6月") is one token: a line break inside it would
  // print "6月 30日", which reads as two numbers.
  const tokens = text.match(/[0-9]{4}年[0-9]{1,2}(?:—[0-9]{1,2})?月(?:[0-9]{1,2}日)?|[0-9][0-9.,%]*[年月日]?|[\u2E80-\uFFEF]|[^\s\u2E80-\uFFEF]+|\s+/gu) ?? [];
  for (const tok of tokens) {
    if (units(line + tok) > max && line.trim().length > 0 && !NO_LINE_START.test(tok)) {
      lines.push(line.trimEnd());
      line = /^\s+$/u.test(tok) ? '' : tok;
    } else line += tok;
  }
  if (line.trim().length > 0) lines.push(line.trimEnd());
  return lines;
}

/**
 * A complete chart spec: title and subtitle on top, the body, and the source footnote below,
 * all flush with the left edge of the graphic (axis labels included), with the theme config.
 * The footnote is the bottom title of a one-cell concat around the body, so it works the same
 * for unit, layer, facet and concat bodies. The body must carry its own (inline) data.
 * @example publish({ title: 'Annual trade value', subtitle: 'billion yuan', footnote: 'Source: …', edition: 'en' }, body);
 */
export function publish(
  head: { title: string; subtitle?: string; footnote: string; edition: Edition },
  body: Record<string, unknown>,
): TopLevelSpec {
  const footnote = {
    text: wrapFootnote(head.footnote),
    orient: 'bottom',
    anchor: 'start',
    frame: 'bounds',
    fontSize: 9,
    fontWeight: 'normal',
    color: INK.muted,
    lineHeight: 12,
    offset: 10,
    subtitle: '',
  };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: head.title, frame: 'bounds', ...(head.subtitle ? { subtitle: head.subtitle } : {}) },
    vconcat: [{ ...body, title: footnote }],
    config: publicationConfig(head.edition),
  };
  return spec as unknown as TopLevelSpec;
}

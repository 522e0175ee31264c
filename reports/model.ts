/**
 * The view-models that flow from the metrics stage into charts and bulletins.
 *
 * metrics (DuckDB) ──► BulletinData (numbers, exact decimals as strings)
 *                       ├─► ChartData ──► Vega-Lite specs ──► SVG/PNG/JSON   (pipelines/charts.ts)
 *                       └─► BulletinView (every printed string) ──► HTML ──► PDF (pipelines/print-pdf.ts)
 *
 * Money is an exact decimal string (`"5319987654.3200"`), in charts too: a chart plots floats
 * but prints only what the press formatter makes from the exact values (reports/press/), and
 * records each printed number as a figure.
 */

/** An exact decimal, as DuckDB prints it: `"5319987654.3200"`. */
export type DecimalString = string;

/** Language edition of a bulletin. */
export type Edition = 'en' | 'zh';

/** Annual bulletin (a complete calendar year) or year-to-date bulletin (1 January to as-of). */
export type BulletinKind = 'annual' | 'ytd';

export type { ServiceInfo, StationInfo } from '../sources/reference.js';
import type { ServiceInfo, StationInfo } from '../sources/reference.js';
import type { Publisher } from './data.js';
import type { TableCell } from './figures.js';

/** Data behind the charts of one bulletin. All series end at the bulletin's period end. */
export interface ChartData {
  /** Bulletin year. */
  year: number;
  kind: BulletinKind;
  /** Period end (ISO date); for `ytd`, the as-of date. */
  periodEnd: string;
  services: ServiceInfo[];
  /** Trade value per service and year, from the first year in the warehouse to `year`. */
  annual: { service: string; year: number; valueCny: DecimalString; yoyPct: DecimalString | null; partial: boolean }[];
  /** Monthly trade value of `year` and `year - 1` (months 1–12, only months up to the period end for `year`). */
  monthly: { service: string; year: number; month: number; valueCny: DecimalString }[];
  /** Cumulative trade value since launch, at each month end up to the period end. */
  cumulative: { service: string; date: string; cumulativeCny: DecimalString }[];
  /** Trade value of `year` by direction. */
  direction: { service: string; direction: 'outbound' | 'inbound'; valueCny: DecimalString }[];
  /** Trade value of `year` by cargo category (from HS chapters). */
  cargo: { service: string; category: string; categoryZh: string; valueCny: DecimalString }[];
  /** TEU and trains per month of `year`. */
  volume: { service: string; month: string; teu: DecimalString; trains: number }[];
  /** Stations of each service's route, in route order, and its branches (each from a main-line station). */
  routes: { service: string; stations: StationInfo[]; branches?: StationInfo[][] }[];
  /** Source line printed as every chart's footnote, per edition (a generic line when absent). */
  sourceLine?: Record<Edition, string>;
}

/** A chart as rendered, ready for the template and for web reuse. */
export interface RenderedChart {
  id: string;
  title: string;
  /** Alt text written from the chart's data. */
  alt: string;
  svg: string;
  /** The compiled Vega-Lite spec (with data inlined). */
  spec: unknown;
  /** Every number the chart prints (labels, ticks, alt text), as recorded (basis `chart <id>: …`). */
  figures: import('./figures.js').Figure[];
  /** Dates and period names the chart prints. */
  exemptions: import('./figures.js').Exemption[];
}

/** A table as printed: header cells and rows of already formatted cells. */
export interface TableView {
  caption: string;
  head: string[];
  rows: string[][];
  /** Column alignment per column. */
  align: ('left' | 'right')[];
  /** Footnote lines under the table. */
  notes: string[];
  /**
   * The figures behind the cells, row by row as `rows` (null for a label cell): the spreadsheet and
   * CSV store their unrounded values as numbers, with their markers in a column of their own.
   */
  cells?: (TableCell | null)[][];
  /** Header of each column in the spreadsheet, where the printed header names a scale the stored number does not have. */
  sheetHead?: string[];
}

/** Everything a bulletin prints, formatted for its edition. Values from data are NOT escaped here. */
export interface BulletinView {
  /** `en` or `zh-CN`: the html lang attribute and PDF language. */
  lang: 'en' | 'zh-CN';
  edition: Edition;
  kind: BulletinKind;
  year: number;
  /** File stem: `trade-bulletin-2025-annual-en`. */
  slug: string;
  title: string;
  subtitle: string;
  /** E.g. "Data as of 30 June 2026". */
  asOfLine: string;
  /** The cover's edition label where the edition words it itself (zh "年度 · 2025年", "1—6月 · 2026年"). */
  editionLabel?: string;
  /** Cover key figures. */
  keyFigures: { label: string; value: string; detail: string }[];
  /** Headline paragraphs (the press sentences). */
  headlines: string[];
  /** Body sections in order: text, then an optional chart id and table. */
  sections: { heading: string; paragraphs: string[]; chartIds: string[]; table?: TableView }[];
  /** Methods page: conversion policy, rates and sources, definitions, n.m., base effects. */
  methods: { heading: string; paragraphs: string[]; table?: TableView };
  /** Source line under charts and in the footer. */
  sourceLine: string;
  /** Release date as printed (the as-of date, never the clock): "30 June 2026", "2026年6月30日". */
  release: string;
  /** The issuing body (configuration `publisher`); absent, the cover and colophon name none. */
  publisher?: Publisher;
  /** Days after a year's end its figures stay provisional (configuration `final_after_days`), as the [p] notes print it. */
  finalAfterDays?: number;
  /** Running header text. */
  runningHeader: string;
  /** PDF document metadata. */
  meta: { title: string; subject: string; author: string; keywords: string[]; language: string; creationDate: string };
}

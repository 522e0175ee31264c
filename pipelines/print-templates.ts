/**
 * Header and footer templates of printed bulletins. Chromium renders them in the page margins,
 * outside the document, with their own styles; it fills `pageNumber` and `totalPages`. All
 * text is HTML-escaped; nothing is loaded.
 */
import { escapeHtml } from '../reports/html-template.js';

/** Running text of a printed bulletin. */
export interface RunningText {
  /** Running header (BulletinView.runningHeader). */
  header: string;
  /** Optional footer text at the left (e.g. the source line); page numbers are at the right. */
  footer?: string;
  /** Language of the page label: `Page N of M` or `第 N 页 / 共 M 页`. */
  lang: 'en' | 'zh-CN';
}

const BOX =
  "font-family:'Noto Sans','Noto Sans SC';font-size:7.5pt;color:#555;width:100%;" +
  'margin:0 20mm;display:flex;justify-content:space-between;align-items:baseline;gap:8mm;' +
  '-webkit-print-color-adjust:exact;print-color-adjust:exact;';

/**
 * The header: the running header, over a hairline.
 * @example headerTemplate({ header: 'Eurasian freight-rail trade · 2025', lang: 'en' });
 */
export function headerTemplate(running: RunningText): string {
  return `<div style="${BOX}padding-bottom:1.5mm;border-bottom:0.4pt solid #999;"><span>${escapeHtml(running.header)}</span></div>`;
}

/**
 * The footer: optional text at the left, `Page N of M` (or `第 N 页 / 共 M 页`) at the right.
 * @example footerTemplate({ header: 'Bulletin', footer: 'Source: …', lang: 'zh-CN' });
 */
export function footerTemplate(running: RunningText): string {
  const n = '<span class="pageNumber"></span>';
  const m = '<span class="totalPages"></span>';
  const label = running.lang === 'zh-CN' ? `第 ${n} 页 / 共 ${m} 页` : `Page ${n} of ${m}`;
  const left = running.footer ? escapeHtml(running.footer) : '';
  return `<div style="${BOX}"><span style="overflow:hidden;text-overflow:ellipsis;white-space:nowrap;">${left}</span><span style="white-space:nowrap;">${label}</span></div>`;
}

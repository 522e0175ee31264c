/**
 * The fixed words of a printed bulletin's layout, per edition: labels of the cover, contents,
 * figures, tables and colophon. Everything else comes from the view.
 */
import type { BulletinKind, BulletinView, Edition } from './model.js';

/** Layout words of one edition. */
export interface LayoutWords {
  figure: string;
  table: string;
  highlights: string;
  kicker: string;
  inBrief: string;
  contents: string;
  about: string;
  issuedBy: string;
  released: string;
  edition: string;
  contact: string;
  licence: string;
  web: string;
  /** The edition's name: `Annual edition · 2025`, `2025年度`. */
  editionName: (kind: BulletinKind, year: number) => string;
  /** `See Figure 1 (…), Figure 2 (…) and Table 1 (…).` from the numbered items. */
  see: (items: string[]) => string;
  /** One reference: `Figure 1 (Annual trade value by service)`. */
  ref: (label: string, title: string) => string;
  /** Colophon sentences. */
  reuse: (source: string) => string;
  citeAs: (publisher: string, title: string, release: string, url: string) => string;
  figuresFile: string;
}

const listEn = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
const listZh = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join('、')}和${items.at(-1) ?? ''}`;

/** Fixed words of the layout, per edition. */
export const WORDS: Record<Edition, LayoutWords> = {
  en: {
    figure: 'Figure',
    table: 'Table',
    highlights: 'Highlights',
    kicker: 'Statistical bulletin',
    inBrief: 'In brief',
    contents: 'Contents',
    about: 'About this bulletin',
    issuedBy: 'Issued by',
    released: 'Released',
    edition: 'Edition',
    contact: 'Contact',
    licence: 'Licence',
    web: 'Web',
    editionName: (kind, year) => `${kind === 'annual' ? 'Annual edition' : 'Year-to-date edition'} · ${year}`,
    see: (items) => `See ${listEn(items)}.`,
    ref: (label, title) => `${label} (${title})`,
    reuse: (source) => `The figures may be reused, with the source named: “${source}”.`,
    citeAs: (publisher, title, release, url) => `Cite as: ${publisher}, ${title}, released ${release}, ${url}.`,
    figuresFile:
      'Every number printed in this bulletin is kept unrounded, with its period, unit and basis, in the figures file published with it.',
  },
  zh: {
    figure: '图',
    table: '表',
    highlights: '要点',
    kicker: '统计公报',
    inBrief: '内容提要',
    contents: '目录',
    about: '关于本公报',
    issuedBy: '发布机构',
    released: '发布日期',
    edition: '版本',
    contact: '联系方式',
    licence: '许可协议',
    web: '网址',
    editionName: (kind, year) => (kind === 'annual' ? `${year}年度` : `${year}年累计`),
    see: (items) => `见${listZh(items)}。`,
    ref: (label, title) => `${label}（${title}）`,
    reuse: (source) => `欢迎引用本公报数据，请注明来源：${source}。`,
    citeAs: (publisher, title, release, url) => `建议引用格式：${publisher}：《${title}》，${release}发布，${url}。`,
    figuresFile: '本公报所列每一个数字的未修约数值及其统计期、单位和口径，均收录于随公报发布的数据文件。',
  },
};

/**
 * The edition line: the view's own (the Chinese edition names the period, `1—6月 · 2026年`) or
 * the layout's (`Annual edition · 2025`).
 * @example editionLabel(view); // 'Annual edition · 2025'
 */
export const editionLabel = (view: Pick<BulletinView, 'edition' | 'kind' | 'year' | 'editionLabel'>): string =>
  view.editionLabel ?? WORDS[view.edition].editionName(view.kind, view.year);

/**
 * A numbered label: `Figure 1`, `图1`.
 * @example numbered('zh', 'table', 2); // '表2'
 */
export const numbered = (edition: Edition, what: 'figure' | 'table', n: number): string =>
  edition === 'zh' ? `${WORDS.zh[what]}${n}` : `${WORDS.en[what]} ${n}`;

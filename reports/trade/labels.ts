/** Fixed words of the trade bulletin in each edition. */
import type { Edition } from '../model.js';

export const labels = {
  en: {
    /** `period` is already recorded as a date ("2025", "January–June 2026"). */
    title: (period: string, ytd: boolean) => (ytd ? `Eurasian Rail Freight Trade, ${period}` : `Eurasian Rail Freight Trade ${period}`),
    subtitle: 'Statistical bulletin on China-Europe and China-ASEAN freight-rail services',
    asOf: (d: string) => `Data as of ${d}`,
    author: 'Eurasian Rail Freight Trade Statistics',
    headlines: 'Highlights',
    byService: 'Services',
    charts: 'Charts',
    table: 'Key figures by service',
    methods: 'Methods and notes',
    /** Column heads; the amount columns take their unit from the cells (`money`). */
    head: {
      service: 'Service',
      value: (unit: string) => `Value (${unit})`,
      usd: (unit: string) => `Value (${unit})`,
      change: 'Change',
      cumulative: (unit: string) => `Cumulative (${unit})`,
      teu: 'TEU',
      trains: 'Trains',
      shipments: 'Shipments',
    },
    money: { CNY: { 1e9: 'billion yuan', 1e6: 'million yuan', 1: 'yuan' }, USD: { 1e9: 'billion USD', 1e6: 'million USD', 1: 'USD' } },
    rateHead: ['Year', 'Mean yuan per U.S. dollar', 'Days with a rate'],
    /** Spreadsheet headers: the stored numbers are unrounded, in the unit named (no scale). */
    sheetHead: {
      keyFigures: ['Service', 'Trade value (yuan)', 'Trade value (U.S. dollars, at the publication rate)', 'Change on a year earlier (percent)', 'Cumulative value (yuan)', 'TEU', 'Trains', 'Shipments'],
      rates: ['Year', 'Mean yuan per U.S. dollar', 'Days with a rate'],
    },
    source: (publisher: string | null) =>
      `Source: ${publisher ? `${publisher}, from ` : ''}freight declarations (container-level shipment and goods-line value records); exchange rates as stated in the methods.`,
    keyValue: (name: string) => `Trade value, ${name}`,
    keyCumulative: (name: string) => `Cumulative value since launch, ${name}`,
    keyTeu: 'TEU carried, all services',
    keyRate: 'Publication rate, yuan per U.S. dollar',
  },
  zh: {
    /** `period` is already recorded as a date ("2025年", "2026年1—6月"). */
    title: (period: string, _ytd: boolean) => `${period}亚欧铁路货运贸易统计公报`,
    subtitle: '中欧班列与东盟快班统计公报',
    asOf: (d: string) => `数据截至${d}`,
    author: '亚欧铁路货运贸易统计',
    headlines: '要点',
    byService: '分线路情况',
    charts: '图表',
    table: '分线路主要指标',
    methods: '统计方法与说明',
    head: {
      service: '线路',
      value: (unit: string) => `贸易额（${unit}）`,
      usd: (unit: string) => `折合美元（${unit}）`,
      change: '同比',
      cumulative: (unit: string) => `累计货值（${unit}）`,
      teu: '标箱',
      trains: '列数',
      shipments: '票数',
    },
    money: { CNY: { 1e8: '亿元', 1e4: '万元', 1: '元' }, USD: { 1e8: '亿美元', 1e4: '万美元', 1: '美元' } },
    rateHead: ['年份', '年均汇率（元/美元）', '有汇率的天数'],
    sheetHead: {
      keyFigures: ['线路', '贸易额（元）', '折合美元（美元，按发布汇率）', '同比（%）', '累计货值（元）', '标箱', '列数', '票数'],
      rates: ['年份', '平均汇率（元/美元）', '有汇率的天数'],
    },
    source: (publisher: string | null) =>
      `资料来源：${publisher ? `${publisher}，依据` : ''}班列货物申报数据（集装箱级运单及货物明细货值记录）；汇率见统计方法与说明。`,
    keyValue: (name: string) => `${name}贸易额`,
    keyCumulative: (name: string) => `${name}开行以来累计货值`,
    keyTeu: '全部线路发送标箱',
    keyRate: '发布汇率（元/美元）',
  },
} as const satisfies Record<Edition, unknown>;

/**
 * A rate source in the edition's words: the Chinese edition names the issuing bank in Chinese
 * (the series code, such as H.10, kept); unknown sources print as given.
 * @example rateSourceName('US Federal Reserve H.10 (synthetic sample)', 'zh') // '美国联邦储备委员会H.10（模拟样本数据）'
 */
export function rateSourceName(source: string, edition: Edition): string {
  if (edition !== 'zh') return source;
  const sample = /\s*\(synthetic sample\)\s*$/i.test(source);
  const base = source.replace(/\s*\(synthetic sample\)\s*$/i, '').trim();
  const known: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^US Federal Reserve\s*(.*)$/i, (m) => `美国联邦储备委员会${m[1] ?? ''}`],
    [/^ECB\b.*$/i, () => '欧洲中央银行欧元参考汇率'],
    [/^Bank of Russia\b.*$/i, () => '俄罗斯中央银行官方汇率'],
    [/^National Bank of Kazakhstan\b.*$/i, () => '哈萨克斯坦国家银行官方汇率'],
    [/^State Bank of Vietnam\b.*$/i, () => '越南国家银行参考汇率'],
    [/^(PBOC|People's Bank of China)\b.*$/i, () => '中国人民银行人民币汇率中间价'],
    [/^Commercial bank feed\b.*$/i, () => '商业银行报价'],
  ];
  for (const [re, zh] of known) {
    const m = re.exec(base);
    if (m) return `${zh(m)}${sample ? '（模拟样本数据）' : ''}`;
  }
  return source;
}

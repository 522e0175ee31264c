/**
 * figures.json: every number printed in a bulletin, unrounded, beside the text as printed.
 * Builders record a figure and get back its text, so the words and the figures file cannot
 * drift apart.
 */

/** Metrics named in the data contract, plus a few the bulletin also prints. */
export type MetricName =
  | 'trade_value'
  | 'trade_value_yoy_pct'
  | 'cumulative_value'
  | 'teu'
  | 'trains'
  | 'shipments'
  | 'trade_value_outbound'
  | 'trade_value_inbound'
  | 'teu_yoy_pct'
  | 'direction_share_pct'
  | 'transit_days'
  | 'transit_vs_sea_pct'
  | 'emission_factor'
  | 'cargo_share_pct'
  | 'publication_rate'
  | 'annual_average_rate'
  /** Monthly mean CNY per USD (printed under the monthly-average policy). */
  | 'monthly_average_rate'
  /** Growth of the value in U.S. dollars at transaction-date rates. */
  | 'trade_value_usd_yoy_pct'
  /** Goods lines counted (methods: lines in yuan, converted, through a cross rate). */
  | 'lines'
  /** Input rows of the period that failed the data checks. */
  | 'quarantined_rows'
  /** Days with a rate behind an average rate. */
  | 'rate_days'
  /** How many days back a missing day's rate may be taken from. */
  | 'rate_window_days'
  /** TEU per container of a length (constant of the data contract). */
  | 'teu_factor'
  /** "1/7": rail CO2 against another mode, as the operators claim it. */
  | 'emission_ratio'
  /** Typical sea-freight days on a comparable route (reference constant). */
  | 'sea_transit_days';

/** One printed number. */
export interface Figure {
  service: string;
  metric: MetricName;
  period: string;
  unit: 'CNY' | 'USD' | 'percent' | 'TEU' | 'count' | 'CNY per USD' | 'days' | 'g CO2 per tonne-km' | 'ratio';
  /** Unrounded exact decimal string; null for "n.m.". */
  value: string | null;
  /** As printed. */
  text: string;
  /** How the value was obtained when it is not a plain sum (e.g. the publication rate used). */
  basis?: string;
  /** `n.m.` with its reason, or a base-effect note. */
  note?: string;
}

/**
 * Printed numbers that are not figures: dates (e.g. "30 June 2025", "2025年6月30日", a year
 * "2025" as a period name) and references (e.g. "Figure 3", "Table 2", "图3"). The agreement
 * check removes these exact texts before it looks for numbers; nothing else is exempt.
 */
export interface Exemption {
  kind: 'date' | 'ref';
  text: string;
}

/** Collects the figures of one bulletin, once each, and the exact texts exempt from the agreement check. */
export class FigureBook {
  private readonly byKey = new Map<string, Figure>();
  private readonly exempt = new Map<string, Exemption>();

  /** Records a figure and returns its printed text. */
  add(f: Figure): string {
    const key = [f.service, f.metric, f.period, f.unit, f.basis ?? '', f.text].join('\u0000');
    if (!this.byKey.has(key)) this.byKey.set(key, f);
    return f.text;
  }

  /** Records a printed date (or a year used as a period name) and returns it. */
  date(text: string): string {
    this.exempt.set(`date\u0000${text}`, { kind: 'date', text });
    return text;
  }

  /** Records a figure, table or page reference ("Figure 3") and returns it. */
  ref(text: string): string {
    this.exempt.set(`ref\u0000${text}`, { kind: 'ref', text });
    return text;
  }

  /** All figures, in the order first recorded. */
  list(): Figure[] {
    return [...this.byKey.values()];
  }

  /** The exempt texts, in the order first recorded. */
  exemptions(): Exemption[] {
    return [...this.exempt.values()];
  }
}

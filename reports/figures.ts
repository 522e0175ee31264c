/**
 * figures.json: every number printed in a bulletin, unrounded, beside the text as printed.
 * Builders record a figure and get back its text, so the words and the figures file cannot
 * drift apart.
 */
import type { FigureStatus } from './status.js';

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
  | 'sea_transit_days'
  /** Days after a year's end its figures stay provisional (configuration: final_after_days). */
  | 'final_after_days'
  /** Figures revised since the bulletin's last release. */
  | 'revised_figures'
  /** A figure's change since a release (now − as released), or a headline value's since first published. */
  | 'revision'
  /** Releases that printed a headline value. */
  | 'releases'
  /** Mean of the revisions between successive releases of a headline value. */
  | 'mean_revision'
  /** Mean of their absolute values. */
  | 'mean_abs_revision';

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
  /** `provisional` (its data may still change) or `final`: see reports/status.ts. Stamped by the book. */
  status?: FigureStatus;
  /** Set when the value moved since the bulletin's last release: what that release printed. Stamped by the book. */
  revised?: Revision;
}

/** What the last release printed for a figure whose value has moved since. */
export interface Revision {
  /** The release id (`<workspace>/releases/<slug>/<release>`). */
  release: string;
  previous_value: string | null;
  previous_text: string;
}

/** A table cell as the spreadsheet stores it: the figure behind it (or plain text) and its markers. */
export interface TableCell {
  figure: Figure | null;
  /** `[p]`, `[r]` or `[p] [r]`; empty when none. */
  marker: string;
}

/** The markers a figure carries in a table: `[p]` provisional, `[r]` revised since the last release. */
export function markerOf(f: Figure): string {
  return [f.status === 'provisional' ? '[p]' : '', f.revised ? '[r]' : ''].filter(Boolean).join(' ');
}

/** How the book stamps each figure it records (both optional: a bare book stamps nothing). */
export interface BookOptions {
  status?: (f: Figure) => FigureStatus;
  /** What the last release printed for this figure, when its value moved since; else null. */
  revision?: (f: Figure) => Revision | null;
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

  constructor(private readonly options: BookOptions = {}) {}

  /** Records a figure and returns its printed text. */
  add(f: Figure): string {
    return this.record(f).text;
  }

  /**
   * Records a figure printed in a table and returns the cell as printed (its text, then its
   * markers: `5.32 [p]`) and as the spreadsheet stores it.
   */
  cell(f: Figure): { text: string; cell: TableCell } {
    const r = this.record(f);
    const marker = markerOf(r);
    return { text: marker ? `${r.text} ${marker}` : r.text, cell: { figure: r, marker } };
  }

  /** Records a figure (stamped with its status and revision) and returns the recorded figure. */
  private record(f: Figure): Figure {
    const key = [f.service, f.metric, f.period, f.unit, f.basis ?? '', f.text].join('\u0000');
    const known = this.byKey.get(key);
    if (known) return known;
    const status = this.options.status?.(f);
    const revised = this.options.revision?.(f) ?? null;
    const stamped: Figure = { ...f, ...(status ? { status } : {}), ...(revised ? { revised } : {}) };
    this.byKey.set(key, stamped);
    return stamped;
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

/**
 * The data a bulletin is built from, as exact decimal strings: what the pipeline hands to the
 * (pure) report builders. The pipeline fills these types; reports/ only reads them.
 */
import type { Reference, ServiceRef } from '../sources/reference.js';
import type { ChartData, Edition } from './model.js';

/** How lines are converted to CNY and USD. */
export type RatePolicy = 'daily' | 'monthly-average' | 'annual-average';

/** A reporting period and the span it is compared with. */
export interface Period {
  kind: 'annual' | 'ytd';
  year: number;
  start: string;
  end: string;
  priorStart: string;
  priorEnd: string;
  /** `2025` or `2026-01-01..2026-06-30`. */
  label: string;
}

/** Why year-on-year growth is or is not a number. */
export type YoyStatus = 'ok' | 'started-in-prior' | 'not-running' | 'zero-prior';

/** The figures of one service in one period. */
export interface ServiceMetrics {
  service: string;
  period: Period;
  firstDeparture: string | null;
  valueCny: string;
  valueUsd: string;
  priorCny: string;
  priorUsd: string;
  yoyPct: string | null;
  yoyStatus: YoyStatus;
  /** Growth of the value in U.S. dollars at transaction-date rates (null where yoyPct is; absent: not printed). */
  yoyUsdPct?: string | null;
  cumulativeCny: string;
  cumulativeUsd: string;
  outboundCny: string;
  inboundCny: string;
  shipments: number;
  priorShipments: number;
  teu: string;
  priorTeu: string;
  trains: number;
  priorTrains: number;
}

/** Transit time of one service in one period. */
export interface TransitStats {
  service: string;
  /** Shipments with an arrival date (the mean and median are over these). */
  shipments: number;
  /** Mean in days, exact to 10 decimal places. */
  meanDays: string;
  medianDays: string;
}

/** One service in one bulletin. */
export interface BulletinService {
  info: ServiceRef;
  metrics: ServiceMetrics;
  /** The earliest departure in the data (cumulative values run from it). */
  dataStart: string | null;
  /** Whether the data covers the service since its launch (cumulative since launch is meaningful). */
  coversLaunch: boolean;
  /** Cumulative value at the first return train, when that falls inside the data. */
  milestones: { date: string; kind: 'first-return'; cumulativeCny: string }[];
}

/**
 * The body that issues the bulletins (configuration key `publisher`), as printed on the cover,
 * in the footer, the colophon and the source line.
 */
export interface Publisher {
  name: string;
  /** The name in the Chinese edition (the English name when absent). */
  name_zh?: string;
  /** Where readers write or call, e.g. `statistics@example.org`. */
  contact: string;
  /** Terms of reuse, e.g. `CC BY 4.0`. */
  licence: string;
  /** The publisher's web address. */
  url: string;
  /** The logo as a `data:image/svg+xml` or `data:image/png` URL (read from the configured file at the edge). */
  logo?: string;
}

/** A figure as a release's figures.json holds it (the fields revisions are matched and printed by). */
export interface ReleasedFigure {
  service: string;
  metric: string;
  period: string;
  unit: string;
  basis?: string;
  value: string | null;
  text: string;
}

/** An input file whose version changed between a release and the draft (from the run history). */
export interface InputChange {
  name: string;
  kind: string | null;
  action: 'new' | 'revised' | 'removed';
  /** sha256 of the version the release was built from (null: the file is new). */
  before: string | null;
  /** sha256 of the version the draft is built from (null: the file was removed or forgotten). */
  after: string | null;
  /** `service|year` pairs the file's current rows count in (empty for a removed file or an fx file). */
  touches: string[];
}

/** The bulletin's last release: what it printed, and what changed in the inputs since. */
export interface ReleaseInfo {
  /** Release id, e.g. `2026-06-30-001-1a2b3c4d`. */
  id: string;
  /** The release's as-of date (its release date). */
  date: string;
  /** Its figures per edition, as its figures.json printed them. */
  figures: Partial<Record<Edition, ReleasedFigure[]>>;
  /** The publication rate the release printed its dollars at. */
  publicationRate: string | null;
  changes: InputChange[];
}

/** One headline series value (annual trade value of a service) in every release that printed it. */
export interface Vintage {
  service: string;
  year: number;
  /** Oldest first. */
  releases: { id: string; date: string; value: string }[];
}

/** Everything a bulletin prints, as numbers (exact decimal strings). */
export interface BulletinData {
  kind: 'annual' | 'ytd';
  year: number;
  asOf: string;
  period: Period;
  policy: RatePolicy;
  maxRateAgeDays: number;
  services: BulletinService[];
  publication: { rate: string; date: string; source: string };
  /**
   * Annual mean of the daily CNY-per-USD rates up to the as-of date (and the period's end): the
   * rows and the mean the averaging policies convert at. `rate`: rounded to 4 decimals, as
   * printed; `mean`: to 18 places (the factor an `annual-average` line of USD takes).
   */
  annualAverages: { year: number; rate: string; days: number; mean?: string }[];
  /** Under `monthly-average` only: the monthly means of the period's year, as annualAverages. */
  monthlyAverages?: { month: string; rate: string; days: number; mean: string }[];
  /** How the period's lines were converted to CNY. */
  rateUse: { method: string; source: string; lines: number }[];
  /** Rows of the bulletin's period (by departure or rate date) that failed the data checks. */
  quarantined: { rows: number; files: number };
  /** The issuing body (configuration `publisher`): cover, colophon, footer and source line; absent, none is named. */
  publisher?: Publisher;
  /** Days after a year's end during which its figures stay provisional (config `final_after_days`; 90 when absent). */
  finalAfterDays?: number;
  /** The bulletin's last release (absent before the first): revised figures are marked against it. */
  release?: ReleaseInfo;
  /** The headline series' values in every release (the revisions history); absent or empty: none released. */
  vintages?: Vintage[];
  /** The chart series as exact decimals, recorded as figures (charts print them too). */
  series: {
    annual: { service: string; year: number; label: string; valueCny: string; yoyPct: string | null }[];
    monthly: { service: string; year: number; month: number; valueCny: string }[];
    cumulative: { service: string; date: string; valueCny: string }[];
  };
  /** Value by cargo category and service in the period, largest first (exact). */
  cargo: { service: string; category: string; categoryZh: string; valueCny: string }[];
  /** Mean transit days per service in the period. */
  transit: TransitStats[];
  /** Emission factors of the reference data. */
  emissions: Reference['emissions'];
  charts: ChartData;
}


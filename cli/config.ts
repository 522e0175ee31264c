/**
 * The project configuration: `trade-bulletin.config.json` (or --config FILE), validated when
 * loaded, with every key also settable on the command line (flags win).
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../lib/errors.js';
import { defaultReferenceDir } from '../sources/reference.js';
import type { RatePolicy } from '../pipelines/normalize.js';
import { isSupportedEncoding, type EncodingRule } from '../sources/encoding.js';
import type { Edition } from '../reports/model.js';
import type { Publisher } from '../reports/data.js';

/** The effective configuration. */
export interface Config {
  inbox: string;
  workspace: string;
  reference_dir: string;
  rate_policy: RatePolicy;
  source_priority: string[];
  max_rate_age_days: number;
  editions: Edition[];
  quarantine_ceiling: number;
  strict: boolean;
  /** Encodings declared per file-name pattern, e.g. [{ pattern: 'values-pl-*.csv', encoding: 'windows-1250' }]; the first match wins. */
  encodings: EncodingRule[];
  /** The issuing body printed on the bulletins; `logo` is a file path (SVG or PNG) relative to the config file. */
  publisher: PublisherConfig | null;
  /** Days after a year's end during which its figures stay provisional ([p]); final from that day on. */
  final_after_days: number;
}

/** The configuration's `publisher`: as `Publisher`, with `logo` a file path instead of a data URL. */
export type PublisherConfig = Omit<Publisher, 'logo'> & { logo?: string };

export const CONFIG_FILE = 'trade-bulletin.config.json';

export const defaults: Config = {
  inbox: 'inbox',
  workspace: 'workspace',
  reference_dir: defaultReferenceDir,
  rate_policy: 'daily',
  source_priority: [],
  max_rate_age_days: 7,
  editions: ['en', 'zh'],
  quarantine_ceiling: 0.05,
  strict: true,
  encodings: [],
  publisher: null,
  final_after_days: 90,
};

const PUBLISHER_EXAMPLE = '{"name": "…", "name_zh": "…", "contact": "statistics@example.org", "licence": "CC BY 4.0", "url": "https://example.org", "logo": "logo.svg"}';

function checkPublisher(v: unknown): string | null {
  if (v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) return `must be an object like ${PUBLISHER_EXAMPLE}`;
  const p = v as Record<string, unknown>;
  const extra = Object.keys(p).filter((k) => !['name', 'name_zh', 'contact', 'licence', 'url', 'logo'].includes(k));
  if (extra.length) return `has unknown keys ${extra.join(', ')} (known: name, name_zh, contact, licence, url, logo)`;
  for (const key of ['name', 'contact', 'licence', 'url'])
    if (typeof p[key] !== 'string' || !(p[key] as string).trim()) return `needs "${key}" (a non-empty string), e.g. ${PUBLISHER_EXAMPLE}`;
  for (const key of ['name_zh', 'logo'])
    if (p[key] !== undefined && (typeof p[key] !== 'string' || !(p[key] as string).trim())) return `"${key}" must be a non-empty string when given`;
  if (!/^https?:\/\/\S+$/u.test(p.url as string)) return `"url" must be a web address starting with https:// (got ${JSON.stringify(p.url)})`;
  if (p.logo !== undefined && !/\.(?:svg|png)$/iu.test(p.logo as string)) return `"logo" must be an .svg or .png file (got ${JSON.stringify(p.logo)})`;
  return null;
}

type Check = (v: unknown) => string | null;
const POLICIES: RatePolicy[] = ['daily', 'monthly-average', 'annual-average'];
const checks: Record<keyof Config, Check> = {
  inbox: (v) => (typeof v === 'string' && v ? null : 'must be a folder path (string)'),
  workspace: (v) => (typeof v === 'string' && v ? null : 'must be a folder path (string)'),
  reference_dir: (v) => (typeof v === 'string' && v ? null : 'must be a folder path (string)'),
  rate_policy: (v) => (POLICIES.includes(v as RatePolicy) ? null : `must be one of ${POLICIES.join(', ')}`),
  source_priority: (v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? null : 'must be a list of source names'),
  max_rate_age_days: (v) => (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 31 ? null : 'must be a whole number of days from 0 to 31'),
  editions: (v) =>
    Array.isArray(v) && v.length > 0 && v.every((x) => x === 'en' || x === 'zh') ? null : 'must be a non-empty list of "en" and/or "zh"',
  quarantine_ceiling: (v) => (typeof v === 'number' && v >= 0 && v <= 1 ? null : 'must be a share from 0 to 1 (0.05 = 5 %)'),
  strict: (v) => (typeof v === 'boolean' ? null : 'must be true or false'),
  publisher: checkPublisher,
  final_after_days: (v) => (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 3660 ? null : 'must be a whole number of days from 0 to 3660'),
  encodings: (v) => {
    if (!Array.isArray(v)) return 'must be a list of {"pattern": "values-pl-*.csv", "encoding": "windows-1250"}';
    for (const [i, r] of v.entries()) {
      const rule = r as Partial<EncodingRule> | null;
      if (typeof rule !== 'object' || rule === null || Array.isArray(rule) || Object.keys(rule).some((k) => k !== 'pattern' && k !== 'encoding'))
        return `entry ${i + 1} must be {"pattern": "…", "encoding": "…"}`;
      if (typeof rule.pattern !== 'string' || !rule.pattern) return `entry ${i + 1} needs a "pattern" (a file-name glob such as values-pl-*.csv)`;
      if (rule.pattern.includes('/')) return `entry ${i + 1}: "pattern" is matched against the file name only; drop the folder (got ${JSON.stringify(rule.pattern)})`;
      if (typeof rule.encoding !== 'string' || !isSupportedEncoding(rule.encoding))
        return `entry ${i + 1}: "encoding" must be an encoding TextDecoder or iconv-lite knows (windows-1250, ISO-8859-1, gb18030, utf-16le, …)`;
    }
    return null;
  },
};

/**
 * Parses `--encoding PATTERN=ENCODING` values into rules (checked as the config key is).
 * @example parseEncodingFlags(['values-pl-*.csv=windows-1250']) // [{ pattern: 'values-pl-*.csv', encoding: 'windows-1250' }]
 */
export function parseEncodingFlags(values: readonly string[]): EncodingRule[] {
  const rules = values.map((v) => {
    const eq = v.lastIndexOf('=');
    return { pattern: eq > 0 ? v.slice(0, eq) : '', encoding: eq > 0 ? v.slice(eq + 1) : '' };
  });
  const problem = checks.encodings(rules);
  if (problem) throw new InputError(`--encoding ${values.map((v) => JSON.stringify(v)).join(' ')}: write PATTERN=ENCODING (e.g. --encoding 'values-pl-*.csv=windows-1250'); ${problem}`);
  return rules;
}

/**
 * Validates a parsed config object; every problem names the file and the key.
 * @example validateConfig({ rate_policy: 'weekly' }, 'x.json') // throws: x.json: "rate_policy" must be one of …
 */
export function validateConfig(raw: unknown, file: string): Partial<Config> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InputError(`${file}: the configuration must be a JSON object`, file);
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('$') || key === 'comment') continue;
    const check = checks[key as keyof Config];
    if (!check) {
      problems.push(`unknown key "${key}" (known keys: ${Object.keys(checks).join(', ')})`);
      continue;
    }
    const problem = check(value);
    if (problem) problems.push(`"${key}" ${problem} (got ${JSON.stringify(value)})`);
    else out[key] = value;
  }
  if (problems.length) throw new InputError(`${file}: ${problems.join('; ')}`, file);
  return out as Partial<Config>;
}

/** Loads the config file (explicit path, or ./trade-bulletin.config.json when present) over the defaults. */
export async function loadConfig(path: string | undefined, cwd: string): Promise<{ config: Config; file: string | null }> {
  const file = path ? resolve(cwd, path) : existsSync(resolve(cwd, CONFIG_FILE)) ? resolve(cwd, CONFIG_FILE) : null;
  if (!file) return { config: { ...defaults }, file: null };
  const text = await readFile(file, 'utf8').catch(() => {
    throw new InputError(`${file}: configuration file not found`, file);
  });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file}: not valid JSON (${(err as Error).message})`, file);
  }
  const config = { ...defaults, ...validateConfig(raw, file) };
  // A logo path is relative to the configuration file.
  if (config.publisher?.logo) config.publisher = { ...config.publisher, logo: resolve(dirname(file), config.publisher.logo) };
  return { config, file };
}

/**
 * The publisher as printed: the logo file read into a data: URL (the printer loads nothing).
 * @example const publisher = await publisherForPrint(config.publisher);
 */
export async function publisherForPrint(p: PublisherConfig | null): Promise<Publisher | undefined> {
  if (!p) return undefined;
  if (!p.logo) return { ...p } as Publisher;
  const bytes = await readFile(p.logo).catch(() => {
    throw new InputError(`publisher.logo: cannot read ${p.logo}; give an SVG or PNG file path relative to the configuration file`, p.logo);
  });
  const type = /\.svg$/iu.test(p.logo) ? 'image/svg+xml' : 'image/png';
  return { ...p, logo: `data:${type};base64,${bytes.toString('base64')}` };
}

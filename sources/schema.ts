/**
 * What every inbox kind shares: column specs, header matching and the shape of a row rule.
 * One module per kind (shipments.ts, values.ts, fx.ts) declares its columns and rules.
 */
import type { RowReasonCode } from '../lib/messages.js';

/** The inbox kinds, known from the header row. */
export type Kind = 'shipments' | 'values' | 'fx';

/** One column of a kind. */
export interface ColumnSpec {
  name: string;
  required: boolean;
  /** Other header spellings accepted for this column (already normalized: lower case, underscores). */
  aliases?: readonly string[];
}

/**
 * A row rule, checked set-based in SQL over the parsed view of the raw table.
 * `when` is a predicate that is TRUE when the row breaks the rule.
 */
export interface RowRule {
  column: string;
  code: RowReasonCode;
  when: string;
}

/** A kind of input: its columns, the raw table they land in, and the parsed view's extra expressions. */
export interface SourceSpec {
  kind: Kind;
  columns: readonly ColumnSpec[];
  rawTable: string;
  /** `expr AS name` list adding typed columns to the parsed view (alias `r` is the raw row). */
  parsed: readonly string[];
  rules: readonly RowRule[];
}

/** Normalizes a header cell: trims, lower-cases, folds spaces and hyphens to underscores, drops a BOM. */
export function normalizeHeaderName(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** The result of matching a header row against one kind. */
export interface HeaderMatch {
  kind: Kind;
  /** For each header position: the canonical column it fills, or null for an extra column. */
  mapping: (string | null)[];
  extras: string[];
  missing: string[];
}

/**
 * Matches a header row against a kind: which position feeds which column, which are extra,
 * which required ones are missing.
 * @example matchHeader(['Line_ID ', 'value', 'currency', 'shipment_id'], valuesSpec).missing // []
 */
export function matchHeader(header: readonly string[], spec: SourceSpec): HeaderMatch {
  const names = new Set(spec.columns.map((c) => c.name));
  const byAlias = new Map<string, string>();
  for (const c of spec.columns) for (const a of c.aliases ?? []) byAlias.set(a, c.name);
  const cells = header.map(normalizeHeaderName);
  // Exact column names first, aliases only for columns the header does not name exactly:
  // `amount,value` maps `value` to value and keeps `amount` aside.
  const used = new Set(cells.filter((n) => names.has(n)));
  const taken = new Set<string>();
  const extras: string[] = [];
  const mapping = cells.map((n, i) => {
    let canonical: string | undefined = names.has(n) ? n : byAlias.get(n);
    if (canonical && !names.has(n) && used.has(canonical)) canonical = undefined;
    if (!canonical || taken.has(canonical)) {
      extras.push((header[i] ?? '').trim());
      return null;
    }
    taken.add(canonical);
    return canonical;
  });
  const missing = spec.columns.filter((c) => c.required && !taken.has(c.name)).map((c) => c.name);
  return { kind: spec.kind, mapping, extras, missing };
}

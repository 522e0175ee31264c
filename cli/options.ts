/** Command-line parsing for every command (node:util parseArgs), with per-command help. */
import { parseArgs } from 'node:util';
import { UsageError } from '../lib/errors.js';

/** Options shared by nightly and run. */
export const runFlags = {
  inbox: { type: 'string' },
  workspace: { type: 'string' },
  'as-of': { type: 'string' },
  kind: { type: 'string' },
  year: { type: 'string' },
  json: { type: 'boolean' },
  config: { type: 'string' },
  policy: { type: 'string' },
  editions: { type: 'string' },
  'quarantine-ceiling': { type: 'string' },
  'reference-dir': { type: 'string' },
  strict: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'skip-bulletins': { type: 'boolean' },
  encoding: { type: 'string', multiple: true },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

type FlagValue<T> = T extends { multiple: true } ? string[] : T extends { type: 'string' } ? string : boolean;
export type Flags = { [K in keyof typeof runFlags]?: FlagValue<(typeof runFlags)[K]> };

/** Parses argv for a command; unknown options are a usage error (exit 2). */
export function parseFlags(argv: string[], command: string): { flags: Flags; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: runFlags, allowPositionals: true, strict: true });
    return { flags: values as Flags, positionals };
  } catch (err) {
    throw new UsageError(`${command}: ${(err as Error).message}. See \`trade-bulletin ${command} --help\`.`);
  }
}

export const help: Record<string, string> = {
  main: `trade-bulletin: pipeline and PDF bulletins on Eurasian freight-rail trade

Usage:
  trade-bulletin nightly --as-of YYYY-MM-DD [--inbox DIR] [--workspace DIR] [--json]
  trade-bulletin run --year YYYY --as-of YYYY-MM-DD [--inbox DIR] [--workspace DIR] [--json]
  trade-bulletin validate FILE... [--json]
  trade-bulletin release --year YYYY [--kind annual|ytd] [--workspace DIR] [--json]
  trade-bulletin releases [--workspace DIR] [--json]
  trade-bulletin forget NAME [--workspace DIR] [--dry-run] [--json]
  trade-bulletin runs [show ID] [--workspace DIR] [--json]
  trade-bulletin config [--json]
  trade-bulletin doctor [--workspace DIR]

Run \`trade-bulletin COMMAND --help\` for a command's options and examples.
Exit status: 0 done; 1 the run failed; 2 bad input or arguments.`,
  nightly: `trade-bulletin nightly: ingest the inbox, rebuild the figures, print every bulletin

Options:
  --inbox DIR              folder of CSV files (default from config: inbox)
  --workspace DIR          warehouse and outputs (default from config: workspace)
  --as-of YYYY-MM-DD       report as of this date (required; the run never reads the clock); nothing later counts
  --json                   print one JSON object describing the run on standard output
  --config FILE            configuration file (default: ./trade-bulletin.config.json if present)
  --policy P               daily | monthly-average | annual-average
  --editions LIST          en,zh
  --quarantine-ceiling X   share of quarantined rows above which nothing is published (0.05)
  --strict                 exit 2 when any inbox file is rejected (default; config "strict": false turns it off)
  --dry-run                say what would change; write nothing
  --skip-bulletins         load and compute the figures, print no bulletins
  --encoding PATTERN=ENC   read files whose name matches PATTERN in encoding ENC (repeatable; config "encodings")
  -q, --quiet / -v, --verbose

Examples:
  trade-bulletin nightly --inbox /data/inbox --workspace /srv/trade-bulletin --as-of 2026-06-30
  trade-bulletin nightly --as-of "$(date -u +%F)" --json > run.json`,
  run: `trade-bulletin run --year YYYY: re-run one year's bulletins (other years' files are left untouched)

Options: as for nightly, plus
  --year YYYY              the year whose bulletins to rebuild (required)

Examples:
  trade-bulletin run --year 2025 --as-of 2026-06-30
  trade-bulletin run --year 2024 --as-of 2026-06-30 --dry-run`,
  validate: `trade-bulletin validate FILE...: check inbox files without writing anything

Prints each problem as FILE:LINE:COLUMN: reason, like a compiler; exit 2 when there is any.
Cross-file rules (a value line's shipment, exchange rates) are checked among the files given.

Options:
  --json                   one JSON object on standard output
  --encoding PATTERN=ENC   read files whose name matches PATTERN in encoding ENC (repeatable; config "encodings")

Examples:
  trade-bulletin validate inbox/values-2025-Q1.csv inbox/shipments-2025-Q1.csv
  trade-bulletin validate --encoding 'values-pl-*.csv=windows-1250' inbox/values-pl-2025.csv`,
  release: `trade-bulletin release --year YYYY [--kind annual|ytd]: freeze the current draft of a bulletin

Copies the draft's files, both editions (PDF, HTML, figures.json, cover, charts, spreadsheet, CSVs),
byte for byte, to <workspace>/releases/trade-bulletin-YYYY-KIND/<release-id>/ with manifest.json
(every file's sha256, the input file versions, the as-of date, the run id, the program version),
read-only. Refuses a draft out of date with the inbox: run nightly first.

Options:
  --year YYYY              the bulletin's year (required)
  --kind annual|ytd        default: annual when the year has an annual draft, else ytd
  --inbox DIR              the inbox the draft is checked against (default from config)
  --workspace DIR          (default from config)
  --json

Examples:
  trade-bulletin release --year 2025
  trade-bulletin release --year 2026 --kind ytd --json`,
  releases: `trade-bulletin releases: every release, verified against its manifest

Exit 1 when a release's files no longer match its manifest.

Options:
  --workspace DIR, --json`,
  forget: `trade-bulletin forget NAME: retract the rows of a file removed from the inbox

A file removed from the inbox keeps its rows (with a warning on every run) until it is
forgotten. forget deletes the rows of every version of NAME, recomputes the figures and
rewrites the bulletins, and records the run in the history with the figures that moved.
It refuses (exit 2) a NAME still in the inbox or never loaded. NAME is the file's name as
the inbox had it, never a pattern.

Options: as for nightly; --as-of defaults to the as-of date of the last recorded run
  --dry-run                list the figures that would move; write nothing
  --json                   one JSON object describing the run on standard output

Examples:
  trade-bulletin forget values-2025-Q1.csv --dry-run
  trade-bulletin forget values-2025-Q1.csv --json > forget.json`,
  runs: `trade-bulletin runs [show ID]: the run history recorded in the warehouse

Options:
  --workspace DIR          (default from config)
  --json

Examples:
  trade-bulletin runs
  trade-bulletin runs show 12 --json`,
  config: `trade-bulletin config: print the effective configuration (config file + flags)

Options:
  --config FILE, --json, and any run option to see its effect`,
  doctor: `trade-bulletin doctor: check Node, Chromium, fonts, the workspace and its warehouse

Says what is missing and how to fix it; exit 1 when something needed is missing.`,
};

/**
 * Command-line parsing with node:util parseArgs. Produces validated
 * `CliOptions` or throws a UsageError that names the offending option.
 */
import { parseArgs } from 'node:util';
import type { Severity } from '../engine/types';
import { UsageError } from './errors';

export type OutputFormat = 'text' | 'json' | 'sarif';
export type FailOn = Severity | 'none';
export type FixMode = 'off' | 'apply' | 'dry-run';

export interface CliOptions {
  /** Files and directories to analyse, as given (relative to cwd). */
  paths: string[];
  format: OutputFormat;
  output?: string;
  config?: string;
  /** Fail when more warnings than this are reported. */
  maxWarnings?: number;
  failOn: FailOn;
  quiet: boolean;
  /** false when --no-color was given; otherwise decided by the terminal. */
  color: boolean;
  fix: FixMode;
  /** --cache: reuse the facts of unchanged files from the cache file. */
  cache: boolean;
  /** --cache-location: the cache file, or a directory to keep `.pgpoolguardcache` in. */
  cacheLocation?: string;
  /** --concurrency was given: accepted for old scripts, ignored with a warning. */
  concurrencyIgnored?: string;
  stdin: boolean;
  stdinFilename?: string;
  help: boolean;
  version: boolean;
}

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'none'];

export const HELP_TEXT = `Usage: pg-pool-guard [options] [paths...]

Finds node-postgres (pg) Client objects shared at module scope and used from
concurrent code (route handlers, event handlers, Promise.all ...).
Paths default to the current directory; directories are scanned recursively.

Options:
  --format <text|json|sarif>   Report format (default: text)
  -o, --output <file>          Write the report to a file instead of stdout
  -c, --config <file>          JSON config file (default: ./.pgpoolguardrc.json if present)
                               { "rules": { "shared-client": "error" | "warning" | "info" | "off" },
                                 "pgModules": ["pg", ...], "exclude": ["glob", ...] }
  --fail-on <level>            Exit 1 when a finding at or above this severity is
                               reported: error, warning, info or none (default: warning)
  --max-warnings <n>           Exit 1 when more than n warnings are reported
                               (warnings up to n then pass; errors still fail)
  --quiet                      Report errors only
  --no-color                   Disable colors (also honours NO_COLOR)
  --fix                        Rewrite shared Clients to a Pool where it is safe
  --fix-dry-run                Show the rewrites --fix would make, change nothing
  --cache                      Reuse the analysis of unchanged files from the last
                               --cache run (default file: ./.pgpoolguardcache)
  --cache-location <path>      Cache file, or a directory to keep it in
  --stdin                      Analyse source text read from stdin
  --stdin-filename <path>      Path to report for stdin text (default: stdin.ts);
                               paths given with --stdin are analysed as context
  -v, --version                Print the version
  -h, --help                   Print this help

Exit codes:
  0  nothing at or above the --fail-on threshold (and --max-warnings not exceeded)
  1  findings at or above the threshold, or too many warnings
  2  usage error, bad config, or internal error (DEBUG=pg-pool-guard prints the stack)

Examples:
  pg-pool-guard src
  pg-pool-guard --format sarif --output pg-pool-guard.sarif .
  pg-pool-guard --fail-on error --max-warnings 10
  cat src/db.ts | pg-pool-guard --stdin --stdin-filename src/db.ts src
`;

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${option} must be one of ${allowed.join(', ')} (got "${value}")`);
}

function nonNegativeInteger(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--${option} must be a non-negative integer (got "${value}")`);
  return Number(value.trim());
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        'max-warnings': { type: 'string' },
        'fail-on': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        'no-color': { type: 'boolean' },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        concurrency: { type: 'string' },
        stdin: { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    // parseArgs messages already name the option; drop Node's error-code noise.
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  if (v.fix && v['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run cannot be used together');
  if (v['stdin-filename'] !== undefined && !v.stdin) throw new UsageError('--stdin-filename needs --stdin');
  for (const name of ['output', 'config', 'stdin-filename', 'cache-location'] as const) {
    if (v[name] !== undefined && v[name]!.trim() === '') throw new UsageError(`--${name} needs a non-empty value`);
  }
  return {
    paths: parsed.positionals,
    format: oneOf('format', v.format, FORMATS, 'text'),
    output: v.output,
    config: v.config,
    maxWarnings: nonNegativeInteger('max-warnings', v['max-warnings']),
    failOn: oneOf('fail-on', v['fail-on'], FAIL_ON, 'warning'),
    quiet: v.quiet ?? false,
    color: !v['no-color'],
    fix: v.fix ? 'apply' : v['fix-dry-run'] ? 'dry-run' : 'off',
    cache: v.cache ?? false,
    cacheLocation: v['cache-location'],
    concurrencyIgnored: v.concurrency,
    stdin: v.stdin ?? false,
    stdinFilename: v['stdin-filename'],
    help: v.help ?? false,
    version: v.version ?? false,
  };
}

/**
 * The CLI from argv to exit code, with all I/O passed in so it can run
 * in-process in tests as well as from main.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { WorkspaceApi } from '../engine/api';
import { generatedNotice } from '../engine/generated-paths';
import type { FileNotice } from '../engine/types';
import { isSourceFileName, toForwardSlashes } from '../shared/discovery';
import { optionsKey } from '../shared/facts-cache';
import { hashText } from '../shared/text-hash';
import { HELP_TEXT, parseCliArgs, type CliOptions } from './args';
import { analyse, sourceReader } from './analyse';
import { cacheFilePath, readCacheFile, writeCacheFile } from './cache-file';
import { ANSI, PLAIN, useColor } from './colors';
import { loadConfig } from './config';
import type { CliEngine } from './engine';
import { UsageError } from './errors';
import { EXIT_USAGE, exitCodeFor } from './exitCode';
import { collectFiles } from './files';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { escapeControlCharacters, formatText } from './formatters/text';
import { buildReport, countSeverities, type Report } from './report';

/** FixAbortedError's code (fix-command.ts is loaded lazily, only for --fix). */
const FIX_ABORTED = 'PG_POOL_GUARD_FIX_ABORTED';

export interface OutStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: OutStream;
  stderr: OutStream;
  readStdin(): Promise<string>;
}

const DEFAULT_STDIN_FILENAME = 'stdin.ts';

export async function runCli(argv: readonly string[], io: CliIo, engine: CliEngine): Promise<number> {
  try {
    return await runOrThrow(argv, io, engine);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`pg-pool-guard: ${err.message}\n`);
      return EXIT_USAGE;
    }
    const debug = (io.env.DEBUG ?? '').split(',').some((d) => d.trim() === 'pg-pool-guard' || d.trim() === '*');
    const detail = err instanceof Error ? (debug && err.stack ? err.stack : err.message) : String(err);
    io.stderr.write(`pg-pool-guard: internal error: ${detail}\n`);
    if (!debug) io.stderr.write('(run with DEBUG=pg-pool-guard for the stack trace)\n');
    return EXIT_USAGE;
  }
}

async function runOrThrow(argv: readonly string[], io: CliIo, engine: CliEngine): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`${err.message}\nRun "pg-pool-guard --help" for usage.`);
    throw err;
  }
  if (options.help) {
    io.stdout.write(HELP_TEXT);
    return 0;
  }
  if (options.version) {
    io.stdout.write(`${engine.version}\n`);
    return 0;
  }
  if (options.fix !== 'off' && !engine.fix) throw new UsageError('--fix is not available yet');
  if (options.fix !== 'off' && options.stdin) throw new UsageError('--fix and --fix-dry-run cannot be used with --stdin');

  const started = performance.now();
  const config = loadConfig(options.config, io.cwd, engine.rules.map((r) => r.id));
  const exclude = config.settings.exclude;
  const paths = options.paths.length > 0 || options.stdin ? options.paths : ['.'];
  const analyzeGeneratedFiles = config.settings.analyzeGeneratedFiles;
  const collected = await collectFiles(paths, io.cwd, exclude, { analyzeGeneratedFiles });
  for (const message of collected.skipped) io.stderr.write(`warning: ${escapeControlCharacters(message)}\n`);

  if (options.concurrencyIgnored !== undefined) {
    // Measured on 2 to 4 cores, worker threads never made a scan faster and cost 45–65 MB (README, Performance).
    io.stderr.write('warning: --concurrency is no longer supported and is ignored; the scan runs on one thread\n');
  }

  const override = options.stdin ? await stdinOverride(options, io) : undefined;
  const sources = override && !collected.sources.includes(override.file) ? [...collected.sources, override.file] : collected.sources;

  const readText = sourceReader(override);
  const engineOptions = { pgModules: config.settings.pgModules, drivers: config.settings.drivers, rules: config.settings.rules, analyzeGeneratedFiles };
  const workspace = engine.createWorkspace(engineOptions, toForwardSlashes(io.cwd), { readText, hashText });
  const cacheFile = options.cache ? cacheFilePath(io.cwd, options.cacheLocation) : undefined;
  if (cacheFile) engine.prepareCachedRun?.();
  const loaded = cacheFile ? readCacheFile(cacheFile, { engine: engine.identity, options: optionsKey(engineOptions) }) : undefined;
  if (loaded?.notice) io.stderr.write(`notice: ${escapeControlCharacters(path.relative(io.cwd, cacheFile!) || cacheFile!)}: ${loaded.notice}\n`);
  // The findings depend on the options and the display root too; --fix needs the engine's graph, so it never reuses a report.
  const reportKey = options.fix === 'off' ? JSON.stringify([engineOptions, toForwardSlashes(io.cwd)]) : undefined;
  const result = analyse(workspace, { sources, projectConfigs: collected.projectConfigs, override, cache: loaded?.cache, hashText, reportKey }, io.stderr);
  if (cacheFile && loaded) {
    const problem = writeCacheFile(cacheFile, loaded.cache, result.analysed);
    if (problem) io.stderr.write(`warning: ${escapeControlCharacters(path.relative(io.cwd, cacheFile) || cacheFile)}: ${problem}\n`);
  }
  let findings = result.findings;
  let patch: string | undefined;
  if (options.fix !== 'off') {
    const fixed = runFix(options.fix === 'dry-run', workspace, readText, io, engine, config.settings.connectionTimeoutMillis);
    if (fixed === 'aborted') return EXIT_USAGE;
    patch = fixed;
    findings = workspace.getFindings();
  }
  // With --stdin the user asked about one file; the rest is context.
  if (override) findings = findings.filter((f) => f.file === override!.file);
  const ms = Math.round(performance.now() - started);
  const generatedNotices: FileNotice[] = collected.generated.map(({ file, reason }) => ({ file, message: generatedNotice(reason), kind: 'generated' }));
  const notices = [...generatedNotices, ...result.notices];
  const report = buildReport(io.cwd, findings, notices, { files: result.files, ms }, options.quiet);

  for (const line of noticeLines(report.notices, notices)) io.stderr.write(`${line}\n`);
  if (patch !== undefined) {
    // Check mode: the report goes only to --output; exit 1 when there is something to rewrite.
    io.stdout.write(patch);
    if (options.output !== undefined) writeReport(report, options, io, engine);
    return patch === '' ? 0 : 1;
  }
  writeReport(report, options, io, engine);
  return exitCodeFor(countSeverities(report.findings), options.failOn, options.maxWarnings);
}

/** Notices for stderr: one line each, but skipped generated files summed up in one line when there are many. */
function noticeLines(shown: readonly { file: string; message: string }[], notices: readonly FileNotice[]): string[] {
  const generated = new Set(notices.filter((n) => n.kind === 'generated').map((n) => n.message));
  const isGenerated = (n: { message: string }) => generated.has(n.message);
  const skipped = shown.filter(isGenerated);
  const lines = (skipped.length > GENERATED_NOTICES_LISTED ? shown.filter((n) => !isGenerated(n)) : shown)
    .map((n) => `notice: ${escapeControlCharacters(n.file)}: ${escapeControlCharacters(n.message)}`);
  if (skipped.length > GENERATED_NOTICES_LISTED) {
    const examples = skipped.slice(0, 3).map((n) => escapeControlCharacters(n.file)).join(', ');
    lines.unshift(`notice: ${skipped.length} generated or vendored files skipped (vendor/ folders, *.min.js, @generated headers, minified code), e.g. ${examples}; set "analyzeGeneratedFiles": true in the config to analyse them`);
  }
  return lines;
}
/** Up to this many skipped generated files are listed one per line. */
const GENERATED_NOTICES_LISTED = 3;

/** The text to analyse in place of the --stdin-filename file. */
async function stdinOverride(options: CliOptions, io: CliIo): Promise<{ file: string; text: string }> {
  const name = options.stdinFilename ?? DEFAULT_STDIN_FILENAME;
  if (!isSourceFileName(name)) throw new UsageError(`--stdin-filename must name a JavaScript/TypeScript file (got "${name}")`);
  return { file: toForwardSlashes(path.resolve(io.cwd, name)), text: await io.readStdin() };
}

/**
 * Rewrite to a Pool. Returns the patch for a dry run ('' when nothing would
 * change), undefined after writing the files, 'aborted' when the files could
 * not be written as planned (said on stderr; nothing was changed unless it says so).
 */
function runFix(dryRun: boolean, workspace: WorkspaceApi, readText: (file: string) => string | undefined, io: CliIo, engine: CliEngine, connectionTimeoutMillis: number): string | undefined | 'aborted' {
  let fixed: ReturnType<NonNullable<CliEngine['fix']>>;
  try {
    fixed = engine.fix!({ workspace, readText, dryRun, cwd: io.cwd, connectionTimeoutMillis });
  } catch (err) {
    if ((err as { code?: unknown }).code !== FIX_ABORTED) throw err;
    io.stderr.write(`pg-pool-guard: --fix${dryRun ? '-dry-run' : ''}: ${(err as Error).message}\n`);
    return 'aborted';
  }
  // A dry run with changes puts the patch and its summary on stdout (git apply accepts it).
  if (dryRun && fixed.changedFiles.length > 0) return fixed.output;
  io.stderr.write(fixed.output);
  return dryRun ? '' : undefined;
}

function writeReport(report: Report, options: CliOptions, io: CliIo, engine: CliEngine): void {
  const toFile = options.output !== undefined;
  let text: string;
  if (options.format === 'json') text = formatJson(report);
  else if (options.format === 'sarif') text = formatSarif(report, { cwd: io.cwd, version: engine.version, rules: engine.rules });
  else text = formatText(report, !toFile && useColor(io.stdout.isTTY, options.color, io.env) ? ANSI : PLAIN);
  if (!toFile) {
    io.stdout.write(text);
    return;
  }
  const target = path.resolve(io.cwd, options.output!);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  } catch (err) {
    throw new UsageError(`cannot write report to ${options.output}: ${(err as Error).message}`);
  }
}

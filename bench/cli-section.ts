/**
 * CLI measurements on one workspace, alternating in one run (medians):
 *   cold scan (no cache)  vs  the bare parse of the same files (parse-only.cjs),
 *   peak RSS of the cold scan,
 *   warm `--cache` run with exactly one file changed since the cache was written,
 *   optionally `--concurrency 2` and ESLint for reference.
 * "One file changed": in a generated workspace the bench edits a real file
 * (and restores it); in a `--dir` it leaves the user's files alone and drops
 * that file's entry from the cache instead, which costs the tool the same.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, timeNode, type ProcessSample } from './measure';
import type { FileList } from './file-list';
import type { BenchRow } from './types';
import { cacheTextWithout } from '../server/src/shared/facts-cache';

const ROOT = join(__dirname, '..');
const CLI_BIN = join(ROOT, 'bin', 'pg-pool-guard.js');
const PARSE_ONLY = join(__dirname, 'parse-only.cjs');
const ESLINT_BIN = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

export interface CliSectionOptions {
  label: string;
  dir: string;
  list: FileList;
  rounds: number;
  /** Where the bench may keep its cache file and ESLint config. */
  scratch: string;
  /** File to edit between warm runs (workspace-relative); absent: drop a cache entry instead. */
  editFile?: string;
  /** Target for cold scan / bare parse. */
  coldTarget?: number;
  warmTarget?: number;
  rssTargetMb?: number;
  concurrency?: boolean;
  eslint?: boolean;
  /** Also time the cold scan with this config (the Pool rules off): their cost as a ratio. */
  poolRulesOff?: { config: string; target: number };
  /** Also time the cold scan of another build of the tool (an older revision's bin/pg-pool-guard.js). */
  before?: { label: string; bin: string; target: number };
}

export interface CliSectionResult {
  rows: BenchRow[];
  coldMs: number;
  parseMs: number;
  findings?: unknown[];
}

interface Series {
  name: string;
  samples: ProcessSample[];
  problems: string[];
}

const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v).toLocaleString('en-US')} ms` : 'n/a');
const mb = (kb: number) => (Number.isFinite(kb) ? `${Math.round(kb / 1024)} MB` : 'n/a');
const fmt = (label: string, v: number) => (Number.isFinite(v) ? `${label} = ${v.toFixed(2)}` : `${label} = n/a`);

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}

/**
 * `atLeast`: the revision before the detection work analyses vendored and
 * generated files too (it had no skipping), so it may scan more files than
 * the list; that extra work is part of what it costs a user.
 */
function cliProblem(sample: ProcessSample, files: number, atLeast = false): string | undefined {
  if (sample.exitCode !== 0 && sample.exitCode !== 1) return `exit ${sample.exitCode}: ${sample.stderrTail.slice(-600)}`;
  const report = parseJson(sample.stdout) as { findings?: unknown; stats?: { files?: unknown } } | undefined;
  if (!report || !Array.isArray(report.findings)) return `no JSON report: ${(sample.stdout ?? '').slice(0, 200)} ${sample.stderrTail.slice(-400)}`;
  const scanned = report.stats?.files;
  if (atLeast ? !(typeof scanned === 'number' && scanned >= files) : scanned !== files) return `scanned ${String(report.stats?.files)} files, expected ${files}`;
  return undefined;
}

function record(series: Series, sample: ProcessSample, problem: string | undefined): void {
  if (problem) series.problems.push(problem);
  delete sample.stdout;
  series.samples.push(sample);
}

function medianOf(series: Series, pick: (s: ProcessSample) => number | undefined): number {
  return series.problems.length > 0 ? NaN : median(series.samples.map((s) => pick(s) ?? NaN));
}

function log(series: Series, round: number, sample: ProcessSample): void {
  const cpu = sample.cpuMs !== undefined ? `, CPU ${ms(sample.cpuMs)}` : '';
  const rss = sample.maxRssKb ? `, peak RSS ${mb(sample.maxRssKb)}` : '';
  console.error(`  round ${round} ${series.name}: ${ms(sample.wallMs)}${cpu}${rss}, exit ${sample.exitCode}`);
}

/**
 * Drop one file's entry from the CLI cache file, as if that file had changed (server/src/shared/facts-cache.ts
 * `cacheTextWithout`: the entry lines, and the body hash in the header, which must match what is left).
 */
function forgetOneCacheEntry(cachePath: string, dir: string, file: string): void {
  const edited = cacheTextWithout(readFileSync(cachePath, 'utf8'), new Set([join(dir, file), file]));
  if (!edited || edited.dropped === 0) console.error(`  bench: ${file} has no entry in ${cachePath}; the warm run changes nothing`);
  if (edited) writeFileSync(cachePath, edited.text);
}

export async function runCliSection(options: CliSectionOptions): Promise<CliSectionResult> {
  const { dir, list, rounds, label } = options;
  const files = list.files.length;
  const cachePath = join(options.scratch, `cli-cache-${label.replace(/\W+/g, '-')}.json`);
  rmSync(cachePath, { force: true });
  const cold: Series = { name: `${label}: CLI cold scan`, samples: [], problems: [] };
  const parse: Series = { name: `${label}: bare parse`, samples: [], problems: [] };
  const warm: Series = { name: `${label}: CLI --cache, 1 file changed`, samples: [], problems: [] };
  const warmMoved: Series = { name: `${label}: CLI --cache, a statement typed at the top of 1 file`, samples: [], problems: [] };
  const threads: Series = { name: `${label}: CLI --concurrency 2`, samples: [], problems: [] };
  const eslint: Series = { name: `${label}: ESLint`, samples: [], problems: [] };
  const before: Series = { name: `${label}: CLI cold scan, ${options.before?.label ?? 'before'}`, samples: [], problems: [] };
  const rulesOff: Series = { name: `${label}: CLI cold scan, Pool rules off`, samples: [], problems: [] };
  const cliArgs = ['--format', 'json', '--fail-on', 'none', '.'];
  const runCli = (extra: string[] = []) => timeNode([CLI_BIN, ...extra, ...cliArgs], dir, true);
  const cacheArgs = ['--cache', '--cache-location', cachePath];
  let findings: unknown[] | undefined;

  const editPath = options.editFile ? join(dir, options.editFile) : undefined;
  const original = editPath ? readFileSync(editPath, 'utf8') : undefined;
  try {
    // Prime the cache once, unmeasured.
    const primed = await runCli(cacheArgs);
    const primeProblem = cliProblem(primed, files) ?? (existsSync(cachePath) ? undefined : 'no cache file written');
    if (primeProblem) warm.problems.push(`priming: ${primeProblem}`);
    for (let round = 1; round <= rounds; round++) {
      const c = await runCli();
      if (round === 1) findings = (parseJson(c.stdout) as { findings?: unknown[] } | undefined)?.findings;
      record(cold, c, cliProblem(c, files));
      log(cold, round, c);
      const p = await timeNode([PARSE_ONLY, list.path], dir, true);
      const out = parseJson(p.stdout) as { files?: number } | undefined;
      record(parse, p, p.exitCode !== 0 ? `exit ${p.exitCode}: ${p.stderrTail}` : out?.files !== files ? `parsed ${String(out?.files)} files` : undefined);
      log(parse, round, p);
      if (warm.problems.length === 0) {
        if (editPath) writeFileSync(editPath, `${original}// bench edit ${round}\n`);
        else forgetOneCacheEntry(cachePath, dir, list.files[Math.floor(list.files.length / 2)]);
        const w = await runCli(cacheArgs);
        record(warm, w, cliProblem(w, files));
        log(warm, round, w);
        if (editPath) {
          // A comment at the end moves no span, and the cache may reuse the whole report for it; typing code does not.
          writeFileSync(editPath, `const benchEdit${round} = ${round};\n${original}`);
          const m = await runCli(cacheArgs);
          record(warmMoved, m, cliProblem(m, files));
          log(warmMoved, round, m);
        }
      }
      if (options.before) {
        const o = await timeNode([options.before.bin, ...cliArgs], dir, true);
        record(before, o, cliProblem(o, files, true));
        log(before, round, o);
      }
      if (options.poolRulesOff) {
        const o = await runCli(['-c', options.poolRulesOff.config]);
        record(rulesOff, o, cliProblem(o, files));
        log(rulesOff, round, o);
      }
      if (options.concurrency) {
        const t = await runCli(['--concurrency', '2']);
        record(threads, t, cliProblem(t, files));
        log(threads, round, t);
      }
      if (options.eslint) {
        const config = writeEslintConfig(options.scratch);
        const e = await timeNode([ESLINT_BIN, '--config', config, '--no-warn-ignored', '--format', 'json', ...list.files], dir, true);
        const results = parseJson(e.stdout);
        record(eslint, e, e.exitCode !== 0 && e.exitCode !== 1 ? `exit ${e.exitCode}: ${e.stderrTail}` : !Array.isArray(results) ? 'no JSON' : results.length !== files ? `linted ${results.length}` : undefined);
        log(eslint, round, e);
      }
    }
  } finally {
    if (editPath && original !== undefined) writeFileSync(editPath, original);
    rmSync(cachePath, { force: true });
  }

  for (const s of [cold, parse, warm, warmMoved, threads, eslint, rulesOff, before]) {
    if (s.problems.length > 0) console.error(`\n${s.name} failed ${s.problems.length} times; last problem:\n${s.problems[s.problems.length - 1]}`);
  }
  const coldMs = medianOf(cold, (s) => s.wallMs);
  const parseMs = medianOf(parse, (s) => s.wallMs);
  const warmMs = medianOf(warm, (s) => s.wallMs);
  const coldCpu = medianOf(cold, (s) => s.cpuMs);
  const parseCpu = medianOf(parse, (s) => s.cpuMs);
  const rssKb = medianOf(cold, (s) => s.maxRssKb);
  const coldRatio = coldMs / parseMs;
  const warmRatio = warmMs / coldMs;
  const describe = `${files.toLocaleString('en-US')} files, ${list.lines.toLocaleString('en-US')} lines`;
  const rows: BenchRow[] = [
    { measurement: `**${label}** (${describe}): (a) CLI cold scan`, value: ms(coldMs) },
    {
      measurement: `${label}: (b) bare \`ts.createSourceFile\` of the same files`,
      value: ms(parseMs),
      ratio: fmt('a/b', coldRatio),
      target: options.coldTarget !== undefined ? `a/b ≤ ${options.coldTarget}` : undefined,
      pass: options.coldTarget !== undefined ? coldRatio <= options.coldTarget : undefined,
    },
    { measurement: `${label}: CPU user+sys (a) / (b)`, value: `${ms(coldCpu)} / ${ms(parseCpu)}`, ratio: fmt('a/b', coldCpu / parseCpu) },
    {
      measurement: `${label}: (a) CLI peak RSS`,
      value: mb(rssKb),
      ratio: options.rssTargetMb !== undefined ? fmt('RSS/limit', rssKb / 1024 / options.rssTargetMb) : undefined,
      target: options.rssTargetMb !== undefined ? `≤ ${options.rssTargetMb} MB` : undefined,
      pass: options.rssTargetMb !== undefined ? rssKb / 1024 <= options.rssTargetMb : undefined,
    },
    {
      measurement: `${label}: (c) CLI \`--cache\`, one file changed${editPath ? ' (a comment appended)' : ' (its cache entry dropped)'}`,
      value: ms(warmMs),
      ratio: fmt('c/a', warmRatio),
      target: options.warmTarget !== undefined ? `c/a ≤ ${options.warmTarget}` : undefined,
      pass: options.warmTarget !== undefined ? warmRatio <= options.warmTarget : undefined,
    },
  ];
  // CPU time is what a loaded machine distorts least (the warm runs are mostly one thread, the cold scan is not).
  const warmCpu = medianOf(warm, (s) => s.cpuMs);
  rows.push({ measurement: `${label}: CPU user+sys (c) / (a)`, value: `${ms(warmCpu)} / ${ms(coldCpu)}`, ratio: fmt('c/a', warmCpu / coldCpu) });
  if (editPath) {
    const movedCpu = medianOf(warmMoved, (s) => s.cpuMs);
    rows.push({ measurement: `${label}: CPU user+sys (c2) / (a)`, value: `${ms(movedCpu)} / ${ms(coldCpu)}`, ratio: fmt('c2/a', movedCpu / coldCpu) });
  }
  if (editPath) {
    const movedMs = medianOf(warmMoved, (s) => s.wallMs);
    const movedRatio = movedMs / coldMs;
    rows.push({
      measurement: `${label}: (c2) CLI \`--cache\`, a statement typed at the top of that file (every span below it moves)`,
      value: ms(movedMs),
      ratio: fmt('c2/a', movedRatio),
      target: options.warmTarget !== undefined ? `c2/a ≤ ${options.warmTarget}` : undefined,
      pass: options.warmTarget !== undefined ? movedRatio <= options.warmTarget : undefined,
    });
  }
  if (options.before) {
    const b = medianOf(before, (s) => s.wallMs);
    const target = options.before.target;
    rows.push({ measurement: `${label}: (a-) CLI cold scan at ${options.before.label}`, value: ms(b), ratio: fmt('a/a-', coldMs / b), target: `a/a- ≤ ${target}`, pass: coldMs / b <= target });
  }
  if (options.poolRulesOff) {
    const off = medianOf(rulesOff, (s) => s.wallMs);
    const target = options.poolRulesOff.target;
    rows.push({ measurement: `${label}: (a0) CLI cold scan, Pool rules off`, value: ms(off), ratio: fmt('a/a0', coldMs / off), target: `a/a0 ≤ ${target} (the Pool rules' cost)`, pass: coldMs / off <= target });
  }
  if (options.concurrency) {
    const t = medianOf(threads, (s) => s.wallMs);
    const tRss = medianOf(threads, (s) => s.maxRssKb);
    rows.push({ measurement: `${label}: CLI \`--concurrency 2\` (wall, peak RSS)`, value: `${ms(t)}, ${mb(tRss)}`, ratio: fmt('/a', t / coldMs) });
  }
  if (options.eslint) {
    const e = medianOf(eslint, (s) => s.wallMs);
    rows.push({ measurement: `${label}: ESLint 9 + @typescript-eslint/parser, 1 rule`, value: ms(e), ratio: fmt('/a', e / coldMs) });
  }
  return { rows, coldMs, parseMs, findings };
}

function writeEslintConfig(scratch: string): string {
  const path = join(scratch, 'eslint.config.mjs');
  writeFileSync(
    path,
    `import tsParser from '${join(ROOT, 'node_modules', '@typescript-eslint', 'parser', 'dist', 'index.js').split('\\').join('/')}';
export default [{
  files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs', '**/*.mts', '**/*.cts'],
  languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
  rules: { 'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Client']", message: 'pg Client: use a Pool' }] },
}];
`,
  );
  return path;
}

/**
 * `npm run bench`: generates the synthetic workspace if needed, then times in
 * one run, alternating (a, b, c) three times and taking medians:
 *   (a) the CLI full scan, (b) a bare TypeScript parse of the same files,
 *   (c) ESLint 9 + @typescript-eslint/parser with one no-restricted-syntax rule.
 * Prints a markdown table with targets; exits 0 even when a target is missed.
 * If bench/lsp.ts exists, its rows (language server latencies) are appended,
 * then the Pool rewrite's latency on examples/express-shop (bench/rewrite.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureWorkspace } from './generate';
import { median, timeNode, type ProcessSample } from './measure';
import { markdownTable } from './table';
import { rewriteBenchRows } from './rewrite';
import { deriveBenchRows } from './derive';
import type { BenchRow, LspBenchModule } from './types';
import { RULE_REGISTRY } from '../server/src/engine/rules/registry';

const POOL_RULE_IDS = RULE_REGISTRY.filter((rule) => rule.category === 'pool').map((rule) => rule.id);

const ROOT = join(__dirname, '..');
const BENCH_DIR = join(ROOT, '.bench');
const WORKSPACE = join(BENCH_DIR, 'workspace');
const CLI_BIN = join(ROOT, 'bin', 'pg-pool-guard.js');
const CLI_BUNDLE = join(ROOT, 'server', 'out', 'cli.js');
const ESLINT_BIN = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const ESLINT_CONFIG = join(BENCH_DIR, 'eslint.config.mjs');
/** BENCH_ROUNDS=1 gives a quick look while developing; the reported numbers use 3. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS) || 3);

const TARGETS = { cliOverParse: 1.5, eslintOverCli: 5, cliRssMb: 200, poolRulesOverhead: 1.1 };
/** The same scan with the Pool rules off: the per-file rule's hook does not run and the graph rules are skipped. */
const POOL_RULES_OFF_CONFIG = join(BENCH_DIR, 'pool-rules-off.json');

interface Measured {
  name: string;
  run: () => Promise<ProcessSample>;
  okExitCodes: number[];
  /** Returns a problem when stdout shows the child did not do the whole job. */
  checkOutput?: (stdout: string) => string | undefined;
  samples: ProcessSample[];
  problems: string[];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The CLI exits 1 both for "findings" and for a crash: require a real report covering every file. */
function checkCliReport(expectedFiles: number) {
  return (stdout: string): string | undefined => {
    const report = parseJson(stdout) as { findings?: unknown; stats?: { files?: unknown } } | undefined;
    if (!report || !Array.isArray(report.findings)) return `CLI printed no JSON report: ${stdout.slice(0, 200)}`;
    if (report.stats?.files !== expectedFiles) return `CLI scanned ${String(report.stats?.files)} files, expected ${expectedFiles}`;
    return undefined;
  };
}

/** ESLint's json format has one entry per linted file: make sure it linted all of them. */
function checkEslintOutput(expectedFiles: number) {
  return (stdout: string): string | undefined => {
    const results = parseJson(stdout);
    if (!Array.isArray(results)) return `ESLint printed no JSON results: ${stdout.slice(0, 200)}`;
    return results.length === expectedFiles ? undefined : `ESLint linted ${results.length} files, expected ${expectedFiles}`;
  };
}

function checkParseOutput(expectedFiles: number) {
  return (stdout: string): string | undefined => {
    const out = parseJson(stdout) as { files?: unknown } | undefined;
    return out?.files === expectedFiles ? undefined : `parse baseline read ${String(out?.files)} files, expected ${expectedFiles}`;
  };
}

function writeEslintConfig(): void {
  writeFileSync(
    ESLINT_CONFIG,
    `import tsParser from '@typescript-eslint/parser';

export default [
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
    rules: {
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Client']", message: 'pg Client: use a Pool' }],
    },
  },
];
`,
  );
}

function ensureCliBuilt(): void {
  if (existsSync(CLI_BUNDLE)) return;
  console.error('CLI bundle missing; building…');
  spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

async function loadLspBench(): Promise<LspBenchModule | undefined> {
  const path = join(__dirname, 'lsp.ts');
  if (!existsSync(path)) return undefined;
  const mod = (await import(pathToFileURL(path).href)) as Partial<LspBenchModule> & { default?: Partial<LspBenchModule> };
  const fn = mod.runLspBench ?? mod.default?.runLspBench;
  return typeof fn === 'function' ? { runLspBench: fn } : undefined;
}

function problem(m: Measured, s: ProcessSample): string | undefined {
  if (s.exitCode === null || !m.okExitCodes.includes(s.exitCode)) return `exit ${s.exitCode}: ${s.stderrTail}`;
  return m.checkOutput?.(s.stdout ?? '');
}

/** Records a sample, keeping only what is needed (a big stdout is checked and dropped). */
function record(m: Measured, sample: ProcessSample): void {
  const issue = problem(m, sample);
  if (issue) m.problems.push(issue);
  delete sample.stdout;
  m.samples.push(sample);
}

const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} ms` : 'n/a');
const ratio = (x: number, y: number) => x / y;
const fmtRatio = (label: string, v: number) => (Number.isFinite(v) ? `${label} = ${v.toFixed(2)}` : `${label} = n/a`);

async function main(): Promise<void> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const started = Date.now();
  const ws = ensureWorkspace(WORKSPACE);
  console.error(`workspace ready in ${Date.now() - started} ms: ${ws.files.length} files, ${ws.lines} lines`);
  ensureCliBuilt();
  writeEslintConfig();

  const cli: Measured = {
    name: '(a) CLI full scan',
    run: () => timeNode([CLI_BIN, '--format', 'json', WORKSPACE], ROOT, true),
    okExitCodes: [0, 1],
    checkOutput: checkCliReport(ws.files.length),
    samples: [],
    problems: [],
  };
  const parse: Measured = {
    name: '(b) bare ts.createSourceFile parse',
    run: () => timeNode([join(__dirname, 'parse-only.cjs'), WORKSPACE], ROOT, true),
    okExitCodes: [0],
    checkOutput: checkParseOutput(ws.files.length),
    samples: [],
    problems: [],
  };
  const eslint: Measured = {
    name: '(c) ESLint 9 + @typescript-eslint/parser, 1 rule',
    run: () => timeNode([ESLINT_BIN, '--config', ESLINT_CONFIG, '--no-warn-ignored', '--format', 'json', 'workspace'], BENCH_DIR, true),
    okExitCodes: [0, 1],
    checkOutput: checkEslintOutput(ws.files.length),
    samples: [],
    problems: [],
  };
  writeFileSync(POOL_RULES_OFF_CONFIG, JSON.stringify({ rules: Object.fromEntries(POOL_RULE_IDS.map((id) => [id, 'off'])) }));
  const cliWithoutPoolRules: Measured = {
    name: '(a0) CLI full scan, Pool rules off',
    run: () => timeNode([CLI_BIN, '--format', 'json', '-c', POOL_RULES_OFF_CONFIG, WORKSPACE], ROOT, true),
    okExitCodes: [0, 1],
    checkOutput: checkCliReport(ws.files.length),
    samples: [],
    problems: [],
  };
  const measured = [cli, parse, eslint, cliWithoutPoolRules];

  // Alternate (a, b, c) so machine noise spreads over all three.
  for (let round = 1; round <= ROUNDS; round++) {
    for (const m of measured) {
      const sample = await m.run();
      record(m, sample);
      const rss = sample.maxRssKb ? `, peak RSS ${Math.round(sample.maxRssKb / 1024)} MB` : '';
      const cpu = sample.cpuMs !== undefined ? `, CPU ${ms(sample.cpuMs)}` : '';
      console.error(`round ${round} ${m.name}: ${ms(sample.wallMs)}${cpu}${rss}, exit ${sample.exitCode}`);
    }
  }

  for (const m of measured) {
    if (m.problems.length > 0) console.error(`\n${m.name} failed ${m.problems.length}/${ROUNDS} times; last problem:\n${m.problems[m.problems.length - 1]}`);
  }

  const [a, b, c, a0] = measured.map((m) => (m.problems.length > 0 ? NaN : median(m.samples.map((s) => s.wallMs))));
  const [aCpu, bCpu, cCpu] = measured.map((m) => (m.problems.length > 0 ? NaN : median(m.samples.map((s) => s.cpuMs ?? NaN))));
  const rssKb = cli.problems.length > 0 ? NaN : median(cli.samples.map((s) => s.maxRssKb ?? NaN));
  const rssMb = rssKb / 1024;
  const aOverB = ratio(a, b);
  const cOverA = ratio(c, a);
  const rows: BenchRow[] = [
    { measurement: cli.name, value: ms(a) },
    { measurement: parse.name, value: ms(b), ratio: fmtRatio('a/b', aOverB), target: `a/b ≤ ${TARGETS.cliOverParse}`, pass: aOverB <= TARGETS.cliOverParse },
    { measurement: eslint.name, value: ms(c), ratio: fmtRatio('c/a', cOverA), target: `c/a ≥ ${TARGETS.eslintOverCli}`, pass: cOverA >= TARGETS.eslintOverCli },
    {
      measurement: 'CPU time user+sys (a) / (b) / (c), for reference',
      value: [aCpu, bCpu, cCpu].map(ms).join(' / '),
      ratio: `${fmtRatio('a/b', ratio(aCpu, bCpu))}, ${fmtRatio('c/a', ratio(cCpu, aCpu))}`,
    },
    {
      measurement: cliWithoutPoolRules.name,
      value: ms(a0),
      ratio: fmtRatio('a/a0', ratio(a, a0)),
      target: `a/a0 ≤ ${TARGETS.poolRulesOverhead} (the Pool rules' cost on a cold scan)`,
      pass: ratio(a, a0) <= TARGETS.poolRulesOverhead,
    },
    { measurement: '(a) CLI peak RSS', value: Number.isFinite(rssMb) ? `${Math.round(rssMb)} MB` : 'n/a', target: `≤ ${TARGETS.cliRssMb} MB`, pass: rssMb <= TARGETS.cliRssMb },
  ];

  const lsp = await loadLspBench();
  if (lsp) {
    try {
      rows.push(...(await lsp.runLspBench(WORKSPACE)));
    } catch (err) {
      rows.push({ measurement: 'LSP bench', value: `failed: ${err instanceof Error ? err.message : String(err)}`, pass: false });
    }
  }

  rows.push(...rewriteBenchRows());
  rows.push(...deriveBenchRows());

  console.log(`\nWorkspace: ${ws.files.length} files, ${ws.lines.toLocaleString('en-US')} lines (${ws.largeFile}: 2,000 lines). Medians of ${ROUNDS} alternating runs; wall time includes node startup.\n`);
  console.log(markdownTable(rows));
  const missed = rows.filter((r) => r.pass === false);
  console.log(missed.length === 0 ? '\nAll targets met.' : `\nMISS: ${missed.map((r) => `${r.measurement} [${r.target ?? 'failed'}]`).join('; ')}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

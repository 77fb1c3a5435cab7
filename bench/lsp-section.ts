/**
 * Language-server measurements over a real stdio LSP connection to the built
 * server, alternating in one run:
 * - cold start: spawn → first workspace scan reported (empty storage);
 * - restart with a warm cache: the same, with the storage the previous
 *   server left behind (initializationOptions.storagePath, as VS Code's
 *   context.storageUri);
 * - the server's peak RSS (VmHWM, worker threads included);
 * - didChange → publishDiagnostics on a 2,000-line module (a comment after its
 *   last statement, and a statement typed mid-file), against a bare parse of
 *   the same text (parse-baseline.ts: warmed up, in a worker thread like the
 *   server's parse, the same way for both rows).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileUri, LspTestClient, waitFor } from '../test/lsp/harness';
import { median } from './measure';
import { ParseBaseline } from './parse-baseline';
import type { BenchRow } from './types';

const EDITS = 30;
/** Untimed edits of each kind before the timed ones (the baseline parses the text WARM_UP_PARSES times first). */
const WARM_UP_EDITS = 3;

export interface LspSectionOptions {
  label: string;
  dir: string;
  rounds: number;
  /** Workspace-relative file to edit for the latency rows. */
  editFile?: string;
  restartTarget?: number;
  rssTargetMb?: number;
  editTarget?: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Peak (VmHWM) and current (VmRSS) resident set of a process, in MB. */
export function memoryMb(pid: number): { peak: number; current: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => {
      const line = status.split('\n').find((l) => l.startsWith(`${name}:`));
      return line ? Number.parseInt(line.slice(name.length + 1).trim(), 10) / 1024 : NaN;
    };
    return { peak: field('VmHWM'), current: field('VmRSS') };
  } catch {
    return { peak: NaN, current: NaN };
  }
}

const fmtMs = (v: number) => (Number.isFinite(v) ? `${v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US')} ms` : 'n/a');
const fmt = (label: string, v: number) => (Number.isFinite(v) ? `${label} = ${v.toFixed(2)}` : `${label} = n/a`);

interface StartSample {
  ms: number;
  /** Until the facts are installed too (the same as ms unless the last run's report was published first). */
  installedMs: number;
  files: number;
  peakMb: number;
  state: string;
}

async function startAndScan(dir: string, storagePath: string, whileUp?: (client: LspTestClient) => Promise<void>): Promise<StartSample> {
  const started = performance.now();
  const client = await LspTestClient.start({ workspaceDir: dir, initializationOptions: { debounceMs: 0, storagePath } });
  try {
    const status = await client.waitForScan(0, 600_000);
    const ms = performance.now() - started;
    // A restart that published the last run's report installs the facts after it (code actions wait for them).
    let installedMs = ms;
    if (client.logs.some((l) => l.startsWith('Cached report: '))) {
      await waitFor(() => client.statuses.filter((s) => s.state !== 'analysing').length >= 2 || undefined, 'the status after the facts were installed', 600_000);
      installedMs = performance.now() - started;
    }
    if (whileUp) await whileUp(client);
    return { ms, installedMs, files: status.files, peakMb: memoryMb(client.child.pid!).peak, state: status.state };
  } finally {
    await client.stop();
  }
}

interface EditTimes {
  lsp: number[];
  parse: number[];
}

/**
 * Three kinds of edit, one after the other on the open document: a comment
 * line after the last statement (it moves no span, so the facts stay the
 * same), then a statement typed in the middle of the file, before half of
 * its declarations (every span below it moves: the facts change), then a
 * statement typed inside a function body there (between the statements of
 * a block: engine/inert-edit.ts statementRegion).
 * The bare parse of each edited text is timed right after its diagnostics
 * arrive, by one baseline warmed up before the first edit; the server gets
 * untimed edits of both kinds first, as its own warm-up.
 */
async function editLatency(client: LspTestClient, path: string): Promise<{ end: EditTimes; middle: EditTimes; inside: EditTimes }> {
  const uri = fileUri(path);
  let text = readFileSync(path, 'utf8');
  const opened = client.nextPublish(uri, (p) => p.version === 1);
  client.open(path, text);
  await opened;
  const baseline = new ParseBaseline();
  const lines = text.split('\n');
  const middleLine = lines.findIndex((line, i) => i > lines.length / 2 && line.startsWith('export '));
  // The first line of the first function body below the middle (each edit goes in above the one before).
  const insideLine = lines.findIndex((line, i) => i > middleLine && lines[i - 1].startsWith('export function ') && lines[i - 1].endsWith('{'));
  if (insideLine < 0) throw new Error(`${path}: no function body below line ${middleLine + 1} to type into`);
  const end: EditTimes = { lsp: [], parse: [] };
  const middle: EditTimes = { lsp: [], parse: [] };
  const inside: EditTimes = { lsp: [], parse: [] };
  try {
    await baseline.warmUp(path, text);
    // The server is warmed up too, as the baseline is: the first edits after an open run its edit path in V8's lower tiers.
    const untimed: EditTimes = { lsp: [], parse: [] };
    for (let i = 0; i < WARM_UP_EDITS; i++) text = await timedEdit(client, baseline, uri, path, text, lines.length - 1 + i, `// warm-up ${i}\n`, untimed);
    for (let i = 0; i < WARM_UP_EDITS; i++) text = await timedEdit(client, baseline, uri, path, text, middleLine, `console.log('warm-up ${i}');\n`, untimed);
    // Typed mid-file first, so the function body is below those lines by then: it starts WARM_UP_EDITS + EDITS lines lower.
    const bodyLine = insideLine + WARM_UP_EDITS + EDITS;
    // The last line, after the warm-up lines of both kinds.
    const endLine = lines.length - 1 + 2 * WARM_UP_EDITS;
    for (let i = 0; i < EDITS; i++) text = await timedEdit(client, baseline, uri, path, text, endLine + i, `// edit ${i}\n`, end);
    for (let i = 0; i < EDITS; i++) text = await timedEdit(client, baseline, uri, path, text, middleLine, `console.log('edit ${i}');\n`, middle);
    for (let i = 0; i < WARM_UP_EDITS; i++) text = await timedEdit(client, baseline, uri, path, text, bodyLine, `  console.log('warm-up ${i}');\n`, untimed);
    for (let i = 0; i < EDITS; i++) text = await timedEdit(client, baseline, uri, path, text, bodyLine, `  console.log('edit ${i}');\n`, inside);
  } finally {
    await baseline.stop();
  }
  // Closed unsaved, as an editor session ends: the server goes back to the disk's text, which the restart (e) finds.
  const closedPasses = client.logs.filter((l) => l.startsWith('Closed ')).length;
  client.close(uri);
  await waitFor(() => client.logs.filter((l) => l.startsWith('Closed ')).length > closedPasses || undefined, 'the pass after closing the edited document', 600_000);
  return { end, middle, inside };
}

/** Insert `insertion` at the start of `line`; the time to its diagnostics, and the baseline's bare parse of the new text. */
async function timedEdit(client: LspTestClient, baseline: ParseBaseline, uri: string, path: string, text: string, line: number, insertion: string, times: EditTimes): Promise<string> {
  const passes = client.logs.filter((l) => l.startsWith('Analysed ')).length;
  const t0 = performance.now();
  const version = client.change(uri, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: insertion }]);
  await client.nextPublish(uri, (p) => p.version === version);
  times.lsp.push(performance.now() - t0);
  const lines = text.split('\n');
  lines.splice(line, 0, insertion.slice(0, -1));
  const edited = lines.join('\n');
  // The server may publish before its pass ends (moved findings go out before the install): the baseline
  // parses once the pass has logged its line, so it never shares the cores with the rest of that pass.
  await waitFor(() => client.logs.filter((l) => l.startsWith('Analysed ')).length > passes || undefined, 'the pass of the edit', 600_000);
  times.parse.push(await baseline.time(path, edited));
  return edited;
}

export async function runLspSection(options: LspSectionOptions): Promise<BenchRow[]> {
  const { label, dir, rounds } = options;
  const cold: StartSample[] = [];
  const warm: StartSample[] = [];
  let edits: { end: EditTimes; middle: EditTimes; inside: EditTimes } | undefined;
  const problems: string[] = [];
  for (let round = 1; round <= rounds; round++) {
    const storagePath = mkdtempSync(join(tmpdir(), 'pgpg-bench-storage-'));
    try {
      const c = await startAndScan(dir, storagePath, round === 1 && options.editFile ? async (client) => void (edits = await editLatency(client, join(dir, options.editFile!))) : undefined);
      cold.push(c);
      console.error(`  round ${round} ${label}: LSP cold start ${fmtMs(c.ms)} (${c.files} files, ${c.state}), peak RSS ${Math.round(c.peakMb)} MB`);
      const w = await startAndScan(dir, storagePath);
      warm.push(w);
      console.error(`  round ${round} ${label}: LSP restart, warm cache ${fmtMs(w.ms)}, facts installed ${fmtMs(w.installedMs)} (${w.files} files, ${w.state}), peak RSS ${Math.round(w.peakMb)} MB`);
      if (w.files !== c.files) problems.push(`restart analysed ${w.files} files, cold start ${c.files}`);
    } finally {
      rmSync(storagePath, { recursive: true, force: true });
    }
  }
  if (problems.length > 0) console.error(`${label}: ${problems.join('; ')}`);
  const coldMs = median(cold.map((s) => s.ms));
  const warmMs = problems.length > 0 ? NaN : median(warm.map((s) => s.ms));
  const peakMb = Math.max(...cold.map((s) => s.peakMb), ...warm.map((s) => s.peakMb));
  const restartRatio = warmMs / coldMs;
  const rows: BenchRow[] = [
    { measurement: `${label}: (d) LSP cold start → first scan reported (${cold[0]?.files ?? '?'} files)`, value: fmtMs(coldMs) },
    {
      measurement: `${label}: (e) LSP restart with a warm cache → ready`,
      value: fmtMs(warmMs),
      ratio: fmt('e/d', restartRatio),
      target: options.restartTarget !== undefined ? `e/d ≤ ${options.restartTarget}` : undefined,
      pass: options.restartTarget !== undefined ? restartRatio <= options.restartTarget : undefined,
    },
    {
      measurement: `${label}: LSP server peak RSS (VmHWM, all threads)`,
      value: Number.isFinite(peakMb) ? `${Math.round(peakMb)} MB` : 'n/a',
      ratio: options.rssTargetMb !== undefined ? fmt('RSS/limit', peakMb / options.rssTargetMb) : undefined,
      target: options.rssTargetMb !== undefined ? `≤ ${options.rssTargetMb} MB` : undefined,
      pass: options.rssTargetMb !== undefined ? peakMb <= options.rssTargetMb : undefined,
    },
  ];
  const editRows = (times: EditTimes, f: string, g: string, what: string): BenchRow[] => {
    const lspP50 = percentile(times.lsp, 50);
    const parseP50 = percentile(times.parse, 50);
    const ratio = lspP50 / parseP50;
    return [
      {
        measurement: `${label}: (${f}) didChange → publishDiagnostics on ${options.editFile}, ${what}, p50 (p95 ${fmtMs(percentile(times.lsp, 95))})`,
        value: fmtMs(lspP50),
        ratio: fmt(`${f}/${g}`, ratio),
        target: options.editTarget !== undefined ? `${f}/${g} ≤ ${options.editTarget}` : undefined,
        pass: options.editTarget !== undefined ? ratio <= options.editTarget : undefined,
      },
      { measurement: `${label}: (${g}) bare parse of the edited text, p50`, value: fmtMs(parseP50) },
    ];
  };
  if (edits) {
    rows.push(
      ...editRows(edits.end, 'f', 'g', 'a comment line after the last statement (no span moves)'),
      ...editRows(edits.middle, 'f2', 'g2', 'a statement typed mid-file (every span below it moves)'),
      ...editRows(edits.inside, 'f3', 'g3', 'a statement typed inside a function body (between the statements of a block)'),
    );
  }
  return rows;
}

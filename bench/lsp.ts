/**
 * Language-server bench over a real stdio LSP connection to the built server
 * (initializationOptions { debounceMs: 0 }):
 * - startup: spawn → initial workspace scan reported `ok`;
 * - server RSS after startup (VmRSS from /proc), target ≤ 250 MB;
 * - didChange on the 2,000-line module → its publishDiagnostics, p50/p95 over
 *   30 edits, against a bare ts.createSourceFile of the same texts in this
 *   process (target p50 ≤ 1.5×);
 * - textDocument/codeAction latency p95, target ≤ 50 ms.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ts from 'typescript';
import { fileUri, LspTestClient } from '../test/lsp/harness';
import { LARGE_MODULE, type BenchRow } from './types';

const EDITS = 30;
const CODE_ACTION_REQUESTS = 60;
const TARGETS = { rssMb: 250, editOverParse: 1.5, codeActionP95Ms: 50 };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    for (const line of status.split('\n')) {
      if (line.startsWith('VmRSS:')) return Number.parseInt(line.slice('VmRSS:'.length).trim(), 10) / 1024;
    }
  } catch {
    // not Linux: reported as n/a
  }
  return NaN;
}

const fmtMs = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');

export async function runLspBench(workspaceDir: string): Promise<BenchRow[]> {
  const started = performance.now();
  const client = await LspTestClient.start({ workspaceDir, initializationOptions: { debounceMs: 0 } });
  try {
    const status = await client.waitForScan(0, 300000);
    const startupMs = performance.now() - started;
    const rss = rssMb(client.child.pid!);

    // Edit latency on the large module: append a comment to its last line, a new one each time.
    const largePath = join(workspaceDir, LARGE_MODULE);
    const largeUri = fileUri(largePath);
    let text = readFileSync(largePath, 'utf8');
    const opened = client.nextPublish(largeUri, (p) => p.version === 1);
    client.open(largePath, text);
    await opened;
    const lines = text.split('\n');
    const editLine = lines.length - 1;
    const lspMs: number[] = [];
    const parseMs: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const insertion = `// edit ${i}\n`;
      const t0 = performance.now();
      const version = client.change(largeUri, [{ range: { start: { line: editLine + i, character: 0 }, end: { line: editLine + i, character: 0 } }, text: insertion }]);
      await client.nextPublish(largeUri, (p) => p.version === version);
      lspMs.push(performance.now() - t0);
      const nextLines = text.split('\n');
      nextLines.splice(editLine + i, 0, insertion.slice(0, -1));
      text = nextLines.join('\n');
      const p0 = performance.now();
      ts.createSourceFile(largePath, text, ts.ScriptTarget.Latest, true);
      parseMs.push(performance.now() - p0);
    }

    // Code actions: over the first published diagnostic in the workspace (or the large file when none).
    const withFinding = [...client.diagnostics.values()].find((p) => p.diagnostics.length > 0);
    const target = withFinding
      ? { uri: withFinding.uri, range: withFinding.diagnostics[0].range, diagnostics: withFinding.diagnostics }
      : { uri: largeUri, range: { start: { line: 0, character: 0 }, end: { line: editLine, character: 0 } }, diagnostics: [] };
    const actionMs: number[] = [];
    for (let i = 0; i < CODE_ACTION_REQUESTS; i++) {
      const t0 = performance.now();
      await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: target.uri }, range: target.range, context: { diagnostics: target.diagnostics } });
      actionMs.push(performance.now() - t0);
    }

    const editP50 = percentile(lspMs, 50);
    const parseP50 = percentile(parseMs, 50);
    const editRatio = editP50 / parseP50;
    const actionP95 = percentile(actionMs, 95);
    return [
      { measurement: `(e) LSP startup scan (${status.files} files)`, value: fmtMs(startupMs) },
      { measurement: '(e) LSP server RSS after startup', value: Number.isFinite(rss) ? `${Math.round(rss)} MB` : 'n/a', target: `≤ ${TARGETS.rssMb} MB`, pass: rss <= TARGETS.rssMb },
      { measurement: `(f) didChange → publishDiagnostics on ${LARGE_MODULE}, p50`, value: fmtMs(editP50), ratio: `f/g = ${editRatio.toFixed(2)}`, target: `f/g ≤ ${TARGETS.editOverParse}`, pass: editRatio <= TARGETS.editOverParse },
      { measurement: '(f) didChange → publishDiagnostics, p95', value: fmtMs(percentile(lspMs, 95)) },
      { measurement: '(g) bare ts.createSourceFile of the same text, p50', value: fmtMs(parseP50) },
      { measurement: `(h) textDocument/codeAction p95 (${CODE_ACTION_REQUESTS} requests)`, value: fmtMs(actionP95), target: `≤ ${TARGETS.codeActionP95Ms} ms`, pass: actionP95 <= TARGETS.codeActionP95Ms },
    ];
  } finally {
    await client.stop();
  }
}

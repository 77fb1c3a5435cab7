/**
 * "No file under the size limit takes more than 2 s": every shape of
 * big-files.ts at just under the engine's limit, each analysed in its own
 * process (big-file-probe.ts), reporting the slowest.
 */
import { spawn } from 'node:child_process';
import { basename, join } from 'node:path';
import { buildSync } from 'esbuild';
import { MAX_PARSE_CHARS } from '../server/src/engine/parse';
import { BIG_SHAPES, ensureBigFiles } from './big-files';
import type { BenchRow } from './types';

const LIMIT_MS = 2000;
/** Kill a probe that runs away; its file counts as this slow. */
const PROBE_TIMEOUT_MS = 180_000;

interface ProbeResult {
  ms: number;
  parseMs: number;
  cpuMs: number;
  parseCpuMs: number;
  findings: number;
  notices: string[];
}

/**
 * The probe bundled as the CLI and the server are (esbuild, no tsx): the
 * code measured is the code that ships, without tsx's per-function helpers.
 */
function bundleProbe(scratch: string): string {
  const outfile = join(scratch, 'big-file-probe.cjs');
  buildSync({ entryPoints: [join(__dirname, 'big-file-probe.ts')], outfile, bundle: true, platform: 'node', target: 'node18', format: 'cjs', external: ['typescript'], logLevel: 'warning' });
  return outfile;
}

function probe(bundle: string, file: string): Promise<ProbeResult | string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle, file], { cwd: join(__dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), PROBE_TIMEOUT_MS);
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') return resolve(`killed after ${PROBE_TIMEOUT_MS} ms`);
      try {
        resolve(JSON.parse(out) as ProbeResult);
      } catch {
        resolve(`exit ${code}: ${err.slice(-400)}`);
      }
    });
  });
}

export async function runBigFilesSection(scratch: string): Promise<BenchRow[]> {
  // Just under the limit, so every file is analysed rather than skipped.
  const chars = MAX_PARSE_CHARS - 1024;
  const files = ensureBigFiles(join(scratch, 'big-files'), chars);
  const bundle = bundleProbe(scratch);
  let worst = { ms: -1, name: '', cpuMs: NaN, parseCpuMs: NaN };
  const failures: string[] = [];
  for (let i = 0; i < files.length; i++) {
    const result = await probe(bundle, files[i]);
    const name = BIG_SHAPES[i].name;
    if (typeof result === 'string') {
      failures.push(`${name}: ${result}`);
      console.error(`  big file ${basename(files[i])}: ${result}`);
      worst = { ms: Infinity, name, cpuMs: NaN, parseCpuMs: NaN };
      continue;
    }
    console.error(`  big file ${basename(files[i])} (${name}): ${result.ms} ms (bare parse ${result.parseMs} ms; CPU ${result.cpuMs} ms, bare parse ${result.parseCpuMs} ms), ${result.findings} findings${result.notices.length ? `, notices: ${result.notices.join('; ')}` : ''}`);
    if (result.ms > worst.ms) worst = { ms: result.ms, name: `${basename(files[i])}`, cpuMs: result.cpuMs, parseCpuMs: result.parseCpuMs };
  }
  const ratio = worst.ms / LIMIT_MS;
  return [
    {
      measurement: `(i) slowest of ${files.length} pathological files of ${(chars / 1024 / 1024).toFixed(1)} MB (engine limit ${MAX_PARSE_CHARS / 1024 / 1024} MB): ${worst.name}`,
      value: Number.isFinite(worst.ms)
        ? `${worst.ms.toLocaleString('en-US')} ms (CPU ${worst.cpuMs.toLocaleString('en-US')} ms; its bare parse ${worst.parseCpuMs.toLocaleString('en-US')} ms CPU, ${(worst.cpuMs / worst.parseCpuMs).toFixed(2)}×)`
        : failures.join('; '),
      ratio: Number.isFinite(ratio) ? `i/2 s = ${ratio.toFixed(2)}` : 'n/a',
      target: 'i/2 s ≤ 1',
      pass: ratio <= 1,
    },
  ];
}

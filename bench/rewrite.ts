/**
 * The Pool rewrite's latency on examples/express-shop (issue 7: p95 ≤ 200 ms):
 * the analysis once, then computePoolRewrite for the shared Client, in-process,
 * 10 warm-up runs and 50 measured ones.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace } from '../server/src/engine/workspace';
import { computePoolRewrite } from '../server/src/engine/fix';
import type { BenchRow } from './types';

const SHOP = join(__dirname, '..', 'examples', 'express-shop');
const TARGET_P95_MS = 200;

export function rewriteBenchRows(): BenchRow[] {
  const texts = new Map<string, string>();
  (function walk(dir: string): void {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules') continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.js')) texts.set(full, readFileSync(full, 'utf8'));
    }
  })(SHOP);
  const ws = new Workspace({ displayRoot: SHOP });
  for (const [file, text] of texts) ws.updateFile(file, text);
  const finding = ws.getFindings().find((f) => f.rule === 'shared-client');
  if (!finding) return [{ measurement: 'Pool rewrite, examples/express-shop', value: 'failed: no shared Client found', pass: false }];
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < 60; i++) {
    const started = process.hrtime.bigint();
    const cpuStarted = process.cpuUsage();
    const rewrite = computePoolRewrite(ws, finding, (p) => texts.get(p));
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    const cpu = process.cpuUsage(cpuStarted);
    cpuTimes.push((cpu.user + cpu.system) / 1e3);
    if (!rewrite?.preferred) return [{ measurement: 'Pool rewrite, examples/express-shop', value: `failed: ${rewrite?.reason ?? 'no rewrite'}`, pass: false }];
  }
  const measured = times.slice(10).sort((a, b) => a - b);
  const p95 = measured[Math.ceil(measured.length * 0.95) - 1];
  // Wall time on a shared machine is mostly waiting for a core: the CPU time says what the rewrite itself costs.
  const cpu = cpuTimes.slice(10).sort((a, b) => a - b);
  const cpuP50 = cpu[Math.floor(cpu.length / 2)];
  return [{ measurement: `Pool rewrite p95, examples/express-shop (${measured.length} runs, in-process; first run ${Math.round(times[0])} ms; CPU p50 ${cpuP50.toFixed(1)} ms)`, value: `${p95.toFixed(1)} ms`, target: `≤ ${TARGET_P95_MS} ms`, pass: p95 <= TARGET_P95_MS }];
}

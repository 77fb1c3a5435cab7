/**
 * Findings derivation after an edit that keeps imports and exports (what the
 * language server runs after each keystroke): CPU time over synthetic
 * graphs of 500 and 2,000 files, and their ratio — about 4 when the work is
 * linear. test/engine/graph-scale.test.ts asserts the linearity by counting
 * graph reads; the time is only measured here.
 */
import { deriveFindings } from '../server/src/engine/rules/index';
import { scaleFileFacts, scaleGraph } from '../test/helpers/scaleGraph';
import type { BenchRow } from './types';

const LINEAR_RATIO_TARGET = 5;

function medianDeriveCpuMs(files: number): number {
  const graph = scaleGraph(files);
  deriveFindings(graph, { rules: {} }, '/w');
  const samples: number[] = [];
  for (let round = 0; round < 7; round++) {
    graph.setFacts(scaleFileFacts(round * 7, files, round % 2 === 0));
    const started = process.cpuUsage();
    deriveFindings(graph, { rules: {} }, '/w');
    const used = process.cpuUsage(started);
    samples.push((used.user + used.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[3];
}

export function deriveBenchRows(): BenchRow[] {
  const small = medianDeriveCpuMs(500);
  const large = medianDeriveCpuMs(2000);
  const ratio = large / small;
  return [{
    measurement: 'findings derivation after an edit, synthetic graph: (d) 2,000 files / (d0) 500 files, CPU',
    value: `${large.toFixed(1)} ms / ${small.toFixed(1)} ms`,
    ratio: `d/d0 = ${ratio.toFixed(2)}`,
    target: `d/d0 ≤ ${LINEAR_RATIO_TARGET} (4× the files: linear work stays ≤ 4)`,
    pass: ratio <= LINEAR_RATIO_TARGET,
  }];
}

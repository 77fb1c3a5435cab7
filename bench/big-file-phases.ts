/**
 * Where one big file's analysis goes, phase by phase, in CPU milliseconds
 * of this process (less noisy than wall time on a shared machine): text
 * scan, parse, fact walk, graph install, findings. For profiling the shapes
 * of big-files.ts; `--repeat N` runs each phase N times and reports the least.
 * Usage: node --import tsx bench/big-file-phases.ts <file> [--repeat N]
 */
import { readFileSync } from 'node:fs';
import { parseFile } from '../server/src/engine/parse';
import { extractFacts } from '../server/src/engine/facts/index';
import { summarize } from '../server/src/engine/selection/summary';
import { ModuleGraph } from '../server/src/engine/graph/moduleGraph';
import { deriveFindings } from '../server/src/engine/rules/index';
import { DEFAULT_PG_MODULES, type EngineOptions } from '../server/src/engine/types';

const file = process.argv[2]!;
const repeatAt = process.argv.indexOf('--repeat');
const repeat = repeatAt > 0 ? Number(process.argv[repeatAt + 1]) : 1;
const text = readFileSync(file, 'utf8');
const options: EngineOptions = { pgModules: [...DEFAULT_PG_MODULES], rules: {} };

function cpuMs<T>(run: () => T): [T, number] {
  let best = Infinity;
  let result!: T;
  for (let i = 0; i < repeat; i++) {
    const start = process.cpuUsage();
    result = run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return [result, Math.round(best)];
}

const [, scanMs] = cpuMs(() => summarize(file, text));
const [parsed, parseMs] = cpuMs(() => parseFile(file, text));
const [facts, factsMs] = cpuMs(() => extractFacts(parsed.sourceFile!, options, undefined, file));
const [graph, graphMs] = cpuMs(() => {
  const g = new ModuleGraph();
  g.resolver.addFile(file);
  g.setFacts(facts);
  return g;
});
const [findings, findingsMs] = cpuMs(() => deriveFindings(graph, options, '/'));
process.stdout.write(JSON.stringify({ chars: text.length, scanMs, parseMs, factsMs, graphMs, findingsMs, nodes: facts.nodes.length, edges: facts.edges.length, calls: facts.calls.length, findings: findings.length }) + '\n');

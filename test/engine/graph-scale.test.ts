// Findings derivation is a graph walk over cached per-file tables: its work
// must grow linearly with the workspace. Counted, not timed (the time is
// `npm run bench`'s): every read the rules and the reach analysis make of
// the module graph is one unit, plus one per edge or file it hands back.
// Four times the files must cost about four times the reads; accidental
// quadratic work (a scan of every file per node) costs sixteen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveFindings } from '../../server/src/engine/rules/index';
import { scaleFileFacts, scaleGraph } from '../helpers/scaleGraph';
import { countingGraph } from '../helpers/countingGraph';

/** Graph reads of a derivation over `files` files, after an edit that keeps imports and exports. */
function derivationReads(files: number): number {
  const graph = scaleGraph(files);
  const first = deriveFindings(graph, { rules: {} }, '/w');
  assert.equal(first.length, 1);
  assert.equal(first[0].related.length, 5);

  graph.setFacts(scaleFileFacts(7, files, false));
  const { graph: counted, reads } = countingGraph(graph);
  const findings = deriveFindings(counted, { rules: {} }, '/w');
  assert.equal(findings.length, 1);
  return reads();
}

test('the work of a derivation grows linearly with the number of files', (t) => {
  const small = derivationReads(500);
  const large = derivationReads(2000);
  t.diagnostic(`graph reads: ${small} over 500 files, ${large} over 2000 files (${(large / small).toFixed(2)}×)`);
  assert.ok(small > 500, `the count sees the derivation's reads (${small})`);
  // Linear: 4×, with room for per-file constants; quadratic would be 16×.
  assert.ok(large <= small * 5, `4× the files cost ${(large / small).toFixed(2)}× the graph reads (${small} → ${large})`);
});

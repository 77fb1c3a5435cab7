/**
 * A module graph whose every read is counted, for tests that assert the WORK
 * of a derivation grows linearly (never its time): one unit per method call,
 * one per array element returned or item iterated, and `idCount` counts as
 * many units as it returns (a walk that reads it sizes an array of every node).
 */
import type { ModuleGraph } from '../../server/src/engine/graph/moduleGraph';

export function countingGraph(graph: ModuleGraph): { graph: ModuleGraph; reads: () => number } {
  let reads = 0;
  const counted = new Proxy(graph, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === 'idCount') reads += value as number;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        reads++;
        const result = value.apply(target, args);
        if (Array.isArray(result)) reads += result.length;
        else if (result && typeof result === 'object' && typeof (result as Iterator<unknown>).next === 'function' && Symbol.iterator in result) {
          return (function* () {
            for (const item of result as Iterable<unknown>) {
              reads++;
              yield item;
            }
          })();
        }
        return result;
      };
    },
  });
  return { graph: counted, reads: () => reads };
}

/**
 * "Which files may import this one?", from the files' candidate literals in specifier position
 * (summary.ts), resolved with the module graph's own resolver: F may import
 * G when one of F's candidates resolves to G from F. Every import, require,
 * dynamic import and re-export the engine sees has its specifier among F's
 * candidates, so this is a superset of the real import edges. Kept up to
 * date per file; recomputed in full only when the file set or a project
 * config changed (either can change any resolution).
 */
import type { ModuleResolver } from '../graph/resolve';

export class ImportIndex {
  private readonly strings = new Map<string, readonly string[]>();
  private readonly targets = new Map<string, string[]>();
  private readonly importers = new Map<string, Set<string>>();
  private stale = true;

  constructor(private readonly resolver: ModuleResolver) {}

  set(file: string, strings: readonly string[]): void {
    this.strings.set(file, strings);
    if (!this.stale) this.index(file);
  }

  remove(file: string): void {
    this.strings.delete(file);
    this.unindex(file);
  }

  /** The file set or a project config changed: every resolution may differ. */
  invalidate(): void {
    this.stale = true;
  }

  importersOf(file: string): ReadonlySet<string> {
    this.refresh();
    return this.importers.get(file) ?? EMPTY;
  }

  private refresh(): void {
    if (!this.stale) return;
    this.stale = false;
    this.targets.clear();
    this.importers.clear();
    for (const file of this.strings.keys()) this.index(file);
  }

  private index(file: string): void {
    this.unindex(file);
    const found: string[] = [];
    for (const candidate of this.strings.get(file) ?? []) {
      const target = this.resolver.resolve(candidate, file);
      if (target === undefined || target === file) continue;
      found.push(target);
      let set = this.importers.get(target);
      if (!set) this.importers.set(target, (set = new Set()));
      set.add(file);
    }
    if (found.length > 0) this.targets.set(file, found);
  }

  private unindex(file: string): void {
    for (const target of this.targets.get(file) ?? []) this.importers.get(target)?.delete(file);
    this.targets.delete(file);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

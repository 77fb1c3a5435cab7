/**
 * One engine per workspace folder, as vscode-eslint keeps one working
 * directory per folder: each folder has its own `pgModules`, and message
 * paths are relative to its own root. Files outside every folder (a document
 * opened from elsewhere) share one more engine whose messages are relative
 * to the common directory of its files. A file belongs to the innermost
 * folder that contains it; imports between folders are not followed.
 */
import type { WorkspaceApi } from '../engine/api';
import { toForwardSlashes } from '../shared/discovery';
import type { RewriteService } from './rewrite-service';

export interface FolderEngine {
  /** The folder's path, or '' for files outside every folder. */
  root: string;
  engine: WorkspaceApi;
  rewrites: RewriteService;
  pgModulesKey: string;
}

export type EngineFactory = () => { engine: WorkspaceApi; rewrites: RewriteService };

const OUTSIDE = '';

export class FolderEngines {
  private readonly byRoot = new Map<string, FolderEngine>();
  /** Longest first, so nested folders win. */
  private roots: string[] = [];

  constructor(private readonly create: EngineFactory) {}

  /** Set the folders; returns the engines of folders that went away (their files must be unpublished). */
  setRoots(roots: readonly string[]): FolderEngine[] {
    const wanted = new Set(roots.map((r) => toForwardSlashes(r)));
    const dropped: FolderEngine[] = [];
    for (const [root, entry] of this.byRoot) {
      if (root !== OUTSIDE && !wanted.has(root)) {
        dropped.push(entry);
        this.byRoot.delete(root);
      }
    }
    this.roots = [...wanted].sort((a, b) => b.length - a.length);
    return dropped;
  }

  /** The root whose engine analyses `path`. */
  rootOf(path: string): string {
    return this.roots.find((root) => path.startsWith(root.endsWith('/') ? root : `${root}/`)) ?? OUTSIDE;
  }

  /** The engine for `path`, created on first use. */
  of(path: string): FolderEngine {
    return this.forRoot(this.rootOf(path));
  }

  forRoot(root: string): FolderEngine {
    let entry = this.byRoot.get(root);
    if (!entry) {
      const created = this.create();
      entry = { root, ...created, pgModulesKey: '' };
      if (root !== OUTSIDE) entry.engine.setDisplayRoot?.(root);
      this.byRoot.set(root, entry);
    }
    return entry;
  }

  /** The engine `path` is in now, if any. */
  holding(path: string): FolderEngine | undefined {
    for (const entry of this.byRoot.values()) if (entry.engine.hasFile(path)) return entry;
    return undefined;
  }

  all(): FolderEngine[] {
    return [...this.byRoot.values()];
  }

  fileCount(): number {
    let count = 0;
    for (const entry of this.byRoot.values()) count += entry.engine.files().length;
    return count;
  }
}

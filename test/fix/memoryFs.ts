/**
 * An in-memory FixFileSystem for deterministic --fix safety tests: files are
 * bytes, every call is logged, and a test can make one operation fail or
 * change a file at a chosen moment.
 */
import type { FixFileSystem } from '../../server/src/cli/fix-command';

export type FsOperation = 'readFile' | 'writeFile' | 'rename' | 'remove';

export class MemoryFs implements FixFileSystem {
  readonly files = new Map<string, Buffer>();
  readonly log: string[] = [];
  /** Called before each operation; throw from it to make the operation fail. */
  before: (op: FsOperation, file: string) => void = () => undefined;

  constructor(initial: Record<string, string | Buffer> = {}) {
    for (const [file, content] of Object.entries(initial)) this.files.set(file, Buffer.from(content));
  }

  readFile(file: string): Uint8Array {
    this.before('readFile', file);
    this.log.push(`read ${file}`);
    const data = this.files.get(file);
    if (!data) throw Object.assign(new Error(`ENOENT: no such file, open '${file}'`), { code: 'ENOENT' });
    return Buffer.from(data);
  }

  writeFile(file: string, data: Uint8Array): void {
    this.before('writeFile', file);
    this.log.push(`write ${file}`);
    this.files.set(file, Buffer.from(data));
  }

  rename(from: string, to: string): void {
    this.before('rename', to);
    this.log.push(`rename ${from} -> ${to}`);
    const data = this.files.get(from);
    if (!data) throw new Error(`ENOENT: rename '${from}'`);
    this.files.set(to, data);
    this.files.delete(from);
  }

  remove(file: string): void {
    this.before('remove', file);
    this.log.push(`remove ${file}`);
    this.files.delete(file);
  }

  mode(): number | undefined {
    return 0o644;
  }

  realPath(file: string): string {
    return file;
  }

  text(file: string): string | undefined {
    return this.files.get(file)?.toString('utf8');
  }

  /** Files whose name marks them as --fix's temporary files. */
  temporaryFiles(): string[] {
    return [...this.files.keys()].filter((f) => f.endsWith('.tmp'));
  }
}

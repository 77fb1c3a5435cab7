/**
 * The files a bench baseline parses: exactly the CLI's own discovery
 * (extensions, skipped directories, .gitignore), written one per line so
 * the baseline process spends nothing on finding them.
 */
import { writeFileSync } from 'node:fs';
import { readFileSync, statSync } from 'node:fs';
import { collectFiles } from '../server/src/cli/files';

export interface FileList {
  /** Path of the list file (one absolute path per line). */
  path: string;
  files: string[];
  lines: number;
  bytes: number;
}

export async function writeFileList(dir: string, listPath: string): Promise<FileList> {
  const { sources } = await collectFiles(['.'], dir, []);
  writeFileSync(listPath, sources.join('\n') + '\n');
  let lines = 0;
  let bytes = 0;
  for (const file of sources) {
    bytes += statSync(file).size;
    const text = readFileSync(file, 'utf8');
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  }
  return { path: listPath, files: sources, lines, bytes };
}

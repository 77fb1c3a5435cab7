/**
 * Feeds files to the engine and collects findings. A tight synchronous read
 * loop: the engine parses each file once, so the CLI adds only the read.
 */
import * as fs from 'node:fs';
import type { WorkspaceApi } from '../engine/api';
import type { FileNotice, Finding } from '../engine/types';
import { Progress, type ProgressStream } from './progress';

/** Larger files are not even read: no generated bundle is worth the memory. */
export const MAX_READ_BYTES = 64 * 1024 * 1024;

export interface AnalysisInput {
  sources: readonly string[];
  projectConfigs: readonly string[];
  /** Text that replaces one file's content (from --stdin). */
  override?: { file: string; text: string };
}

export interface AnalysisResult {
  findings: Finding[];
  /** The text each analysed file was given (for the fixer). */
  texts: Map<string, string>;
  notices: FileNotice[];
  files: number;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function readTextFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function readSource(file: string, notices: FileNotice[]): string | undefined {
  let fd: number | undefined;
  try {
    // open + fstat + read on one descriptor: the same system calls readFileSync makes anyway.
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    if (size > MAX_READ_BYTES) {
      notices.push({ file, message: `file larger than ${MAX_READ_BYTES / 1024 / 1024} MB skipped` });
      return undefined;
    }
    return fs.readFileSync(fd, 'utf8');
  } catch (err) {
    notices.push({ file, message: `cannot read file: ${errorMessage(err)}` });
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export function analyse(workspace: WorkspaceApi, input: AnalysisInput, progressStream: ProgressStream): AnalysisResult {
  const notices: FileNotice[] = [];
  const texts = new Map<string, string>();
  for (const config of input.projectConfigs) {
    const text = readTextFile(config);
    if (text !== undefined) workspace.setProjectConfig(config, text);
  }
  const progress = new Progress(progressStream, input.sources.length);
  let analysed = 0;
  try {
    for (const file of input.sources) {
      const text = input.override?.file === file ? input.override.text : readSource(file, notices);
      if (text !== undefined) {
        texts.set(file, text);
        try {
          workspace.updateFile(file, text);
        } catch (err) {
          // One file the engine chokes on must not cost the user the rest of the report.
          notices.push({ file, message: `internal error while analysing this file: ${errorMessage(err)}` });
        }
      }
      analysed++;
      progress.update(analysed);
    }
    const findings = workspace.getFindings();
    return { findings, texts, notices: [...workspace.notices(), ...notices], files: analysed };
  } finally {
    progress.done();
  }
}

/**
 * An in-process stand-in for the engine: returns findings planted per file
 * path and records what the CLI handed it, so front-end behaviour (formats,
 * discovery, exit codes) is tested independently of the analysis.
 */
import type { WorkspaceApi } from '../../server/src/engine/api';
import type { EngineOptions, FileFacts, FileNotice, Finding, RuleId, Severity, SourceRange } from '../../server/src/engine/types';
import type { CliEngine } from '../../server/src/cli/engine';
import type { CliIo } from '../../server/src/cli/run';
import { runCli } from '../../server/src/cli/run';

export const FAKE_RULES = [
  { id: 'shared-client' as RuleId, defaultSeverity: 'warning' as Severity, description: 'A pg Client shared by concurrent code.', docsUrl: 'https://example.test/docs/rules/shared-client.md' },
  { id: 'shared-client-transaction' as RuleId, defaultSeverity: 'error' as Severity, description: 'A transaction on a shared Client.', docsUrl: 'https://example.test/docs/rules/shared-client-transaction.md' },
  { id: 'client-reuse' as RuleId, defaultSeverity: 'warning' as Severity, description: 'A Client reused after end().', docsUrl: 'https://example.test/docs/rules/client-reuse.md' },
];

export function range(line: number, character: number, endLine: number, endCharacter: number): SourceRange {
  return { start: { line, character }, end: { line: endLine, character: endCharacter }, offset: 0, length: 0 };
}

export interface FakeRecord {
  options?: EngineOptions;
  displayRoot?: string;
  files: Map<string, string>;
  projectConfigs: Map<string, string>;
}

/** `plant(file)` gives the findings to report when that absolute path was analysed. */
export function fakeEngine(plant: (file: string, text: string) => Finding[], notices: FileNotice[] = []): { engine: CliEngine; record: FakeRecord } {
  const record: FakeRecord = { files: new Map(), projectConfigs: new Map() };
  const engine: CliEngine = {
    rules: FAKE_RULES,
    version: '9.8.7',
    identity: 'fake-engine',
    createWorkspace(options, displayRoot) {
      record.options = options;
      record.displayRoot = displayRoot;
      const workspace: Partial<WorkspaceApi> = {
        setProjectConfig: (p, text) => void record.projectConfigs.set(p, text),
        updateFile: (p, text) => {
          record.files.set(p, text);
          return {} as FileFacts;
        },
        getFindings: () => {
          const findings = [...record.files].flatMap(([p, text]) => plant(p, text));
          return findings
            .filter((f) => options.rules[f.rule] !== 'off')
            .map((f) => ({ ...f, severity: (options.rules[f.rule] as Severity | undefined) ?? f.severity }));
        },
        notices: () => notices.filter((n) => record.files.has(n.file)),
      };
      return workspace as WorkspaceApi;
    },
  };
  return { engine, record };
}

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runInProcess(argv: string[], cwd: string, engine: CliEngine, options: { stdin?: string; env?: NodeJS.ProcessEnv; tty?: boolean } = {}): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd,
    env: options.env ?? {},
    stdout: { write: (t: string) => (stdout += t), isTTY: options.tty },
    stderr: { write: (t: string) => (stderr += t), isTTY: options.tty },
    readStdin: async () => options.stdin ?? '',
  };
  const code = await runCli(argv, io, engine);
  return { code, stdout, stderr };
}

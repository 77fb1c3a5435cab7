/**
 * `pg-pool-guard` entry point (bundled to server/out/cli.js): wires the real
 * engine and the process streams into runCli.
 */
import packageJson from '../../../package.json';
import { engineIdentity } from '../shared/engine-identity';
import type { CliEngine } from './engine';
import type { FixCommandInput, FixCommandResult } from './fix-command';
import type { RuleMeta } from './ruleMeta';
import { setFlagsFromString } from 'node:v8';
import { runCli } from './run';
import { cacheTypeScriptCode } from '../shared/typescript-code-cache';

// A short batch run: V8 would double the young generation's semi-spaces up to 2 × 16 MB, all of it resident
// to the end; kept at its start size, the pg-using bench's peak RSS is ~30 MB lower for a few % more scavenging.
// (V8 reads the factor whenever it grows the space; the language server keeps the default.)
setFlagsFromString('--semi-space-growth-factor=1');

/**
 * The engine is required on first use, so --help, --version and usage errors
 * answer without loading it; the rule registry (config validation, SARIF) and
 * the fixer are loaded apart from it. The engine itself loads the TypeScript
 * compiler only once a file names a driver module (engine/workspace.ts).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const workspaceModule = () => require('../engine/workspace') as typeof import('../engine/workspace');
const registryModule = () => require('../engine/rules/registry') as typeof import('../engine/rules/registry');
const fixModule = () => require('./fix-command') as typeof import('./fix-command');
/* eslint-enable @typescript-eslint/no-require-imports */

const engine: CliEngine = {
  createWorkspace: (options, displayRoot, host) => new (workspaceModule().Workspace)({ options, displayRoot, readText: host.readText, hashText: host.hashText }),
  get rules(): readonly RuleMeta[] {
    return registryModule().RULE_REGISTRY;
  },
  version: packageJson.version,
  identity: engineIdentity(),
  fix: (input: FixCommandInput): FixCommandResult => fixModule().runFixCommand(input),
  prepareCachedRun,
};

/** CliEngine.prepareCachedRun. */
function prepareCachedRun(): void {
  setFlagsFromString('--semi-space-growth-factor=2');
  cacheTypeScriptCode();
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

// A reader that goes away early (`| head`) is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

runCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr, readStdin }, engine).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`pg-pool-guard: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);

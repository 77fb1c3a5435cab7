/**
 * `pg-pool-guard` entry point (bundled to server/out/cli.js): wires the real
 * engine and the process streams into runCli.
 */
import { Workspace } from '../engine/workspace';
import { RULE_REGISTRY } from '../engine/rules/index';
import packageJson from '../../../package.json';
import type { CliEngine } from './engine';
import { runCli } from './run';

const engine: CliEngine = {
  createWorkspace: (options, displayRoot) => new Workspace({ options, displayRoot }),
  rules: RULE_REGISTRY,
  version: packageJson.version,
};

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

runCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr, readStdin }, engine).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`pg-pool-guard: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);

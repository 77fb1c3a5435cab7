// Runs every test/**/*.test.ts (except the editor suites under test/e2e).
// Usage: node scripts/run-tests.mjs [substring filter]
//
// Where the time went: `node --test` starts one process per file, and each
// spends ~2 s of CPU loading tsx and the TypeScript compiler before its first
// test — over a minute for 46 files on a 2-core machine. So the files run in
// two processes instead (scripts/test-group.cjs), side by side: one for the
// suites that mostly wait on other processes (language servers, PostgreSQL,
// the example apps), one for the in-process suites that keep a core busy.
// Each prints node's spec report; the last line is "N passed, N failed".
import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { spawn } from 'node:child_process';

const filter = process.argv[2] ?? '';
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (name === 'fixtures' || name === 'e2e' || name === 'node_modules') continue;
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith('.test.ts') && full.includes(filter)) files.push(full);
  }
})('test');
files.sort();
if (files.length === 0) {
  console.error(`no test files match "${filter}"`);
  process.exit(1);
}

const waitsOnProcesses = (file) => file.startsWith(`test${sep}lsp${sep}`) || file.startsWith(`test${sep}prove${sep}`);
const groups = [
  { name: 'language server and PostgreSQL suites', files: files.filter(waitsOnProcesses) },
  { name: 'in-process suites', files: files.filter((f) => !waitsOnProcesses(f)) },
].filter((g) => g.files.length > 0);

function runGroup(group) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '--test-reporter=spec', join('scripts', 'test-group.cjs'), ...group.files], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code, signal) => {
      const count = (label) => Number(new RegExp(`^ℹ ${label} (\\d+)$`, 'm').exec(output.replace(/\u001b\[[0-9;]*m/g, ''))?.[1] ?? 0);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`\n===== ${group.name}: ${group.files.length} files, ${seconds} s =====\n${output}`);
      resolve({ code: code ?? (signal ? 1 : 0), pass: count('pass'), fail: count('fail') + count('cancelled') });
    });
  });
}

for (const group of groups) console.log(`running ${group.name} (${group.files.length} files)…`);
const results = await Promise.all(groups.map(runGroup));
const pass = results.reduce((n, r) => n + r.pass, 0);
const fail = results.reduce((n, r) => n + r.fail, 0);
console.log(`\n${pass} passed, ${fail} failed`);
process.exit(results.every((r) => r.code === 0) && fail === 0 && pass > 0 ? 0 : 1);

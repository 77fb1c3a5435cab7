/**
 * Child process of the big-files section: analyses one file the way the CLI
 * does (Workspace.updateFile, then the findings), after a warm-up file so
 * the JIT state is that of a scan in progress. Prints
 * {"ms":N,"parseMs":N,"cpuMs":N,"parseCpuMs":N,"findings":N,"notices":[...]}
 * (wall, then CPU of this process: the machine is shared).
 * Usage: node --import tsx bench/big-file-probe.ts <file> (the bench runs it
 * bundled: big-files-section.ts)
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import ts from 'typescript';
import { Workspace } from '../server/src/engine/workspace';

const file = process.argv[2]!;
const warmUp = ["import { Client } from 'pg';", 'const db = new Client();'];
for (let i = 0; i < 3000; i++) warmUp.push(`export async function f${i}(id: string) { return (await db.query('SELECT $1', [id])).rows.map((r) => ({ ...r, i: ${i} })); }`);
const warm = new Workspace();
warm.updateFile('/warm/up.ts', warmUp.join('\n'));
warm.getFindings();

const text = readFileSync(file, 'utf8');
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / 1000);
};
const p0 = performance.now();
const c0 = process.cpuUsage();
ts.createSourceFile(file, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false);
const parseMs = performance.now() - p0;
const parseCpuMs = cpuMs(c0);
const started = performance.now();
const c1 = process.cpuUsage();
const workspace = new Workspace();
workspace.updateFile(file, text);
const findings = workspace.getFindings();
const ms = performance.now() - started;
const analysisCpuMs = cpuMs(c1);
process.stdout.write(JSON.stringify({ ms: Math.round(ms), parseMs: Math.round(parseMs), cpuMs: analysisCpuMs, parseCpuMs, findings: findings.length, notices: workspace.notices().map((n) => n.message) }) + '\n');

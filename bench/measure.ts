/**
 * Runs a command as a child process and measures its wall time and peak RSS.
 * Peak RSS comes from `/usr/bin/time -v` when available, else from a preload
 * that reports `process.resourceUsage().maxRSS` when the child exits.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const GNU_TIME = '/usr/bin/time';
const RSS_PRELOAD = join(__dirname, 'report-rss.cjs');
const RSS_MARKER = 'BENCH_MAX_RSS_KB=';
const CPU_MARKER = 'BENCH_CPU_US=';

export interface ProcessSample {
  wallMs: number;
  /** Peak resident set size in kilobytes, when it could be measured. */
  maxRssKb?: number;
  /** User + system CPU time in ms: far less sensitive than wall time to a busy machine. */
  cpuMs?: number;
  exitCode: number | null;
  /** Last part of stderr, for error messages. */
  stderrTail: string;
  /** Whole stdout, only when asked for (to check the child really did the work). */
  stdout?: string;
}

function keepTail(current: string, chunk: string, max = 64 * 1024): string {
  const joined = current + chunk;
  return joined.length > max ? joined.slice(joined.length - max) : joined;
}

function parseCpuMs(stderr: string): number | undefined {
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  if (user && sys) return (Number(user[1]) + Number(sys[1])) * 1000;
  const preload = new RegExp(`${CPU_MARKER}(\\d+)`).exec(stderr);
  return preload ? Number(preload[1]) / 1000 : undefined;
}

function parseRssKb(stderr: string): number | undefined {
  const gnu = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (gnu) return Number(gnu[1]);
  const preload = new RegExp(`${RSS_MARKER}(\\d+)`).exec(stderr);
  return preload ? Number(preload[1]) : undefined;
}

/** Runs `node <args>` in `cwd`; stdout is kept when `keepStdout`, else drained and discarded. */
export function timeNode(args: string[], cwd: string, keepStdout = false): Promise<ProcessSample> {
  const useGnuTime = existsSync(GNU_TIME);
  const command = useGnuTime ? GNU_TIME : process.execPath;
  const argv = useGnuTime ? ['-v', process.execPath, ...args] : ['-r', RSS_PRELOAD, ...args];
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    if (keepStdout) child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    else child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = keepTail(stderr, chunk)));
    child.on('error', (err) => resolve({ wallMs: NaN, exitCode: null, stderrTail: String(err) }));
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      // The child's own stderr, without /usr/bin/time's report.
      const own = useGnuTime && stderr.includes('\tCommand being timed:') ? stderr.slice(0, stderr.lastIndexOf('\tCommand being timed:')) : stderr;
      const sample: ProcessSample = { wallMs, maxRssKb: parseRssKb(stderr), cpuMs: parseCpuMs(stderr), exitCode: code, stderrTail: own.slice(-2000) };
      if (keepStdout) sample.stdout = stdout;
      resolve(sample);
    });
  });
}

export function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

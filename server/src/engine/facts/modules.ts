/** Classification of module specifiers: pg modules, Node builtins, everything else. */

const NODE_BUILTINS = new Set([
  'assert', 'assert/strict', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants',
  'crypto', 'dgram', 'diagnostics_channel', 'dns', 'dns/promises', 'domain', 'events', 'fs', 'fs/promises',
  'http', 'http2', 'https', 'inspector', 'module', 'net', 'os', 'path', 'path/posix', 'path/win32',
  'perf_hooks', 'process', 'punycode', 'querystring', 'readline', 'readline/promises', 'repl', 'stream',
  'stream/promises', 'stream/web', 'string_decoder', 'sys', 'timers', 'timers/promises', 'tls',
  'trace_events', 'tty', 'url', 'util', 'util/types', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib', 'test',
]);

export type SpecifierClass = 'pg' | 'builtin' | 'other';

export function classifySpecifier(specifier: string, pgModules: ReadonlySet<string>): SpecifierClass {
  if (pgModules.has(specifier)) return 'pg';
  if (specifier.startsWith('node:') || NODE_BUILTINS.has(specifier)) return 'builtin';
  return 'other';
}

/** `pg/lib/client`'s module value (and default export) IS the Client class. */
export function moduleIsClientClass(specifier: string): boolean {
  return specifier.endsWith('/client');
}

export const HTTP_MODULES = new Set(['http', 'https', 'http2', 'node:http', 'node:https', 'node:http2']);
export const TIMER_MODULES = new Set(['timers', 'node:timers']);

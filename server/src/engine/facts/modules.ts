/** Classification of module specifiers: driver modules, Node builtins, everything else. */
import type { CompiledDrivers } from './driverValues';

const NODE_BUILTINS = new Set([
  'assert', 'assert/strict', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants',
  'crypto', 'dgram', 'diagnostics_channel', 'dns', 'dns/promises', 'domain', 'events', 'fs', 'fs/promises',
  'http', 'http2', 'https', 'inspector', 'module', 'net', 'os', 'path', 'path/posix', 'path/win32',
  'perf_hooks', 'process', 'punycode', 'querystring', 'readline', 'readline/promises', 'repl', 'stream',
  'stream/promises', 'stream/web', 'string_decoder', 'sys', 'timers', 'timers/promises', 'tls',
  'trace_events', 'tty', 'url', 'util', 'util/types', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib', 'test',
]);

export type SpecifierClass = 'driver' | 'builtin' | 'other';

/** Driver modules carry driver values and builtins are never workspace files: only 'other' imports become graph nodes. */
export function classifySpecifier(specifier: string, drivers: CompiledDrivers): SpecifierClass {
  if (drivers.isDriverModule(specifier)) return 'driver';
  if (specifier.startsWith('node:') || NODE_BUILTINS.has(specifier)) return 'builtin';
  return 'other';
}


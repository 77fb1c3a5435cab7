/**
 * How the language server's process is started: by the VS Code client
 * (client/src/extension.ts), by the tests and the bench (test/lsp/harness.ts),
 * and in the README's setups for other editors (checked against this file).
 * Both settings cut resident memory only; on the bench's 10,000 files the
 * scan took as long with them as without (README Performance).
 *
 * - MALLOC_ARENA_MAX=2: glibc gives every thread that allocates (the facts
 *   worker, V8's compiler and GC threads) its own malloc arena and keeps
 *   what was freed in it resident; with two arenas the server's peak was
 *   ~35 MB lower. Other C libraries ignore the variable, and so may the
 *   allocator of VS Code desktop's Electron, whose Node runs the server
 *   there (code-server and other editors run plain Node; only those were
 *   measured).
 * - --max-semi-space-size=4 (MB): V8 grows the main thread's young
 *   generation to 2 × 16 MB during a scan and keeps it; the worker's is
 *   capped already (facts-worker.ts WORKER_LIMITS).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=4'];
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/**
 * How the language server's process is started: by the VS Code client
 * (client/src/extension.ts), by the tests and the bench (test/lsp/harness.ts),
 * and in the README's setups for other editors (checked against this file).
 * These settings cut resident memory only; on the bench's 10,000 files the
 * scan took as long with them as without (README Performance).
 *
 * - MALLOC_ARENA_MAX=2: glibc gives every thread that allocates (the facts
 *   worker, V8's compiler and GC threads) its own malloc arena and keeps
 *   what was freed in it resident; with two arenas the server's peak was
 *   ~35 MB lower. Other C libraries ignore the variable, and so may the
 *   allocator of VS Code desktop's Electron, whose Node runs the server
 *   there (code-server and other editors run plain Node; only those were
 *   measured).
 * - MALLOC_MMAP_THRESHOLD_=65536, MALLOC_TRIM_THRESHOLD_=131072: glibc
 *   raises its mmap threshold each time a large block is freed, so V8's
 *   parser and compiler zones (TypeScript's 3.6 MB script in each thread
 *   that loads it) end up in the heap and stay resident after they are
 *   freed. Fixed thresholds return them. Three alternating runs on the
 *   bench's pg-using workspace (cold scan, 30 edits, close): peak 223 MB
 *   median, against 231 without; scan time the same (3,516 / 3,524 ms).
 * - --max-semi-space-size=4 (MB): V8 grows the main thread's young
 *   generation to 2 × 16 MB during a scan and keeps it; the worker's is
 *   capped already (facts-worker.ts WORKER_LIMITS).
 * - --heap-growing-percent=20: after a full GC V8 lets the old generation
 *   grow by a factor it picks from the GC's speed, up to 2× and more on a
 *   small heap, so the scan's garbage (file texts read, facts received)
 *   piles up to well above the ~85 MB the main thread keeps; 1.2× collects
 *   it sooner. The flag is V8's, so the worker thread gets it too. Bench
 *   pg-using workspace, 3 alternating rounds each, 2026-12-07: cold-start
 *   peak 192–202 MB against 217–223 MB without; cold start 5,904 / 5,844 ms,
 *   warm restart 523 / 521 ms (the facts installed in 1,642 / 1,459 ms).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=4', '--heap-growing-percent=20'];
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '65536', MALLOC_TRIM_THRESHOLD_: '131072' };

/**
 * Last-resort cleanup for things the proof starts (PostgreSQL, app
 * processes, temp dirs). The normal path tears them down itself and
 * unregisters; these run only when the process exits early — on an
 * exception, SIGINT/SIGTERM, or a failed assertion. Each task must be
 * synchronous because the 'exit' event runs no further I/O callbacks.
 */
type Task = () => void;

const tasks = new Set<Task>();
let installed = false;

function runAll(): void {
  // Newest first: apps before the database, the database before its dir.
  for (const task of [...tasks].reverse()) {
    tasks.delete(task);
    try {
      task();
    } catch {
      // Best effort: one failing task must not keep the others from running.
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => {
      runAll();
      process.exit(code);
    });
  }
}

/** Register a synchronous cleanup task; returns a function that unregisters it. */
export function onEarlyExit(task: Task): () => void {
  install();
  tasks.add(task);
  return () => {
    tasks.delete(task);
  };
}

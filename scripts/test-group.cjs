// Loads the given test files into this one process (run by scripts/run-tests.mjs
// under `node --import tsx`). Synchronous requires register every test before
// node:test starts running them, so file-level hooks behave as with --test.
const { resolve } = require('node:path');

for (const file of process.argv.slice(2)) require(resolve(file));

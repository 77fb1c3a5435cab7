// The bare-parse baseline of the edit-latency rows (parse-baseline.ts): a
// worker thread that parses each text it is sent (bare-parse.cjs) and
// answers how long the parse took, nothing else.
'use strict';
const { parentPort } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const { bareParse } = require('./bare-parse.cjs');

parentPort.on('message', ({ id, path, text, times }) => {
  const ms = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    bareParse(path, text);
    ms.push(performance.now() - started);
  }
  parentPort.postMessage({ id, ms });
});

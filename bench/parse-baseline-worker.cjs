// The bare-parse baseline of the edit-latency rows (parse-baseline.ts): a
// worker thread that parses each text it is sent with the tool's own parse
// options and answers how long ts.createSourceFile took, nothing else.
'use strict';
const { parentPort } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const ts = require('typescript');

const OPTIONS = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

parentPort.on('message', ({ id, path, text, times }) => {
  const ms = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    ts.createSourceFile(path, text, OPTIONS, false, ts.ScriptKind.TS);
    ms.push(performance.now() - started);
  }
  parentPort.postMessage({ id, ms });
});

// Preloaded (NODE_OPTIONS=--require) into the built language server by lazy-typescript.test.ts: says on
// stderr, at exit, whether the server's main thread loaded the TypeScript compiler (server/out/typescript.js;
// the analysis worker loads it too, and is not counted).
'use strict';
const Module = require('node:module');
const { isMainThread } = require('node:worker_threads');
if (isMainThread) {
  const load = Module._load;
  let loaded = false;
  Module._load = function (request, ...rest) {
    if (/(^|\/)typescript(\.js)?$/.test(request)) loaded = true;
    return load.call(this, request, ...rest);
  };
  process.on('exit', () => process.stderr.write(`main thread loaded typescript: ${loaded}\n`));
}

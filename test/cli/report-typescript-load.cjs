// Preloaded (node --require) into the built CLI by lazy-typescript.test.ts: says on stderr, at exit, whether the process loaded the TypeScript compiler.
'use strict';
const Module = require('node:module');
const load = Module._load;
let loaded = false;
Module._load = function (request, ...rest) {
  if (request === 'typescript') loaded = true;
  return load.call(this, request, ...rest);
};
process.on('exit', () => process.stderr.write(`typescript loaded: ${loaded}\n`));

// The TypeScript module, bound once for a whole bundle (the typescriptOnce plugin in build.mjs points every
// `import … from 'typescript'` here). A plain `require`, not `import`: esbuild gives each ESM import of a
// CommonJS package a `__toESM` copy of its 2,244 exports, and an `export *` a second one (~25 ms of every
// start). The engine uses the default import only; a named import from 'typescript' fails the build here.
// eslint-disable-next-line no-undef
const ts = require('typescript');

export default ts;

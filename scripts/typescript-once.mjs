// The TypeScript module, bound once for a whole bundle (the typescriptOnce plugin in build.mjs points every
// `import … from 'typescript'` here): esbuild otherwise gives each importing module its own copy of the
// package's 2,244 exports.
import ts from 'typescript';

export default ts;
export * from 'typescript';

// Stand-in for @nestjs/common: decorators do nothing, except @Module, which
// records its metadata so the loader can run the providers' factories.
'use strict';
const modules = (globalThis.__pgPoolGuardNestModules ??= []);
const noop = () => () => undefined;
module.exports = new Proxy(
  {
    Module: (metadata) => (target) => {
      modules.push({ target, metadata });
    },
  },
  { get: (known, prop) => (prop in known ? known[prop] : prop === '__esModule' ? false : noop) },
);

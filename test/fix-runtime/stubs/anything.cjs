// Stand-in for a package the fixtures import but the repo does not install
// (discord.js, socket.io, node-cron …): every property, call and `new` gives
// the stand-in again, so module code runs; it is never a promise.
'use strict';
const handler = {
  get(target, prop) {
    if (prop === 'then' || prop === Symbol.toPrimitive || prop === Symbol.iterator || prop === 'toJSON') return undefined;
    if (prop === '__esModule') return false;
    if (prop === 'default') return stub;
    return stub;
  },
  apply() {
    return stub;
  },
  construct() {
    return stub;
  },
};
const stub = new Proxy(function stub() {}, handler);
module.exports = stub;

// ES-module side of fixture-loader.cjs's resolution: pg-compatible wrappers
// map to pg, packages the repo does not install to the stand-in.
import { pathToFileURL } from 'node:url';

let aliases = new Set();
let stub = '';

export async function initialize(data) {
  aliases = new Set(data.aliases);
  stub = pathToFileURL(data.stub).href;
}

export async function resolve(specifier, context, next) {
  if (aliases.has(specifier)) return next('pg', context);
  try {
    return await next(specifier, context);
  } catch (err) {
    const bare = !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.includes(':');
    if (err?.code === 'ERR_MODULE_NOT_FOUND' && bare) return { url: stub, shortCircuit: true };
    throw err;
  }
}

// Prepended (--extern-pre-js) to peakscope.mjs, at ES-module top level, outside the factory.
// Emscripten 3.1.6's loader calls require() and reads __dirname under Node, neither of which
// exists in an ES module; provide both there. Browsers and workers skip it (no top-level work).
// Node 20 also needs --no-experimental-fetch (its global fetch breaks this loader's wasm read).
const peakscopeIsNode = typeof process == 'object' && typeof process.versions == 'object' &&
                        typeof process.versions.node == 'string';
var require = peakscopeIsNode
    ? (await import('node:module')).createRequire(import.meta.url) : undefined;
var __dirname = peakscopeIsNode
    ? require('node:path').dirname(require('node:url').fileURLToPath(import.meta.url)) : '';

// --pre-js of peakscope.mjs (runs inside the factory, before the wasm is loaded).
// Under Node, this Emscripten (3.1.6) locates the .wasm as a file: URL that its Node reader cannot
// open, and tries Node 20's global fetch on plain paths ("Failed to parse URL"). Read the binary
// here instead, next to this module (or where the caller's locateFile says), so
// `await PeakScope()` works in Node with or without --no-experimental-fetch.
// `require` and `__dirname` come from api_node_shim.js (module top level).
if (typeof process == 'object' && typeof process.versions == 'object' &&
    typeof process.versions.node == 'string' && !Module['wasmBinary']) {
  var peakscopeWasmPath = Module['locateFile']
      ? Module['locateFile']('peakscope.wasm', __dirname + '/')
      : __dirname + '/peakscope.wasm';
  Module['wasmBinary'] = require('fs').readFileSync(peakscopeWasmPath);
}

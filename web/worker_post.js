// PeakScope compute worker: message loop, appended to peakscope_worker.js (--post-js). Each message
// names a job; replies (progress, table, result, error) are posted from worker_main.cpp.
//   {type:'points', version, n, d, points: Float64Array}   the data set to analyse (kept)
//   {type:'analyze', job, version, maxk, method, density, k, Z, idScaling}
//   {type:'parse', job, name, bytes: Uint8Array}           a file → {type:'table'} or an error
var psQueue = [];
var psReady = false;
function psHandle(m) {
  if (m.type === 'points') {
    var p = Module._ps_worker_points(m.version, m.n, m.d);
    HEAPF64.set(m.points, p >> 3);
  } else if (m.type === 'analyze') {
    Module._ps_worker_analyze(m.job, m.version, m.maxk, m.method, m.density, m.k, m.Z, m.idScaling);
  } else if (m.type === 'parse') {
    var p = Module._malloc(Math.max(1, m.bytes.length));
    HEAPU8.set(m.bytes, p);
    Module.ccall('ps_worker_parse', null, ['number', 'number', 'number', 'string'], [m.job, p, m.bytes.length, m.name]);
    Module._free(p);
  }
}
self.onmessage = function (e) {
  if (!psReady) { psQueue.push(e.data); return; }
  psHandle(e.data);
};
Module.onRuntimeInitialized = function () {
  psReady = true;
  while (psQueue.length) psHandle(psQueue.shift());
};

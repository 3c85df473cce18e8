// PeakScope compute worker: message loop, appended to peakscope_worker.js (--post-js). Each message
// names a job; replies (progress, table, result, error) are posted from main.cpp.
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
// Tutorial 2 (layers_jobs.cpp): 'layers*' messages; everything else as above.
//   {type:'layersFile', key, name, bytes}     an .npz/.npy kept under key → {type:'layersFileInfo'}
//   {type:'layersDrop', key}                  forget a file
//   {type:'layersWarmup'}                     run the pipeline on a small graph (wasm tier-up)
//   {type:'layersLabels', set, labels, macro} Int32Arrays per set (0 shipped, 1 own; macro may be null)
//   {type:'layersAnalyze', job, set, slot, ref, key, dist, index, act, scale, maxk} → {type:'layersResult'}
var psHandleBase = psHandle;
psHandle = function (m) {
  if (m.type === 'layersFile') {
    var p = Module._malloc(Math.max(1, m.bytes.length));
    HEAPU8.set(m.bytes, p);
    Module.ccall('ps_layers_file', null, ['number', 'number', 'string', 'string'], [p, m.bytes.length, m.key, m.name]);
    Module._free(p);
  } else if (m.type === 'layersWarmup') {
    Module._ps_layers_warmup();
  } else if (m.type === 'layersDrop') {
    Module.ccall('ps_layers_drop', null, ['string'], [m.key]);
  } else if (m.type === 'layersLabels') {
    var n = m.labels.length;
    var q = Module._ps_layers_labels(n);
    HEAP32.set(m.labels, q >> 2);
    if (m.macro) HEAP32.set(m.macro, (q >> 2) + n);
    Module._ps_layers_labels_set(q, n, m.macro ? 1 : 0, m.set || 0);
  } else if (m.type === 'layersAnalyze') {
    Module.ccall('ps_layers_analyze', null,
                 ['number', 'number', 'number', 'number', 'string', 'string', 'string', 'string', 'number', 'number'],
                 [m.job, m.set || 0, m.slot, m.ref, m.key, m.dist || '', m.index || '', m.act || '', m.scale, m.maxk || 64]);
  } else {
    psHandleBase(m);
  }
};

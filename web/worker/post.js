// PeakScope compute worker: the message loop, appended to peakscope_worker.js (--post-js). A message
// is {h: Uint8Array, f: Blob | null, u: string | null}: the bytes of web/protocol/messages.hpp and at
// most one file — a Blob read here (FileReaderSync), or a URL downloaded here, on this thread (the
// page's main thread may be busy drawing) — put into the heap beside them; main.cpp decodes and
// runs the job. Messages are handled in arrival order: one whose download runs holds the later
// ones, as do all of them until the runtime is ready.
// {prefetch: folder} (platform/early.js, sent as the worker starts): fetch the folder's Tutorial 2
// manifest.json and the files of its first variant before the page asks for them, and read each
// (main.cpp ps_worker_preread) as soon as it and the runtime are there; the page's message for that
// URL then takes what was read (ps_worker_message_preread).
var psQueue = [];
var psReady = false;
var psRuntime = new Promise(function (resolve) { psRuntimeResolve = resolve; });
var psRuntimeResolve;
var psPrefetched = new Map();    // url → Promise: resolves when main.cpp has read the file
var psPrefetching = Promise.resolve();

function psFetch(url) {
  var p = fetch(url).then(function (r) {
    if (!r.ok) throw new Error('HTTP ' + r.status + (r.statusText ? ' ' + r.statusText : ''));
    return r.arrayBuffer();
  });
  p.catch(function () {});  // reported when the message that needs it is handled
  return p;
}
// Resolves to the file's bytes, or to null when main.cpp has read it ahead.
function psDownload(url) {
  return psPrefetching.then(function () {
    var p = psPrefetched.get(url);
    psPrefetched.delete(url);
    return p ? p.then(function () { return null; }) : psFetch(url);
  });
}
function psReadAhead(url, buf) {
  var bytes = new Uint8Array(buf);
  var up = psStr(url), fp = Module._malloc(Math.max(1, bytes.length));
  HEAPU8.set(bytes, fp);
  Module._ps_worker_preread(up, fp, bytes.length);
  Module._free(fp);
  Module._free(up);
}
function psPrefetch(folder) {
  psPrefetching = fetch(folder + 'manifest.json').then(function (r) {
    return r.ok ? r.json() : null;
  }).then(function (m) {
    var first = m && Array.isArray(m.variants) ? m.variants[0] : null;
    if (!first || !Array.isArray(first.layers)) return;
    first.layers.forEach(function (l) {
      var url = l && typeof l.file === 'string' && /^[A-Za-z0-9_.-]+$/.test(l.file) ? folder + l.file : null;
      if (!url || psPrefetched.has(url)) return;
      var read = Promise.all([psFetch(url), psRuntime]).then(function (r) { psReadAhead(url, r[0]); });
      read.catch(function () {});  // reported when the page's message for it is handled
      psPrefetched.set(url, read);
    });
  }).catch(function () {});  // a hint only: the page's requests fetch what is missing
}

function psStr(s) {
  var len = lengthBytesUTF8(s) + 1, p = Module._malloc(len);
  stringToUTF8(s, p, len);
  return p;
}
function psHandle(m) {
  var hp = Module._malloc(Math.max(1, m.h.length));
  HEAPU8.set(m.h, hp);
  if (m.preread) {  // main.cpp read the file ahead
    var pp = psStr(m.u);
    Module._ps_worker_message_preread(hp, m.h.length, pp);
    Module._free(pp);
    Module._free(hp);
    return;
  }
  if (m.why !== undefined) {  // the URL could not be downloaded
    var wp = psStr('could not load ' + m.u + ': ' + m.why);
    Module._ps_worker_message_failed(hp, m.h.length, wp);
    Module._free(wp);
    Module._free(hp);
    return;
  }
  var file = m.bytes || null, fileSize = file ? file.length : 0;
  if (m.f) {
    try {
      file = new Uint8Array(new FileReaderSync().readAsArrayBuffer(m.f));
      fileSize = file.length;
    } catch (err) {
      fileSize = -1;  // could not be read: main.cpp says so
    }
  }
  var fp = file ? Module._malloc(Math.max(1, file.length)) : 0;
  if (file) HEAPU8.set(file, fp);
  Module._ps_worker_message(hp, m.h.length, fp, fileSize);
  Module._free(hp);
  if (fp) Module._free(fp);
}
// Handles the queue's head while it is ready (runtime up, its download, if any, finished).
function psPump() {
  while (psReady && psQueue.length) {
    var m = psQueue[0];
    if (m.pending) return;  // psPump runs again when the download ends
    psQueue.shift();
    psHandle(m);
  }
}
self.onmessage = function (e) {
  var m = e.data;
  if (m && typeof m.prefetch === 'string') { psPrefetch(m.prefetch); return; }
  if (m.u) {
    m.pending = true;
    psDownload(m.u).then(function (buf) { if (buf) m.bytes = new Uint8Array(buf); else m.preread = true; },
                         function (err) { m.why = err && err.message ? err.message : String(err); })
      .then(function () { m.pending = false; psPump(); });
  }
  psQueue.push(m);
  psPump();
};
Module.onRuntimeInitialized = function () {
  psReady = true;
  psRuntimeResolve();
  psPump();
};

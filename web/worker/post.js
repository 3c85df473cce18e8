// PeakScope compute worker: the message loop, appended to peakscope_worker.js (--post-js). A message
// is {h: Uint8Array, f: Blob | null}: the bytes of web/protocol/messages.hpp and at most one file,
// read here (FileReaderSync) into the heap beside them; main.cpp decodes and runs the job.
// Messages that arrive before the runtime is ready wait in a queue.
var psQueue = [];
var psReady = false;
function psHandle(m) {
  var file = null, fileSize = 0;
  if (m.f) {
    try {
      file = new Uint8Array(new FileReaderSync().readAsArrayBuffer(m.f));
      fileSize = file.length;
    } catch (err) {
      fileSize = -1;  // could not be read: main.cpp says so
    }
  }
  var hp = Module._malloc(Math.max(1, m.h.length));
  HEAPU8.set(m.h, hp);
  var fp = file ? Module._malloc(Math.max(1, file.length)) : 0;
  if (file) HEAPU8.set(file, fp);
  Module._ps_worker_message(hp, m.h.length, fp, fileSize);
  Module._free(hp);
  if (fp) Module._free(fp);
}
self.onmessage = function (e) {
  if (!psReady) { psQueue.push(e.data); return; }
  psHandle(e.data);
};
Module.onRuntimeInitialized = function () {
  psReady = true;
  while (psQueue.length) psHandle(psQueue.shift());
};

// PeakScope web platform: work started when peakscope_app.js is evaluated, before its wasm is
// compiled (--pre-js), so that the network and the compute worker's own start-up overlap the
// app's. Both are optional hints: the app works the same without them.
//   Module.psWorkerUrl      the compute worker's address (?pool=N and ?poolcheck pass through)
//   Module.psEarlyWorker    the compute worker, started now; platform/worker.cpp adopts it and
//                           replays what it said before (Module.psEarlyWorker.psHeld)
//   Module.psPrefetch       Map url → Promise<Blob> of the files a link will ask for at once;
//                           platform/files.cpp (jsFetch) takes an entry instead of fetching again
(function () {
  'use strict';
  if (typeof window === 'undefined' || typeof Worker === 'undefined') return;
  const page = new URLSearchParams(location.search);
  // the worker's address (read once: the address bar is rewritten later)
  const q = new URLSearchParams();
  if (page.has('pool')) q.set('pool', page.get('pool'));
  if (page.has('poolcheck')) q.set('poolcheck', '1');
  Module.psWorkerUrl = 'peakscope_worker.js' + (q.toString() ? '?' + q.toString() : '');
  try {
    const w = new Worker(Module.psWorkerUrl);
    w.psHeld = [];  // messages and errors before adoption, in order
    w.onmessage = (e) => w.psHeld.push(['message', e]);
    w.onerror = (e) => { e.preventDefault(); w.psHeld.push(['error', e]); };
    Module.psEarlyWorker = w;
  } catch (err) {
    Module.psEarlyWorker = null;  // platform/worker.cpp starts it (and reports the failure)
  }

  // Tutorial 2: the page reads the manifest, the seeds' summary and the images (labels); the worker
  // downloads the default (first) variant's files itself (worker/post.js), as soon as it runs.
  Module.psPrefetch = new Map();
  if (page.get('tutorial') !== '2') return;
  // The folder is a copy of layers::kShippedFolder (parts/layers/layers_worker.hpp) and the files
  // are the ones the part reads first: this script runs before the wasm exists and must work
  // without it. Were a name to differ, the app would download that file again
  // (tests/web/layers.test.mjs "each shipped file is downloaded once" fails).
  const dir = 'data/tutorial2/cluttered/';
  if (Module.psEarlyWorker) Module.psEarlyWorker.postMessage({ prefetch: dir });
  for (const file of ['manifest.json', 'summary.json', 'images.npz']) {
    const p = fetch(dir + file).then((r) => {
      if (!r.ok) throw new Error('HTTP ' + r.status + (r.statusText ? ' ' + r.statusText : ''));
      return r.blob();
    });
    p.catch(() => {});  // a failure is reported when (and if) the app asks for the file
    Module.psPrefetch.set(dir + file, p);
  }
})();

// PeakScope Tutorial 2 ("Layers"): the JS side of the page. A compute Worker of its own
// (worker_layers.cpp), fetch with progress and abort, file drop / picker, window.peakscope.layers*.
// Replies arrive at the ps_layers_app_* exports (layers_replies.cpp, layers_own_data.cpp).
//   Sections: [1] install (worker, drops, test hooks)  [2] fetches  [3] messages to the worker
// Example: jsLayersFetchFile("trained_logits.npz", 1);
#include <emscripten.h>

#include <cstdint>

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// [1] Install: a Worker of our own (Tutorial 1's worker keeps its state), fetch with progress
// and abort, file drop / picker routed here while the Layers part is open.
//-----------------------------------------------------------------------------------------------
EM_JS(void, jsLayersInstall, (), {
    const str = (s) => {
        const len = lengthBytesUTF8(s) + 1;
        const p = _malloc(len);
        stringToUTF8(s, p, len);
        return p;
    };
    Module.psLayersStr = str;
    Module.psLayersFetch = {};
    Module.psLayersProgress = null;
    Module.psLayersOnMessage = (m) => {
        if (m.type === 'layersProgress') {
            Module.psLayersProgress = m;
        } else if (m.type === 'layersFileInfo') {
            const k = str(m.key), l = str(m.listing);
            let lp = 0, nl = 0;
            if (m.labels) {
                nl = m.labels.length;
                lp = _malloc(Math.max(4, nl * 4));
                HEAP32.set(m.labels, lp >> 2);
            }
            Module._ps_layers_app_file_info(k, l, lp, nl);
            _free(k); _free(l);
            if (lp) _free(lp);
        } else if (m.type === 'layersResult') {
            const p = _malloc(m.bytes.length);
            HEAPU8.set(m.bytes, p);
            Module._ps_layers_app_result(m.job, m.slot, p, m.bytes.length, m.chiLabels, m.chiMacro, m.chiOutput,
                                         m.graphMs, m.ms, m.maxk);
            _free(p);
        } else if (m.type === 'layersError') {
            const k = str(m.key || ""), e = str(m.message);
            Module._ps_layers_app_error(m.job, k, e);
            _free(k); _free(e);
        }
    };
    Module.psLayersStartWorker = () => {
        if (Module.psLayersWorker) Module.psLayersWorker.terminate();
        const w = new Worker('peakscope_worker.js');
        Module.psLayersWorker = w;
        w.onmessage = (e) => Module.psLayersOnMessage(e.data);
        w.postMessage({type : 'layersWarmup'});
        w.onerror = (e) => {
            e.preventDefault();
            const k = str(""), p = str('the compute worker failed: ' + (e.message || 'could not load peakscope_worker.js'));
            Module._ps_layers_app_error(-1, k, p);
            _free(k); _free(p);
        };
    };
    // Own data: several File objects or {name, bytes} pairs; .json = class names (array of strings).
    Module.psLayersOpenBytes = (items) => {
        let total = 0;
        for (const it of items) total += it.bytes.length;
        const token = Module._ps_layers_app_own_begin(items.length, total);
        if (token <= 0) return false;
        for (const it of items) {
            const name = it.name;
            if (name.toLowerCase().endsWith('.json')) {
                let names = null;
                try { names = JSON.parse(new TextDecoder().decode(it.bytes)); } catch (err) { names = null; }
                const ok = Array.isArray(names) && names.every((x) => typeof x === 'string');
                const t = str(ok ? names.join('\n') : ""), n = str(name);
                Module._ps_layers_app_own_classes(token, n, t, ok ? 1 : 0);
                _free(t); _free(n);
                continue;
            }
            if (!/\.(npz|npy)$/i.test(name)) {  // e.g. a .csv table: says what this part reads
                const n = str(name);
                Module._ps_layers_app_own_other(token, n);
                _free(n);
                continue;
            }
            const key = 'own' + token + ':' + name;
            const k = str(key), n = str(name);
            Module._ps_layers_app_own_file(token, k, n);
            _free(k); _free(n);
            Module.psLayersWorker.postMessage({type : 'layersFile', key : key, name : name, bytes : it.bytes},
                                              [it.bytes.buffer]);
        }
        Module._ps_layers_app_own_sent(token);
        return true;
    };
    Module.psLayersOpenFiles = (files) => {
        const list = Array.from(files);
        Promise.all(list.map((f) => f.arrayBuffer().then((b) => ({name : f.name, bytes : new Uint8Array(b)}))))
            .then((items) => Module.psLayersOpenBytes(items), (err) => {
                const k = str(""), p = str('could not read the dropped files (' + err + ')');
                Module._ps_layers_app_error(-1, k, p);
                _free(k); _free(p);
            });
    };
    // Drops on the page while Layers is shown go here (capture phase: before Tutorial 1's handler).
    window.addEventListener('drop', (e) => {
        if (!Module._ps_layers_app_active() || !e.dataTransfer || !e.dataTransfer.files.length) return;
        e.preventDefault();
        e.stopImmediatePropagation();
        Module.psLayersOpenFiles(e.dataTransfer.files);
    }, true);
    window.addEventListener('dragover', (e) => { if (Module._ps_layers_app_active()) e.preventDefault(); }, true);
    const ps = window.peakscope || (window.peakscope = {});
    ps.layers = () => JSON.parse(UTF8ToString(Module._ps_layers_json()));
    ps.layersOpen = (items) => Module.psLayersOpenBytes(items);
    ps.layersSelect = (series, layer, epoch) => Module._ps_layers_select(series, layer, epoch === undefined ? -1 : epoch);
    ps.layersSetZ = (z) => Module._ps_layers_set_z(z);
});

EM_JS(void, jsLayersStartWorker, (), { Module.psLayersStartWorker(); });

EM_JS(void, jsLayersPicker, (), {
    let input = document.getElementById('peakscope-layers-file');
    if (!input) {
        input = document.createElement('input');
        input.type = 'file';
        input.multiple = true;
        input.id = 'peakscope-layers-file';
        input.accept = '.npz,.npy,.json';
        input.style.display = 'none';
        input.addEventListener('change', () => {
            if (input.files.length) Module.psLayersOpenFiles(input.files);
            input.value = null;
        });
        document.body.appendChild(input);
    }
    input.click();
});

//-----------------------------------------------------------------------------------------------
// [2] Fetches: the manifest and the shipped files (data/tutorial2/cluttered/), abort, progress.
//-----------------------------------------------------------------------------------------------
// Fetches the manifest; calls _ps_layers_app_manifest with a tab-separated digest of it.
EM_JS(void, jsLayersFetchManifest, (), {
    const base = 'data/tutorial2/cluttered/';
    const ctrl = new AbortController();
    Module.psLayersAbort = ctrl;
    const fail = (why) => {
        const k = Module.psLayersStr(""), p = Module.psLayersStr('could not load ' + base + 'manifest.json: ' + why);
        Module._ps_layers_app_error(-1, k, p);
        _free(k); _free(p);
    };
    fetch(base + 'manifest.json', {signal : ctrl.signal}).then((r) => {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json();
    }).then((m) => {
        const L = [];
        const t = (...a) => a.map((x) => (x === null || x === undefined) ? "" : String(x).split(String.fromCharCode(9)).join(' ').split(String.fromCharCode(10)).join(' ')).join('\t');
        L.push(t('n', m.n));
        for (const c of m.classes) L.push(t('class', c));
        for (const g of m.macro_classes) L.push(t('macro', g.name));
        L.push(t('c2m', m.class_to_macro.join(' ')));
        const layer = (l) => L.push(t('layer', l.name, l.dims, l.file, l.dist, l.index, l.activations, l.scale));
        // snapshots keyed by batch when the manifest gives one (the trained variant: epochs x batches)
        const bpe = m.training && m.training.batches_per_epoch;
        const byBatch = !!(bpe && m.snapshots && m.snapshots.epochs.length && m.snapshots.epochs[0].batch !== undefined);
        L.push(t('unit', byBatch ? 'batch' : 'epoch', bpe || 0));
        for (const v of m.variants) {
            L.push(t('series', v.name, v.description, v.test_accuracy, byBatch ? v.epoch * bpe : v.epoch));
            for (const l of v.layers) layer(l);
        }
        if (m.snapshots)
            for (const e of m.snapshots.epochs) {
                L.push(t('epoch', byBatch ? e.batch : e.epoch, e.test_accuracy));
                for (const l of e.layers) layer(l);
            }
        const p = Module.psLayersStr(L.join('\n'));
        Module._ps_layers_app_manifest(p);
        _free(p);
    }).catch((err) => { if (!ctrl.signal.aborted) fail(err && err.message ? err.message : String(err)); });
});

// Fetches data/tutorial2/<file> with progress; to the worker (toWorker) or into the page.
EM_JS(void, jsLayersFetchFile, (const char* fileC, int toWorker), {
    const file = UTF8ToString(fileC);
    const url = 'data/tutorial2/cluttered/' + file;
    const ctrl = Module.psLayersAbort || new AbortController();
    Module.psLayersAbort = ctrl;
    const prog = {loaded : 0, total : 0};
    Module.psLayersFetch[file] = prog;
    const fail = (why) => {
        const k = Module.psLayersStr(file), p = Module.psLayersStr('could not load ' + url + ': ' + why);
        Module._ps_layers_app_error(-1, k, p);
        _free(k); _free(p);
    };
    fetch(url, {signal : ctrl.signal}).then(async (r) => {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        prog.total = Number(r.headers.get('content-length') || 0);
        const reader = r.body.getReader();
        const parts = [];
        for (;;) {
            const {done, value} = await reader.read();
            if (done) break;
            parts.push(value);
            prog.loaded += value.length;
        }
        const bytes = new Uint8Array(prog.loaded);
        let o = 0;
        for (const q of parts) { bytes.set(q, o); o += q.length; }
        if (toWorker) {
            Module.psLayersWorker.postMessage({type : 'layersFile', key : file, name : file, bytes : bytes}, [bytes.buffer]);
        } else {
            const p = _malloc(Math.max(1, bytes.length));
            HEAPU8.set(bytes, p);
            const k = Module.psLayersStr(file);
            Module._ps_layers_app_page_file(k, p, bytes.length);
            _free(k); _free(p);
        }
        const k2 = Module.psLayersStr(file);
        Module._ps_layers_app_fetched(k2);
        _free(k2);
    }).catch((err) => { if (!ctrl.signal.aborted) fail(err && err.message ? err.message : String(err)); });
});

EM_JS(void, jsLayersAbort, (), {
    if (Module.psLayersAbort) Module.psLayersAbort.abort();
    Module.psLayersAbort = null;
    Module.psLayersFetch = {};
});

// Sum of bytes fetched / expected over the running downloads.
EM_JS(double, jsLayersFetchFraction, (), {
    let a = 0, b = 0;
    for (const k in Module.psLayersFetch) {
        const p = Module.psLayersFetch[k];
        a += p.loaded;
        b += p.total || p.loaded || 1;
    }
    return b > 0 ? a / b : -1;
});

EM_JS(double, jsLayersPollProgress, (int job, char* stage, int capacity), {
    const p = Module.psLayersProgress;
    if (!p || p.job !== job) return -1;
    stringToUTF8(p.stage, stage, capacity);
    return p.fraction;
});

//-----------------------------------------------------------------------------------------------
// [3] Messages to the worker: labels, per-layer jobs, dropping parsed files.
//-----------------------------------------------------------------------------------------------
EM_JS(void, jsLayersSendLabels, (int set, const int32_t* labels, const int32_t* macro, int n), {
    const lab = HEAP32.slice(labels >> 2, (labels >> 2) + n);
    const mac = macro ? HEAP32.slice(macro >> 2, (macro >> 2) + n) : null;
    Module.psLayersWorker.postMessage({type : 'layersLabels', set : set, labels : lab, macro : mac});
});

EM_JS(void, jsLayersAnalyze, (int job, int set, int slot, int ref, const char* key, const char* dist,
                              const char* index, const char* act, double scale, int maxk), {
    Module.psLayersProgress = {job : job, stage : 'starting', fraction : 0};
    Module.psLayersWorker.postMessage({type : 'layersAnalyze', job : job, set : set, slot : slot, ref : ref,
                                       key : UTF8ToString(key), dist : UTF8ToString(dist), index : UTF8ToString(index),
                                       act : UTF8ToString(act), scale : scale, maxk : maxk});
});

EM_JS(void, jsLayersDropKey, (const char* key), {
    if (Module.psLayersWorker) Module.psLayersWorker.postMessage({type : 'layersDrop', key : UTF8ToString(key)});
});

}  // namespace peakscope::web::layers

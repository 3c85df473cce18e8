// PeakScope Tutorial 2 ("Layers"), page side: loading the shipped CNN activation sets
// (data/tutorial2/, made by demos/cnn) or the user's own per-layer files, the per-layer jobs in a
// compute worker of its own (worker_layers.cpp), the merge at Z per layer (d'Errico et al. 2021,
// §2.3), ARI with classes / macro-classes (Hubert & Arabie 1985), the MDS map of the peaks, GL
// thumbnails, the link keys and window.peakscope.layers() for tests.
//   Sections: [1] JS bridge  [2] state helpers  [3] at Z  [4] scheduling  [5] replies
//             [6] own data  [7] thumbnails  [8] layout, link, JSON hook
// Example: ?tutorial=2&variant=trained&layer=logits&Z=1.65
#include <emscripten.h>
#include <GLES3/gl3.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "automation.hpp"
#include "core/io/readers.hpp"
#include "imgui.h"
#include "layers/layers.hpp"
#include "layers/layers_state.hpp"
#include "limits.hpp"
#include "result_codec.hpp"
#include "session.hpp"

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// [1] JS bridge: a Worker of our own (Tutorial 1's worker keeps its state), fetch with progress
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

// Fetches the manifest; calls _ps_layers_app_manifest with a tab-separated digest of it.
EM_JS(void, jsLayersFetchManifest, (), {
    const base = 'data/tutorial2/';
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
        for (const v of m.variants) {
            L.push(t('series', v.name, v.description, v.test_accuracy, v.epoch));
            for (const l of v.layers) layer(l);
        }
        if (m.snapshots)
            for (const e of m.snapshots.epochs) {
                L.push(t('epoch', e.epoch, e.test_accuracy));
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
    const url = 'data/tutorial2/' + file;
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

//-----------------------------------------------------------------------------------------------
// [2] State helpers
//-----------------------------------------------------------------------------------------------
namespace {
bool g_installed = false;
bool g_workerStarted = false;
int g_nextJob = 1;
int g_ownToken = 0;

struct OwnLoad {  // files of one drop, waiting for the worker's listing
    int token = 0;
    bool sent = false, failed = false;
    std::vector<std::string> keys, names;
    std::map<std::string, std::string> listing;  // key → listing
    std::map<std::string, std::vector<int32_t>> labels;
    std::vector<std::string> classNames;
    std::string error;
};
OwnLoad g_own;

double now() { return emscripten_get_now(); }

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    size_t a = 0;
    for (;;) {
        const size_t b = s.find(sep, a);
        out.push_back(s.substr(a, b == std::string::npos ? std::string::npos : b - a));
        if (b == std::string::npos) break;
        a = b + 1;
    }
    return out;
}

void ensureWorker() {
    if (!g_workerStarted) {
        jsLayersStartWorker();
        g_workerStarted = true;
    }
}

void sendLabels(LayerSet& set, int setId) {
    std::vector<int32_t> macro;
    if (!set.classToMacro.empty()) {
        macro.resize(set.labels.size());
        for (size_t i = 0; i < macro.size(); ++i) {
            const int c = set.labels[i];
            macro[i] = c >= 0 && c < int(set.classToMacro.size()) ? set.classToMacro[size_t(c)] : -1;
        }
    }
    jsLayersSendLabels(setId, set.labels.data(), macro.empty() ? nullptr : macro.data(), int(set.labels.size()));
}

Series* seriesOf(LayerSet& set, int s) {
    if (s >= 0 && s < int(set.series.size())) return &set.series[size_t(s)];
    if (s >= 100 && s - 100 < int(set.epochs.size())) return &set.epochs[size_t(s - 100)];
    return nullptr;
}
}  // namespace

LayersState& ensure(AppState& s) {
    if (!s.layers) s.layers = std::make_shared<LayersState>();
    if (!g_installed) {
        jsLayersInstall();
        g_installed = true;
    }
    return *s.layers;
}

// Epochs of the snapshots: 0 = the untrained variant, last = trained; others from LayerSet::epochs.
LayerResult* at(LayersState& L, int series, int layer, int epoch) {
    LayerSet& set = L.set();
    if (layer < 0 || layer >= int(set.layerNames.size())) return nullptr;
    Series* se = nullptr;
    if (epoch >= 0 && series == 0 && !set.epochs.empty()) {
        for (auto& e : set.epochs)
            if (e.epoch == epoch) se = &e;
        if (!se && set.series.size() > 1 && epoch == 0) se = &set.series[1];
        if (!se && !set.series.empty() && epoch == set.series[0].epoch) se = &set.series[0];
    } else {
        se = seriesOf(set, series);
    }
    if (!se || layer >= int(se->layers.size()) || se->layers[size_t(layer)].name.empty()) return nullptr;
    return &se->layers[size_t(layer)];
}

LayerResult* current(LayersState& L) {
    const int nl = int(L.set().layerNames.size());
    const int layer = L.layer < 0 ? nl - 1 : L.layer;
    LayerResult* r = at(L, L.series, layer, L.epoch);
    if (!r && L.epoch >= 0) r = at(L, L.series, layer, -1);
    return r;
}

// Epoch numbers with snapshots of layer `layer` (0 and the last epoch included); empty if none.
std::vector<int> epochsOf(LayersState& L, int layer);
std::vector<int> epochsOf(LayersState& L, int layer) {
    std::vector<int> out;
    LayerSet& set = L.set();
    if (set.epochs.empty() || set.series.size() < 2) return out;
    bool any = false;
    for (auto& e : set.epochs)
        if (layer >= 0 && layer < int(e.layers.size()) && !e.layers[size_t(layer)].name.empty()) any = true;
    if (!any) return out;
    out.push_back(0);
    for (auto& e : set.epochs)
        if (!e.layers[size_t(layer)].name.empty()) out.push_back(e.epoch);
    out.push_back(set.series[0].epoch);
    return out;
}

bool busy(const LayersState& L) { return L.load.active; }

//-----------------------------------------------------------------------------------------------
// [3] At Z: merge, per-row peak labels, ARI with classes and macro-classes, class histograms,
// dendrogram, MDS map of the peaks (classical MDS of F_max − saddle, core/hierarchy.hpp).
//-----------------------------------------------------------------------------------------------
void refreshAtZ(LayersState& L, LayerResult& r, bool withMaps) {
    if (!r.a) return;
    const LayerSet& set = L.set();
    if (r.zOf != L.Z) {
        const Analysis& a = *r.a;
        r.part = mergeAtZ(a.topography, L.Z);
        r.hier = peakHierarchy(r.part);
        r.rowPeak.resize(a.rowToUnique.size());
        for (size_t i = 0; i < r.rowPeak.size(); ++i) r.rowPeak[i] = r.part.labels[size_t(a.rowToUnique[i])];
        r.ariClass = r.ariMacro = NAN;
        const size_t m = size_t(r.part.nClusters());
        const int nc = set.classes.empty() ? 0 : int(set.classes.size());
        int maxLabel = nc - 1;
        for (int32_t v : set.labels) maxLabel = std::max<int>(maxLabel, v);
        r.classHist.assign(m, std::vector<int>(size_t(std::max(0, maxLabel + 1)), 0));
        r.dominant.assign(m, -1);
        if (!set.labels.empty() && set.labels.size() == r.rowPeak.size()) {
            std::vector<int64_t> peaks(r.rowPeak.begin(), r.rowPeak.end()), cls(set.labels.begin(), set.labels.end());
            r.ariClass = adjustedRandIndex(cls, peaks);
            if (!set.classToMacro.empty()) {
                std::vector<int64_t> mac(cls.size());
                for (size_t i = 0; i < cls.size(); ++i)
                    mac[i] = cls[i] >= 0 && cls[i] < int64_t(set.classToMacro.size()) ? set.classToMacro[size_t(cls[i])] : -1;
                r.ariMacro = adjustedRandIndex(mac, peaks);
            }
            for (size_t i = 0; i < r.rowPeak.size(); ++i)
                if (set.labels[i] >= 0) r.classHist[size_t(r.rowPeak[i])][size_t(set.labels[i])]++;
            for (size_t p = 0; p < m; ++p) {
                const auto& h = r.classHist[p];
                if (!h.empty()) r.dominant[p] = int(std::max_element(h.begin(), h.end()) - h.begin());
            }
        }
        r.mds = {};
        r.zOf = L.Z;
    }
    if (withMaps && r.mds.rows != r.part.nClusters()) {
        const Index m = r.part.nClusters();
        if (m >= 3) {
            try {
                r.mds = classicalMds(peakDissimilarity(r.part), m, 2).coords;
            } catch (const std::exception&) {
                r.mds = {};
            }
        }
        if (r.mds.rows != m) {  // one or two peaks (or a degenerate map): on a line
            r.mds.rows = m;
            r.mds.cols = 2;
            r.mds.values.assign(size_t(2 * m), 0.0);
            for (Index i = 0; i < m; ++i) r.mds.values[size_t(2 * i)] = double(i);
        }
    }
}

//-----------------------------------------------------------------------------------------------
// [4] Scheduling: one worker job at a time; per series the output layer goes first (χ^out needs
// its graph), the trained variant before the others, the epoch snapshots last.
//-----------------------------------------------------------------------------------------------
namespace {

int slotOf(int seriesKey, int layer) { return seriesKey * 64 + layer; }

bool pumpSet(LayersState& L, LayerSet& set, int setId) {
    std::vector<int> keys;
    for (int i = 0; i < int(set.series.size()); ++i) keys.push_back(i);
    for (int i = 0; i < int(set.epochs.size()); ++i) keys.push_back(100 + i);
    for (int key : keys) {
        Series* se = seriesOf(set, key);
        const int nl = int(se->layers.size());
        const int out = set.outputLayer >= 0 && set.outputLayer < nl ? set.outputLayer : nl - 1;
        std::vector<int> order;
        if (out >= 0) order.push_back(out);
        for (int i = 0; i < nl; ++i) if (i != out) order.push_back(i);
        const bool outPending = out >= 0 && !se->layers[size_t(out)].name.empty() && !se->layers[size_t(out)].done &&
                                !se->layers[size_t(out)].failed;
        for (int li : order) {
            LayerResult& r = se->layers[size_t(li)];
            if (r.name.empty() || r.done || r.failed) continue;
            if (outPending && li != out) break;  // χ^out needs the output layer's graph first
            if (!L.load.fileReady[r.key]) continue;
            const int job = g_nextJob++;
            const bool outDone = out >= 0 && li != out && se->layers[size_t(out)].done;
            const int ref = outDone ? slotOf(key, out) : -1;
            L.load.job = job;
            L.load.set = setId;
            L.load.series = key;
            L.load.layer = li;
            if (setId == 0 && key == 0 && std::isnan(L.load.trainedStarted)) L.load.trainedStarted = now();
            jsLayersAnalyze(job, setId, slotOf(key, li) + setId * 100000, ref < 0 ? -1 : ref + setId * 100000,
                            r.key.c_str(), r.dist.c_str(), r.index.c_str(), r.act.c_str(), r.scale, 64);
            return true;
        }
    }
    return false;
}

void countLayers(const LayerSet& set, int& total, int& done) {
    total = done = 0;
    auto add = [&](const Series& se) {
        for (const auto& r : se.layers)
            if (!r.name.empty()) {
                ++total;
                if (r.done || r.failed) ++done;
            }
    };
    for (const auto& se : set.series) add(se);
    for (const auto& se : set.epochs) add(se);
}

void pump(LayersState& L) {
    if (L.load.job != 0) return;
    // the set on screen first
    const bool first = L.showOwn ? pumpSet(L, L.own, 1) : pumpSet(L, L.shipped, 0);
    if (!first) {
        if (!(L.showOwn ? pumpSet(L, L.shipped, 0) : pumpSet(L, L.own, 1))) {
            int t0, d0, t1, d1;
            countLayers(L.shipped, t0, d0);
            countLayers(L.own, t1, d1);
            const bool waitingManifest = L.shippedRequested && L.shipped.series.empty() && L.load.error.empty();
            if (L.load.filesPending == 0 && d0 == t0 && d1 == t1 && !waitingManifest && g_own.token == 0)
                L.load.active = false;
        }
    }
}

}  // namespace

// Fetches the shipped files not yet requested (after the trained variant is analysed).
void fetchRest(LayersState& L) {
    std::vector<std::string> files;
    auto add = [&](const std::string& f) {
        if (!f.empty() && !L.load.fileReady[f] && std::find(files.begin(), files.end(), f) == files.end()) files.push_back(f);
    };
    for (auto& se : L.shipped.series) for (auto& r : se.layers) if (!r.name.empty() && !r.done) add(r.key);
    for (auto& se : L.shipped.epochs) for (auto& r : se.layers) if (!r.name.empty() && !r.done) add(r.key);
    L.load.filesPending += int(files.size());
    for (const auto& f : files) jsLayersFetchFile(f.c_str(), 1);
}

void startShipped(LayersState& L) {
    ensureWorker();
    L.shippedRequested = true;
    L.load.active = true;
    L.load.error.clear();
    L.load.stage = "fetching the manifest";
    L.load.fraction = 0;
    L.load.started = now();
    if (std::isnan(L.load.trainedMs)) L.load.trainedStarted = NAN;
    if (L.shipped.series.empty()) {
        jsLayersFetchManifest();
        return;
    }
    // resume after a cancel: fetch the files the unfinished layers need again
    std::map<std::string, bool> need;
    auto add = [&](Series& se) {
        for (auto& r : se.layers)
            if (!r.name.empty() && !r.done) need[r.key] = true;
    };
    for (auto& se : L.shipped.series) add(se);
    for (auto& se : L.shipped.epochs) add(se);
    L.load.filesPending = 0;
    for (auto& [file, _] : need) {
        if (L.load.fileReady[file]) continue;
        ++L.load.filesPending;
        jsLayersFetchFile(file.c_str(), 1);
    }
    if (L.shipped.labels.empty() || L.shipped.images.empty()) {
        ++L.load.filesPending;
        jsLayersFetchFile("images.npz", 0);
    } else {
        sendLabels(L.shipped, 0);
    }
}

void cancelLoading(LayersState& L) {
    jsLayersAbort();
    jsLayersStartWorker();  // a fresh worker: the running job stops, parsed files are gone
    L.load.fileReady.clear();
    L.load.job = 0;
    L.load.filesPending = 0;
    L.load.active = false;
    if (std::isnan(L.load.trainedMs)) L.load.trainedStarted = NAN;
    g_own = {};
    // layers of the own set that were not analysed cannot be resumed (their files are gone)
    for (auto& se : L.own.series)
        for (auto& r : se.layers)
            if (!r.name.empty() && !r.done && !r.failed) {
                r.failed = true;
                r.error = "cancelled";
            }
}

void openOwnPicker() { jsLayersPicker(); }

//-----------------------------------------------------------------------------------------------
// [6] Own data: build a LayerSet from the listings of the dropped files.
//   one .npz: arrays <L>_dist + <L>_index (kNN graph) or 2-D float arrays (points), + labels
//   several layer_*.npz (nucleation paper): each 'dist' + 'index' (or 'x'/'data' points)
//   class names: a .json array of strings dropped with them
//-----------------------------------------------------------------------------------------------
namespace {

struct Arr { std::string name, dtype; std::vector<Index> shape; };

std::vector<Arr> parseListing(const std::string& s) {
    std::vector<Arr> out;
    for (const auto& item : split(s, ';')) {
        if (item.empty()) continue;
        const auto f = split(item, ' ');
        Arr a;
        a.name = f[0];
        a.dtype = f.size() > 1 ? f[1] : "";
        if (f.size() > 2 && !f[2].empty())
            for (const auto& d : split(f[2], 'x')) a.shape.push_back(Index(std::atoll(d.c_str())));
        out.push_back(a);
    }
    return out;
}

bool isFloat(const std::string& dt) { return dt.size() >= 2 && dt[1] == 'f'; }

// Natural order of file names (layer_2 before layer_10).
bool naturalLess(const std::string& a, const std::string& b) {
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (std::isdigit((unsigned char)a[i]) && std::isdigit((unsigned char)b[j])) {
            size_t i2 = i, j2 = j;
            while (i2 < a.size() && std::isdigit((unsigned char)a[i2])) ++i2;
            while (j2 < b.size() && std::isdigit((unsigned char)b[j2])) ++j2;
            const long long x = std::atoll(a.substr(i, i2 - i).c_str()), y = std::atoll(b.substr(j, j2 - j).c_str());
            if (x != y) return x < y;
            i = i2;
            j = j2;
        } else {
            if (a[i] != b[j]) return a[i] < b[j];
            ++i;
            ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

std::string stem(std::string name) {
    const size_t slash = name.find_last_of('/');
    if (slash != std::string::npos) name = name.substr(slash + 1);
    const size_t dot = name.find_last_of('.');
    return dot == std::string::npos ? name : name.substr(0, dot);
}

void finishOwn(AppState& s, LayersState& L) {
    OwnLoad& o = g_own;
    auto fail = [&](const std::string& msg) {
        session::error(s, msg + " (the previous data stays)");
        for (const auto& k : o.keys) jsLayersDropKey(k.c_str());
        g_own = {};
        pump(L);
    };
    if (!o.error.empty()) return fail(o.error);
    LayerSet set;
    set.own = true;
    std::string labelsFrom;
    struct Cand { std::string name, key, dist, index, act; Index n, dims; };
    std::vector<Cand> cands;
    std::vector<size_t> order(o.keys.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return naturalLess(o.names[a], o.names[b]); });
    const bool several = o.keys.size() > 1;
    for (size_t oi : order) {
        const std::string& key = o.keys[oi];
        const auto arrays = parseListing(o.listing[key]);
        if (!o.labels[key].empty() && set.labels.empty()) {
            set.labels = o.labels[key];
            labelsFrom = o.names[oi];
        }
        std::map<std::string, const Arr*> byName;
        for (const auto& a : arrays) byName[a.name] = &a;
        for (const auto& a : arrays) {
            if (a.name == "labels" || a.name == "y" || a.name == "index") continue;
            const bool dist = a.name == "dist" || a.name == "distances";
            const bool suffixed = a.name.size() > 5 && a.name.compare(a.name.size() - 5, 5, "_dist") == 0;
            if (a.name.size() > 6 && a.name.compare(a.name.size() - 6, 6, "_index") == 0) continue;
            if (dist || suffixed) {
                const std::string base = dist ? "" : a.name.substr(0, a.name.size() - 5);
                const std::string idx = dist ? "index" : base + "_index";
                if (!byName.count(idx)) return fail(o.names[oi] + ": '" + a.name + "' has no matching '" + idx + "' array");
                if (a.shape.size() != 2) return fail(o.names[oi] + ": '" + a.name + "' must be n x k");
                Cand c{dist ? stem(o.names[oi]) : base, key, a.name, idx, "", a.shape[0], 0};
                if (several && !dist) c.name = stem(o.names[oi]) + "/" + base;
                cands.push_back(c);
            } else if (a.shape.size() == 2 && isFloat(a.dtype)) {
                if (a.shape[1] > web::limits::kMaxDims || a.shape[0] * a.shape[1] > web::limits::kMaxValues)
                    return fail(o.names[oi] + ": '" + a.name + "' (" + std::to_string(a.shape[0]) + " x " +
                                std::to_string(a.shape[1]) + ") is more than the browser app takes per layer (" +
                                std::to_string(web::limits::kMaxDims) + " dimensions, " +
                                std::to_string(web::limits::kMaxValues / 1000000) + " million values)");
                Cand c{several && (a.name == "x" || a.name == "data" || a.name == "points") ? stem(o.names[oi])
                       : several ? stem(o.names[oi]) + "/" + a.name : a.name,
                       key, "", "", a.name, a.shape[0], a.shape[1]};
                cands.push_back(c);
            }
        }
    }
    if (cands.empty())
        return fail("no layers found: drop one .npz with an array per layer (points n x d, or <layer>_dist + "
                    "<layer>_index) and 'labels', or several layer_*.npz files with 'dist' and 'index'");
    if (cands.size() > 64) return fail(std::to_string(cands.size()) + " layers are more than the app shows (64)");
    const Index n = cands[0].n;
    for (const auto& c : cands)
        if (c.n != n)
            return fail("layer '" + c.name + "' has " + std::to_string(c.n) + " points but '" + cands[0].name + "' has " +
                        std::to_string(n) + ": every layer must describe the same points");
    if (n < 10) return fail("a layer needs at least 10 points");
    if (n > web::limits::kMaxPoints) return fail(std::to_string(n) + " points are more than the browser app takes");
    if (!set.labels.empty() && Index(set.labels.size()) != n)
        return fail("'labels' in " + labelsFrom + " has " + std::to_string(set.labels.size()) + " entries, the layers have " +
                    std::to_string(n) + " points");
    for (int32_t v : set.labels)
        if (v < -1 || v > 100000) return fail("'labels' must be class numbers 0, 1, 2, ... (-1 = none)");
    set.n = n;
    set.title = several ? std::to_string(o.keys.size()) + " files" : o.names.empty() ? "own data" : o.names[0];
    Series se;
    se.name = "own data";
    se.description = set.title;
    for (const auto& c : cands) {
        set.layerNames.push_back(c.name);
        LayerResult r;
        r.name = c.name;
        r.dims = c.dims;
        r.key = c.key;
        r.dist = c.dist;
        r.index = c.index;
        r.act = c.act;
        r.scale = 1;
        se.layers.push_back(r);
    }
    set.series.push_back(se);
    set.outputLayer = int(set.layerNames.size()) - 1;
    if (!set.labels.empty()) {
        int maxc = 0;
        for (int32_t v : set.labels) maxc = std::max<int>(maxc, v);
        set.classes.resize(size_t(maxc + 1));
        for (int c = 0; c <= maxc; ++c)
            set.classes[size_t(c)] = c < int(o.classNames.size()) ? o.classNames[size_t(c)] : "class " + std::to_string(c);
    }
    // accepted: replaces the previous own data (its files are dropped in the worker)
    for (auto& old : L.ownFileNames) jsLayersDropKey(old.c_str());
    L.ownFileNames = o.keys;
    for (const auto& k : o.keys) L.load.fileReady[k] = true;
    L.own = std::move(set);
    L.showOwn = true;
    L.series = 0;
    L.epoch = -1;
    L.layer = -1;
    L.step = -1;
    L.load.active = true;
    sendLabels(L.own, 1);
    session::notice(s, "Own data: " + std::to_string(L.own.layerNames.size()) + " layers of " + std::to_string(n) +
                           " points" + (L.own.labels.empty() ? " (no labels: ARI and chi need 'labels')" : ""));
    s.ui.urlDirty = true;
    g_own = {};
    pump(L);
}

void maybeFinishOwn(AppState& s, LayersState& L) {
    OwnLoad& o = g_own;
    if (!o.sent || o.token == 0) return;
    if (o.error.empty())
        for (const auto& k : o.keys)
            if (!o.listing.count(k)) return;
    finishOwn(s, L);
}

}  // namespace

//-----------------------------------------------------------------------------------------------
// [7] Thumbnails: 28 × 28 uint8 images as RGBA GL textures (cached per image and shift).
//-----------------------------------------------------------------------------------------------
unsigned thumbnail(LayersState& L, int row, int series) {
    const LayerSet& set = L.set();
    if (row < 0 || size_t(row + 1) * 784 > set.images.size()) return 0;
    const bool shifted = series == set.shiftedSeries && set.shifts.size() >= size_t(2 * row + 2);
    const int64_t key = int64_t(row) * 2 + (shifted ? 1 : 0);
    auto it = L.textures.find(key);
    if (it != L.textures.end()) return it->second;
    std::vector<unsigned char> rgba(784 * 4);
    const int dx = shifted ? set.shifts[size_t(2 * row)] : 0, dy = shifted ? set.shifts[size_t(2 * row + 1)] : 0;
    for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x) {
            const int sx = x - dx, sy = y - dy;  // out(y, x) = in(y − dy, x − dx)
            const unsigned char v = (sx >= 0 && sx < 28 && sy >= 0 && sy < 28) ? set.images[size_t(row) * 784 + size_t(sy * 28 + sx)] : 0;
            unsigned char* p = &rgba[size_t(y * 28 + x) * 4];
            p[0] = p[1] = p[2] = v;
            p[3] = 255;
        }
    GLuint tex = 0;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, 28, 28, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    L.textures[key] = tex;
    return tex;
}

//-----------------------------------------------------------------------------------------------
// [8] Per frame, layout, link keys, JSON hook
//-----------------------------------------------------------------------------------------------
namespace {

void poll(AppState& s, LayersState& L) {
    (void)s;
    if (!L.load.active) return;
    int total = 0, done = 0;
    countLayers(L.set(), total, done);
    char stage[128] = {0};
    const double f = L.load.job ? jsLayersPollProgress(L.load.job, stage, sizeof stage) : -1;
    const double ff = jsLayersFetchFraction();
    std::string what;
    if (L.load.job) {
        LayerSet& set = L.load.set == 1 ? L.own : L.shipped;
        Series* se = seriesOf(set, L.load.series);
        if (se && L.load.layer >= 0 && L.load.layer < int(se->layers.size()))
            what = "analysing " + se->name + " · " + se->layers[size_t(L.load.layer)].name + (stage[0] ? std::string(": ") + stage : "");
    }
    if (L.load.filesPending > 0 && ff >= 0) {
        char b[96];
        std::snprintf(b, sizeof b, "downloading the activation sets (%.0f%%)", 100 * ff);
        what = what.empty() ? std::string(b) : what + " · " + b;
    }
    if (!what.empty()) L.load.stage = what;
    const double inLayer = f >= 0 ? std::clamp(f, 0.0, 1.0) : 0.0;
    L.load.fraction = total > 0 ? (done + inLayer) / total : (ff >= 0 ? ff : 0);
}

// Play: one step per interval through layers (or epochs of the selected layer).
void play(AppState& s, LayersState& L) {
    if (!L.playing) return;
    const double t = now() / 1000.0;
    if (t < L.playNext) return;
    L.playNext = t + L.playInterval;
    const int nl = int(L.set().layerNames.size());
    if (L.playEpochs) {
        const int layer = L.layer < 0 ? nl - 1 : L.layer;
        const auto ep = epochsOf(L, layer);
        if (ep.empty()) { L.playing = false; return; }
        size_t i = 0;
        while (i < ep.size() && ep[i] != L.epoch) ++i;
        if (i + 1 >= ep.size() || L.epoch < 0) {
            if (L.epoch < 0 || i >= ep.size()) L.epoch = ep[0];
            else { L.playing = false; return; }
        } else {
            L.epoch = ep[i + 1];
        }
    } else {
        L.epoch = -1;
        if (L.layer < 0 || L.layer >= nl - 1) {
            if (L.layer == nl - 1 && L.playNext > 0 && L.layer >= 0) { L.playing = false; return; }
            L.layer = 0;
        } else {
            ++L.layer;
        }
    }
    s.ui.urlDirty = true;
}

}  // namespace

float drawLayout(AppState& s, float w, float h) {
    LayersState& L = ensure(s);
    if (!L.shippedRequested) startShipped(L);
    poll(s, L);
    pump(L);
    play(s, L);
    constexpr ImGuiWindowFlags pane = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                      ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings;
    const float left = std::clamp(w * 0.24f, 280.0f, 340.0f);
    const float rest = w - left;
    const float mid = std::floor(rest * 0.46f);
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(left, h * 0.42f));
    ImGui::Begin("Layers of a CNN", nullptr, pane);
    drawControls(s, L);
    ImGui::End();
    ImGui::SetNextWindowPos(ImVec2(0, h * 0.42f));
    ImGui::SetNextWindowSize(ImVec2(left, h - h * 0.42f));
    ImGui::Begin("Walkthrough", nullptr, pane);
    drawWalkthrough(s, L);
    ImGui::End();
    ImGui::SetNextWindowPos(ImVec2(left, 0));
    ImGui::SetNextWindowSize(ImVec2(mid, h));
    ImGui::Begin("Across layers", nullptr, pane);
    drawStrip(s, L, mid, h);
    ImGui::End();
    ImGui::SetNextWindowPos(ImVec2(left + mid, 0));
    ImGui::SetNextWindowSize(ImVec2(rest - mid, h));
    ImGui::Begin("Selected layer", nullptr, pane);
    drawSelected(s, L, rest - mid, h);
    ImGui::End();
    return std::max(h, 640.0f);
}

bool applyUrlKey(AppState& s, const std::string& key, const std::string& value) {
    LayersState& L = ensure(s);
    char* end = nullptr;
    const double x = std::strtod(value.c_str(), &end);
    const bool num = end && *end == 0 && !value.empty();
    if (key == "variant") {
        static const char* names[] = {"trained", "untrained", "shifted"};
        for (int i = 0; i < 3; ++i)
            if (value == names[i]) { L.series = i; return true; }
        if (num && x >= 0 && x < 3) { L.series = int(x); return true; }
        return false;
    }
    if (key == "layer") {
        static const char* names[] = {"input", "conv1", "conv2", "conv3", "fc128", "logits"};
        for (int i = 0; i < 6; ++i)
            if (value == names[i]) { L.layer = i; return true; }
        if (num && x >= 0 && x < 64) { L.layer = int(x); return true; }
        return false;
    }
    if (key == "epoch") { if (num && x >= -1 && x < 1000) { L.epoch = int(x); return true; } return false; }
    if (key == "lz") { if (num && x >= 0 && x < 100) { L.Z = x; return true; } return false; }
    if (key == "wstep") { if (num && x >= -1 && x < 50) { L.step = int(x); L.stepApplied = true; return true; } return false; }
    return false;
}

void appendQuery(const AppState& s, const std::function<void(const char*, const std::string&)>& add) {
    if (!s.layers) return;
    const LayersState& L = *s.layers;
    static const char* variants[] = {"trained", "untrained", "shifted"};
    if (!L.showOwn && L.series >= 0 && L.series < 3) add("variant", variants[L.series]);
    const auto& names = L.set().layerNames;
    if (L.layer >= 0) add("layer", L.layer < int(names.size()) && !L.showOwn ? names[size_t(L.layer)] : std::to_string(L.layer));
    if (L.epoch >= 0) add("epoch", std::to_string(L.epoch));
    char b[32];
    std::snprintf(b, sizeof b, "%.4g", L.Z);
    add("lz", b);
    add("wstep", std::to_string(L.step));
}

}  // namespace peakscope::web::layers

//-----------------------------------------------------------------------------------------------
// Exported to the JS bridge above.
//-----------------------------------------------------------------------------------------------
using namespace peakscope;
using namespace peakscope::web;
using namespace peakscope::web::layers;

namespace {
LayersState* st() {
    AppState& s = session::state();
    return s.layers.get();
}

std::string jnum(double v) {
    if (!std::isfinite(v)) return "null";
    char b[32];
    std::snprintf(b, sizeof b, "%.6g", v);
    return b;
}
std::string jstr(const std::string& v) {
    std::string o = "\"";
    for (char c : v) {
        if (c == '"' || c == '\\') { o += '\\'; o += c; }
        else if ((unsigned char)c < 0x20) o += ' ';
        else o += c;
    }
    return o + "\"";
}
std::string seriesJson(LayersState& L, Series& se) {
    std::string o = "{\"name\":" + jstr(se.name) + ",\"epoch\":" + std::to_string(se.epoch) +
                    ",\"accuracy\":" + jnum(se.accuracy) + ",\"layers\":[";
    bool first = true;
    for (auto& r : se.layers) {
        if (!first) o += ',';
        first = false;
        if (r.name.empty()) { o += "null"; continue; }
        refreshAtZ(L, r, false);
        o += "{\"name\":" + jstr(r.name) + ",\"dims\":" + std::to_string(r.dims) + ",\"done\":" + (r.done ? "true" : "false") +
             ",\"failed\":" + (r.failed ? "true" : "false") + ",\"error\":" + jstr(r.error);
        if (r.a) {
            o += ",\"id\":" + jnum(r.a->id.id) + ",\"idErr\":" + jnum(r.a->id.error) + ",\"nPeaks\":" +
                 std::to_string(r.part.nClusters()) + ",\"ariClass\":" + jnum(r.ariClass) + ",\"ariMacro\":" + jnum(r.ariMacro) +
                 ",\"chiLabels\":" + jnum(r.chiLabels) + ",\"chiMacro\":" + jnum(r.chiMacro) + ",\"chiOutput\":" + jnum(r.chiOutput) +
                 ",\"workerMs\":" + jnum(r.workerMs) + ",\"graphMs\":" + jnum(r.graphMs) + ",\"n\":" + std::to_string(r.a->n) +
                 ",\"maxk\":" + std::to_string(r.maxk) + ",\"dominant\":[";
            for (size_t p = 0; p < r.dominant.size(); ++p) o += (p ? "," : "") + std::to_string(r.dominant[p]);
            o += "],\"merges\":[";  // dendrogram: [left, right] node ids (leaves 0..nPeaks−1)
            for (size_t m = 0; m < r.hier.merges.size(); ++m)
                o += std::string(m ? "," : "") + "[" + std::to_string(r.hier.merges[m].left) + "," + std::to_string(r.hier.merges[m].right) + "]";
            o += "]";
        }
        o += "}";
    }
    return o + "]}";
}
}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE int ps_layers_app_active() {
    return session::state().ui.mode == Mode::Layers ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE void ps_layers_app_manifest(const char* text) {
    LayersState* L = st();
    if (!L) return;
    LayerSet set;
    set.title = "Fashion-MNIST CNN (shipped)";
    Series* cur = nullptr;
    bool inEpochs = false;
    for (const auto& line : split(text, '\n')) {
        const auto f = split(line, '\t');
        if (f.empty()) continue;
        auto at = [&](size_t i) { return i < f.size() ? f[i] : std::string(); };
        if (f[0] == "n") set.n = Index(std::atoll(at(1).c_str()));
        else if (f[0] == "class") set.classes.push_back(at(1));
        else if (f[0] == "macro") set.macroNames.push_back(at(1));
        else if (f[0] == "c2m") for (const auto& v : split(at(1), ' ')) set.classToMacro.push_back(std::atoi(v.c_str()));
        else if (f[0] == "series") {
            set.series.emplace_back();
            cur = &set.series.back();
            cur->name = at(1);
            cur->description = at(2);
            cur->accuracy = std::atof(at(3).c_str());
            cur->epoch = std::atoi(at(4).c_str());
            if (cur->name == "shifted") set.shiftedSeries = int(set.series.size()) - 1;
        } else if (f[0] == "epoch") {
            inEpochs = true;
            const int e = std::atoi(at(1).c_str());
            const bool alias = e == 0 || (!set.series.empty() && e == set.series[0].epoch);
            if (alias) { cur = nullptr; continue; }  // = untrained / trained variants
            set.epochs.emplace_back();
            cur = &set.epochs.back();
            cur->name = "epoch " + at(1);
            cur->epoch = e;
            cur->accuracy = std::atof(at(2).c_str());
            cur->layers.resize(set.layerNames.size());
        } else if (f[0] == "layer" && cur) {
            LayerResult r;
            r.name = at(1);
            r.dims = Index(std::atoll(at(2).c_str()));
            r.key = at(3);
            r.dist = at(4);
            r.index = at(5);
            r.act = r.dist.empty() ? at(6) : "";
            r.scale = std::atof(at(7).c_str());
            if (inEpochs) {
                for (size_t i = 0; i < set.layerNames.size(); ++i)
                    if (set.layerNames[i] == r.name) cur->layers[i] = r;
            } else {
                if (&set.series[0] == cur) set.layerNames.push_back(r.name);
                cur->layers.push_back(r);
            }
        }
    }
    set.outputLayer = int(set.layerNames.size()) - 1;
    L->shipped = std::move(set);
    // fetch: images (page) then the variants, the snapshots last
    // the trained variant's files first (its six layers are analysed before the rest arrives, so the
    // worker parses nothing else meanwhile); the others when those are done (fetchRest)
    std::vector<std::string> files;
    for (auto& r : L->shipped.series.empty() ? std::vector<LayerResult>{} : L->shipped.series[0].layers)
        if (std::find(files.begin(), files.end(), r.key) == files.end()) files.push_back(r.key);
    L->load.filesPending = int(files.size()) + 1;
    jsLayersFetchFile("images.npz", 0);
    for (const auto& f : files) jsLayersFetchFile(f.c_str(), 1);
    L->load.stage = "downloading the activation sets";
}

// images.npz (page side): labels, images, shifts.
EMSCRIPTEN_KEEPALIVE void ps_layers_app_page_file(const char* key, const unsigned char* bytes, int size) {
    LayersState* L = st();
    if (!L) return;
    try {
        const auto arrays = io::readNpz(std::string_view(reinterpret_cast<const char*>(bytes), size_t(size)), key);
        LayerSet& set = L->shipped;
        for (const auto& a : arrays) {
            if (a.name == "labels") set.labels.assign(a.values.begin(), a.values.end());
            else if (a.name == "images") set.images.assign(a.values.begin(), a.values.end());
            else if (a.name == "shifts") set.shifts.assign(a.values.begin(), a.values.end());
        }
        if (set.labels.empty()) throw Error(std::string(key) + ": has no 'labels'");
        sendLabels(set, 0);
    } catch (const std::exception& e) {
        session::error(session::state(), e.what());
    }
}

EMSCRIPTEN_KEEPALIVE void ps_layers_app_fetched(const char* key) {
    LayersState* L = st();
    if (!L) return;
    (void)key;
    L->load.filesPending = std::max(0, L->load.filesPending - 1);
}

EMSCRIPTEN_KEEPALIVE void ps_layers_app_file_info(const char* key, const char* listing, const int32_t* labels, int nLabels) {
    LayersState* L = st();
    if (!L) return;
    const std::string k = key;
    if (k.rfind("own", 0) == 0) {
        if (g_own.token == 0) return;
        g_own.listing[k] = listing;
        if (nLabels > 0) g_own.labels[k].assign(labels, labels + nLabels);
        maybeFinishOwn(session::state(), *L);
        return;
    }
    L->load.fileReady[k] = true;
    pump(*L);
}

EMSCRIPTEN_KEEPALIVE void ps_layers_app_result(int job, int slot, const unsigned char* bytes, int size, double chiL,
                                               double chiM, double chiO, double graphMs, double ms, int maxk) {
    LayersState* L = st();
    if (!L || job != L->load.job) return;
    (void)slot;
    LayerSet& set = L->load.set == 1 ? L->own : L->shipped;
    Series* se = seriesOf(set, L->load.series);
    L->load.job = 0;
    if (se && L->load.layer >= 0 && L->load.layer < int(se->layers.size())) {
        LayerResult& r = se->layers[size_t(L->load.layer)];
        try {
            auto a = std::make_shared<Analysis>();
            Matrix proj;
            std::vector<double> ex;
            decodeAnalysis(bytes, size_t(size), *a, proj, ex);
            r.a = a;
            r.done = true;
            r.chiLabels = chiL;
            r.chiMacro = chiM;
            r.chiOutput = chiO;
            r.graphMs = graphMs;
            r.workerMs = ms;
            r.maxk = maxk;
            r.zOf = NAN;
            refreshAtZ(*L, r, false);
        } catch (const std::exception& e) {
            r.failed = true;
            r.error = e.what();
        }
        if (L->load.set == 0 && L->load.series == 0 && std::isnan(L->load.trainedMs)) {
            bool all = true;
            for (auto& x : se->layers) all = all && x.done;
            if (all) {
                L->load.trainedMs = emscripten_get_now() - L->load.trainedStarted;
                std::printf("Layers: the six layers of the trained set analysed in %.0f ms (page, from the first job "
                            "to the last result)\n", L->load.trainedMs);
                fetchRest(*L);
            }
        }
    }
    pump(*L);
}

EMSCRIPTEN_KEEPALIVE void ps_layers_app_error(int job, const char* key, const char* message) {
    LayersState* L = st();
    AppState& s = session::state();
    if (!L) return;
    const std::string k = key;
    if (k.rfind("own", 0) == 0 && g_own.token != 0) {
        if (g_own.error.empty()) g_own.error = message;
        maybeFinishOwn(s, *L);
        return;
    }
    if (job > 0 && job == L->load.job) {
        LayerSet& set = L->load.set == 1 ? L->own : L->shipped;
        Series* se = seriesOf(set, L->load.series);
        if (se && L->load.layer >= 0 && L->load.layer < int(se->layers.size())) {
            se->layers[size_t(L->load.layer)].failed = true;
            se->layers[size_t(L->load.layer)].error = message;
        }
        L->load.job = 0;
        session::error(s, std::string("Layer analysis: ") + message);
        pump(*L);
        return;
    }
    session::error(s, message);
    if (!k.empty()) {  // a shipped file failed: stop waiting for it
        L->load.filesPending = std::max(0, L->load.filesPending - 1);
        L->load.active = false;
        L->load.error = message;
    }
}

EMSCRIPTEN_KEEPALIVE int ps_layers_app_own_begin(int nFiles, double totalBytes) {
    AppState& s = session::state();
    LayersState& L = ensure(s);
    ensureWorker();
    if (g_own.token != 0) {
        session::error(s, "still reading the previous files; wait a moment");
        return 0;
    }
    if (nFiles <= 0) return 0;
    if (totalBytes > double(web::limits::kMaxFileBytes)) {
        session::error(s, "the dropped files hold " + std::to_string(int64_t(totalBytes) >> 20) + " MB, more than the app reads (" +
                              std::to_string(web::limits::kMaxFileBytes >> 20) + " MB)");
        return 0;
    }
    (void)L;
    g_own = {};
    g_own.token = ++g_ownToken;
    return g_own.token;
}
EMSCRIPTEN_KEEPALIVE void ps_layers_app_own_file(int token, const char* key, const char* name) {
    if (token != g_own.token) return;
    g_own.keys.push_back(key);
    g_own.names.push_back(name);
}
EMSCRIPTEN_KEEPALIVE void ps_layers_app_own_classes(int token, const char* name, const char* text, int ok) {
    if (token != g_own.token) return;
    if (!ok) {
        g_own.error = std::string(name) + ": class names must be a JSON array of strings, e.g. [\"cat\", \"dog\"]";
        return;
    }
    g_own.classNames = split(text, '\n');
}
EMSCRIPTEN_KEEPALIVE void ps_layers_app_own_sent(int token) {
    if (token != g_own.token) return;
    g_own.sent = true;
    if (g_own.keys.empty() && g_own.error.empty()) g_own.error = "no .npz or .npy file among the dropped files";
    maybeFinishOwn(session::state(), *st());
}

EMSCRIPTEN_KEEPALIVE const char* ps_layers_json() {
    static std::string out;
    LayersState* L = st();
    if (!L) { out = "{\"ready\":false}"; return out.c_str(); }
    int total = 0, done = 0;
    countLayers(L->set(), total, done);
    out = "{\"ready\":true,\"busy\":" + std::string(L->load.active ? "true" : "false") + ",\"stage\":" + jstr(L->load.stage) +
          ",\"fraction\":" + jnum(L->load.fraction) + ",\"total\":" + std::to_string(total) + ",\"done\":" + std::to_string(done) +
          ",\"trainedMs\":" + jnum(L->load.trainedMs) + ",\"Z\":" + jnum(L->Z) + ",\"series\":" + std::to_string(L->series) +
          ",\"layer\":" + std::to_string(L->layer) + ",\"epoch\":" + std::to_string(L->epoch) + ",\"step\":" + std::to_string(L->step) +
          ",\"playing\":" + (L->playing ? "true" : "false") + ",\"own\":" + (L->showOwn ? "true" : "false") +
          ",\"filesPending\":" + std::to_string(L->load.filesPending) + ",\"filesReady\":" + std::to_string(L->load.fileReady.size()) +
          ",\"title\":" + jstr(L->set().title) + ",\"hoverPeak\":" + std::to_string(L->hoverPeak) + ",\"layerNames\":[";
    for (size_t i = 0; i < L->set().layerNames.size(); ++i) out += (i ? "," : "") + jstr(L->set().layerNames[i]);
    out += "],\"classes\":[";
    for (size_t i = 0; i < L->set().classes.size(); ++i) out += (i ? "," : "") + jstr(L->set().classes[i]);
    out += "],\"classToMacro\":[";
    for (size_t i = 0; i < L->set().classToMacro.size(); ++i) out += (i ? "," : "") + std::to_string(L->set().classToMacro[i]);
    out += "],\"variants\":[";
    for (size_t i = 0; i < L->set().series.size(); ++i) out += (i ? "," : "") + seriesJson(*L, L->set().series[i]);
    out += "],\"epochs\":[";
    for (size_t i = 0; i < L->set().epochs.size(); ++i) out += (i ? "," : "") + seriesJson(*L, L->set().epochs[i]);
    out += "]}";
    return out.c_str();
}

EMSCRIPTEN_KEEPALIVE void ps_layers_select(int series, int layer, int epoch) {
    LayersState* L = st();
    if (!L) return;
    L->series = std::clamp(series, 0, std::max(0, int(L->set().series.size()) - 1));
    L->layer = layer;
    L->epoch = epoch;
    session::state().ui.urlDirty = true;
}
EMSCRIPTEN_KEEPALIVE void ps_layers_set_z(double z) {
    LayersState* L = st();
    if (!L || !(z >= 0)) return;
    L->Z = z;
    session::state().ui.urlDirty = true;
}

}  // extern "C"

// PeakScope Tutorial 2 ("Layers"): this part's side of the page's one compute worker
// (platform/worker.hpp, messages protocol/messages.hpp) and of the page's files (platform/files.hpp):
// fetches of the shipped sets, own files (drop, picker, window.peakscope.layersOpen), messages to the
// worker and the replies, handed to layers_replies.cpp / layers_own_data.cpp.
//   Sections: [1] install (hooks, replies)  [2] fetches  [3] messages to the worker  [4] own files
// Example: fetchFile("trained_logits.npz", true);
#include <emscripten.h>

#include <cstdint>
#include <string>

#include "parts/layers/layers_internal.hpp"
#include "platform/files.hpp"
#include "platform/worker.hpp"
#include "protocol/limits.hpp"
#include "shell/app.hpp"

namespace peakscope::web::layers {

namespace worker = platform::worker;
namespace files = platform::files;

namespace {

//-----------------------------------------------------------------------------------------------
// [1] Install: the page API hooks, the worker's replies, a fresh worker after another part's cancel.
//-----------------------------------------------------------------------------------------------
EM_JS(void, jsLayersHooks, (), {
    const ps = window.peakscope || (window.peakscope = {});
    ps.layers = () => JSON.parse(UTF8ToString(Module._ps_layers_json()));
    ps.layersSelect = (series, layer, epoch) => Module._ps_layers_select(series, layer, epoch === undefined ? -1 : epoch);
    ps.layersSetZ = (z) => Module._ps_layers_set_z(z);
});

// Fetches the manifest; gives replyManifest a tab-separated digest of it.
EM_JS(void, jsLayersFetchManifest, (), {
    const base = 'data/tutorial2/cluttered/';
    const str = (s) => {
        const len = lengthBytesUTF8(s) + 1;
        const p = _malloc(len);
        stringToUTF8(s, p, len);
        return p;
    };
    const fail = (why) => {
        const k = str(""), p = str('could not load ' + base + 'manifest.json: ' + why);
        Module._ps_layers_app_error(-1, k, p);
        _free(k); _free(p);
    };
    fetch(base + 'manifest.json').then((r) => {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json();
    }).then((m) => {
        if (!Module.psLayersManifestWanted) return;
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
        const p = str(L.join('\n'));
        Module._ps_layers_app_manifest(p);
        _free(p);
    }).catch((err) => { if (Module.psLayersManifestWanted) fail(err && err.message ? err.message : String(err)); });
    Module.psLayersManifestWanted = true;
});

EM_JS(void, jsLayersManifestUnwanted, (), { Module.psLayersManifestWanted = false; });

struct Running {
    int job = 0;
    std::string stage;
    double fraction = -1;
} g_progress;

int g_warmGeneration = -1;

void onReply(const protocol::ToPage& m) {
    if (!st()) return;
    if (auto* p = std::get_if<protocol::Progress>(&m)) {
        if (p->job == g_progress.job) {
            g_progress.stage = p->stage;
            g_progress.fraction = p->fraction;
        }
    } else if (auto* f = std::get_if<protocol::LayersFileInfo>(&m)) {
        replyFileInfo(f->key, f->listing, f->labels);
    } else if (auto* r = std::get_if<protocol::LayersResult>(&m)) {
        replyResult(*r);
    } else if (auto* e = std::get_if<protocol::Failed>(&m)) {
        if (e->workerLost) {
            if (st()->load.active) ps_layers_app_error(-1, "", e->message.c_str());
        } else if (!e->key.empty() || (e->job > 0 && e->job == st()->load.job)) {
            ps_layers_app_error(e->job, e->key.c_str(), e->message.c_str());
        }
    }
}

}  // namespace

void installBridge() {
    jsLayersHooks();
    worker::listen(onReply);
    worker::onRestart([] {
        if (LayersState* L = st()) workerRestarted(*L);
    });
    files::exposeOpener("layersOpen", [](std::vector<files::File> list) { openOwnFiles(std::move(list)); });
}

void ensureWorker() {
    worker::start();
    if (g_warmGeneration != worker::generation()) {
        g_warmGeneration = worker::generation();
        worker::post(protocol::LayersWarmup{});
    }
}

//-----------------------------------------------------------------------------------------------
// [2] Fetches: the manifest and the shipped files (data/tutorial2/cluttered/), abort, progress.
//-----------------------------------------------------------------------------------------------
void fetchManifest() { jsLayersFetchManifest(); }

void fetchFile(const std::string& file, bool toWorker) {
    const std::string url = "data/tutorial2/cluttered/" + file;
    files::fetch(url, file, 0, [file, url, toWorker](const files::File* f, const std::string& why) {
        if (!st()) {
            if (f) files::release(f->id);
            return;
        }
        if (!f) {
            ps_layers_app_error(-1, file.c_str(), ("could not load " + url + ": " + why).c_str());
            return;
        }
        if (toWorker) {
            ensureWorker();
            worker::post(protocol::LayersFile{file, file}, f->id);
            files::release(f->id);
            ps_layers_app_fetched(file.c_str());
            return;
        }
        const int id = f->id;
        files::readBytes(id, [file, id](const std::string& bytes, const std::string& error) {
            files::release(id);
            if (!st()) return;
            if (!error.empty()) {
                ps_layers_app_error(-1, file.c_str(), (file + ": " + error).c_str());
                return;
            }
            ps_layers_app_page_file(file.c_str(), reinterpret_cast<const unsigned char*>(bytes.data()), int(bytes.size()));
            ps_layers_app_fetched(file.c_str());
        });
    });
}

void abortFetches() {
    jsLayersManifestUnwanted();
    files::abortFetches();
}

double fetchFraction() { return files::fetchFraction(); }

double pollJobProgress(int job, std::string& stage) {
    if (job != g_progress.job || g_progress.fraction < 0) return -1;
    stage = g_progress.stage;
    return g_progress.fraction;
}

//-----------------------------------------------------------------------------------------------
// [3] Messages to the worker: labels, per-layer jobs, dropping parsed files.
//-----------------------------------------------------------------------------------------------
void postLabels(int set, const std::vector<int32_t>& labels, const std::vector<int32_t>& macro) {
    ensureWorker();
    worker::post(protocol::LayersLabels{set, labels, macro});
}

int postAnalyze(int set, int slot, int ref, const LayerResult& r, int maxk) {
    ensureWorker();
    const int job = worker::newJob();
    g_progress = Running{job, "starting", 0};
    worker::post(protocol::LayersAnalyze{job, set, slot, ref, r.key, r.dist, r.index, r.act, r.scale, maxk});
    return job;
}

void postDrop(const std::string& key) { worker::post(protocol::LayersDrop{key}); }

//-----------------------------------------------------------------------------------------------
// [4] Own files (dropped, picked or given to window.peakscope.layersOpen): .npz / .npy to the
// worker under "own<token>:<name>", a .json of class names read here.
//-----------------------------------------------------------------------------------------------
void openOwnFiles(std::vector<platform::files::File> list) {
    double total = 0;
    for (const auto& f : list) total += f.size;
    const int token = ps_layers_app_own_begin(int(list.size()), total);
    if (token <= 0) {
        for (const auto& f : list) files::release(f.id);
        return;
    }
    auto jsonLeft = std::make_shared<int>(0);
    for (const auto& f : list) {
        std::string lower = f.name;
        for (char& c : lower) c = char(std::tolower((unsigned char)c));
        if (lower.size() >= 5 && lower.compare(lower.size() - 5, 5, ".json") == 0) ++*jsonLeft;
    }
    const bool anyJson = *jsonLeft > 0;
    for (const auto& f : list) {
        std::string lower = f.name;
        for (char& c : lower) c = char(std::tolower((unsigned char)c));
        if (lower.size() >= 5 && lower.compare(lower.size() - 5, 5, ".json") == 0) {
            const std::string name = f.name;
            const int id = f.id;
            files::readStringArray(id, [token, name, id, jsonLeft](bool ok, std::vector<std::string> names) {
                files::release(id);
                std::string joined;
                for (size_t i = 0; i < names.size(); ++i) joined += (i ? "\n" : "") + names[i];
                ps_layers_app_own_classes(token, name.c_str(), joined.c_str(), ok ? 1 : 0);
                if (--*jsonLeft == 0) ps_layers_app_own_sent(token);
            });
            continue;
        }
        const bool table = (lower.size() >= 4 && lower.compare(lower.size() - 4, 4, ".npz") == 0) ||
                           (lower.size() >= 4 && lower.compare(lower.size() - 4, 4, ".npy") == 0);
        if (!table) {  // e.g. a .csv table: says what this part reads
            ps_layers_app_own_other(token, f.name.c_str());
            files::release(f.id);
            continue;
        }
        const std::string key = "own" + std::to_string(token) + ":" + f.name;
        ps_layers_app_own_file(token, key.c_str(), f.name.c_str());
        worker::post(protocol::LayersFile{key, f.name}, f.id);
        files::release(f.id);
    }
    if (!anyJson) ps_layers_app_own_sent(token);
}

void pickOwnFiles() {
    files::pick(".npz,.npy,.json", true, [](std::vector<files::File> list) { openOwnFiles(std::move(list)); });
}

}  // namespace peakscope::web::layers

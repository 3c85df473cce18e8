// PeakScope Tutorial 2 ("Layers"): replies of the fetches and the worker (layers_bridge.cpp): the manifest of the shipped sets, images.npz (labels, images,
// shifts), parsed files, per-layer results (decoded Analysis, χ overlaps; Doimo et al. 2020), errors.
//   Sections: [1] manifest and files  [2] errors  [3] worker replies: listings, results
// Example: replyResult(protocol::LayersResult{...});  ps_layers_app_error(job, key, "message");
#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/io/readers.hpp"
#include "parts/layers/layers_internal.hpp"
#include "platform/platform.hpp"
#include "shell/app.hpp"

using namespace peakscope;
using namespace peakscope::web;
using namespace peakscope::web::layers;

extern "C" {

//-----------------------------------------------------------------------------------------------
// [1] Manifest (tab-separated digest made by jsLayersFetchManifest) and fetched files
//-----------------------------------------------------------------------------------------------
void ps_layers_app_manifest(const char* text) {
    LayersState* L = st();
    if (!L) return;
    LayerSet set;
    set.title = "CNN on Fashion-MNIST (shipped)";
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
        else if (f[0] == "unit") {
            set.snapshotUnit = at(1);
            set.batchesPerEpoch = std::atoi(at(2).c_str());
        }
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
            cur->name = set.snapshotUnit + " " + at(1);
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
    set.summary = std::move(L->shipped.summary);  // summary.json may have arrived first
    L->shipped = std::move(set);
    // fetch: images (page) then the variants, the snapshots last
    // the trained variant's files first (its six layers are analysed before the rest arrives, so the
    // worker parses nothing else meanwhile); the others when those are done (fetchRest)
    std::vector<std::string> files;
    for (auto& r : L->shipped.series.empty() ? std::vector<LayerResult>{} : L->shipped.series[0].layers)
        if (std::find(files.begin(), files.end(), r.key) == files.end()) files.push_back(r.key);
    L->load.filesPending = int(files.size()) + 1;
    fetchFile("images.npz", false);
    for (const auto& f : files) fetchFile(f, true);
    L->load.stage = "downloading the activation sets";
}

// images.npz (page side): labels, images, shifts.
void ps_layers_app_page_file(const char* key, const unsigned char* bytes, int size) {
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
        // square images: side from the number of pixels per image (28 plain, 32 cluttered)
        const size_t per = set.images.size() / set.labels.size();
        set.imageSide = int(std::lround(std::sqrt(double(per))));
        if (size_t(set.imageSide) * size_t(set.imageSide) != per || set.images.size() % set.labels.size()) set.images.clear();
        sendLabels(set, 0);
    } catch (const std::exception& e) {
        shell::error(e.what());
    }
}

void ps_layers_app_fetched(const char* key) {
    LayersState* L = st();
    if (!L) return;
    (void)key;
    L->load.filesPending = std::max(0, L->load.filesPending - 1);
    pump(*L);  // the shipped jobs wait for the labels (images.npz)
}

//-----------------------------------------------------------------------------------------------
// [2] Per-layer results and errors
//-----------------------------------------------------------------------------------------------
void ps_layers_app_error(int job, const char* key, const char* message) {
    LayersState* L = st();
    if (!L) return;
    const std::string k = key;
    if (k.rfind("own", 0) == 0 && ownLoad().token != 0) {
        if (ownLoad().error.empty()) ownLoad().error = message;
        maybeFinishOwn(*L);
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
        shell::error(std::string("Layer analysis: ") + message);
        pump(*L);
        return;
    }
    shell::error(message);
    if (!k.empty()) {  // a shipped file failed: stop waiting for it
        L->load.filesPending = std::max(0, L->load.filesPending - 1);
        L->load.active = false;
        L->load.error = message;
    }
}

}  // extern "C"

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// [3] Replies of the worker (layers_bridge.cpp): a file's listing, a layer's result
//-----------------------------------------------------------------------------------------------
void replyFileInfo(const std::string& key, const std::string& listing, const std::vector<int32_t>& labels) {
    LayersState* L = st();
    if (!L) return;
    const std::string k = key;
    if (k.rfind("own", 0) == 0) {
        if (ownLoad().token == 0) return;
        ownLoad().listing[k] = listing;
        if (!labels.empty()) ownLoad().labels[k] = labels;
        maybeFinishOwn(*L);
        return;
    }
    if (!L->load.fileReady[k]) L->load.filesPending = std::max(0, L->load.filesPending - 1);  // downloaded and read
    L->load.fileReady[k] = true;
    pump(*L);
}

void replyResult(const protocol::LayersResult& m) {
    const int job = m.job;
    const double chiL = m.chiLabels, chiM = m.chiMacro, chiO = m.chiOutput, graphMs = m.graphMs, ms = m.ms;
    const int maxk = m.maxk;
    LayersState* L = st();
    if (!L || job != L->load.job) return;
    LayerSet& set = L->load.set == 1 ? L->own : L->shipped;
    Series* se = seriesOf(set, L->load.series);
    L->load.job = 0;
    if (se && L->load.layer >= 0 && L->load.layer < int(se->layers.size())) {
        LayerResult& r = se->layers[size_t(L->load.layer)];
        try {
            if (!m.analysis) throw Error("internal: a layer result without its analysis");
            r.a = m.analysis;  // decoded once by the transport
            r.done = true;
            r.chiLabels = chiL;
            r.chiMacro = chiM;
            r.chiOutput = chiO;
            r.graphMs = graphMs;
            r.workerMs = ms;
            r.maxk = maxk;
            r.zOf = NAN;
            // at Z now if its set is on screen (refreshAtZ reads the shown set's labels); else when shown
            if (&set == &L->set()) refreshAtZ(*L, r, false);
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

}  // namespace peakscope::web::layers

// PeakScope Tutorial 2 ("Layers"): replies of the fetches and the worker (layers_bridge.cpp): the
// manifest of the shipped sets, images.npz (labels, images, shifts), parsed files, per-layer results
// (decoded Analysis, χ overlaps; Doimo et al. 2020), errors. Replies about the own drop's files are
// taken by layers_own_data.cpp first (ownFileInfo, ownFailed).
//   Sections: [1] manifest and files  [2] errors  [3] worker replies: listings, results
// Example: replyResult(protocol::LayersResult{...});  onError(job, key, "message");
#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/io/readers.hpp"
#include "parts/layers/layers_loading.hpp"
#include "parts/layers/layers_own_data.hpp"
#include "parts/layers/layers_worker.hpp"
#include "platform/platform.hpp"
#include "shell/app.hpp"

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// [1] Manifest (layers_manifest.hpp) and fetched files
//-----------------------------------------------------------------------------------------------
void onManifest(LayerSet set) {
    LayersState* L = st();
    if (!L) return;
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

// images.npz (page side): the labels and shifts at once (the worker's jobs wait for the labels);
// the images (3 MB to inflate on the page's thread) later, by readImages.
void onPageFile(const std::string& key, std::string bytes) {
    LayersState* L = st();
    if (!L) return;
    try {
        LayerSet& set = L->shipped;
        for (const auto& a : io::readNpzMembers(bytes, key, {"labels", "shifts"})) {
            if (a.name == "labels") set.labels.assign(a.values.begin(), a.values.end());
            else if (a.name == "shifts") set.shifts.assign(a.values.begin(), a.values.end());
        }
        if (set.labels.empty()) throw Error(key + ": has no 'labels'");
        set.imagesNpz = std::move(bytes);  // 3 MB: kept, not copied
        sendLabels(set, 0);
    } catch (const std::exception& e) {
        shell::error(e.what());
    }
}

void readImages(LayerSet& set) {
    if (set.imagesNpz.empty()) return;
    std::string bytes;
    bytes.swap(set.imagesNpz);  // taken, not copied; imagesNpz is empty: read once
    try {
        const auto arrays = io::readNpzMembers(bytes, "images.npz", {"images"});
        if (arrays.empty() || set.labels.empty()) return;  // no thumbnails
        set.images.assign(arrays[0].values.begin(), arrays[0].values.end());
        // square images: side from the number of pixels per image (28 plain, 32 cluttered)
        const size_t per = set.images.size() / set.labels.size();
        set.imageSide = int(std::lround(std::sqrt(double(per))));
        if (size_t(set.imageSide) * size_t(set.imageSide) != per || set.images.size() % set.labels.size()) set.images.clear();
    } catch (const std::exception& e) {
        shell::error(e.what());
    }
}

void onFetched(const std::string& key) {
    LayersState* L = st();
    if (!L) return;
    (void)key;
    L->load.filesPending = std::max(0, L->load.filesPending - 1);
    pump(*L);  // the shipped jobs wait for the labels (images.npz)
}

//-----------------------------------------------------------------------------------------------
// [2] Per-layer results and errors
//-----------------------------------------------------------------------------------------------
void onError(int job, const std::string& key, const std::string& message) {
    LayersState* L = st();
    if (!L || ownFailed(key, message)) return;
    const std::string& k = key;
    if (job > 0 && job == L->load.job) {
        LayerSet& set = L->load.set == 1 ? L->own : L->shipped;
        Series* se = seriesOf(set, L->load.series);
        if (se && L->load.layer >= 0 && L->load.layer < int(se->layers.size())) {
            se->layers[size_t(L->load.layer)].failed = true;
            se->layers[size_t(L->load.layer)].error = message;
        }
        L->load.job = 0;
        shell::error("Layer analysis: " + message);
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

//-----------------------------------------------------------------------------------------------
// [3] Replies of the worker (layers_bridge.cpp): a file's listing, a layer's result
//-----------------------------------------------------------------------------------------------
void replyFileInfo(const std::string& key, const std::string& listing, const std::vector<int32_t>& labels) {
    LayersState* L = st();
    if (!L || ownFileInfo(key, listing, labels)) return;
    const std::string& k = key;
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

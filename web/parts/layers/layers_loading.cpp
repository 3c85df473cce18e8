// PeakScope Tutorial 2 ("Layers"): loading the shipped CNN activation sets (data/tutorial2/,
// made by demos/cnn) and scheduling the per-layer jobs, one at a time, in the page's worker
// (worker/layers_jobs.cpp); per-frame progress. Replies: layers_replies.cpp.
//   Sections: [1] helpers  [2] scheduling  [3] start / cancel  [4] progress
// Example: if (!L.shippedRequested) startShipped(L);
#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "parts/layers/layers_loading.hpp"
#include "parts/layers/layers_own_data.hpp"
#include "parts/layers/layers_worker.hpp"
#include "platform/worker.hpp"

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// [1] Helpers shared by the page-side files
//-----------------------------------------------------------------------------------------------
namespace {
std::unique_ptr<LayersState> g_state;  // created when the part is first shown or named by the link
bool g_installed = false;
}  // namespace

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

void sendLabels(LayerSet& set, int setId) {
    std::vector<int32_t> macro;
    if (!set.classToMacro.empty()) {
        macro.resize(set.labels.size());
        for (size_t i = 0; i < macro.size(); ++i) {
            const int c = set.labels[i];
            macro[i] = c >= 0 && c < int(set.classToMacro.size()) ? set.classToMacro[size_t(c)] : -1;
        }
    }
    postLabels(setId, set.labels, macro);
}

LayersState& ensure() {
    if (!g_state) g_state = std::make_unique<LayersState>();
    if (!g_installed) {
        g_installed = true;  // first: a reply replayed while installing may call ensure() again
        installBridge();
    }
    return *g_state;
}

LayersState* st() { return g_state.get(); }

//-----------------------------------------------------------------------------------------------
// [2] Scheduling: one worker job at a time; per series the output layer goes first (χ^out needs
// its graph), the trained variant before the others, the epoch snapshots last.
//-----------------------------------------------------------------------------------------------
namespace {

int slotOf(int seriesKey, int layer) { return seriesKey * 64 + layer; }

bool pumpSet(LayersState& L, LayerSet& set, int setId) {
    // χ needs the labels in the worker first: while images.npz (which holds them) may still come,
    // the shipped layers wait (the worker may have read its files before the page read the labels)
    if (setId == 0 && set.labels.empty() && L.load.filesPending > 0 && L.load.error.empty()) return false;
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
            const bool outDone = out >= 0 && li != out && se->layers[size_t(out)].done;
            const int ref = outDone ? slotOf(key, out) : -1;
            L.load.set = setId;
            L.load.series = key;
            L.load.layer = li;
            if (setId == 0 && key == 0 && std::isnan(L.load.trainedStarted)) L.load.trainedStarted = now();
            L.load.job = postAnalyze(setId, slotOf(key, li) + setId * 100000, ref < 0 ? -1 : ref + setId * 100000, r, L.Z);
            return true;
        }
    }
    return false;
}

}  // namespace

bool defaultNetworkPending(const LayersState& L) {
    if (L.shipped.series.empty()) return true;
    for (const LayerResult& r : L.shipped.series[0].layers)
        if (!r.done && !r.failed && L.load.active) return true;
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
    if (L.load.job != 0 || L.workerRestarted) return;  // (a restart: update() resumes first)
    // the set on screen first
    const bool first = L.showOwn ? pumpSet(L, L.own, 1) : pumpSet(L, L.shipped, 0);
    if (!first) {
        if (!(L.showOwn ? pumpSet(L, L.shipped, 0) : pumpSet(L, L.own, 1))) {
            int t0, d0, t1, d1;
            countLayers(L.shipped, t0, d0);
            countLayers(L.own, t1, d1);
            const bool waitingManifest = L.shippedRequested && L.shipped.series.empty() && L.load.error.empty();
            if (L.load.filesPending == 0 && d0 == t0 && d1 == t1 && !waitingManifest && L.ownLoad.token == 0)
                L.load.active = false;
        }
    }
}

//-----------------------------------------------------------------------------------------------
// [3] Start (or resume after a cancel), fetch the rest, cancel, the file picker
//-----------------------------------------------------------------------------------------------
// Fetches the shipped files not yet requested (after the trained variant is analysed).
void fetchRest(LayersState& L) {
    std::vector<std::string> files;
    auto add = [&](const std::string& f) {
        if (!f.empty() && !L.load.fileReady[f] && std::find(files.begin(), files.end(), f) == files.end()) files.push_back(f);
    };
    for (auto& se : L.shipped.series) for (auto& r : se.layers) if (!r.name.empty() && !r.done) add(r.key);
    for (auto& se : L.shipped.epochs) for (auto& r : se.layers) if (!r.name.empty() && !r.done) add(r.key);
    L.load.filesPending += int(files.size());
    for (const auto& f : files) fetchFile(f, true);
}

void startShipped(LayersState& L) {
    ensureWorker();
    L.shippedRequested = true;
    L.load.active = true;
    L.load.error.clear();
    L.load.stage = "fetching the manifest";
    L.load.fraction = 0;
    if (std::isnan(L.load.trainedMs)) L.load.trainedStarted = NAN;
    if (L.shipped.series.empty()) {
        fetchManifest();
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
        fetchFile(file, true);
    }
    if (L.shipped.labels.empty() || (L.shipped.images.empty() && L.shipped.imagesNpz.empty())) {
        ++L.load.filesPending;
        fetchFile("images.npz", false);
    } else {
        sendLabels(L.shipped, 0);
    }
}

namespace {
// Stops the downloads and forgets what the worker held (files, the running job).
void dropWorkerState(LayersState& L) {
    abortFetches();  // (they end without a reply: a summary still on its way is asked for again)
    if (!L.shipped.summary.ready && L.shipped.summary.error.empty()) L.shipped.summary.requested = false;
    L.load.fileReady.clear();
    L.load.job = 0;
    L.load.filesPending = 0;
    L.load.active = false;
    if (std::isnan(L.load.trainedMs)) L.load.trainedStarted = NAN;
    L.ownLoad = {};
    // layers of the own set that were not analysed cannot be resumed (their files are gone)
    for (auto& se : L.own.series)
        for (auto& r : se.layers)
            if (!r.name.empty() && !r.done && !r.failed) {
                r.failed = true;
                r.error = "cancelled";
            }
}
}  // namespace

void cancelLoading(LayersState& L) {
    dropWorkerState(L);
    platform::worker::restart();  // a fresh worker: the running job stops, parsed files are gone
    L.workerRestarted = false;    // its state is dropped above and nothing resumes
}

// The worker was restarted (this part's cancel, or Tutorial 1's): loading that was under way
// starts again (the shipped files are fetched again; own layers not yet analysed are lost).
void workerRestarted(LayersState& L) {
    const bool resume = L.load.active;
    dropWorkerState(L);
    if (resume) startShipped(L);
}

void settleWorkerRestart(LayersState& L) {
    if (!L.workerRestarted) return;
    L.workerRestarted = false;
    workerRestarted(L);
}


//-----------------------------------------------------------------------------------------------
// [4] Per frame: stage and fraction of the downloads and the running job
//-----------------------------------------------------------------------------------------------
void poll(LayersState& L) {
    if (!L.load.active) return;
    int total = 0, done = 0;
    countLayers(L.set(), total, done);
    std::string stage;
    const double f = L.load.job ? pollJobProgress(L.load.job, stage) : -1;
    const double ff = fetchFraction();
    std::string what;
    if (L.load.job) {
        LayerSet& set = L.load.set == 1 ? L.own : L.shipped;
        Series* se = seriesOf(set, L.load.series);
        if (se && L.load.layer >= 0 && L.load.layer < int(se->layers.size()))
            what = "analysing " + se->name + " · " + se->layers[size_t(L.load.layer)].name + (stage.empty() ? std::string() : ": " + stage);
    }
    if (L.load.filesPending > 0) {  // a percentage for the page's own downloads (the worker's are not followed)
        char b[96];
        if (ff >= 0) std::snprintf(b, sizeof b, "downloading the activation sets (%.0f%%)", 100 * ff);
        else std::snprintf(b, sizeof b, "downloading the activation sets");
        what = what.empty() ? std::string(b) : what + " · " + b;
    }
    if (!what.empty()) L.load.stage = what;
    const double inLayer = f >= 0 ? std::clamp(f, 0.0, 1.0) : 0.0;
    L.load.fraction = total > 0 ? (done + inLayer) / total : (ff >= 0 ? ff : 0);
}

}  // namespace peakscope::web::layers

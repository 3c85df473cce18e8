// PeakScope Tutorial 2 ("Layers"): this part's side of the page's one compute worker
// (platform/worker.hpp, messages protocol/messages.hpp) and of the page's files (platform/files.hpp):
// fetches of the shipped sets, messages to the worker and the replies, handed to layers_replies.cpp
// and layers_own_data.cpp (the own files come from the drop, the picker or window.peakscope.layersOpen).
//   Sections: [1] install (hooks, replies)  [2] fetches  [3] messages to the worker
// Example: fetchFile("trained_logits.npz", true);
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <map>
#include <string>

#include "parts/layers/layers_loading.hpp"
#include "parts/layers/layers_manifest.hpp"
#include "parts/layers/layers_own_data.hpp"
#include "parts/layers/layers_params.hpp"
#include "parts/layers/layers_worker.hpp"
#include "platform/files.hpp"
#include "platform/hooks.hpp"
#include "platform/worker.hpp"
#include "protocol/limits.hpp"
#include "shell/app.hpp"

namespace peakscope::web::layers {

namespace worker = platform::worker;
namespace files = platform::files;

namespace {

//-----------------------------------------------------------------------------------------------
// [1] The worker's replies; install: page API hooks, restart handling.
//-----------------------------------------------------------------------------------------------
void onReply(const protocol::ToPage& m) {
    LayersState* L = st();  // (not ensure(): a reply may arrive while the bridge is being installed)
    if (!L) return;
    if (auto* p = std::get_if<protocol::Progress>(&m)) {
        if (auto& jp = L->jobProgress; p->job == jp.job) {
            jp.stage = p->stage;
            jp.fraction = p->fraction;
        }
    } else if (auto* f = std::get_if<protocol::LayersFileInfo>(&m)) {
        replyFileInfo(f->key, f->listing, f->labels);
    } else if (auto* r = std::get_if<protocol::LayersResult>(&m)) {
        replyResult(*r);
    } else if (auto* e = std::get_if<protocol::Failed>(&m)) {
        if (e->workerLost) {
            if (st()->load.active) onError(-1, "", e->message);
        } else if (!e->key.empty() || (e->job > 0 && e->job == st()->load.job)) {
            onError(e->job, e->key, e->message);
        }
    }
}

}  // namespace

void installBridge() {
    namespace hooks = platform::hooks;
    hooks::text("layers", [] { return layersJson(); }, true);
    hooks::call("layersSelect", [](double series, double layer, double epoch) {
        selectLayer(int(series), int(layer), std::isnan(epoch) ? -1 : int(epoch));
        return 0.0;
    });
    hooks::call("layersSetZ", [](double z, double, double) {
        setZFromPage(z);
        return 0.0;
    });
    worker::listen(onReply);
    worker::onRestart([] {  // maybe mid-frame (another part's Cancel): the next update() takes it up
        if (LayersState* L = st()) L->workerRestarted = true;
        platform::requestFrames();
    });
    files::exposeOpener("layersOpen", [](std::vector<files::File> list) { openOwnFiles(std::move(list)); });
}

void ensureWorker() {
    worker::start();
    if (int& warm = ensure().warmGeneration; warm != worker::generation()) {
        warm = worker::generation();
        worker::post(protocol::LayersWarmup{});
    }
}

//-----------------------------------------------------------------------------------------------
// [2] Fetches: the manifest and the shipped files (kShippedFolder), abort, progress.
//-----------------------------------------------------------------------------------------------
void fetchManifest() {
    const std::string url = std::string(kShippedFolder) + "manifest.json";
    files::fetchJsonFlat(url, "manifest.json", [](std::map<std::string, std::string> flat, std::string error) {
        if (!st()) return;
        if (!error.empty()) return onError(-1, "", error);
        onManifest(manifestSet(flat));
    });
}

void fetchFile(const std::string& file, bool toWorker) {
    const std::string url = kShippedFolder + file;
    if (toWorker) {  // the worker downloads it (its thread is free while this one draws)
        ensureWorker();
        worker::postUrl(protocol::LayersFile{file, file}, url);  // → its listing, or Failed with the key
        return;
    }
    files::fetch(url, file, 0, [file, url](const files::File* f, const std::string& why) {
        if (!st()) {
            if (f) files::release(f->id);
            return;
        }
        if (!f) {
            onError(-1, file, "could not load " + url + ": " + why);
            return;
        }
        const int id = f->id;
        files::readBytes(id, [file, id](std::string bytes, const std::string& error) {
            files::release(id);
            if (!st()) return;
            if (!error.empty()) {
                onError(-1, file, file + ": " + error);
                return;
            }
            onPageFile(file, std::move(bytes));
            onFetched(file);
        });
    });
}

void abortFetches() { files::abortFetches(); }

double fetchFraction() { return files::fetchFraction(); }

double pollJobProgress(int job, std::string& stage) {
    const auto& jp = ensure().jobProgress;
    if (job != jp.job || jp.fraction < 0) return -1;
    stage = jp.stage;
    return jp.fraction;
}

//-----------------------------------------------------------------------------------------------
// [3] Messages to the worker: labels, per-layer jobs, dropping parsed files.
//-----------------------------------------------------------------------------------------------
void postLabels(int set, const std::vector<int32_t>& labels, const std::vector<int32_t>& macro) {
    ensureWorker();
    worker::post(protocol::LayersLabels{set, labels, macro});
}

int postAnalyze(int set, int slot, int ref, const LayerResult& r, double Z) {
    ensureWorker();
    const int job = worker::newJob();
    {
        auto& p = ensure().jobProgress;
        p.job = job, p.stage = "starting", p.fraction = 0;
    }
    worker::post(protocol::LayersAnalyze{job, set, slot, ref, r.key, r.dist, r.index, r.act, r.scale, analysisPairs(Z, !r.dist.empty())});
    return job;
}

void postDrop(const std::string& key) { worker::post(protocol::LayersDrop{key}); }

void postFile(const std::string& key, const std::string& name, int fileId) {
    ensureWorker();
    worker::post(protocol::LayersFile{key, name}, fileId);  // → its listing, or Failed with the key
}

}  // namespace peakscope::web::layers

// PeakScope Tutorial 2 ("Layers"): this part's side of the page's one compute worker
// (platform/worker.hpp, messages protocol/messages.hpp) and of the page's files (platform/files.hpp):
// fetches of the shipped sets, own files (drop, picker, window.peakscope.layersOpen), messages to the
// worker and the replies, handed to layers_replies.cpp / layers_own_data.cpp.
//   Sections: [1] install (hooks, replies)  [2] fetches  [3] messages to the worker  [4] own files
// Example: fetchFile("trained_logits.npz", true);
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <map>
#include <string>

#include "parts/layers/layers_internal.hpp"
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
// [1] The manifest digest, the worker's replies; install: page API hooks, restart handling.
//-----------------------------------------------------------------------------------------------
// The manifest, flattened (platform::files::readJsonFlat), as the tab-separated digest that
// ps_layers_app_manifest reads: n, class, macro, c2m, then per series / epoch its layers.
std::string manifestDigest(const std::map<std::string, std::string>& kv) {
    auto get = [&](const std::string& k) {
        auto it = kv.find(k);
        return it == kv.end() ? std::string() : it->second;
    };
    auto has = [&](const std::string& prefix) {
        auto it = kv.lower_bound(prefix);
        return it != kv.end() && it->first.compare(0, prefix.size(), prefix) == 0;
    };
    auto count = [&](const std::string& array) {
        int n = 0;
        while (has(array + "." + std::to_string(n))) ++n;
        return n;
    };
    std::string out;
    auto line = [&](std::initializer_list<std::string> fields) {
        std::string l;
        for (const auto& f : fields) l += (l.empty() ? "" : "\t") + f;
        out += (out.empty() ? "" : "\n") + l;
    };
    auto layers = [&](const std::string& p) {
        for (int i = 0, n = count(p + ".layers"); i < n; ++i) {
            const std::string q = p + ".layers." + std::to_string(i);
            line({"layer", get(q + ".name"), get(q + ".dims"), get(q + ".file"), get(q + ".dist"), get(q + ".index"),
                  get(q + ".activations"), get(q + ".scale")});
        }
    };
    line({"n", get("n")});
    for (int i = 0, n = count("classes"); i < n; ++i) line({"class", get("classes." + std::to_string(i))});
    for (int i = 0, n = count("macro_classes"); i < n; ++i) line({"macro", get("macro_classes." + std::to_string(i) + ".name")});
    std::string c2m;
    for (int i = 0, n = count("class_to_macro"); i < n; ++i) c2m += (i ? " " : "") + get("class_to_macro." + std::to_string(i));
    line({"c2m", c2m});
    // snapshots keyed by batch when the manifest gives one (the trained variant: epochs × batches)
    const std::string bpe = get("training.batches_per_epoch");
    const bool byBatch = !bpe.empty() && std::atof(bpe.c_str()) > 0 && has("snapshots.epochs.0.batch");
    line({"unit", byBatch ? "batch" : "epoch", bpe.empty() ? "0" : bpe});
    auto batchOf = [&](const std::string& epoch) {
        return std::to_string(std::llround(std::atof(epoch.c_str()) * std::atof(bpe.c_str())));
    };
    for (int v = 0, n = count("variants"); v < n; ++v) {
        const std::string p = "variants." + std::to_string(v);
        line({"series", get(p + ".name"), get(p + ".description"), get(p + ".test_accuracy"),
              byBatch ? batchOf(get(p + ".epoch")) : get(p + ".epoch")});
        layers(p);
    }
    for (int e = 0, n = count("snapshots.epochs"); e < n; ++e) {
        const std::string p = "snapshots.epochs." + std::to_string(e);
        line({"epoch", byBatch ? get(p + ".batch") : get(p + ".epoch"), get(p + ".test_accuracy")});
        layers(p);
    }
    return out;
}

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
            if (st()->load.active) ps_layers_app_error(-1, "", e->message.c_str());
        } else if (!e->key.empty() || (e->job > 0 && e->job == st()->load.job)) {
            ps_layers_app_error(e->job, e->key.c_str(), e->message.c_str());
        }
    }
}

}  // namespace

void installBridge() {
    namespace hooks = platform::hooks;
    hooks::text("layers", [] { return std::string(ps_layers_json()); }, true);
    hooks::call("layersSelect", [](double series, double layer, double epoch) {
        ps_layers_select(int(series), int(layer), std::isnan(epoch) ? -1 : int(epoch));
        return 0.0;
    });
    hooks::call("layersSetZ", [](double z, double, double) {
        ps_layers_set_z(z);
        return 0.0;
    });
    worker::listen(onReply);
    worker::onRestart([] {
        if (LayersState* L = st()) workerRestarted(*L);
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
// [2] Fetches: the manifest and the shipped files (data/tutorial2/cluttered/), abort, progress.
//-----------------------------------------------------------------------------------------------
void fetchManifest() {
    const std::string url = "data/tutorial2/cluttered/manifest.json";
    files::fetch(url, "manifest.json", 0, [url](const files::File* f, const std::string& why) {
        if (!f) {
            if (st()) ps_layers_app_error(-1, "", ("could not load " + url + ": " + why).c_str());
            return;
        }
        const int id = f->id;
        files::readJsonFlat(id, [url, id](std::map<std::string, std::string> kv, std::string error) {
            files::release(id);
            if (!st()) return;
            if (!error.empty()) {
                ps_layers_app_error(-1, "", ("could not load " + url + ": " + error).c_str());
                return;
            }
            ps_layers_app_manifest(manifestDigest(kv).c_str());
        });
    });
}

void fetchFile(const std::string& file, bool toWorker) {
    const std::string url = "data/tutorial2/cluttered/" + file;
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
            ps_layers_app_error(-1, file.c_str(), ("could not load " + url + ": " + why).c_str());
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

int postAnalyze(int set, int slot, int ref, const LayerResult& r, int maxk) {
    ensureWorker();
    const int job = worker::newJob();
    {
        auto& p = ensure().jobProgress;
        p.job = job, p.stage = "starting", p.fraction = 0;
    }
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
        const auto endsWith = [&](const char* ext) {
            const size_t n = std::char_traits<char>::length(ext);
            return lower.size() >= n && lower.compare(lower.size() - n, n, ext) == 0;
        };
        if (!endsWith(".npz") && !endsWith(".npy")) {  // e.g. a .csv table: says what this part reads
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

// PeakScope Tutorial 2 ("Layers"): the user's own per-layer representations, dropped or picked
// (.npz / .npy, class names as .json): the worker lists their arrays, this file checks them and
// builds an own LayerSet (one series, a layer per array or file). Replaces the previous own data.
//   Sections: [1] listing → LayerSet  [2] steps of one drop  [3] the drop and the worker's replies
// Example: two files layer_1.npz, layer_2.npz with 'dist' + 'index' → layers "layer_1", "layer_2"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/io/readers.hpp"
#include "parts/layers/layers_loading.hpp"
#include "parts/layers/layers_own_data.hpp"
#include "parts/layers/layers_worker.hpp"
#include "protocol/limits.hpp"
#include "shell/app.hpp"

namespace peakscope::web::layers {

namespace {
OwnLoad& ownLoad() { return ensure().ownLoad; }  // the drop being read
}  // namespace

//-----------------------------------------------------------------------------------------------
// [1] Own data: build a LayerSet from the listings of the dropped files.
//   one .npz: arrays <L>_dist + <L>_index (kNN graph) or 2-D float arrays (points), + labels
//   several layer_*.npz (nucleation paper): each 'dist' + 'index' (or 'x'/'data' points)
//   (which arrays make a kNN table: io::knnTableNames in core/io/readers.hpp)
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

void finishOwn(LayersState& L) {
    OwnLoad& o = ownLoad();
    auto fail = [&](const std::string& msg) {
        shell::error(msg + " (the previous data stays)");
        for (const auto& k : o.keys) postDrop(k);
        ownLoad() = {};
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
        std::vector<std::string> members;
        for (const auto& a : arrays) members.push_back(a.name);
        for (const auto& a : arrays) {
            if (a.name == "labels" || a.name == "y") continue;
            const auto member = io::knnTableMember(a.name);
            if (member && !member->distances) continue;  // indices: taken with their distances
            if (member) {
                const std::string& layer = member->layer;  // "" = the file's one table ('dist' + 'index')
                const auto table = io::knnTableNames(members, layer);
                if (!table) return fail(o.names[oi] + ": '" + a.name + "' has no matching array of neighbour indices (" +
                                                io::knnPartnerNames(*member) + ")");
                if (table->dist != a.name) continue;  // e.g. 'distances' beside 'dist': the table takes 'dist'
                if (a.shape.size() != 2) return fail(o.names[oi] + ": '" + a.name + "' must be n x k");
                Cand c{layer.empty() ? stem(o.names[oi]) : layer, key, table->dist, table->index, "", a.shape[0], 0};
                if (several && !layer.empty()) c.name = stem(o.names[oi]) + "/" + layer;
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
    for (auto& old : L.ownFileNames) postDrop(old);
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
    shell::notice("Own data: " + std::to_string(L.own.layerNames.size()) + " layers of " + std::to_string(n) +
                           " points" + (L.own.labels.empty() ? " (no labels: ARI and chi need 'labels')" : ""));
    shell::linkChanged();
    ownLoad() = {};
    pump(L);
}


void maybeFinishOwn(LayersState& L) {
    OwnLoad& o = ownLoad();
    if (!o.sent || o.token == 0) return;
    if (o.error.empty())
        for (const auto& k : o.keys)
            if (!o.listing.count(k)) return;
    finishOwn(L);
}

//-----------------------------------------------------------------------------------------------
// [2] Steps of one drop (openOwnFiles): begin, files, classes, sent. A drop's files go to the worker
// under "own<token>:<name>" (ownKey): replies about them come back here (ownFileInfo, ownFailed).
//-----------------------------------------------------------------------------------------------
constexpr const char* kOwnPrefix = "own";
std::string ownKey(int token, const std::string& name) { return kOwnPrefix + std::to_string(token) + ":" + name; }
bool isOwnKey(const std::string& key) { return key.rfind(kOwnPrefix, 0) == 0; }

// A new drop's number, or 0 when it cannot start (the previous one is still read; too large).
int beginDrop(int nFiles, double totalBytes) {
    ensureWorker();
    if (ownLoad().token != 0) {
        shell::error("still reading the previous files; wait a moment");
        return 0;
    }
    if (nFiles <= 0) return 0;
    if (totalBytes > double(web::limits::kMaxFileBytes)) {
        shell::error("the dropped files hold " + std::to_string(int64_t(totalBytes) >> 20) + " MB, more than the app reads (" +
                     std::to_string(web::limits::kMaxFileBytes >> 20) + " MB)");
        return 0;
    }
    ownLoad() = {};
    ownLoad().token = ++ensure().ownToken;
    return ownLoad().token;
}
void addFile(int token, const std::string& key, const std::string& name) {
    if (token != ownLoad().token) return;
    ownLoad().keys.push_back(key);
    ownLoad().names.push_back(name);
}
// A file that is not .npz / .npy / .json (e.g. a CSV table): not sent to the worker.
void refuseFile(int token, const std::string& name) {
    if (token != ownLoad().token || !ownLoad().error.empty()) return;
    ownLoad().error = name + ": the Layers part reads per-layer .npz / .npy files (one .npz with an array per "
                      "layer and 'labels', or layer_*.npz files with 'dist' and 'index'); a CSV table opens in Tutorial 1";
}
void setClassNames(int token, const std::string& name, const std::vector<std::string>& names, bool ok) {
    if (token != ownLoad().token) return;
    if (!ok) {
        ownLoad().error = name + ": class names must be a JSON array of strings, e.g. [\"cat\", \"dog\"]";
        return;
    }
    ownLoad().classNames = names;
}
void dropSent(int token) {
    if (token != ownLoad().token) return;
    ownLoad().sent = true;
    if (ownLoad().keys.empty() && ownLoad().error.empty()) ownLoad().error = "no .npz or .npy file among the dropped files";
    maybeFinishOwn(ensure());
}

bool hasExtension(std::string name, const char* ext) {
    for (char& c : name) c = char(std::tolower((unsigned char)c));
    const size_t n = std::char_traits<char>::length(ext);
    return name.size() >= n && name.compare(name.size() - n, n, ext) == 0;
}

}  // namespace

//-----------------------------------------------------------------------------------------------
// [3] The drop (dropped, picked or given to window.peakscope.layersOpen) and the worker's replies
//-----------------------------------------------------------------------------------------------
void openOwnFiles(std::vector<platform::files::File> list) {
    namespace files = platform::files;
    if (LayersState* L = st()) settleWorkerRestart(*L);  // a drop right after a restart: to the fresh worker
    double total = 0;
    for (const auto& f : list) total += f.size;
    const int token = beginDrop(int(list.size()), total);
    if (token <= 0) {
        for (const auto& f : list) files::release(f.id);
        return;
    }
    auto jsonLeft = std::make_shared<int>(0);
    for (const auto& f : list) *jsonLeft += hasExtension(f.name, ".json") ? 1 : 0;
    const bool anyJson = *jsonLeft > 0;
    for (const auto& f : list) {
        if (hasExtension(f.name, ".json")) {
            const std::string name = f.name;
            const int id = f.id;
            files::readStringArray(id, [token, name, id, jsonLeft](bool ok, std::vector<std::string> names) {
                files::release(id);
                setClassNames(token, name, names, ok);
                if (--*jsonLeft == 0) dropSent(token);
            });
            continue;
        }
        if (!hasExtension(f.name, ".npz") && !hasExtension(f.name, ".npy")) {  // e.g. a .csv table
            refuseFile(token, f.name);
            files::release(f.id);
            continue;
        }
        const std::string key = ownKey(token, f.name);
        addFile(token, key, f.name);
        postFile(key, f.name, f.id);
        files::release(f.id);
    }
    if (!anyJson) dropSent(token);
}

void pickOwnFiles() {
    platform::files::pick(".npz,.npy,.json", true, [](std::vector<platform::files::File> list) { openOwnFiles(std::move(list)); });
}

bool ownFileInfo(const std::string& key, const std::string& listing, const std::vector<int32_t>& labels) {
    if (!isOwnKey(key)) return false;
    OwnLoad& o = ownLoad();
    if (o.token == 0 || std::find(o.keys.begin(), o.keys.end(), key) == o.keys.end()) return true;  // an old drop's
    o.listing[key] = listing;
    if (!labels.empty()) o.labels[key] = labels;
    maybeFinishOwn(ensure());
    return true;
}

bool ownFailed(const std::string& key, const std::string& message) {
    if (!isOwnKey(key)) return false;
    OwnLoad& o = ownLoad();
    if (o.token == 0 || std::find(o.keys.begin(), o.keys.end(), key) == o.keys.end()) return true;  // an old drop's
    if (o.error.empty()) o.error = message;
    maybeFinishOwn(ensure());
    return true;
}

}  // namespace peakscope::web::layers

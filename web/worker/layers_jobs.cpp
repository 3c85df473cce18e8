// PeakScope Tutorial 2, worker side: per-layer analysis of CNN representations in the compute
// worker (peakscope_worker.js; the Layers* messages of protocol/messages.hpp). Per layer: the kNN
// graph (stored table ÷ scale, or neighbours() of the activations), TwoNN ID, PAk density and ADP
// topography (d'Errico et al. 2021), neighbourhood overlap χ with the labels and with the output
// layer (Doimo et al. NeurIPS 2020, §3, k = 30). Merged at the page's Z, which the page keeps until
// its slider moves (layers_results.cpp refreshAtZ).
//   Sections: [2] files  [3] labels  [4] analyse one layer  [5] warm-up
#include <chrono>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/analysis.hpp"
#include "core/io/readers.hpp"
#include "core/metrics.hpp"
#include "core/params.hpp"
#include "protocol/limits.hpp"
#include "worker/transport.hpp"

using namespace peakscope;

namespace peakscope::web::worker {
namespace {

constexpr Index kOverlapK = 30;  // χ neighbourhood size (Doimo et al. 2020 use k = 30)

struct Slot {
    Index n = 0, width = 0;
    std::vector<int32_t> indices;  // input graph, n × width, column 0 = self
};

struct LayersWorker {
    std::map<std::string, std::vector<io::NdArray>> files;
    std::map<int, std::vector<int64_t>> labels, macro;  // per set (0 shipped, 1 own)
    std::map<int, Slot> slots;
};
LayersWorker w;

double nowMs() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

const io::NdArray& find(const std::string& key, const std::string& name) {
    auto f = w.files.find(key);
    if (f == w.files.end()) throw Error("internal: file '" + key + "' was not sent to the worker");
    for (const auto& a : f->second)
        if (a.name == name) return a;
    throw Error(key + ": has no array '" + name + "'");
}

}  // namespace

//-----------------------------------------------------------------------------------------------
// [2] A file (.npz or .npy) parsed and kept under `key`; replies with its listing
// ("name dtype d0xd1;..." per array) and an integer 'labels'/'y' array if it holds one. A file the
// worker downloaded on its own (post.js prefetch) is read as soon as it arrives, under its URL,
// and taken by the message that names that URL (handlePreread).
//-----------------------------------------------------------------------------------------------
namespace {
std::vector<io::NdArray> readLayersFile(const std::string& name, std::string_view view) {
    const size_t size = view.size();
    if (size == 0) throw Error(name + ": the file is empty");
    if (Index(size) > web::limits::kMaxFileBytes)
        throw Error(name + ": " + std::to_string(size >> 20) + " MB is more than the browser app reads (" +
                    std::to_string(web::limits::kMaxFileBytes >> 20) + " MB)");
    // checked from the headers and the zip directory before anything is inflated
    io::ReadLimits limits;
    limits.maxValues = std::uint64_t(web::limits::kMaxValues);  // per array (one layer)
    limits.maxBytes = std::uint64_t(web::limits::kMaxFileBytes);
    limits.note = "more than the browser app takes; use the command-line tool";
    const bool npy = size >= 6 && std::string_view(view.data() + 1, 5) == "NUMPY";
    if (!npy) return io::readNpz(view, name, limits);
    std::string base = name;
    const size_t slash = base.find_last_of('/');
    if (slash != std::string::npos) base = base.substr(slash + 1);
    if (base.size() > 4 && base.compare(base.size() - 4, 4, ".npy") == 0) base.resize(base.size() - 4);
    std::vector<io::NdArray> arrays;
    arrays.push_back(io::readNpy(view, name, limits));
    arrays.back().name = base;
    return arrays;
}

void adopt(const std::string& key, std::vector<io::NdArray> arrays) {
    std::string listing;
    std::vector<int32_t> lab;
    for (const auto& a : arrays) {
        listing += a.name + " " + a.dtype + " ";
        for (size_t i = 0; i < a.shape.size(); ++i) listing += (i ? "x" : "") + std::to_string(a.shape[i]);
        listing += ";";
        if ((a.name == "labels" || a.name == "y") && lab.empty() && a.shape.size() == 1 && a.isInteger()) {
            lab.reserve(a.values.size());
            for (double v : a.values) lab.push_back(int32_t(v));
        }
    }
    w.files[key] = std::move(arrays);
    reply(protocol::LayersFileInfo{key, listing, std::move(lab)});
}

struct Preread {
    std::vector<io::NdArray> arrays;
    std::string error;
};
std::map<std::string, Preread> g_preread;  // by URL, until a message takes it
}  // namespace

void handle(const protocol::LayersFile& m, std::string_view view) {
    try {
        adopt(m.key, readLayersFile(m.name, view));
    } catch (const std::exception& e) {
        reply(protocol::Failed{-1, m.key, e.what(), false});
    }
}

void preread(const std::string& url, std::string_view view) {
    Preread& p = g_preread[url];
    try {
        const size_t slash = url.find_last_of('/');
        p.arrays = readLayersFile(slash == std::string::npos ? url : url.substr(slash + 1), view);
    } catch (const std::exception& e) {
        p.error = e.what();
    }
}

void handlePreread(const protocol::LayersFile& m, const std::string& url) {
    auto it = g_preread.find(url);
    if (it == g_preread.end()) {
        reply(protocol::Failed{-1, m.key, "internal: " + url + " was not read ahead", false});
        return;
    }
    Preread p = std::move(it->second);
    g_preread.erase(it);
    if (!p.error.empty()) reply(protocol::Failed{-1, m.key, p.error, false});
    else adopt(m.key, std::move(p.arrays));
}

void handle(const protocol::LayersDrop& m) { w.files.erase(m.key); }

//-----------------------------------------------------------------------------------------------
// [3] Labels (classes) and macro-classes per point, for χ; −1 entries of macro = none.
//-----------------------------------------------------------------------------------------------
void handle(const protocol::LayersLabels& m) {
    w.labels[m.set].assign(m.labels.begin(), m.labels.end());
    w.macro[m.set].assign(m.macro.begin(), m.macro.end());
}

//-----------------------------------------------------------------------------------------------
// [4] One layer: graph (table or points) → analyzeGraph → χ; replies with the Analysis.
// `ref` is the slot of the output layer of the same series (χ^out); −1 = none / not yet there.
//-----------------------------------------------------------------------------------------------
void handle(const protocol::LayersAnalyze& m) {
    const int job = m.job, set = m.set, slot = m.slot, ref = m.ref;
    const double scale = m.scale;
    const std::string &key = m.key, &distName = m.dist, &indexName = m.index, &actName = m.act;
    try {
        if (!(scale > 0) || !std::isfinite(scale)) throw Error(key + ": the scale of a layer must be positive");
        params::Options o;  // the part's choices (parts/layers/layers_params.hpp), read by the codec
        const auto applied = params::applyPairs(o, m.params);
        if (!applied.problems.empty()) throw Error(key + ": " + applied.problems.front());
        const double t0 = nowMs();
        KnnGraph g;
        if (!distName.empty()) {
            const io::KnnTable table = io::knnTable(find(key, distName), find(key, indexName), key, scale);
            progress(job, "reading the kNN table", 0.0);
            g = graphFromTable(table.dist.data(), table.index.data(), table.n, table.k, -1);
        } else {
            const io::NdArray& X = find(key, actName);
            if (X.shape.size() != 2) throw Error(key + ": '" + actName + "' must be a 2-D array (points × dimensions)");
            const Index n = X.shape[0], d = X.shape[1];
            if (n * d > web::limits::kMaxValues || d > web::limits::kMaxDims)
                throw Error(key + ": '" + actName + "' (" + std::to_string(n) + " × " + std::to_string(d) +
                            ") is more than the browser app takes per layer");
            std::vector<double> x(X.values.size());
            for (size_t i = 0; i < x.size(); ++i) {
                x[i] = X.values[i] / scale;
                if (!std::isfinite(x[i]))
                    throw Error(key + ": '" + actName + "' row " + std::to_string(i / size_t(d) + 1) + " is not finite");
            }
            NeighbourParams np = o.analysis.neighbours;
            np.maxk = std::min<Index>(params::effectiveMaxk(o, n), n - 1);  // fewer points: all of them
            np.progress = [job](const char*, double f) { progress(job, "neighbour graph", f); };
            g = neighbours(PointsView(x.data(), n, d), np);
        }
        const double graphMs = nowMs() - t0;
        const std::vector<int64_t>& labels = w.labels[set];
        const std::vector<int64_t>& macro = w.macro[set];
        if (!labels.empty() && Index(labels.size()) != g.n)
            throw Error(key + ": the layer has " + std::to_string(g.n) + " points but there are " +
                        std::to_string(labels.size()) + " labels");
        AnalysisParams p = o.analysis;
        p.progress = [job](const char* stage, double f) { progress(job, stage, f); };
        Analysis a = analyzeGraph(g, p);
        double chiL = NAN, chiM = NAN, chiO = NAN;
        const Index kk = std::min<Index>(kOverlapK, g.maxk);
        if (!labels.empty()) chiL = labelOverlap(g.indices.data(), g.n, g.width(), kk, labels);
        if (!macro.empty()) chiM = labelOverlap(g.indices.data(), g.n, g.width(), kk, macro);
        Slot& s = w.slots[slot];
        s.n = g.n;
        s.width = g.width();
        s.indices = g.indices;
        auto r = w.slots.find(ref);
        if (ref >= 0 && r != w.slots.end() && r->second.n == g.n)
            chiO = neighbourhoodOverlap(g.indices.data(), g.width(), r->second.indices.data(), r->second.width, g.n,
                                        std::min<Index>(kk, r->second.width - 1));
        protocol::LayersResult out;
        out.job = job;
        out.slot = slot;
        out.maxk = int(a.graph.maxk);  // the neighbours per point the analysis read
        out.chiLabels = chiL;
        out.chiMacro = chiM;
        out.chiOutput = chiO;
        out.graphMs = graphMs;
        out.ms = nowMs() - t0;
        out.analysis = std::make_shared<const Analysis>(std::move(a));
        reply(out);
    } catch (const std::exception& e) {
        reply(protocol::Failed{job, key, e.what(), false});
    }
}

// Runs the pipeline twice on a small synthetic graph while the page downloads the data, so that
// V8 has optimised the hot wasm functions before the first real layer (they start as baseline code).
void handle(const protocol::LayersWarmup&) {
    const Index n = 1500, d = 8;
    std::vector<double> x(size_t(n * d));
    uint64_t state = 12345;
    for (double& v : x) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        v = double(state >> 11) / double(1ULL << 53);
    }
    for (int rep = 0; rep < 2; ++rep) {
        NeighbourParams np;
        np.maxk = 64;
        np.method = NeighbourMethod::BruteForce;
        KnnGraph g = neighbours(PointsView(x.data(), n, d), np);
        KnnGraph t = graphFromTable(g.distances.data(), g.indices.data(), n, g.width(), 1);
        AnalysisParams p;
        p.decisionGraph = false;
        p.mergeCurve = false;
        Analysis a = analyzeGraph(t, p);
        protocol::LayersResult r;
        r.analysis = std::make_shared<const Analysis>(std::move(a));
        (void)protocol::encode(protocol::ToPage(r));
    }
}

}  // namespace peakscope::web::worker

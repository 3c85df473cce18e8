// PeakScope compute worker (peakscope_worker.js + .wasm): runs in a plain Web Worker so the page
// never freezes (no SharedArrayBuffer: it would break iframe embedding). It parses files and runs
// the analysis; results go back to the canvas app as one buffer (result_codec.hpp).
// Messages are handled in post.js; this file holds Tutorial 1's work and posts replies via EM_JS
// (Tutorial 2's jobs: layers_jobs.cpp).
//   Sections: [1] replies   [2] parse   [3] analyze
#include <emscripten.h>

#include <cmath>
#include <memory>
#include <string>

#include "core/analysis.hpp"
#include "core/io/readers.hpp"
#include "core/metrics.hpp"
#include "protocol/limits.hpp"
#include "protocol/result_codec.hpp"

using namespace peakscope;

//-----------------------------------------------------------------------------------------------
// [1] Replies to the page (structured clone copies the heap slices).
//-----------------------------------------------------------------------------------------------
EM_JS(void, postError, (int job, const char* message), {
    postMessage({type : 'error', job : job, message : UTF8ToString(message)});
});
EM_JS(void, postProgress, (int job, const char* stage, double fraction), {
    postMessage({type : 'progress', job : job, stage : UTF8ToString(stage), fraction : fraction});
});
EM_JS(void, postTable, (int job, const double* points, int n, int d, const int* labels, int hasLabels,
                        const char* info, const char* classes), {
    const pts = HEAPF64.slice(points >> 3, (points >> 3) + n * d);
    const lab = hasLabels ? HEAP32.slice(labels >> 2, (labels >> 2) + n) : null;
    const msg = {type : 'table', job : job, points : pts, n : n, d : d, labels : lab, info : UTF8ToString(info),
                 classes : UTF8ToString(classes)};
    postMessage(msg, lab ? [ pts.buffer, lab.buffer ] : [pts.buffer]);
});
EM_JS(void, postResult, (int job, const unsigned char* data, int size), {
    const bytes = HEAPU8.slice(data, data + size);
    postMessage({type : 'result', job : job, bytes : bytes}, [bytes.buffer]);
});

namespace {

std::string describe(Index n, Index d) {
    return std::to_string(n) + " points × " + std::to_string(d) + " dimensions";
}

void checkLimits(Index n, Index d, const std::string& name) {
    using namespace web::limits;
    if (n > kMaxPoints || d > kMaxDims || n * d > kMaxValues)
        throw Error(name + ": " + describe(n, d) + " is more than the browser app takes (at most " +
                    std::to_string(kMaxPoints) + " points, " + std::to_string(kMaxDims) + " dimensions, " +
                    std::to_string(kMaxValues / 1000000) + " million values); use the command-line tool");
}

// The worker keeps the points of the current data set and the last analysis (its graph is reused
// when only density parameters or Z change).
struct WorkerState {
    int version = -1;
    Matrix points;
    int cachedVersion = -1;
    Index cachedMaxk = -2;
    int cachedMethod = -1;
    std::unique_ptr<Analysis> cached;
    Matrix projection;
    std::vector<double> explained;
};
WorkerState g;

}  // namespace

extern "C" {

//-----------------------------------------------------------------------------------------------
// [2] Parse a dropped / fetched file into points (+ labels). Refuses what the app cannot take.
//-----------------------------------------------------------------------------------------------
EMSCRIPTEN_KEEPALIVE void ps_worker_parse(int job, const unsigned char* bytes, int size, const char* name) {
    try {
        const std::string file = name;
        if (size <= 0) throw Error(file + ": the file is empty");
        if (Index(size) > web::limits::kMaxFileBytes)
            throw Error(file + ": " + std::to_string(size >> 20) + " MB is more than the browser app reads (" +
                        std::to_string(web::limits::kMaxFileBytes >> 20) + " MB)");
        const std::string_view view(reinterpret_cast<const char*>(bytes), size_t(size));
        // the browser limits go into the readers: sizes in .npy/.npz headers and the zip directory
        // are checked before anything is inflated or allocated (a 97 KB .npz can hold 100 MB)
        io::ReadOptions opts;
        {
            using namespace web::limits;
            opts.limits.maxRows = std::uint64_t(kMaxPoints);
            opts.limits.maxCols = std::uint64_t(kMaxDims) + 1;  // + a label column
            opts.limits.maxValues = std::uint64_t(kMaxValues + kMaxPoints);
            opts.limits.maxBytes = std::uint64_t(kMaxFileBytes);
            opts.limits.note = "more than the browser app takes; use the command-line tool";
        }
        postProgress(job, "reading file", 0.0);
        io::Table t;
        if (file.size() > 4 && file.compare(file.size() - 4, 4, ".npz") == 0) {
            const auto arrays = io::readNpz(view, file, opts.limits);  // parsed once
            for (const auto& arr : arrays)
                if (arr.name == "dist" || arr.name == "distances" || arr.name == "index")
                    throw Error(file + ": holds a kNN graph ('dist'/'index'), not coordinates: open it in the "
                                       "Layers tutorial or with the command-line tool");
            t = io::tableFromArrays(arrays, file, opts);
        } else {
            t = io::readTable(view, file, opts);
        }
        const Index n = t.points.rows, d = t.points.cols;
        checkLimits(n, d, file);
        for (size_t i = 0; i < t.points.values.size(); ++i)
            if (!std::isfinite(t.points.values[i]))
                throw Error(file + ": row " + std::to_string(i / size_t(d) + 1) + ", column " +
                            std::to_string(i % size_t(d) + 1) + " is not a finite number");
        std::vector<int> labels;
        for (auto v : t.labels) labels.push_back(int(v));
        std::string info = describe(n, d);
        if (!t.labels.empty()) info += ", labels in '" + (t.labelName.empty() ? std::string("labels") : t.labelName) + "'";
        std::string classes;  // text class labels, one per line (label k = line k)
        for (const std::string& c : t.labelNames) classes += (classes.empty() ? "" : "\n") + c;
        if (!t.labelNames.empty()) info += " (" + std::to_string(t.labelNames.size()) + " classes)";
        postTable(job, t.points.values.data(), int(n), int(d), labels.data(), labels.empty() ? 0 : 1, info.c_str(),
                  classes.c_str());
    } catch (const std::exception& e) {
        postError(job, e.what());
    }
}

//-----------------------------------------------------------------------------------------------
// [3] Analyse the current points. The page sends the points once per data set (version).
//-----------------------------------------------------------------------------------------------
EMSCRIPTEN_KEEPALIVE double* ps_worker_points(int version, int n, int d) {
    g.version = version;
    g.points.rows = n;
    g.points.cols = d;
    g.points.values.assign(size_t(n) * size_t(d), 0.0);
    g.cached.reset();
    g.projection = {};
    g.explained.clear();
    return g.points.values.data();
}

// method: 0 auto, 1 kd-tree, 2 brute force; density: 0 kNN, 1 k*-NN, 2 PAk.
EMSCRIPTEN_KEEPALIVE void ps_worker_analyze(int job, int version, int maxk, int method, int density, int k,
                                            double Z, int idScaling) {
    try {
        if (version != g.version) throw Error("internal: the worker holds other points (reload the page)");
        AnalysisParams p;
        p.neighbours.maxk = maxk;
        p.neighbours.method = method == 1 ? NeighbourMethod::KdTree
                            : method == 2 ? NeighbourMethod::BruteForce : NeighbourMethod::Auto;
        p.density.method = density == 0 ? DensityMethod::Knn : density == 1 ? DensityMethod::KstarNN : DensityMethod::PAk;
        p.density.k = k;
        p.Z = Z;
        p.idScaling = idScaling != 0;
        p.gride = true;
        p.progress = [job](const char* stage, double f) { postProgress(job, stage, f); };
        const PointsView v = g.points.view();
        if (p.density.method == DensityMethod::Knn && maxk >= 0 && k > maxk)
            throw Error("k = " + std::to_string(k) + " exceeds maxk = " + std::to_string(maxk));
        Analysis a;
        if (g.cached && g.cachedVersion == version && g.cachedMaxk == maxk && g.cachedMethod == method)
            a = reanalyze(*g.cached, v, p);
        else
            a = analyze(v, p);
        if (p.density.method == DensityMethod::Knn && k > a.graph.maxk)
            throw Error("k = " + std::to_string(k) + " exceeds maxk = " + std::to_string(a.graph.maxk));
        if (g.projection.rows != g.points.rows) {
            postProgress(job, "projection", 0.0);
            const Index n = g.points.rows, d = g.points.cols;
            if (d <= 2) {
                g.projection.rows = n;
                g.projection.cols = 2;
                g.projection.values.assign(size_t(2 * n), 0.0);
                for (Index i = 0; i < n; ++i)
                    for (Index c = 0; c < d; ++c) g.projection.values[size_t(2 * i + c)] = g.points(i, c);
                g.explained.assign(2, d == 2 ? 0.5 : 1.0);
            } else {
                Projection pr = pca(v, 2);
                g.projection = std::move(pr.coords);
                g.explained = pr.explainedVariance;
            }
        }
        postProgress(job, "sending results", 0.0);
        const auto bytes = web::encodeAnalysis(a, g.projection, g.explained);
        g.cached = std::make_unique<Analysis>(std::move(a));
        g.cachedVersion = version;
        g.cachedMaxk = maxk;
        g.cachedMethod = method;
        postResult(job, bytes.data(), int(bytes.size()));
    } catch (const std::exception& e) {
        postError(job, e.what());
    }
}

}  // extern "C"

int main() { return 0; }

// PeakScope compute worker (peakscope_worker.js + .wasm): runs in a plain Web Worker so the page
// never freezes (no SharedArrayBuffer: it would break iframe embedding). One entry for every message
// (ps_worker_message, called by post.js), decoded once (protocol/messages.hpp) and dispatched; this
// file also holds Tutorial 1's jobs (Tutorial 2's: layers_jobs.cpp).
// The worker owns Tutorial 1's data sets: a file or a generator is read here and its points stay here;
// the page gets their metadata (Table) and, with each result, the 2-D projection.
//   Sections: [1] data sets   [2] load   [3] analyse   [4] the entry
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "core/analysis.hpp"
#include "core/io/readers.hpp"
#include "core/metrics.hpp"
#include "core/params.hpp"
#include "core/toy/generators.hpp"
#include "protocol/limits.hpp"
#include "worker/pool.hpp"
#include "worker/transport.hpp"

#include <emscripten.h>

using namespace peakscope;

namespace peakscope::web::worker {
namespace {

//-----------------------------------------------------------------------------------------------
// [1] Data sets by version (the one on screen and a new one waiting for its first analysis), and
// the last analysis (its graph is reused when only density parameters change).
//-----------------------------------------------------------------------------------------------
struct DataSet {
    Matrix points;
    Matrix projection;  // n × 2, computed with the first analysis
    std::vector<double> explained;
};
struct Tutorial1 {
    std::map<int, DataSet> sets;
    int cachedVersion = -1;
    Index cachedMaxk = -2;
    NeighbourMethod cachedMethod = NeighbourMethod::Auto;
    std::unique_ptr<Analysis> cached;
    int failedLoadJob = 0;  // the job of the last Load that failed: its Analyze is dropped
};
Tutorial1 g;

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

//-----------------------------------------------------------------------------------------------
// [2] Load: a generated set or a file → points (+ labels); refuses what the app cannot take.
//-----------------------------------------------------------------------------------------------
// A .npy or .npz (by magic or extension, as io::readTable dispatches), not a text table.
bool isArrayFile(const std::string& file, std::string_view view) {
    const auto ends = [&](const char* e) { return file.size() > 4 && file.compare(file.size() - 4, 4, e) == 0; };
    return view.substr(0, 6) == "\x93NUMPY" || view.substr(0, 4) == std::string_view("PK\x03\x04", 4) || ends(".npy") ||
           ends(".npz");
}

io::Table readFile(const std::string& file, std::string_view view, int job, int labelColumn,
                    const std::string& labelName = {}) {
    if (view.empty()) throw Error(file + ": the file is empty");
    if (Index(view.size()) > web::limits::kMaxFileBytes)
        throw Error(file + ": " + std::to_string(view.size() >> 20) + " MB is more than the browser app reads (" +
                    std::to_string(web::limits::kMaxFileBytes >> 20) + " MB)");
    // the browser limits go into the readers: sizes in .npy/.npz headers and the zip directory
    // are checked before anything is inflated or allocated (a 97 KB .npz can hold 100 MB)
    io::ReadOptions opts;
    if (!isArrayFile(file, view)) {  // text: the panel's choice, or a link's column name
        opts.labelColumn = labelColumn;
        opts.labelColumnName = labelName;
    }
    {
        using namespace web::limits;
        opts.limits.maxRows = std::uint64_t(kMaxPoints);
        opts.limits.maxCols = std::uint64_t(kMaxDims) + 1;  // + a label column
        opts.limits.maxValues = std::uint64_t(kMaxValues + kMaxPoints);
        opts.limits.maxBytes = std::uint64_t(kMaxFileBytes);
        opts.limits.note = "more than the browser app takes; use the command-line tool";
    }
    progress(job, "reading file", 0.0);
    if (file.size() > 4 && file.compare(file.size() - 4, 4, ".npz") == 0) {
        const auto arrays = io::readNpz(view, file, opts.limits);  // parsed once
        if (const auto names = io::knnTableNames(arrays))
            throw Error(file + ": holds a kNN graph ('" + names->dist + "'/'" + names->index +
                        "'), not coordinates: open it in the Layers tutorial or with the command-line tool");
        io::requireWholeKnnTable(arrays, file);
        return io::tableFromArrays(arrays, file, opts);
    }
    return io::readTable(view, file, opts);
}

}  // namespace

void loadFailed(int job) { g.failedLoadJob = job; }

void handle(const protocol::Load& m, std::string_view file) {
    try {
        protocol::Table t;
        t.job = m.job;
        t.version = m.version;
        DataSet ds;
        if (!m.generator.empty()) {
            toy::DatasetSpec spec;
            spec.id = m.generator;
            spec.n = m.n;
            spec.noise = m.noise;
            spec.seed = m.seed;
            spec.dim = m.dim;
            toy::Dataset d = toy::generate(spec);
            ds.points = std::move(d.points);
            t.labels = std::move(d.labels);
            t.info = describe(ds.points.rows, ds.points.cols);
        } else {
            io::Table table;
            try {
                table = readFile(m.fileName, file, m.job, m.labelColumn, m.labelName);
            } catch (const io::NoSuchColumn& e) {  // a link's labels= that the file lacks: the usual choice
                t.notice = std::string("option labels: ") + e.what() + "; reading a column named like labels instead";
                table = readFile(m.fileName, file, m.job, -3);
            }
            const Index n = table.points.rows, d = table.points.cols;
            checkLimits(n, d, m.fileName);
            if (!isArrayFile(m.fileName, file)) {  // text: its columns, for the panel's label picker
                t.columns = table.fileColumns;
                const Index cols = d + (table.labels.empty() ? 0 : 1);
                if (t.columns.empty())
                    for (Index j = 0; j < cols; ++j) t.columns.push_back("column " + std::to_string(j + 1));
                t.labelColumn = table.labels.empty() ? -1 : table.labelColumnIndex;
                if (table.labelName.empty() && t.labelColumn >= 0) table.labelName = t.columns[size_t(t.labelColumn)];
            }
            if (m.labelColumn >= 0) {  // picked by hand: a class column, not an identifier
                std::set<std::int64_t> classes(table.labels.begin(), table.labels.end());
                if (Index(classes.size()) > web::limits::kMaxLabelClasses)
                    throw Error(m.fileName + ": column '" + table.labelName + "' has " + std::to_string(classes.size()) +
                                " different values, more than the " + std::to_string(web::limits::kMaxLabelClasses) +
                                " classes a label column may have; pick another column or (none)");
            }
            for (size_t i = 0; i < table.points.values.size(); ++i)
                if (!std::isfinite(table.points.values[i]))
                    throw Error(m.fileName + ": row " + std::to_string(i / size_t(d) + 1) + ", column " +
                                std::to_string(i % size_t(d) + 1) + " is not a finite number");
            for (auto v : table.labels) t.labels.push_back(std::int32_t(v));
            t.info = describe(n, d);
            if (!table.labels.empty())
                t.info += ", labels in '" + (table.labelName.empty() ? std::string("labels") : table.labelName) + "'";
            t.labelNames = table.labelNames;
            if (!table.labelNames.empty()) t.info += " (" + std::to_string(table.labelNames.size()) + " classes)";
            ds.points = std::move(table.points);
        }
        t.n = ds.points.rows;
        t.d = ds.points.cols;
        // keep the set on screen and this one; forget the rest (and its cached analysis)
        for (auto it = g.sets.begin(); it != g.sets.end();)
            it = it->first == m.keep ? std::next(it) : g.sets.erase(it);
        if (!g.sets.count(g.cachedVersion)) g.cached.reset();
        g.sets[m.version] = std::move(ds);
        reply(t);
    } catch (const std::exception& e) {
        loadFailed(m.job);
        reply(protocol::Failed{m.job, "", e.what(), false});
    }
}

//-----------------------------------------------------------------------------------------------
// [3] Analyse a kept data set with the codec's parameters (core/params.hpp): core's StagedAnalysis,
// its two per-point stages on the pool of helpers when it takes them (pool.hpp). A pooled stage
// returns to the event loop; its callback resumes the job where it stopped.
//-----------------------------------------------------------------------------------------------
namespace {
struct AnalyzeJob {
    int job = 0, version = 0;
    Index maxk = 0;
    NeighbourMethod method = NeighbourMethod::Auto;
    std::unique_ptr<StagedAnalysis> staged;
    bool inProcess = false;  // a helper failed: the rest of this job runs here
};

void finishAnalysis(AnalyzeJob& j) {
    Analysis a = j.staged->take();
    pool::check(a);
    DataSet& ds = g.sets.at(j.version);
    if (ds.projection.rows != ds.points.rows) {
        progress(j.job, "projection", 0.0);
        const Index n = ds.points.rows, d = ds.points.cols;
        if (d <= 2) {
            ds.projection.rows = n;
            ds.projection.cols = 2;
            ds.projection.values.assign(size_t(2 * n), 0.0);
            for (Index i = 0; i < n; ++i)
                for (Index c = 0; c < d; ++c) ds.projection.values[size_t(2 * i + c)] = ds.points(i, c);
            ds.explained.assign(2, d == 2 ? 0.5 : 1.0);
        } else {
            Projection pr = pca(ds.points.view(), 2);
            ds.projection = std::move(pr.coords);
            ds.explained = pr.explainedVariance;
        }
    }
    progress(j.job, "sending results", 0.0);
    auto shared = std::make_shared<Analysis>(std::move(a));
    protocol::Result r;
    r.job = j.job;
    r.analysis = shared;
    r.projection = ds.projection;
    r.explained = ds.explained;
    reply(r);
    g.cached = std::make_unique<Analysis>(std::move(*shared));
    g.cachedVersion = j.version;
    g.cachedMaxk = j.maxk;
    g.cachedMethod = j.method;
}

// Runs `resume` (a pooled stage's result handed in) and then the job's stages up to the next one the
// pool takes, or to the end.
void advance(const std::shared_ptr<AnalyzeJob>& j, const std::function<void()>& resume = {}) {
    try {
        if (resume) resume();
        for (auto need = j->staged->next(); !std::holds_alternative<StagedAnalysis::Done>(need); need = j->staged->next()) {
            if (const auto* n = std::get_if<StagedAnalysis::NeedGraph>(&need)) {
                const auto done = [j](std::optional<KnnGraph> graph) {
                    advance(j, [&] { graph ? j->staged->supply(std::move(*graph)) : void(j->inProcess = true); });
                };
                if (!j->inProcess && pool::search(n->points, n->params, j->job, done)) return;
                j->staged->supply(neighbours(n->points, n->params));
            } else if (const auto* d = std::get_if<StagedAnalysis::NeedDensity>(&need)) {
                const auto done = [j](std::optional<Density> density) {
                    advance(j, [&] { density ? j->staged->supply(std::move(*density)) : void(j->inProcess = true); });
                };
                if (!j->inProcess && pool::density(*d->graph, d->id, d->params, j->job, done)) return;
                j->staged->supply(estimateDensity(*d->graph, d->id, d->params));
            }
        }
        finishAnalysis(*j);
    } catch (const std::exception& e) {
        pool::forget();
        reply(protocol::Failed{j->job, "", e.what(), false});
    }
}
}  // namespace

void handle(const protocol::Analyze& m) {
    const int job = m.job;
    try {
        auto set = g.sets.find(m.version);
        if (set == g.sets.end() && job == g.failedLoadJob) return;  // the page has the Load's Failed
        if (set == g.sets.end()) throw Error("internal: the worker does not hold this data set (reload the page)");
        DataSet& ds = set->second;
        params::Options o;
        const auto applied = params::applyPairs(o, m.params);
        if (!applied.problems.empty()) throw Error(applied.problems.front());
        AnalysisParams p = o.analysis;
        p.gride = true;  // Gride comes from the kNN table: always computed in the app
        // ID vs scale by decimation costs about one more neighbour search: up to this N only
        if (ds.points.rows > web::limits::kMaxPointsDecimation) p.idScaling = false;
        p.progress = [job](const char* stage, double f) { progress(job, stage, f); };
        const PointsView v = ds.points.view();
        params::checkWithData(o, ds.points.rows, params::App);  // maxk ≤ n − 1, k ≤ maxk (the kNN estimator)
        auto j = std::make_shared<AnalyzeJob>();
        j->job = job;
        j->version = m.version;
        j->maxk = p.neighbours.maxk;
        j->method = p.neighbours.method;
        // the cached analysis of these points and neighbour settings: only the stages after the graph
        if (g.cached && g.cachedVersion == m.version && g.cachedMaxk == j->maxk && g.cachedMethod == j->method)
            j->staged = std::make_unique<StagedAnalysis>(*g.cached, v, p);
        else
            j->staged = std::make_unique<StagedAnalysis>(v, p);
        advance(j);
    } catch (const std::exception& e) {
        reply(protocol::Failed{job, "", e.what(), false});
    }
}

}  // namespace peakscope::web::worker

//-----------------------------------------------------------------------------------------------
// [4] The entry: one message (its bytes) and the bytes of its file, if any (size −1: unreadable).
//-----------------------------------------------------------------------------------------------
namespace {
// The file of `m` could not be had: Failed for its job (Load) or its key (LayersFile).
void fileFailed(const peakscope::web::protocol::ToWorker& m, const std::string& why) {
    using namespace peakscope::web;
    const int job = std::holds_alternative<protocol::Load>(m) ? std::get<protocol::Load>(m).job : -1;
    if (job >= 0) worker::loadFailed(job);  // its Analyze is dropped
    const std::string key = std::holds_alternative<protocol::LayersFile>(m) ? std::get<protocol::LayersFile>(m).key : "";
    worker::reply(protocol::Failed{job, key, why, false});
}

void dispatch(const peakscope::web::protocol::ToWorker& m, std::string_view bytes, int fileSize) {
    using namespace peakscope::web;
    if (fileSize < 0) {
        const std::string name = std::holds_alternative<protocol::Load>(m) ? std::get<protocol::Load>(m).fileName
                                 : std::holds_alternative<protocol::LayersFile>(m) ? std::get<protocol::LayersFile>(m).name
                                                                                     : std::string("file");
        fileFailed(m, name + ": the browser could not read the file");
        return;
    }
    std::visit(
        [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, protocol::Load> || std::is_same_v<T, protocol::LayersFile>)
                worker::handle(x, bytes);
            else if constexpr (std::is_same_v<T, protocol::PoolPoints> || std::is_same_v<T, protocol::PoolNeighbours> ||
                               std::is_same_v<T, protocol::PoolDensity>)
                worker::pool::handle(x);  // this worker is a helper of a pool
            else
                worker::handle(x);
        },
        m);
}
}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void ps_worker_message(const unsigned char* data, int size, const unsigned char* file,
                                                       int fileSize) {
    using namespace peakscope::web;
    protocol::ToWorker m;
    try {
        m = protocol::decodeToWorker(data, size_t(size));
    } catch (const std::exception& e) {
        worker::reply(protocol::Failed{-1, "", std::string("internal: ") + e.what(), false});
        return;
    }
    const std::string_view bytes(reinterpret_cast<const char*>(file), file && fileSize > 0 ? size_t(fileSize) : 0);
    if (worker::pool::busy()) {  // a pooled stage runs: this message waits (the page's order is kept)
        worker::pool::later([m = std::move(m), kept = std::string(bytes), fileSize] { dispatch(m, kept, fileSize); });
        return;
    }
    dispatch(m, bytes, fileSize);
    worker::pool::runQueued();
}

// A message whose file the worker was to download (post.js) that could not be downloaded: `why`
// names the address and the reason.
extern "C" EMSCRIPTEN_KEEPALIVE void ps_worker_message_failed(const unsigned char* data, int size, const char* why) {
    using namespace peakscope::web;
    try {
        fileFailed(protocol::decodeToWorker(data, size_t(size)), why);
    } catch (const std::exception& e) {
        worker::reply(protocol::Failed{-1, "", std::string("internal: ") + e.what(), false});
    }
}

// A file the worker downloaded ahead (post.js prefetch): read now, kept under its URL.
extern "C" EMSCRIPTEN_KEEPALIVE void ps_worker_preread(const char* url, const unsigned char* file, int size) {
    peakscope::web::worker::preread(url, std::string_view(reinterpret_cast<const char*>(file), size_t(std::max(0, size))));
}

// A LayersFile message whose URL was read ahead: the file read then is kept under its key.
extern "C" EMSCRIPTEN_KEEPALIVE void ps_worker_message_preread(const unsigned char* data, int size, const char* url) {
    using namespace peakscope::web;
    try {
        const protocol::ToWorker m = protocol::decodeToWorker(data, size_t(size));
        if (!std::holds_alternative<protocol::LayersFile>(m)) throw peakscope::Error("a file read ahead for another message");
        if (worker::pool::busy()) {  // as ps_worker_message: the page's order is kept
            worker::pool::later([m, u = std::string(url)] { worker::handlePreread(std::get<protocol::LayersFile>(m), u); });
            return;
        }
        worker::handlePreread(std::get<protocol::LayersFile>(m), url);
        worker::pool::runQueued();
    } catch (const std::exception& e) {
        worker::reply(protocol::Failed{-1, "", std::string("internal: ") + e.what(), false});
    }
}

int main() {
    peakscope::web::worker::pool::start();  // the helpers (none in a helper, none for one core)
    return 0;
}

// PeakScope compute worker: the pool of helper workers (see pool.hpp). Its JavaScript (helpers
// started, posted to, heard) is the EM_JS of section [1].
//   Sections: [1] helpers (JS)  [2] a pooled stage  [3] the hooks  [4] a job's end, the queue
//             [5] replies from helpers  [6] the helper side
#include "worker/pool.hpp"

#include <emscripten.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "core/density.hpp"
#include "worker/transport.hpp"

namespace peakscope::web::worker::pool {
namespace {

//-----------------------------------------------------------------------------------------------
// [1] Helpers: the same script with ?helper (a helper starts no pool). Size: one per core
// (navigator.hardwareConcurrency) up to 4 — each holds a copy of the points (up to 80 MB) — or
// ?pool=N (at most 8; 1 = one worker). Their replies (protocol bytes, posted by their transport.cpp)
// go to ps_pool_reply; a helper that fails to load or dies, to ps_pool_lost.
//-----------------------------------------------------------------------------------------------
EM_JS(int, jsPoolWanted, (), {
    const q = new URLSearchParams(self.location.search);
    if (q.has('helper')) return 0;
    if (q.has('pool')) return Math.max(1, Math.min(8, Number(q.get('pool')) | 0));
    return Math.max(1, Math.min(4, (self.navigator && navigator.hardwareConcurrency) | 0));
});

EM_JS(int, jsIsHelper, (), { return new URLSearchParams(self.location.search).has('helper') ? 1 : 0; });

EM_JS(int, jsPoolCheck, (), { return new URLSearchParams(self.location.search).has('poolcheck') ? 1 : 0; });

EM_JS(int, jsPoolStart, (int want), {
    Module.psHelpers = [];
    if (typeof Worker === 'undefined') return 0;  // no nested workers in this browser
    const url = new URL(self.location.href);
    url.search = '?helper';
    for (let i = 0; i < want; i++) {
        let w;
        try {
            w = new Worker(url.href);
        } catch (err) {
            break;
        }
        w.onmessage = (e) => {
            const h = e.data;
            const p = _malloc(Math.max(1, h.length));
            HEAPU8.set(h, p);
            Module._ps_pool_reply(i, p, h.length);
            _free(p);
        };
        w.onerror = (e) => {
            e.preventDefault();
            Module._ps_pool_lost(i);
        };
        Module.psHelpers.push(w);
    }
    return Module.psHelpers.length;
});

EM_JS(void, jsPoolStop, (), {
    for (const w of Module.psHelpers || []) w.terminate();
    Module.psHelpers = [];
});

// The bytes are transferred (a copy out of the heap, then no second copy).
EM_JS(void, jsPoolPost, (int helper, const unsigned char* data, int size), {
    const h = HEAPU8.slice(data, data + size);
    Module.psHelpers[helper].postMessage({h : h, f : null}, [h.buffer]);
});

constexpr Index kMinRows = 2048;     // smaller sets run in-process (messages would cost more)
// PAk goes to the pool from 3 helpers: k* and the slices' rows cost the coordinator about what 2
// helpers save (bench-web (d), 20,000 × 2: pooled 78–127 ms, in-process 59–79 ms)
constexpr int kMinDensityHelpers = 3;
constexpr int kSlicesPerHelper = 6;  // slices go to whichever helper has room: balances the load
constexpr size_t kQueued = 2;        // slices posted to a helper at once: it starts the next one
                                     // while its last rows travel back

int g_helpers = 0;
bool g_check = false;
std::vector<char> g_ready;  // per helper: its runtime is up (it said so); only ready helpers get slices
constexpr const char* kReady = "pool helper ready";

int readyHelpers() { return int(std::count(g_ready.begin(), g_ready.end(), 1)); }

// 64-bit fingerprint of bytes (word-wise multiply-xor; tells apart the point sets helpers hold).
std::uint64_t fingerprint(const void* data, size_t bytes, std::uint64_t h) {
    const auto* p = static_cast<const unsigned char*>(data);
    size_t a = 0;
    for (; a + 8 <= bytes; a += 8) {
        std::uint64_t w;
        std::memcpy(&w, p + a, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    for (; a < bytes; ++a) h = (h ^ p[a]) * 0x100000001b3ULL;
    return h;
}
template <class T> std::uint64_t mix(std::uint64_t h, const T& v) { return fingerprint(&v, sizeof v, h); }

//-----------------------------------------------------------------------------------------------
// [2] A pooled stage: slices handed to helpers with room, merged as they arrive; at the end its
// result goes to the job's callback (or nothing, after a helper's failure: the job computes it).
//-----------------------------------------------------------------------------------------------
struct Checked {  // ?poolcheck: a pooled stage's inputs and result, computed again in-process at the end
    bool isGraph = true;
    KnnGraph graph;
    Density density;
    std::vector<double> points;
    Index d = 0;
    NeighbourParams np;
    KnnGraph input;
    double id = 0;
    DensityParams dp;
};

struct Stage {
    int id = 0, pageJob = 0;
    const char* name = "neighbours";
    Checked result;                                   // the merged rows (result.graph / result.density)
    std::function<void(std::optional<KnnGraph>)> graphDone;
    std::function<void(std::optional<Density>)> densityDone;
    std::vector<std::pair<Index, Index>> slices;      // rows (search: positions) [begin, end)
    std::vector<std::vector<std::uint8_t>> requests;  // encoded, one per slice
    std::vector<std::uint8_t> points;                 // search: PoolPoints, for helpers without the set
    int set = 0;
    size_t next = 0;
    int outstanding = 0;
    std::vector<std::deque<int>> working;             // per helper: its posted slices, oldest first
    std::vector<double> done;                         // per slice: rows done (progress)
};

std::unique_ptr<Stage> g_stage;
std::vector<Checked> g_checked;   // ?poolcheck: this job's pooled stages
std::deque<std::function<void()>> g_later;
std::vector<int> g_helperSet;     // per helper: the point set it holds (−1 none)
std::uint64_t g_setKey = 0;
int g_set = 0, g_nextStage = 1;

void runLater();

void feed(int h) {
    Stage& s = *g_stage;
    auto& queue = s.working[size_t(h)];
    while (s.next < s.slices.size() && g_ready[size_t(h)] && queue.size() < kQueued) {
        if (!s.points.empty() && g_helperSet[size_t(h)] != s.set) {
            jsPoolPost(h, s.points.data(), int(s.points.size()));
            g_helperSet[size_t(h)] = s.set;
        }
        const size_t k = s.next++;
        jsPoolPost(h, s.requests[k].data(), int(s.requests[k].size()));
        std::vector<std::uint8_t>().swap(s.requests[k]);
        queue.push_back(int(k));
        ++s.outstanding;
    }
}

void launch(std::unique_ptr<Stage> s) {
    s->id = g_nextStage++;
    s->working.assign(size_t(g_helpers), {});
    s->done.assign(s->slices.size(), 0.0);
    g_stage = std::move(s);
    progress(g_stage->pageJob, g_stage->name, 0.0);
    for (int h = 0; h < g_helpers; ++h) feed(h);
}

// The stage ended: merged (ok) or abandoned after a failure. The job's callback may start the next
// stage; the messages that waited run once no stage is running.
void end(bool ok) {
    std::unique_ptr<Stage> s = std::move(g_stage);
    if (ok && g_check) g_checked.push_back(s->result);
    if (s->graphDone) s->graphDone(ok ? std::optional<KnnGraph>(std::move(s->result.graph)) : std::nullopt);
    if (s->densityDone) s->densityDone(ok ? std::optional<Density>(std::move(s->result.density)) : std::nullopt);
    runLater();
}

void report() {
    const Stage& s = *g_stage;
    double rows = 0, total = 0;
    for (size_t k = 0; k < s.slices.size(); ++k) {
        rows += s.done[k];
        total += double(s.slices[k].second - s.slices[k].first);
    }
    progress(s.pageJob, s.name, total > 0 ? rows / total : 1.0);
}

// Slices of [0, n) for the helpers: about kSlicesPerHelper each, bounds multiples of `align`.
std::vector<std::pair<Index, Index>> slicesOf(Index n, Index align) {
    const Index parts = Index(readyHelpers()) * kSlicesPerHelper;
    const Index per = std::max<Index>(align, (n + parts - 1) / parts / align * align + align);
    std::vector<std::pair<Index, Index>> out;
    for (Index b = 0; b < n; b += per) out.emplace_back(b, std::min(n, b + per));
    return out;
}

bool sameBits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

//-----------------------------------------------------------------------------------------------
// [3] The stages a job starts on the pool (or leaves to itself: false).
//-----------------------------------------------------------------------------------------------
bool search(const PointsView& v, const NeighbourParams& np, int pageJob,
            std::function<void(std::optional<KnnGraph>)> done) {
    const Index n = v.n(), d = v.d();
    if (g_stage || readyHelpers() == 0 || n < kMinRows || np.method == NeighbourMethod::Hnsw) return false;
    const Index maxk = resolveMaxk(np.maxk, n);  // throws as neighbours() would
    std::vector<double> pts(size_t(n * d));
    for (Index i = 0; i < n; ++i)
        for (Index c = 0; c < d; ++c) pts[size_t(i * d + c)] = v(i, c);
    // the back-end resolved here, so that every helper takes the same one
    const NeighbourMethod method = np.method != NeighbourMethod::Auto ? np.method
                                   : d <= np.kdTreeMaxDim             ? NeighbourMethod::KdTree
                                                                      : NeighbourMethod::BruteForce;
    const std::uint64_t setKey = mix(mix(fingerprint(pts.data(), pts.size() * 8, 0xcbf29ce484222325ULL), n), d);
    auto s = std::make_unique<Stage>();
    s->pageJob = pageJob;
    s->name = "neighbours";
    s->graphDone = std::move(done);
    if (setKey != g_setKey || g_set == 0) {
        g_setKey = setKey;
        ++g_set;
    }
    s->set = g_set;
    s->slices = slicesOf(n, NeighbourSearch::kSliceAlign);
    for (const auto& [b, e] : s->slices)
        s->requests.push_back(protocol::encode(protocol::ToWorker(
            protocol::PoolNeighbours{g_nextStage, s->set, maxk, int(method), b, e})));
    Checked& r = s->result;
    r.graph.n = n;
    r.graph.maxk = maxk;
    r.graph.distances.assign(size_t(n * (maxk + 1)), 0.0);
    r.graph.indices.assign(size_t(n * (maxk + 1)), 0);
    if (g_check) {
        r.d = d;
        r.np.maxk = np.maxk;
        r.np.method = np.method;
        r.np.kdTreeMaxDim = np.kdTreeMaxDim;
        r.points = pts;
    }
    s->points = protocol::encode(protocol::ToWorker(protocol::PoolPoints{s->set, n, d, std::move(pts)}));
    launch(std::move(s));
    return true;
}

bool density(const KnnGraph& g, double id, const DensityParams& dp, int pageJob,
             std::function<void(std::optional<Density>)> done) {
    if (g_stage || dp.method != DensityMethod::PAk || readyHelpers() < kMinDensityHelpers || g.n < kMinRows) return false;
    // k* reads the neighbours' rows (the whole graph): here; PAk row by row: the helpers
    std::vector<std::int32_t> ks = optimalNeighbourhood(g, id, dp.Dthr);
    const double unit = pakVolumeUnit(g);
    auto s = std::make_unique<Stage>();
    s->pageJob = pageJob;
    s->name = "density";
    s->densityDone = std::move(done);
    s->slices = slicesOf(g.n, 1);
    for (const auto& [b, e] : s->slices) {
        protocol::PoolDensity m{g_nextStage, b, g.n, 0, id, unit, {}, {}};
        m.kstar.assign(ks.begin() + b, ks.begin() + e);
        m.width = Index(*std::max_element(m.kstar.begin(), m.kstar.end())) + 1;  // PAk reads r_0 … r_k*
        for (Index i = b; i < e; ++i) m.distances.insert(m.distances.end(), g.distRow(i), g.distRow(i) + m.width);
        s->requests.push_back(protocol::encode(protocol::ToWorker(m)));
    }
    Checked& r = s->result;
    r.isGraph = false;
    r.density.method = DensityMethod::PAk;
    r.density.kstar = std::move(ks);
    r.density.logRho.assign(size_t(g.n), 0.0);
    r.density.error.assign(size_t(g.n), 0.0);
    if (g_check) {
        r.input = g;
        r.id = id;
        r.dp = dp;
    }
    launch(std::move(s));
    return true;
}

//-----------------------------------------------------------------------------------------------
// [4] Start, a job's end, the queue of messages that arrived while a stage ran.
//-----------------------------------------------------------------------------------------------
void start() {
    if (jsIsHelper()) {  // a helper: tell the coordinator that slices may come
        reply(protocol::Progress{0, kReady, 1.0});
        return;
    }
    const int want = jsPoolWanted();
    g_check = jsPoolCheck() != 0;
    g_helpers = want > 1 ? jsPoolStart(want) : 0;
    g_helperSet.assign(size_t(g_helpers), -1);
    g_ready.assign(size_t(g_helpers), 0);
}

int size() { return g_helpers; }
bool busy() { return g_stage != nullptr; }

void check(Analysis& a) {
    std::vector<Checked> stages;
    stages.swap(g_checked);
    if (!g_check || stages.empty()) return;
    for (const Checked& f : stages) {
        if (f.isGraph) {
            const KnnGraph one = neighbours(PointsView(f.points.data(), f.graph.n, f.d), f.np);
            if (!sameBits(one.distances, f.graph.distances) || one.indices != f.graph.indices)
                throw Error("pool check: the neighbour rows of " + std::to_string(g_helpers) +
                            " helpers differ from one worker's");
        } else {
            const Density one = estimateDensity(f.input, f.id, f.dp);
            if (!sameBits(one.logRho, f.density.logRho) || !sameBits(one.error, f.density.error) ||
                one.kstar != f.density.kstar)
                throw Error("pool check: the PAk densities of " + std::to_string(g_helpers) +
                            " helpers differ from one worker's");
        }
    }
    a.warnings.push_back("pool check: " + std::to_string(stages.size()) + " pooled stages of " +
                         std::to_string(g_helpers) + " helpers are identical to one worker's");
}

void forget() { g_checked.clear(); }

void later(std::function<void()> message) { g_later.push_back(std::move(message)); }

void runQueued() { runLater(); }

namespace {
void runLater() {
    while (!busy() && !g_later.empty()) {
        auto m = std::move(g_later.front());
        g_later.pop_front();
        m();
    }
}

// A helper reported an error or sent what cannot be used: the stage ends unmerged and the job
// computes it in-process (an error of the data shows there, as with one worker). poolGone: a helper
// died — no pool from now on.
void abandon(bool poolGone) {
    if (poolGone) {
        jsPoolStop();
        g_helpers = 0;
        g_helperSet.clear();
        g_ready.clear();
    }
    if (g_stage) end(false);  // (else a late reply of an abandoned stage)
}

//-----------------------------------------------------------------------------------------------
// [5] Replies from helpers (in the order each helper got its slices).
//-----------------------------------------------------------------------------------------------
void sliceDone(int h) {
    Stage& s = *g_stage;
    const int k = s.working[size_t(h)].front();
    s.working[size_t(h)].pop_front();
    s.done[size_t(k)] = double(s.slices[size_t(k)].second - s.slices[size_t(k)].first);
    --s.outstanding;
    report();
    feed(h);
    if (s.outstanding == 0 && s.next == s.slices.size()) end(true);
}

void onReply(int h, const protocol::ToPage& m) {
    if (h < 0 || h >= g_helpers) return;
    if (const auto* p = std::get_if<protocol::Progress>(&m); p && p->stage == kReady) {
        g_ready[size_t(h)] = 1;
        if (g_stage) feed(h);  // joins a running stage
        return;
    }
    if (!g_stage) return;
    Stage& s = *g_stage;
    if (s.working[size_t(h)].empty()) return;
    const int slice = s.working[size_t(h)].front();
    const auto [b, e] = s.slices[size_t(slice)];
    if (const auto* r = std::get_if<protocol::PoolRows>(&m)) {
        if (r->job != s.id) return;
        if (r->rows.begin != b || Index(r->rows.points.size()) != e - b) throw Error("internal: a helper sent other rows");
        placeRows(s.result.graph, r->rows);
        sliceDone(h);
    } else if (const auto* r = std::get_if<protocol::PoolDensityRows>(&m)) {
        if (r->job != s.id) return;
        if (r->begin != b || Index(r->logRho.size()) != e - b || r->error.size() != r->logRho.size())
            throw Error("internal: a helper sent other densities");
        std::copy(r->logRho.begin(), r->logRho.end(), s.result.density.logRho.begin() + b);
        std::copy(r->error.begin(), r->error.end(), s.result.density.error.begin() + b);
        sliceDone(h);
    } else if (const auto* p = std::get_if<protocol::Progress>(&m)) {
        if (p->job != s.id) return;
        s.done[size_t(slice)] = p->fraction * double(e - b);
        report();
    } else if (const auto* f = std::get_if<protocol::Failed>(&m)) {
        if (f->job == s.id) abandon(false);
    }
}
}  // namespace

//-----------------------------------------------------------------------------------------------
// [6] The helper side: one point set and its prepared search, slices on request.
//-----------------------------------------------------------------------------------------------
namespace {
struct HelperSet {
    int set = -1;
    Index n = 0, d = 0;
    std::vector<double> values;
    std::unique_ptr<NeighbourSearch> search;
    Index maxk = -2;
    int method = -1;
};
HelperSet g_own;
}  // namespace

void handle(const protocol::PoolPoints& m) {
    g_own.set = m.set;
    g_own.n = m.n;
    g_own.d = m.d;
    g_own.values = m.values;
    g_own.search.reset();
}

void handle(const protocol::PoolNeighbours& m) {
    try {
        if (m.set != g_own.set) throw Error("internal: a pool helper lacks the point set");
        if (!g_own.search || g_own.maxk != m.maxk || g_own.method != m.method) {
            NeighbourParams np;
            np.maxk = m.maxk;
            np.method = NeighbourMethod(m.method);
            g_own.search.reset();
            g_own.search = std::make_unique<NeighbourSearch>(PointsView(g_own.values.data(), g_own.n, g_own.d), np);
            g_own.maxk = m.maxk;
            g_own.method = m.method;
        }
        const int job = m.job;
        reply(protocol::PoolRows{job, g_own.search->rows(m.begin, m.end, [job](const char* stage, double f) {
                                     progress(job, stage, f);
                                 })});
    } catch (const std::exception& e) {
        reply(protocol::Failed{m.job, "", e.what(), false});
    }
}

void handle(const protocol::PoolDensity& m) {
    try {
        const Index rows = Index(m.kstar.size());
        if (m.width < 1 || Index(m.distances.size()) != rows * m.width) throw Error("internal: a density slice is malformed");
        protocol::PoolDensityRows r{m.job, m.begin, std::vector<double>(size_t(rows)), std::vector<double>(size_t(rows))};
        pakRows(m.distances.data(), m.width, m.kstar.data(), rows, m.id, m.n, m.logUnit, r.logRho.data(), r.error.data());
        reply(r);
    } catch (const std::exception& e) {
        reply(protocol::Failed{m.job, "", e.what(), false});
    }
}

}  // namespace peakscope::web::worker::pool

using namespace peakscope::web;

extern "C" {

// A helper's reply (protocol bytes).
EMSCRIPTEN_KEEPALIVE void ps_pool_reply(int helper, const unsigned char* data, int size) {
    try {
        worker::pool::onReply(helper, protocol::decodeToPage(data, size_t(size)));
    } catch (const std::exception&) {
        worker::pool::abandon(false);  // a reply that cannot be used: as a helper's error
    }
}

// A helper failed to load or died: no pool from now on; a running stage is done in-process.
EMSCRIPTEN_KEEPALIVE void ps_pool_lost(int helper) {
    (void)helper;
    worker::pool::abandon(true);
}

}  // extern "C"

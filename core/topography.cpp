// ADP topography and the merge at Z. See topography.hpp; the step numbers follow
// d'Errico et al. 2021 §2.2–2.3.
#include "core/topography.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>
#include <string>

namespace peakscope {

std::vector<double> adpHeight(const Density& rho) {
    std::vector<double> g(rho.logRho.size());
    for (size_t i = 0; i < g.size(); ++i) g[i] = rho.logRho[i] - (i < rho.error.size() ? rho.error[i] : 0.0);
    return g;
}

Topography topography(const KnnGraph& G, const Density& rho) {
    const Index n = G.n;
    if (Index(rho.logRho.size()) != n || Index(rho.error.size()) != n || Index(rho.kstar.size()) != n)
        throw Error("topography: density and graph differ in size");
    Topography t;
    t.n = n;
    const std::vector<double> g = adpHeight(rho);  // g = log ρ − σ (ADP §2.2)
    for (Index i = 0; i < n; ++i)
        if (!std::isfinite(g[size_t(i)])) throw Error("topography: log density of point " + std::to_string(i) + " is not finite");
    auto kstar = [&](Index i) { return std::min<Index>(rho.kstar[size_t(i)], G.maxk); };
    // "higher" = larger g, ties broken by lower index (a strict total order)
    auto higher = [&](Index a, Index b) { return g[size_t(a)] > g[size_t(b)] || (g[size_t(a)] == g[size_t(b)] && a < b); };

    // Step 1: putative centres — no neighbour among columns 1..k*_i with larger g (strict) …
    std::vector<char> candidate(static_cast<size_t>(n), 1);
    for (Index i = 0; i < n; ++i)
        for (Index j = 1; j <= kstar(i); ++j)
            if (g[size_t(G.index(i, j))] > g[size_t(i)]) { candidate[size_t(i)] = 0; break; }
    // … and not inside the k*-neighbourhood of a point with larger g. The dominator of a removed
    // candidate is the highest such point.
    std::vector<int32_t> dominator(static_cast<size_t>(n), -1);
    for (Index i = 0; i < n; ++i)
        for (Index j = 1; j <= kstar(i); ++j) {
            const int32_t c = G.index(i, j);
            if (candidate[size_t(c)] && g[size_t(i)] > g[size_t(c)]) {
                int32_t& d = dominator[size_t(c)];
                if (d < 0 || higher(i, d)) d = int32_t(i);
            }
        }
    std::vector<int32_t> label(static_cast<size_t>(n), -1);
    for (Index i = 0; i < n; ++i)
        if (candidate[size_t(i)] && dominator[size_t(i)] < 0) {
            label[size_t(i)] = int32_t(t.centres.size());
            t.centres.push_back(int32_t(i));
        }
    if (t.centres.empty()) throw Error("topography: no density peak found");  // impossible: the max of g is a centre
    for (int32_t c : t.centres) {
        t.centreLogRho.push_back(rho.logRho[size_t(c)]);
        t.centreError.push_back(rho.error[size_t(c)]);
    }

    // Step 2: assignment in order of decreasing g to the nearest already-labelled neighbour.
    std::vector<int32_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return higher(a, b); });
    auto oneLevel = [&](int32_t c) {  // dominator, followed once more if it was removed itself
        int32_t d = dominator[size_t(c)];
        if (d >= 0 && candidate[size_t(d)] && dominator[size_t(d)] >= 0) d = dominator[size_t(d)];
        return d;
    };
    for (int32_t p : order) {
        if (label[size_t(p)] >= 0) continue;
        for (Index j = 1; j <= G.maxk; ++j) {
            const int32_t q = G.index(p, j);
            if (label[size_t(q)] >= 0) { label[size_t(p)] = label[size_t(q)]; break; }
        }
        if (label[size_t(p)] >= 0) continue;
        // Fallback (no labelled point within maxk): removed candidates in p's list (p included)
        // point to their dominators; copy the label of the highest one.
        int32_t best = -1;
        for (Index j = 0; j <= G.maxk; ++j) {
            const int32_t c = G.index(p, j);
            if (!candidate[size_t(c)] || dominator[size_t(c)] < 0) continue;
            const int32_t d = oneLevel(c);
            if (d >= 0 && (best < 0 || higher(d, best))) best = d;
        }
        // Follow the dominator chain until a labelled point (always ends: g increases along it).
        while (best >= 0 && label[size_t(best)] < 0) best = dominator[size_t(best)];
        if (best < 0) throw Error("topography: point " + std::to_string(p) + " could not be assigned");
        label[size_t(p)] = label[size_t(best)];
        ++t.fallbackAssigned;
    }

    // Step 3: border points. p (not a centre) in cluster c; q = its first neighbour within
    // k*_p in another cluster c'; p must be the closest member of c to q (first in q's list).
    std::vector<char> isCentre(static_cast<size_t>(n), 0);
    for (int32_t c : t.centres) isCentre[size_t(c)] = 1;
    // Step 4: saddle of a pair = its border point of highest g.
    std::vector<std::pair<std::pair<int32_t, int32_t>, int32_t>> borders;  // ((a, b), point)
    for (Index p = 0; p < n; ++p) {
        if (isCentre[size_t(p)]) continue;
        const int32_t c = label[size_t(p)];
        int32_t q = -1;
        for (Index j = 1; j <= kstar(p); ++j)
            if (label[size_t(G.index(p, j))] != c) { q = G.index(p, j); break; }
        if (q < 0) continue;
        bool closest = true;
        for (Index j = 1; j <= G.maxk; ++j) {
            const int32_t r = G.index(q, j);
            if (r == p) break;
            if (label[size_t(r)] == c) { closest = false; break; }
        }
        if (!closest) continue;
        const int32_t c2 = label[size_t(q)];
        borders.push_back({{std::min(c, c2), std::max(c, c2)}, int32_t(p)});
    }
    std::sort(borders.begin(), borders.end(), [&](const auto& x, const auto& y) {
        if (x.first != y.first) return x.first < y.first;
        return higher(x.second, y.second);
    });
    for (size_t k = 0; k < borders.size(); ++k) {
        if (k > 0 && borders[k].first == borders[k - 1].first) continue;
        const int32_t p = borders[k].second;
        t.saddles.push_back({borders[k].first.first, borders[k].first.second, rho.logRho[size_t(p)],
                             rho.error[size_t(p)], p});
    }
    t.labels = std::move(label);
    return t;
}

namespace {

// The merge loop of ADP §2.3 on sparse saddles, with a lazy max-heap of non-significant pairs.
// Also reports the smallest Z' > Z at which any significance test it evaluated would flip.
// heap order: highest saddle first, then lexicographic (a, b)
struct Entry {
    double rho;
    int32_t a, b, s;
    bool operator<(const Entry& o) const {
        if (rho != o.rho) return rho < o.rho;
        if (a != o.a) return a > o.a;
        return b > o.b;
    }
};

// (min id, max id) → saddle id of the live pairs: open addressing with linear probing and
// backward-shift deletion, in flat arrays (the merge runs often — the Z slider, the merge curve —
// and a node-based hash map spent most of its time in malloc).
class PairMap {
public:
    static constexpr uint64_t kEmpty = ~uint64_t(0);
    void reset(size_t entries) {  // room for `entries` live pairs at load ≤ 1/2
        size_t cap = 16;
        while (cap < 2 * entries) cap *= 2;
        keys_.assign(cap, kEmpty);
        values_.resize(cap);
        mask_ = cap - 1;
        shift_ = 64 - log2(cap);
    }
    int32_t find(uint64_t key) const {  // −1: absent
        for (size_t i = slot(key);; i = (i + 1) & mask_) {
            if (keys_[i] == key) return values_[i];
            if (keys_[i] == kEmpty) return -1;
        }
    }
    void set(uint64_t key, int32_t value) {
        size_t i = slot(key);
        while (keys_[i] != kEmpty && keys_[i] != key) i = (i + 1) & mask_;
        keys_[i] = key;
        values_[i] = value;
    }
    void erase(uint64_t key) {
        size_t i = slot(key);
        while (keys_[i] != key) {
            if (keys_[i] == kEmpty) return;
            i = (i + 1) & mask_;
        }
        // backward shift: move later entries of the probe run into the hole
        for (size_t j = (i + 1) & mask_; keys_[j] != kEmpty; j = (j + 1) & mask_) {
            const size_t home = slot(keys_[j]);
            if (((j - home) & mask_) >= ((j - i) & mask_)) {
                keys_[i] = keys_[j];
                values_[i] = values_[j];
                i = j;
            }
        }
        keys_[i] = kEmpty;
    }
    template <class F> void forEach(F&& f) const {
        for (size_t i = 0; i < keys_.size(); ++i)
            if (keys_[i] != kEmpty) f(keys_[i], values_[i]);
    }

private:
    static unsigned log2(size_t x) {
        unsigned r = 0;
        while (x > 1) { x >>= 1; ++r; }
        return r;
    }
    size_t slot(uint64_t key) const { return size_t((key * 0x9E3779B97F4A7C15ULL) >> shift_); }
    std::vector<uint64_t> keys_;
    std::vector<int32_t> values_;
    size_t mask_ = 0;
    unsigned shift_ = 60;
};

// cluster → adjacent clusters (may hold stale ids), in insertion order: linked lists in one pool
class Adjacency {
public:
    void reset(size_t clusters, size_t entries) {
        head_.assign(clusters, -1);
        tail_.assign(clusters, -1);
        item_.clear();
        next_.clear();
        item_.reserve(2 * entries);
        next_.reserve(2 * entries);
    }
    void append(int32_t c, int32_t k) {
        const int32_t n = int32_t(item_.size());
        item_.push_back(k);
        next_.push_back(-1);
        if (tail_[size_t(c)] < 0) head_[size_t(c)] = n;
        else next_[size_t(tail_[size_t(c)])] = n;
        tail_[size_t(c)] = n;
    }
    void clear(int32_t c) { head_[size_t(c)] = tail_[size_t(c)] = -1; }
    int32_t first(int32_t c) const { return head_[size_t(c)]; }  // −1: end
    int32_t next(int32_t n) const { return next_[size_t(n)]; }
    int32_t item(int32_t n) const { return item_[size_t(n)]; }

private:
    std::vector<int32_t> head_, tail_, item_, next_;
};

struct MergeRun {
    std::vector<Entry> heap;
    std::vector<char> dead;
    std::vector<int32_t> parent;  // absorbed → survivor
    Adjacency neighbours;
    PairMap pairSaddle;           // live pairs only
    double nextBreak = std::numeric_limits<double>::infinity();
    Index alive = 0;
};

inline uint64_t pairKey(int32_t a, int32_t b) {
    if (a > b) std::swap(a, b);
    return (uint64_t(uint32_t(a)) << 32) | uint32_t(b);
}

// Re-uses the buffers of `m` (the Z sweep runs the merge many times). Each merge costs
// O(degree of the absorbed cluster) hash operations; only pairs whose saddle changed are re-tested.
void runMerge(const Topography& t, double Z, MergeRun& m) {
    const int32_t P = int32_t(t.centres.size());
    m.nextBreak = std::numeric_limits<double>::infinity();
    m.alive = 0;
    m.parent.resize(size_t(P));
    std::iota(m.parent.begin(), m.parent.end(), 0);
    m.neighbours.reset(size_t(P), t.saddles.size());
    m.pairSaddle.reset(t.saddles.size());
    for (int32_t s = 0; s < int32_t(t.saddles.size()); ++s) {
        const Saddle& sd = t.saddles[size_t(s)];
        m.neighbours.append(sd.a, sd.b);
        m.neighbours.append(sd.b, sd.a);
        m.pairSaddle.set(pairKey(sd.a, sd.b), s);
    }
    auto cRho = [&](int32_t c) { return t.centreLogRho[size_t(c)]; };
    auto cErr = [&](int32_t c) { return t.centreError[size_t(c)]; };
    // one side of Eq. 6: log ρ_c − log ρ_s < Z (σ_c + σ_s)
    auto weak = [&](int32_t c, const Saddle& s) {
        const double x = cRho(c) - s.logRho, y = cErr(c) + s.error;
        const bool w = x < Z * y;
        if (!w && y > 0) {
            // smallest Z' at which this test turns true (exact in floating point)
            double b = x / y;
            while (!(x < b * y)) b = std::nextafter(b, std::numeric_limits<double>::infinity());
            if (b < m.nextBreak) m.nextBreak = b;
        }
        return w;
    };
    auto notSignificant = [&](int32_t a, int32_t b, const Saddle& s) {
        const bool wa = weak(a, s), wb = weak(b, s);  // evaluate both: both enter nextBreak
        return wa || wb;
    };
    std::vector<Entry>& heap = m.heap;
    heap.clear();
    for (int32_t s = 0; s < int32_t(t.saddles.size()); ++s) {
        const Saddle& sd = t.saddles[size_t(s)];
        if (notSignificant(sd.a, sd.b, sd)) heap.push_back({sd.logRho, sd.a, sd.b, s});
    }
    std::make_heap(heap.begin(), heap.end());
    std::vector<char>& dead = m.dead;
    dead.assign(size_t(P), 0);
    auto saddleOf = [&](int32_t a, int32_t b) { return m.pairSaddle.find(pairKey(a, b)); };
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end());
        const Entry e = heap.back();
        heap.pop_back();
        if (dead[size_t(e.a)] || dead[size_t(e.b)] || saddleOf(e.a, e.b) != e.s) continue;  // stale
        const Saddle& s = t.saddles[size_t(e.s)];
        const double ma = (cRho(e.a) - s.logRho) / (cErr(e.a) + s.error);
        const double mb = (cRho(e.b) - s.logRho) / (cErr(e.b) + s.error);
        const int32_t keep = (mb > ma) ? e.b : e.a, gone = (keep == e.a) ? e.b : e.a;
        dead[size_t(gone)] = 1;
        m.parent[size_t(gone)] = keep;
        m.pairSaddle.erase(pairKey(keep, gone));
        // saddles of the merged cluster: the higher of saddle(keep, k) and saddle(gone, k)
        for (int32_t n = m.neighbours.first(gone); n >= 0; n = m.neighbours.next(n)) {
            const int32_t k = m.neighbours.item(n);
            if (k == keep || dead[size_t(k)]) continue;
            const int32_t sg = m.pairSaddle.find(pairKey(gone, k));
            if (sg < 0) continue;  // stale list entry
            m.pairSaddle.erase(pairKey(gone, k));
            const int32_t sk = m.pairSaddle.find(pairKey(keep, k));
            bool changed = false;
            if (sk < 0) {
                m.pairSaddle.set(pairKey(keep, k), sg);
                m.neighbours.append(keep, k);
                m.neighbours.append(k, keep);
                changed = true;
            } else if (t.saddles[size_t(sg)].logRho > t.saddles[size_t(sk)].logRho) {
                m.pairSaddle.set(pairKey(keep, k), sg);
                changed = true;
            }
            if (changed) {  // unchanged pairs keep their (still valid) heap entries
                const int32_t a = std::min(keep, k), b = std::max(keep, k);
                if (notSignificant(a, b, t.saddles[size_t(sg)])) {
                    heap.push_back({t.saddles[size_t(sg)].logRho, a, b, sg});
                    std::push_heap(heap.begin(), heap.end());
                }
            }
        }
        m.neighbours.clear(gone);
    }
    for (int32_t c = 0; c < P; ++c) m.alive += dead[size_t(c)] ? 0 : 1;
    // path-compress parents to the final survivor
    for (int32_t c = 0; c < P; ++c) {
        int32_t r = c;
        while (m.parent[size_t(r)] != r) r = m.parent[size_t(r)];
        m.parent[size_t(c)] = r;
    }
}

MergeRun runMerge(const Topography& t, double Z) {
    MergeRun m;
    runMerge(t, Z, m);
    return m;
}

}  // namespace

Index clustersAtZ(const Topography& t, double Z) { return runMerge(t, Z).alive; }

void sweepMerges(const Topography& t, const std::vector<double>& zs,
                 const std::function<bool(size_t, const std::vector<int32_t>&)>& visit) {
    MergeRun m;
    for (size_t k = 0; k < zs.size(); ++k) {
        if (!std::isfinite(zs[k]) || zs[k] < 0) throw Error("Z must be a finite number >= 0, got " + std::to_string(zs[k]));
        runMerge(t, zs[k], m);
        if (!visit(k, m.parent)) return;
    }
}

Partition mergeAtZ(const Topography& t, const Density& rho, double Z) {
    if (!std::isfinite(Z) || Z < 0) throw Error("Z must be a finite number >= 0, got " + std::to_string(Z));
    if (Index(rho.logRho.size()) != t.n) throw Error("mergeAtZ: density and topography differ in size");
    MergeRun m = runMerge(t, Z);
    const int32_t P = int32_t(t.centres.size());
    Partition out;
    out.Z = Z;
    std::vector<int32_t> finalId(static_cast<size_t>(P), -1);
    for (int32_t c = 0; c < P; ++c)
        if (m.parent[size_t(c)] == c) {
            finalId[size_t(c)] = int32_t(out.centres.size());
            out.centres.push_back(t.centres[size_t(c)]);
            out.centreLogRho.push_back(t.centreLogRho[size_t(c)]);
            out.centreError.push_back(t.centreError[size_t(c)]);
        }
    out.putativeToFinal.resize(size_t(P));
    for (int32_t c = 0; c < P; ++c) out.putativeToFinal[size_t(c)] = finalId[size_t(m.parent[size_t(c)])];
    const Index K = out.nClusters();
    m.pairSaddle.forEach([&](uint64_t key, int32_t sid) {  // live pairs: both ends alive
        Saddle sd = t.saddles[size_t(sid)];
        sd.a = finalId[size_t(key >> 32)];
        sd.b = finalId[size_t(key & 0xffffffffu)];
        if (sd.a > sd.b) std::swap(sd.a, sd.b);
        out.saddles.push_back(sd);
    });
    std::sort(out.saddles.begin(), out.saddles.end(),
              [](const Saddle& x, const Saddle& y) { return std::make_pair(x.a, x.b) < std::make_pair(y.a, y.b); });
    // halo (ADP §2.4): below the highest saddle of its cluster
    std::vector<double> maxSaddle(static_cast<size_t>(K), -std::numeric_limits<double>::infinity());
    for (const Saddle& s : out.saddles) {
        maxSaddle[size_t(s.a)] = std::max(maxSaddle[size_t(s.a)], s.logRho);
        maxSaddle[size_t(s.b)] = std::max(maxSaddle[size_t(s.b)], s.logRho);
    }
    out.labels.resize(size_t(t.n));
    out.haloLabels.resize(size_t(t.n));
    out.population.assign(size_t(K), 0);
    for (Index p = 0; p < t.n; ++p) {
        const int32_t c = out.putativeToFinal[size_t(t.labels[size_t(p)])];
        out.labels[size_t(p)] = c;
        out.haloLabels[size_t(p)] = rho.logRho[size_t(p)] < maxSaddle[size_t(c)] ? -1 : c;
        ++out.population[size_t(c)];
    }
    return out;
}

namespace {
// Builds MergeCurve's trees from the survivors of successive steps: a new tree (run) starts at a
// step whose clusters are not unions of the previous step's; building stops at maxNodes.
class StepTree {
public:
    StepTree(int32_t P, size_t maxNodes) : P_(P), maxNodes_(maxNodes), top_(size_t(P)), first_(size_t(P)), made_(size_t(P)) {}
    void add(const std::vector<int32_t>& survivor, int32_t step) {
        if (stopped_) return;
        if (runStart_.empty() || !nestsInRun(survivor, step)) {
            if (parent_.size() + 2 * size_t(P_) > maxNodes_) { stopped_ = true; return; }
            runStart_.push_back(step);
            runNode_.push_back(int32_t(parent_.size()));
            for (int32_t c = 0; c < P_; ++c) {
                top_[size_t(c)] = newNode(-1);
            }
        }
        std::fill(first_.begin(), first_.end(), -1);
        std::fill(made_.begin(), made_.end(), -1);
        for (int32_t c = 0; c < P_; ++c) {
            const int32_t s = survivor[size_t(c)], r = top_[size_t(c)];
            int32_t& f = first_[size_t(s)];
            if (f < 0) { f = r; continue; }
            if (f == r) continue;
            int32_t& n = made_[size_t(s)];
            if (n < 0) {
                n = newNode(step);
                parent_[size_t(f)] = n;
            }
            parent_[size_t(r)] = n;
        }
        for (int32_t c = 0; c < P_; ++c)
            if (made_[size_t(survivor[size_t(c)])] >= 0) top_[size_t(c)] = made_[size_t(survivor[size_t(c)])];
        steps_ = step + 1;
    }
    void store(MergeCurve& c) {
        c.treeParent = std::move(parent_);
        c.stepOf = std::move(stepOf_);
        c.runStart = std::move(runStart_);
        c.runNode = std::move(runNode_);
        c.treeSteps = steps_;
    }

private:
    // every member of each current top node lies in one cluster at this step
    bool nestsInRun(const std::vector<int32_t>& survivor, int32_t step) {
        for (int32_t c = 0; c < P_; ++c) {
            const int32_t s = survivor[size_t(c)], r = top_[size_t(c)];
            if (stamp_[size_t(r)] != step) { stamp_[size_t(r)] = step; mapsTo_[size_t(r)] = s; }
            else if (mapsTo_[size_t(r)] != s) return false;
        }
        return true;
    }
    int32_t newNode(int32_t step) {
        parent_.push_back(-1);
        stepOf_.push_back(step);
        stamp_.push_back(-1);
        mapsTo_.push_back(-1);
        return int32_t(parent_.size() - 1);
    }
    int32_t P_;
    size_t maxNodes_;
    bool stopped_ = false;
    int32_t steps_ = 0;
    std::vector<int32_t> top_, first_, made_;  // per putative: its top node; per cluster: scratch
    std::vector<int32_t> parent_, stepOf_, stamp_, mapsTo_, runStart_, runNode_;
};
}  // namespace

MergeCurve mergeCurve(const Topography& t, double workBudget, int gridPoints) {
    // The merge outcome only changes where a significance test flips, i.e. at a margin
    // (log ρ_c − log ρ_s)/(σ_c + σ_s); a run at Z reports the next such flip (nextBreak > Z).
    MergeCurve curve;
    MergeRun m;
    const double runCost = double(t.centres.size() + t.saddles.size()) + 1.0;
    const Index maxRuns = std::max<Index>(16, Index(workBudget / runCost));
    Index runs = 0;
    auto count = [&](double z) {
        ++runs;
        runMerge(t, z, m);
        return m.alive;
    };
    StepTree tree(int32_t(t.centres.size()), size_t(1e6));  // ≤ 8 MB of trees
    double lo = 0;
    Index clo = count(0);
    double nbLo = m.nextBreak;
    curve.z.push_back(0);
    curve.nClusters.push_back(clo);
    tree.add(m.parent, 0);
    auto record = [&](double z, Index c) {
        curve.z.push_back(z);
        curve.nClusters.push_back(c);
        lo = z;
        clo = c;
        count(lo);
        nbLo = m.nextBreak;
        tree.add(m.parent, int32_t(curve.z.size() - 1));
    };
    bool outOfBudget = false;
    while (std::isfinite(nbLo) && !outOfBudget) {
        // gallop: find hi > lo whose count differs
        double step = std::max(nbLo - lo, 1e-6 * (1 + lo));
        double hi = std::max(nbLo, lo + step);
        Index chi = count(hi);
        bool done = false;
        while (chi == clo) {
            if (!std::isfinite(m.nextBreak)) { done = true; break; }  // nothing flips beyond hi
            if (runs > maxRuns) { outOfBudget = true; break; }
            lo = hi;
            nbLo = m.nextBreak;
            step *= 2;
            hi = std::max(nbLo, lo + step);
            chi = count(hi);
        }
        if (done || outOfBudget) break;
        // bisect [lo, hi): count(lo) = clo, count(hi) = chi != clo
        for (;;) {
            if (runs > maxRuns) { outOfBudget = true; break; }
            if (nbLo >= hi) { record(hi, chi); break; }
            const Index cnb = count(nbLo);
            if (cnb != clo) { record(nbLo, cnb); break; }
            lo = nbLo;
            nbLo = m.nextBreak;
            const double mid = lo + 0.5 * (hi - lo);
            if (!(mid > lo && mid < hi)) { record(hi, chi); break; }
            const Index cm = count(mid);
            if (cm == clo) { lo = mid; nbLo = m.nextBreak; }
            else { hi = mid; chi = cm; }  // nbLo still belongs to lo
        }
    }
    if (outOfBudget) {
        // Sample the rest on a grid up to the largest possible margin (a bound over all
        // centre/saddle combinations), after which nothing can change.
        curve.exactUpTo = lo;
        double minRho = std::numeric_limits<double>::infinity(), minErr = minRho;
        for (const Saddle& s : t.saddles) {
            minRho = std::min(minRho, s.logRho);
            minErr = std::min(minErr, s.error);
        }
        double zEnd = lo;
        for (size_t c = 0; c < t.centres.size(); ++c) {
            const double y = t.centreError[c] + minErr;
            if (y > 0) zEnd = std::max(zEnd, (t.centreLogRho[c] - minRho) / y);
        }
        for (int g = 1; g <= gridPoints; ++g) {
            const double z = lo + (zEnd - lo) * double(g) / double(gridPoints);
            const Index c = count(z);
            if (c != curve.nClusters.back()) {
                curve.z.push_back(z);
                curve.nClusters.push_back(c);
                tree.add(m.parent, int32_t(curve.z.size() - 1));
            }
        }
    }
    tree.store(curve);
    return curve;
}

double mergeZ(const Partition& p, const Saddle& s) {
    double m = INFINITY;
    for (int32_t c : {s.a, s.b}) {
        const double den = p.centreError[size_t(c)] + s.error;
        if (den > 0) m = std::min(m, (p.centreLogRho[size_t(c)] - s.logRho) / den);
    }
    return m;
}

}  // namespace peakscope

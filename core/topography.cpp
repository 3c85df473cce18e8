// ADP topography and the merge at Z. See topography.hpp; the step numbers follow
// ../ALGORITHMS.md §5 and d'Errico et al. 2021 §2.2–2.3.
#include "core/topography.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>
#include <string>

namespace peakscope {

Topography topography(const KnnGraph& G, const Density& rho) {
    const Index n = G.n;
    if (Index(rho.logRho.size()) != n || Index(rho.error.size()) != n || Index(rho.kstar.size()) != n)
        throw Error("topography: density and graph differ in size");
    Topography t;
    t.n = n;
    t.logRho = rho.logRho;
    t.error = rho.error;
    std::vector<double> g(static_cast<size_t>(n));
    for (Index i = 0; i < n; ++i) {
        g[size_t(i)] = rho.logRho[size_t(i)] - rho.error[size_t(i)];  // g = log ρ − σ (ADP §2.2)
        if (!std::isfinite(g[size_t(i)])) throw Error("topography: log density of point " + std::to_string(i) + " is not finite");
    }
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

struct MergeRun {
    std::vector<Entry> heap;
    std::vector<char> dead;
    std::vector<int32_t> parent;                               // absorbed → survivor
    std::vector<std::vector<std::pair<int32_t, int32_t>>> adj;  // cluster → (neighbour, saddle id)
    double nextBreak = std::numeric_limits<double>::infinity();
    Index alive = 0;
};

// Re-uses the buffers of `m` (the Z sweep runs the merge many times).
void runMerge(const Topography& t, double Z, MergeRun& m) {
    const int32_t P = int32_t(t.centres.size());
    m.nextBreak = std::numeric_limits<double>::infinity();
    m.alive = 0;
    m.parent.resize(size_t(P));
    std::iota(m.parent.begin(), m.parent.end(), 0);
    m.adj.resize(size_t(P));
    for (auto& a : m.adj) a.clear();
    for (int32_t s = 0; s < int32_t(t.saddles.size()); ++s) {
        m.adj[size_t(t.saddles[size_t(s)].a)].push_back({t.saddles[size_t(s)].b, s});
        m.adj[size_t(t.saddles[size_t(s)].b)].push_back({t.saddles[size_t(s)].a, s});
    }
    auto cRho = [&](int32_t c) { return t.logRho[size_t(t.centres[size_t(c)])]; };
    auto cErr = [&](int32_t c) { return t.error[size_t(t.centres[size_t(c)])]; };
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
    auto saddleOf = [&](int32_t a, int32_t b) {
        for (auto& e : m.adj[size_t(a)])
            if (e.first == b) return e.second;
        return int32_t(-1);
    };
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
        // saddles of the merged cluster: the higher of saddle(keep, k) and saddle(gone, k)
        auto& ak = m.adj[size_t(keep)];
        ak.erase(std::remove_if(ak.begin(), ak.end(), [&](auto& x) { return x.first == gone; }), ak.end());
        for (auto [k, sg] : m.adj[size_t(gone)]) {
            if (k == keep) continue;
            auto& akk = m.adj[size_t(k)];
            akk.erase(std::remove_if(akk.begin(), akk.end(), [&](auto& x) { return x.first == gone; }), akk.end());
            int32_t* mine = nullptr;
            for (auto& x : ak)
                if (x.first == k) mine = &x.second;
            int32_t chosen;
            if (!mine) {
                ak.push_back({k, sg});
                akk.push_back({keep, sg});
                chosen = sg;
            } else {
                if (t.saddles[size_t(sg)].logRho > t.saddles[size_t(*mine)].logRho) {
                    *mine = sg;
                    for (auto& x : akk)
                        if (x.first == keep) x.second = sg;
                }
                chosen = *mine;
            }
            (void)chosen;
        }
        m.adj[size_t(gone)].clear();
        // re-test every pair of the survivor (its saddles may have changed)
        for (auto [k, sid] : ak) {
            const int32_t a = std::min(keep, k), b = std::max(keep, k);
            if (notSignificant(a, b, t.saddles[size_t(sid)])) {
                heap.push_back({t.saddles[size_t(sid)].logRho, a, b, sid});
                std::push_heap(heap.begin(), heap.end());
            }
        }
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

Partition mergeAtZ(const Topography& t, double Z) {
    if (!std::isfinite(Z) || Z < 0) throw Error("Z must be a finite number >= 0, got " + std::to_string(Z));
    MergeRun m = runMerge(t, Z);
    const int32_t P = int32_t(t.centres.size());
    Partition out;
    out.Z = Z;
    std::vector<int32_t> finalId(static_cast<size_t>(P), -1);
    for (int32_t c = 0; c < P; ++c)
        if (m.parent[size_t(c)] == c) {
            finalId[size_t(c)] = int32_t(out.centres.size());
            out.centres.push_back(t.centres[size_t(c)]);
            out.centreLogRho.push_back(t.logRho[size_t(t.centres[size_t(c)])]);
            out.centreError.push_back(t.error[size_t(t.centres[size_t(c)])]);
        }
    out.putativeToFinal.resize(size_t(P));
    for (int32_t c = 0; c < P; ++c) out.putativeToFinal[size_t(c)] = finalId[size_t(m.parent[size_t(c)])];
    const Index K = out.nClusters();
    for (int32_t c = 0; c < P; ++c)
        if (m.parent[size_t(c)] == c)
            for (auto [k, sid] : m.adj[size_t(c)]) {
                if (k < c) continue;
                Saddle s = t.saddles[size_t(sid)];
                s.a = finalId[size_t(c)];
                s.b = finalId[size_t(k)];
                if (s.a > s.b) std::swap(s.a, s.b);
                out.saddles.push_back(s);
            }
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
        out.haloLabels[size_t(p)] = t.logRho[size_t(p)] < maxSaddle[size_t(c)] ? -1 : c;
        ++out.population[size_t(c)];
    }
    return out;
}

MergeCurve mergeCurve(const Topography& t, Index maxSteps) {
    // The merge outcome only changes where a significance test flips, i.e. at a margin
    // (log ρ_c − log ρ_s)/(σ_c + σ_s); a run at Z reports the next such flip (nextBreak > Z).
    // Changes of the count are located by galloping + bisection and snapped to the exact flip:
    // O(log) runs per change instead of one run per flip.
    MergeCurve curve;
    MergeRun m;
    Index runs = 0;
    auto count = [&](double z) {
        ++runs;
        runMerge(t, z, m);
        return m.alive;
    };
    double lo = 0;
    Index clo = count(0);
    double nbLo = m.nextBreak;
    curve.z.push_back(0);
    curve.nClusters.push_back(clo);
    auto record = [&](double z, Index c) {
        curve.z.push_back(z);
        curve.nClusters.push_back(c);
        lo = z;
        clo = c;
        count(lo);
        nbLo = m.nextBreak;
    };
    while (std::isfinite(nbLo)) {
        // gallop: find hi > lo whose count differs
        double step = std::max(nbLo - lo, 1e-6 * (1 + lo));
        double hi = std::max(nbLo, lo + step);
        Index chi = count(hi);
        bool done = false;
        while (chi == clo) {
            if (!std::isfinite(m.nextBreak)) { done = true; break; }  // nothing flips beyond hi
            lo = hi;
            nbLo = m.nextBreak;
            step *= 2;
            hi = std::max(nbLo, lo + step);
            chi = count(hi);
            if (runs > maxSteps) { curve.truncated = true; return curve; }
        }
        if (done) break;
        // bisect [lo, hi): count(lo) = clo, count(hi) = chi != clo
        for (;;) {
            if (runs > maxSteps) { curve.truncated = true; return curve; }
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
    return curve;
}

}  // namespace peakscope

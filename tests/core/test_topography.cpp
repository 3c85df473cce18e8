// Unit tests of core/topography (ADP: putative centres, assignment, borders, saddles, merge at Z,
// number of peaks vs Z) and core/hierarchy (peak dendrogram, decision graph).
// Specification: ALGORITHMS.md §5–§6, core/topography.hpp, core/hierarchy.hpp (d'Errico et al. 2021;
// Rodriguez & Laio 2014). References here: ground-truth labels of well separated mixtures (ARI),
// hand-made topographies whose merges are worked out in comments, an independent re-implementation
// of ADP steps 1–4 from the spec text, and O(N²) brute force for the decision graph.
// Notes on what is NOT required: a saddle's log ρ need not lie below both centres' log ρ (the
// saddle is the border point of highest g = log ρ − σ, and σ differs per point); Z = 0 merges
// exactly the pairs whose saddle lies above one of their centres.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <tuple>
#include <set>
#include <string>
#include <vector>

#include "core/analysis.hpp"
#include "test_support.hpp"

using namespace peakscope;
using namespace peakscope::testing;

namespace {

// n points uniform in the unit square.
std::vector<double> uniformSquare(Index n, uint64_t seed) { return randomPoints(n, 2, seed, false); }

// ARI (Hubert & Arabie 1985) from the contingency table.
double ari(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
    std::map<std::pair<int64_t, int64_t>, double> nij;
    std::map<int64_t, double> ai, bj;
    for (size_t i = 0; i < a.size(); ++i) {
        nij[{a[i], b[i]}] += 1;
        ai[a[i]] += 1;
        bj[b[i]] += 1;
    }
    auto c2 = [](double v) { return v * (v - 1) / 2; };
    double sij = 0, sa = 0, sb = 0;
    for (auto& e : nij) sij += c2(e.second);
    for (auto& e : ai) sa += c2(e.second);
    for (auto& e : bj) sb += c2(e.second);
    const double expected = sa * sb / c2(double(a.size())), mx = (sa + sb) / 2;
    if (mx == expected) return 1.0;
    return (sij - expected) / (mx - expected);
}

std::vector<int64_t> wide(const std::vector<int32_t>& v) { return std::vector<int64_t>(v.begin(), v.end()); }

// The stages up to the topography, as analyze() would run them on distinct points.
struct Pipeline {
    KnnGraph graph;
    double id = 0;
    Density density;
    Topography topo;
};
Pipeline pipeline(const std::vector<double>& x, Index n, Index d, Index maxk, DensityMethod m, Index k = 10) {
    Pipeline p;
    p.graph = graphOf(x, n, d, maxk);
    p.id = twoNN(p.graph).id;
    DensityParams dp;
    dp.method = m;
    dp.k = k;
    p.density = estimateDensity(p.graph, p.id, dp);
    p.topo = topography(p.graph, p.density);
    return p;
}

// ---- independent ADP steps 1–4 (spec §5, fallback as in DADApy's pure-python path) ----------------------------------------
struct RefTopography {
    std::vector<int32_t> centres, labels;
    std::vector<Saddle> saddles;
    Index fallback = 0;  // points labelled by the dominator rule
};
RefTopography refTopography(const KnnGraph& G, const Density& rho) {
    const Index n = G.n;
    RefTopography r;
    std::vector<double> g(static_cast<size_t>(n));
    for (Index i = 0; i < n; ++i) g[size_t(i)] = rho.logRho[size_t(i)] - rho.error[size_t(i)];
    auto ks = [&](Index i) { return Index(rho.kstar[size_t(i)]); };
    // step 1
    auto higher = [&](Index a, Index b) { return g[size_t(a)] > g[size_t(b)] || (g[size_t(a)] == g[size_t(b)] && a < b); };
    std::vector<char> cand(static_cast<size_t>(n), 1), removed(static_cast<size_t>(n), 0);
    std::vector<Index> dominator(static_cast<size_t>(n), -1);  // highest-g point whose k*-list holds c
    for (Index i = 0; i < n; ++i)
        for (Index j = 1; j <= ks(i); ++j)
            if (g[size_t(G.index(i, j))] > g[size_t(i)]) cand[size_t(i)] = 0;
    for (Index i = 0; i < n; ++i)
        for (Index j = 1; j <= ks(i); ++j) {
            const Index c = G.index(i, j);
            if (cand[size_t(c)] && g[size_t(i)] > g[size_t(c)]) {
                removed[size_t(c)] = 1;
                if (dominator[size_t(c)] < 0 || higher(i, dominator[size_t(c)])) dominator[size_t(c)] = i;
            }
        }
    r.labels.assign(size_t(n), -1);
    for (Index i = 0; i < n; ++i)
        if (cand[size_t(i)] && !removed[size_t(i)]) {
            r.labels[size_t(i)] = int32_t(r.centres.size());
            r.centres.push_back(int32_t(i));
        }
    // step 2: decreasing g (ties: lower index first), nearest labelled neighbour in columns 1..maxk
    std::vector<Index> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return g[size_t(a)] > g[size_t(b)]; });
    for (Index p : order) {
        if (r.labels[size_t(p)] >= 0) continue;
        for (Index j = 1; j <= G.maxk && r.labels[size_t(p)] < 0; ++j)
            if (r.labels[size_t(G.index(p, j))] >= 0) r.labels[size_t(p)] = r.labels[size_t(G.index(p, j))];
        if (r.labels[size_t(p)] >= 0) continue;
        // fallback: removed candidates in p's list (column 0 = p included) point to their dominators
        // (followed one more level when the dominator is a removed candidate itself); copy the label
        // of the highest such dominator
        Index best = -1;
        for (Index j = 0; j <= G.maxk; ++j) {
            const Index c = G.index(p, j);
            if (!removed[size_t(c)]) continue;
            Index d = dominator[size_t(c)];
            if (removed[size_t(d)]) d = dominator[size_t(d)];
            if (best < 0 || higher(d, best)) best = d;
        }
        REQUIRE(best >= 0);
        r.labels[size_t(p)] = r.labels[size_t(best)];
        ++r.fallback;
    }
    // step 3–4: border points and the saddle of each pair (largest g; ties: lower index)
    std::map<std::pair<int32_t, int32_t>, Index> best;
    std::set<int32_t> centreSet(r.centres.begin(), r.centres.end());
    for (Index p = 0; p < n; ++p) {
        if (centreSet.count(int32_t(p))) continue;
        const int32_t c = r.labels[size_t(p)];
        Index q = -1;
        for (Index j = 1; j <= ks(p); ++j)
            if (r.labels[size_t(G.index(p, j))] != c) {
                q = G.index(p, j);
                break;
            }
        if (q < 0) continue;
        bool accepted = true;  // p must come before every other member of c in q's list
        for (Index j = 1; j <= G.maxk; ++j) {
            const Index s = G.index(q, j);
            if (s == p) break;
            if (r.labels[size_t(s)] == c) {
                accepted = false;
                break;
            }
        }
        if (!accepted) continue;
        const int32_t c2 = r.labels[size_t(q)];
        const std::pair<int32_t, int32_t> key{std::min(c, c2), std::max(c, c2)};
        auto it = best.find(key);
        if (it == best.end() || g[size_t(p)] > g[size_t(it->second)] ||
            (g[size_t(p)] == g[size_t(it->second)] && p < it->second))
            best[key] = p;
    }
    for (auto& e : best)
        r.saddles.push_back({e.first.first, e.first.second, rho.logRho[size_t(e.second)], rho.error[size_t(e.second)],
                             int32_t(e.second)});
    return r;
}

// Invariants of a Partition against its topography and density at Z (spec §5 steps 5–7, header
// comments).
void checkPartition(const Topography& t, const Density& rho, const Partition& p, double Z) {
    const Index K = p.nClusters();
    REQUIRE(K >= 1);
    REQUIRE(p.labels.size() == size_t(t.n));
    REQUIRE(p.haloLabels.size() == size_t(t.n));
    REQUIRE(p.population.size() == size_t(K));
    REQUIRE(p.putativeToFinal.size() == t.centres.size());
    CHECK(p.Z == Z);
    CHECK(std::is_sorted(p.centres.begin(), p.centres.end()));  // label order = ascending centre index
    std::vector<Index> pop(static_cast<size_t>(K), 0);
    Index bad = 0;
    for (Index i = 0; i < t.n; ++i) {
        const int32_t c = p.labels[size_t(i)];
        if (c < 0 || c >= K) {
            ++bad;
            continue;
        }
        ++pop[size_t(c)];
        if (p.putativeToFinal[size_t(t.labels[size_t(i)])] != c) ++bad;  // merges move whole clusters
    }
    CHECK(bad == 0);
    CHECK(pop == p.population);
    for (Index c = 0; c < K; ++c) {
        const int32_t centre = p.centres[size_t(c)];
        CHECK(p.labels[size_t(centre)] == c);
        CHECK(std::find(t.centres.begin(), t.centres.end(), centre) != t.centres.end());
        CHECK(p.centreLogRho[size_t(c)] == rho.logRho[size_t(centre)]);
        CHECK(p.centreError[size_t(c)] == rho.error[size_t(centre)]);
    }
    // final saddles: the highest putative saddle between the two groups; every remaining pair is
    // significant at Z (the loop stopped)
    std::map<std::pair<int32_t, int32_t>, double> expected;
    for (const Saddle& s : t.saddles) {
        int32_t a = p.putativeToFinal[size_t(s.a)], b = p.putativeToFinal[size_t(s.b)];
        if (a == b) continue;
        if (a > b) std::swap(a, b);
        auto it = expected.find({a, b});
        if (it == expected.end() || s.logRho > it->second) expected[{a, b}] = s.logRho;
    }
    CHECK(p.saddles.size() == expected.size());
    for (size_t k = 0; k < p.saddles.size(); ++k) {
        const Saddle& s = p.saddles[k];
        CHECK(s.a < s.b);
        if (k > 0) CHECK(std::make_pair(p.saddles[k - 1].a, p.saddles[k - 1].b) < std::make_pair(s.a, s.b));
        auto it = expected.find({s.a, s.b});
        REQUIRE(it != expected.end());
        CHECK(s.logRho == it->second);
        CHECK(s.logRho == rho.logRho[size_t(s.point)]);
        CHECK(s.error == rho.error[size_t(s.point)]);
        CHECK(!(p.centreLogRho[size_t(s.a)] - s.logRho < Z * (p.centreError[size_t(s.a)] + s.error)));
        CHECK(!(p.centreLogRho[size_t(s.b)] - s.logRho < Z * (p.centreError[size_t(s.b)] + s.error)));
    }
    // halo: below the cluster's highest saddle, else the label itself
    std::vector<double> maxSaddle(static_cast<size_t>(K), -std::numeric_limits<double>::infinity());
    for (const Saddle& s : p.saddles) {
        maxSaddle[size_t(s.a)] = std::max(maxSaddle[size_t(s.a)], s.logRho);
        maxSaddle[size_t(s.b)] = std::max(maxSaddle[size_t(s.b)], s.logRho);
    }
    Index haloBad = 0;
    for (Index i = 0; i < t.n; ++i) {
        const int32_t c = p.labels[size_t(i)];
        const bool halo = rho.logRho[size_t(i)] < maxSaddle[size_t(c)];
        if (p.haloLabels[size_t(i)] != (halo ? -1 : c)) ++haloBad;
    }
    CHECK(haloBad == 0);
}

// A hand-made density and topography: points 0..m−1 are the putative centres, further points
// carry saddles.
Density handDensity(const std::vector<double>& logRho, const std::vector<double>& error) {
    Density d;
    d.logRho = logRho;
    d.error = error;
    d.kstar.assign(logRho.size(), 1);
    return d;
}
Topography handTopography(const Density& rho, const std::vector<int32_t>& labels, Index nCentres,
                          const std::vector<Saddle>& saddles) {
    Topography t;
    t.n = Index(rho.logRho.size());
    for (Index c = 0; c < nCentres; ++c) {
        t.centres.push_back(int32_t(c));
        t.centreLogRho.push_back(rho.logRho[size_t(c)]);
        t.centreError.push_back(rho.error[size_t(c)]);
    }
    t.labels = labels;
    t.saddles = saddles;
    return t;
}

// Number of clusters of the merge curve at Z: nClusters[k] holds for Z in [z[k], z[k+1]).
Index curveAt(const MergeCurve& c, double Z) {
    Index k = 0;
    while (k + 1 < Index(c.z.size()) && Z >= c.z[size_t(k + 1)]) ++k;
    return c.nClusters[size_t(k)];
}

}  // namespace

TEST_CASE("topography: three well separated Gaussians give 3 clusters at Z = 1.65 (ARI ~ 1)") {
    std::vector<int64_t> truth;
    const Index n = 3000;
    const auto x = threeBlobs(n, 7, BlobOrder::Cyclic, &truth);
    const Pipeline p = pipeline(x, n, 2, 100, DensityMethod::PAk);
    CHECK(p.id == doctest::Approx(2.0).epsilon(0.05));
    const Partition part = mergeAtZ(p.topo, p.density, 1.65);
    CHECK(part.nClusters() == 3);
    const double a = ari(truth, wide(part.labels));
    CAPTURE(a);
    CHECK(a > 0.99);
    checkPartition(p.topo, p.density, part, 1.65);
    // the same with k*-NN density (DADApy's tutorial setting)
    const Pipeline q = pipeline(x, n, 2, 100, DensityMethod::KstarNN);
    const Partition pq = mergeAtZ(q.topo, q.density, 1.65);
    CHECK(pq.nClusters() == 3);
    CHECK(ari(truth, wide(pq.labels)) > 0.99);
}

TEST_CASE("topography: a uniform square is one cluster at Z = 3") {
    const Index n = 3000;
    const auto x = uniformSquare(n, 11);
    const Pipeline p = pipeline(x, n, 2, 100, DensityMethod::PAk);
    const Partition part = mergeAtZ(p.topo, p.density, 3.0);
    CHECK(part.nClusters() == 1);
    checkPartition(p.topo, p.density, part, 3.0);
    CHECK(std::all_of(part.labels.begin(), part.labels.end(), [](int32_t l) { return l == 0; }));
    CHECK(part.saddles.empty());
    CHECK(std::all_of(part.haloLabels.begin(), part.haloLabels.end(), [](int32_t l) { return l == 0; }));
}

TEST_CASE("topography: steps 1-4 equal an independent implementation of the spec") {
    struct Set { std::string name; std::vector<double> x; Index n, maxk; DensityMethod m; Index k; };
    std::vector<Set> sets;
    sets.push_back({"blobs PAk", threeBlobs(1500, 3, BlobOrder::Cyclic), 1500, 100, DensityMethod::PAk, 10});
    sets.push_back({"square kNN k=10", uniformSquare(1500, 4), 1500, 30, DensityMethod::Knn, 10});
    sets.push_back({"square k*NN", uniformSquare(1500, 5), 1500, 40, DensityMethod::KstarNN, 10});
    sets.push_back({"blobs k*NN maxk=5", threeBlobs(1200, 31, BlobOrder::Cyclic), 1200, 5, DensityMethod::KstarNN, 10});
    for (const Set& s : sets) {
        CAPTURE(s.name);
        const Pipeline p = pipeline(s.x, s.n, 2, s.maxk, s.m, s.k);
        const RefTopography r = refTopography(p.graph, p.density);
        const Topography& t = p.topo;
        CHECK(t.n == s.n);
        CHECK(t.fallbackAssigned == r.fallback);
        // the merge's only copy of log ρ, σ: the putative centres' (bitwise the density's)
        REQUIRE(t.centreLogRho.size() == t.centres.size());
        REQUIRE(t.centreError.size() == t.centres.size());
        for (size_t c = 0; c < t.centres.size(); ++c) {
            CHECK(t.centreLogRho[c] == p.density.logRho[size_t(t.centres[c])]);
            CHECK(t.centreError[c] == p.density.error[size_t(t.centres[c])]);
        }
        CHECK(t.centres == r.centres);
        CHECK(t.labels == r.labels);
        REQUIRE(t.saddles.size() == r.saddles.size());
        Index bad = 0;
        for (size_t k = 0; k < t.saddles.size(); ++k) {
            const Saddle &a = t.saddles[k], &b = r.saddles[k];
            if (a.a != b.a || a.b != b.b || a.point != b.point || a.logRho != b.logRho || a.error != b.error) ++bad;
            // saddle invariants: a < b, sorted, the saddle point belongs to cluster a or b
            if (!(a.a < a.b)) ++bad;
            if (k > 0 && !(std::make_pair(t.saddles[k - 1].a, t.saddles[k - 1].b) < std::make_pair(a.a, a.b))) ++bad;
            if (t.labels[size_t(a.point)] != a.a && t.labels[size_t(a.point)] != a.b) ++bad;
        }
        CHECK(bad == 0);
        for (size_t c = 0; c < t.centres.size(); ++c) CHECK(t.labels[size_t(t.centres[c])] == int32_t(c));
    }
}

TEST_CASE("topography: the dominator fallback (no labelled neighbour within maxk)") {
    // Hand-made: points on a line at 0, 0.1, 0.2, 1.0, 2.0 with maxk = 2, so point 2's list is {1, 0}
    // while point 3's list is {2, 1}. g = (1, 2, 4, 5, 0), k* = 2. Point 3 is the only centre; point 2
    // is a candidate (no higher g among its neighbours) removed by 3 (2 is in 3's list). Visiting 2,
    // neither 1 nor 0 is labelled yet: the fallback copies the label of 2's dominator, 3.
    const std::vector<double> x = {0, 0.1, 0.2, 1.0, 2.0};
    const KnnGraph g = graphOf(x, 5, 1, 2);
    REQUIRE(g.index(2, 1) == 1);
    REQUIRE(g.index(2, 2) == 0);
    REQUIRE(g.index(3, 1) == 2);
    Density rho;
    rho.logRho = {1.1, 2.1, 4.1, 5.1, 0.1};
    rho.error.assign(5, 0.1);
    rho.kstar.assign(5, 2);
    const Topography t = topography(g, rho);
    CHECK(t.centres == std::vector<int32_t>{3});
    CHECK(t.labels == std::vector<int32_t>(5, 0));
    CHECK(t.fallbackAssigned == 1);
    CHECK(t.saddles.empty());

    // Random densities on random graphs with a small maxk: the fallback is frequent. Compare with
    // the independent implementation (steps 1–4, fallback as in the spec's pure-python path).
    Index fallbacks = 0;
    for (uint64_t seed = 1; seed <= 6; ++seed) {
        const Index n = 400, maxk = seed % 2 ? 4 : 6;
        const auto pts = uniformSquare(n, 100 + seed);
        const KnnGraph G = graphOf(pts, n, 2, maxk);
        Rng r(seed);
        Density d;
        for (Index i = 0; i < n; ++i) {
            d.logRho.push_back(r.normal());
            d.error.push_back(0.1 + 0.4 * r.uniform());
            d.kstar.push_back(int32_t(3 + (r.g() % uint64_t(maxk - 2))));  // 3 .. maxk
        }
        const Topography tt = topography(G, d);
        const RefTopography ref = refTopography(G, d);
        CAPTURE(seed);
        CHECK(tt.centres == ref.centres);
        CHECK(tt.labels == ref.labels);
        CHECK(tt.fallbackAssigned == ref.fallback);
        REQUIRE(tt.saddles.size() == ref.saddles.size());
        Index bad = 0;
        for (size_t k = 0; k < tt.saddles.size(); ++k) {
            const Saddle &a = tt.saddles[k], &b = ref.saddles[k];
            if (a.a != b.a || a.b != b.b || a.point != b.point || a.logRho != b.logRho || a.error != b.error) ++bad;
        }
        CHECK(bad == 0);
        fallbacks += ref.fallback;
        for (double z : {0.0, 1.0, 3.0}) checkPartition(tt, d, mergeAtZ(tt, d, z), z);
    }
    CHECK(fallbacks > 0);
    // the density must match the graph
    Density shortRho = rho;
    shortRho.logRho.pop_back();
    CHECK_THROWS_AS(topography(g, shortRho), Error);
}

TEST_CASE("topography: hand-made merges (highest saddle first, survivor by margin, saddles take the max)") {
    // Peaks 0, 1, 2 (log ρ 10, 8, 6; σ 0.5). Saddle points 3 (0–1, log ρ 7), 4 (1–2, 5.5), 5 (0–2, 4),
    // all σ 0.5. Margins (log ρ_c − log ρ_s)/(σ_c + σ_s): 0–1: 3 and 1; 1–2: 2.5 and 0.5; 0–2: 6, 2.
    const Density d = handDensity({10, 8, 6, 7, 5.5, 4}, std::vector<double>(6, 0.5));
    const std::vector<int32_t> lab = {0, 1, 2, 0, 1, 2};
    const Topography t = handTopography(d, lab, 3, {{0, 1, 7, 0.5, 3}, {0, 2, 4, 0.5, 5}, {1, 2, 5.5, 0.5, 4}});
    // Z = 0.3: every margin ≥ 0.5 → nothing merges
    Partition p = mergeAtZ(t, d, 0.3);
    CHECK(p.nClusters() == 3);
    CHECK(p.labels == lab);
    checkPartition(t, d, p, 0.3);
    // Z = 0.75: only 1–2 is not significant (0.5 < 0.75); 1 survives (2.5 > 0.5); saddle(1, 0) =
    // max(7, 4) = 7 at point 3 stays significant (margins 3 and 1).
    p = mergeAtZ(t, d, 0.75);
    CHECK(p.nClusters() == 2);
    CHECK(p.centres == std::vector<int32_t>{0, 1});
    CHECK(p.labels == std::vector<int32_t>{0, 1, 1, 0, 1, 1});
    REQUIRE(p.saddles.size() == 1);
    CHECK(p.saddles[0].a == 0);
    CHECK(p.saddles[0].b == 1);
    CHECK(p.saddles[0].logRho == 7.0);
    CHECK(p.saddles[0].point == 3);
    // halo: below the highest saddle of the own cluster (7): points 2, 4, 5; point 3 sits at 7
    CHECK(p.haloLabels == std::vector<int32_t>{0, 1, -1, 0, -1, -1});
    CHECK(p.putativeToFinal == std::vector<int32_t>{0, 1, 1});
    checkPartition(t, d, p, 0.75);
    // Z = 1.5: 0–1 (margin 1) and 1–2 (0.5) not significant; 0–1 has the higher saddle and merges
    // first, 0 survives; the saddle 0–2 becomes max(4, 5.5) = 5.5, margin of 2 is 0.5 → merge.
    p = mergeAtZ(t, d, 1.5);
    CHECK(p.nClusters() == 1);
    CHECK(p.centres == std::vector<int32_t>{0});
    CHECK(p.saddles.empty());
    CHECK(p.haloLabels == std::vector<int32_t>(6, 0));
    checkPartition(t, d, p, 1.5);
    CHECK(clustersAtZ(t, 0.3) == 3);
    CHECK(clustersAtZ(t, 0.75) == 2);
    CHECK(clustersAtZ(t, 1.5) == 1);
    // the comparison is strict: at Z exactly equal to a margin the pair is still significant
    CHECK(clustersAtZ(t, 0.5) == 3);
    CHECK(clustersAtZ(t, 1.0) == 2);
    // number of peaks vs Z: 3 on [0, 0.5], 2 on (0.5, 1], 1 above
    const MergeCurve c = mergeCurve(t);
    REQUIRE(c.z.size() == 3);
    CHECK(c.z[0] == 0.0);
    CHECK(c.z[1] == doctest::Approx(0.5).epsilon(1e-12));
    CHECK(c.z[2] == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(c.nClusters == std::vector<Index>{3, 2, 1});
    CHECK_FALSE(c.truncated());

    // Survivor = larger margin, not the higher peak: peak 0 (log ρ 10, σ 2), peak 1 (9, σ 0.1),
    // saddle point 2 (8.5, σ 0.1). Margins 1.5/2.1 ≈ 0.71 and 0.5/0.2 = 2.5. At Z = 1: merge, 1 survives.
    const Density du = handDensity({10, 9, 8.5}, {2, 0.1, 0.1});
    const Topography u = handTopography(du, {0, 1, 1}, 2, {{0, 1, 8.5, 0.1, 2}});
    p = mergeAtZ(u, du, 1.0);
    CHECK(p.nClusters() == 1);
    CHECK(p.centres == std::vector<int32_t>{1});
    CHECK(p.centreLogRho == std::vector<double>{9.0});
    checkPartition(u, du, p, 1.0);

    // Order matters: A (point 0: 10, σ 0.5), B (1: 9, σ 0.05), C (2: 14, σ 2); saddle A–B at point 3
    // (8.8, σ 0.5), B–C at point 4 (8.5, σ 0.5), no A–C border. At Z = 1 both pairs are not
    // significant (B's margin vs A–B: 0.2/0.55; B's vs B–C: 0.5/0.55). Highest saddle first: A–B
    // merges, A survives (1.2 > 0.36); then A–C with saddle 8.5: margins 1.5 and 2.2 → significant.
    // (Merging B–C first would instead give {A}, {B, C}.)
    const Density dv = handDensity({10, 9, 14, 8.8, 8.5}, {0.5, 0.05, 2, 0.5, 0.5});
    const Topography v = handTopography(dv, {0, 1, 2, 1, 2}, 3, {{0, 1, 8.8, 0.5, 3}, {1, 2, 8.5, 0.5, 4}});
    p = mergeAtZ(v, dv, 1.0);
    CHECK(p.nClusters() == 2);
    CHECK(p.centres == std::vector<int32_t>{0, 2});
    CHECK(p.labels == std::vector<int32_t>{0, 0, 1, 0, 1});
    REQUIRE(p.saddles.size() == 1);
    CHECK(p.saddles[0].point == 4);
    checkPartition(v, dv, p, 1.0);

    // Z must be finite and ≥ 0; the density must be the topography's (one log ρ per point)
    CHECK_THROWS_AS(mergeAtZ(t, d, -0.1), Error);
    CHECK_THROWS_AS(mergeAtZ(t, d, std::numeric_limits<double>::quiet_NaN()), Error);
    CHECK_THROWS_AS(mergeAtZ(t, d, std::numeric_limits<double>::infinity()), Error);
    CHECK_THROWS_AS(mergeAtZ(t, du, 1.0), Error);
}

TEST_CASE("topography: mergeAtZ equals a from-scratch analyze() at the same Z") {
    const Index n = 1200;
    const auto x = threeBlobs(n, 21, BlobOrder::Cyclic);
    AnalysisParams base;
    base.decisionGraph = false;
    base.mergeCurve = false;
    base.density.method = DensityMethod::KstarNN;
    const Analysis a0 = analyze(PointsView(x.data(), n, 2), base);
    for (double z : {0.0, 0.4, 1.0, 1.65, 2.5, 4.0, 8.0}) {
        AnalysisParams p = base;
        p.Z = z;
        const Analysis az = analyze(PointsView(x.data(), n, 2), p);
        const Partition m = mergeAtZ(a0.topography, a0.density, z);
        CAPTURE(z);
        CHECK(m.labels == az.partition.labels);
        CHECK(m.haloLabels == az.partition.haloLabels);
        CHECK(m.centres == az.partition.centres);
        CHECK(clustersAtZ(a0.topography, z) == m.nClusters());
        Analysis copy = a0;
        remergeAtZ(copy, z);
        CHECK(copy.partition.labels == az.partition.labels);
        CHECK(copy.hierarchy.merges.size() == size_t(az.partition.nClusters() - 1));
        checkPartition(a0.topography, a0.density, m, z);
    }
}

TEST_CASE("topography: mergeCurve is the step function of clustersAtZ; Z = 0 rule; monotone in Z") {
    struct Set { std::string name; std::vector<double> x; Index n, maxk; DensityMethod m; };
    std::vector<Set> sets;
    sets.push_back({"square kNN k=10", uniformSquare(1500, 8), 1500, 30, DensityMethod::Knn});
    sets.push_back({"square PAk", uniformSquare(2000, 9), 2000, 60, DensityMethod::PAk});
    sets.push_back({"blobs k*NN", threeBlobs(1500, 10, BlobOrder::Cyclic), 1500, 60, DensityMethod::KstarNN});
    for (const Set& s : sets) {
        CAPTURE(s.name);
        const Pipeline p = pipeline(s.x, s.n, 2, s.maxk, s.m, 10);
        const Topography& t = p.topo;
        const Index P = Index(t.centres.size());
        const MergeCurve c = mergeCurve(t);
        REQUIRE(!c.z.empty());
        CHECK_FALSE(c.truncated());
        CHECK(c.z[0] == 0.0);
        CHECK(std::is_sorted(c.z.begin(), c.z.end()));
        for (size_t k = 1; k < c.nClusters.size(); ++k) CHECK(c.nClusters[k] < c.nClusters[k - 1]);

        // Z = 0: a pair merges only if its saddle lies above one of its centres
        bool saddleAboveCentre = false;
        for (const Saddle& sd : t.saddles)
            if (sd.logRho > t.centreLogRho[size_t(sd.a)] || sd.logRho > t.centreLogRho[size_t(sd.b)])
                saddleAboveCentre = true;
        CHECK((clustersAtZ(t, 0.0) == P) == !saddleAboveCentre);
        CHECK(c.nClusters[0] == clustersAtZ(t, 0.0));

        // the step function at 0, around every breakpoint, between breakpoints and far above
        std::vector<double> zs = {0.0};
        for (size_t k = 1; k < c.z.size(); ++k) {
            zs.push_back(c.z[k] * (1 - 1e-9));
            zs.push_back(c.z[k] * (1 + 1e-9));
            zs.push_back(0.5 * (c.z[k - 1] + c.z[k]));
        }
        zs.push_back(c.z.back() * 1.5 + 1.0);
        Index bad = 0;
        std::string mismatches;
        for (double z : zs)
            if (curveAt(c, z) != clustersAtZ(t, z)) {
                ++bad;
                char buf[160];
                std::snprintf(buf, sizeof buf, "Z=%.17g: curve %lld, clustersAtZ %lld; ", z, (long long)curveAt(c, z),
                              (long long)clustersAtZ(t, z));
                mismatches += buf;
            }
        CAPTURE(mismatches);
        CHECK(bad == 0);
        // exactly at the breakpoints (header: nClusters[k] holds for Z in [z[k], z[k+1])): the old
        // count at the double just below z[k], the new count at z[k] itself
        Index badExact = 0;
        std::string exact;
        for (size_t k = 1; k < c.z.size(); ++k) {
            const double zk = c.z[k], below = std::nextafter(zk, -std::numeric_limits<double>::infinity());
            const Index atZ = clustersAtZ(t, below), above = clustersAtZ(t, zk);
            if (atZ != c.nClusters[k - 1] || above != c.nClusters[k]) {
                ++badExact;
                if (badExact <= 3) {
                    char buf[200];
                    std::snprintf(buf, sizeof buf, "z[%zu]=%.17g: clustersAtZ(previous double)=%lld, (z)=%lld, curve %lld -> %lld; ",
                                  k, zk, (long long)atZ, (long long)above, (long long)c.nClusters[k - 1],
                                  (long long)c.nClusters[k]);
                    exact += buf;
                }
            }
        }
        CAPTURE(exact);
        CHECK(badExact == 0);
        // monotone on a fine grid
        Index prev = P + 1, increases = 0;
        for (int k = 0; k <= 200; ++k) {
            const Index nc = clustersAtZ(t, 0.03 * k);
            if (nc > prev) ++increases;
            prev = nc;
        }
        CHECK(increases == 0);
        CHECK(clustersAtZ(t, 1000.0) >= 1);
    }
}

TEST_CASE("topography: halo and partition invariants on noisy data at several Z") {
    const Index n = 1500;
    const auto x = uniformSquare(n, 12);
    const Pipeline p = pipeline(x, n, 2, 30, DensityMethod::Knn, 10);
    CHECK(p.topo.centres.size() > 10);  // noisy kNN density: many putative peaks
    for (double z : {0.0, 0.2, 0.5, 1.0, 2.0}) {
        CAPTURE(z);
        const Partition part = mergeAtZ(p.topo, p.density, z);
        checkPartition(p.topo, p.density, part, z);
        Index mismatch = 0;
        for (Index i = 0; i < n; ++i)
            if (part.haloLabels[size_t(i)] >= 0 && part.haloLabels[size_t(i)] != part.labels[size_t(i)]) ++mismatch;
        CHECK(mismatch == 0);
    }
}

TEST_CASE("topography: a small maxk still labels every point (dominator fallback)") {
    // maxk = 5 with k*-NN: a point whose higher neighbours all lie beyond its 5 neighbours needs the
    // fallback (DESIGN: "ADP must not fail when maxk is small").
    const Index n = 1200;
    const auto x = threeBlobs(n, 31, BlobOrder::Cyclic);
    const Pipeline p = pipeline(x, n, 2, 5, DensityMethod::KstarNN);
    const Topography& t = p.topo;
    CHECK(std::all_of(t.labels.begin(), t.labels.end(), [&](int32_t l) { return l >= 0 && l < int32_t(t.centres.size()); }));
    for (size_t c = 0; c < t.centres.size(); ++c) CHECK(t.labels[size_t(t.centres[c])] == int32_t(c));
    const Partition part = mergeAtZ(t, p.density, 1.65);
    checkPartition(t, p.density, part, 1.65);
}

TEST_CASE("topography: peakHierarchy on hand-made peaks") {
    // Peaks 0..2 (10, 8, 6), saddles 0–1 at 7, 1–2 at 5.5, 0–2 at 4: single linkage joins 0 and 1 at
    // 7 (node 3: left 0, the higher peak), then {0,1} and 2 at 5.5 (node 4); the 0–2 saddle is unused.
    Dendrogram d = peakHierarchy({10, 8, 6}, {{0, 1, 7, 0.5, 3}, {1, 2, 5.5, 0.5, 4}, {0, 2, 4, 0.5, 5}});
    CHECK(d.nLeaves == 3);
    REQUIRE(d.merges.size() == 2);
    CHECK(d.merges[0].left == 0);
    CHECK(d.merges[0].right == 1);
    CHECK(d.merges[0].height == 7.0);
    CHECK(d.merges[0].saddlePoint == 3);
    CHECK(d.merges[0].size == 2);
    CHECK(d.merges[0].connected);
    CHECK(d.merges[1].left == 3);
    CHECK(d.merges[1].right == 2);
    CHECK(d.merges[1].height == 5.5);
    CHECK(d.merges[1].saddlePoint == 4);
    CHECK(d.merges[1].size == 3);
    CHECK(d.leafOrder == std::vector<int32_t>{0, 1, 2});
    CHECK(d.leafHeight == std::vector<double>{10, 8, 6});

    // Peaks 0..3 (6, 10, 8, 7); saddles 2–3 at 6.5, 0–1 at 5, 1–2 at 4. Joins: {2,3} at 6.5 (node 4,
    // left 2), {1,0} at 5 (node 5, left 1), then node 5 with node 4 at 4 (node 6). Leaves drawn
    // higher-peak-first: 1, 0, 2, 3.
    d = peakHierarchy({6, 10, 8, 7}, {{2, 3, 6.5, 0, 10}, {0, 1, 5, 0, 11}, {1, 2, 4, 0, 12}});
    REQUIRE(d.merges.size() == 3);
    CHECK(d.merges[0].left == 2);
    CHECK(d.merges[0].right == 3);
    CHECK(d.merges[1].left == 1);
    CHECK(d.merges[1].right == 0);
    CHECK(d.merges[2].left == 5);
    CHECK(d.merges[2].right == 4);
    CHECK(d.merges[2].height == 4.0);
    CHECK(d.leafOrder == std::vector<int32_t>{1, 0, 2, 3});

    // Disconnected groups: peaks 0..2 with only the saddle 0–1; 2 joins below everything
    d = peakHierarchy({5, 9, 7}, {{0, 1, 3, 0, 3}});
    REQUIRE(d.merges.size() == 2);
    CHECK(d.merges[0].connected);
    CHECK(d.merges[0].height == 3.0);
    CHECK_FALSE(d.merges[1].connected);
    CHECK(d.merges[1].saddlePoint == -1);
    CHECK(d.merges[1].height < 3.0);  // a floor below every peak and saddle
    CHECK(d.merges[1].size == 3);

    // a single peak: no merges
    d = peakHierarchy({4.2}, {});
    CHECK(d.nLeaves == 1);
    CHECK(d.merges.empty());
    CHECK(d.leafOrder == std::vector<int32_t>{0});
}

TEST_CASE("topography: peakHierarchy of real partitions is single linkage on saddles") {
    const Index n = 1500;
    const auto x = uniformSquare(n, 14);
    const Pipeline p = pipeline(x, n, 2, 30, DensityMethod::Knn, 10);
    for (double z : {0.0, 0.3, 0.8}) {
        const Partition part = mergeAtZ(p.topo, p.density, z);
        const Dendrogram d = peakHierarchy(part);
        const Index m = part.nClusters();
        CAPTURE(z);
        CAPTURE(m);
        REQUIRE(d.nLeaves == m);
        REQUIRE(d.merges.size() == size_t(m - 1));
        CHECK(d.leafHeight == part.centreLogRho);
        // leafOrder is a permutation
        std::vector<int32_t> order = d.leafOrder;
        std::sort(order.begin(), order.end());
        std::vector<int32_t> iota(static_cast<size_t>(m));
        std::iota(iota.begin(), iota.end(), 0);
        CHECK(order == iota);
        // leaves under each node; every node is used once; heights non-increasing; the merge
        // height is the highest saddle between the two groups (single linkage)
        std::vector<std::vector<int32_t>> leaves(static_cast<size_t>(m));
        for (Index c = 0; c < m; ++c) leaves[size_t(c)] = {int32_t(c)};
        std::vector<int> used(static_cast<size_t>(2 * m - 1), 0);
        Index bad = 0;
        for (size_t k = 0; k < d.merges.size(); ++k) {
            const auto& mg = d.merges[k];
            if (mg.left < 0 || mg.right < 0 || mg.left >= m + Index(k) || mg.right >= m + Index(k)) {
                ++bad;
                continue;
            }
            ++used[size_t(mg.left)];
            ++used[size_t(mg.right)];
            const auto &L = leaves[size_t(mg.left)], &R = leaves[size_t(mg.right)];
            if (k > 0 && mg.height > d.merges[k - 1].height) ++bad;
            double best = -std::numeric_limits<double>::infinity();
            for (const Saddle& s : part.saddles) {
                const bool aL = std::count(L.begin(), L.end(), s.a) > 0, bR = std::count(R.begin(), R.end(), s.b) > 0;
                const bool aR = std::count(R.begin(), R.end(), s.a) > 0, bL = std::count(L.begin(), L.end(), s.b) > 0;
                if ((aL && bR) || (aR && bL)) best = std::max(best, s.logRho);
            }
            if (mg.connected != std::isfinite(best)) ++bad;
            if (mg.connected && mg.height != best) ++bad;
            double topL = -1e300, topR = -1e300;
            for (int32_t c : L) topL = std::max(topL, part.centreLogRho[size_t(c)]);
            for (int32_t c : R) topR = std::max(topR, part.centreLogRho[size_t(c)]);
            if (topL < topR) ++bad;  // the higher peak goes left
            std::vector<int32_t> u = L;
            u.insert(u.end(), R.begin(), R.end());
            if (mg.size != Index(u.size())) ++bad;
            leaves.push_back(u);
        }
        CHECK(bad == 0);
        for (Index v = 0; v < 2 * m - 2; ++v) CHECK(used[size_t(v)] == 1);
    }
}

TEST_CASE("topography: decision graph delta equals O(N^2) nearest-higher-density distance") {
    const Index n = 800;
    const auto x = threeBlobs(n, 41, BlobOrder::Cyclic);
    const PointsView v(x.data(), n, 2);
    const KnnGraph g = graphOf(x, n, 2, 8);  // small maxk: many points need the search beyond the table
    auto dist = [&](Index a, Index b) {
        const double dx = x[size_t(2 * a)] - x[size_t(2 * b)], dy = x[size_t(2 * a + 1)] - x[size_t(2 * b + 1)];
        return std::sqrt(dx * dx + dy * dy);
    };
    struct Case { std::string name; std::vector<double> logRho; };
    std::vector<Case> cases;
    cases.push_back({"kNN density", knnDensity(g, 2.0, 8).logRho});
    cases.push_back({"all equal (ties by index)", std::vector<double>(size_t(n), -1.0)});
    for (const Case& c : cases) {
        CAPTURE(c.name);
        auto higher = [&](Index a, Index b) {
            return c.logRho[size_t(a)] > c.logRho[size_t(b)] || (c.logRho[size_t(a)] == c.logRho[size_t(b)] && a < b);
        };
        std::vector<double> delta(static_cast<size_t>(n));
        std::vector<int32_t> nh(static_cast<size_t>(n), -1);
        Index top = 0, beyond = 0;
        for (Index i = 0; i < n; ++i)
            if (higher(i, top)) top = i;
        for (Index i = 0; i < n; ++i) {
            double best = std::numeric_limits<double>::infinity();
            for (Index j = 0; j < n; ++j)
                if (higher(j, i) && dist(i, j) < best) {
                    best = dist(i, j);
                    nh[size_t(i)] = int32_t(j);
                }
            delta[size_t(i)] = best;
            if (i != top) {
                bool inTable = false;
                for (Index j = 1; j <= g.maxk; ++j) inTable = inTable || higher(g.index(i, j), i);
                beyond += !inTable;
            }
        }
        double mx = 0;
        for (Index j = 0; j < n; ++j) mx = std::max(mx, dist(top, j));
        delta[size_t(top)] = mx;

        const DecisionGraph dg = decisionGraph(g, c.logRho, v);
        REQUIRE(dg.delta.size() == size_t(n));
        Index bad = 0;
        for (Index i = 0; i < n; ++i) {
            if (!(std::abs(dg.delta[size_t(i)] - delta[size_t(i)]) <= 1e-12 * delta[size_t(i)])) ++bad;
            if (dg.nearestHigher[size_t(i)] != nh[size_t(i)]) ++bad;
        }
        CHECK(bad == 0);
        CHECK(dg.nearestHigher[size_t(top)] == -1);
        CHECK(dg.beyondMaxk == beyond);
        CHECK(beyond > 0);

        // without coordinates: the same where the table holds a higher point, NaN beyond it
        const DecisionGraph dn = decisionGraph(g, c.logRho);
        Index badN = 0;
        for (Index i = 0; i < n; ++i) {
            if (i == top) continue;
            bool inTable = false;
            for (Index j = 1; j <= g.maxk; ++j) inTable = inTable || higher(g.index(i, j), i);
            if (inTable) {
                if (!(std::abs(dn.delta[size_t(i)] - delta[size_t(i)]) <= 1e-12 * delta[size_t(i)]) ||
                    dn.nearestHigher[size_t(i)] != nh[size_t(i)])
                    ++badN;
            } else if (!std::isnan(dn.delta[size_t(i)]) || dn.nearestHigher[size_t(i)] != -1) {
                ++badN;
            }
        }
        CHECK(badN == 0);
        CHECK(std::isfinite(dn.delta[size_t(top)]));  // the largest distance the table knows
        CHECK(dn.delta[size_t(top)] == g.dist(top, g.maxk));
    }
}

TEST_CASE("topography: mergeZ is the Z at which a pair of peaks stops being significant (Eq. 6)") {
    // the hand-made peaks above: margins 0–1: 3 and 1; 1–2: 2.5 and 0.5; 0–2: 6 and 2
    const Density d = handDensity({10, 8, 6, 7, 5.5, 4}, std::vector<double>(6, 0.5));
    const std::vector<int32_t> lab = {0, 1, 2, 0, 1, 2};
    const Topography t = handTopography(d, lab, 3, {{0, 1, 7, 0.5, 3}, {0, 2, 4, 0.5, 5}, {1, 2, 5.5, 0.5, 4}});
    const Partition p = mergeAtZ(t, d, 0.3);
    REQUIRE(p.saddles.size() == 3);
    CHECK(mergeZ(p, p.saddles[0]) == doctest::Approx(1.0));  // (0, 1)
    CHECK(mergeZ(p, p.saddles[1]) == doctest::Approx(2.0));  // (0, 2)
    CHECK(mergeZ(p, p.saddles[2]) == doctest::Approx(0.5));  // (1, 2)
    // at Z = 0.75 two peaks remain; their saddle's mergeZ is where the count drops to 1
    const Partition q = mergeAtZ(t, d, 0.75);
    REQUIRE(q.saddles.size() == 1);
    const double z = mergeZ(q, q.saddles[0]);
    CHECK(clustersAtZ(t, z * (1 - 1e-9)) == 2);
    CHECK(clustersAtZ(t, z * (1 + 1e-9)) == 1);
    // no error at all: never merges by significance
    Partition r = p;
    r.centreError.assign(r.centreError.size(), 0.0);
    Saddle s = r.saddles[0];
    s.error = 0;
    CHECK(std::isinf(mergeZ(r, s)));
}

namespace {
// ADP step 5 (d'Errico et al. 2021 §2.3) the slow way, from the spec text: a dense P × P table of
// saddles; repeatedly merge the pair with the highest non-significant saddle (Eq. 6; ties: smallest
// (a, b)), the cluster with the larger margin survives and takes, for every other cluster, the higher
// of the two saddles. Returns the survivor of each putative peak and the live saddles (a < b, in
// final ids = rank among survivors).
struct NaiveMerge {
    std::vector<int32_t> survivor;
    std::vector<std::tuple<int32_t, int32_t, int32_t>> saddles;  // (a, b, saddle point)
};
NaiveMerge naiveMerge(const Topography& t, const Density& d, double Z) {
    const int32_t P = int32_t(t.centres.size());
    std::vector<int32_t> table(size_t(P) * size_t(P), -1);
    auto at = [&](int32_t a, int32_t b) -> int32_t& { return table[size_t(std::min(a, b)) * size_t(P) + size_t(std::max(a, b))]; };
    for (int32_t s = 0; s < int32_t(t.saddles.size()); ++s) at(t.saddles[size_t(s)].a, t.saddles[size_t(s)].b) = s;
    const auto rho = [&](int32_t c) { return d.logRho[size_t(t.centres[size_t(c)])]; };
    const auto err = [&](int32_t c) { return d.error[size_t(t.centres[size_t(c)])]; };
    std::vector<char> alive(size_t(P), 1);
    std::vector<int32_t> parent(static_cast<size_t>(P));
    std::iota(parent.begin(), parent.end(), 0);
    for (;;) {
        int32_t ba = -1, bb = -1;
        for (int32_t a = 0; a < P; ++a)
            for (int32_t b = a + 1; a < P && alive[size_t(a)] && b < P; ++b) {
                const int32_t s = at(a, b);
                if (!alive[size_t(b)] || s < 0) continue;
                const Saddle& sd = t.saddles[size_t(s)];
                const bool weak = rho(a) - sd.logRho < Z * (err(a) + sd.error) || rho(b) - sd.logRho < Z * (err(b) + sd.error);
                if (weak && (ba < 0 || sd.logRho > t.saddles[size_t(at(ba, bb))].logRho)) ba = a, bb = b;
            }
        if (ba < 0) break;
        const Saddle& sd = t.saddles[size_t(at(ba, bb))];
        const double ma = (rho(ba) - sd.logRho) / (err(ba) + sd.error), mb = (rho(bb) - sd.logRho) / (err(bb) + sd.error);
        const int32_t keep = mb > ma ? bb : ba, gone = keep == ba ? bb : ba;
        alive[size_t(gone)] = 0;
        parent[size_t(gone)] = keep;
        for (int32_t k = 0; k < P; ++k) {
            if (!alive[size_t(k)] || k == keep || at(gone, k) < 0) continue;
            if (at(keep, k) < 0 || t.saddles[size_t(at(gone, k))].logRho > t.saddles[size_t(at(keep, k))].logRho) at(keep, k) = at(gone, k);
        }
    }
    NaiveMerge out;
    std::vector<int32_t> finalId(size_t(P), -1);
    int32_t next = 0;
    for (int32_t c = 0; c < P; ++c)
        if (alive[size_t(c)]) finalId[size_t(c)] = next++;
    for (int32_t c = 0; c < P; ++c) {
        int32_t r = c;
        while (parent[size_t(r)] != r) r = parent[size_t(r)];
        out.survivor.push_back(finalId[size_t(r)]);
    }
    for (int32_t a = 0; a < P; ++a)
        for (int32_t b = a + 1; alive[size_t(a)] && b < P; ++b)
            if (alive[size_t(b)] && at(a, b) >= 0) out.saddles.emplace_back(finalId[size_t(a)], finalId[size_t(b)], t.saddles[size_t(at(a, b))].point);
    return out;
}
}  // namespace

TEST_CASE("topography: mergeAtZ equals a dense from-the-spec merge on noise with hundreds of peaks") {
    for (uint64_t seed : {3u, 11u}) {
        const Analysis a = uniformNoise(seed, 2500, false);
        const Topography& t = a.topography;
        REQUIRE(t.centres.size() > 150);
        for (double z : {0.0, 0.05, 0.3, 0.8, 1.65, 2.5, 5.0}) {
            CAPTURE(seed);
            CAPTURE(z);
            const Partition m = mergeAtZ(t, a.density, z);
            const NaiveMerge ref = naiveMerge(t, a.density, z);
            CHECK(m.putativeToFinal == ref.survivor);
            std::vector<std::tuple<int32_t, int32_t, int32_t>> got;
            for (const Saddle& s : m.saddles) got.emplace_back(s.a, s.b, s.point);
            CHECK(got == ref.saddles);
        }
    }
}

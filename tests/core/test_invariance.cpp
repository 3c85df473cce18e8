// Invariances of the whole pipeline (issue "Hardening"): the scale of the data (1e-300 … 1e300),
// the order of the points, a translation and exact duplication do not change the intrinsic
// dimension, the order of the densities or the partition; overflowing coordinate differences
// never reach the neighbour heaps (the audit's kd-tree crash).
#include <doctest/doctest.h>

#include "core/analysis.hpp"
#include "core/metrics.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace peakscope;
using namespace peakscope::testing;

namespace {

// Two touching Gaussian clouds and a third apart: PAk finds 2–3 peaks, so a wrong density at some
// scale shows up as a changed partition.
std::vector<double> cloudsForScaling(Index n, uint64_t seed) {
    Rng r(seed);
    std::vector<double> x(size_t(2 * n));
    const double cx[3] = {0, 3.2, 9}, cy[3] = {0, 0, 4};
    for (Index i = 0; i < n; ++i) {
        const int c = int(r.below(3));
        x[size_t(2 * i)] = cx[c] + r.normal();
        x[size_t(2 * i + 1)] = cy[c] + r.normal();
    }
    return x;
}

double ari(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
    return adjustedRandIndex(std::vector<int64_t>(a.begin(), a.end()), std::vector<int64_t>(b.begin(), b.end()));
}

AnalysisParams quick() {
    AnalysisParams p;
    p.neighbours.maxk = 40;
    p.mergeCurve = false;
    return p;
}

// Density order: Spearman-like check that the ranks of log ρ agree (ties aside).
bool sameOrder(const std::vector<double>& a, const std::vector<double>& b) {
    std::vector<int32_t> ia(a.size()), ib(b.size());
    std::iota(ia.begin(), ia.end(), 0);
    std::iota(ib.begin(), ib.end(), 0);
    std::stable_sort(ia.begin(), ia.end(), [&](int32_t p, int32_t q) { return a[size_t(p)] < a[size_t(q)]; });
    std::stable_sort(ib.begin(), ib.end(), [&](int32_t p, int32_t q) { return b[size_t(p)] < b[size_t(q)]; });
    // rounding may swap points whose log ρ agree to ~1e-12; nothing more
    for (size_t t = 0; t < ia.size(); ++t)
        if (ia[t] != ib[t] && std::abs(a[size_t(ia[t])] - a[size_t(ib[t])]) > 1e-9) return false;
    return true;
}

}  // namespace

TEST_CASE("invariance: the same partition for the same points × 1e-300 … × 1e300") {
    const Index n = 600;
    const auto x = cloudsForScaling(n, 21);
    for (DensityMethod m : {DensityMethod::PAk, DensityMethod::KstarNN, DensityMethod::Knn}) {
        AnalysisParams p = quick();
        p.density.method = m;
        const Analysis ref = analyze(PointsView(x.data(), n, 2), p);
        REQUIRE(ref.partition.nClusters() >= 2);
        for (double s : {1e-300, 1e-200, 1e-160, 1e-154, 1e-100, 1e-10, 3.0, 1e10, 1e100, 1e154, 1e160, 1e200, 1e300}) {
            const std::string method = densityMethodName(m);
            CAPTURE(method);
            CAPTURE(s);
            std::vector<double> y(x);
            for (double& v : y) v *= s;
            const Analysis a = analyze(PointsView(y.data(), n, 2), p);
            CHECK(a.duplicates.count == 0);
            CHECK(a.warnings.empty());
            CHECK(a.id.id == doctest::Approx(ref.id.id).epsilon(1e-9));
            CHECK(a.partition.labels == ref.partition.labels);
            CHECK(a.partition.haloLabels == ref.partition.haloLabels);
            // log ρ shifts by −d log s (d = the ID); its differences are unchanged
            const double shift = a.density.logRho[0] - ref.density.logRho[0];
            CHECK(shift == doctest::Approx(-ref.id.id * std::log(s)).epsilon(1e-6));
            // (k* is exact but a point at its threshold may flip under the rounding of × s: ≤ 1 %)
            Index bad = 0, flipped = 0;
            for (Index i = 0; i < n; ++i) {
                if (a.density.kstar[size_t(i)] != ref.density.kstar[size_t(i)]) { ++flipped; continue; }
                bad += std::abs(a.density.logRho[size_t(i)] - ref.density.logRho[size_t(i)] - shift) > 1e-6;
            }
            CHECK(bad == 0);
            CHECK(flipped <= n / 100);
        }
    }
}

TEST_CASE("invariance: both neighbour back-ends at any scale, and no overflow into the heaps") {
    // the audit's reproducer: a 1-D column 0, 1e160 … 5e160 (kd-tree read past its buffer)
    const std::vector<double> col = {0, 1e160, 2e160, 3e160, 4e160, 5e160};
    for (NeighbourMethod m : {NeighbourMethod::KdTree, NeighbourMethod::BruteForce}) {
        NeighbourParams np;
        np.maxk = 5;
        np.method = m;
        const KnnGraph g = neighbours(PointsView(col.data(), 6, 1), np);
        for (Index i = 0; i < 6; ++i) {
            CHECK(g.index(i, 0) == i);
            for (Index j = 1; j <= 5; ++j)
                CHECK(g.dist(i, j) == doctest::Approx(std::abs(col[size_t(g.index(i, j))] - col[size_t(i)])).epsilon(1e-14));
        }
    }
    // 200 points × 1e300 (squared distances ~1e600): same graph from both back-ends, finite
    auto x = randomPoints(200, 3, 31, true);
    for (double& v : x) v *= 1e300;
    NeighbourParams kd, bf;
    kd.maxk = bf.maxk = 30;
    kd.method = NeighbourMethod::KdTree;
    bf.method = NeighbourMethod::BruteForce;
    const KnnGraph a = neighbours(PointsView(x.data(), 200, 3), kd);
    const KnnGraph b = neighbours(PointsView(x.data(), 200, 3), bf);
    CHECK(a.indices == b.indices);
    CHECK(a.distances == b.distances);
    CHECK(std::all_of(a.distances.begin(), a.distances.end(), [](double v) { return std::isfinite(v); }));
    const Analysis r = analyze(PointsView(x.data(), 200, 3), {});
    CHECK(r.id.id > 1.5);
    CHECK(r.id.id < 5.0);
    // 300 distinct points × 1e-160 / 1e-300: no false duplicates (squares used to underflow)
    for (double s : {1e-160, 1e-300}) {
        auto y = randomPoints(300, 2, 32, false);
        for (double& v : y) v *= s;
        const Analysis t = analyze(PointsView(y.data(), 300, 2), {});
        CHECK(t.duplicates.count == 0);
    }
    // distances beyond the largest double are a clear error, not inf in the graph
    const std::vector<double> huge = {-1.5e308, 1.5e308, 0, 1e308, -1e308, 5e307};
    CHECK(errorOf([&] { neighbours(PointsView(huge.data(), 6, 1), {}); }).find("largest double") != std::string::npos);
}

TEST_CASE("invariance: permutation, translation and duplication") {
    const Index n = 700;
    const auto x = cloudsForScaling(n, 22);
    const AnalysisParams p = quick();
    const Analysis ref = analyze(PointsView(x.data(), n, 2), p);
    REQUIRE(ref.partition.nClusters() >= 2);
    const auto refLabels = ref.perRow(ref.partition.labels);

    SUBCASE("permutation") {
        std::vector<int32_t> perm(static_cast<size_t>(n));
        std::iota(perm.begin(), perm.end(), 0);
        Rng r(5);
        for (Index i = n - 1; i > 0; --i) std::swap(perm[size_t(i)], perm[size_t(r.below(i + 1))]);
        std::vector<double> y(x.size());
        for (Index i = 0; i < n; ++i)
            for (int c = 0; c < 2; ++c) y[size_t(2 * i + c)] = x[size_t(2 * perm[size_t(i)] + c)];
        const Analysis a = analyze(PointsView(y.data(), n, 2), p);
        CHECK(a.id.id == doctest::Approx(ref.id.id).epsilon(1e-12));
        std::vector<int32_t> back(static_cast<size_t>(n));
        std::vector<double> rhoBack(static_cast<size_t>(n));
        for (Index i = 0; i < n; ++i) {
            back[size_t(perm[size_t(i)])] = a.partition.labels[size_t(i)];
            rhoBack[size_t(perm[size_t(i)])] = a.density.logRho[size_t(i)];
        }
        CHECK(ari(back, ref.partition.labels) == doctest::Approx(1.0));
        CHECK(sameOrder(rhoBack, ref.density.logRho));
    }
    SUBCASE("translation") {
        for (double t : {-1e3, 0.5, 1e6}) {
            CAPTURE(t);
            std::vector<double> y(x);
            for (double& v : y) v += t;
            const Analysis a = analyze(PointsView(y.data(), n, 2), p);
            // translation rounds the coordinates (not exact like a power-of-two scale)
            CHECK(a.id.id == doctest::Approx(ref.id.id).epsilon(1e-6));
            CHECK(ari(a.partition.labels, ref.partition.labels) == doctest::Approx(1.0));
            // log ρ moves by the rounding only (a k* at its threshold may flip: allow 1 %)
            Index moved = 0;
            for (Index i = 0; i < n; ++i) moved += std::abs(a.density.logRho[size_t(i)] - ref.density.logRho[size_t(i)]) > 1e-6;
            CHECK(moved <= n / 100);
        }
    }
    SUBCASE("duplication") {
        std::vector<double> y(x);
        for (Index i = 0; i < n; i += 7) {  // every 7th point twice more
            y.push_back(x[size_t(2 * i)]);
            y.push_back(x[size_t(2 * i + 1)]);
            y.push_back(x[size_t(2 * i)]);
            y.push_back(x[size_t(2 * i + 1)]);
        }
        const Index m = Index(y.size() / 2);
        const Analysis a = analyze(PointsView(y.data(), m, 2), p);
        CHECK(a.duplicates.count == m - n);
        CHECK(a.id.id == doctest::Approx(ref.id.id).epsilon(1e-12));
        const auto labels = a.perRow(a.partition.labels);
        CHECK(std::vector<int32_t>(labels.begin(), labels.begin() + n) == refLabels);
        for (Index k = n; k < m; ++k) CHECK(labels[size_t(k)] == refLabels[size_t(7 * ((k - n) / 2))]);
    }
}

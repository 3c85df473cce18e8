// Unit tests of core/metrics: ARI, NMI, neighbourhood overlap, PCA and classical MDS.
// Expected values are worked out by hand in comments; random data uses a seeded mt19937_64 with our own
// uniform/normal transforms (test_support.hpp), so native and wasm see identical inputs.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/metrics.hpp"
#include "test_support.hpp"

using namespace peakscope;
using namespace peakscope::testing;

namespace {

double dist(const Matrix& m, Index i, Index j) {
    double s = 0;
    for (Index c = 0; c < m.cols; ++c) s += (m(i, c) - m(j, c)) * (m(i, c) - m(j, c));
    return std::sqrt(s);
}

bool allFinite(const Projection& p) {
    for (double v : p.coords.values)
        if (!std::isfinite(v)) return false;
    for (double v : p.explainedVariance)
        if (!std::isfinite(v)) return false;
    return true;
}

// Largest-|entry| of each row of `rowsMat` (or of each column when byColumn) is positive.
bool signConvention(const Matrix& m, bool byColumn) {
    const Index outer = byColumn ? m.cols : m.rows, inner = byColumn ? m.rows : m.cols;
    for (Index o = 0; o < outer; ++o) {
        Index best = 0;
        for (Index t = 1; t < inner; ++t) {
            const double v = byColumn ? m(t, o) : m(o, t), b = byColumn ? m(best, o) : m(o, best);
            if (std::abs(v) > std::abs(b)) best = t;
        }
        const double b = byColumn ? m(best, o) : m(o, best);
        if (b < 0) return false;
    }
    return true;
}

}  // namespace

// ---- ARI / NMI -------------------------------------------------------------------------------------
TEST_CASE("metrics: ARI and NMI of a hand-computed 2x2 contingency") {
    // a = 000111, b = 001111. Contingency (rows a, cols b): [[2,1],[0,3]].
    // ARI: index = C(2,2)+C(1,2)+C(3,2) = 1+0+3 = 4; sum_a = C(3,2)+C(3,2) = 6; sum_b = C(2,2)+C(4,2) = 7;
    //   C(6,2) = 15; E = 6*7/15 = 2.8; max = 6.5; ARI = (4-2.8)/(6.5-2.8) = 1.2/3.7 = 12/37.
    // NMI: H(a) = ln2; H(b) = ln3 - (2/3)ln2; I = (1/3)ln2 - (1/6)ln2 + (1/2)ln(3/2) = (1/2)ln3 - (1/3)ln2;
    //   NMI = I / ((H(a)+H(b))/2) = (ln3 - (2/3)ln2) / (ln3 + (1/3)ln2) ~= 0.478704.
    const std::vector<int64_t> a{0, 0, 0, 1, 1, 1}, b{0, 0, 1, 1, 1, 1};
    const double l2 = std::log(2.0), l3 = std::log(3.0);
    CHECK(adjustedRandIndex(a, b) == doctest::Approx(12.0 / 37.0).epsilon(1e-12));
    CHECK(normalizedMutualInfo(a, b) ==
          doctest::Approx((l3 - 2.0 / 3.0 * l2) / (l3 + 1.0 / 3.0 * l2)).epsilon(1e-12));
    // Both are symmetric in their arguments.
    CHECK(adjustedRandIndex(b, a) == doctest::Approx(12.0 / 37.0).epsilon(1e-12));
    CHECK(normalizedMutualInfo(b, a) == doctest::Approx(normalizedMutualInfo(a, b)).epsilon(1e-12));
}

TEST_CASE("metrics: ARI/NMI are 1 for identical partitions up to relabelling") {
    const std::vector<int64_t> a{0, 0, 1, 1, 2, 2, 2}, b{7, 7, -2, -2, 1000000000000LL, 1000000000000LL,
                                                          1000000000000LL};
    CHECK(adjustedRandIndex(a, b) == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(normalizedMutualInfo(a, b) == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(adjustedRandIndex(a, a) == doctest::Approx(1.0).epsilon(1e-12));
}

TEST_CASE("metrics: ARI/NMI degenerate labelings (single cluster, singletons, one point)") {
    const std::vector<int64_t> one(5, 3), other(5, -1), single{0, 1, 2, 3, 4}, split{0, 0, 1, 1, 1};
    CHECK(adjustedRandIndex(one, other) == 1.0);  // both unsplit: perfect match (0/0 case)
    CHECK(normalizedMutualInfo(one, other) == 1.0);
    CHECK(adjustedRandIndex(single, std::vector<int64_t>{9, 8, 7, 6, 5}) == 1.0);  // both all-singletons
    // One constant, one split {2,3}: index = C(2,2)+C(3,2) = 4, sum_a = C(5,2) = 10, sum_b = 4,
    // E = 10*4/10 = 4, max = 7 -> ARI = (4-4)/(7-4) = 0; NMI = 0 (I = 0).
    CHECK(adjustedRandIndex(one, split) == doctest::Approx(0.0));
    CHECK(normalizedMutualInfo(one, split) == 0.0);
    CHECK(adjustedRandIndex(std::vector<int64_t>{4}, std::vector<int64_t>{2}) == 1.0);
    CHECK(normalizedMutualInfo(std::vector<int64_t>{4}, std::vector<int64_t>{2}) == 1.0);
}

TEST_CASE("metrics: ARI/NMI ignoreNegative drops points unassigned in either labeling") {
    const std::vector<int64_t> a{0, 0, 1, 1, -1, -1}, b{5, 5, 7, 7, 5, -3};
    // Filtered to the first four points: identical partitions.
    CHECK(adjustedRandIndex(a, b, true) == doctest::Approx(1.0));
    CHECK(normalizedMutualInfo(a, b, true) == doctest::Approx(1.0));
    // Unfiltered: -1 is an ordinary label. Contingency rows a=0:{b5:2}, a=1:{b7:2}, a=-1:{b5:1,b-3:1}.
    // index = 1+1 = 2; sum_a = 1+1+1 = 3; sum_b = C(3,2)+C(2,2) = 4; E = 3*4/15 = 0.8; max = 3.5;
    // ARI = 1.2/2.7 = 4/9.
    CHECK(adjustedRandIndex(a, b) == doctest::Approx(4.0 / 9.0).epsilon(1e-12));
    CHECK(normalizedMutualInfo(a, b) < 0.99);
    // A point negative in only ONE labeling is also dropped: here that leaves {0,0,1} vs {0,0,1}.
    const std::vector<int64_t> c{0, 0, 1, 1}, d{0, 0, 1, -1};
    CHECK(adjustedRandIndex(c, d, true) == doctest::Approx(1.0));
    CHECK(adjustedRandIndex(c, d, false) < 0.99);
}

TEST_CASE("metrics: ARI/NMI of independent random labelings are ~0") {
    Rng rng(42);
    const size_t n = 20000;
    std::vector<int64_t> a(n), b(n);
    for (size_t i = 0; i < n; ++i) {
        a[i] = rng.below(5);
        b[i] = rng.below(5);
    }
    const double ari = adjustedRandIndex(a, b), nmi = normalizedMutualInfo(a, b);
    CHECK(std::abs(ari) < 0.005);
    CHECK(nmi >= 0.0);
    CHECK(nmi < 0.005);
    // Same labels with 10% of them reassigned stay strongly agreeing (guards against a constant answer).
    std::vector<int64_t> c = a;
    for (size_t i = 0; i < n; i += 10) c[i] = rng.below(5);
    CHECK(adjustedRandIndex(a, c) > 0.7);
    CHECK(normalizedMutualInfo(a, c) > 0.7);
}

TEST_CASE("metrics: ARI/NMI on 50k labels with 50k clusters stay O(n + clusters)") {
    // A dense clusters_a x clusters_b table here would be 50k x 25k cells (10 GB): must not be built.
    // a = i (singletons), b = i/2 (pairs). ARI: index = 0, sum_a = 0 -> E = 0, max = 25000/2 -> ARI = 0.
    // NMI: b is a function of a, so I = H(b) = ln 25000, H(a) = ln 50000 -> NMI = 2 ln25000/(ln50000+ln25000).
    const size_t n = 50000;
    std::vector<int64_t> a(n), b(n), perm(n);
    for (size_t i = 0; i < n; ++i) {
        a[i] = int64_t(i);
        b[i] = int64_t(i / 2);
        perm[i] = int64_t((i * 7919) % n) - 1000;  // a bijective relabelling of a (7919 prime, coprime to n)
    }
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(adjustedRandIndex(a, b) == doctest::Approx(0.0));
    CHECK(normalizedMutualInfo(a, b) ==
          doctest::Approx(2 * std::log(25000.0) / (std::log(50000.0) + std::log(25000.0))).epsilon(1e-12));
    CHECK(adjustedRandIndex(a, perm) == 1.0);
    CHECK(normalizedMutualInfo(a, perm) == doctest::Approx(1.0).epsilon(1e-12));
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(secs < 5.0);  // linear work takes milliseconds; a quadratic table would not finish/allocate
}

TEST_CASE("metrics: ARI/NMI errors") {
    const std::vector<int64_t> a{0, 1, 2}, b{0, 1}, empty;
    CHECK_THROWS_AS(adjustedRandIndex(a, b), Error);
    CHECK_THROWS_AS(normalizedMutualInfo(a, b), Error);
    CHECK_THROWS_AS(adjustedRandIndex(empty, empty), Error);
    CHECK_THROWS_AS(normalizedMutualInfo(empty, empty), Error);
    const std::vector<int64_t> neg{-1, -1, 0}, neg2{0, 1, -2};  // no point >= 0 in both
    CHECK_THROWS_AS(adjustedRandIndex(neg, std::vector<int64_t>{0, 0, -1}, true), Error);
    CHECK_NOTHROW(adjustedRandIndex(neg, neg2, false));
    CHECK_THROWS_WITH(adjustedRandIndex(a, b), doctest::Contains("differ in length"));
}

// ---- neighbourhood overlap -------------------------------------------------------------------------
namespace {
// 4 points; column 0 is the point itself.
const std::vector<int32_t> kTableA{0, 1, 2,  //
                                   1, 0, 3,  //
                                   2, 3, 0,  //
                                   3, 1, 2};
const std::vector<int32_t> kTableB{0, 2, 1, 3,  //
                                   1, 0, 2, 3,  //
                                   2, 0, 3, 1,  //
                                   3, 0, 2, 1};
}  // namespace

TEST_CASE("metrics: label overlap chi on a hand-made neighbour table") {
    const std::vector<int64_t> labels{0, 0, 1, 1};
    // k=1: first neighbours 1,0,3,1 -> same label? yes,yes,yes,no -> (1+1+1+0)/4 = 0.75.
    CHECK(labelOverlap(kTableA.data(), 4, 3, 1, labels) == doctest::Approx(0.75));
    // k=2: {1,2},{0,3},{3,0},{1,2} -> 1/2 each -> 0.5.
    CHECK(labelOverlap(kTableA.data(), 4, 3, 2, labels) == doctest::Approx(0.5));
    // Table B, k=3: every row holds all three others, one of which shares the label -> 1/3.
    CHECK(labelOverlap(kTableB.data(), 4, 4, 3, labels) == doctest::Approx(1.0 / 3.0));
    // Labels compared by value: all-noise labels agree everywhere.
    CHECK(labelOverlap(kTableA.data(), 4, 3, 2, std::vector<int64_t>(4, -1)) == doctest::Approx(1.0));
}

TEST_CASE("metrics: neighbourhood overlap between two neighbour tables") {
    // k=2: A {1,2},{0,3},{3,0},{1,2}; B {2,1},{0,2},{0,3},{0,2} -> 2/2, 1/2, 2/2, 1/2 -> mean 0.75.
    CHECK(neighbourhoodOverlap(kTableA.data(), 3, kTableB.data(), 4, 4, 2) == doctest::Approx(0.75));
    // k=1: 1|2, 0|0, 3|0, 1|0 -> 0,1,0,0 -> 0.25.
    CHECK(neighbourhoodOverlap(kTableA.data(), 3, kTableB.data(), 4, 4, 1) == doctest::Approx(0.25));
    CHECK(neighbourhoodOverlap(kTableB.data(), 4, kTableB.data(), 4, 4, 3) == doctest::Approx(1.0));
    // Symmetric in A and B.
    CHECK(neighbourhoodOverlap(kTableB.data(), 4, kTableA.data(), 3, 4, 2) == doctest::Approx(0.75));
    // Repeated entries count once: row 0 of B' is {1,1} vs A {1,2} -> 1/2; others as above.
    std::vector<int32_t> dup = kTableB;
    dup[1] = 1;
    dup[2] = 1;
    CHECK(neighbourhoodOverlap(kTableA.data(), 3, dup.data(), 4, 4, 2) ==
          doctest::Approx((0.5 + 0.5 + 1.0 + 0.5) / 4));
}

TEST_CASE("metrics: overlap errors") {
    const std::vector<int64_t> labels{0, 0, 1, 1};
    CHECK_THROWS_AS(labelOverlap(kTableA.data(), 4, 3, 0, labels), Error);   // k < 1
    CHECK_THROWS_AS(labelOverlap(kTableA.data(), 4, 3, 3, labels), Error);   // k >= width
    CHECK_THROWS_AS(labelOverlap(kTableA.data(), 4, 3, 2, std::vector<int64_t>{0, 1}), Error);
    CHECK_THROWS_AS(labelOverlap(kTableA.data(), 0, 3, 1, std::vector<int64_t>{}), Error);
    CHECK_THROWS_AS(labelOverlap(nullptr, 4, 3, 1, labels), Error);
    std::vector<int32_t> bad = kTableA;
    bad[4] = 9;  // row 1, column 1
    CHECK_THROWS_WITH(labelOverlap(bad.data(), 4, 3, 1, labels), doctest::Contains("outside"));
    bad[4] = -1;
    CHECK_THROWS_AS(labelOverlap(bad.data(), 4, 3, 1, labels), Error);
    CHECK_THROWS_AS(neighbourhoodOverlap(kTableA.data(), 3, kTableB.data(), 4, 4, 3), Error);  // k >= widthA
    CHECK_THROWS_AS(neighbourhoodOverlap(kTableA.data(), 3, kTableB.data(), 4, 4, 0), Error);
    CHECK_THROWS_AS(neighbourhoodOverlap(kTableA.data(), 3, bad.data(), 3, 4, 1), Error);
}

// ---- PCA ---------------------------------------------------------------------------------------------
TEST_CASE("metrics: PCA recovers a known rotation of an anisotropic Gaussian") {
    // Standard deviations (3, 1, 0.5) along the columns of R (rotation about z by 30deg, then x by 50deg).
    // True explained-variance ratios: 9/10.25, 1/10.25, 0.25/10.25.
    const double c1 = std::cos(0.5235987755982988), s1 = std::sin(0.5235987755982988);
    const double c2 = std::cos(0.8726646259971648), s2 = std::sin(0.8726646259971648);
    const double Rz[3][3] = {{c1, -s1, 0}, {s1, c1, 0}, {0, 0, 1}};
    const double Rx[3][3] = {{1, 0, 0}, {0, c2, -s2}, {0, s2, c2}};
    double R[3][3] = {};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
            for (int t = 0; t < 3; ++t) R[i][j] += Rx[i][t] * Rz[t][j];
    const double sd[3] = {3.0, 1.0, 0.5}, shift[3] = {10.0, -4.0, 2.5};
    Rng rng(7);
    const Index n = 20000;
    std::vector<double> x(size_t(n * 3));
    for (Index i = 0; i < n; ++i) {
        const double z[3] = {sd[0] * rng.normal(), sd[1] * rng.normal(), sd[2] * rng.normal()};
        for (int r = 0; r < 3; ++r)
            x[size_t(i * 3 + r)] = shift[r] + R[r][0] * z[0] + R[r][1] * z[1] + R[r][2] * z[2];
    }
    const Projection p = pca(PointsView(x.data(), n, 3), 3);
    REQUIRE(p.coords.rows == n);
    REQUIRE(p.coords.cols == 3);
    REQUIRE(p.explainedVariance.size() == 3);
    CHECK(p.explainedVariance[0] == doctest::Approx(9.0 / 10.25).epsilon(0.015));
    CHECK(p.explainedVariance[1] == doctest::Approx(1.0 / 10.25).epsilon(0.03));
    CHECK(p.explainedVariance[2] == doctest::Approx(0.25 / 10.25).epsilon(0.03));
    CHECK(p.explainedVariance[0] + p.explainedVariance[1] + p.explainedVariance[2] ==
          doctest::Approx(1.0).epsilon(1e-12));
    // Loadings match R's columns up to sign; sign convention holds.
    for (int c = 0; c < 3; ++c) {
        double dot = 0;
        for (int r = 0; r < 3; ++r) dot += p.components(c, r) * R[r][c];
        CHECK(std::abs(dot) > 0.999);
    }
    CHECK(signConvention(p.components, false));
    // coords = (x - mean) . v, centred.
    double mean[3] = {0, 0, 0}, cmean = 0;
    for (Index i = 0; i < n; ++i)
        for (int r = 0; r < 3; ++r) mean[r] += x[size_t(i * 3 + r)] / double(n);
    for (Index i = 0; i < n; ++i) cmean += p.coords(i, 0) / double(n);
    CHECK(std::abs(cmean) < 1e-9);
    for (Index i : {Index(0), Index(123), n - 1})
        for (int c = 0; c < 3; ++c) {
            double proj = 0;
            for (int r = 0; r < 3; ++r) proj += (x[size_t(i * 3 + r)] - mean[r]) * p.components(c, r);
            CHECK(p.coords(i, c) == doctest::Approx(proj).epsilon(1e-9));
        }
    // float32 input through the same view type gives the same answer to float precision.
    std::vector<float> xf(x.begin(), x.end());
    const Projection pf = pca(PointsView(xf.data(), n, 3));
    REQUIRE(pf.coords.cols == 2);
    CHECK(pf.explainedVariance[0] == doctest::Approx(p.explainedVariance[0]).epsilon(1e-5));
    CHECK(pf.coords(5, 0) == doctest::Approx(p.coords(5, 0)).epsilon(1e-4));
}

TEST_CASE("metrics: PCA exact cases (line, identical points)") {
    // Points on the line y = 2x: x = 0..4 -> one component with ratio 1, loading (1,2)/sqrt5,
    // coords (x - 2) * sqrt5.
    std::vector<double> line;
    for (int t = 0; t < 5; ++t) {
        line.push_back(t);
        line.push_back(2.0 * t);
    }
    const Projection p = pca(PointsView(line.data(), 5, 2));
    CHECK(p.explainedVariance[0] == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(std::abs(p.explainedVariance[1]) < 1e-12);
    CHECK(p.components(0, 0) == doctest::Approx(1.0 / std::sqrt(5.0)));
    CHECK(p.components(0, 1) == doctest::Approx(2.0 / std::sqrt(5.0)));
    for (int t = 0; t < 5; ++t) {
        CHECK(p.coords(t, 0) == doctest::Approx((t - 2) * std::sqrt(5.0)).epsilon(1e-12));
        CHECK(std::abs(p.coords(t, 1)) < 1e-12);
    }
    // All points identical (0.1 is not exact in binary: the mean must not leave residue): zeros, no NaN.
    std::vector<double> same(30, 0.1);
    const Projection z = pca(PointsView(same.data(), 10, 3), 3);
    CHECK(allFinite(z));
    for (double v : z.coords.values) CHECK(v == 0.0);
    for (double v : z.explainedVariance) CHECK(v == 0.0);
    // A single point is fine too.
    const Projection one = pca(PointsView(line.data(), 1, 2), 1);
    CHECK(one.coords(0, 0) == 0.0);
    CHECK(one.explainedVariance[0] == 0.0);
}

TEST_CASE("metrics: PCA with d > 500 and n < d (Gram path) keeps distances and orthonormal loadings") {
    const Index n = 6, d = 600;
    Rng rng(3);
    std::vector<double> x(size_t(n * d));
    for (double& v : x) v = rng.normal();
    const Projection p = pca(PointsView(x.data(), n, d), 8);  // rank 5 after centring
    REQUIRE(allFinite(p));
    double sum = 0;
    for (int c = 0; c < 8; ++c) sum += p.explainedVariance[size_t(c)];
    CHECK(sum == doctest::Approx(1.0).epsilon(1e-12));
    for (int c = 0; c + 1 < 5; ++c) CHECK(p.explainedVariance[size_t(c)] >= p.explainedVariance[size_t(c) + 1]);
    for (int c = 5; c < 8; ++c) {
        CHECK(p.explainedVariance[size_t(c)] == 0.0);
        for (Index i = 0; i < n; ++i) CHECK(p.coords(i, c) == 0.0);
    }
    // Centred data has rank 5, so the 5 (nonzero) components preserve all pairwise distances.
    for (Index i = 0; i < n; ++i)
        for (Index j = i + 1; j < n; ++j) {
            double s = 0;
            for (Index t = 0; t < d; ++t) s += std::pow(x[size_t(i * d + t)] - x[size_t(j * d + t)], 2);
            CHECK(dist(p.coords, i, j) == doctest::Approx(std::sqrt(s)).epsilon(1e-9));
        }
    for (int a = 0; a < 8; ++a)
        for (int b = 0; b < 8; ++b) {
            double dot = 0;
            for (Index t = 0; t < d; ++t) dot += p.components(a, t) * p.components(b, t);
            CHECK(dot == doctest::Approx(a == b ? 1.0 : 0.0).epsilon(1e-9).scale(1.0));
        }
    CHECK(signConvention(p.components, false));
}

TEST_CASE("metrics: PCA errors") {
    std::vector<double> x{1, 2, 3, 4, 5, 6};
    CHECK_THROWS_AS(pca(PointsView(), 2), Error);
    CHECK_THROWS_AS(pca(PointsView(x.data(), 3, 2), 3), Error);  // dims > d
    CHECK_THROWS_AS(pca(PointsView(x.data(), 3, 2), 0), Error);
    x[3] = std::nan("");
    CHECK_THROWS_WITH(pca(PointsView(x.data(), 3, 2), 1), doctest::Contains("non-finite"));
    x[3] = INFINITY;
    CHECK_THROWS_AS(pca(PointsView(x.data(), 3, 2), 1), Error);
}

// ---- classical MDS -----------------------------------------------------------------------------------
namespace {
std::vector<double> distanceMatrix(const std::vector<double>& pts, Index m, Index d) {
    std::vector<double> D(size_t(m * m), 0.0);
    for (Index i = 0; i < m; ++i)
        for (Index j = 0; j < m; ++j) {
            double s = 0;
            for (Index t = 0; t < d; ++t) s += std::pow(pts[size_t(i * d + t)] - pts[size_t(j * d + t)], 2);
            D[size_t(i * m + j)] = std::sqrt(s);
        }
    return D;
}
}  // namespace

TEST_CASE("metrics: MDS recovers a planar configuration's distances") {
    const Index m = 25;
    Rng rng(11);
    std::vector<double> pts(size_t(m * 2));
    for (double& v : pts) v = 10.0 * rng.uniform() - 3.0;
    const std::vector<double> D = distanceMatrix(pts, m, 2);
    const Projection p = classicalMds(D, m, 2);
    REQUIRE(p.coords.rows == m);
    REQUIRE(p.coords.cols == 2);
    for (Index i = 0; i < m; ++i)
        for (Index j = 0; j < m; ++j) CHECK(std::abs(dist(p.coords, i, j) - D[size_t(i * m + j)]) < 1e-9);
    CHECK(p.explainedVariance[0] + p.explainedVariance[1] == doctest::Approx(1.0).epsilon(1e-9));
    CHECK(p.explainedVariance[0] >= p.explainedVariance[1]);
    CHECK(signConvention(p.coords, true));
    CHECK(p.components.values.empty());
    // A third requested dimension carries (numerically) nothing.
    const Projection p3 = classicalMds(D, m, 3);
    CHECK(p3.explainedVariance[2] < 1e-12);
    for (Index i = 0; i < m; ++i) CHECK(std::abs(p3.coords(i, 2)) < 1e-6);
}

TEST_CASE("metrics: MDS of Euclidean distances equals PCA up to column signs") {
    const Index m = 40, d = 3;
    Rng rng(5);
    std::vector<double> pts(size_t(m * d));
    for (Index i = 0; i < m; ++i) {
        pts[size_t(i * d)] = 4 * rng.normal();
        pts[size_t(i * d + 1)] = 2 * rng.normal();
        pts[size_t(i * d + 2)] = 0.5 * rng.normal();
    }
    const Projection mds = classicalMds(distanceMatrix(pts, m, d), m, 3);
    const Projection pc = pca(PointsView(pts.data(), m, d), 3);
    for (int c = 0; c < 3; ++c) {
        CHECK(mds.explainedVariance[size_t(c)] == doctest::Approx(pc.explainedVariance[size_t(c)]).epsilon(1e-9));
        for (Index i = 0; i < m; ++i)
            CHECK(std::abs(mds.coords(i, c)) == doctest::Approx(std::abs(pc.coords(i, c))).epsilon(1e-7));
    }
}

TEST_CASE("metrics: MDS of non-Euclidean distances clips negative eigenvalues") {
    // d01 = d12 = 1, d02 = 3 violates the triangle inequality: B has a negative eigenvalue.
    const std::vector<double> D{0, 1, 3,  //
                                1, 0, 1,  //
                                3, 1, 0};
    const Projection p = classicalMds(D, 3, 3);
    CHECK(allFinite(p));
    for (double r : p.explainedVariance) {
        CHECK(r >= 0.0);
        CHECK(r <= 1.0);
    }
    CHECK(p.explainedVariance[2] == 0.0);
    for (Index i = 0; i < 3; ++i) CHECK(p.coords(i, 2) == 0.0);
    // Identical points: all-zero matrix -> zeros, no NaN.
    const Projection z = classicalMds(std::vector<double>(16, 0.0), 4, 2);
    CHECK(allFinite(z));
    for (double v : z.coords.values) CHECK(v == 0.0);
    for (double v : z.explainedVariance) CHECK(v == 0.0);
}

TEST_CASE("metrics: MDS errors") {
    const std::vector<double> D{0, 1, 1, 0};
    CHECK_THROWS_AS(classicalMds(D, 3, 2), Error);  // size mismatch
    CHECK_THROWS_AS(classicalMds(D, 2, 3), Error);  // dims > m
    CHECK_THROWS_AS(classicalMds(D, 2, 0), Error);
    CHECK_THROWS_AS(classicalMds(std::vector<double>{}, 0, 1), Error);
    CHECK_THROWS_WITH(classicalMds(std::vector<double>{0, 1, 2, 0}, 2, 1), doctest::Contains("symmetric"));
    CHECK_THROWS_AS(classicalMds(std::vector<double>{1, 1, 1, 0}, 2, 1), Error);    // diagonal
    CHECK_THROWS_AS(classicalMds(std::vector<double>{0, -1, -1, 0}, 2, 1), Error);  // negative
    CHECK_THROWS_AS(classicalMds(std::vector<double>{0, NAN, NAN, 0}, 2, 1), Error);
    CHECK_NOTHROW(classicalMds(D, 2, 2));
}

TEST_CASE("metrics: labelAgreement reports no labelled point as unavailable instead of throwing") {
    const std::vector<int64_t> none(6, -1), result{0, 0, 1, 1, 2, 2};
    const LabelAgreement u = labelAgreement(none, result);
    CHECK(u.compared == 0);
    CHECK(std::isnan(u.ari));
    CHECK(std::isnan(u.nmi));
    CHECK(u.unavailable == "no point has a ground-truth label >= 0; -1 marks an unlabelled point");
    const LabelAgreement h = labelAgreement({0, 1, -1, 2, 0, 1}, {-1, -1, 0, -1, -1, -1});  // all halo
    CHECK(h.compared == 0);
    CHECK(h.unavailable == "no point labelled >= 0 in the ground truth has a label >= 0 in the result");
    const LabelAgreement a = labelAgreement({0, 0, 1, 1, -1, 2}, {5, 5, 7, 7, 1, 9});
    CHECK(a.compared == 5);
    CHECK(a.unavailable.empty());
    CHECK(a.ari == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(a.nmi == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(!errorOf([] { labelAgreement({0, 1}, {0}); }).empty());
}

// Unit tests of core/neighbours: the exact kNN graph (kd-tree and brute force), precomputed tables,
// truncation and exact-duplicate detection.
// Specification: ALGORITHMS.md §1 and core/neighbours.hpp — Euclidean distances (not squared), column 0 =
// the point itself at distance 0, columns 1..maxk sorted by (distance, index), default maxk =
// min(100, N−1), Error for N < 2, maxk >= N and non-finite input (row/column named, 1-based).
// The reference in this file is an independent O(N²) full sort. Random data comes from a seeded
// mt19937_64 with our own uniform/normal transforms (test_support.hpp), so native and wasm see
// identical inputs.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "core/neighbours.hpp"
#ifdef _OPENMP
#include <omp.h>
#endif
#include "test_support.hpp"

using namespace peakscope;
using namespace peakscope::testing;

namespace {

// Independent reference: all N−1 distances of every row, sorted by (distance, index), self first.
struct RefGraph {
    Index n = 0, maxk = 0;
    std::vector<double> dist;
    std::vector<int32_t> idx;
    double d(Index i, Index j) const { return dist[size_t(i * (maxk + 1) + j)]; }
    int32_t k(Index i, Index j) const { return idx[size_t(i * (maxk + 1) + j)]; }
};

RefGraph bruteForceReference(const std::vector<double>& x, Index n, Index dim, Index maxk) {
    RefGraph r;
    r.n = n;
    r.maxk = maxk;
    r.dist.resize(size_t(n * (maxk + 1)));
    r.idx.resize(size_t(n * (maxk + 1)));
    std::vector<std::pair<double, int32_t>> row;
    for (Index i = 0; i < n; ++i) {
        row.clear();
        for (Index j = 0; j < n; ++j) {
            if (j == i) continue;
            double s = 0;
            for (Index c = 0; c < dim; ++c) {
                const double t = x[size_t(i * dim + c)] - x[size_t(j * dim + c)];
                s += t * t;
            }
            row.emplace_back(std::sqrt(s), int32_t(j));
        }
        std::partial_sort(row.begin(), row.begin() + maxk, row.end());
        r.dist[size_t(i * (maxk + 1))] = 0.0;
        r.idx[size_t(i * (maxk + 1))] = int32_t(i);
        for (Index j = 0; j < maxk; ++j) {
            r.dist[size_t(i * (maxk + 1) + j + 1)] = row[size_t(j)].first;
            r.idx[size_t(i * (maxk + 1) + j + 1)] = row[size_t(j)].second;
        }
    }
    return r;
}

// Number of entries where two graphs differ (indices exactly, distances bit-for-bit).
Index countDifferences(const KnnGraph& a, const KnnGraph& b) {
    if (a.n != b.n || a.maxk != b.maxk) return std::numeric_limits<Index>::max();
    Index diff = 0;
    for (size_t e = 0; e < a.indices.size(); ++e)
        if (a.indices[e] != b.indices[e] || a.distances[e] != b.distances[e]) ++diff;
    return diff;
}

// Entries where the graph differs from the reference: indices exactly, distances to 1e-14 relative
// (the reference sums the squares in coordinate order; no other summation order is specified).
Index countDifferences(const KnnGraph& a, const RefGraph& r) {
    if (a.n != r.n || a.maxk != r.maxk) return std::numeric_limits<Index>::max();
    Index diff = 0;
    for (Index i = 0; i < a.n; ++i)
        for (Index j = 0; j <= a.maxk; ++j)
            if (a.index(i, j) != r.k(i, j) || std::abs(a.dist(i, j) - r.d(i, j)) > 1e-14 * r.d(i, j)) ++diff;
    return diff;
}

bool rowsSortedWithSelfFirst(const KnnGraph& g) {
    for (Index i = 0; i < g.n; ++i) {
        if (g.index(i, 0) != i || g.dist(i, 0) != 0.0) return false;
        for (Index j = 2; j <= g.maxk; ++j) {
            const double a = g.dist(i, j - 1), b = g.dist(i, j);
            if (b < a || (b == a && g.index(i, j) < g.index(i, j - 1))) return false;
        }
        for (Index j = 1; j <= g.maxk; ++j)
            if (g.index(i, j) == i || g.index(i, j) < 0 || g.index(i, j) >= g.n) return false;
    }
    return true;
}

// The message names row `row` and column `col` (1-based), e.g. "row 7, column 2".
bool namesRowAndColumn(const std::string& msg, Index row, Index col) {
    const std::regex r("row\\D{0,4}" + std::to_string(row) + "(\\D|$)"),
        c("column\\D{0,4}" + std::to_string(col) + "(\\D|$)");
    return std::regex_search(msg, r) && std::regex_search(msg, c);
}

NeighbourParams withMethod(Index maxk, NeighbourMethod m) {
    NeighbourParams p;
    p.maxk = maxk;
    p.method = m;
    return p;
}

}  // namespace

TEST_CASE("neighbours: kd-tree equals brute force and an independent O(N^2) sort") {
    struct Case { Index d, n; bool gaussian; };
    const Case cases[] = {{1, 300, false}, {2, 300, true}, {3, 300, false}, {8, 300, true}, {20, 200, false},
                          {40, 200, true}};
    for (const Case& c : cases) {
        const auto x = randomPoints(c.n, c.d, 1000 + uint64_t(c.d), c.gaussian);
        const PointsView v(x.data(), c.n, c.d);
        const RefGraph full = bruteForceReference(x, c.n, c.d, c.n - 1);
        for (Index maxk : {Index(1), Index(7), Index(50), c.n - 1}) {
            CAPTURE(c.d);
            CAPTURE(maxk);
            const KnnGraph kd = neighbours(v, withMethod(maxk, NeighbourMethod::KdTree));
            const KnnGraph bf = neighbours(v, withMethod(maxk, NeighbourMethod::BruteForce));
            const KnnGraph au = neighbours(v, withMethod(maxk, NeighbourMethod::Auto));
            REQUIRE(kd.n == c.n);
            REQUIRE(kd.maxk == maxk);
            REQUIRE(kd.distances.size() == size_t(c.n * (maxk + 1)));
            REQUIRE(kd.indices.size() == size_t(c.n * (maxk + 1)));
            CHECK(countDifferences(kd, bf) == 0);
            CHECK(countDifferences(au, bf) == 0);
            CHECK(rowsSortedWithSelfFirst(kd));
            CHECK(kd.fromPoints);
            // the reference, cut to maxk columns
            RefGraph ref;
            ref.n = c.n;
            ref.maxk = maxk;
            for (Index i = 0; i < c.n; ++i)
                for (Index j = 0; j <= maxk; ++j) {
                    ref.dist.push_back(full.d(i, j));
                    ref.idx.push_back(full.k(i, j));
                }
            CHECK(countDifferences(kd, ref) == 0);
            CHECK(countDifferences(bf, ref) == 0);
        }
    }
}

TEST_CASE("neighbours: deeper trees (N = 3000, D = 2 and 3) equal the O(N^2) reference") {
    for (Index d : {Index(2), Index(3)}) {
        const Index n = 3000, maxk = 20;
        const auto x = randomPoints(n, d, 77 + uint64_t(d), d == 2);
        const PointsView v(x.data(), n, d);
        const KnnGraph kd = neighbours(v, withMethod(maxk, NeighbourMethod::KdTree));
        const KnnGraph bf = neighbours(v, withMethod(maxk, NeighbourMethod::BruteForce));
        CAPTURE(d);
        CHECK(countDifferences(kd, bf) == 0);
        CHECK(countDifferences(kd, bruteForceReference(x, n, d, maxk)) == 0);
    }
}

TEST_CASE("neighbours: exact distance ties are ordered by index in both back-ends") {
    // Integer grids in shuffled row order: every distance is the square root of an integer, so many
    // neighbours are at exactly the same distance and the maxk boundary cuts through tie groups.
    for (Index d : {Index(2), Index(3)}) {
        const Index side = d == 2 ? 20 : 8, n = d == 2 ? 400 : 512;
        std::vector<int32_t> perm(static_cast<size_t>(n));
        std::iota(perm.begin(), perm.end(), 0);
        Rng r(5 + uint64_t(d));
        for (Index i = n - 1; i > 0; --i) std::swap(perm[size_t(i)], perm[size_t(r.below(i + 1))]);
        std::vector<double> x(size_t(n * d));
        for (Index i = 0; i < n; ++i) {
            Index cell = perm[size_t(i)];
            for (Index c = 0; c < d; ++c) {
                x[size_t(i * d + c)] = double(cell % side);
                cell /= side;
            }
        }
        const PointsView v(x.data(), n, d);
        const RefGraph full = bruteForceReference(x, n, d, 40);
        for (Index maxk : {Index(2), Index(4), Index(6), Index(10), Index(15), Index(23), Index(40)}) {
            CAPTURE(d);
            CAPTURE(maxk);
            const KnnGraph kd = neighbours(v, withMethod(maxk, NeighbourMethod::KdTree));
            const KnnGraph bf = neighbours(v, withMethod(maxk, NeighbourMethod::BruteForce));
            RefGraph ref;
            ref.n = n;
            ref.maxk = maxk;
            for (Index i = 0; i < n; ++i)
                for (Index j = 0; j <= maxk; ++j) {
                    ref.dist.push_back(full.d(i, j));
                    ref.idx.push_back(full.k(i, j));
                }
            CHECK(countDifferences(kd, ref) == 0);
            CHECK(countDifferences(bf, ref) == 0);
            CHECK(countDifferences(kd, bf) == 0);
        }
    }
}

TEST_CASE("neighbours: brute force stays exact when float32 selection is not enough") {
    // The brute-force back-end ranks candidates by float32 |q|² + |r|² − 2 q·r of the centred data and
    // certifies each query with a rounding bound ≈ (D + 8)·2⁻²⁴·(|q| + max|r|)²; a query that fails it
    // is searched again with the limit "K-th exact distance + 2 bounds" and no cap, then ranked in
    // double. Clusters of radius ~1e-4 about 1e3 from the centre and from each other:
    // d² ~ 1e-8 inside a cluster, far below the float resolution of |q|² ~ 1e6 (bound ~ 6), so the
    // float selection inside a cluster is noise and every query must be re-searched. With a
    // background (σ = 100 about the origin, its neighbours among itself, d² ~ 4e5) in the same blocks,
    // its queries are certified and the clusters' are not. An offset of 1e6 on every coordinate
    // (noise 1e-3) checks that centring keeps the float form usable and the result exact. Clusters on
    // a grid of step 2⁻¹⁵ about 1024 · e_c (D = 10, exact arithmetic) put exact ties at the maxk
    // boundary of rows that are re-searched: ties by point index there too. (With
    // PEAKSCOPE_DEBUG=1 the back-end reports 1500, 1000, 0 and 1500 rows re-searched for the four sets.)
    struct Case {
        std::string name;
        Index n, d, maxk;
        Index clustered;  // rows 0 .. clustered − 1 are in the tight clusters
        std::vector<double> x;
    };
    std::vector<Case> cases;
    auto clusters = [](Index n, Index d, Index nClustered, uint64_t seed) {
        Rng r(seed);
        std::vector<double> x(size_t(n * d));
        for (Index i = 0; i < n; ++i)
            for (Index c = 0; c < d; ++c) {
                if (i < nClustered)  // cluster i % 10 sits at 1000 · e_(i % 10)
                    x[size_t(i * d + c)] = (c == i % 10 ? 1000.0 : 0.0) + 2.5e-5 * r.normal();
                else  // background: a wide Gaussian about the origin
                    x[size_t(i * d + c)] = 100.0 * r.normal();
            }
        return x;
    };
    cases.push_back({"10 tight clusters, D = 20", 1500, 20, 30, 1500, clusters(1500, 20, 1500, 61)});
    cases.push_back({"10 tight clusters + background, D = 20", 1500, 20, 30, 1000, clusters(1500, 20, 1000, 62)});
    {
        Rng r(63);
        std::vector<double> x(size_t(1500 * 30));
        for (double& v : x) v = 1e6 + 1e-3 * r.normal();
        cases.push_back({"offset 1e6, noise 1e-3, D = 30", 1500, 30, 30, 0, x});
    }
    {
        Rng r(64);
        std::vector<double> x(size_t(1500 * 10));
        for (Index i = 0; i < 1500; ++i)
            for (Index c = 0; c < 10; ++c)
                x[size_t(i * 10 + c)] = (c == i % 10 ? 1024.0 : 0.0) + std::ldexp(double(r.below(3)) - 1.0, -15);
        cases.push_back({"10 tight clusters on a grid (exact ties), D = 10", 1500, 10, 30, 1500, x});
    }
    for (const Case& c : cases) {
        CAPTURE(c.name);
        const PointsView v(c.x.data(), c.n, c.d);
        NeighbourStats stats;
        NeighbourParams bfp = withMethod(c.maxk, NeighbourMethod::BruteForce);
        bfp.stats = &stats;
        const KnnGraph bf = neighbours(v, bfp);
        const KnnGraph kd = neighbours(v, withMethod(c.maxk, NeighbourMethod::KdTree));
        const RefGraph ref = bruteForceReference(c.x, c.n, c.d, c.maxk);
        // the clustered rows cannot be told apart in float32 (spread ≤ 3·10⁻⁸ of the offset): every
        // one of them is re-searched, which is what this case is for (ties by index there)
        CHECK(stats.researched >= c.clustered);
        CHECK(rowsSortedWithSelfFirst(bf));
        CHECK(countDifferences(bf, kd) == 0);   // indices and distances bit for bit
        CHECK(countDifferences(bf, ref) == 0);  // indices exactly, distances to 1e-14 relative
        CHECK(countDifferences(kd, ref) == 0);
        // the data are what the comment says: a clustered row's neighbours are all in its own
        // cluster (100+ points each, maxk = 30), at distances of order 1e-4
        Index foreign = 0;
        double widest = 0;
        for (Index i = 0; i < c.clustered; ++i) {
            for (Index j = 1; j <= c.maxk; ++j) foreign += (ref.k(i, j) % 10 != i % 10 || ref.k(i, j) >= c.clustered);
            widest = std::max(widest, ref.d(i, c.maxk));
        }
        CHECK(foreign == 0);
        CHECK(widest < 1e-3);
    }
}

// Exact duplicates put ties at the K-th distance: with 50 copies of each of 40 points and maxk = 30,
// a row's 31st and its last candidate (the margin: 42) are copies of itself at distance 0, so the
// certificate fails for every row and each is re-searched with the widened limit. Before, such rows scanned all N points in double (a 40,000-point quantised set took
// 2.98 s instead of 0.57 s); the rows must still equal the kd-tree's and a plain reference.
TEST_CASE("neighbours: brute force re-searches rows tied by duplicates and stays exact") {
    for (Index d : {Index(2), Index(6), Index(17)}) {
        CAPTURE(d);
        Rng r(70 + uint64_t(d));
        const Index distinct = 40, copies = 50, n = distinct * copies;
        std::vector<double> base(size_t(distinct * d));
        for (double& v : base) v = r.normal();
        std::vector<double> x;
        for (Index i = 0; i < n; ++i)  // copies interleaved, so a group's rows are not adjacent
            for (Index c = 0; c < d; ++c) x.push_back(base[size_t((i % distinct) * d + c)]);
        const PointsView v(x.data(), n, d);
        NeighbourStats stats;
        NeighbourParams bfp = withMethod(30, NeighbourMethod::BruteForce);
        bfp.stats = &stats;
        const KnnGraph bf = neighbours(v, bfp);
        CHECK(stats.researched == n);  // the widened search ran for every row
        CHECK(rowsSortedWithSelfFirst(bf));
        CHECK(countDifferences(bf, neighbours(v, withMethod(30, NeighbourMethod::KdTree))) == 0);
        CHECK(countDifferences(bf, bruteForceReference(x, n, d, 30)) == 0);
    }
}

// The kd-tree selects by squared sums, the rows rank by rounded roots with ties by index. On a
// lattice of step 1e-6 (and an outlier at 1), sums such as 6.0000000000000011e-12 and
// 6.0000000000000019e-12 both round to the distance 2.4494897427831784e-06, so the maxk-th place
// can be taken by either: the rank by index must win (found by a review's stress test, where the
// kd-tree disagreed with a plain reference in ~20 % of such sets).
TEST_CASE("neighbours: the kd-tree ranks sums whose roots round alike by index") {
    for (Index d : {Index(2), Index(3), Index(10)})
        for (Index maxk : {Index(2), Index(30), Index(119)}) {
            CAPTURE(d);
            CAPTURE(maxk);
            Rng r(80 + uint64_t(d));
            const Index n = 900;
            std::vector<double> x(size_t(n * d));
            for (double& v : x) v = 1e-6 * double(r.below(4));
            for (Index c = 0; c < d; ++c) x[size_t(c)] = 1.0;
            const PointsView v(x.data(), n, d);
            const KnnGraph kd = neighbours(v, withMethod(maxk, NeighbourMethod::KdTree));
            CHECK(rowsSortedWithSelfFirst(kd));
            CHECK(countDifferences(kd, bruteForceReference(x, n, d, maxk)) == 0);
        }
}

TEST_CASE("neighbours: default maxk, self column, sorted rows, strided and float views") {
    CHECK(resolveMaxk(-1, 2) == 1);
    CHECK(resolveMaxk(-1, 50) == 49);
    CHECK(resolveMaxk(-1, 101) == 100);
    CHECK(resolveMaxk(-1, 5000) == 100);
    CHECK(resolveMaxk(7, 8) == 7);
    CHECK_THROWS_AS(resolveMaxk(8, 8), Error);

    for (Index n : {Index(2), Index(50), Index(101), Index(300)}) {
        const auto x = randomPoints(n, 3, 900 + uint64_t(n), true);
        const KnnGraph g = neighbours(PointsView(x.data(), n, 3));
        CAPTURE(n);
        CHECK(g.maxk == std::min<Index>(100, n - 1));
        CHECK(g.width() == g.maxk + 1);
        CHECK(rowsSortedWithSelfFirst(g));
        for (Index i = 0; i < n; ++i) CHECK(g.distRow(i)[0] == 0.0);
    }

    // A strided view (extra junk column) and a float32 view give the graph of the plain data.
    const Index n = 200, d = 3;
    const auto x = randomPoints(n, d, 31, false);
    std::vector<double> strided(size_t(n * (d + 2)), std::numeric_limits<double>::quiet_NaN());
    std::vector<float> xf(size_t(n * d));
    std::vector<double> xfd(size_t(n * d));
    for (Index i = 0; i < n; ++i)
        for (Index c = 0; c < d; ++c) {
            strided[size_t(i * (d + 2) + c)] = x[size_t(i * d + c)];
            xf[size_t(i * d + c)] = float(x[size_t(i * d + c)]);
            xfd[size_t(i * d + c)] = double(xf[size_t(i * d + c)]);
        }
    for (NeighbourMethod m : {NeighbourMethod::KdTree, NeighbourMethod::BruteForce}) {
        const KnnGraph plain = neighbours(PointsView(x.data(), n, d), withMethod(10, m));
        CHECK(countDifferences(neighbours(PointsView(strided.data(), n, d, d + 2), withMethod(10, m)), plain) == 0);
        CHECK(countDifferences(neighbours(PointsView(xf.data(), n, d), withMethod(10, m)),
                               neighbours(PointsView(xfd.data(), n, d), withMethod(10, m))) == 0);
    }
}

TEST_CASE("neighbours: bad input throws Error") {
    const auto x = randomPoints(20, 3, 3, true);
    const PointsView v(x.data(), 20, 3);
    for (NeighbourMethod m : {NeighbourMethod::KdTree, NeighbourMethod::BruteForce}) {
        CHECK_THROWS_AS(neighbours(v, withMethod(20, m)), Error);   // maxk = N
        CHECK_THROWS_AS(neighbours(v, withMethod(25, m)), Error);   // maxk > N
        CHECK_NOTHROW(neighbours(v, withMethod(19, m)));             // maxk = N − 1
        CHECK_THROWS_AS(neighbours(PointsView(x.data(), 1, 3), withMethod(-1, m)), Error);  // N = 1
        CHECK_THROWS_AS(neighbours(PointsView(x.data(), 0, 3), withMethod(-1, m)), Error);  // N = 0
    }
    CHECK_THROWS_AS(neighbours(PointsView()), Error);

    // Non-finite values: the message names the row and the column, 1-based.
    struct Bad { Index row, col; double value; };
    const Bad bad[] = {{6, 1, std::numeric_limits<double>::quiet_NaN()},
                       {0, 2, std::numeric_limits<double>::infinity()},
                       {19, 0, -std::numeric_limits<double>::infinity()},
                       {13, 2, std::numeric_limits<double>::quiet_NaN()}};
    for (const Bad& b : bad) {
        auto y = x;
        y[size_t(b.row * 3 + b.col)] = b.value;
        for (NeighbourMethod m : {NeighbourMethod::KdTree, NeighbourMethod::BruteForce}) {
            const std::string msg = errorOf([&] { neighbours(PointsView(y.data(), 20, 3), withMethod(5, m)); });
            CAPTURE(msg);
            CHECK(namesRowAndColumn(msg, b.row + 1, b.col + 1));
        }
    }
    // float32 input as well
    std::vector<float> f(x.begin(), x.end());
    f[size_t(4 * 3 + 2)] = std::numeric_limits<float>::quiet_NaN();
    const std::string msg = errorOf([&] { neighbours(PointsView(f.data(), 20, 3)); });
    CAPTURE(msg);
    CHECK(namesRowAndColumn(msg, 5, 3));
}

TEST_CASE("neighbours: graphFromTable reproduces neighbours() with and without the self column") {
    const Index n = 300, d = 4, maxk = 12;
    const auto x = randomPoints(n, d, 8, true);
    const KnnGraph g = neighbours(PointsView(x.data(), n, d), withMethod(maxk, NeighbourMethod::Auto));

    // with the self column, given and auto-detected
    for (int hasSelf : {1, -1}) {
        const KnnGraph t = graphFromTable(g.distances.data(), g.indices.data(), n, maxk + 1, hasSelf);
        CAPTURE(hasSelf);
        CHECK(countDifferences(t, g) == 0);
        CHECK_FALSE(t.fromPoints);
    }
    // without the self column, given and auto-detected; columns shuffled within each row
    std::vector<double> dist(size_t(n * maxk));
    std::vector<int32_t> idx(size_t(n * maxk));
    Rng r(9);
    for (Index i = 0; i < n; ++i) {
        std::vector<int32_t> order(static_cast<size_t>(maxk));
        std::iota(order.begin(), order.end(), 1);
        for (Index j = maxk - 1; j > 0; --j) std::swap(order[size_t(j)], order[size_t(r.below(j + 1))]);
        for (Index j = 0; j < maxk; ++j) {
            dist[size_t(i * maxk + j)] = g.dist(i, order[size_t(j)]);
            idx[size_t(i * maxk + j)] = g.index(i, order[size_t(j)]);
        }
    }
    for (int hasSelf : {0, -1}) {
        const KnnGraph t = graphFromTable(dist.data(), idx.data(), n, maxk, hasSelf);
        CAPTURE(hasSelf);
        CHECK(t.maxk == maxk);
        CHECK(countDifferences(t, g) == 0);
    }

    // rejections: index out of range (−1 and n), negative / NaN distance, self listed as a neighbour
    auto rejects = [&](Index row, Index col, double dv, int32_t iv) {
        auto dd = dist;
        auto ii = idx;
        dd[size_t(row * maxk + col)] = dv;
        ii[size_t(row * maxk + col)] = iv;
        bool threw = false;
        try {
            graphFromTable(dd.data(), ii.data(), n, maxk, 0);
        } catch (const Error& e) {
            threw = true;
            // the message names the entry (1-based row and column)
            const std::string where = "row " + std::to_string(row + 1) + ", column " + std::to_string(col + 1);
            CHECK_MESSAGE(std::string(e.what()).find(where) != std::string::npos, e.what());
        }
        return threw;
    };
    CHECK(rejects(5, 3, dist[size_t(5 * maxk + 3)], -1));
    CHECK(rejects(5, 3, dist[size_t(5 * maxk + 3)], int32_t(n)));
    CHECK(rejects(n - 1, maxk - 1, dist[size_t((n - 1) * maxk + maxk - 1)], int32_t(n + 1000)));
    CHECK(rejects(7, 0, -1.0, idx[size_t(7 * maxk)]));
    CHECK(rejects(7, 0, std::numeric_limits<double>::quiet_NaN(), idx[size_t(7 * maxk)]));
    CHECK(rejects(7, 0, std::numeric_limits<double>::infinity(), idx[size_t(7 * maxk)]));
    CHECK(rejects(11, 2, dist[size_t(11 * maxk + 2)], 11));  // the row itself as a neighbour
    CHECK_FALSE(rejects(5, 3, dist[size_t(5 * maxk + 3)], idx[size_t(5 * maxk + 3)]));  // control
    // as many neighbours as points
    CHECK_THROWS_AS(graphFromTable(dist.data(), idx.data(), 5, 5, 0), Error);
    // rows in any order: each row is sorted by (distance, index)
    auto dd = dist;
    auto ii = idx;
    for (Index row : {Index(0), Index(9), n - 1}) {
        std::reverse(dd.begin() + row * maxk, dd.begin() + (row + 1) * maxk);
        std::reverse(ii.begin() + row * maxk, ii.begin() + (row + 1) * maxk);
    }
    CHECK(countDifferences(graphFromTable(dd.data(), ii.data(), n, maxk, 0), g) == 0);
}

TEST_CASE("neighbours: truncate equals a narrower search") {
    const Index n = 400, d = 3;
    const auto x = randomPoints(n, d, 12, false);
    const PointsView v(x.data(), n, d);
    const KnnGraph wide = neighbours(v, withMethod(60, NeighbourMethod::Auto));
    for (Index k : {Index(1), Index(5), Index(59), Index(60)}) {
        CAPTURE(k);
        CHECK(countDifferences(truncate(wide, k), neighbours(v, withMethod(k, NeighbourMethod::Auto))) == 0);
    }
}

TEST_CASE("neighbours: findDuplicates groups exact copies (20% duplicates)") {
    // 400 distinct points and 100 copies of randomly chosen ones (some copied several times), rows
    // shuffled so that a copy can come before its original.
    const Index nu = 400, nd = 100, n = nu + nd, d = 3;
    Rng r(21);
    std::vector<double> base(size_t(nu * d));
    for (double& v : base) v = r.normal();
    std::vector<int32_t> source(static_cast<size_t>(n));
    for (Index i = 0; i < nu; ++i) source[size_t(i)] = int32_t(i);
    for (Index i = nu; i < n; ++i) source[size_t(i)] = int32_t(r.below(60));  // copies of the first 60
    for (Index i = n - 1; i > 0; --i) std::swap(source[size_t(i)], source[size_t(r.below(i + 1))]);
    std::vector<double> x(size_t(n * d));
    for (Index i = 0; i < n; ++i)
        for (Index c = 0; c < d; ++c) x[size_t(i * d + c)] = base[size_t(source[size_t(i)] * d + c)];

    // expected groups by comparing coordinates: representative = lowest row with the same coordinates
    std::vector<int32_t> rep(static_cast<size_t>(n));
    for (Index i = 0; i < n; ++i) {
        rep[size_t(i)] = int32_t(i);
        for (Index j = 0; j < i; ++j) {
            bool same = true;
            for (Index c = 0; c < d; ++c) same = same && x[size_t(i * d + c)] == x[size_t(j * d + c)];
            if (same) {
                rep[size_t(i)] = int32_t(j);
                break;
            }
        }
    }
    std::vector<int32_t> unique;
    for (Index i = 0; i < n; ++i)
        if (rep[size_t(i)] == i) unique.push_back(int32_t(i));
    REQUIRE(Index(unique.size()) == nu);

    for (NeighbourMethod m : {NeighbourMethod::KdTree, NeighbourMethod::BruteForce}) {
        const KnnGraph g = neighbours(PointsView(x.data(), n, d), withMethod(10, m));
        // column 0 is the point itself even when copies sit at distance 0
        CHECK(rowsSortedWithSelfFirst(g));
        const Duplicates dup = findDuplicates(g);
        CHECK(dup.count == nd);
        CHECK(dup.representative == rep);
        CHECK(dup.unique == unique);
    }
    // one group larger than the neighbour list (150 copies, maxk = 10) is still one group
    std::vector<double> z = randomPoints(300, 2, 44, true);
    for (Index i = 100; i < 250; ++i)
        for (Index c = 0; c < 2; ++c) z[size_t(i * 2 + c)] = z[size_t(100 * 2 + c)];
    for (NeighbourMethod m : {NeighbourMethod::KdTree, NeighbourMethod::BruteForce}) {
        const Duplicates big = findDuplicates(neighbours(PointsView(z.data(), 300, 2), withMethod(10, m)));
        CHECK(big.count == 149);
        Index wrong = 0;
        for (Index i = 0; i < 300; ++i)
            wrong += big.representative[size_t(i)] != ((i >= 100 && i < 250) ? 100 : i);
        CHECK(wrong == 0);
    }
    // no duplicates: count 0, identity
    const auto y = randomPoints(300, 2, 4, true);
    const Duplicates none = findDuplicates(neighbours(PointsView(y.data(), 300, 2), withMethod(5, NeighbourMethod::Auto)));
    CHECK(none.count == 0);
    CHECK(none.unique.size() == 300);
    for (Index i = 0; i < 300; ++i) CHECK(none.representative[size_t(i)] == i);
}

TEST_CASE("neighbours: brute force with block pruning on clustered data equals the O(N^2) reference") {
    // many 256-point blocks, well separated components (most blocks pruned), N not a multiple of
    // 16, rows in component order and interleaved; D = 6 and 12 around the Auto crossover
    for (Index d : {Index(6), Index(12)})
        for (bool interleaved : {false, true}) {
            const Index n = 3001, comps = 8;
            Rng r(77 + uint64_t(d));
            std::vector<double> centres(size_t(comps * d));
            for (double& c : centres) c = 40.0 * r.uniform();
            std::vector<double> x(size_t(n * d));
            for (Index i = 0; i < n; ++i) {
                const Index c = interleaved ? i % comps : i * comps / n;
                for (Index k = 0; k < d; ++k) x[size_t(i * d + k)] = centres[size_t(c * d + k)] + r.normal();
            }
            CAPTURE(d);
            CAPTURE(interleaved);
            const PointsView v(x.data(), n, d);
            const RefGraph ref = bruteForceReference(x, n, d, 100);
            const KnnGraph bf = neighbours(v, withMethod(100, NeighbourMethod::BruteForce));
            const KnnGraph kd = neighbours(v, withMethod(100, NeighbourMethod::KdTree));
            CHECK(countDifferences(bf, ref) == 0);
            CHECK(countDifferences(kd, bf) == 0);
            const KnnGraph bf5 = neighbours(v, withMethod(5, NeighbourMethod::BruteForce));
            CHECK(countDifferences(bf5, truncate(bf, 5)) == 0);
        }
}

TEST_CASE("neighbours: the approximate HNSW back-end reports an honest recall") {
    const Index n = 4000, d = 16;
    const auto x = randomPoints(n, d, 91, true);
    const PointsView v(x.data(), n, d);
    if (!hnswAvailable()) {
        CHECK(errorOf([&] { neighbours(v, withMethod(20, NeighbourMethod::Hnsw)); }).find("libhnswlib-dev") !=
              std::string::npos);
        return;
    }
    const KnnGraph exact = neighbours(v, withMethod(30, NeighbourMethod::BruteForce));
    CHECK_FALSE(exact.approximate);
    NeighbourParams p = withMethod(30, NeighbourMethod::Hnsw);
    p.hnsw.recallSample = n;  // every point: the recall must equal the true one exactly
    const KnnGraph a = neighbours(v, p);
    CHECK(a.approximate);
    CHECK(a.recallSample == n);
    CHECK(rowsSortedWithSelfFirst(a));
    Index hit = 0;
    for (Index i = 0; i < n; ++i)
        for (Index j = 1; j <= 30; ++j) hit += a.dist(i, j) <= exact.dist(i, 30);
    CHECK(a.recall == doctest::Approx(double(hit) / double(n * 30)).epsilon(1e-12));
    CHECK(a.recall > 0.95);
    // listed distances are exact for the listed points
    for (Index i = 0; i < n; i += 97)
        for (Index j = 1; j <= 30; ++j) {
            double s = 0;
            for (Index k = 0; k < d; ++k) {
                const double t = x[size_t(i * d + k)] - x[size_t(a.index(i, j) * d + k)];
                s += t * t;
            }
            CHECK(a.dist(i, j) == doctest::Approx(std::sqrt(s)).epsilon(1e-12));
        }
    // a poor search (ef tiny, M tiny) is reported as such, not hidden
    NeighbourParams poor = p;
    poor.hnsw.M = 2;
    poor.hnsw.efConstruction = 4;
    poor.hnsw.ef = 1;  // raised to the candidate margin internally
    const KnnGraph b = neighbours(v, poor);
    Index hitB = 0;
    for (Index i = 0; i < n; ++i)
        for (Index j = 1; j <= 30; ++j) hitB += b.dist(i, j) <= exact.dist(i, 30);
    CHECK(b.recall == doctest::Approx(double(hitB) / double(n * 30)).epsilon(1e-12));
}

TEST_CASE("neighbours: brute force equals the O(N^2) reference with duplicates and ties, any thread count") {
    // Coordinates on a coarse grid (many equal distances, the maxk boundary cuts tie groups) plus
    // exact copies of earlier rows; the candidate reservoir's compaction then meets whole buckets
    // of equal values. D around and above the Auto crossover; 1, 2 and 3 threads give one graph.
    for (Index d : {Index(3), Index(7), Index(10), Index(24)}) {
        const Index n = 1500;
        Rng r(900 + uint64_t(d));
        std::vector<double> x(size_t(n * d));
        for (Index i = 0; i < n; ++i) {
            if (i > 10 && r.below(10) == 0) {  // ~10 % exact duplicates of an earlier row
                const Index src = Index(r.below(int64_t(i)));
                for (Index k = 0; k < d; ++k) x[size_t(i * d + k)] = x[size_t(src * d + k)];
                continue;
            }
            for (Index k = 0; k < d; ++k) x[size_t(i * d + k)] = double(r.below(5)) - 2.0;  // grid −2 … 2
        }
        const PointsView v(x.data(), n, d);
        const RefGraph ref = bruteForceReference(x, n, d, 60);
        KnnGraph first;
        for (int threads : {1, 2, 3}) {
            CAPTURE(d);
            CAPTURE(threads);
#ifdef _OPENMP
            const int before = omp_get_max_threads();
            omp_set_num_threads(threads);
#endif
            const KnnGraph bf = neighbours(v, withMethod(60, NeighbourMethod::BruteForce));
            const KnnGraph au = neighbours(v, withMethod(60, NeighbourMethod::Auto));
#ifdef _OPENMP
            omp_set_num_threads(before);
#endif
            CHECK(countDifferences(bf, ref) == 0);
            CHECK(countDifferences(au, bf) == 0);
            if (threads == 1) first = bf;
            else CHECK(countDifferences(bf, first) == 0);
        }
    }
}
